/**
 * The units behind a measure (the same unit rows the scorecard counts, ./measures.ts). Child and record
 * ids are returned to the caller inside `withAllRows`, which must turn them into pseudonyms keyed for the
 * release (`releasePseudonym`, ./disclosure.ts) before anything leaves it, and only for a cell whose
 * figures are all shown (DISCLOSURE_POLICY.measureRecords).
 */
import { PeriodBasis, type Measure } from './measures';
import type { Period } from './periods';
import type { Sql } from './scorecard';

export interface UnitRow {
  childId: string | null;
  recordId: string;
  inNumerator: boolean;
  inDenominator: boolean;
}

export async function measureRecordRows(sql: Sql, measure: Measure, period: Period, area: string): Promise<UnitRow[]> {
  const start = measure.periodBasis === PeriodBasis.SNAPSHOT_AT_PERIOD_END ? period.end : period.start;
  const rows = await sql(
    `with periods (period_start, period_end, area_id) as (values (cast(? as date), cast(? as date), cast(? as uuid)))
     select u.child_id, u.record_id, coalesce(u.in_num, false) as in_num, coalesce(u.in_den, false) as in_den
       from periods hub_period cross join lateral (${measure.rows({ start: 'hub_period.period_start', end: 'hub_period.period_end', area: 'hub_period.area_id' })}) u`,
    [start, period.end, area],
  );
  return rows.map((r) => ({ childId: r.child_id == null ? null : String(r.child_id), recordId: String(r.record_id), inNumerator: !!r.in_num, inDenominator: !!r.in_den }));
}
