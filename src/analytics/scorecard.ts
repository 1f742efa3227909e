/**
 * Computes the scorecard: one SQL statement per measure covering the period and its trend periods
 * (COUNT ... FILTER over the measure's unit rows, see ./measures.ts), then RAG, direction of travel and
 * suppression in Node from the counts only. Run it inside `ctx.tx.withAllRows`, on the EntityManager that
 * block hands over (row-level security otherwise hides rows from analysts): only counts leave that block.
 */
import { loadFacts, type FactCounts } from './facts';
import { MEASURES, MeasureUnit, PeriodBasis, type Measure } from './measures';
import { isQuarterEnd, periodSeries, quartersIn, type Period, type PeriodType } from './periods';
import { directionOf, inheritSuppression, ragOf, suppress, type BoundOperator, type Cell, type DirectionOfTravel, type Rag, type Target, TargetKind } from './rag';

/** Runs SQL with `?` placeholders and returns rows (an EntityManager's `execute`). */
export type Sql = (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

export const TREND_LENGTH = 8;

export interface Comparator {
  comparator: 'STATISTICAL_NEIGHBOURS' | 'ENGLAND';
  periodLabel: string;
  value: number;
  source: string;
}

export interface TrendPoint extends Cell {
  period: Period;
}

export interface MeasureResult extends Cell {
  measure: Measure;
  period: Period;
  target: Target | null;
  rag: Rag;
  direction: DirectionOfTravel;
  previous: TrendPoint | null;
  /** Newest first, this period included. */
  trend: TrendPoint[];
  comparators: Comparator[];
}

export interface ScorecardResult {
  areaCode: string;
  periodType: PeriodType;
  period: Period;
  suppressionApplied: boolean;
  measures: MeasureResult[];
}

export class UnknownAreaError extends Error {}

/** The area's local authority id; throws UnknownAreaError for an unknown code or an agency that is not a local authority. */
export async function areaId(sql: Sql, areaCode: string): Promise<string> {
  const rows = await sql(`select id from agency where code = ? and kind = 'LOCAL_AUTHORITY'`, [areaCode]);
  if (!rows.length) throw new UnknownAreaError(`No local authority with code ${JSON.stringify(areaCode)} is a partner of this hub.`);
  return String(rows[0]!.id);
}

const num = (v: unknown): number => (v == null ? 0 : Number(v));

/** The aggregate statement for one measure over several periods: rows (idx, numerator, denominator). */
export function aggregateSql(measure: Measure, periodCount: number): string {
  const values = Array.from({ length: periodCount }, (_, i) => `(${i}, cast(? as date), cast(? as date), cast(? as uuid))`).join(', ');
  const c = measure.countsChildren ? 'count(distinct u.child_id)' : 'count(u.record_id)';
  return `with periods (idx, period_start, period_end, area_id) as (values ${values})
    select hub_period.idx, ${c} filter (where u.in_num) as numerator, ${c} filter (where u.in_den) as denominator
      from periods hub_period left join lateral (${measure.rows({ start: 'hub_period.period_start', end: 'hub_period.period_end', area: 'hub_period.area_id' })}) u on true
     group by hub_period.idx order by hub_period.idx`;
}

/** Numerator and denominator of a measure for each period, counted in SQL. */
export async function countMeasure(sql: Sql, measure: Measure, periods: readonly Period[], area: string): Promise<{ numerator: number; denominator: number }[]> {
  const rows = await sql(aggregateSql(measure, periods.length), periods.flatMap((p) => [p.start, p.end, area]));
  const out = periods.map(() => ({ numerator: 0, denominator: 0 }));
  for (const r of rows) out[Number(r.idx)] = { numerator: num(r.numerator), denominator: num(r.denominator) };
  return out;
}

export async function loadPopulation(sql: Sql, areaCode: string): Promise<{ year: number; population: number }[]> {
  const rows = await sql(`select year, population from analytics_child_population where area_code = ? order by year`, [areaCode]);
  return rows.map((r) => ({ year: Number(r.year), population: Number(r.population) }));
}

/** The 0-17 population for a period: the latest reference year not after the period end's year (earliest known year before that). */
export function populationFor(pops: readonly { year: number; population: number }[], periodEnd: string): number | null {
  const y = Number(periodEnd.slice(0, 4));
  const fit = pops.filter((p) => p.year <= y);
  return (fit.length ? fit[fit.length - 1] : pops[0])?.population ?? null;
}

async function loadTargets(sql: Sql, areaCode: string): Promise<Map<string, Target[]>> {
  const rows = await sql(
    `select measure_code, kind, value, low, high, bound_operator, amber_margin, source, to_char(valid_from, 'YYYY-MM-DD') as valid_from
       from analytics_target where area_code = ? order by valid_from desc`,
    [areaCode],
  );
  const out = new Map<string, Target[]>();
  const n = (v: unknown) => (v == null ? null : Number(v));
  for (const r of rows) {
    const list = out.get(String(r.measure_code)) ?? [];
    list.push({
      kind: r.kind as TargetKind,
      value: n(r.value),
      low: n(r.low),
      high: n(r.high),
      boundOperator: (r.bound_operator as BoundOperator | null) ?? null,
      amberMargin: n(r.amber_margin),
      source: String(r.source),
      validFrom: String(r.valid_from),
    });
    out.set(String(r.measure_code), list);
  }
  return out;
}

async function loadComparators(sql: Sql): Promise<Map<string, Comparator[]>> {
  const rows = await sql(`select measure_code, comparator, period_label, value, source from analytics_comparator order by measure_code, comparator, period_label desc`, []);
  const out = new Map<string, Comparator[]>();
  for (const r of rows) {
    const list = out.get(String(r.measure_code)) ?? [];
    list.push({ comparator: r.comparator as Comparator['comparator'], periodLabel: String(r.period_label), value: Number(r.value), source: String(r.source) });
    out.set(String(r.measure_code), list);
  }
  return out;
}

export interface ScorecardRequest {
  periodType: PeriodType;
  periodEnd: string;
  areaCode: string;
  /** Apply small-number suppression (always, through the API: src/analytics/disclosure.ts; false only for tests and internal checks). */
  suppressSmallNumbers: boolean;
  /** Only these measures (default: the whole catalogue). */
  codes?: readonly string[];
  /**
   * Read the stored facts (./facts.ts) where they are current, computing the rest live from the same
   * definitions. The API does; left out, every figure is computed live (the tests' reference).
   */
  useFacts?: boolean;
}

/** Counts per period: stored facts where there are current ones, the rest live in one statement. */
async function countCells(sql: Sql, measure: Measure, periods: readonly Period[], area: string, facts?: FactCounts): Promise<{ numerator: number; denominator: number }[]> {
  const stored = facts ? facts(measure, periods) : periods.map(() => null);
  const missing = periods.filter((_, i) => !stored[i]);
  const live = missing.length ? await countMeasure(sql, measure, missing, area) : [];
  let j = 0;
  return stored.map((c) => c ?? live[j++]!);
}

/**
 * A measure's cells for the given periods, with small-number suppression when `apply`: the primary rule
 * per cell (rag.ts `suppress`), then, for a period of several quarters (year to date, rolling 12 months)
 * of an in-period measure, whatever any of its quarters withholds (`inheritSuppression`). The quarters
 * are counted in the same statement. Snapshot measures count one day whatever the period type, so they
 * have nothing to inherit. With `apply`, every period must end on a financial quarter end.
 */
export async function measureCells(sql: Sql, measure: Measure, periods: readonly Period[], area: string, pops: readonly { year: number; population: number }[], apply: boolean, facts?: FactCounts): Promise<Cell[]> {
  if (apply && periods.some((p) => !isQuarterEnd(p.end))) throw new RangeError('suppressed figures are released for periods ending on a financial quarter end only');
  const snapshot = measure.periodBasis === PeriodBasis.SNAPSHOT_AT_PERIOD_END;
  const quarters = new Map<string, Period>();
  if (apply && !snapshot) for (const p of periods) for (const q of quartersIn(p)) if (q.start !== p.start || q.end !== p.end) quarters.set(q.end, q);
  const all = [...periods, ...quarters.values()];
  // A snapshot measure counts what is open on the last day, whatever the period type.
  const counts = await countCells(sql, measure, snapshot ? all.map((p) => ({ ...p, start: p.end })) : all, area, facts);
  const cellOf = (i: number): Cell => {
    const c = counts[i]!;
    const denominator = measure.unit === MeasureUnit.RATE_PER_10000 ? populationFor(pops, all[i]!.end) : measure.unit === MeasureUnit.COUNT ? null : c.denominator;
    return suppress(measure.unit, c.numerator, denominator, apply);
  };
  const quarterCell = new Map([...quarters.keys()].map((end, j) => [end, cellOf(periods.length + j)]));
  return periods.map((p, i) => {
    const own = cellOf(i);
    if (!apply || snapshot) return own;
    return inheritSuppression(own, quartersIn(p).flatMap((q) => quarterCell.get(q.end) ?? []));
  });
}

/** The period is made of whole financial quarters (quartersIn would not throw). */
function quarterStartOk(p: Period): boolean {
  try {
    quartersIn(p);
    return true;
  } catch {
    return false;
  }
}

export async function computeScorecard(sql: Sql, req: ScorecardRequest): Promise<ScorecardResult> {
  const area = await areaId(sql, req.areaCode);
  const periods = periodSeries(req.periodType, req.periodEnd, TREND_LENGTH);
  const pops = await loadPopulation(sql, req.areaCode);
  const targets = await loadTargets(sql, req.areaCode);
  const comparators = await loadComparators(sql);
  const measures = req.codes ? MEASURES.filter((m) => req.codes!.includes(m.code)) : MEASURES;
  // Every period end the cells can need: the trend's, and their quarters' (suppression inheritance).
  const ends = new Set(periods.flatMap((p) => (isQuarterEnd(p.end) && quarterStartOk(p) ? [p.end, ...quartersIn(p).map((q) => q.end)] : [p.end])));
  const facts = req.useFacts ? await loadFacts(sql, area, [...ends]) : undefined;
  const results: MeasureResult[] = [];
  // Sequential: one connection (the request's transaction) carries every statement.
  for (const measure of measures) {
    const cells = await measureCells(sql, measure, periods, area, pops, req.suppressSmallNumbers, facts);
    const trend: TrendPoint[] = cells.map((c, i) => ({ period: periods[i]!, ...c }));
    const [current, previous] = [trend[0]!, trend[1] ?? null];
    const target = (targets.get(measure.code) ?? []).find((t) => t.validFrom <= current.period.end) ?? null;
    results.push({
      measure,
      ...current,
      target,
      rag: ragOf(current.value, target, measure.polarity),
      direction: directionOf(current.value, previous?.value ?? null, measure.polarity),
      previous,
      trend,
      comparators: comparators.get(measure.code) ?? [],
    });
  }
  return { areaCode: req.areaCode, periodType: req.periodType, period: periods[0]!, suppressionApplied: req.suppressSmallNumbers, measures: results };
}
