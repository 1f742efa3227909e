import * as timescales from '../../timescales';

/**
 * Calendar-date helpers for the care and health modules. Dates are ISO `YYYY-MM-DD` strings;
 * comparisons are lexical, which is chronological for that form.
 */

/** The calendar date of an instant in England (Europe/London), as `YYYY-MM-DD`. */
export function londonDate(instant: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

export function todayInLondon(): string {
  return londonDate(new Date());
}

/** `iso` plus `days` calendar days. */
export function addDays(iso: string, days: number): string {
  const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** `iso` plus `months` calendar months (clamped to the month's last day). */
export function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return target.toISOString().slice(0, 10);
}

/**
 * `iso` plus `n` working days (weekdays that are not England and Wales bank holidays, from the shared
 * timescales calendar); outside the years that calendar covers, weekends only.
 */
export function addWorkingDays(iso: string, n: number): string {
  try {
    return timescales.addWorkingDays(iso.slice(0, 10), n);
  } catch (err) {
    if (!(err instanceof timescales.OutsideCoveredYearsError)) throw err;
  }
  let d = iso.slice(0, 10);
  let left = n;
  while (left > 0) {
    d = addDays(d, 1);
    const dow = new Date(`${d}T00:00:00Z`).getUTCDay();
    if (dow !== 0 && dow !== 6) left--;
  }
  return d;
}

/** Working days elapsed from `from` (day 0) to `to`; 0 when `to` is not after `from`. */
export function workingDaysBetween(from: string, to: string): number {
  if (to.slice(0, 10) <= from.slice(0, 10)) return 0;
  try {
    return timescales.workingDaysBetween(from.slice(0, 10), to.slice(0, 10));
  } catch (err) {
    if (!(err instanceof timescales.OutsideCoveredYearsError)) throw err;
  }
  let n = 0;
  let d = from.slice(0, 10);
  const end = to.slice(0, 10);
  while (d < end) {
    d = addDays(d, 1);
    const dow = new Date(`${d}T00:00:00Z`).getUTCDay();
    if (dow !== 0 && dow !== 6) n++;
  }
  return n;
}

/** Age in whole years on `on` for a child born on `dob`. */
export function ageOn(dob: string, on: string): number {
  const [by, bm, bd] = dob.slice(0, 10).split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.slice(0, 10).split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** True when `s` is a real calendar date in `YYYY-MM-DD` form. */
export function isCalendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** A DfE collection year, named by the year it ends (2026 is 1 April 2025 to 31 March 2026): its first and last days. */
export function collectionYearBounds(year: number): { start: string; end: string } {
  return { start: `${year - 1}-04-01`, end: `${year}-03-31` };
}

/** The collection year a date falls in (2026-03-31 is in 2026, 2026-04-01 in 2027). */
export function collectionYearOf(iso: string): number {
  const year = Number(iso.slice(0, 4));
  return iso.slice(5) >= '04-01' ? year + 1 : year;
}
