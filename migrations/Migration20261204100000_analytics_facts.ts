import { Migration } from '@mikro-orm/migrations';
import { factsMigrationStatements } from '../src/analytics/facts';

/**
 * Scorecard facts (src/analytics/facts.ts): the periods, the stored counts per measure, area and period
 * and the per-child contributions behind them, the triggers that keep them current in the transaction of
 * every write to a table a measure reads, and a first build. Generated from the measures catalogue and
 * the ORM metadata (which child a row is about) when this migration runs; after a release that changes a
 * measure, `npm run facts:rebuild` brings its facts in line (until then it is computed live).
 */
export class Migration20261204100000_analytics_facts extends Migration {
  override async up(): Promise<void> {
    for (const statement of factsMigrationStatements(this.driver.getMetadata())) this.addSql(statement);
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
