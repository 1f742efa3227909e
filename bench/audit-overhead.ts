/**
 * `npm run bench:audit -- [--seconds 8] [--rounds 3] [--concurrency 3]`
 *
 * What the audit log costs (issue 11, must-show 4: ≤ 10%): the same mixed read load through the real
 * HTTP hub with audit on and with audit off (createHub's benchmark-only `auditEnabled` switch). Starts its
 * own embedded PostgreSQL on a free loopback port (migrated, demo partnership loaded), serves two hubs on
 * loopback over the same database and pool settings, and drives them in interleaved rounds (on, off, off,
 * on, ...) so a shared machine's noise falls on both. Each round runs three load generators at once as
 * child processes (bench/load.ts: a page of children, a child profile, a status card; each persona's
 * reads are audited). Prints requests per second per round and the on/off ratio of the totals.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/config';
import { freePort, startEmbeddedPostgres } from '../src/db/embedded';
import { migrateUp, openOrm, poolOptions } from '../src/db/orm';
import { createAuthenticator, loadDevSigningKey, signDevToken } from '../src/server/auth';
import { createHub } from '../src/server/app';
import { createLogger } from '../src/server/logger';
import { findPersona } from '../src/server/personas';
import { seedDemoIfEmpty } from '../seeds/demo';
import { runLoad, type LoadSpec } from './load';

const argv = process.argv.slice(2);
const num = (name: string, fallback: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const SECONDS = num('seconds', 8);
const ROUNDS = num('rounds', 3);
const CONCURRENCY = num('concurrency', 3);


async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'hub-audit-bench-'));
  chmodSync(work, 0o755);
  const db = await startEmbeddedPostgres({ dataDir: join(work, 'pg'), port: await freePort(), persistent: false, log: () => undefined });
  const admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  await admin.query('create database hub_audit_bench');
  await admin.end();
  const dbUrl = db.url.replace(/\/postgres$/, '/hub_audit_bench');
  const dataDir = join(work, 'hub');
  mkdirSync(dataDir);
  const config = loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'warn', DATABASE_URL: dbUrl, DATA_DIR: dataDir, RATE_LIMIT_PRINCIPAL_POINTS: '1000000000', RATE_LIMIT_CLIENT_POINTS: '1000000000', RATE_LIMIT_AGENCY_POINTS: '1000000000' });
  const orm = await openOrm(dbUrl, poolOptions(config));
  await migrateUp(orm);
  await seedDemoIfEmpty(orm);
  const logger = createLogger(config.LOG_LEVEL);
  const hubs = { on: await createHub({ config, orm, logger, authenticate: await createAuthenticator(config), auditEnabled: true }), off: await createHub({ config, orm, logger, authenticate: await createAuthenticator(config), auditEnabled: false }) };
  const urls = { on: await hubs.on.app.listen({ host: '127.0.0.1', port: 0 }), off: await hubs.off.app.listen({ host: '127.0.0.1', port: 0 }) };

  const { privateJwk } = await loadDevSigningKey(dataDir);
  const token = (persona: string) => signDevToken(privateJwk, config.AUTH_AUDIENCE, findPersona(persona)!.claims);
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  const childId = (await c.query(`select id from child where source_system = 'Mosaic' order by id limit 1`)).rows[0].id as string;
  const nhs = (await c.query(`select value from child_identifier where type = 'NHS_NUMBER' order by id limit 1`)).rows[0].value as string;
  const auditRows = async () => Number((await c.query('select count(*)::int n from audit_event')).rows[0].n);
  const mix: Omit<LoadSpec, 'url' | 'mode' | 'durationMs' | 'warmupMs' | 'concurrency'>[] = [
    { token: await token('social-worker'), query: `{ children(first: 20) { nodes { id givenName familyName dateOfBirth } } }` },
    { token: await token('health-visitor'), query: `query($id: ID!) { node(id: $id) { ... on Child { familyName dateOfBirth identifiers { type value } childProtectionPlans { startDate category } } } }`, variables: { id: Buffer.from(`Child:${childId}`).toString('base64') } },
    { token: await token('police-ppu'), query: `query($n: String) { childStatus(input: { nhsNumber: $n }) { identifierKnown alerts { kind startDate } } }`, variables: { n: nhs } },
  ];

  const totals = { on: { requests: 0, seconds: 0, errors: 0 }, off: { requests: 0, seconds: 0, errors: 0 } };
  const order: ('on' | 'off')[] = [];
  for (let r = 0; r < ROUNDS; r++) order.push(...((r % 2 ? ['off', 'on'] : ['on', 'off']) as ('on' | 'off')[]));
  // One unmeasured round each first, so neither side pays for warming up (JIT, pools, plans).
  await Promise.all((['on', 'off'] as const).flatMap((side) => mix.map((m) => runLoad({ ...m, mode: 'http', url: `${urls[side]}/graphql`, durationMs: 2000, warmupMs: 0, concurrency: 1 }))));
  for (const side of order) {
    const before = await auditRows();
    const results = await Promise.all(mix.map((m) => runLoad({ ...m, mode: 'http', url: `${urls[side]}/graphql`, durationMs: SECONDS * 1000, warmupMs: 1000, concurrency: CONCURRENCY })));
    const requests = results.reduce((s, x) => s + x.requests, 0);
    const seconds = Math.max(...results.map((x) => x.seconds));
    const errors = results.reduce((s, x) => s + x.errors, 0);
    totals[side].requests += requests;
    totals[side].seconds += seconds;
    totals[side].errors += errors;
    console.log(`audit ${side.padEnd(3)}  ${(requests / seconds).toFixed(1).padStart(7)} req/s  p50 ${results.map((x) => x.p50.toFixed(1)).join('/')} ms  errors ${errors}  audit rows +${(await auditRows()) - before}${errors ? `  first: ${results.find((x) => x.firstError)?.firstError}` : ''}`);
  }
  const rps = (s: 'on' | 'off') => totals[s].requests / totals[s].seconds;
  console.log(`\naudit on ${rps('on').toFixed(1)} req/s, off ${rps('off').toFixed(1)} req/s: on/off = ${(rps('on') / rps('off')).toFixed(3)} (overhead ${((1 - rps('on') / rps('off')) * 100).toFixed(1)}%)`);
  await c.query('select hub_seal_audit()');
  const [chain] = (await c.query('select * from hub_verify_audit_chain()')).rows;
  console.log(`audit chain: ${JSON.stringify(chain)}`);
  await c.end();
  await hubs.on.app.close();
  await hubs.off.app.close();
  await orm.close(true);
  await db.stop();
  rmSync(work, { recursive: true, force: true });
  if (totals.on.errors + totals.off.errors) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
