import { Migration } from '@mikro-orm/migrations';

/** Generated from the entity metadata by src/cli/generate-initial-migration.ts; do not edit by hand. */
export class Migration20261122000000_schema extends Migration {
  override async up(): Promise<void> {
    this.addSql("create type \"agency_kind\" as enum ('LOCAL_AUTHORITY', 'HEALTH', 'POLICE', 'EDUCATION', 'PARTNERSHIP');");
    this.addSql("create table \"agency\" (\"id\" uuid not null, \"code\" text not null, \"name\" text not null, \"kind\" \"agency_kind\" not null, \"external_code\" text null, \"duty_contact_phone\" text null, \"duty_contact_email\" text null, primary key (\"id\"));");
    this.addSql("alter table \"agency\" add constraint \"agency_code_unique\" unique (\"code\");");
    this.addSql("create table \"team\" (\"id\" uuid not null, \"agency_id\" uuid not null, \"code\" text not null, \"name\" text not null, primary key (\"id\"));");
    this.addSql("create index \"team_agency_id_index\" on \"team\" (\"agency_id\");");
    this.addSql("alter table \"team\" add constraint \"team_agency_id_code_unique\" unique (\"agency_id\", \"code\");");
    this.addSql("create table \"practitioner\" (\"id\" uuid not null, \"agency_id\" uuid not null, \"team_id\" uuid null, \"subject\" text not null, \"name\" text not null, \"job_title\" text not null, \"email\" text null, primary key (\"id\"));");
    this.addSql("create index \"practitioner_agency_id_index\" on \"practitioner\" (\"agency_id\");");
    this.addSql("create index \"practitioner_team_id_index\" on \"practitioner\" (\"team_id\");");
    this.addSql("alter table \"practitioner\" add constraint \"practitioner_subject_unique\" unique (\"subject\");");
    this.addSql("alter table \"team\" add constraint \"team_agency_id_foreign\" foreign key (\"agency_id\") references \"agency\" (\"id\");");
    this.addSql("alter table \"practitioner\" add constraint \"practitioner_agency_id_foreign\" foreign key (\"agency_id\") references \"agency\" (\"id\");");
    this.addSql("alter table \"practitioner\" add constraint \"practitioner_team_id_foreign\" foreign key (\"team_id\") references \"team\" (\"id\") on delete set null;");
  }
}
