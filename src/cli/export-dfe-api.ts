/**
 * `npm run export:dfe-api -- [--date YYYY-MM-DD] [--mode full|delta] [--out DIR] [--dry-run] [--agency LA-CODE]`: the DfE
 * children's social care API records for a day, in files of at most 100 (src/exports/dfe-csc-api.ts).
 */
import { parseArgs } from 'node:util';
import { runDfeCscApiExport, type DfeApiMode } from '../exports/dfe-csc-api';
import { todayInLondon } from '../modules/care/dates';
import { cliCaller, runCommand, withHubDatabase } from './return-cli';

runCommand(async () => {
  const { values } = parseArgs({ options: { date: { type: 'string' }, mode: { type: 'string', default: 'delta' }, out: { type: 'string' }, 'dry-run': { type: 'boolean', default: false }, agency: { type: 'string' } } });
  const date = values.date ?? todayInLondon();
  if (values.mode !== 'full' && values.mode !== 'delta') throw new Error('--mode is full or delta.');
  const caller = cliCaller('npm run export:dfe-api', values.agency);
  const result = await withHubDatabase((client) =>
    runDfeCscApiExport(client, { date, mode: values.mode as DfeApiMode, out: values.out ?? `exports/dfe-csc-api/${date}-${values.mode}`, dryRun: values['dry-run'], subject: caller.subject, agencyCode: caller.agencyCode }),
  );
  console.log(JSON.stringify({ ...result, files: result.files.length }, null, 2));
  return 0;
});
