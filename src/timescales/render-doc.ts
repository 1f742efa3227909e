/**
 * Renders the generated parts of docs/timescales.md from the rule table and the bank holiday list,
 * so the document cannot drift from the code. The prose around them is hand-written; the generated
 * parts sit between `<!-- BEGIN GENERATED: name -->` and `<!-- END GENERATED: name -->` markers.
 *
 * Refresh: `UPDATE_DOCS=1 npm test -- test/timescales/docs` (or, after `npm run build`,
 * `node dist/src/timescales/render-doc.js`). test/timescales/docs.test.ts fails when the file is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BANK_HOLIDAYS, FIRST_COVERED_YEAR, LAST_COVERED_YEAR } from './bank-holidays';
import { DEFAULT_TIMESCALE_CONFIG, describeDuration, TIMESCALE_RULES, type TimescaleConfig } from './rules';

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Markdown table of every rule. */
export function renderRulesTable(): string {
  const lines = [
    '| Code | Timescale | Clock starts (day 0) | Limit | Basis | Source | Standards notes | Notes |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const r of TIMESCALE_RULES) {
    lines.push(
      `| \`${r.code}\` | ${cell(r.name)} | ${cell(r.measuredFrom)} | ${cell(r.limit)} | ${r.source.basis} | ${cell(r.source.guidance)} | ${cell(r.source.standardsNote)} | ${cell(r.notes || '')} |`,
    );
  }
  return lines.join('\n');
}

/** Markdown table of the local-variation defaults. */
export function renderConfigTable(): string {
  const lines = ['| `TimescaleConfig` key | Default | Used by |', '|---|---|---|'];
  for (const [key, d] of Object.entries(DEFAULT_TIMESCALE_CONFIG) as [keyof TimescaleConfig, TimescaleConfig[keyof TimescaleConfig]][]) {
    const users = TIMESCALE_RULES.filter((r) => r.configKey === key).map((r) => `\`${r.code}\``).join(', ');
    lines.push(`| \`${key}\` | ${describeDuration(d)} | ${users} |`);
  }
  return lines.join('\n');
}

const SHORT = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' });

/** One line per covered year listing its bank holidays. */
export function renderBankHolidayList(): string {
  const lines = [`Covered years: **${FIRST_COVERED_YEAR}–${LAST_COVERED_YEAR}** (${BANK_HOLIDAYS.length} dates).`, ''];
  for (let y = FIRST_COVERED_YEAR; y <= LAST_COVERED_YEAR; y++) {
    const days = BANK_HOLIDAYS.filter((b) => b.date.startsWith(`${y}-`)).map((b) => {
      const label = SHORT.format(new Date(`${b.date}T00:00:00Z`));
      return b.notes ? `${label} ${b.title} (${b.notes.toLowerCase()})` : `${label} ${b.title}`;
    });
    lines.push(`- **${y}**: ${days.join('; ')}`);
  }
  return lines.join('\n');
}

export const GENERATED_SECTIONS: Record<string, () => string> = {
  rules: renderRulesTable,
  config: renderConfigTable,
  'bank-holidays': renderBankHolidayList,
};

/** Replaces every generated section of a document with freshly rendered content. */
export function refreshGeneratedSections(doc: string): string {
  let out = doc;
  for (const [name, render] of Object.entries(GENERATED_SECTIONS)) {
    const begin = `<!-- BEGIN GENERATED: ${name} (src/timescales/render-doc.ts; do not edit by hand) -->`;
    const end = `<!-- END GENERATED: ${name} -->`;
    const [i, j] = [out.indexOf(begin), out.indexOf(end)];
    if (i < 0 || j < i) throw new Error(`docs/timescales.md lacks the markers for generated section "${name}":\n${begin}\n${end}`);
    out = `${out.slice(0, i + begin.length)}\n${render()}\n${out.slice(j)}`;
  }
  return out;
}

export const DOC_PATH = 'docs/timescales.md';

/** Rewrites docs/timescales.md in place (run from the repository root). */
export function writeDoc(root = process.cwd()): void {
  const path = join(root, DOC_PATH);
  writeFileSync(path, refreshGeneratedSections(readFileSync(path, 'utf8')));
}

if (require.main === module) {
  writeDoc();
  console.log(`${DOC_PATH} refreshed`);
}
