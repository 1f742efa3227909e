/**
 * `npm run export:cin -- --year 2026 [--out FILE] [--check-only] [--pre-proceedings] [--agency LA-CODE]`: the CIN
 * census XML for a collection year (`--pre-proceedings`: the 2026/27 module, sent anyway from 2027) (src/exports/cin-census.ts). The checks run first; when one fails with an ERROR, the
 * findings are printed (rule, message, child, record to fix) and no file is written.
 */
import { writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ConfigError, loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { runCinCensus } from '../exports/cin-census';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { year: { type: 'string' }, out: { type: 'string' }, 'check-only': { type: 'boolean', default: false }, 'pre-proceedings': { type: 'boolean' }, agency: { type: 'string' } } });
  if (!values.year) throw new Error('--year is the collection year, e.g. 2026 for 2025/26.');
  const year = Number(values.year);
  const out = values.out ?? `exports/cin-census-${year}.xml`;
  const config = loadConfig();
  const db = await openDatabase(config, () => undefined);
  const client = new pg.Client({ connectionString: db.url, options: '-c jit=off' });
  await client.connect();
  try {
    const result = await runCinCensus(client, { year, subject: `cli:${userInfo().username}`, agencyCode: values.agency, checkOnly: values['check-only'], preProceedings: values['pre-proceedings'], operation: 'npm run export:cin' });
    for (const f of result.findings) console.log(`${f.severity}\t${f.rule}\t${f.laChildId}\t${f.recordType} ${f.recordId}\t${f.message}`);
    console.log(JSON.stringify({ window: result.window, children: result.children, episodes: result.episodes, errors: result.errors, queries: result.queries }, null, 2));
    if (result.xml) {
      writeFileSync(out, result.xml);
      console.log(`Wrote ${out} (${result.xml.length} bytes).`);
      return 0;
    }
    if (result.errors) console.error(`Not written: ${result.errors} error finding(s) above must be corrected in the records first.`);
    return result.errors ? 1 : 0;
  } finally {
    await client.end();
    await db.stop();
  }
}

main().then((code) => process.exit(code), (err: unknown) => {
  console.error(err instanceof ConfigError || err instanceof Error ? err.message : String(err));
  process.exit(1);
});
