/**
 * `npm run export:dfe-api -- [--date YYYY-MM-DD] [--mode full|delta] [--out DIR] [--dry-run] [--agency LA-CODE]`: the DfE
 * children's social care API records for a day, in files of at most 100 (src/exports/dfe-csc-api.ts).
 */
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ConfigError, loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { runDfeCscApiExport, type DfeApiMode } from '../exports/dfe-csc-api';
import { todayInLondon } from '../modules/care/dates';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { date: { type: 'string' }, mode: { type: 'string', default: 'delta' }, out: { type: 'string' }, 'dry-run': { type: 'boolean', default: false }, agency: { type: 'string' } } });
  const date = values.date ?? todayInLondon();
  if (values.mode !== 'full' && values.mode !== 'delta') throw new Error('--mode is full or delta.');
  const config = loadConfig();
  const db = await openDatabase(config, () => undefined);
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const result = await runDfeCscApiExport(client, { date, mode: values.mode as DfeApiMode, out: values.out ?? `exports/dfe-csc-api/${date}-${values.mode}`, dryRun: values['dry-run'], subject: `cli:${userInfo().username}`, agencyCode: values.agency });
    console.log(JSON.stringify({ ...result, files: result.files.length }, null, 2));
  } finally {
    await client.end();
    await db.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError || err instanceof Error ? err.message : String(err));
  process.exit(1);
});
