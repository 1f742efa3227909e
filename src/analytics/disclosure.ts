/**
 * THE disclosure-control policy of the analytics module, declared once: how each root field that returns
 * figures or units behind a scorecard cell is protected, who is exempt, and how pseudonyms are keyed.
 * The resolvers read it, docs/measures.md renders it (./render-doc.ts), and
 * test/access/suppression-pseudonyms.test.ts checks every analytics root field has an entry.
 *
 * Facts it rests on (the partnership's scrutiny packs and standards notes): scrutiny packs withhold small numbers ("Small numbers are
 * suppressed", seeds/000.md §4); analysts and BI get "pseudonymised, aggregated data with statistical
 * disclosure control", and "linkage keys live in a separate linkage service, not in the analytics store"
 * (standards/uk-safeguarding-standards.md, design principle 7).
 */
import type { Purpose } from '../access/principal';
import { HubError } from '../server/graphql/errors';
import type { Sealer } from '../server/secrets';
import type { Measure } from './measures';
import { isQuarterEnd, type Period, type PeriodType } from './periods';
import { SuppressionReason, SUPPRESSION_REASON_TEXT } from './rag';

export enum DisclosureControl {
  /** Figures of 1-4 (and what would reveal them) are withheld, with a reason. */
  SUPPRESS = 'SUPPRESS',
  /** Units are released only for a cell whose figures are all shown; otherwise the call fails with SUPPRESSED. */
  REFUSE_WHEN_SUPPRESSED = 'REFUSE_WHEN_SUPPRESSED',
  /** Not suppressed: the caller may open every one of these records anyway (row scope). */
  EXEMPT_ROW_SCOPED = 'EXEMPT_ROW_SCOPED',
}

export interface DisclosureRule {
  control: DisclosureControl;
  what: string;
  why: string;
}

/**
 * Per root field (and part of one): the control. Suppression depends on the figure, never on the caller:
 * every role reading an aggregate (analysts, BI, team managers) gets the same withheld cells, whatever
 * purpose its token claims. The one exemption is the practitioners' named drill-down: its children are
 * limited to the caller's row scope, so listing them discloses nothing the caller cannot already open.
 */
export const DISCLOSURE_POLICY: Readonly<Record<string, DisclosureRule>> = Object.freeze({
  scorecard: {
    control: DisclosureControl.SUPPRESS,
    what: 'Numerator, denominator and value of every measure, this period and the 8-period trend.',
    why: 'Aggregates reach the board, BI tools and managers; a count of 1-4 can identify a child.',
  },
  measureRecords: {
    control: DisclosureControl.REFUSE_WHEN_SUPPRESSED,
    what: 'Pseudonymised units behind one cell (analysts and BI).',
    why: 'Listing the units of a withheld cell would give back its count (refused with extensions.code SUPPRESSED and the reason). Released units add no count the cell does not show, and, keyed per release, cannot be matched with another extract’s units; they do show how many units each pseudonymous child has in the cell.',
  },
  'measureChildren.counts': {
    control: DisclosureControl.SUPPRESS,
    what: 'childrenWithheld, childrenCounted and unitsWithoutChild: children and units outside the caller’s row scope.',
    why: 'These count children the caller may not see; 1-4 is withheld, and childrenCounted with it (counted minus the listed children would give it back).',
  },
  'measureChildren.children': {
    control: DisclosureControl.EXEMPT_ROW_SCOPED,
    what: 'The named children behind a measure, limited to children the caller’s agency is involved with (involvement, ownership or break-glass).',
    why: 'Direct care, not analysis: the practitioner may open each of these children’s records anyway, so the list is not a statistical release. Consequence: a manager who also sees the scorecard knows a shown total minus the listed children, the number of children outside the team’s scope; that number names no one.',
  },
});

export const RELEASE_PERIOD_RULE =
  'Figures are released for periods ending on a financial quarter end (30 June, 30 September, 31 December, 31 March): ' +
  'every period is then a run of whole quarters, which is what lets secondary suppression follow a withheld quarter into ' +
  'every year to date and rolling year containing it. Any other period end is refused (BAD_USER_INPUT): arbitrary ends ' +
  'would let one day be subtracted from the next.';

/** Refuses a period end that is not a financial quarter end (see RELEASE_PERIOD_RULE). */
export function assertReleasePeriodEnd(periodEnd: string): void {
  if (!isQuarterEnd(periodEnd)) {
    throw new HubError('BAD_USER_INPUT', `periodEnd ${periodEnd} is not a financial quarter end (30 June, 30 September, 31 December or 31 March). ${RELEASE_PERIOD_RULE}`);
  }
}

/** The typed refusal of a drill-down into a withheld cell. */
export function suppressedError(code: string, period: Period, reason: SuppressionReason): HubError {
  return new HubError('SUPPRESSED', `The figures of ${code} for ${period.label} are withheld (${reason}): its units are not released. ${SUPPRESSION_REASON_TEXT[reason]}`, {
    reason,
    measureCode: code,
    period: { start: period.start, end: period.end },
  });
}

// ---------- pseudonyms ----------

/**
 * A release: one extract of pseudonymised units, i.e. one measure's units for one area and one reporting
 * period (period type, first and last day), asked for under one purpose. Every release has its own key:
 * the same child has unrelated pseudonyms in two releases, and the same pseudonym every time the same
 * release is asked for (by any caller: the release is the extract, not the request).
 */
export interface Release {
  purpose: Purpose;
  measure: Measure;
  area: string;
  periodType: PeriodType;
  period: Period;
}

/**
 * Releases a data protection officer has agreed may be joined: the measures of one group share a key
 * (in one period, or across periods too). Empty: no two extracts can be joined in the hub. Trends are
 * published as aggregates (the scorecard's 8 periods); following one child across measures or periods
 * is linkage, which belongs in a separate linkage service, not in the analytics store.
 */
export interface LinkableReleases {
  name: string;
  measures: readonly string[];
  acrossPeriods: boolean;
  why: string;
}
export const LINKABLE_RELEASES: readonly LinkableReleases[] = Object.freeze([]);

export const PSEUDONYM_RULE =
  'A pseudonym is HMAC-SHA256 of the child id (or, for units not about one child, the record id) under a key derived from the hub secret ' +
  '(HUB_SECRET) for one release: the purpose the token declares, the measure, the area, the period type and the period’s first and last day. ' +
  'The same child has unrelated pseudonyms in two releases (another measure, another period, another area, another purpose) and the same ' +
  'pseudonym each time one release is asked for. Nobody without the hub secret can compute or reverse a pseudonym; the audit log (data ' +
  'protection officer only) records which children each extract was about.';

/** The key scope of a release, after LINKABLE_RELEASES (which may widen it to a group, or drop the period). */
export function releaseScope(r: Release, linkable: readonly LinkableReleases[] = LINKABLE_RELEASES): string {
  const group = linkable.find((g) => g.measures.includes(r.measure.code));
  const periodPart = group?.acrossPeriods ? ['*'] : [r.periodType, r.period.start, r.period.end];
  return JSON.stringify(['analytics-release', r.purpose, group ? `group:${group.name}` : `measure:${r.measure.code}`, r.area, ...periodPart]);
}

/** Pseudonym of a unit in a release: of its child, or of the record when it is not about one child. */
export function releasePseudonym(sealer: Sealer, r: Release, unit: { childId: string | null; recordId: string }, linkable?: readonly LinkableReleases[]): string {
  const scope = releaseScope(r, linkable);
  return unit.childId ? sealer.pseudonym(`${scope}:child`, unit.childId) : sealer.pseudonym(`${scope}:record`, unit.recordId);
}

/** A short, human-readable name of a release (returned with the extract and audited). */
export function releaseLabel(r: Release): string {
  return `${r.purpose} ${r.measure.code} ${r.area} ${r.periodType} ${r.period.start}..${r.period.end}`;
}
