/**
 * RAG rating, direction of travel and small-number suppression: pure functions, computed on every
 * request from the figures, the target and the polarity, never stored.
 */
import { MeasureUnit, Polarity } from './measures';

export enum TargetKind {
  /** One figure; polarity says which side is good. */
  VALUE = 'VALUE',
  /** Green inside [low, high], whatever the polarity (e.g. a CP plan rate of 35-40). */
  RANGE = 'RANGE',
  /** Green when the operator holds (e.g. "< 20%"). */
  BOUND = 'BOUND',
}

export type BoundOperator = 'LT' | 'LE' | 'GT' | 'GE';

export interface Target {
  kind: TargetKind;
  value: number | null;
  low: number | null;
  high: number | null;
  boundOperator: BoundOperator | null;
  /** How far on the wrong side of the target (in the measure's unit) is still AMBER; 0/null: no amber band. */
  amberMargin: number | null;
  source: string;
  validFrom: string;
}

export enum Rag {
  RED = 'RED',
  AMBER = 'AMBER',
  GREEN = 'GREEN',
  /** No target, no value (suppressed or nothing to measure), or a VALUE target on a neutral measure. */
  NONE = 'NONE',
}

/**
 * RAG of a value against its target:
 * - VALUE: HIGH_IS_GOOD green at or above the value, LOW_IS_GOOD green at or below it; NEUTRAL: NONE.
 * - RANGE: green inside [low, high] (ends included).
 * - BOUND: green when `value OP bound` holds.
 * Otherwise AMBER when the shortfall is at most `amberMargin`, else RED. The value is compared as
 * displayed (rounded to one decimal place), so a board member can check the colour by eye.
 */
export function ragOf(value: number | null, target: Target | null, polarity: Polarity): Rag {
  if (value == null || !target) return Rag.NONE;
  const margin = target.amberMargin ?? 0;
  let shortfall: number;
  switch (target.kind) {
    case TargetKind.VALUE: {
      const t = target.value!;
      if (polarity === Polarity.NEUTRAL) return Rag.NONE;
      shortfall = polarity === Polarity.HIGH_IS_GOOD ? t - value : value - t;
      if (shortfall <= 0) return Rag.GREEN;
      break;
    }
    case TargetKind.RANGE: {
      if (value >= target.low! && value <= target.high!) return Rag.GREEN;
      shortfall = value < target.low! ? target.low! - value : value - target.high!;
      break;
    }
    case TargetKind.BOUND: {
      const b = target.value!;
      const ok = { LT: value < b, LE: value <= b, GT: value > b, GE: value >= b }[target.boundOperator!];
      if (ok) return Rag.GREEN;
      shortfall = Math.abs(value - b);
      break;
    }
  }
  return shortfall <= margin + 1e-9 ? Rag.AMBER : Rag.RED;
}

export enum DirectionOfTravel {
  IMPROVING = 'IMPROVING',
  WORSENING = 'WORSENING',
  SAME = 'SAME',
  /** Higher than the previous period, for a measure where neither direction is better. */
  UP = 'UP',
  /** Lower than the previous period, for a measure where neither direction is better. */
  DOWN = 'DOWN',
  /** No previous value, or one of the two is suppressed or not computable. */
  UNKNOWN = 'UNKNOWN',
}

/** Direction from the previous period to this one, judged by polarity (scorecard convention: improving = green, same = amber, worse = red). */
export function directionOf(current: number | null, previous: number | null, polarity: Polarity): DirectionOfTravel {
  if (current == null || previous == null) return DirectionOfTravel.UNKNOWN;
  if (current === previous) return DirectionOfTravel.SAME;
  const up = current > previous;
  if (polarity === Polarity.NEUTRAL) return up ? DirectionOfTravel.UP : DirectionOfTravel.DOWN;
  return up === (polarity === Polarity.HIGH_IS_GOOD) ? DirectionOfTravel.IMPROVING : DirectionOfTravel.WORSENING;
}

/** One decimal place for percentages and rates; counts are whole numbers already. */
export function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

/** The value of a measure from its numerator and denominator (null when not computable). */
export function valueOf(unit: MeasureUnit, numerator: number, denominator: number | null): number | null {
  switch (unit) {
    case MeasureUnit.COUNT:
      return numerator;
    case MeasureUnit.PERCENT:
      return denominator ? round1((100 * numerator) / denominator) : null;
    case MeasureUnit.RATE_PER_10000:
      return denominator ? round1((10000 * numerator) / denominator) : null;
    case MeasureUnit.DAYS:
      return denominator ? round1(numerator / denominator) : null;
  }
}

// ---------- small-number suppression ----------

export const SMALL_MIN = 1;
export const SMALL_MAX = 4;
/** A count that small-number suppression withholds (1-4; zero is shown). */
export const isSmall = (n: number | null): boolean => n != null && n >= SMALL_MIN && n <= SMALL_MAX;
const small = isSmall;

export enum SuppressionReason {
  /** The denominator is 1-4: every figure of the cell would describe 1-4 people. */
  SMALL_DENOMINATOR = 'SMALL_DENOMINATOR',
  /** The numerator is 1-4. */
  SMALL_NUMERATOR = 'SMALL_NUMERATOR',
  /** Secondary: denominator minus numerator is 1-4, so showing the numerator beside its total would reveal it. */
  SMALL_COMPLEMENT = 'SMALL_COMPLEMENT',
  /** Secondary: the period contains a financial quarter whose figures are withheld, so this figure would reveal them by difference. */
  SECONDARY_PERIOD = 'SECONDARY_PERIOD',
}

export const SUPPRESSION_REASON_TEXT: Record<SuppressionReason, string> = {
  SMALL_DENOMINATOR: 'Denominator is between 1 and 4: numerator, denominator and value are withheld.',
  SMALL_NUMERATOR: 'Numerator is between 1 and 4: numerator and the value derived from it are withheld.',
  SMALL_COMPLEMENT:
    'Secondary suppression: denominator minus numerator is between 1 and 4, so the numerator and value are withheld (with the total shown they would reveal that small count).',
  SECONDARY_PERIOD:
    'Secondary suppression: the period (a year to date or 12 rolling months) contains a financial quarter whose figures are withheld, so the same figures are withheld here (otherwise this period minus the other quarters would reveal them).',
};

export const SUPPRESSION_RULE =
  'Counts from 1 to 4 are withheld, with the values derived from them. ' +
  'A percentage is a two-cell table (units in the numerator, units not in it) whose total is the denominator: ' +
  'when the denominator is 1-4 everything is withheld; when either cell is 1-4 the numerator and the value are withheld ' +
  '(primary for the small cell, secondary for the other, so the shown total cannot reveal it). ' +
  'A rate per 10,000 is withheld with its numerator (the population is public). Zero is shown. ' +
  'Trend points follow the same rule per period, and direction of travel is UNKNOWN next to a withheld value. ' +
  'Periods end on financial quarter ends, so every period is a run of whole quarters: a year to date or 12 rolling months ' +
  'withholds whatever any of its quarters withholds (secondary), so no difference between periods reveals a withheld quarter. ' +
  'The rule applies to every caller, whatever its role or the purpose its token claims.';

export interface Cell {
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  suppressed: boolean;
  reason: SuppressionReason | null;
}

/** Applies the suppression rule to one measure-period cell (see SUPPRESSION_RULE). */
export function suppress(unit: MeasureUnit, numerator: number, denominator: number | null, apply: boolean): Cell {
  const value = valueOf(unit, numerator, denominator);
  const shown: Cell = { numerator, denominator, value, suppressed: false, reason: null };
  if (!apply) return shown;
  if (unit === MeasureUnit.PERCENT || unit === MeasureUnit.DAYS) {
    if (small(denominator)) return { numerator: null, denominator: null, value: null, suppressed: true, reason: SuppressionReason.SMALL_DENOMINATOR };
    if (small(numerator)) return { numerator: null, denominator, value: null, suppressed: true, reason: SuppressionReason.SMALL_NUMERATOR };
    if (unit === MeasureUnit.PERCENT && denominator != null && small(denominator - numerator)) {
      return { numerator: null, denominator, value: null, suppressed: true, reason: SuppressionReason.SMALL_COMPLEMENT };
    }
    return shown;
  }
  if (small(numerator)) return { numerator: null, denominator, value: null, suppressed: true, reason: SuppressionReason.SMALL_NUMERATOR };
  return shown;
}

/**
 * Secondary suppression across periods: a period made of several quarters withholds what any of its
 * quarters withholds (the denominator too when a quarter withheld its own), so subtracting the other
 * quarters from it cannot reveal a withheld quarter. Every period containing that quarter withholds it
 * the same way, so no combination of shown periods spans it.
 */
export function inheritSuppression(own: Cell, quarters: readonly Cell[]): Cell {
  if (!quarters.some((q) => q.suppressed)) return own;
  const denominatorToo = quarters.some((q) => q.suppressed && q.reason === SuppressionReason.SMALL_DENOMINATOR);
  // Already withholding at least as much on its own account: keep its own (primary) reason.
  if (own.suppressed && (!denominatorToo || own.denominator == null)) return own;
  return { numerator: null, denominator: denominatorToo ? null : own.denominator, value: null, suppressed: true, reason: SuppressionReason.SECONDARY_PERIOD };
}
