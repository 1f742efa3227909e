import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { Purpose } from '../access/principal';
import { AgencyKind } from '../modules/agencies/agency.entity';
import { runCinCensus } from './cin-census';

/**
 * Statutory returns over HTTP (issue 12): `GET /exports/returns/cin-census?year=2026` downloads the CIN
 * census XML that `npm run export:cin` writes; `&checkOnly=true` returns the pre-export findings instead.
 *
 * Who: a token of a local authority with purpose STATUTORY_RETURN. The access policy decides which roles
 * may declare that purpose (today the team manager, who signs the return off), so it is not repeated here.
 * The return is the authority's own and covers every team's children, so it is built on the owner's
 * connection, outside the caller's row scope; the audit row names every child it holds.
 *
 * A return with an ERROR finding is not produced: 422 with the findings (rule, message, child, record).
 */
export async function registerStatutoryReturns(app: FastifyInstance, opts: { orm: MikroORM; preHandler: (req: FastifyRequest) => Promise<void> }): Promise<void> {
  const { orm, preHandler } = opts;
  const fail = (reply: FastifyReply, req: FastifyRequest, status: number, code: string, message: string, extra: Record<string, unknown> = {}) =>
    reply.code(status).send({ errors: [{ message, extensions: { code, requestId: req.id, ...extra } }] });

  app.get('/exports/returns/cin-census', { preHandler }, async (req, reply) => {
    const p = req.principal!;
    if (p.purpose !== Purpose.STATUTORY_RETURN || p.agencyKind !== AgencyKind.LOCAL_AUTHORITY) {
      return fail(reply, req, 403, 'FORBIDDEN', `Statutory returns are for local authority tokens with purpose ${Purpose.STATUTORY_RETURN}.`);
    }
    const q = req.query as Record<string, string | undefined>;
    const year = Number(q.year);
    if (!q.year || !/^\d{4}$/.test(q.year) || year < 2020 || year > 2100) return fail(reply, req, 400, 'BAD_USER_INPUT', 'year is the collection year, e.g. 2026 for 2025/26 (reference date 31 March 2026).');
    if (q.checkOnly !== undefined && q.checkOnly !== 'true' && q.checkOnly !== 'false') return fail(reply, req, 400, 'BAD_USER_INPUT', 'checkOnly is true or false.');
    const client = new pg.Client({ connectionString: orm.config.get('clientUrl'), options: '-c jit=off' });
    await client.connect();
    try {
      const who = { request_id: req.id, subject: p.subject, agency_id: req.agencyId, agency_code: p.agencyCode, roles: p.roles, purpose: p.purpose, client_id: p.clientId ?? null, operation_name: 'GET /exports/returns/cin-census', document_hash: null };
      const result = await runCinCensus(client, { year, subject: p.subject, who, agencyCode: p.agencyCode, checkOnly: q.checkOnly === 'true', operation: 'GET /exports/returns/cin-census' });
      const summary = { window: result.window, children: result.children, episodes: result.episodes, errors: result.errors, queries: result.queries };
      if (q.checkOnly === 'true') return reply.header('cache-control', 'no-store').send({ ...summary, findings: result.findings });
      if (!result.xml) {
        return fail(reply, req, 422, 'RETURN_HAS_ERRORS', `The ${year} CIN census has ${result.errors} error finding(s): correct the records named and ask again.`, { ...summary, findings: result.findings });
      }
      return reply
        .header('content-type', 'application/xml; charset=utf-8')
        .header('content-disposition', `attachment; filename="cin-census-${year}.xml"`)
        .header('cache-control', 'no-store')
        .header('x-return-queries', String(result.queries))
        .send(result.xml);
    } finally {
      await client.end();
    }
  });
}
