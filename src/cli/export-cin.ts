/**
 * `npm run export:cin -- --year 2026 [--out FILE] [--check-only] [--pre-proceedings] [--agency LA-CODE]`: the CIN
 * census XML for a collection year (src/exports/cin-census.ts; `--pre-proceedings`: the 2026/27 module, sent
 * anyway from 2027). The checks run first; when one fails with an ERROR, the findings are printed (rule,
 * message, child, record to fix) and no file is written.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runCinCensus } from '../exports/cin-census';
import { cliCaller, runCommand, withHubDatabase } from './return-cli';

runCommand(async () => {
  const { values } = parseArgs({ options: { year: { type: 'string' }, out: { type: 'string' }, 'check-only': { type: 'boolean', default: false }, 'pre-proceedings': { type: 'boolean' }, agency: { type: 'string' } } });
  if (!values.year) throw new Error('--year is the collection year, e.g. 2026 for 2025/26.');
  const year = Number(values.year);
  const out = values.out ?? `exports/cin-census-${year}.xml`;
  const result = await withHubDatabase((client) =>
    runCinCensus(client, { year, ...cliCaller('npm run export:cin', values.agency), checkOnly: values['check-only'], preProceedings: values['pre-proceedings'] }),
  );
  for (const f of result.findings) console.log(`${f.severity}\t${f.rule}\t${f.laChildId}\t${f.recordType} ${f.recordId}\t${f.message}`);
  console.log(JSON.stringify({ window: result.window, children: result.children, episodes: result.episodes, errors: result.errors, queries: result.queries }, null, 2));
  if (result.xml) {
    writeFileSync(out, result.xml);
    console.log(`Wrote ${out} (${result.xml.length} bytes).`);
    return 0;
  }
  if (result.errors) console.error(`Not written: ${result.errors} error finding(s) above must be corrected in the records first.`);
  return result.errors ? 1 : 0;
});
