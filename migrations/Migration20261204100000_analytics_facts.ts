import { Migration } from '@mikro-orm/migrations';
import { factsMigrationStatements } from '../src/analytics/facts';

/**
 * Scorecard facts (src/analytics/facts.ts): the periods, the stored counts per measure, area and period
 * and the per-child contributions behind them. The definitions, the triggers that keep them current in
 * the transaction of every write to a table a measure reads, and the build are made from the measures
 * catalogue after all migrations have run (`migrateUp`, src/db/orm.ts), so a measure may read what a later
 * migration adds. (Until 2026-12-12 this migration built them itself, from the catalogue as it stood when
 * it ran; on a database migrated then, the next `migrateUp` syncs them the same way.)
 */
export class Migration20261204100000_analytics_facts extends Migration {
  override async up(): Promise<void> {
    for (const statement of factsMigrationStatements()) this.addSql(statement);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists analytics_fact_area_ins on agency`);
    this.addSql(`drop trigger if exists analytics_fact_area_upd on agency`);
    this.addSql(`do $$ declare r record; begin
      for r in select tgname, tgrelid::regclass as rel from pg_trigger where tgname in ('analytics_fact_ins', 'analytics_fact_upd', 'analytics_fact_del', 'analytics_fact_trunc') loop
        execute format('drop trigger %I on %s', r.tgname, r.rel);
      end loop;
      for r in select oid::regprocedure as f from pg_proc where proname like 'analytics\\_fact\\_%' loop
        execute format('drop function %s', r.f);
      end loop; end $$`);
    this.addSql(`drop table if exists analytics_fact, analytics_fact_child, analytics_fact_measure, analytics_fact_area, analytics_fact_period, analytics_fact_dirty, analytics_fact_commit`);
  }
}
