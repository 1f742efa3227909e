/**
 * Working-day, calendar-day, month and hour arithmetic over ISO dates.
 *
 * A calendar date is an ISO string `YYYY-MM-DD` and is handled as a whole UTC day (Date.UTC), so the
 * server's time zone and British Summer Time never shift a date. Instants (for hour rules) are
 * `Date`s or ISO timestamps and are compared as absolute times. An instant becomes a calendar date
 * only through `londonDate`, which takes the date on the wall clock in England.
 *
 * A working day is a Monday–Friday that is not an England and Wales bank holiday
 * (./bank-holidays.ts). Counting convention: the event day is day 0; "n working days after" is the
 * n-th working day strictly after it.
 */
import { assertCovered, isBankHoliday } from './bank-holidays';

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Thrown for a string that is not a real calendar date in `YYYY-MM-DD` form. */
export class InvalidDateError extends TypeError {
  constructor(value: unknown, expected = 'an ISO calendar date YYYY-MM-DD') {
    super(`Invalid date ${JSON.stringify(value instanceof Date ? value.toString() : value)}: expected ${expected}.`);
    this.name = 'InvalidDateError';
  }
}

/** Days since 1970-01-01 for an ISO date (validates the format and that the date exists). */
export function toDayNumber(date: string): number {
  const m = typeof date === 'string' ? ISO_DATE.exec(date) : null;
  if (!m) throw new InvalidDateError(date);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) throw new InvalidDateError(date);
  return ms / DAY_MS;
}

/** The ISO date for a day number (inverse of toDayNumber). */
export function fromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Validates and returns an ISO calendar date. */
export function isoDate(date: string): string {
  toDayNumber(date);
  return date;
}

/** Day of week of an ISO date: 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: string): number {
  return new Date(toDayNumber(date) * DAY_MS).getUTCDay();
}

/** True on Saturday and Sunday. */
export function isWeekend(date: string): boolean {
  const d = dayOfWeek(date);
  return d === 0 || d === 6;
}

/**
 * True when the ISO date is a working day: Monday–Friday and not an England and Wales bank holiday.
 * Throws OutsideCoveredYearsError outside the years the bank holiday list covers.
 */
export function isWorkingDay(date: string): boolean {
  toDayNumber(date);
  assertCovered(date);
  return !isWeekend(date) && !isBankHoliday(date);
}

/**
 * The date n working days after `date` (the start day is day 0 and need not itself be a working
 * day). n = 0 returns `date`; a negative n counts back to the |n|-th working day before `date`.
 * Throws OutsideCoveredYearsError if the count reaches a year the bank holiday list does not cover.
 */
export function addWorkingDays(date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`addWorkingDays: n must be an integer, got ${n}`);
  let day = toDayNumber(date);
  assertCovered(date);
  const step = n < 0 ? -1 : 1;
  for (let left = Math.abs(n); left > 0; ) {
    day += step;
    if (isWorkingDay(fromDayNumber(day))) left--;
  }
  return fromDayNumber(day);
}

/**
 * Working days after `a` up to and including `b`, i.e. how many working days have elapsed from
 * event day `a` (day 0) to `b`. Antisymmetric: workingDaysBetween(b, a) = −workingDaysBetween(a, b),
 * so it is negative when b is before a. For n ≥ 0, workingDaysBetween(a, addWorkingDays(a, n)) = n.
 */
export function workingDaysBetween(a: string, b: string): number {
  const [da, db] = [toDayNumber(a), toDayNumber(b)];
  assertCovered(a);
  assertCovered(b);
  if (db < da) return -workingDaysBetween(b, a);
  let count = 0;
  for (let d = da + 1; d <= db; d++) if (isWorkingDay(fromDayNumber(d))) count++;
  return count;
}

/** The date n calendar days after `date` (negative n counts back). Works for any year. */
export function addCalendarDays(date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`addCalendarDays: n must be an integer, got ${n}`);
  return fromDayNumber(toDayNumber(date) + n);
}

/** Calendar days from a to b (negative when b is before a). */
export function calendarDaysBetween(a: string, b: string): number {
  return toDayNumber(b) - toDayNumber(a);
}

/**
 * The same day of the month n months later (negative n counts back), clamped to the end of a shorter
 * month: 31 Jan + 1 month = 28 Feb (29 Feb in a leap year); 29 Feb 2024 + 12 months = 28 Feb 2025.
 */
export function addMonths(date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`addMonths: n must be an integer, got ${n}`);
  const day = new Date(toDayNumber(date) * DAY_MS);
  const monthIndex = day.getUTCFullYear() * 12 + day.getUTCMonth() + n;
  const [y, m] = [Math.floor(monthIndex / 12), ((monthIndex % 12) + 12) % 12];
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return fromDayNumber(Date.UTC(y, m, Math.min(day.getUTCDate(), lastDay)) / DAY_MS);
}

/** Whole years from an ISO date of birth to an ISO date (age on that date; a 29 Feb birthday counts from 1 Mar in common years). */
export function ageInYears(dateOfBirth: string, on: string): number {
  const [b, d] = [new Date(toDayNumber(dateOfBirth) * DAY_MS), new Date(toDayNumber(on) * DAY_MS)];
  let age = d.getUTCFullYear() - b.getUTCFullYear();
  if (d.getUTCMonth() < b.getUTCMonth() || (d.getUTCMonth() === b.getUTCMonth() && d.getUTCDate() < b.getUTCDate())) age--;
  return age;
}

// ---------- instants (hour rules) ----------

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Parses an instant: a `Date`, or an ISO 8601 timestamp that carries its offset (`Z` or `±hh:mm`).
 * A timestamp without an offset is refused: it would be read in the server's time zone.
 */
export function toInstant(value: Date | string): Date {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new InvalidDateError(value, 'a valid Date');
    return value;
  }
  if (typeof value !== 'string' || !ISO_INSTANT.test(value)) throw new InvalidDateError(value, 'an ISO timestamp with offset, e.g. 2025-10-24T18:00:00+01:00');
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new InvalidDateError(value, 'an ISO timestamp with offset');
  return d;
}

/** The instant `hours` elapsed hours after `instant` (exact elapsed time: 72 hours is 72 hours across a clock change). */
export function addHours(instant: Date | string, hours: number): Date {
  return new Date(toInstant(instant).getTime() + hours * 3_600_000);
}

const LONDON = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date (YYYY-MM-DD) on the wall clock in England at an instant (GMT/BST aware). */
export function londonDate(instant: Date | string): string {
  return LONDON.format(toInstant(instant));
}

/** The instant a calendar date begins in England (00:00 GMT, or 00:00 BST = 23:00 UTC the day before). */
export function startOfLondonDay(date: string): Date {
  const midnightUtc = new Date(`${isoDate(date)}T00:00:00Z`);
  const anHourEarlier = new Date(midnightUtc.getTime() - 3_600_000);
  return londonDate(anHourEarlier) === isoDate(date) ? anHourEarlier : midnightUtc;
}

/** A calendar date from either an ISO date or an instant (converted with londonDate). */
export function asCalendarDate(value: Date | string): string {
  if (typeof value === 'string' && ISO_DATE.test(value)) return isoDate(value);
  return londonDate(value);
}
