/**
 * `npm run export:annex-a -- --from YYYY-MM-DD --to YYYY-MM-DD [--out FILE] [--agency LA-CODE]`: the Ofsted
 * ILACS Annex A lists for a window as an XLSX workbook, one sheet per list (src/exports/annex-a.ts). The
 * export is audited (EXPORT, every child named in any list).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { annexAWindow, runAnnexA } from '../exports/annex-a';
import { cliCaller, runCommand, withHubDatabase } from './return-cli';

runCommand(async () => {
  const { values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' }, agency: { type: 'string' } } });
  if (!values.from || !values.to) throw new Error('--from and --to are the window, e.g. --from 2025-04-01 --to 2026-03-31.');
  // Checked before anything starts, so a mistyped date costs nothing.
  const window = annexAWindow(values.from, values.to);
  const out = values.out ?? `exports/annex-a-${window.from}-${window.to}.xlsx`;
  const result = await withHubDatabase((client) => runAnnexA(client, { ...window, ...cliCaller('npm run export:annex-a', values.agency) }));
  console.log(JSON.stringify({ window: result.window, lists: result.lists }, null, 2));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, result.workbook);
  console.log(`Wrote ${out} (${result.workbook.length} bytes).`);
  return 0;
});
