import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { Purpose, Role, type Principal } from '../access/principal';
import type { HubConfig } from '../config';
import { runPrepared } from '../db/prepared';
import { APP_ROLE } from '../access/row-scope';
import { requestLimitsFor } from '../db/request-transaction';
import { unavailable, unavailableError } from '../db/unavailable';
import type { Logger } from 'pino';
import { createContext, type HubContext } from '../server/context';
import { currentSealer } from '../server/secrets';
import { isUuid, NIL_UUID } from '../server/graphql/global-id';
import { rateLimitedError, type RateLimits } from '../server/rate-limits';

/**
 * Bulk export for BI (issue 12): `GET /exports/analytics/<view>` streams one of the pseudonymised
 * analytical views (`analytics.*`, declared in migrations/Migration20261206000000_analytics_views.ts)
 * as NDJSON or CSV. PostgreSQL writes the text (one JSON object per line, or CSV) and the hub passes its
 * `COPY … TO STDOUT` stream to the client unchanged, with backpressure: the hub neither parses nor holds
 * rows, so its memory does not grow with the export.
 *
 * Pages: at most `limit` rows (default 50,000) in the order of the records' ids. When more follow, the
 * response carries `Link: <…&after=TOKEN>; rel="next"` and `X-Next-Token`; the token is sealed with the
 * hub secret (opaque, tamper-evident), so a client resumes where the page ended, also after a broken
 * download (the same `after` gives the same page, plus rows added since).
 *
 * Audit: before any row is sent, the page is recorded as one EXPORT row naming every child it is about
 * (computed in SQL over the page's range) and the columns released, and committed. An interrupted download
 * is therefore recorded as exported: the audit never records less than was released.
 */

/** Who may export: the partnership's analysts and BI service accounts, for analysis only. */
export const BULK_EXPORT_ROLES: readonly Role[] = [Role.BOARD_ANALYST, Role.BI_SERVICE];
export const BULK_EXPORT_PURPOSE = Purpose.ANALYTICS;

export const DEFAULT_EXPORT_ROWS = 50_000;
export const MAX_EXPORT_ROWS = 500_000;
/** Connections streaming pages at once; further pages wait for one (then 503, retryable). */
const STREAM_CONNECTIONS = 4;

type Format = 'ndjson' | 'csv';
const CONTENT_TYPES: Record<Format, string> = { ndjson: 'application/x-ndjson; charset=utf-8', csv: 'text/csv; charset=utf-8' };

class ExportError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface ViewColumns {
  names: string[];
  /** information_schema data types, in the same order (they decide each column's CSV text). */
  types: string[];
}

/** The analytical views and their columns, from the catalogue (the migration is their declaration). */
async function catalogue(orm: MikroORM): Promise<Map<string, ViewColumns>> {
  const rows = await orm.em.fork().execute<{ view: string; columns: string[]; types: string[] }[]>(
    `select c.table_name as view, array_agg(c.column_name::text order by c.ordinal_position) as columns,
            array_agg(c.data_type::text order by c.ordinal_position) as types
       from information_schema.columns c join information_schema.views v on v.table_schema = c.table_schema and v.table_name = c.table_name
      where c.table_schema = 'analytics' group by c.table_name`,
  );
  return new Map(rows.map((r) => [r.view, { names: r.columns, types: r.types }]));
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

interface ExportRequest {
  view: string;
  columns: string[];
  types: string[];
  format: Format;
  limit: number;
  after: string;
}

function parseRequest(req: FastifyRequest, views: Map<string, ViewColumns>): ExportRequest {
  const { view } = req.params as { view: string };
  const q = req.query as Record<string, string | undefined>;
  const declared = views.get(view);
  if (!declared) throw new ExportError(404, 'NOT_FOUND', `No analytical view "${String(view).slice(0, 60)}". Views: ${[...views.keys()].sort().join(', ')}.`);
  const format = (q.format ?? (String(req.headers.accept ?? '').includes('text/csv') ? 'csv' : 'ndjson')) as Format;
  if (!(format in CONTENT_TYPES)) throw new ExportError(400, 'BAD_USER_INPUT', 'format is ndjson or csv.');
  const limit = q.limit === undefined ? DEFAULT_EXPORT_ROWS : Number(q.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_EXPORT_ROWS) throw new ExportError(400, 'BAD_USER_INPUT', `limit is a whole number from 1 to ${MAX_EXPORT_ROWS}.`);
  // The first page starts after the lowest UUID there is.
  let after = NIL_UUID;
  if (q.after !== undefined) {
    const plain = currentSealer().unseal(q.after);
    const token = plain ? (JSON.parse(plain) as { view?: string; after?: string }) : null;
    if (!token || token.view !== view || typeof token.after !== 'string' || !isUuid(token.after)) {
      throw new ExportError(400, 'BAD_USER_INPUT', 'after is not a continuation token this hub issued for this view.');
    }
    after = token.after;
  }
  return { view, columns: declared.names, types: declared.types, format, limit, after };
}

function contextFor(orm: MikroORM, config: HubConfig, req: FastifyRequest, principal: Principal, agencyId: string): HubContext {
  return createContext({ principal, agencyId, requestId: req.id, log: req.log as unknown as Logger, rootEm: orm.em, limits: requestLimitsFor(config, principal.purpose) });
}

/**
 * The page's last id and row count, and its audit row, committed before anything is sent. The children
 * and the count are computed in SQL over the range, so the hub never holds them.
 */
async function recordPage(orm: MikroORM, config: HubConfig, req: FastifyRequest, r: ExportRequest): Promise<{ through: string | null; rows: number; more: boolean }> {
  const ctx = contextFor(orm, config, req, req.principal!, req.agencyId!);
  ctx.audit.setOperation(`GET /exports/analytics/${r.view}`, undefined);
  const view = `analytics_private.${quoteIdent(r.view)}`;
  await ctx.tx.begin();
  try {
    // The limit-th id after `after` and whether another follows it; without one, this is the last page,
    // which ends at the last id now.
    const nth = await runPrepared<{ id: string }>(ctx.em, `hub_export_nth_${r.view}`, `select _id::text as id from ${view} where _id > $1::uuid order by _id offset $2 limit 2`, [r.after, r.limit - 1]);
    const more = nth.length === 2;
    const through = nth[0]?.id ?? (await runPrepared<{ id: string | null }>(ctx.em, `hub_export_last_${r.view}`, `select _id::text as id from ${view} where _id > $1::uuid order by _id desc limit 1`, [r.after]))[0]?.id ?? null;
    if (!through) {
      await ctx.tx.commit();
      return { through: null, rows: 0, more: false };
    }
    // The children as a uuid[] straight into the audit row (not a JSON array parsed back: 200,000
    // children cost seconds that way), and the row count, in one pass over the page.
    const [audit] = await runPrepared<{ rows: number }>(
      ctx.em,
      `hub_export_audit_${r.view}`,
      `with page as (select array_agg(distinct _child_id) filter (where _child_id is not null) as children, count(*)::int as rows
                       from ${view} where _id > $1::uuid and _id <= $2::uuid)
       select hub_append_audit_for_children($3::jsonb || jsonb_build_object('changes', jsonb_build_object('view', $4::text, 'rows', page.rows)), page.children), page.rows
         from page`,
      [r.after, through, JSON.stringify({ ...ctx.audit.who(), action: 'EXPORT', record_type: `analytics.${r.view}`, record_id: null, fields: r.columns, records: null }), r.view],
    );
    await ctx.tx.commit();
    return { through, rows: audit!.rows, more };
  } catch (err) {
    await ctx.tx.rollback().catch(() => undefined);
    throw err;
  }
}

/**
 * A column as its CSV cell: the same value as the NDJSON line gives it (timestamps in the same ISO 8601
 * text, booleans as true/false so that false and unknown differ), code lists joined with `;`, empty when
 * there are none.
 */
function csvCell(name: string, type: string): string {
  const col = quoteIdent(name);
  // An empty list is an empty cell, as unknown is (PostgreSQL would write "" for an empty string).
  if (type === 'ARRAY') return `nullif(array_to_string(${col}, ';'), '')`;
  if (type === 'boolean') return `case when ${col} then 'true' when not ${col} then 'false' end`;
  if (type.startsWith('timestamp')) return `to_json(${col}) #>> '{}'`;
  return col;
}

/**
 * The page as PostgreSQL's COPY text. NDJSON: one column of JSON text, written in CSV mode with a quote
 * and delimiter JSON text never holds raw (it escapes every control character), so each line is the JSON
 * exactly as built. CSV: PostgreSQL's CSV writer with a header.
 * Ids are UUIDs checked above (from a sealed token or from the database): safe as literals in COPY, which
 * takes no parameters.
 */
function copyStatement(r: ExportRequest, through: string): string {
  const from = `from analytics_private.${quoteIdent(r.view)} where _id > '${r.after}'::uuid and _id <= '${through}'::uuid order by _id`;
  if (r.format === 'ndjson') {
    return `copy (select json_build_object(${r.columns.map((c) => `'${c}', ${quoteIdent(c)}`).join(', ')})::text ${from}) to stdout with (format csv, quote e'\\x01', delimiter e'\\x02')`;
  }
  return `copy (select ${r.columns.map((c, i) => `${csvCell(c, r.types[i]!)} as ${quoteIdent(c)}`).join(', ')} ${from}) to stdout with (format csv, header true)`;
}

/**
 * Streams the page on its own connection (taken from a small pool before the page is audited; as
 * hub_app, read-only), with the request's deadline as the statement timeout: a client that stops reading holds the COPY, so the
 * deadline bounds it. The connection goes back to the pool when the stream ends, fails or the client
 * goes away.
 */
async function pageStream(client: pg.PoolClient, config: HubConfig, req: FastifyRequest, r: ExportRequest, through: string): Promise<NodeJS.ReadableStream> {
  const limits = requestLimitsFor(config, req.principal!.purpose);
  let released = false;
  const release = (err?: Error) => {
    if (released) return;
    released = true;
    // A connection whose COPY was cut off mid-stream is discarded, not reused.
    client.release(err ?? true);
  };
  try {
    await client.query(`begin isolation level repeatable read read only; set local role ${APP_ROLE}; set local statement_timeout = ${Math.max(1, Math.round(limits.deadlineMs))}; set local jit = off`);
  } catch (err) {
    release(err as Error);
    throw err;
  }
  const copy = client.query(copyTo(copyStatement(r, through)));
  const out = new PassThrough();
  copy.on('error', (err) => {
    release(err);
    out.destroy(err);
  });
  copy.on('end', () => {
    client.query('commit').then(() => {
      released = true;
      client.release();
    }, (err: Error) => release(err));
  });
  // The client went away: end the COPY by dropping its connection.
  out.on('close', () => {
    if (!copy.readableEnded) release(new Error('export stream closed before its end'));
  });
  return copy.pipe(out);
}

function sendError(reply: FastifyReply, req: FastifyRequest, err: ExportError): FastifyReply {
  return reply.code(err.status).send({ errors: [{ message: err.message, extensions: { code: err.code, requestId: req.id } }] });
}

/** Registers `GET /exports/analytics` (the views and their columns) and `GET /exports/analytics/:view`. */
export async function registerBulkExport(app: FastifyInstance, opts: { orm: MikroORM; config: HubConfig; rateLimits: RateLimits; preHandler: (req: FastifyRequest) => Promise<void> }): Promise<void> {
  const { orm, config, preHandler, rateLimits } = opts;
  const pool = new pg.Pool({ connectionString: orm.config.get('clientUrl'), max: STREAM_CONNECTIONS, connectionTimeoutMillis: 10_000, application_name: 'hub-bulk-export' });
  pool.on('error', () => undefined); // an idle connection dropped by the server is replaced on next use
  app.addHook('onClose', async () => pool.end());
  let views: Promise<Map<string, ViewColumns>> | undefined;
  const viewsNow = () => (views ??= catalogue(orm).catch((err: unknown) => {
    views = undefined;
    throw err;
  }));
  const permitted = (req: FastifyRequest) => {
    const p = req.principal!;
    if (!p.roles.some((role) => BULK_EXPORT_ROLES.includes(role)) || p.purpose !== BULK_EXPORT_PURPOSE) {
      throw new ExportError(403, 'FORBIDDEN', `Bulk export is for ${BULK_EXPORT_ROLES.join(' and ')} tokens with purpose ${BULK_EXPORT_PURPOSE}.`);
    }
  };

  app.get('/exports/analytics', { preHandler }, async (req, reply) => {
    try {
      permitted(req);
      return Object.fromEntries([...(await viewsNow())].sort(([a], [b]) => a.localeCompare(b)).map(([view, { names }]) => [view, { columns: names, href: `/exports/analytics/${view}` }]));
    } catch (err) {
      if (err instanceof ExportError) return sendError(reply, req, err);
      throw err;
    }
  });

  app.get('/exports/analytics/:view', { preHandler }, async (req, reply) => {
    let r: ExportRequest;
    try {
      permitted(req);
      r = parseRequest(req, await viewsNow());
    } catch (err) {
      if (err instanceof ExportError) return sendError(reply, req, err);
      throw err;
    }
    // Charged from the same budgets as GraphQL, before the database is touched: one point per row asked
    // for. A GraphQL page costs a point per field per row, so the streamed export, one prepared read, is
    // the cheaper way to pull bulk data, as intended; the default budgets allow 600,000 rows a minute.
    const refusal = await rateLimits.charge(req.principal!, r.limit);
    if (refusal) return reply.code(429).header('retry-after', String(refusal.retryAfterSeconds)).send({ errors: [rateLimitedError(refusal, req.id, `an export page of ${r.limit} rows`)] });
    // The stream's connection is taken before the page is audited, so a busy pool refuses the page (503,
    // retryable) without recording an export that never happened.
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch {
      const busy = unavailable('POOL_EXHAUSTED');
      return reply.code(503).header('retry-after', String(busy.retryAfterSeconds)).send({ errors: [unavailableError(busy, req.id)] });
    }
    let page: Awaited<ReturnType<typeof recordPage>>;
    try {
      page = await recordPage(orm, config, req, r);
    } catch (err) {
      client.release();
      throw err;
    }
    void reply.header('content-type', CONTENT_TYPES[r.format]).header('x-export-rows', String(page.rows)).header('cache-control', 'no-store');
    if (page.more) {
      const token = currentSealer().seal(JSON.stringify({ view: r.view, after: page.through }));
      const next = `/exports/analytics/${r.view}?format=${r.format}&limit=${r.limit}&after=${token}`;
      void reply.header('x-next-token', token).header('link', `<${next}>; rel="next"`);
    }
    if (!page.through) {
      client.release();
      return reply.send(r.format === 'csv' ? `${r.columns.join(',')}\n` : '');
    }
    return reply.send(await pageStream(client, config, req, r, page.through));
  });
}
