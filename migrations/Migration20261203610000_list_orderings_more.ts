import { Migration } from '@mikro-orm/migrations';

/**
 * Indexes for five offered orderings that had none (issue 11, as Migration20261203300000_list_orderings).
 * test/performance/orderings-use-indexes.test.ts passed them only because, under the old row-scope
 * estimates, PostgreSQL read these small tables through a bitmap scan the test does not count as a full
 * read; with row scope it can estimate (Migration20261203600000_rls_plannable) it walks an unrelated index
 * end to end and sorts, which the test names.
 */
const LIST_INDEXES: Array<{ name: string; table: string; columns: string; serves: string }> = [
  { name: 'care_episode_end_date_id_list_index', table: 'care_episode', columns: '"end_date", "id"', serves: 'careEpisodes(orderBy: END_DATE)' },
  { name: 'care_episode_updated_at_id_list_index', table: 'care_episode', columns: '"updated_at", "id"', serves: 'careEpisodes(orderBy: UPDATED_AT)' },
  { name: 'missing_episode_updated_at_id_list_index', table: 'missing_episode', columns: '"updated_at", "id"', serves: 'missingEpisodes(orderBy: UPDATED_AT)' },
  { name: 'child_protection_plan_created_at_id_list_index', table: 'child_protection_plan', columns: '"created_at", "id"', serves: 'childProtectionPlans(orderBy: CREATED_AT)' },
  { name: 'strategy_discussion_created_at_id_list_index', table: 'strategy_discussion', columns: '"created_at", "id"', serves: 'strategyDiscussions(orderBy: CREATED_AT)' },
];

export class Migration20261203610000_list_orderings_more extends Migration {
  override async up(): Promise<void> {
    for (const i of LIST_INDEXES) {
      this.addSql(`create index if not exists "${i.name}" on "${i.table}" (${i.columns}) where "deleted_at" is null;`);
      this.addSql(`comment on index "${i.name}" is 'Serves the list ${i.serves}.';`);
    }
  }

  override async down(): Promise<void> {
    for (const i of LIST_INDEXES) this.addSql(`drop index if exists "${i.name}";`);
  }
}
