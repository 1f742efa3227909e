import { Migration } from '@mikro-orm/migrations';

/**
 * findChildren (people module) must find a child's records across agencies: the point of matching is
 * to discover that another partner already holds a record of this child. Row-level security hides the
 * identifier and address rows of children the caller has no involvement with, so these two functions
 * (security definer, like hub_child_visible) answer only "which live child records hold this exact
 * identifier / this exact postcode" and return child ids. The child rows themselves are already visible
 * to every practitioner (identity search, DESIGN §6); no identifier or address value is revealed.
 */
export class Migration20261122000100_people_search extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create or replace function hub_children_by_identifier(p_types text[], p_value text)
      returns table (child_id uuid, identifier_type text) language sql stable security definer set search_path = public as $$
        select i.child_id, i.type::text from child_identifier i join child c on c.id = i.child_id
         where i.type::text = any(p_types) and i.value = p_value and i.deleted_at is null and c.deleted_at is null
           and (i.valid_to is null or i.valid_to >= current_date)
         limit 50
      $$;`);
    this.addSql(`create or replace function hub_children_by_postcode(p_postcode text)
      returns setof uuid language sql stable security definer set search_path = public as $$
        select distinct a.child_id from child_address a join child c on c.id = a.child_id
         where a.postcode = p_postcode and a.deleted_at is null and c.deleted_at is null
         limit 200
      $$;`);
    this.addSql('revoke all on function hub_children_by_identifier(text[], text) from public;');
    this.addSql('revoke all on function hub_children_by_postcode(text) from public;');
    this.addSql(`do $$ begin
      if exists (select 1 from pg_roles where rolname = 'hub_app') then
        grant execute on function hub_children_by_identifier(text[], text) to hub_app;
        grant execute on function hub_children_by_postcode(text) to hub_app;
      end if;
    end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql('drop function if exists hub_children_by_identifier(text[], text);');
    this.addSql('drop function if exists hub_children_by_postcode(text);');
  }
}
