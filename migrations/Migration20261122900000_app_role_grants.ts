import { Migration } from '@mikro-orm/migrations';

/** What hub_app may do: read, insert and update (never delete: deletes are soft); run the row-scope function. */
export class Migration20261122900000_app_role_grants extends Migration {
  override async up(): Promise<void> {
    this.addSql('grant usage on schema public to hub_app;');
    this.addSql('grant select, insert, update on all tables in schema public to hub_app;');
    this.addSql('grant usage, select on all sequences in schema public to hub_app;');
    // Tables added by later migrations (run by the same owner) get the same grants.
    this.addSql('alter default privileges in schema public grant select, insert, update on tables to hub_app;');
    this.addSql('revoke all on function hub_child_visible(uuid, uuid, text) from public;');
    this.addSql('grant execute on function hub_child_visible(uuid, uuid, text) to hub_app;');
  }
}
