/** `npm run audit:verify`: checks the audit hash chain; exits 1 at the first altered or removed row. */
import { ConfigError, loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { openOrm } from '../db/orm';
import { verifyChain } from '../audit/audit.resolver';

async function main(): Promise<void> {
  const config = loadConfig();
  const db = await openDatabase(config, () => undefined);
  const orm = await openOrm(db.url);
  try {
    const report = await verifyChain(orm.em.fork() as never);
    console.log(report.ok ? `Audit chain intact: ${report.checked} rows checked (${report.unsealed} not sealed yet: requests still open).` : `Audit chain BROKEN at row ${report.brokenSeq}: ${report.reason} (${report.checked} rows checked, ${report.unsealed} not sealed yet).`);
    process.exitCode = report.ok ? 0 : 1;
  } finally {
    await orm.close(true);
    await db.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError || err instanceof Error ? err.message : String(err));
  process.exit(1);
});
