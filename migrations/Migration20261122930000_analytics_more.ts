import { Migration } from '@mikro-orm/migrations';

/**
 * Access paths of the measures added in src/analytics/measures-more.ts (docs/measures.md names each
 * measure's path; test/analytics/measures-more.test.ts checks the plans with EXPLAIN on a fixture).
 * Partial on `deleted_at is null`, as every measure reads live rows only. Paths already served by an
 * existing index are not duplicated: IHA requests use analytics_iha_entered_care_index, a child's health
 * assessments health_assessment_child_id_index (a handful of rows per child).
 */
export class Migration20261122930000_analytics_more extends Migration {
  override async up(): Promise<void> {
    // CP_PLANS_ENDED_2Y_PCT: plans of the area ended in the period.
    this.addSql('create index if not exists analytics_cp_plan_owner_end_index on child_protection_plan (owning_agency_id, end_date) where deleted_at is null and end_date is not null;');
    // CP_VISITS_IN_TIME_PCT: the latest visit at which the child was seen, per plan.
    this.addSql('create index if not exists analytics_cp_visit_plan_seen_date_index on child_protection_visit (plan_id, visit_date) where deleted_at is null and seen;');
    // CARE_REVIEWS_IN_TIME_PCT: the next review of a child.
    this.addSql('create index if not exists analytics_care_review_child_date_index on care_review (child_id, review_date) where deleted_at is null;');
    // RHI_HELD_PCT: interviews the area offered in the period.
    this.addSql('create index if not exists analytics_rhi_owner_offered_index on return_home_interview (owning_agency_id, offered_at) where deleted_at is null;');
    // EXPLOITATION_SCREENINGS_*: screenings of one level in the period.
    this.addSql('create index if not exists analytics_exploitation_screening_level_at_index on exploitation_screening (level, screened_at) where deleted_at is null;');
    // CARE_LEAVERS_*: the latest record of each care leaver of the area.
    this.addSql('create index if not exists analytics_care_leaver_owner_child_date_index on care_leaver (owning_agency_id, child_id, contact_date desc) where deleted_at is null;');
    // PARTNER_CONTRIBUTIONS_*: contributions of one agency kind to a discussion.
    this.addSql('create index if not exists analytics_contribution_discussion_kind_index on agency_contribution (discussion_id, agency_kind) where deleted_at is null;');
    // Due dates in working days (dueDateSql): the nth working day after a date, by ordinal.
    this.addSql('create index if not exists analytics_working_day_ordinal_index on hub_working_day (ordinal, day);');
  }
}
