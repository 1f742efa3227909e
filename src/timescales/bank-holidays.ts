/**
 * England and Wales bank holidays, 2010–2030: THE source of truth for working-day arithmetic.
 *
 * Every date is listed as it was (or will be) observed, including substitute days and one-off
 * holidays. Source: the gov.uk feed https://www.gov.uk/bank-holidays.json (division
 * `england-and-wales`); years the feed had not yet published when this list was written (2028–2030)
 * follow the standing rules (see docs/timescales.md) and must be re-checked against the feed once
 * published, because one-off holidays are announced only a year or two ahead.
 *
 * HOW TO ADD YEARS: append the year's dates to BANK_HOLIDAYS below (in date order), copied from the
 * gov.uk feed. Coverage is derived from this list (FIRST_COVERED_YEAR..LAST_COVERED_YEAR), so the
 * engine starts accepting the new year at once; test/timescales/bank-holidays.test.ts then
 * cross-checks it against the computed rules (Easter, first/last Mondays, substitutes) and fails for
 * an unexplained difference (add a one-off to that test's KNOWN_EXCEPTIONS) or a gap year.
 * Working-day arithmetic throws `OutsideCoveredYearsError` for any date outside the covered years,
 * so a missing year can never be silently counted as a year without bank holidays.
 */

export interface BankHoliday {
  /** ISO calendar date, YYYY-MM-DD. */
  date: string;
  /** Title as on gov.uk. */
  title: string;
  /** "Substitute day", "Extra bank holiday", "Moved" and similar, as on gov.uk; empty otherwise. */
  notes: string;
}

const h = (date: string, title: string, notes = ''): BankHoliday => ({ date, title, notes });

export const BANK_HOLIDAYS: readonly BankHoliday[] = Object.freeze([
  // 2010
  h('2010-01-01', 'New Year’s Day'),
  h('2010-04-02', 'Good Friday'),
  h('2010-04-05', 'Easter Monday'),
  h('2010-05-03', 'Early May bank holiday'),
  h('2010-05-31', 'Spring bank holiday'),
  h('2010-08-30', 'Summer bank holiday'),
  h('2010-12-27', 'Christmas Day', 'Substitute day'), // 25 Dec was a Saturday
  h('2010-12-28', 'Boxing Day', 'Substitute day'), // 26 Dec was a Sunday
  // 2011
  h('2011-01-03', 'New Year’s Day', 'Substitute day'), // 1 Jan was a Saturday
  h('2011-04-22', 'Good Friday'),
  h('2011-04-25', 'Easter Monday'),
  h('2011-04-29', 'Royal wedding', 'Extra bank holiday'), // Prince William and Catherine Middleton
  h('2011-05-02', 'Early May bank holiday'),
  h('2011-05-30', 'Spring bank holiday'),
  h('2011-08-29', 'Summer bank holiday'),
  h('2011-12-26', 'Boxing Day'),
  h('2011-12-27', 'Christmas Day', 'Substitute day'), // 25 Dec was a Sunday
  // 2012
  h('2012-01-02', 'New Year’s Day', 'Substitute day'), // 1 Jan was a Sunday
  h('2012-04-06', 'Good Friday'),
  h('2012-04-09', 'Easter Monday'),
  h('2012-05-07', 'Early May bank holiday'),
  h('2012-06-04', 'Spring bank holiday', 'Moved from 28 May'), // for the Diamond Jubilee weekend
  h('2012-06-05', 'Queen’s Diamond Jubilee', 'Extra bank holiday'),
  h('2012-08-27', 'Summer bank holiday'),
  h('2012-12-25', 'Christmas Day'),
  h('2012-12-26', 'Boxing Day'),
  // 2013
  h('2013-01-01', 'New Year’s Day'),
  h('2013-03-29', 'Good Friday'),
  h('2013-04-01', 'Easter Monday'),
  h('2013-05-06', 'Early May bank holiday'),
  h('2013-05-27', 'Spring bank holiday'),
  h('2013-08-26', 'Summer bank holiday'),
  h('2013-12-25', 'Christmas Day'),
  h('2013-12-26', 'Boxing Day'),
  // 2014
  h('2014-01-01', 'New Year’s Day'),
  h('2014-04-18', 'Good Friday'),
  h('2014-04-21', 'Easter Monday'),
  h('2014-05-05', 'Early May bank holiday'),
  h('2014-05-26', 'Spring bank holiday'),
  h('2014-08-25', 'Summer bank holiday'),
  h('2014-12-25', 'Christmas Day'),
  h('2014-12-26', 'Boxing Day'),
  // 2015
  h('2015-01-01', 'New Year’s Day'),
  h('2015-04-03', 'Good Friday'),
  h('2015-04-06', 'Easter Monday'),
  h('2015-05-04', 'Early May bank holiday'),
  h('2015-05-25', 'Spring bank holiday'),
  h('2015-08-31', 'Summer bank holiday'),
  h('2015-12-25', 'Christmas Day'),
  h('2015-12-28', 'Boxing Day', 'Substitute day'), // 26 Dec was a Saturday
  // 2016
  h('2016-01-01', 'New Year’s Day'),
  h('2016-03-25', 'Good Friday'),
  h('2016-03-28', 'Easter Monday'),
  h('2016-05-02', 'Early May bank holiday'),
  h('2016-05-30', 'Spring bank holiday'),
  h('2016-08-29', 'Summer bank holiday'),
  h('2016-12-26', 'Boxing Day'),
  h('2016-12-27', 'Christmas Day', 'Substitute day'), // 25 Dec was a Sunday
  // 2017
  h('2017-01-02', 'New Year’s Day', 'Substitute day'), // 1 Jan was a Sunday
  h('2017-04-14', 'Good Friday'),
  h('2017-04-17', 'Easter Monday'),
  h('2017-05-01', 'Early May bank holiday'),
  h('2017-05-29', 'Spring bank holiday'),
  h('2017-08-28', 'Summer bank holiday'),
  h('2017-12-25', 'Christmas Day'),
  h('2017-12-26', 'Boxing Day'),
  // 2018
  h('2018-01-01', 'New Year’s Day'),
  h('2018-03-30', 'Good Friday'),
  h('2018-04-02', 'Easter Monday'),
  h('2018-05-07', 'Early May bank holiday'),
  h('2018-05-28', 'Spring bank holiday'),
  h('2018-08-27', 'Summer bank holiday'),
  h('2018-12-25', 'Christmas Day'),
  h('2018-12-26', 'Boxing Day'),
  // 2019
  h('2019-01-01', 'New Year’s Day'),
  h('2019-04-19', 'Good Friday'),
  h('2019-04-22', 'Easter Monday'),
  h('2019-05-06', 'Early May bank holiday'),
  h('2019-05-27', 'Spring bank holiday'),
  h('2019-08-26', 'Summer bank holiday'),
  h('2019-12-25', 'Christmas Day'),
  h('2019-12-26', 'Boxing Day'),
  // 2020
  h('2020-01-01', 'New Year’s Day'),
  h('2020-04-10', 'Good Friday'),
  h('2020-04-13', 'Easter Monday'),
  h('2020-05-08', 'Early May bank holiday (VE day)', 'Moved from 4 May'), // 75th anniversary of VE day
  h('2020-05-25', 'Spring bank holiday'),
  h('2020-08-31', 'Summer bank holiday'),
  h('2020-12-25', 'Christmas Day'),
  h('2020-12-28', 'Boxing Day', 'Substitute day'), // 26 Dec was a Saturday
  // 2021
  h('2021-01-01', 'New Year’s Day'),
  h('2021-04-02', 'Good Friday'),
  h('2021-04-05', 'Easter Monday'),
  h('2021-05-03', 'Early May bank holiday'),
  h('2021-05-31', 'Spring bank holiday'),
  h('2021-08-30', 'Summer bank holiday'),
  h('2021-12-27', 'Christmas Day', 'Substitute day'), // 25 Dec was a Saturday
  h('2021-12-28', 'Boxing Day', 'Substitute day'), // 26 Dec was a Sunday
  // 2022
  h('2022-01-03', 'New Year’s Day', 'Substitute day'), // 1 Jan was a Saturday
  h('2022-04-15', 'Good Friday'),
  h('2022-04-18', 'Easter Monday'),
  h('2022-05-02', 'Early May bank holiday'),
  h('2022-06-02', 'Spring bank holiday', 'Moved from 30 May'), // a Thursday, for the Platinum Jubilee
  h('2022-06-03', 'Platinum Jubilee bank holiday', 'Extra bank holiday'),
  h('2022-08-29', 'Summer bank holiday'),
  h('2022-09-19', 'Bank Holiday for the State Funeral of Queen Elizabeth II', 'Extra bank holiday'),
  h('2022-12-26', 'Boxing Day'),
  h('2022-12-27', 'Christmas Day', 'Substitute day'), // 25 Dec was a Sunday
  // 2023
  h('2023-01-02', 'New Year’s Day', 'Substitute day'), // 1 Jan was a Sunday
  h('2023-04-07', 'Good Friday'),
  h('2023-04-10', 'Easter Monday'),
  h('2023-05-01', 'Early May bank holiday'),
  h('2023-05-08', 'Bank holiday for the coronation of King Charles III', 'Extra bank holiday'),
  h('2023-05-29', 'Spring bank holiday'),
  h('2023-08-28', 'Summer bank holiday'),
  h('2023-12-25', 'Christmas Day'),
  h('2023-12-26', 'Boxing Day'),
  // 2024
  h('2024-01-01', 'New Year’s Day'),
  h('2024-03-29', 'Good Friday'),
  h('2024-04-01', 'Easter Monday'),
  h('2024-05-06', 'Early May bank holiday'),
  h('2024-05-27', 'Spring bank holiday'),
  h('2024-08-26', 'Summer bank holiday'),
  h('2024-12-25', 'Christmas Day'),
  h('2024-12-26', 'Boxing Day'),
  // 2025
  h('2025-01-01', 'New Year’s Day'),
  h('2025-04-18', 'Good Friday'),
  h('2025-04-21', 'Easter Monday'),
  h('2025-05-05', 'Early May bank holiday'),
  h('2025-05-26', 'Spring bank holiday'),
  h('2025-08-25', 'Summer bank holiday'),
  h('2025-12-25', 'Christmas Day'),
  h('2025-12-26', 'Boxing Day'),
  // 2026
  h('2026-01-01', 'New Year’s Day'),
  h('2026-04-03', 'Good Friday'),
  h('2026-04-06', 'Easter Monday'),
  h('2026-05-04', 'Early May bank holiday'),
  h('2026-05-25', 'Spring bank holiday'),
  h('2026-08-31', 'Summer bank holiday'),
  h('2026-12-25', 'Christmas Day'),
  h('2026-12-28', 'Boxing Day', 'Substitute day'), // 26 Dec is a Saturday
  // 2027
  h('2027-01-01', 'New Year’s Day'),
  h('2027-03-26', 'Good Friday'),
  h('2027-03-29', 'Easter Monday'),
  h('2027-05-03', 'Early May bank holiday'),
  h('2027-05-31', 'Spring bank holiday'),
  h('2027-08-30', 'Summer bank holiday'),
  h('2027-12-27', 'Christmas Day', 'Substitute day'), // 25 Dec is a Saturday
  h('2027-12-28', 'Boxing Day', 'Substitute day'), // 26 Dec is a Sunday
  // 2028 (standing rules; re-check against gov.uk when published)
  h('2028-01-03', 'New Year’s Day', 'Substitute day'), // 1 Jan is a Saturday
  h('2028-04-14', 'Good Friday'),
  h('2028-04-17', 'Easter Monday'),
  h('2028-05-01', 'Early May bank holiday'),
  h('2028-05-29', 'Spring bank holiday'),
  h('2028-08-28', 'Summer bank holiday'),
  h('2028-12-25', 'Christmas Day'),
  h('2028-12-26', 'Boxing Day'),
  // 2029 (standing rules; re-check against gov.uk when published)
  h('2029-01-01', 'New Year’s Day'),
  h('2029-03-30', 'Good Friday'),
  h('2029-04-02', 'Easter Monday'),
  h('2029-05-07', 'Early May bank holiday'),
  h('2029-05-28', 'Spring bank holiday'),
  h('2029-08-27', 'Summer bank holiday'),
  h('2029-12-25', 'Christmas Day'),
  h('2029-12-26', 'Boxing Day'),
  // 2030 (standing rules; re-check against gov.uk when published)
  h('2030-01-01', 'New Year’s Day'),
  h('2030-04-19', 'Good Friday'),
  h('2030-04-22', 'Easter Monday'),
  h('2030-05-06', 'Early May bank holiday'),
  h('2030-05-27', 'Spring bank holiday'),
  h('2030-08-26', 'Summer bank holiday'),
  h('2030-12-25', 'Christmas Day'),
  h('2030-12-26', 'Boxing Day'),
]);

const yearOf = (date: string): number => Number(date.slice(0, 4));

/** First calendar year the list covers (derived from the data, so appending a year extends coverage). */
export const FIRST_COVERED_YEAR: number = Math.min(...BANK_HOLIDAYS.map((b) => yearOf(b.date)));
/** Last calendar year the list covers. */
export const LAST_COVERED_YEAR: number = Math.max(...BANK_HOLIDAYS.map((b) => yearOf(b.date)));

const BY_DATE: ReadonlyMap<string, BankHoliday> = new Map(BANK_HOLIDAYS.map((b) => [b.date, b]));

/** Thrown for any date outside the years the bank holiday list covers. */
export class OutsideCoveredYearsError extends RangeError {
  constructor(readonly date: string) {
    super(
      `Date ${date} is outside the years covered by the England and Wales bank holiday list ` +
        `(${FIRST_COVERED_YEAR}–${LAST_COVERED_YEAR}); working days cannot be counted. ` +
        `Append that year's bank holidays to src/timescales/bank-holidays.ts (see docs/timescales.md).`,
    );
    this.name = 'OutsideCoveredYearsError';
  }
}

/** Throws OutsideCoveredYearsError unless the ISO date's year is covered by the list. */
export function assertCovered(date: string): void {
  const y = yearOf(date);
  if (!(y >= FIRST_COVERED_YEAR && y <= LAST_COVERED_YEAR)) throw new OutsideCoveredYearsError(date);
}

/** The bank holiday on this ISO date, or undefined. Throws outside the covered years. */
export function bankHolidayOn(date: string): BankHoliday | undefined {
  assertCovered(date);
  return BY_DATE.get(date);
}

/** True when the ISO date is an England and Wales bank holiday. Throws outside the covered years. */
export function isBankHoliday(date: string): boolean {
  return bankHolidayOn(date) !== undefined;
}
