import { addMonths, ageOn, collectionYearBounds, collectionYearOf } from '../src/modules/care/dates';
import { addDays, Rng } from './random';

export interface SeedLookedAfterYear {
  collectionYear: number;
  mother: boolean | null;
  firstChildBornOn: string | null;
  convicted: boolean | null;
  substanceMisuse: boolean;
  interventionReceived: boolean | null;
  interventionOffered: boolean | null;
}

/**
 * A child's collection years in care from `from` to `to`, as the SSDA903 asks them (the demo and the
 * generator both use this): motherhood for a young woman (her first child stays her first child),
 * convictions from 10, substance misuse from 11 with its interventions. Drawn from a generator of their own,
 * seeded by `key`, so adding them leaves every other seeded record as it was.
 */
export function lookedAfterYears(key: string, dob: string, sex: string | null | undefined, from: string, to: string): SeedLookedAfterYear[] {
  const rng = new Rng([...key].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0, 7));
  const years: SeedLookedAfterYear[] = [];
  let firstChild: string | null = null;
  for (let year = collectionYearOf(from); year <= collectionYearOf(to); year++) {
    const { start, end } = collectionYearBounds(year);
    const age = ageOn(dob, end);
    if (sex === 'F' && !firstChild && age >= 15 && rng.chance(0.05)) {
      const earliest = addMonths(dob, 14 * 12) > start ? addMonths(dob, 14 * 12) : start;
      const last = end < to ? end : to;
      if (earliest <= last) firstChild = addDays(earliest, rng.int(0, Math.round((Date.parse(last) - Date.parse(earliest)) / 86_400_000)));
    }
    const misuse = age >= 11 && rng.chance(0.06);
    const received = misuse ? rng.chance(0.7) : null;
    years.push({
      collectionYear: year,
      mother: sex === 'F' ? firstChild !== null : null,
      firstChildBornOn: firstChild,
      convicted: age >= 10 ? rng.chance(0.05) : null,
      substanceMisuse: misuse,
      interventionReceived: received,
      interventionOffered: misuse && !received ? rng.chance(0.5) : null,
    });
  }
  return years;
}
