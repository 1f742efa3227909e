import { Migration } from '@mikro-orm/migrations';

/**
 * Every default and offered ordering of a list is served by an index (issue 11; checked by
 * test/performance/orderings-use-indexes.test.ts). Lists page by keyset on `(ordering value, id)`, the
 * tie-breaker in the direction of the ordering (src/server/graphql/connection.ts), so one `(value, id)`
 * index serves both directions (scanned backwards for a descending list) and the next page starts where
 * the index leaves off. Lists never show soft-deleted rows (the notDeleted filter), so the indexes leave
 * them out. Row scope (`owning agency or hub_child_visible(child)`) cannot be an index condition: the
 * scan walks the index in order and filters, stopping once the page is full.
 */
const LIST_INDEXES: Array<{ name: string; table: string; columns: string; where?: string; serves: string }> = [
  { name: 'child_family_name_id_list_index', table: 'child', columns: '"family_name", "id"', serves: 'children(orderBy: FAMILY_NAME)' },
  { name: 'child_birth_sort_date_id_list_index', table: 'child', columns: '"birth_sort_date", "id"', serves: 'children(orderBy: DATE_OF_BIRTH)' },
  { name: 'contact_contact_at_id_list_index', table: 'contact', columns: '"contact_at", "id"', serves: 'contacts, default and CONTACT_AT' },
  { name: 'contact_updated_at_id_list_index', table: 'contact', columns: '"updated_at", "id"', serves: 'contacts(orderBy: UPDATED_AT)' },
  { name: 'referral_referral_date_id_list_index', table: 'referral', columns: '"referral_date", "id"', serves: 'referrals, default and REFERRAL_DATE' },
  { name: 'referral_created_at_id_list_index', table: 'referral', columns: '"created_at", "id"', serves: 'referrals(orderBy: CREATED_AT)' },
  { name: 'referral_updated_at_id_list_index', table: 'referral', columns: '"updated_at", "id"', serves: 'referrals(orderBy: UPDATED_AT)' },
  { name: 'school_enrolment_from_date_id_list_index', table: 'school_enrolment', columns: '"from_date", "id"', serves: 'schoolEnrolments, default (either direction)' },
  {
    name: 'involvement_request_created_at_id_list_index',
    table: 'involvement',
    columns: '"created_at", "id"',
    // Requests are a small part of the table (most involvements are ALLOCATED): the list reads only them.
    where: `"status" in ('REQUESTED', 'ACCEPTED', 'DECLINED') and "deleted_at" is null`,
    serves: 'involvementRequests (newest first), any status filter',
  },
  { name: 'care_episode_start_date_id_list_index', table: 'care_episode', columns: '"start_date", "id"', serves: 'careEpisodes, default and START_DATE' },
  { name: 'exploitation_screening_screened_at_id_list_index', table: 'exploitation_screening', columns: '"screened_at", "id"', serves: 'exploitationScreenings, default and SCREENED_AT' },
  { name: 'exploitation_screening_level_id_list_index', table: 'exploitation_screening', columns: '"level", "id"', serves: 'exploitationScreenings(orderBy: LEVEL)' },
  { name: 'health_assessment_due_by_id_list_index', table: 'health_assessment', columns: '"due_by", "id"', serves: 'healthAssessments, default and DUE_BY (the overdue index covers only the incomplete)' },
  { name: 'health_assessment_requested_at_id_list_index', table: 'health_assessment', columns: '"requested_at", "id"', serves: 'healthAssessments(orderBy: REQUESTED_AT)' },
  { name: 'health_assessment_completed_at_id_list_index', table: 'health_assessment', columns: '"completed_at", "id"', serves: 'healthAssessments(orderBy: COMPLETED_AT)' },
  { name: 'health_assessment_updated_at_id_list_index', table: 'health_assessment', columns: '"updated_at", "id"', serves: 'healthAssessments(orderBy: UPDATED_AT)' },
  { name: 'missing_episode_start_at_id_list_index', table: 'missing_episode', columns: '"start_at", "id"', serves: 'missingEpisodes, default and START_AT' },
  { name: 'missing_episode_end_at_id_list_index', table: 'missing_episode', columns: '"end_at", "id"', serves: 'missingEpisodes(orderBy: END_AT)' },
  { name: 'child_protection_plan_start_date_id_list_index', table: 'child_protection_plan', columns: '"start_date", "id"', serves: 'childProtectionPlans, default and START_DATE' },
  { name: 'child_protection_plan_end_date_id_list_index', table: 'child_protection_plan', columns: '"end_date", "id"', serves: 'childProtectionPlans(orderBy: END_DATE)' },
  { name: 'strategy_discussion_held_at_id_list_index', table: 'strategy_discussion', columns: '"held_at", "id"', serves: 'strategyDiscussions, default and HELD_AT' },
];

export class Migration20261203300000_list_orderings extends Migration {
  override async up(): Promise<void> {
    for (const i of LIST_INDEXES) {
      this.addSql(`create index if not exists "${i.name}" on "${i.table}" (${i.columns}) where ${i.where ?? '"deleted_at" is null'};`);
      this.addSql(`comment on index "${i.name}" is 'Serves the list ${i.serves}.';`);
    }
  }

  override async down(): Promise<void> {
    for (const i of LIST_INDEXES) this.addSql(`drop index if exists "${i.name}";`);
  }
}
