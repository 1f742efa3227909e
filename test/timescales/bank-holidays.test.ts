import {
  BANK_HOLIDAYS,
  bankHolidayOn,
  FIRST_COVERED_YEAR,
  isBankHoliday,
  LAST_COVERED_YEAR,
  OutsideCoveredYearsError,
} from '../../src/timescales/bank-holidays';
import { christmas, easterSunday, firstMonday, KNOWN_EXCEPTIONS, lastMonday, newYear, standingRuleHolidays } from './holiday-rules';

const years = Array.from({ length: LAST_COVERED_YEAR - FIRST_COVERED_YEAR + 1 }, (_, i) => FIRST_COVERED_YEAR + i);
const listed = (y: number): string[] => BANK_HOLIDAYS.filter((b) => b.date.startsWith(`${y}-`)).map((b) => b.date);
const weekday = (d: string): number => new Date(`${d}T00:00:00Z`).getUTCDay();

describe('bank holiday list: shape and coverage', () => {
  it('covers at least 2010–2030', () => {
    expect(FIRST_COVERED_YEAR).toBeLessThanOrEqual(2010);
    expect(LAST_COVERED_YEAR).toBeGreaterThanOrEqual(2030);
  });

  it('has no gap year: every covered year has at least the 8 standing holidays', () => {
    for (const y of years) expect([y, listed(y).length >= 8]).toEqual([y, true]);
  });

  it('is in date order, without duplicates, with valid dates that are never a Saturday or Sunday', () => {
    const dates = BANK_HOLIDAYS.map((b) => b.date);
    expect([...dates].sort()).toEqual(dates);
    expect(new Set(dates).size).toBe(dates.length);
    for (const d of dates) {
      expect(new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10)).toBe(d);
      expect([d, weekday(d) === 0 || weekday(d) === 6]).toEqual([d, false]);
    }
  });

  it('refuses years outside the list, so a missing year is never counted as holiday-free', () => {
    expect(() => isBankHoliday(`${FIRST_COVERED_YEAR - 1}-12-25`)).toThrow(OutsideCoveredYearsError);
    expect(() => isBankHoliday(`${LAST_COVERED_YEAR + 1}-01-01`)).toThrow(OutsideCoveredYearsError);
    expect(() => isBankHoliday('2031-01-01')).toThrow(/outside the years covered .*2010–2030.*bank-holidays\.ts/);
  });
});

describe('bank holiday list: cross-check against the standing rules, every year', () => {
  it('the Easter algorithm gives known Easter Sundays', () => {
    // Known: 2011-04-24, 2019-04-21, 2024-03-31, 2025-04-20, 2027-03-28.
    expect(easterSunday(2011)).toEqual([4, 24]);
    expect(easterSunday(2019)).toEqual([4, 21]);
    expect(easterSunday(2024)).toEqual([3, 31]);
    expect(easterSunday(2025)).toEqual([4, 20]);
    expect(easterSunday(2027)).toEqual([3, 28]);
  });

  it.each(years)('%i: Good Friday and Easter Monday are listed where the Easter algorithm puts them', (y) => {
    const [m, d] = easterSunday(y);
    const goodFriday = new Date(Date.UTC(y, m - 1, d - 2)).toISOString().slice(0, 10);
    const easterMonday = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
    expect(bankHolidayOn(goodFriday)?.title).toBe('Good Friday');
    expect(bankHolidayOn(easterMonday)?.title).toBe('Easter Monday');
  });

  it.each(years)('%i: New Year, first/last-Monday rules and Christmas/Boxing Day substitutes match the list', (y) => {
    const ex = KNOWN_EXCEPTIONS[y] ?? { add: [], remove: [] };
    expect(isBankHoliday(newYear(y))).toBe(true);
    for (const d of [firstMonday(y, 5), lastMonday(y, 5), lastMonday(y, 8)]) {
      expect([d, isBankHoliday(d)]).toEqual([d, !ex.remove.includes(d)]);
    }
    for (const d of christmas(y)) expect([d, isBankHoliday(d)]).toEqual([d, true]);
  });

  it.each(years)('%i: the list equals the standing rules plus the known one-off changes, exactly', (y) => {
    const ex = KNOWN_EXCEPTIONS[y] ?? { add: [], remove: [] };
    const expected = [...standingRuleHolidays(y).filter((d) => !ex.remove.includes(d)), ...ex.add].sort();
    expect(listed(y)).toEqual(expected);
  });
});

describe('bank holiday list: every kind of holiday, by hand', () => {
  it.each([
    // [date, title fragment]  hand-checked against gov.uk
    ['2010-12-27', 'Christmas Day'], // 25 Dec 2010 was a Saturday → Monday 27
    ['2010-12-28', 'Boxing Day'], // 26 Dec 2010 was a Sunday → Tuesday 28
    ['2011-01-03', 'New Year'], // 1 Jan 2011 was a Saturday → Monday 3
    ['2011-04-29', 'Royal wedding'],
    ['2012-06-04', 'Spring bank holiday'], // moved from 28 May
    ['2012-06-05', 'Diamond Jubilee'],
    ['2015-12-28', 'Boxing Day'], // 26 Dec 2015 was a Saturday → Monday 28
    ['2016-12-27', 'Christmas Day'], // 25 Dec 2016 was a Sunday → Tuesday 27
    ['2020-05-08', 'VE day'], // early May bank holiday moved to Friday 8 May
    ['2022-06-02', 'Spring bank holiday'], // Thursday
    ['2022-06-03', 'Platinum Jubilee'],
    ['2022-09-19', 'State Funeral'],
    ['2022-12-27', 'Christmas Day'], // 25 Dec 2022 was a Sunday → Tuesday 27
    ['2023-01-02', 'New Year'], // 1 Jan 2023 was a Sunday → Monday 2
    ['2023-05-08', 'coronation'],
    ['2024-03-29', 'Good Friday'],
    ['2025-04-21', 'Easter Monday'],
    ['2025-05-05', 'Early May'],
    ['2025-05-26', 'Spring bank holiday'],
    ['2025-08-25', 'Summer bank holiday'],
    ['2026-12-28', 'Boxing Day'], // 26 Dec 2026 is a Saturday → Monday 28
    ['2027-12-27', 'Christmas Day'], // 25 Dec 2027 is a Saturday
  ])('%s is %s', (date, title) => {
    expect(bankHolidayOn(date)?.title).toContain(title);
  });

  // 28 May 2012, 4 May 2020 and 30 May 2022 were moved away; 25 Dec 2022 was a Sunday (the holiday
  // is the Tuesday substitute); 28 Dec 2022 was an ordinary Wednesday.
  it.each(['2012-05-28', '2020-05-04', '2022-05-30', '2022-12-25', '2022-12-28'])(
    '%s is not a bank holiday',
    (date) => expect(isBankHoliday(date)).toBe(false),
  );
});
