import { Migration } from '@mikro-orm/migrations';
import { rowScopePolicyStatements } from '../src/access/row-scope';
import { AGENCY, analyticsViewStatements, CHILD_KEY, key, RECORD_KEY, UPDATED, type View } from './Migration20261206000000_analytics_views';

/** The analytical view of pre-proceedings (dates, counts and the decision; no free text). */
export const PRE_PROCEEDINGS_ANALYTICS_VIEW: View = {
  name: 'pre_proceedings',
  from: 'pre_proceedings',
  meaning: 'Periods of pre-proceedings under the Public Law Outline, with family group decision-making.',
  child: 't.child_id',
  columns: [
    RECORD_KEY('period of pre-proceedings'),
    CHILD_KEY,
    key('referral_key', 't.referral_id', 'the referral (CIN episode) it belongs to (the referrals view’s record_key)'),
    AGENCY,
    ['start_date', 't.start_date', 'Date pre-proceedings started.'],
    ['letter_before_proceedings_date', 't.letter_before_proceedings_date', 'Date the letter before proceedings was sent.'],
    ['family_meeting_offered', 't.family_meeting_offered', 'A family group decision-making meeting was offered.'],
    ['family_meeting_held', 't.family_meeting_held', 'A family group decision-making meeting took place.'],
    ['initial_meeting_date', 't.initial_meeting_date', 'Date of the initial pre-proceedings meeting.'],
    ['review_meetings', 't.review_meetings', 'Review meetings held.'],
    ['decision_date', 't.decision_date', 'Date of the decision that ended pre-proceedings.'],
    ['outcome', 't.outcome', 'The decision: ISSUE_CARE_PROCEEDINGS or STEP_DOWN.'],
    ['court_application_date', 't.court_application_date', 'Date the care proceedings application was made.'],
    UPDATED,
  ],
};

/**
 * Pre-proceedings under the Public Law Outline (issue 12: the CIN census 2026/27 `PreProceedingsandFGDM`
 * module): the table, as MikroORM generates it from src/modules/frontdoor/pre-proceedings.entity.ts, and
 * its row-scope policies as derived for every child record (src/access/row-scope.ts), and its analytical
 * view (src/exports/analytics-views.ts lists every view).
 */
export class Migration20261208000000_pre_proceedings extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "pre_proceedings_outcome" as enum ('ISSUE_CARE_PROCEEDINGS', 'STEP_DOWN');`);
    this.addSql(`create table "pre_proceedings" ("id" uuid not null, "owning_agency_id" uuid not null, "created_at" timestamptz not null default now(), "created_by" text not null, "updated_at" timestamptz not null default now(), "updated_by" text not null, "version" int not null default 1, "source_system" text null, "source_record_id" text null, "lawful_basis" text not null, "deleted_at" timestamptz null, "child_id" uuid not null, "referral_id" uuid null, "start_date" date not null, "letter_before_proceedings_date" date null, "family_meeting_offered" boolean null, "family_meeting_held" boolean null, "initial_meeting_date" date null, "review_meetings" int not null default 0, "decision_date" date null, "outcome" "pre_proceedings_outcome" null, "court_application_date" date null, primary key ("id"));`);
    this.addSql(`create index "pre_proceedings_owning_agency_id_index" on "pre_proceedings" ("owning_agency_id");`);
    this.addSql(`create index "pre_proceedings_child_id_index" on "pre_proceedings" ("child_id");`);
    this.addSql(`create index "pre_proceedings_referral_id_index" on "pre_proceedings" ("referral_id");`);
    this.addSql(`alter table "pre_proceedings" add constraint "pre_proceedings_owning_agency_id_source_system_so_6a71a_unique" unique ("owning_agency_id", "source_system", "source_record_id");`);
    this.addSql(`alter table "pre_proceedings" add constraint "pre_proceedings_owning_agency_id_foreign" foreign key ("owning_agency_id") references "agency" ("id") on delete restrict;`);
    this.addSql(`alter table "pre_proceedings" add constraint "pre_proceedings_child_id_foreign" foreign key ("child_id") references "child" ("id") on delete restrict;`);
    this.addSql(`alter table "pre_proceedings" add constraint "pre_proceedings_referral_id_foreign" foreign key ("referral_id") references "referral" ("id") on delete restrict;`);
    this.addSql(`alter table "pre_proceedings" enable row level security;`);
    for (const statement of rowScopePolicyStatements(this.driver.getMetadata())) this.addSql(statement);
    for (const statement of analyticsViewStatements(PRE_PROCEEDINGS_ANALYTICS_VIEW)) this.addSql(statement);
  }

  override async down(): Promise<void> {
    this.addSql('drop view analytics.pre_proceedings;');
    this.addSql('drop view analytics_private.pre_proceedings;');
    this.addSql('drop table "pre_proceedings";');
    this.addSql('drop type "pre_proceedings_outcome";');
  }
}
