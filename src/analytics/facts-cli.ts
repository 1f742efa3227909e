/**
 * `npm run facts:rebuild [-- --all]`: brings the scorecard facts (./facts.ts) in line with the measures
 * in the code, as the table owner: syncs definitions and triggers, then rebuilds every stale measure
 * (`--all`: every measure). Run it after a bulk load done with `hub.facts = 'off'` and after a release
 * that changed a measure (until then that measure is computed live, correct but slower). Uses
 * DATABASE_URL, or the embedded PostgreSQL in DATA_DIR, as the hub does.
 */
import pg from 'pg';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { openOrm } from '../db/orm';
import { rebuildFacts } from './facts';

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'warn' });
  const db = await openDatabase(config, (line) => console.log(line));
  const orm = await openOrm(db.url, { pool: { min: 0, max: 1 } });
  const client = new pg.Client({ connectionString: db.url });
  try {
    await client.connect();
    const r = await rebuildFacts(async (s) => (await client.query(s)).rows as Record<string, unknown>[], orm.getMetadata(), { all: process.argv.includes('--all'), log: (l) => console.log(l) });
    console.log(`Rebuilt ${r.rebuilt.length} measures in ${(r.ms / 1000).toFixed(1)} s`);
  } finally {
    await client.end().catch(() => undefined);
    await orm.close(true);
    await db.stop();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
