/**
 * The load generator, run as a child process of bench/run.ts so its work does not share the hub's
 * event loop: a fixed number of concurrent loops issue requests back to back for a fixed duration,
 * and latencies are recorded per request. Two modes: `http` (GraphQL POSTs to the hub) and `sql`
 * (the same data fetched with hand-written SQL through pg: the floor). Prints one JSON line.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import pg from 'pg';

export interface LoadSpec {
  mode: 'http' | 'sql';
  durationMs: number;
  concurrency: number;
  warmupMs: number;
  /** http: endpoint, bearer token, query and variables. */
  url?: string;
  token?: string;
  query?: string;
  variables?: Record<string, unknown>;
  /** http: extra request headers (PostGraphile: which persona's settings to run as). */
  headers?: Record<string, string>;
  /** http paging: the path of the connection in `data` whose pageInfo.endCursor feeds `after`. */
  pageField?: string;
  /** sql: connection string, statement, parameters; sqlPaging: `$1` is the last key of the previous page (column `k`). */
  databaseUrl?: string;
  sql?: string;
  params?: unknown[];
  sqlPaging?: boolean;
  /** Also return every recorded latency (ms), to merge rounds. */
  returnLatencies?: boolean;
}

export interface LoadResult {
  requests: number;
  errors: number;
  firstError?: string;
  rps: number;
  p50: number;
  p99: number;
  mean: number;
  /** Requests sent in all, warm-up included (the denominator for CPU and statements sampled around the run). */
  allRequests: number;
  /** Seconds measured. */
  seconds: number;
  latencies?: number[];
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function run(spec: LoadSpec): Promise<LoadResult> {
  let errors = 0;
  let firstError: string | undefined;
  const latencies: number[] = [];
  const fail = (why: string) => {
    errors++;
    firstError ??= why.slice(0, 400);
  };

  let once: () => Promise<void>;
  let pool: pg.Pool | undefined;
  if (spec.mode === 'http') {
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${spec.token}`, ...spec.headers };
    const cursors = new Map<number, string | null>();
    let n = 0;
    once = async () => {
      const slot = n++ % spec.concurrency;
      const variables = spec.pageField ? { ...spec.variables, after: cursors.get(slot) ?? null } : spec.variables;
      const res = await fetch(spec.url!, { method: 'POST', headers, body: JSON.stringify({ query: spec.query, variables }) });
      const text = await res.text();
      if (res.status !== 200) return fail(`HTTP ${res.status}: ${text}`);
      const body = JSON.parse(text) as { data?: Record<string, { pageInfo?: { endCursor?: string; hasNextPage?: boolean } }>; errors?: unknown[] };
      if (body.errors?.length) return fail(JSON.stringify(body.errors));
      if (spec.pageField) {
        const info = body.data?.[spec.pageField]?.pageInfo;
        cursors.set(slot, info?.hasNextPage ? (info.endCursor ?? null) : null);
      }
    };
  } else {
    pool = new pg.Pool({ connectionString: spec.databaseUrl, max: spec.concurrency });
    const keys = new Map<number, unknown>();
    let n = 0;
    once = async () => {
      const slot = n++ % spec.concurrency;
      const params = spec.sqlPaging ? [keys.get(slot) ?? null] : spec.params;
      const res = await pool!.query(spec.sql!, params);
      if (spec.sqlPaging) keys.set(slot, res.rows.length ? (res.rows.at(-1) as { k: unknown }).k : null);
    };
  }

  const started = performance.now();
  const recordFrom = started + spec.warmupMs;
  const stopAt = recordFrom + spec.durationMs;
  let allRequests = 0;
  let lastEnd = recordFrom;
  // Throughput counts each recorded request by the share of its time inside the window [recordFrom,
  // last completion]: a request begun in the warm-up counts only for its part after it. (Counting whole
  // requests from the first completion overstated a slow shape: 8 scorecards of 11.7 s, all begun at
  // 0 s, "completed within" a window that opened at 11.7 s, gave 1.6 req/s for a true 0.7.)
  let inWindow = 0;
  const loop = async () => {
    while (performance.now() < stopAt) {
      allRequests++;
      const t0 = performance.now();
      try {
        await once();
      } catch (err) {
        fail(err instanceof Error ? err.message : String(err));
      }
      const t1 = performance.now();
      if (t1 >= recordFrom) {
        latencies.push(t1 - t0);
        inWindow += t1 - t0 > 0 ? (t1 - Math.max(t0, recordFrom)) / (t1 - t0) : 1;
        lastEnd = Math.max(lastEnd, t1);
      }
    }
  };
  await Promise.all(Array.from({ length: spec.concurrency }, loop));
  const elapsed = (lastEnd - recordFrom) / 1000;
  await pool?.end();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    allRequests,
    errors,
    firstError,
    rps: elapsed > 0 ? inWindow / elapsed : 0,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    mean: latencies.reduce((s, x) => s + x, 0) / (latencies.length || 1),
    seconds: elapsed,
    ...(spec.returnLatencies ? { latencies: latencies.map((x) => Math.round(x * 100) / 100) } : {}),
  };
}

/** Runs one load spec in a child process of its own (so its work does not share the server's event loop) and returns its result. */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
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

if (require.main === module) {
  const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec;
  run(spec)
    .then((r) => {
      process.stdout.write(`${JSON.stringify(r)}\n`);
      process.exit(0);
    })
    .catch((err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    });
}
