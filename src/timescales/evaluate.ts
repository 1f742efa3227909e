/**
 * Evaluates one timescale for one record: due date, status and lateness.
 *
 * Lateness is counted in the rule's own unit, the way the statutory measure counts:
 * - working-day rules: working days elapsed after the due date (so an assessment due on Friday and
 *   authorised on the Saturday took 45 working days and is on time; it is late from Monday);
 * - calendar-day and month rules: calendar days after the due date;
 * - hour rules: started 24-hour periods after the due instant (1 minute late = 1 day late).
 * A completion after `asOf` is ignored, so the figures "as at" a past date are reproducible.
 */
import {
  DEFAULT_TIMESCALE_CONFIG,
  TimescaleUnit,
  timescaleRule,
  type RuleContext,
  type TimescaleConfig,
  type TimescaleRuleCode,
} from './rules';
import { asCalendarDate, calendarDaysBetween, toInstant, workingDaysBetween } from './working-days';

/** Where a timescale stands (GraphQL enum `TimescaleStatus`). */
export enum TimescaleStatus {
  /** Done within the timescale. */
  ON_TIME = 'ON_TIME',
  /** Done, but after the due date. */
  LATE = 'LATE',
  /** Not done, and the due date has passed. */
  OVERDUE = 'OVERDUE',
  /** Not done, and still within the timescale. */
  PENDING = 'PENDING',
}

/** Unit `daysLate` is counted in (GraphQL enum `TimescaleLatenessUnit`). */
export enum TimescaleLatenessUnit {
  WORKING_DAYS = 'WORKING_DAYS',
  CALENDAR_DAYS = 'CALENDAR_DAYS',
}

export interface EvaluateInput {
  /** The start event: ISO date, or a timestamp (required for hour rules; a date rule takes its date in England). */
  from: string | Date;
  /** When the action was done; null/undefined while outstanding. */
  completedAt?: string | Date | null;
  /** The moment of evaluation ("now" or a reporting date). */
  asOf: string | Date;
  context?: RuleContext;
}

export interface TimescaleResult {
  rule: TimescaleRuleCode;
  /** `YYYY-MM-DD`, or an ISO UTC timestamp for hour rules. */
  dueBy: string;
  /** True when outstanding and past the due date (status OVERDUE). */
  isOverdue: boolean;
  /** Days after the due date (see latenessUnit) when LATE or OVERDUE; null otherwise. */
  daysLate: number | null;
  latenessUnit: TimescaleLatenessUnit;
  status: TimescaleStatus;
}

const DAY_MS = 86_400_000;

export function evaluate(
  ruleCode: TimescaleRuleCode | `${TimescaleRuleCode}`,
  input: EvaluateInput,
  config: TimescaleConfig = DEFAULT_TIMESCALE_CONFIG,
): TimescaleResult {
  const rule = timescaleRule(ruleCode);
  const context = input.context ?? {};
  const duration = rule.durationFor(input.from, context, config);
  const dueBy = rule.dueBy(input.from, context, config);
  const instants = duration.unit === TimescaleUnit.HOURS;
  const latenessUnit = duration.unit === TimescaleUnit.WORKING_DAYS ? TimescaleLatenessUnit.WORKING_DAYS : TimescaleLatenessUnit.CALENDAR_DAYS;

  /** Units late at moment x (≤ 0 means not late). */
  let lateAt: (x: string | Date) => number;
  let completed: boolean;
  if (instants) {
    const due = new Date(dueBy).getTime();
    const asOf = toInstant(input.asOf).getTime();
    lateAt = (x) => Math.ceil((toInstant(x).getTime() - due) / DAY_MS);
    completed = input.completedAt != null && toInstant(input.completedAt).getTime() <= asOf;
  } else {
    const asOf = asCalendarDate(input.asOf);
    lateAt = latenessUnit === TimescaleLatenessUnit.WORKING_DAYS
      ? (x) => workingDaysBetween(dueBy, asCalendarDate(x))
      : (x) => calendarDaysBetween(dueBy, asCalendarDate(x));
    completed = input.completedAt != null && asCalendarDate(input.completedAt) <= asOf;
  }

  const late = lateAt(completed ? input.completedAt! : input.asOf);
  const status = completed
    ? late > 0 ? TimescaleStatus.LATE : TimescaleStatus.ON_TIME
    : late > 0 ? TimescaleStatus.OVERDUE : TimescaleStatus.PENDING;
  return {
    rule: rule.code,
    dueBy,
    isOverdue: status === TimescaleStatus.OVERDUE,
    daysLate: late > 0 ? late : null,
    latenessUnit,
    status,
  };
}

/** A timescale, or null when its dates fall outside the years the bank holiday list covers (RangeError). */
export function timescaleOrNull<T>(compute: () => T): T | null {
  try {
    return compute();
  } catch (err) {
    if (err instanceof RangeError) return null;
    throw err;
  }
}
