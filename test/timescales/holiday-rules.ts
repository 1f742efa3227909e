/**
 * The standing rules for England and Wales bank holidays, computed independently of the data list
 * (src/timescales/bank-holidays.ts) to cross-check it. Not used by the engine: the list is the
 * source of truth, because one-off and moved holidays cannot be computed.
 */

const iso = (y: number, m: number, d: number): string => new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);
const dow = (y: number, m: number, d: number): number => new Date(Date.UTC(y, m - 1, d)).getUTCDay();

/** Easter Sunday (Gregorian) by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). Returns [month, day]. */
export function easterSunday(year: number): [number, number] {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return [month, day];
}

const plusDays = (y: number, m: number, d: number, n: number): string => iso(y, m, d + n);

/** First Monday of a month. */
export function firstMonday(year: number, month: number): string {
  const offset = (8 - dow(year, month, 1)) % 7; // days from the 1st to the first Monday
  return iso(year, month, 1 + offset);
}

/** Last Monday of a month. */
export function lastMonday(year: number, month: number): string {
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const offset = (dow(year, month, last) + 6) % 7; // days back from the last day to a Monday
  return iso(year, month, last - offset);
}

/** New Year's Day, moved to the Monday when it falls at a weekend. */
export function newYear(year: number): string {
  const w = dow(year, 1, 1);
  return w === 6 ? iso(year, 1, 3) : w === 0 ? iso(year, 1, 2) : iso(year, 1, 1);
}

/**
 * Christmas Day and Boxing Day with substitutes: Christmas on Saturday → Mon 27 + Tue 28;
 * on Sunday → Boxing Day Mon 26 + substitute Christmas Tue 27; on Friday → Boxing substitute Mon 28.
 */
export function christmas(year: number): [string, string] {
  switch (dow(year, 12, 25)) {
    case 6: return [iso(year, 12, 27), iso(year, 12, 28)];
    case 0: return [iso(year, 12, 26), iso(year, 12, 27)];
    case 5: return [iso(year, 12, 25), iso(year, 12, 28)];
    default: return [iso(year, 12, 25), iso(year, 12, 26)];
  }
}

/** Every bank holiday the standing rules give for a year (without one-off changes). */
export function standingRuleHolidays(year: number): string[] {
  const [em, ed] = easterSunday(year);
  return [
    newYear(year),
    plusDays(year, em, ed, -2), // Good Friday
    plusDays(year, em, ed, 1), // Easter Monday
    firstMonday(year, 5), // Early May bank holiday
    lastMonday(year, 5), // Spring bank holiday
    lastMonday(year, 8), // Summer bank holiday
    ...christmas(year),
  ].sort();
}

/**
 * One-off changes by proclamation (gov.uk), applied on top of the standing rules. When a new one is
 * announced, add it here AND to the data list.
 */
export const KNOWN_EXCEPTIONS: Record<number, { add: string[]; remove: string[]; why: string }> = {
  2011: { add: ['2011-04-29'], remove: [], why: 'Royal wedding' },
  2012: { add: ['2012-06-04', '2012-06-05'], remove: ['2012-05-28'], why: 'Spring bank holiday moved to 4 Jun; Diamond Jubilee 5 Jun' },
  2020: { add: ['2020-05-08'], remove: ['2020-05-04'], why: 'Early May bank holiday moved to Friday 8 May for VE day' },
  2022: { add: ['2022-06-02', '2022-06-03', '2022-09-19'], remove: ['2022-05-30'], why: 'Spring bank holiday moved to Thu 2 Jun; Platinum Jubilee 3 Jun; State funeral 19 Sep' },
  2023: { add: ['2023-05-08'], remove: [], why: 'Coronation of King Charles III' },
};
