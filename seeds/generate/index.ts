/**
 * `npm run seed:generate -- --children 50000 [--seed 20261101] [--database-url postgres://...]`
 *
 * Loads a deterministic synthetic partnership (seeds/generate/partnership.ts) with bulk SQL. Without a
 * database URL (flag or DATABASE_URL) it uses the embedded PostgreSQL in DATA_DIR, as the hub does.
 * Applies pending migrations, adds the demo agencies when the database has none, then the children.
 * Connect as a superuser or the table owner (row-level security is bypassed; the hub's requests run as
 * hub_app and still see only what their row scope allows).
 */
import pg from 'pg';
import { loadConfig } from '../../src/config';
import { openDatabase } from '../../src/db/database';
import { migrateUp, openOrm } from '../../src/db/orm';
import { rebuildFacts } from '../../src/analytics/facts';
import { seedDemoAgencies } from '../demo';
import { generatePartnership, type GenerateResult } from './partnership';

export { generatePartnership, PATHWAY_SHARES, type GenerateOptions, type GenerateResult } from './partnership';

/** Migrates `url`, adds the demo agencies if there are none, and loads `children` generated children. */
export async function loadGeneratedPartnership(url: string, children: number, opts: { seed?: number; log?: (line: string) => void } = {}): Promise<GenerateResult> {
  const orm = await openOrm(url, { pool: { min: 0, max: 2 } });
  const metadata = orm.getMetadata();
  try {
    await migrateUp(orm);
    const [{ n }] = (await orm.em.fork().execute('select count(*)::int as n from agency')) as [{ n: number }];
    if (n === 0) await orm.em.fork().transactional((em) => seedDemoAgencies(em as never));
  } finally {
    await orm.close(true);
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // One transaction: all or nothing. Commit is cheap, and synchronous_commit is not needed for a load.
    await client.query('begin');
    await client.query('set local synchronous_commit = off');
    // Scorecard facts are rebuilt once after the load (below), not child by child at commit.
    await client.query(`set local hub.facts = 'off'`);
    const result = await generatePartnership(client, { children, seed: opts.seed, log: opts.log });
    await client.query('commit');
    const t0 = Date.now();
    await client.query('analyze');
    opts.log?.(`  analyze: ${Date.now() - t0} ms`);
    const facts = await rebuildFacts(async (s) => (await client.query(s)).rows as Record<string, unknown>[], metadata);
    await client.query('analyze analytics_fact, analytics_fact_child');
    opts.log?.(`  scorecard facts (${facts.rebuilt.length} measures): ${facts.ms} ms`);
    result.factsMs = facts.ms;
    return result;
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
}

export function formatRows(rows: Record<string, number>): string {
  const entries = Object.entries(rows).sort((a, b) => b[1] - a[1]);
  const total = entries.reduce((s, [, n]) => s + n, 0);
  return [...entries.map(([t, n]) => `${t.padEnd(34)} ${String(n).padStart(9)}`), `${'total'.padEnd(34)} ${String(total).padStart(9)}`].join('\n');
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(`--${name}=`));
  return eq?.slice(name.length + 3);
}

async function main(): Promise<void> {
  const children = Number(arg('children') ?? 5000);
  if (!Number.isInteger(children) || children < 1) throw new Error('--children must be a positive whole number');
  const seed = arg('seed') ? Number(arg('seed')) : undefined;
  const url = arg('database-url');
  const config = loadConfig({ ...process.env, ...(url ? { DATABASE_URL: url } : {}), LOG_LEVEL: 'warn' });
  const db = await openDatabase(config, (line) => console.log(line));
  try {
    console.log(`Generating ${children} children (seed ${seed ?? 'default'})...`);
    const result = await loadGeneratedPartnership(db.url, children, { seed, log: (l) => console.log(l) });
    console.log(formatRows(result.rows));
    console.log(`Loaded in ${(result.ms / 1000).toFixed(1)} s`);
  } finally {
    await db.stop();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
