/**
 * Types and SQL helpers shared by the measures catalogue (./measures.ts, ./measures-more.ts). Time limits
 * come from the timescale rule table (src/timescales/rules.ts) through `limitOf` / `withinSql` /
 * `dueDateSql`, never as literals.
 */
import { DEFAULT_TIMESCALE_CONFIG, TimescaleRuleCode, TimescaleUnit, timescaleRule, type Duration, type TimescaleConfig } from '../timescales';

export enum MeasureUnit {
  COUNT = 'COUNT',
  PERCENT = 'PERCENT',
  RATE_PER_10000 = 'RATE_PER_10000',
  DAYS = 'DAYS',
}

export enum Polarity {
  HIGH_IS_GOOD = 'HIGH_IS_GOOD',
  LOW_IS_GOOD = 'LOW_IS_GOOD',
  /** Neither direction is better in itself (volumes, rates judged against a range). */
  NEUTRAL = 'NEUTRAL',
}

export enum PeriodBasis {
  /** Units whose event falls in the period (quarter, year to date or rolling 12 months). */
  IN_PERIOD = 'IN_PERIOD',
  /** Units open on the last day of the period, whatever the period type. */
  SNAPSHOT_AT_PERIOD_END = 'SNAPSHOT_AT_PERIOD_END',
}

export interface SqlScope {
  /** SQL expression: first day of the period (date). */
  start: string;
  /** SQL expression: last day of the period (date). */
  end: string;
  /** SQL expression: the area's local authority agency id (uuid). */
  area: string;
}

export interface Measure {
  code: string;
  name: string;
  /** Plain English, for the board. */
  definition: string;
  numerator: string;
  /** Null for counts; for rates, the reference child population. */
  denominator: string | null;
  unit: MeasureUnit;
  polarity: Polarity;
  periodBasis: PeriodBasis;
  /** The period type scorecards usually report it for. */
  usualPeriod: string;
  /** DfE (statutory return / published statistic) or local, with the reference. */
  source: { kind: 'DfE' | 'Local'; reference: string };
  /** How a real scorecard words it (the scrutiny packs the measures were drawn from), quoted, when one does. */
  scorecardWording?: string;
  /** Numerator and denominator count distinct children rather than units. */
  countsChildren: boolean;
  /** Indexes the SQL relies on (EXPLAIN-checked in test/analytics). */
  accessPath: string;
  /** The unit rows (see the file comment). */
  rows(scope: SqlScope): string;
}


/**
 * The timescale configuration the scorecard measures with: the hub's local variations of the `Local`
 * rules (CP visit frequency, IHA request, LADO strategy meeting). Statutory rules ignore it. Set it here
 * when an area changes its local figures; the measures, their definitions and docs/measures.md follow.
 */
export const MEASURE_TIMESCALE_CONFIG: Readonly<TimescaleConfig> = DEFAULT_TIMESCALE_CONFIG;

/**
 * The duration a rule gives (for rules that depend on context, pass it; RHA depends on the child's age
 * and is handled by its measure). Statutory rules return their fixed figure; local ones the configured one.
 */
export function limitOf(code: TimescaleRuleCode, config: TimescaleConfig = MEASURE_TIMESCALE_CONFIG): Duration {
  const sampleFrom = timescaleRule(code).usesInstants ? '2020-01-01T00:00:00Z' : '2020-01-01';
  return timescaleRule(code).durationFor(sampleFrom, { dateOfBirth: '2000-01-01' }, config);
}

/** The statutory limit of a working-day rule, from the one rule table (statutory figures are fixed). */
export function workingDayLimit(code: TimescaleRuleCode): number {
  const d = limitOf(code, DEFAULT_TIMESCALE_CONFIG);
  if (d.unit !== TimescaleUnit.WORKING_DAYS) throw new Error(`${code} is not a working-day rule`);
  return d.amount;
}

export function hourLimit(code: TimescaleRuleCode): number {
  const d = limitOf(code, DEFAULT_TIMESCALE_CONFIG);
  if (d.unit !== TimescaleUnit.HOURS) throw new Error(`${code} is not an hour rule`);
  return d.amount;
}

/** "20 working days", "3 months" (for definitions). */
export function durationWords(d: Duration): string {
  const words: Record<TimescaleUnit, [string, string]> = {
    WORKING_DAYS: ['working day', 'working days'],
    CALENDAR_DAYS: ['calendar day', 'calendar days'],
    MONTHS: ['month', 'months'],
    HOURS: ['hour', 'hours'],
  };
  return `${d.amount} ${words[d.unit][d.amount === 1 ? 0 : 1]}`;
}

function dateDuration(d: Duration): Duration {
  if (d.unit === TimescaleUnit.HOURS) throw new Error('an hour limit cannot be applied to calendar dates');
  if (!Number.isInteger(d.amount) || d.amount < 1) throw new RangeError(`bad duration ${JSON.stringify(d)}`);
  return d;
}

/**
 * SQL: true when the date `to` is within duration `d` of the date `from` (day 0), counted as the rule
 * table counts (src/timescales): working days after `from` up to and including `to` (so a deadline on a
 * Friday is still met on the Saturday), calendar days, or calendar months clamped to the month end
 * (PostgreSQL's `date + interval 'n months'` clamps as `addMonths` does).
 */
export function withinSql(d: Duration, from: string, to: string): string {
  const x = dateDuration(d);
  switch (x.unit) {
    case TimescaleUnit.WORKING_DAYS:
      return `(hub_working_days_between(${from}, ${to}) <= ${x.amount})`;
    case TimescaleUnit.CALENDAR_DAYS:
      return `(${to} <= ${from} + ${x.amount})`;
    default:
      return `(${to} <= (${from} + interval '${x.amount} months')::date)`;
  }
}

/**
 * SQL: the due date of duration `d` from the date `from` (the nth working day after it, from the
 * `hub_working_day` ordinals; raises for a date outside the bank-holiday years, as the TypeScript does).
 */
export function dueDateSql(d: Duration, from: string): string {
  const x = dateDuration(d);
  switch (x.unit) {
    case TimescaleUnit.WORKING_DAYS:
      return `coalesce((select w2.day from hub_working_day w1 join hub_working_day w2 on w2.ordinal = w1.ordinal + ${x.amount}
                          where w1.day = ${from} order by w2.ordinal, w2.day limit 1),
                       ${from} + hub_uncovered_date(${from}, ${from} + ${x.amount * 2 + 10}))`;
    case TimescaleUnit.CALENDAR_DAYS:
      return `(${from} + ${x.amount})`;
    default:
      return `(${from} + interval '${x.amount} months')::date`;
  }
}

/** SQL: whole years of age on date `on` for date of birth `dob`, as `ageInYears` (a 29 February birthday counts from 1 March in common years). */
export const ageSql = (dob: string, on: string): string =>
  `(extract(year from ${on})::int - extract(year from ${dob})::int - case when to_char(${on}, 'MMDD') < to_char(${dob}, 'MMDD') then 1 else 0 end)`;

/** The date in England of a timestamptz column. */
export const londonDate = (col: string): string => `(${col} at time zone 'Europe/London')::date`;
/** A timestamptz column whose date in England falls in the period (sargable: uses the column's index). */
export const instantIn = (col: string, s: SqlScope): string =>
  `${col} >= (${s.start}::timestamp at time zone 'Europe/London') and ${col} < ((${s.end} + 1)::timestamp at time zone 'Europe/London')`;

/**
 * A strategy discussion `sd` the area held in the period: convened discussions not yet held are not
 * counted anywhere on the scorecard (their `held_at` is only the planned time). Held is read as "has a
 * decision", which a check constraint makes the same as stage HELD, because the facts migration builds
 * these statements before the migration that adds `stage` has run.
 */
export const discussionHeldIn = (sd: string, s: SqlScope): string =>
  `${sd}.deleted_at is null and ${sd}.decision is not null and ${sd}.owning_agency_id = ${s.area} and ${instantIn(`${sd}.held_at`, s)}`;
/** FROM clause: the discussions the area held in the period, as `sd`. */
export const discussionsHeldIn = (s: SqlScope): string => `from strategy_discussion sd where ${discussionHeldIn('sd', s)}`;

export const CIN = 'DfE Children in need census';
export const CLA = 'DfE SSDA903 return (children looked after)';
