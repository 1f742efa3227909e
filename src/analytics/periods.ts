/**
 * Reporting periods for the scorecard. Calendar dates are ISO strings handled by src/timescales
 * (whole UTC days, so no time zone shifts a date). English local authorities report by financial year
 * (1 April to 31 March) and its quarters: Q1 April-June, Q2 July-September, Q3 October-December,
 * Q4 January-March.
 */
import { addCalendarDays, addMonths, isoDate, toDayNumber } from '../timescales';

export enum PeriodType {
  /** The financial quarter containing the period end, from its first day to the period end. */
  QUARTER = 'QUARTER',
  /** From 1 April of the financial year containing the period end, to the period end. */
  FINANCIAL_YEAR_TO_DATE = 'FINANCIAL_YEAR_TO_DATE',
  /** The 12 months ending on the period end (the day after the same date a year earlier, to the period end). */
  ROLLING_12_MONTHS = 'ROLLING_12_MONTHS',
}

export interface Period {
  start: string;
  end: string;
  label: string;
}

const lastDayOfMonth = (date: string): boolean => addCalendarDays(date, 1).slice(8, 10) === '01';

/**
 * The same point `months` months earlier (negative) or later: a month end stays a month end
 * (30 June - 3 months = 31 March), any other day keeps its day, clamped to a shorter month.
 */
export function shiftEnd(end: string, months: number): string {
  if (lastDayOfMonth(end)) return addCalendarDays(addMonths(addCalendarDays(end, 1), months), -1);
  return addMonths(end, months);
}

/** First day of the financial quarter containing the date. */
export function quarterStart(date: string): string {
  const [y, m] = [Number(date.slice(0, 4)), Number(date.slice(5, 7))];
  const qm = Math.floor((m - 1) / 3) * 3 + 1; // Jan, Apr, Jul, Oct
  return `${y}-${String(qm).padStart(2, '0')}-01`;
}

/** 1 April of the financial year containing the date. */
export function financialYearStart(date: string): string {
  const [y, m] = [Number(date.slice(0, 4)), Number(date.slice(5, 7))];
  return `${m >= 4 ? y : y - 1}-04-01`;
}

function fyLabel(start: string): string {
  const y = Number(start.slice(0, 4));
  return `${y}-${String((y + 1) % 100).padStart(2, '0')}`;
}

function quarterLabel(start: string): string {
  const m = Number(start.slice(5, 7));
  const q = m >= 4 ? Math.floor((m - 4) / 3) + 1 : 4;
  return `Q${q} ${fyLabel(financialYearStart(start))}`;
}

/** The period of the given type ending on `end`. */
export function periodEnding(type: PeriodType, end: string): Period {
  isoDate(end);
  switch (type) {
    case PeriodType.QUARTER: {
      const start = quarterStart(end);
      const full = addCalendarDays(addMonths(start, 3), -1) === end;
      return { start, end, label: full ? quarterLabel(start) : `${quarterLabel(start)} to ${end}` };
    }
    case PeriodType.FINANCIAL_YEAR_TO_DATE: {
      const start = financialYearStart(end);
      return { start, end, label: `${fyLabel(start)} to ${end}` };
    }
    case PeriodType.ROLLING_12_MONTHS: {
      const start = addCalendarDays(shiftEnd(end, -12), 1);
      return { start, end, label: `12 months to ${end}` };
    }
  }
}

/** Months between consecutive points of a trend: a quarter for quarters and rolling years, a year for year-to-date. */
export function trendStepMonths(type: PeriodType): number {
  return type === PeriodType.FINANCIAL_YEAR_TO_DATE ? 12 : 3;
}

/**
 * The period and the `count - 1` before it, newest first: quarters step back a quarter (a quarter to
 * date is compared with the same span of earlier quarters), year-to-date steps back a year (the same
 * point of earlier years), rolling 12 months steps back a quarter.
 */
export function periodSeries(type: PeriodType, end: string, count: number): Period[] {
  const out: Period[] = [];
  const step = trendStepMonths(type);
  for (let i = 0; i < count; i++) out.push(periodEnding(type, shiftEnd(end, -step * i)));
  return out;
}

/** Calendar days in a period, both ends included. */
export function periodDays(p: Period): number {
  return toDayNumber(p.end) - toDayNumber(p.start) + 1;
}

/** True for the last day of a financial quarter: 30 June, 30 September, 31 December, 31 March. */
export function isQuarterEnd(date: string): boolean {
  isoDate(date);
  return ['03-31', '06-30', '09-30', '12-31'].includes(date.slice(5));
}

/**
 * The whole financial quarters a period is made of, oldest first. Every period ending on a quarter end
 * is a run of whole quarters (a quarter, a year to date, 12 rolling months); throws otherwise.
 */
export function quartersIn(p: Period): Period[] {
  if (!isQuarterEnd(p.end) || quarterStart(p.start) !== p.start) throw new RangeError(`${p.start}..${p.end} is not made of whole financial quarters`);
  const out: Period[] = [];
  for (let s = p.start; s <= p.end; s = addMonths(s, 3)) out.push(periodEnding(PeriodType.QUARTER, addCalendarDays(addMonths(s, 3), -1)));
  return out;
}
