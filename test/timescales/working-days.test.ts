import { OutsideCoveredYearsError } from '../../src/timescales/bank-holidays';
import {
  addCalendarDays,
  addHours,
  addMonths,
  addWorkingDays,
  ageInYears,
  calendarDaysBetween,
  InvalidDateError,
  isWorkingDay,
  londonDate,
  workingDaysBetween,
} from '../../src/timescales/working-days';

describe('isWorkingDay', () => {
  it.each([
    ['2025-06-06', true], // Friday
    ['2025-06-07', false], // Saturday
    ['2025-06-08', false], // Sunday
    ['2025-06-09', true], // Monday
    ['2025-04-18', false], // Good Friday
    ['2025-12-26', false], // Boxing Day (Friday)
    ['2012-05-28', true], // last Monday of May 2012, but Spring bank holiday was moved to 4 June
    ['2024-02-29', true], // leap day, a Thursday
  ])('%s → %s', (date, expected) => expect(isWorkingDay(date)).toBe(expected));
});

describe('addWorkingDays (the start day is day 0)', () => {
  it.each([
    // weekends
    ['2025-06-06', 1, '2025-06-09'], // Fri + 1 → Sat, Sun skipped → Mon 9
    ['2025-06-07', 1, '2025-06-09'], // starting on a Saturday: the first working day after is Mon 9
    ['2025-06-07', 0, '2025-06-07'], // n = 0 is the start day itself, even at a weekend
    ['2025-06-02', 5, '2025-06-09'], // Mon + 5 → next Mon
    // Easter 2025: Good Friday 18 Apr, Easter Monday 21 Apr
    ['2025-04-17', 1, '2025-04-22'], // Thu 17 + 1 → Fri 18 GF, Sat, Sun, Mon 21 EM → Tue 22
    // early May, spring and summer bank holidays (first/last Mondays)
    ['2025-05-02', 1, '2025-05-06'], // Fri 2 May + 1 → Mon 5 May BH → Tue 6
    ['2025-05-23', 1, '2025-05-27'], // Fri 23 May + 1 → Mon 26 May BH → Tue 27
    ['2025-08-22', 1, '2025-08-26'], // Fri 22 Aug + 1 → Mon 25 Aug BH → Tue 26
    // Christmas / New Year runs
    ['2022-12-23', 1, '2022-12-28'], // Fri 23 → Sat 24, Sun 25, Mon 26 Boxing, Tue 27 Christmas (substitute) → Wed 28
    ['2022-12-30', 1, '2023-01-03'], // Fri 30 → Sat 31, Sun 1 Jan, Mon 2 Jan New Year (substitute) → Tue 3
    ['2021-12-24', 1, '2021-12-29'], // Fri 24 → Sat 25, Sun 26, Mon 27 + Tue 28 (both substitutes) → Wed 29
    ['2015-12-24', 1, '2015-12-29'], // Thu 24 → Fri 25 Christmas, Sat, Sun, Mon 28 Boxing (substitute) → Tue 29
    ['2010-12-24', 1, '2010-12-29'], // Fri 24 → Mon 27 + Tue 28 substitutes → Wed 29
    ['2024-12-23', 3, '2024-12-30'], // Mon 23: Tue 24 (1), Wed 25 + Thu 26 BH, Fri 27 (2), Mon 30 (3)
    // one-off holidays
    ['2011-04-28', 1, '2011-05-03'], // Thu 28 → Fri 29 royal wedding, Sat, Sun, Mon 2 May early May → Tue 3
    ['2012-06-01', 1, '2012-06-06'], // Fri 1 → Mon 4 Spring (moved) + Tue 5 Diamond Jubilee → Wed 6
    ['2012-05-25', 1, '2012-05-28'], // Fri 25 → Mon 28 May 2012 is a working day (Spring moved)
    ['2020-05-07', 1, '2020-05-11'], // Thu 7 → Fri 8 VE day → Mon 11
    ['2020-05-01', 1, '2020-05-04'], // Fri 1 → Mon 4 May 2020 is a working day (moved to 8 May)
    ['2022-06-01', 1, '2022-06-06'], // Wed 1 → Thu 2 Spring (moved) + Fri 3 Platinum Jubilee → Mon 6
    ['2022-09-16', 1, '2022-09-20'], // Fri 16 → Mon 19 state funeral → Tue 20
    ['2023-05-05', 1, '2023-05-09'], // Fri 5 → Mon 8 coronation → Tue 9
    // leap days
    ['2024-02-28', 1, '2024-02-29'], // Wed 28 → Thu 29 Feb 2024
    ['2024-02-29', 1, '2024-03-01'], // Thu 29 → Fri 1 Mar
    ['2023-02-28', 1, '2023-03-01'], // Tue 28 Feb 2023 → Wed 1 Mar (no 29th)
    // counting back
    ['2022-12-28', -1, '2022-12-23'], // Wed 28 back over Tue 27, Mon 26 (BH), Sun, Sat → Fri 23
    ['2025-04-22', -2, '2025-04-16'], // Tue 22 back: Thu 17 (1), Wed 16 (2)
  ])('%s + %i WD = %s', (date, n, expected) => expect(addWorkingDays(date, n)).toBe(expected));

  it('refuses a fractional count', () => expect(() => addWorkingDays('2025-01-06', 1.5)).toThrow(RangeError));
});

describe('workingDaysBetween (working days after a, up to and including b)', () => {
  it.each([
    ['2025-06-06', '2025-06-09', 1], // Fri → Mon: only Mon counts
    ['2025-06-06', '2025-06-08', 0], // Fri → Sun: none
    ['2025-06-06', '2025-06-06', 0],
    ['2022-12-23', '2023-01-03', 4], // 28, 29, 30 Dec and 3 Jan (26, 27 Dec and 2 Jan are holidays)
    ['2024-02-26', '2024-03-04', 5], // Tue 27, Wed 28, Thu 29 (leap day), Fri 1, Mon 4
    ['2025-04-10', '2025-05-06', 15], // the ICPC case: 15 WD across Easter and early May
    ['2025-06-09', '2025-06-06', -1], // antisymmetric: −(WD after Fri 6 up to Mon 9)
  ])('%s → %s = %i', (a, b, expected) => expect(workingDaysBetween(a, b)).toBe(expected));

  it('round-trips with addWorkingDays for every start day of 2022–2025 and n up to 50', () => {
    for (let d = '2022-01-01'; d < '2025-11-01'; d = addCalendarDays(d, 1)) {
      for (const n of [0, 1, 2, 15, 45]) expect(workingDaysBetween(d, addWorkingDays(d, n))).toBe(n);
    }
  });
});

describe('calendar days and months', () => {
  it('adds calendar days across a leap day', () => {
    expect(addCalendarDays('2024-02-28', 2)).toBe('2024-03-01'); // 29 Feb exists in 2024
    expect(addCalendarDays('2023-02-28', 2)).toBe('2023-03-02');
    expect(calendarDaysBetween('2024-02-01', '2024-03-01')).toBe(29);
    expect(calendarDaysBetween('2024-03-01', '2024-02-01')).toBe(-29);
  });

  it.each([
    ['2024-01-31', 1, '2024-02-29'], // clamped to leap-year February
    ['2023-01-31', 1, '2023-02-28'], // clamped to common-year February
    ['2024-02-29', 12, '2025-02-28'], // leap day + 1 year → 28 Feb
    ['2024-02-29', 48, '2028-02-29'], // leap day + 4 years → 29 Feb again
    ['2024-11-30', 3, '2025-02-28'], // ICPC 30 Nov → first review by 28 Feb
    ['2023-11-30', 3, '2024-02-29'],
    ['2025-08-31', 6, '2026-02-28'],
    ['2025-03-31', 1, '2025-04-30'],
    ['2024-12-15', 1, '2025-01-15'], // year roll-over
    ['2024-03-31', -1, '2024-02-29'], // backwards, clamped
    ['2025-01-15', -13, '2023-12-15'],
  ])('%s + %i months = %s', (date, n, expected) => expect(addMonths(date, n)).toBe(expected));

  it('computes age in whole years', () => {
    expect(ageInYears('2021-03-15', '2026-03-14')).toBe(4);
    expect(ageInYears('2021-03-15', '2026-03-15')).toBe(5);
    expect(ageInYears('2020-02-29', '2025-02-28')).toBe(4); // leap-day birthday counts from 1 Mar in common years
    expect(ageInYears('2020-02-29', '2025-03-01')).toBe(5);
  });
});

describe('hours and time zones', () => {
  it('72 hours across the autumn clock change (26 Oct 2025) is exact elapsed time', () => {
    // Returned Fri 24 Oct 2025 18:00 BST = 17:00Z. +72 h = Mon 27 Oct 17:00Z, which is 17:00 GMT on the
    // wall clock (not 18:00): the clocks went back an hour at 02:00 BST on Sun 26 Oct.
    const due = addHours('2025-10-24T18:00:00+01:00', 72);
    expect(due.toISOString()).toBe('2025-10-27T17:00:00.000Z');
    expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' }).format(due)).toBe('17:00');
  });

  it('72 hours across the spring clock change (29 Mar 2026)', () => {
    // Fri 27 Mar 2026 12:00 GMT + 72 h = Mon 30 Mar 12:00Z = 13:00 BST on the wall clock.
    expect(addHours('2026-03-27T12:00:00Z', 72).toISOString()).toBe('2026-03-30T12:00:00.000Z');
  });

  it('takes the England wall-clock date of an instant, not the UTC date', () => {
    expect(londonDate('2025-03-31T23:30:00Z')).toBe('2025-04-01'); // 00:30 BST on 1 April
    expect(londonDate('2025-01-31T23:30:00Z')).toBe('2025-01-31'); // GMT: same as UTC
    expect(londonDate(new Date('2025-10-25T23:30:00Z'))).toBe('2025-10-26'); // 00:30 BST, the night the clocks go back
  });

  it('refuses a timestamp without an offset (it would be read in the server time zone)', () => {
    expect(() => addHours('2025-10-24T18:00:00', 72)).toThrow(InvalidDateError);
  });
});

describe('errors', () => {
  it.each(['2009-12-31', '2031-01-02', '1999-01-01'])('isWorkingDay(%s) throws OutsideCoveredYearsError', (d) => {
    expect(() => isWorkingDay(d)).toThrow(OutsideCoveredYearsError);
  });

  it('throws when counting runs past the last covered year', () => {
    // Tue 24 Dec 2030: 25, 26 BH; Fri 27 (1), Mon 30 (2), Tue 31 (3), then 1 Jan 2031 is not covered.
    expect(addWorkingDays('2030-12-24', 3)).toBe('2030-12-31');
    expect(() => addWorkingDays('2030-12-24', 4)).toThrow(OutsideCoveredYearsError);
    expect(() => addWorkingDays('2010-01-05', -3)).toThrow(/2009-12-31 is outside the years covered/);
    expect(() => workingDaysBetween('2030-12-01', '2031-01-05')).toThrow(OutsideCoveredYearsError);
  });

  it.each(['2025-02-30', '2025-13-01', '2025-1-5', '25-01-05', '2025-01-05T10:00:00Z', ''])('refuses %j as a date', (d) => {
    expect(() => isWorkingDay(d)).toThrow(InvalidDateError);
  });
});
