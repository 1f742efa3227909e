/**
 * `npm run export:ssda903 -- --year 2026 [--out DIR] [--agency LA-CODE]`: the SSDA903 children looked after
 * return for a collection year as the DfE's CSV files (src/exports/ssda903.ts), written into DIR (default
 * exports/ssda903-<year>/). A folder that already holds files is refused, so an older return is never
 * mixed with a newer one. Check the files with scripts/validate-903.py.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runSsda903, ssda903Window } from '../exports/ssda903';
import { cliCaller, runCommand, withHubDatabase } from './return-cli';

runCommand(async () => {
  const { values } = parseArgs({ options: { year: { type: 'string' }, out: { type: 'string' }, agency: { type: 'string' } } });
  if (!values.year) throw new Error('--year is the collection year, e.g. 2026 for 2025/26.');
  const year = Number(values.year);
  ssda903Window(year);
  const out = values.out ?? `exports/ssda903-${year}`;
  mkdirSync(out, { recursive: true });
  if (readdirSync(out).length > 0) throw new Error(`${out} is not empty: name a new folder (--out) so this return is not mixed with another.`);
  const started = Date.now();
  const result = await withHubDatabase((client) => runSsda903(client, { year, ...cliCaller('npm run export:ssda903', values.agency) }));
  for (const [file, text] of Object.entries(result.files)) writeFileSync(join(out, file), text);
  console.log(JSON.stringify({ window: result.window, rows: result.rows, ms: Date.now() - started }, null, 2));
  console.log(`Wrote ${Object.keys(result.files).length} files to ${out}.`);
  return 0;
});
