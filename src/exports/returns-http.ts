import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { Purpose } from '../access/principal';
import { AgencyKind } from '../modules/agencies/agency.entity';
import { annexAWindow, runAnnexA } from './annex-a';
import { runCinCensus } from './cin-census';
import { runSsda903, ssda903Tables } from './ssda903';
import { collectionYear } from './statutory-return';
import type { HubConfig } from '../config';
import { rateLimitedError, type RateLimits } from '../server/rate-limits';

/**
 * Statutory returns over HTTP (issue 12), the same files the CLI writes:
 *  - `GET /exports/returns/cin-census?year=2026` the CIN census XML (`&checkOnly=true`: the pre-export
 *    findings instead; `&preProceedings=true|false`: the 2026/27 module, default from 2027);
 *  - `GET /exports/returns/ssda903/<file>?year=2026` one SSDA903 CSV file (header.csv, episodes.csv, …);
 *  - `GET /exports/returns/annex-a?from=YYYY-MM-DD&to=YYYY-MM-DD` the Ofsted Annex A workbook.
 *
 * Who: a token of a local authority with purpose STATUTORY_RETURN. The access policy decides which roles
 * may declare that purpose (today the team manager, who signs the return off), so it is not repeated here.
 * The return is the authority's own and covers every team's children, so it is built on the owner's
 * connection, outside the caller's row scope; the audit row names every child it holds.
 *
 * A return with an ERROR finding is not produced: 422 with the findings (rule, message, child, record).
 */
type Query = Record<string, string | undefined>;

/**
 * What one return costs from the caller's rate-limit budgets (query-cost points): a return reads the whole
 * authority's records, like a bulk export page of this many rows. The default budgets allow a dozen a minute.
 */
export const RETURN_COST = 50_000;

export async function registerStatutoryReturns(app: FastifyInstance, opts: { orm: MikroORM; config: HubConfig; rateLimits: RateLimits; preHandler: (req: FastifyRequest) => Promise<void> }): Promise<void> {
  const { orm, config, rateLimits, preHandler } = opts;
  const fail = (reply: FastifyReply, req: FastifyRequest, status: number, code: string, message: string, extra: Record<string, unknown> = {}) =>
    reply.code(status).send({ errors: [{ message, extensions: { code, requestId: req.id, ...extra } }] });

  /**
   * One return route: the caller's token is checked, the query parsed (a parse error is the caller's: 400),
   * and the return built on its own owner connection with the request's audit identity.
   */
  const route = <P>(path: string, parse: (q: Query) => P, build: (client: pg.Client, params: P, who: Record<string, unknown>, req: FastifyRequest, reply: FastifyReply) => Promise<unknown>) =>
    app.get(path, { preHandler }, async (req, reply) => {
      const p = req.principal!;
      if (p.purpose !== Purpose.STATUTORY_RETURN || p.agencyKind !== AgencyKind.LOCAL_AUTHORITY) {
        return fail(reply, req, 403, 'FORBIDDEN', `Statutory returns are for local authority tokens with purpose ${Purpose.STATUTORY_RETURN}.`);
      }
      let params: P;
      try {
        params = parse(req.query as Query);
      } catch (err) {
        // Parsing only reads the query: whatever it refuses is the caller's input.
        return fail(reply, req, 400, 'BAD_USER_INPUT', err instanceof Error ? err.message : String(err));
      }
      const refusal = await rateLimits.charge(p, RETURN_COST);
      if (refusal) return reply.code(429).header('retry-after', String(refusal.retryAfterSeconds)).send({ errors: [rateLimitedError(refusal, req.id, 'a statutory return')] });
      const who = { request_id: req.id, subject: p.subject, agency_id: req.agencyId, agency_code: p.agencyCode, roles: p.roles, purpose: p.purpose, client_id: p.clientId ?? null, operation_name: `GET ${path}`, document_hash: null };
      // The bulk purposes' statement timeout bounds every statement of the return.
      const client = new pg.Client({ connectionString: orm.config.get('clientUrl'), options: `-c jit=off -c statement_timeout=${config.DB_ANALYTICS_STATEMENT_TIMEOUT_MS}` });
      await client.connect();
      try {
        return await build(client, params, who, req, reply);
      } finally {
        await client.end();
      }
    });
  const attachment = (reply: FastifyReply, type: string, filename: string) =>
    reply.header('content-type', type).header('content-disposition', `attachment; filename="${filename}"`).header('cache-control', 'no-store');

  route(
    '/exports/returns/cin-census',
    (q) => {
      const { year } = collectionYear(Number(q.year ?? ''));
      const flag = (name: string) => {
        const v = q[name];
        if (v !== undefined && v !== 'true' && v !== 'false') throw new Error(`${name} is true or false.`);
        return v === undefined ? undefined : v === 'true';
      };
      return { year, checkOnly: flag('checkOnly') ?? false, preProceedings: flag('preProceedings') };
    },
    async (client, { year, checkOnly, preProceedings }, who, req, reply) => {
      const result = await runCinCensus(client, { year, subject: String(who.subject), who, agencyCode: String(who.agency_code), checkOnly, preProceedings, operation: String(who.operation_name) });
      const summary = { window: result.window, children: result.children, episodes: result.episodes, errors: result.errors, queries: result.queries };
      if (checkOnly) return reply.header('cache-control', 'no-store').send({ ...summary, findings: result.findings });
      if (!result.xml) {
        return fail(reply, req, 422, 'RETURN_HAS_ERRORS', `The ${year} CIN census has ${result.errors} error finding(s): correct the records named and ask again.`, { ...summary, findings: result.findings });
      }
      return attachment(reply, 'application/xml; charset=utf-8', `cin-census-${year}.xml`).header('x-return-queries', String(result.queries)).send(result.xml);
    },
  );

  route(
    '/exports/returns/ssda903/:file',
    (q) => collectionYear(Number(q.year ?? '')),
    async (client, { year }, who, req, reply) => {
      const { file } = req.params as { file: string };
      const files = ssda903Tables(year).map((t) => t.file);
      if (!files.includes(file)) return fail(reply, req, 404, 'NOT_FOUND', `The ${year} SSDA903 return has the files ${files.join(', ')}.`);
      const result = await runSsda903(client, { year, only: file, subject: String(who.subject), who, agencyCode: String(who.agency_code), operation: String(who.operation_name) });
      return attachment(reply, 'text/csv; charset=utf-8', `ssda903-${year}-${file}`).send(result.files[file]);
    },
  );

  route(
    '/exports/returns/annex-a',
    (q) => annexAWindow(String(q.from ?? ''), String(q.to ?? '')),
    async (client, window, who, _req, reply) => {
      const result = await runAnnexA(client, { ...window, subject: String(who.subject), who, agencyCode: String(who.agency_code), operation: String(who.operation_name) });
      return attachment(reply, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', `annex-a-${window.from}-${window.to}.xlsx`).send(result.workbook);
    },
  );
}
