import { Migration } from '@mikro-orm/migrations';

/** Generated from the entity metadata by src/cli/generate-initial-migration.ts; do not edit by hand. */
export class Migration20261122000000_schema extends Migration {
  override async up(): Promise<void> {
    this.addSql("create type \"agency_kind\" as enum ('LOCAL_AUTHORITY', 'HEALTH', 'POLICE', 'EDUCATION', 'PARTNERSHIP');");
    this.addSql("create table \"agency\" (\"id\" uuid not null, \"code\" text not null, \"name\" text not null, \"kind\" \"agency_kind\" not null, \"external_code\" text null, \"duty_contact_phone\" text null, \"duty_contact_email\" text null, primary key (\"id\"));");
    this.addSql("alter table \"agency\" add constraint \"agency_code_unique\" unique (\"code\");");
    this.addSql("create table \"child\" (\"id\" uuid not null, \"owning_agency_id\" uuid not null, \"created_at\" timestamptz not null default now(), \"created_by\" text not null, \"updated_at\" timestamptz not null default now(), \"updated_by\" text not null, \"version\" int not null default 1, \"source_system\" text null, \"source_record_id\" text null, \"deleted_at\" timestamptz null, \"given_name\" text null, \"family_name\" text not null, \"date_of_birth\" date null, \"expected_date_of_birth\" date null, primary key (\"id\"));");
    this.addSql("create index \"child_owning_agency_id_index\" on \"child\" (\"owning_agency_id\");");
    this.addSql("create index \"child_family_name_index\" on \"child\" (\"family_name\");");
    this.addSql("create index \"child_date_of_birth_index\" on \"child\" (\"date_of_birth\");");
    this.addSql("alter table \"child\" add constraint \"child_owning_agency_id_source_system_source_record_id_unique\" unique (\"owning_agency_id\", \"source_system\", \"source_record_id\");");
    this.addSql("create table \"team\" (\"id\" uuid not null, \"agency_id\" uuid not null, \"code\" text not null, \"name\" text not null, primary key (\"id\"));");
    this.addSql("create index \"team_agency_id_index\" on \"team\" (\"agency_id\");");
    this.addSql("alter table \"team\" add constraint \"team_agency_id_code_unique\" unique (\"agency_id\", \"code\");");
    this.addSql("create table \"practitioner\" (\"id\" uuid not null, \"agency_id\" uuid not null, \"team_id\" uuid null, \"subject\" text not null, \"name\" text not null, \"job_title\" text not null, \"email\" text null, primary key (\"id\"));");
    this.addSql("create index \"practitioner_agency_id_index\" on \"practitioner\" (\"agency_id\");");
    this.addSql("create index \"practitioner_team_id_index\" on \"practitioner\" (\"team_id\");");
    this.addSql("alter table \"practitioner\" add constraint \"practitioner_subject_unique\" unique (\"subject\");");
    this.addSql("alter table \"child\" add constraint \"child_owning_agency_id_foreign\" foreign key (\"owning_agency_id\") references \"agency\" (\"id\") on delete restrict;");
    this.addSql("alter table \"team\" add constraint \"team_agency_id_foreign\" foreign key (\"agency_id\") references \"agency\" (\"id\");");
    this.addSql("alter table \"practitioner\" add constraint \"practitioner_agency_id_foreign\" foreign key (\"agency_id\") references \"agency\" (\"id\");");
    this.addSql("alter table \"practitioner\" add constraint \"practitioner_team_id_foreign\" foreign key (\"team_id\") references \"team\" (\"id\") on delete set null;");
  }
}
