import { Migration } from '@mikro-orm/migrations';
import { rowScopePolicyStatements } from '../src/access/row-scope';

/**
 * Tasks raised and closed by events (issue 13, src/modules/workflow): the table as MikroORM generates it
 * from src/modules/workflow/task.entity.ts, with its row-scope policies as derived for every child record
 * (src/access/row-scope.ts; the raising agency is a co-writer). One task per raising record and kind
 * (`task_raised_by_kind_unique`); the worklist reads an agency's tasks by due time (`task_worklist_index`).
 */
export class Migration20261211000000_tasks extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "task_kind" as enum ('IHA_REQUEST', 'ICPC', 'FIRST_CORE_GROUP', 'FIRST_REVIEW_CONFERENCE', 'RHI_OFFER');`);
    this.addSql(`create type "task_status" as enum ('OPEN', 'DONE', 'CANCELLED');`);
    this.addSql(`create table "task" ("id" uuid not null, "owning_agency_id" uuid not null, "created_at" timestamptz not null default now(), "created_by" text not null, "updated_at" timestamptz not null default now(), "updated_by" text not null, "version" int not null default 1, "source_system" text null, "source_record_id" text null, "lawful_basis" text not null, "deleted_at" timestamptz null, "child_id" uuid not null, "kind" "task_kind" not null, "status" "task_status" not null default 'OPEN', "raised_by_agency_id" uuid not null, "raised_by_record_type" text not null, "raised_by_record_id" uuid not null, "clock_started_at" timestamptz not null, "due_by" date null, "due_at" timestamptz not null, "closed_at" timestamptz null, "closed_by" text null, "fulfilled_by_record_type" text null, "fulfilled_by_record_id" uuid null, "closing_note" text null, primary key ("id"));`);
    this.addSql(`create index "task_owning_agency_id_index" on "task" ("owning_agency_id");`);
    this.addSql(`create index "task_child_id_index" on "task" ("child_id");`);
    this.addSql(`create index "task_raised_by_agency_id_index" on "task" ("raised_by_agency_id");`);
    this.addSql(`create unique index "task_raised_by_kind_unique" on "task" ("raised_by_record_id", "kind") where "deleted_at" is null;`);
    this.addSql(`create index "task_worklist_index" on "task" ("owning_agency_id", "due_at", "id");`);
    this.addSql(`alter table "task" add constraint "task_owning_agency_id_source_system_source_record_id_unique" unique ("owning_agency_id", "source_system", "source_record_id");`);
    this.addSql(`alter table "task" add constraint "task_owning_agency_id_foreign" foreign key ("owning_agency_id") references "agency" ("id") on delete restrict;`);
    this.addSql(`alter table "task" add constraint "task_child_id_foreign" foreign key ("child_id") references "child" ("id") on delete restrict;`);
    this.addSql(`alter table "task" add constraint "task_raised_by_agency_id_foreign" foreign key ("raised_by_agency_id") references "agency" ("id") on delete restrict;`);
    // Only a closed task says when it closed (declared on the entity).
    this.addSql(`alter table "task" add constraint "task_closed_when_closed" check ((status = 'OPEN') = (closed_at is null));`);
    this.addSql(`alter table "task" enable row level security;`);
    for (const statement of rowScopePolicyStatements(this.driver.getMetadata())) this.addSql(statement);
  }

  override async down(): Promise<void> {
    this.addSql('drop table "task";');
    this.addSql('drop type "task_status";');
    this.addSql('drop type "task_kind";');
  }
}
