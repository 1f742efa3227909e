import { Migration } from '@mikro-orm/migrations';
import { rowScopePolicyStatements } from '../src/access/row-scope';
import { AGENCY, analyticsViewStatements, CHILD_KEY, RECORD_KEY, UPDATED, type View } from './Migration20261206000000_analytics_views';

/** The analytical view of looked-after years (flags only; no dates of birth of anyone). */
export const LOOKED_AFTER_YEARS_ANALYTICS_VIEW: View = {
  name: 'looked_after_years',
  from: 'looked_after_year',
  meaning: 'Looked-after children’s collection years as the SSDA903 return asks them: motherhood and the OC2 outcomes.',
  child: 't.child_id',
  columns: [
    RECORD_KEY('looked-after year'),
    CHILD_KEY,
    AGENCY,
    ['collection_year', 't.collection_year', 'Collection year, named by the year it ends (2026 is 2025/26).'],
    ['mother', 't.mother', 'The young woman is a mother.'],
    ['convicted', 't.convicted', 'Convicted, or given a final warning or reprimand, during the year.'],
    ['substance_misuse', 't.substance_misuse', 'A substance misuse problem was identified during the year.'],
    ['intervention_received', 't.intervention_received', 'Received an intervention for it.'],
    ['intervention_offered', 't.intervention_offered', 'Offered an intervention and refused it.'],
    UPDATED,
  ],
};

/**
 * A looked-after child's collection year (issue 12: the SSDA903 items no other record held: header
 * `MOTHER`/`MC_DOB`, OC2 `CONVICTED`, `SUBSTANCE_MISUSE`, `INTERVENTION_RECEIVED`, `INTERVENTION_OFFERED`):
 * the table as MikroORM generates it from src/modules/care/looked-after-year.entity.ts, its row-scope
 * policies as derived for every child record (src/access/row-scope.ts), and its analytical view.
 */
export class Migration20261210000000_looked_after_year extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "looked_after_year" ("id" uuid not null, "owning_agency_id" uuid not null, "created_at" timestamptz not null default now(), "created_by" text not null, "updated_at" timestamptz not null default now(), "updated_by" text not null, "version" int not null default 1, "source_system" text null, "source_record_id" text null, "lawful_basis" text not null, "deleted_at" timestamptz null, "child_id" uuid not null, "collection_year" smallint not null, "mother" boolean null, "first_child_born_on" date null, "convicted" boolean null, "substance_misuse" boolean null, "intervention_received" boolean null, "intervention_offered" boolean null, primary key ("id"));`);
    this.addSql(`create index "looked_after_year_owning_agency_id_index" on "looked_after_year" ("owning_agency_id");`);
    this.addSql(`create index "looked_after_year_child_id_index" on "looked_after_year" ("child_id");`);
    this.addSql(`create unique index "looked_after_year_child_year_unique" on "looked_after_year" ("child_id", "collection_year") where "deleted_at" is null;`);
    this.addSql(`alter table "looked_after_year" add constraint "looked_after_year_owning_agency_id_source_system__322f9_unique" unique ("owning_agency_id", "source_system", "source_record_id");`);
    this.addSql(`alter table "looked_after_year" add constraint "looked_after_year_owning_agency_id_foreign" foreign key ("owning_agency_id") references "agency" ("id") on delete restrict;`);
    this.addSql(`alter table "looked_after_year" add constraint "looked_after_year_child_id_foreign" foreign key ("child_id") references "child" ("id") on delete restrict;`);
    this.addSql(`alter table "looked_after_year" enable row level security;`);
    for (const statement of rowScopePolicyStatements(this.driver.getMetadata())) this.addSql(statement);
    for (const statement of analyticsViewStatements(LOOKED_AFTER_YEARS_ANALYTICS_VIEW)) this.addSql(statement);
  }

  override async down(): Promise<void> {
    this.addSql('drop view analytics.looked_after_years;');
    this.addSql('drop view analytics_private.looked_after_years;');
    this.addSql('drop table "looked_after_year";');
  }
}
