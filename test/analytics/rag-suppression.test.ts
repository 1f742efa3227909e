import { MeasureUnit, Polarity } from '../../src/analytics/measures';
import { DirectionOfTravel, directionOf, inheritSuppression, Rag, ragOf, suppress, SuppressionReason, TargetKind, type Target } from '../../src/analytics/rag';
import { isQuarterEnd, periodEnding, periodSeries, PeriodType, quartersIn } from '../../src/analytics/periods';

const target = (t: Partial<Target>): Target => ({ kind: TargetKind.VALUE, value: null, low: null, high: null, boundOperator: null, amberMargin: null, source: 'test', validFrom: '2020-01-01', ...t });

describe('RAG from target and polarity', () => {
  it('VALUE target, high is good (assessments within 45 WD, target 85, amber margin 5)', () => {
    const t = target({ value: 85, amberMargin: 5 });
    expect(ragOf(85, t, Polarity.HIGH_IS_GOOD)).toBe(Rag.GREEN); // meets it exactly
    expect(ragOf(91.2, t, Polarity.HIGH_IS_GOOD)).toBe(Rag.GREEN);
    expect(ragOf(80, t, Polarity.HIGH_IS_GOOD)).toBe(Rag.AMBER); // 5 short: on the margin
    expect(ragOf(79.9, t, Polarity.HIGH_IS_GOOD)).toBe(Rag.RED);
  });
  it('VALUE target, low is good', () => {
    const t = target({ value: 20, amberMargin: 3 });
    expect(ragOf(19, t, Polarity.LOW_IS_GOOD)).toBe(Rag.GREEN);
    expect(ragOf(23, t, Polarity.LOW_IS_GOOD)).toBe(Rag.AMBER);
    expect(ragOf(23.1, t, Polarity.LOW_IS_GOOD)).toBe(Rag.RED);
  });
  it('VALUE target on a neutral measure: NONE', () => {
    expect(ragOf(10, target({ value: 10 }), Polarity.NEUTRAL)).toBe(Rag.NONE);
  });
  it('RANGE target (CP plan rate 35-40, margin 3): ends included, polarity ignored', () => {
    const t = target({ kind: TargetKind.RANGE, low: 35, high: 40, amberMargin: 3 });
    expect(ragOf(35, t, Polarity.NEUTRAL)).toBe(Rag.GREEN);
    expect(ragOf(40, t, Polarity.NEUTRAL)).toBe(Rag.GREEN);
    expect(ragOf(43, t, Polarity.NEUTRAL)).toBe(Rag.AMBER);
    expect(ragOf(31.9, t, Polarity.NEUTRAL)).toBe(Rag.RED);
  });
  it('BOUND target ("<20%": 20 itself is not green)', () => {
    const t = target({ kind: TargetKind.BOUND, value: 20, boundOperator: 'LT', amberMargin: 3 });
    expect(ragOf(19.9, t, Polarity.LOW_IS_GOOD)).toBe(Rag.GREEN);
    expect(ragOf(20, t, Polarity.LOW_IS_GOOD)).toBe(Rag.AMBER);
    expect(ragOf(24, t, Polarity.LOW_IS_GOOD)).toBe(Rag.RED);
    expect(ragOf(100, target({ kind: TargetKind.BOUND, value: 95, boundOperator: 'GE' }), Polarity.HIGH_IS_GOOD)).toBe(Rag.GREEN);
    expect(ragOf(94.9, target({ kind: TargetKind.BOUND, value: 95, boundOperator: 'GE' }), Polarity.HIGH_IS_GOOD)).toBe(Rag.RED); // no margin: no amber
  });
  it('no target or no value: NONE', () => {
    expect(ragOf(50, null, Polarity.HIGH_IS_GOOD)).toBe(Rag.NONE);
    expect(ragOf(null, target({ value: 50 }), Polarity.HIGH_IS_GOOD)).toBe(Rag.NONE);
  });
});

describe('direction of travel', () => {
  it('follows polarity; neutral measures go up or down; unknown next to a missing value', () => {
    expect(directionOf(90, 80, Polarity.HIGH_IS_GOOD)).toBe(DirectionOfTravel.IMPROVING);
    expect(directionOf(90, 80, Polarity.LOW_IS_GOOD)).toBe(DirectionOfTravel.WORSENING);
    expect(directionOf(80, 80, Polarity.LOW_IS_GOOD)).toBe(DirectionOfTravel.SAME);
    expect(directionOf(70, 80, Polarity.NEUTRAL)).toBe(DirectionOfTravel.DOWN);
    expect(directionOf(null, 80, Polarity.NEUTRAL)).toBe(DirectionOfTravel.UNKNOWN);
  });
});

describe('small-number suppression (ANALYTICS)', () => {
  it('counts 1-4 are withheld; 0 and 5 are shown', () => {
    expect(suppress(MeasureUnit.COUNT, 0, null, true)).toMatchObject({ numerator: 0, value: 0, suppressed: false });
    expect(suppress(MeasureUnit.COUNT, 1, null, true)).toMatchObject({ numerator: null, value: null, suppressed: true, reason: SuppressionReason.SMALL_NUMERATOR });
    expect(suppress(MeasureUnit.COUNT, 4, null, true)).toMatchObject({ suppressed: true });
    expect(suppress(MeasureUnit.COUNT, 5, null, true)).toMatchObject({ numerator: 5, value: 5, suppressed: false });
  });
  it('a rate is withheld with its numerator (the population is public)', () => {
    expect(suppress(MeasureUnit.RATE_PER_10000, 3, 118300, true)).toMatchObject({ numerator: null, denominator: 118300, value: null, reason: SuppressionReason.SMALL_NUMERATOR });
  });
  it('percentages: small denominator hides all; small numerator hides it and the value', () => {
    expect(suppress(MeasureUnit.PERCENT, 2, 3, true)).toMatchObject({ numerator: null, denominator: null, value: null, reason: SuppressionReason.SMALL_DENOMINATOR });
    expect(suppress(MeasureUnit.PERCENT, 3, 20, true)).toMatchObject({ numerator: null, denominator: 20, value: null, reason: SuppressionReason.SMALL_NUMERATOR });
  });
  it('secondary: 18 of 20 would reveal the 2 not counted, so numerator and value are withheld', () => {
    expect(suppress(MeasureUnit.PERCENT, 18, 20, true)).toMatchObject({ numerator: null, denominator: 20, value: null, reason: SuppressionReason.SMALL_COMPLEMENT });
    expect(suppress(MeasureUnit.PERCENT, 20, 20, true)).toMatchObject({ numerator: 20, value: 100, suppressed: false }); // complement 0 is shown
    expect(suppress(MeasureUnit.PERCENT, 0, 20, true)).toMatchObject({ numerator: 0, value: 0, suppressed: false });
  });
  it('nothing is withheld when suppression is not applied (internal checks only; the API always applies it)', () => {
    expect(suppress(MeasureUnit.PERCENT, 1, 2, false)).toMatchObject({ numerator: 1, denominator: 2, value: 50, suppressed: false });
  });
});

describe('secondary suppression across periods', () => {
  const P = MeasureUnit.PERCENT;
  it('a year to date withholds what any of its quarters withholds', () => {
    const shownYtd = suppress(P, 30, 50, true);
    expect(inheritSuppression(shownYtd, [suppress(P, 20, 30, true), suppress(P, 10, 20, true)])).toBe(shownYtd);
    // Q2 numerator 3 withheld: the year's numerator and value go too, its denominator stays.
    expect(inheritSuppression(shownYtd, [suppress(P, 27, 30, true), suppress(P, 3, 20, true)])).toMatchObject({ numerator: null, denominator: 50, value: null, reason: SuppressionReason.SECONDARY_PERIOD });
    // Q2 denominator 3 withheld: so is the year's.
    expect(inheritSuppression(suppress(P, 30, 33, true), [suppress(P, 28, 30, true), suppress(P, 2, 3, true)])).toMatchObject({ numerator: null, denominator: null, reason: SuppressionReason.SECONDARY_PERIOD });
  });
  it('a cell already withholding its numerator also withholds the denominator a quarter withheld', () => {
    const own = suppress(P, 2, 6, true);
    expect(own).toMatchObject({ denominator: 6, reason: SuppressionReason.SMALL_NUMERATOR });
    expect(inheritSuppression(own, [suppress(P, 0, 3, true), suppress(P, 2, 3, true)])).toMatchObject({ numerator: null, denominator: null, reason: SuppressionReason.SECONDARY_PERIOD });
    expect(inheritSuppression(own, [suppress(P, 0, 5, true), suppress(P, 2, 6, true)])).toBe(own);
  });
  it('counts: a rolling year with a withheld quarter is withheld', () => {
    const year = suppress(MeasureUnit.COUNT, 30, null, true);
    expect(inheritSuppression(year, [10, 8, 3, 9].map((n) => suppress(MeasureUnit.COUNT, n, null, true)))).toMatchObject({ numerator: null, value: null, suppressed: true, reason: SuppressionReason.SECONDARY_PERIOD });
  });
  it('periods ending on quarter ends are runs of whole quarters', () => {
    expect(['2026-03-31', '2026-06-30', '2026-09-30', '2026-12-31'].every(isQuarterEnd)).toBe(true);
    expect(['2026-09-29', '2026-10-31', '2024-02-29'].some(isQuarterEnd)).toBe(false);
    expect(quartersIn(periodEnding(PeriodType.FINANCIAL_YEAR_TO_DATE, '2026-12-31')).map((q) => q.label)).toEqual(['Q1 2026-27', 'Q2 2026-27', 'Q3 2026-27']);
    expect(quartersIn(periodEnding(PeriodType.ROLLING_12_MONTHS, '2026-06-30')).map((q) => q.start)).toEqual(['2025-07-01', '2025-10-01', '2026-01-01', '2026-04-01']);
    expect(() => quartersIn(periodEnding(PeriodType.QUARTER, '2026-08-15'))).toThrow(RangeError);
  });
});

describe('periods', () => {
  it('quarters, year to date and rolling 12 months, with a leap day', () => {
    expect(periodEnding(PeriodType.FINANCIAL_YEAR_TO_DATE, '2024-02-29')).toEqual({ start: '2023-04-01', end: '2024-02-29', label: '2023-24 to 2024-02-29' });
    expect(periodEnding(PeriodType.ROLLING_12_MONTHS, '2024-02-29')).toMatchObject({ start: '2023-03-01', end: '2024-02-29' });
    expect(periodEnding(PeriodType.ROLLING_12_MONTHS, '2025-02-28')).toMatchObject({ start: '2024-03-01', end: '2025-02-28' });
    expect(periodEnding(PeriodType.QUARTER, '2024-05-15')).toEqual({ start: '2024-04-01', end: '2024-05-15', label: 'Q1 2024-25 to 2024-05-15' });
  });
  it('trend steps back whole quarters from a quarter end', () => {
    expect(periodSeries(PeriodType.QUARTER, '2024-06-30', 3).map((p) => `${p.start}..${p.end}`)).toEqual([
      '2024-04-01..2024-06-30',
      '2024-01-01..2024-03-31',
      '2023-10-01..2023-12-31',
    ]);
    expect(periodSeries(PeriodType.FINANCIAL_YEAR_TO_DATE, '2024-09-30', 2).map((p) => `${p.start}..${p.end}`)).toEqual(['2024-04-01..2024-09-30', '2023-04-01..2023-09-30']);
  });
});
