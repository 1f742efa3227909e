import { MatchKind } from './codes';
import { normalisePostcode, outwardCode } from './identifiers';

/**
 * Deterministic scoring of findChildren candidates (pure; unit-tested). Records are never merged:
 * this only ranks candidates for a person to review, who may then link records (ChildLink).
 *
 * Scheme:
 * - An active NHS number, UPN (current or former), LA child id or police person id (each within its
 *   namespace) equal to the one searched for: score 1.0.
 * - Otherwise each searched field compares EXACT (factor 1), FUZZY (0.6) or DIFFERENT (0); a field the
 *   candidate does not record counts 0.5 (unknown). Weights: family name 0.30, given name 0.20, date of
 *   birth 0.35, postcode 0.15. score = 0.95 x (sum of weight x factor) / (sum of weights of searched
 *   fields), so a demographic match never outranks an identifier match. A candidate holding a different
 *   NHS number than the one searched for has its score halved. Candidates under 0.40 are dropped.
 * - Names compare after lower-casing and removing everything but letters. FUZZY: edit distance at most
 *   1 (2 for names of 6+ letters; swapping two adjacent letters counts as one edit), or one name is a hyphen/space-separated part of the other.
 * - Dates: FUZZY when day and month are transposed, or exactly one of day/month/year differs; for an
 *   unborn candidate the expected date of birth within 31 days is FUZZY.
 * - Postcodes: EXACT when any of the candidate's addresses has it; FUZZY when one shares the outward code.
 */

export const WEIGHTS = { familyName: 0.3, givenName: 0.2, dateOfBirth: 0.35, postcode: 0.15 } as const;
export const FACTOR: Record<MatchKind, number> = { [MatchKind.EXACT]: 1, [MatchKind.FUZZY]: 0.6, [MatchKind.DIFFERENT]: 0 };
export const UNKNOWN_FACTOR = 0.5;
export const DEMOGRAPHIC_CEILING = 0.95;
export const MIN_SCORE = 0.4;

export interface Evidence {
  field: string;
  kind: MatchKind;
  note: string;
}

export interface SearchTerms {
  nhsNumber?: string | null;
  upn?: string | null;
  givenName?: string | null;
  familyName?: string | null;
  dateOfBirth?: string | null;
  postcode?: string | null;
}

export interface CandidateFacts {
  givenName?: string | null;
  familyName: string;
  dateOfBirth?: string | null;
  expectedDateOfBirth?: string | null;
  postcodes: string[];
  nhsNumbers: string[];
  upns: string[];
}

export const normName = (s: string): string => s.toLowerCase().replace(/[^a-z]/g, '');

/** Edit distance counting an adjacent transposition ("Kahn"/"Khan") as one edit (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

export function compareName(searched: string, recorded: string): { kind: MatchKind; note: string } {
  const a = normName(searched);
  const b = normName(recorded);
  if (a === b) return { kind: MatchKind.EXACT, note: 'Same name (ignoring case, spaces and punctuation).' };
  const parts = (s: string) => s.toLowerCase().split(/[\s-]+/).map(normName).filter(Boolean);
  if (parts(recorded).includes(a) || parts(searched).includes(b)) return { kind: MatchKind.FUZZY, note: 'One name is part of the other (double-barrelled or hyphenated name).' };
  const d = editDistance(a, b);
  if (d <= (Math.max(a.length, b.length) >= 6 ? 2 : 1)) return { kind: MatchKind.FUZZY, note: `Spelling differs by ${d} letter${d === 1 ? '' : 's'}.` };
  return { kind: MatchKind.DIFFERENT, note: 'Different name.' };
}

const daysBetween = (a: string, b: string): number => Math.abs(Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) / 86_400_000;

export function compareDate(searched: string, recorded: CandidateFacts): { kind: MatchKind; note: string } | null {
  if (recorded.dateOfBirth) {
    const dob = recorded.dateOfBirth;
    if (dob === searched) return { kind: MatchKind.EXACT, note: 'Same date of birth.' };
    const [ys, ms, ds] = searched.split('-');
    const [yr, mr, dr] = dob.split('-');
    if (ys === yr && ms === dr && ds === mr) return { kind: MatchKind.FUZZY, note: 'Day and month transposed.' };
    const differing = [ys !== yr, ms !== mr, ds !== dr].filter(Boolean).length;
    if (differing === 1) return { kind: MatchKind.FUZZY, note: `Date of birth differs only in the ${ys !== yr ? 'year' : ms !== mr ? 'month' : 'day'}.` };
    return { kind: MatchKind.DIFFERENT, note: 'Different date of birth.' };
  }
  if (recorded.expectedDateOfBirth) {
    const days = daysBetween(searched, recorded.expectedDateOfBirth);
    return days <= 31
      ? { kind: MatchKind.FUZZY, note: 'Unborn record: the expected date of birth is within a month of this date.' }
      : { kind: MatchKind.DIFFERENT, note: 'Unborn record with an expected date of birth far from this date.' };
  }
  return null;
}

export function comparePostcode(searched: string, recorded: string[]): { kind: MatchKind; note: string } | null {
  const s = normalisePostcode(searched);
  if (!s || !recorded.length) return null;
  if (recorded.includes(s)) return { kind: MatchKind.EXACT, note: 'An address of the record has this postcode.' };
  if (recorded.some((p) => outwardCode(p) === outwardCode(s))) return { kind: MatchKind.FUZZY, note: 'An address of the record is in the same postcode district.' };
  return { kind: MatchKind.DIFFERENT, note: 'No address of the record has this postcode.' };
}

/** The searched identifiers an exact match can be found by (each in the findChildren input). */
export type IdentifierField = 'nhsNumber' | 'upn' | 'laChildId' | 'policePersonId';

const IDENTIFIER_NOTES: Record<IdentifierField, string> = {
  nhsNumber: 'The record holds this NHS number.',
  upn: 'The record holds this UPN (current or former).',
  laChildId: "The record holds this local authority's child id.",
  policePersonId: "The record holds this force's person id.",
};

/** Scores one candidate; `identifierMatch` is set when it was found by an exact identifier. */
export function scoreCandidate(terms: SearchTerms, c: CandidateFacts, identifierMatch: IdentifierField | null): { score: number; evidence: Evidence[] } {
  const evidence: Evidence[] = [];
  if (identifierMatch) evidence.push({ field: identifierMatch, kind: MatchKind.EXACT, note: IDENTIFIER_NOTES[identifierMatch] });
  let nhsConflict = false;
  if (terms.nhsNumber && identifierMatch !== 'nhsNumber' && c.nhsNumbers.length) {
    nhsConflict = true;
    evidence.push({ field: 'nhsNumber', kind: MatchKind.DIFFERENT, note: 'The record holds a different NHS number.' });
  }
  let got = 0;
  let possible = 0;
  const weigh = (field: keyof typeof WEIGHTS, r: { kind: MatchKind; note: string } | null) => {
    possible += WEIGHTS[field];
    if (!r) {
      got += WEIGHTS[field] * UNKNOWN_FACTOR;
      return;
    }
    got += WEIGHTS[field] * FACTOR[r.kind];
    evidence.push({ field, ...r });
  };
  if (terms.familyName?.trim()) weigh('familyName', compareName(terms.familyName, c.familyName));
  if (terms.givenName?.trim()) weigh('givenName', c.givenName ? compareName(terms.givenName, c.givenName) : null);
  if (terms.dateOfBirth) weigh('dateOfBirth', compareDate(terms.dateOfBirth, c));
  if (terms.postcode?.trim()) weigh('postcode', comparePostcode(terms.postcode, c.postcodes));
  if (identifierMatch) return { score: 1, evidence };
  let score = possible ? (DEMOGRAPHIC_CEILING * got) / possible : 0;
  if (nhsConflict) score /= 2;
  return { score: Math.round(score * 1000) / 1000, evidence };
}
