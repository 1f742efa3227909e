/**
 * `npm run export:annex-a -- --from YYYY-MM-DD --to YYYY-MM-DD [--out FILE] [--agency LA-CODE]`: the Ofsted
 * ILACS Annex A lists for a window as an XLSX workbook, one sheet per list (src/exports/annex-a.ts). The
 * export is audited (EXPORT, every child named in any list).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ConfigError, loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { annexAWindow, runAnnexA } from '../exports/annex-a';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' }, agency: { type: 'string' } } });
  if (!values.from || !values.to) throw new Error('--from and --to are the window, e.g. --from 2025-04-01 --to 2026-03-31.');
  // Checked before anything starts, so a mistyped date costs nothing.
  const window = annexAWindow(values.from, values.to);
  const out = values.out ?? `exports/annex-a-${window.from}-${window.to}.xlsx`;
  const config = loadConfig();
  const db = await openDatabase(config, () => undefined);
  const client = new pg.Client({ connectionString: db.url, options: '-c jit=off' });
  await client.connect();
  try {
    const result = await runAnnexA(client, { ...window, subject: `cli:${userInfo().username}`, agencyCode: values.agency, operation: 'npm run export:annex-a' });
    console.log(JSON.stringify({ window: result.window, lists: result.lists }, null, 2));
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, result.workbook);
    console.log(`Wrote ${out} (${result.workbook.length} bytes).`);
    return 0;
  } finally {
    await client.end();
    await db.stop();
  }
}

main().then((code) => process.exit(code), (err: unknown) => {
  console.error(err instanceof ConfigError || err instanceof Error ? err.message : String(err));
  process.exit(1);
});
