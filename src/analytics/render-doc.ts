/**
 * Renders docs/measures.md from the measures catalogue (./measures.ts), so the document cannot drift
 * from the code. The whole file is generated. Refresh: `UPDATE_DOCS=1 npm test -- test/analytics/docs`
 * (or, after `npm run build`, `node dist/src/analytics/render-doc.js`). test/analytics/docs.test.ts
 * fails when the file is stale.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MEASURES, MeasureUnit } from './measures';
import { SUPPRESSION_REASON_TEXT, SUPPRESSION_RULE } from './rag';
import { DISCLOSURE_POLICY, LINKABLE_RELEASES, PSEUDONYM_RULE, RELEASE_PERIOD_RULE } from './disclosure';

const UNIT_WORDS: Record<MeasureUnit, string> = {
  COUNT: 'count',
  PERCENT: '%',
  RATE_PER_10000: 'rate per 10,000 children aged 0-17',
  DAYS: 'days',
};

export const MEASURES_DOC_PATH = 'docs/measures.md';

export function renderMeasuresDoc(): string {
  const out: string[] = [
    '# Scorecard measures',
    '',
    '<!-- GENERATED from src/analytics/measures.ts by src/analytics/render-doc.ts; do not edit by hand. -->',
    '<!-- Refresh: UPDATE_DOCS=1 npm test -- test/analytics/docs -->',
    '',
    'The partnership scorecard (`scorecard(input)`, analysts, BI and team managers) returns, for each measure below, the numerator, ',
    'denominator and value for the period, the target in force, a RAG rating computed from the target and the polarity on every ',
    'request (never stored), the direction of travel against the previous period, the last 8 periods and comparators ',
    '(statistical neighbours, England) held as reference data with their own period and source. Analysts drill down with ',
    '`measureRecords(input)` to the pseudonymised units behind a figure (keyed per release, see Pseudonyms); practitioners ',
    'with `measureChildren(input)` to the named children behind it that their agency is involved with.',
    '',
    '## Periods',
    '',
    '- `QUARTER`: the financial quarter containing the period end (Q1 April-June ... Q4 January-March), up to the period end. Trend: the 7 quarters before (same span of each when the period end is not a quarter end).',
    '- `FINANCIAL_YEAR_TO_DATE`: 1 April to the period end. Trend: the same span of the 7 years before.',
    '- `ROLLING_12_MONTHS`: the 12 months ending on the period end. Trend: stepped back a quarter at a time.',
    '- Measures with basis `SNAPSHOT_AT_PERIOD_END` count what is open on the last day of the period, whatever the period type.',
    '- Dates are calendar dates; a timestamp is counted on its date in England (GMT/BST). Working days exclude weekends and the England and Wales bank holidays of `src/timescales/bank-holidays.ts` (SQL: `hub_working_days_between`, cross-checked against the TypeScript).',
    '',
    '## RAG and direction of travel',
    '',
    '- Targets are a `VALUE` (polarity says which side is good), a `RANGE` (green inside, ends included) or a `BOUND` (`LT`, `LE`, `GT`, `GE`). Outside the target by no more than its `amberMargin` is AMBER, further is RED. No target, no value, or a single-value target on a neutral measure: NONE. The value is compared as shown (one decimal place).',
    '- Direction of travel: IMPROVING / WORSENING / SAME by polarity; UP / DOWN for neutral measures; UNKNOWN next to a missing or withheld value.',
    '',
    '## Small numbers',
    '',
    SUPPRESSION_RULE,
    '',
    ...Object.entries(SUPPRESSION_REASON_TEXT).map(([k, v]) => `- \`${k}\`: ${v}`),
    '',
    RELEASE_PERIOD_RULE,
    '',
    'Known limits: (1) measures whose units depend on the period end ("due by the period end": a referral decided after the quarter end joins a later year to date) are not exact sums of their quarters, so a year to date minus its shown quarters can give the units that were pending at an earlier quarter end; (2) different measures over nested sets of units (referrals, and the referrals whose decision is due) can be subtracted from each other; (3) counts of distinct children over overlapping periods give bounds, not exact counts.',
    '',
    '## Disclosure control',
    '',
    'Declared once in `src/analytics/disclosure.ts` (`DISCLOSURE_POLICY`), for every root field that returns figures or units behind a scorecard cell:',
    '',
    '| Field | Control | What | Why |',
    '|---|---|---|---|',
    ...Object.entries(DISCLOSURE_POLICY).map(([field, r]) => `| \`${field}\` | ${r.control} | ${r.what} | ${r.why} |`),
    '',
    'Comparators (statistical neighbours, England) and targets are published reference figures, not counted from the hub’s records, and are shown as they are.',
    '',
    '## Pseudonyms',
    '',
    PSEUDONYM_RULE,
    '',
    LINKABLE_RELEASES.length
      ? 'Releases that may be joined (declared by the data protection officer in `LINKABLE_RELEASES`):'
      : 'Releases that may be joined: none (`LINKABLE_RELEASES` is empty). Trends are published as aggregates; following one child across measures or periods is record linkage, which belongs in a separate linkage service, not in the analytics store.',
    ...LINKABLE_RELEASES.map((g) => `- \`${g.name}\`: ${g.measures.map((m) => `\`${m}\``).join(', ')}${g.acrossPeriods ? ', across periods' : ', within one period'}. ${g.why}`),
    '',
    '## Catalogue',
    '',
    '| Code | Measure | Unit | Polarity | Basis | Usual period | Source |',
    '|---|---|---|---|---|---|---|',
    ...MEASURES.map((m) => `| \`${m.code}\` | ${m.name} | ${UNIT_WORDS[m.unit]} | ${m.polarity} | ${m.periodBasis} | ${m.usualPeriod} | ${m.source.kind} |`),
    '',
  ];
  for (const m of MEASURES) {
    out.push(`### \`${m.code}\`: ${m.name}`, '');
    out.push(m.definition, '');
    out.push(`- **Numerator**: ${m.numerator}`);
    out.push(`- **Denominator**: ${m.denominator ?? 'none (a count)'}`);
    out.push(`- **Unit**: ${UNIT_WORDS[m.unit]}; **polarity**: ${m.polarity}; **basis**: ${m.periodBasis}; **usually reported**: ${m.usualPeriod}`);
    out.push(`- **Counts**: ${m.countsChildren ? 'distinct children' : 'units (each record counts)'}`);
    out.push(`- **Source**: ${m.source.kind}: ${m.source.reference}`);
    if (m.scorecardWording) out.push(`- **In a real scorecard**: ${m.scorecardWording}`);
    out.push(`- **Access path**: ${m.accessPath}`);
    out.push('');
  }
  return out.join('\n');
}

export function writeMeasuresDoc(root = process.cwd()): void {
  writeFileSync(join(root, MEASURES_DOC_PATH), renderMeasuresDoc());
}

if (require.main === module) {
  writeMeasuresDoc();
  console.log(`${MEASURES_DOC_PATH} refreshed`);
}
