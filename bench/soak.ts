/**
 * Soak and fault runs (issue: hardening §9), bounded and on loopback only:
 *
 *   npm run soak -- --minutes 10                  mixed read/write load for 10 minutes
 *   npm run soak -- --fault --seconds 120         the same, with PostgreSQL killed (kill -9) a third of the
 *                                                 way in and restarted 5 s later
 *
 * Starts its own embedded PostgreSQL (so it can kill it) on a free port, runs the compiled hub as a child
 * process against it (migrated, demo partnership loaded), and drives it over HTTP with writer loops
 * (idempotent creates with a nested identifier, retried creates, updates at the version read, some
 * deliberately stale) and reader loops (a page of children, a child profile, a status card). A partner
 * system's retry discipline is applied: a 503 or a network error on a create is retried with the same
 * source pair after the outage; an update whose outcome is unknown is re-read.
 *
 * It ends with a reconciliation against the database: every acknowledged create present exactly once with
 * its nested identifier and exactly one CREATE audit row; for every soak record, one UPDATE audit row per
 * committed version; no CREATE audit row for a record that does not exist; the audit hash chain intact.
 * Prints requests, errors by status and code, p50/p99, and the hub's RSS at start and end; writes
 * bench/results/soak.md (or fault.md). Exit code 1 when the reconciliation fails or any 500 was seen.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from '../src/db/embedded';
import { loadDevSigningKey, signDevToken } from '../src/server/auth';
import { findPersona } from '../src/server/personas';
import { percentile } from './load';

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const num = (name: string, fallback: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const FAULT = flag('fault');
const DURATION_MS = FAULT ? num('seconds', 120) * 1000 : num('minutes', 10) * 60_000;
const WRITERS = num('writers', 6);
const READERS = num('readers', 4);
const RUN = `${FAULT ? 'fault' : 'soak'}-${Date.now().toString(36)}`;
/** The hub's own log (warnings and errors, JSON lines), kept for reading after the run. */
const HUB_LOG = join(tmpdir(), `hub-${RUN}.log`);

interface Tally {
  requests: number;
  latencies: number[];
  byOutcome: Map<string, number>;
}
const tally: Tally = { requests: 0, latencies: [], byOutcome: new Map() };
const count = (k: string) => tally.byOutcome.set(k, (tally.byOutcome.get(k) ?? 0) + 1);

const rssOf = (pid: number): number => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
};
const mb = (b: number) => `${(b / 1048576).toFixed(0)} MB`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startPostgres(dataDir: string, port: number): Promise<EmbeddedDatabase> {
  return startEmbeddedPostgres({ dataDir, port, persistent: true, log: () => undefined });
}

/** kill -9 the postmaster and every backend: what a crashed server looks like to the hub. */
function killPostgres(dataDir: string): void {
  const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  for (const p of [pid, ...children]) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
}

async function startHubProcess(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [resolve(__dirname, '../src/main.js')], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const log = createWriteStream(HUB_LOG);
  for (const s of [child.stdout!, child.stderr!]) {
    s.on('data', (d) => (out = (out + String(d)).slice(-20_000)));
    s.pipe(log);
  }
  for (let i = 0; i < 240; i++) {
    await sleep(500);
    if (child.exitCode !== null) throw new Error(`hub exited during start-up:\n${out.slice(-2000)}`);
    try {
      if ((await fetch(`http://127.0.0.1:${env.PORT}/readyz`)).ok) return child;
    } catch {
      /* not listening yet */
    }
  }
  throw new Error(`hub did not become ready:\n${out.slice(-2000)}`);
}

interface Ack {
  sourceRecordId: string;
  id?: string;
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), `hub-${RUN}-`));
  chmodSync(work, 0o755);
  const dataDir = join(work, 'pg');
  const pgPort = await freePort();
  let db = await startPostgres(dataDir, pgPort);
  const dbUrl = db.url.replace(/\/postgres$/, '/hub_soak');
  const admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  await admin.query('create database hub_soak');
  await admin.end();

  const port = await freePort();
  const hubData = join(work, 'hub');
  mkdirSync(hubData);
  const hub = await startHubProcess({
    NODE_ENV: 'development',
    PORT: String(port),
    DATABASE_URL: dbUrl,
    AUTO_MIGRATE: 'true',
    SEED_DEMO: 'true',
    DATA_DIR: hubData,
    LOG_LEVEL: 'warn',
    // The soak measures the hub, not the limiter: a partner system of this volume would be given its own budget.
    RATE_LIMIT_PRINCIPAL_POINTS: '1000000000',
    RATE_LIMIT_CLIENT_POINTS: '1000000000',
    RATE_LIMIT_AGENCY_POINTS: '1000000000',
  });
  const rssStart = rssOf(hub.pid!);
  const { privateJwk } = await loadDevSigningKey(hubData);
  const token = async (persona: string) => signDevToken(privateJwk, 'safeguarding-hub', findPersona(persona)!.claims);
  const writerToken = await token('social-worker');
  const readerPersonas = ['social-worker', 'health-visitor', 'police-ppu', 'team-manager'];
  const readerTokens = await Promise.all(readerPersonas.map(token));

  const gql = async (tok: string, query: string, variables?: Record<string, unknown>): Promise<{ status: number; body: any } | { status: 0; error: string }> => {
    const t0 = performance.now();
    try {
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tok}` }, body: JSON.stringify({ query, variables }), signal: AbortSignal.timeout(30_000) });
      const body = await res.json().catch(() => null);
      tally.latencies.push(performance.now() - t0);
      tally.requests++;
      const code = body?.errors?.[0]?.extensions?.code ?? (body?.data ? Object.values(body.data as object)[0]?.userErrors?.[0]?.code : undefined);
      count(`${res.status}${code ? ` ${code}` : ''}`);
      return { status: res.status, body };
    } catch (err) {
      tally.requests++;
      count('network error');
      return { status: 0, error: String(err) };
    }
  };

  const demo = await new pg.Client({ connectionString: dbUrl });
  await demo.connect();
  const demoChild = (await demo.query(`select id from child where source_system = 'Mosaic' order by id limit 1`)).rows[0].id as string;
  const demoChildGid = Buffer.from(`Child:${demoChild}`).toString('base64');
  const demoNhs = (await demo.query(`select value from child_identifier where type = 'NHS_NUMBER' order by id limit 1`)).rows[0].value as string;
  await demo.end();

  const CREATE = `mutation($input: CreateChildInput!) { createChild(input: $input) { created record { id version givenName } userErrors { field code } } }`;
  const UPDATE = `mutation($input: UpdateChildInput!) { updateChild(input: $input) { record { id version givenName } userErrors { field code } } }`;
  const READ = `query($id: ID!) { node(id: $id) { ... on Child { id version givenName } } }`;
  const READS = [
    [`{ children(first: 20) { nodes { id givenName familyName dateOfBirth } } }`, undefined],
    // Fields every practitioner's schema has; detail a role may not see is answered FORBIDDEN per field.
    [`query($id: ID!) { node(id: $id) { ... on Child { familyName dateOfBirth identifiers { type value } childProtectionPlans { startDate category } } } }`, { id: demoChildGid }],
    [`query($n: String) { childStatus(input: { nhsNumber: $n }) { identifierKnown alerts { kind startDate } } }`, { n: demoNhs }],
  ] as const;

  const acked = new Map<string, Ack>();
  const pendingCreates: { sourceRecordId: string; input: Record<string, unknown> }[] = [];
  const deadline = Date.now() + DURATION_MS;
  let outage = false;

  const writer = async (w: number) => {
    for (let n = 0; Date.now() < deadline; n++) {
      const sourceRecordId = `${RUN}-${w}-${n}`;
      const input = {
        givenName: `Soak${w}`,
        familyName: `Writer${n}`,
        dateOfBirth: `201${w % 10}-0${1 + (n % 9)}-1${n % 10}`,
        identifiers: [{ type: 'LA_CHILD_ID', value: `S${w}${String(n).padStart(7, '0')}`, namespace: '931' }],
        sourceSystem: 'Soak',
        sourceRecordId,
      };
      const res = await gql(writerToken, CREATE, { input });
      const rec = res.status === 200 ? res.body?.data?.createChild?.record : null;
      if (!rec) {
        if (res.status === 0 || res.status === 503) pendingCreates.push({ sourceRecordId, input });
        if (outage) await sleep(200);
        continue;
      }
      acked.set(sourceRecordId, { sourceRecordId, id: rec.id });
      // A partner system retrying a create it is unsure of gets the same record back.
      if (n % 10 === 0) {
        const again = await gql(writerToken, CREATE, { input });
        if (again.status === 200 && again.body?.data?.createChild?.record?.id !== rec.id) count('RETRY RETURNED ANOTHER RECORD');
      }
      let version = rec.version as number;
      for (let u = 0; u < 2 && Date.now() < deadline; u++) {
        const stale = n % 7 === 0 && u === 1;
        const up = await gql(writerToken, UPDATE, { input: { id: rec.id, expectedVersion: stale ? version - 1 : version, givenName: `Soak${w}u${u}` } });
        const r = up.status === 200 ? up.body?.data?.updateChild?.record : null;
        if (r) version = r.version;
        else if (up.status !== 200) {
          // Outcome unknown: read the record as a partner system would before going on.
          const seen = await gql(writerToken, READ, { id: rec.id });
          if (seen.status === 200 && seen.body?.data?.node) version = seen.body.data.node.version;
        }
      }
    }
  };
  const reader = async (r: number) => {
    for (let i = 0; Date.now() < deadline; i++) {
      const [q, v] = READS[i % READS.length]!;
      await gql(readerTokens[r % readerTokens.length]!, q, v as Record<string, unknown> | undefined);
    }
  };

  let faultNote = '';
  const fault = async () => {
    if (!FAULT) return;
    await sleep(DURATION_MS / 3);
    const at = Date.now();
    killPostgres(dataDir);
    outage = true;
    await sleep(5000);
    for (let i = 0; i < 20; i++) {
      try {
        db = await startPostgres(dataDir, pgPort);
        break;
      } catch (err) {
        await sleep(500);
        if (i === 19) throw err;
      }
    }
    outage = false;
    // When does the hub answer again?
    let recovered = 0;
    for (let i = 0; i < 120 && !recovered; i++) {
      const res = await gql(readerTokens[0]!, '{ children(first: 1) { nodes { id } } }');
      if (res.status === 200) recovered = Date.now();
      else await sleep(250);
    }
    faultNote = `PostgreSQL killed (SIGKILL to the postmaster and every backend) at ${((at - (deadline - DURATION_MS)) / 1000).toFixed(0)} s, restarted 5 s later; the hub answered again ${((recovered - at) / 1000).toFixed(1)} s after the kill, by itself.`;
  };

  console.log(`${RUN}: ${WRITERS} writers, ${READERS} readers for ${DURATION_MS / 1000} s against the hub on 127.0.0.1:${port}`);
  await Promise.all([...Array.from({ length: WRITERS }, (_, w) => writer(w)), ...Array.from({ length: READERS }, (_, r) => reader(r)), fault()]);

  // Retry creates whose outcome was unknown (503 or network error), as the partner system would.
  let retried = 0;
  for (const p of pendingCreates) {
    for (let i = 0; i < 10; i++) {
      const res = await gql(writerToken, CREATE, { input: p.input });
      const rec = res.status === 200 ? res.body?.data?.createChild?.record : null;
      if (rec) {
        acked.set(p.sourceRecordId, { sourceRecordId: p.sourceRecordId, id: rec.id });
        retried++;
        break;
      }
      await sleep(500);
    }
  }
  const rssEnd = rssOf(hub.pid!);

  // Reconciliation, as the database's owner (no row-level security).
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  const problems: string[] = [];
  const fromGid = (gid: string) => Buffer.from(gid, 'base64').toString('utf8').split(':')[1]!;
  // One pass over each table (grouped), not a correlated count per record: the audit log is large by now.
  const rows = (await c.query(
    `with soak as (select id, source_record_id, version from child where source_system = 'Soak' and source_record_id like $1),
          ids as (select child_id, count(*)::int n from child_identifier where child_id in (select id from soak) group by child_id),
          aud as (select record_id, count(*) filter (where action = 'CREATE')::int creates, count(*) filter (where action = 'UPDATE')::int updates
                    from audit_event where record_type = 'Child' and record_id in (select id from soak) group by record_id)
     select s.source_record_id, s.id, s.version, coalesce(ids.n, 0) identifiers, coalesce(aud.creates, 0) creates, coalesce(aud.updates, 0) updates
       from soak s left join ids on ids.child_id = s.id left join aud on aud.record_id = s.id`,
    [`${RUN}-%`],
  )).rows as { source_record_id: string; id: string; version: number; identifiers: number; creates: number; updates: number }[];
  const bySource = new Map<string, typeof rows>();
  for (const r of rows) bySource.set(r.source_record_id, [...(bySource.get(r.source_record_id) ?? []), r]);
  for (const a of acked.values()) {
    const found = bySource.get(a.sourceRecordId) ?? [];
    if (found.length !== 1) problems.push(`${a.sourceRecordId}: ${found.length} rows for an acknowledged create`);
    else if (found[0]!.id !== fromGid(a.id!)) problems.push(`${a.sourceRecordId}: acknowledged as ${fromGid(a.id!)}, stored as ${found[0]!.id}`);
  }
  const initialVersion = 1;
  for (const r of rows) {
    if (r.identifiers !== 1) problems.push(`${r.source_record_id}: ${r.identifiers} identifiers (partial record)`);
    if (r.creates !== 1) problems.push(`${r.source_record_id}: ${r.creates} CREATE audit rows`);
    if (r.updates !== r.version - initialVersion) problems.push(`${r.source_record_id}: version ${r.version} but ${r.updates} UPDATE audit rows`);
  }
  const orphans = (await c.query(`select count(*)::int n from audit_event e where e.action = 'CREATE' and e.record_type = 'Child' and e.record_id is not null and not exists (select 1 from child c where c.id = e.record_id)`)).rows[0].n as number;
  if (orphans) problems.push(`${orphans} CREATE audit rows for records that do not exist`);
  await c.query(`select hub_seal_audit()`);
  const chain = (await c.query(`select * from hub_verify_audit_chain()`)).rows[0] as Record<string, unknown>;
  const chainOk = chain.broken_seq === null;
  if (!chainOk) problems.push(`audit chain: ${JSON.stringify(chain)}`);
  const auditRows = (await c.query('select count(*)::int n from audit_event')).rows[0].n as number;
  await c.end();

  hub.kill('SIGTERM');
  await new Promise((r) => hub.once('exit', r));
  await db.stop().catch(() => undefined);
  rmSync(work, { recursive: true, force: true });

  const sorted = [...tally.latencies].sort((a, b) => a - b);
  const fiveHundreds = [...tally.byOutcome].filter(([k]) => k.startsWith('500')).reduce((n, [, v]) => n + v, 0);
  const lines = [
    `# ${FAULT ? 'Fault (kill -9 PostgreSQL under load)' : 'Soak (mixed read/write)'}: ${new Date().toISOString().slice(0, 10)}`,
    '',
    `Command: \`npm run soak -- ${argv.join(' ')}\`; ${WRITERS} writer and ${READERS} reader loops for ${DURATION_MS / 1000} s, on this machine, loopback only.`,
    '',
    `- requests: ${tally.requests} (${(tally.requests / (DURATION_MS / 1000)).toFixed(0)}/s); p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms`,
    `- hub RSS: ${mb(rssStart)} at start, ${mb(rssEnd)} at end`,
    `- hub log (warnings and errors): ${HUB_LOG}`,
    `- acknowledged creates: ${acked.size} (${retried} after a retry), soak records in the database: ${rows.length}, audit rows in all: ${auditRows}`,
    ...(faultNote ? [`- ${faultNote}`] : []),
    '',
    '| outcome (HTTP status and code) | requests |',
    '|---|---|',
    ...[...tally.byOutcome].sort((a, b) => b[1] - a[1]).map(([k, v]) => `| ${k} | ${v} |`),
    '',
    `Reconciliation: ${problems.length ? `**FAILED** (${problems.length} problems)` : 'every acknowledged create present exactly once with its identifier and one CREATE audit row; one UPDATE audit row per committed version; no audit row for a write that did not commit; audit chain intact.'}`,
    ...problems.slice(0, 20).map((p) => `- ${p}`),
    '',
  ];
  const report = lines.join('\n');
  console.log(report);
  mkdirSync(resolve(__dirname, '../../bench/results'), { recursive: true });
  writeFileSync(resolve(__dirname, `../../bench/results/${FAULT ? 'fault' : 'soak'}.md`), report);
  process.exitCode = problems.length || fiveHundreds ? 1 : 0;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
