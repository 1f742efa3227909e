import { randomUUID } from 'node:crypto';
import { ApolloServer, HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { compiledResponse } from '../reads/execute';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import { GraphQLError, type FormattedExecutionResult, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { HubConfig } from '../config';
import type { Principal, Role } from '../access/principal';
import { schemaForRoles } from '../access/role-schema';
import { Agency } from '../modules/agencies/agency.entity';
import { pendingMigrations } from '../db/orm';
import { requestLimitsFor } from '../db/request-transaction';
import { databaseInputErrors } from '../db/records';
import { classifyUnavailable, unavailableError } from '../db/unavailable';
import { AuthenticationError, checkAgencyKind, principalFromClaims, type Authenticator, type RegisteredAgency, type TokenIdentity } from './auth';
import { createContext, type HubContext } from './context';
import { buildHubSchema } from './graphql/schema';
import { queryCostPlugin } from './query-cost';
import { limitValidationRules, QueryLimitError, REQUEST_LIMITS, tokenLimitError } from './request-limits';
import { setCursorSealer, setMaxPageSize } from './graphql/connection';
import { resolveHubSecret, Sealer, setHubSealer } from './secrets';
import { registerExplorer } from './explorer';
import { registerScorecardPage } from './scorecard-page';
import { registerBulkExport } from '../exports/bulk-export';
import { registerStatutoryReturns } from '../exports/returns-http';
import { TrustedDocumentError, TrustedDocuments } from './trusted-documents';
import { createRateLimits, rateLimitPlugin } from './rate-limits';
import { attachEventSubscriptions } from '../delivery/subscriptions';
import { startAuditSealer } from '../audit/audit-sealer';

const parseJsonOrNull = (s: string): unknown => {
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return null;
  }
};

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
    agencyId?: string;
  }
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export interface Hub {
  app: FastifyInstance;
  /** The Apollo server for a set of roles: its schema is that role set's schema (src/access/role-schema.ts). */
  serverFor(roles: readonly Role[]): Promise<ApolloServer<HubContext>>;
  /** Runs an operation as a principal through the same server, plugins, context and transaction as HTTP. */
  execute(principal: Principal, query: string, variables?: Record<string, unknown>): Promise<FormattedExecutionResult>;
  /** Builds a context as the HTTP path would. */
  contextFor(principal: Principal, requestId?: string): Promise<HubContext>;
}

/** Commits the request transaction after execution; rolls back when the response cannot be sent whole. */
const transactionPlugin: ApolloServerPlugin<HubContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue, operationName, source }) {
        contextValue.audit.setOperation(operationName, source);
      },
      // The transaction opens just before execution (after validation and cost checks, so refused
      // requests never take a connection). Apollo masks any error a hook throws as a bare 500, so a
      // database that cannot be reached is answered here, as a response: 503, Retry-After, retryable code.
      async responseForOperation({ contextValue, schema, document, operation, source, request }) {
        try {
          await contextValue.tx.begin();
        } catch (err) {
          const down = classifyUnavailable(err);
          if (!down) throw err;
          contextValue.log.warn({ err, code: down.code }, 'request refused: database unavailable');
          const headers = new HeaderMap([['retry-after', String(down.retryAfterSeconds)]]);
          return {
            http: { status: 503, headers },
            body: { kind: 'single', singleResult: { data: null, errors: [unavailableError(down, contextValue.requestId)] } },
          };
        }
        // Reads whose every root field compiles run as one SQL statement per root field (src/reads).
        if (!operation || !source) return null;
        const compiled = await compiledResponse({ schema, document, operation, source, variables: request.variables, ctx: contextValue, format: formatError });
        return compiled ? { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult: compiled } } : null;
      },
      async willSendResponse({ contextValue, response }) {
        // A retryable failure anywhere (database down, pool exhausted, lock or statement timeout, deadline)
        // rolls the whole request back: the caller is told to retry, so nothing may be half-done.
        const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
        const retry = errors?.find((e) => e.extensions?.retryable === true);
        if (retry) {
          await contextValue.tx.rollback().catch(() => undefined);
          answerUnavailable(response, { ...retry, extensions: { ...retry.extensions, requestId: contextValue.requestId } });
          return;
        }
        try {
          // The request's audit rows go in its own transaction: no write commits without its audit.
          if (contextValue.tx.isOpen) await contextValue.audit.flush(contextValue.em);
          await contextValue.tx.commit();
        } catch (err) {
          await contextValue.tx.rollback().catch(() => undefined);
          const down = classifyUnavailable(err);
          if (down) {
            contextValue.log.warn({ err, code: down.code }, 'request rolled back: database unavailable');
            answerUnavailable(response, unavailableError(down, contextValue.requestId));
            return;
          }
          contextValue.log.error({ err }, 'request transaction failed to commit');
          response.http.status = 500;
          response.body = {
            kind: 'single',
            singleResult: { errors: [{ message: 'The request could not be saved; nothing was changed.', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: contextValue.requestId } }] },
          };
        }
      },
    };
  },
};

/** HTTP 503 with Retry-After and the one retryable error: the request was rolled back whole. */
function answerUnavailable(response: { http: { status?: number; headers: Map<string, string> }; body: unknown }, error: GraphQLFormattedError): void {
  response.http.status = 503;
  response.http.headers.set('retry-after', String(error.extensions?.retryAfterSeconds ?? 1));
  response.body = { kind: 'single', singleResult: { data: null, errors: [error] } };
}

/** A limit error keeps its own code, limit and actual value (Apollo files it under its validation or parse code). */
function limitErrorOf(error: unknown): QueryLimitError | null {
  const original = error instanceof GraphQLError ? error.originalError : null;
  return original instanceof QueryLimitError ? original : tokenLimitError(error);
}

/** Errors the hub raised on purpose keep their message; anything else is masked and logged. */
function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const down = classifyUnavailable(error);
  if (down) return { ...unavailableError(down), path: formatted.path, locations: formatted.locations };
  // A value the database refused (src/db/records.ts maps these to userErrors inside mutations).
  const refused = error instanceof GraphQLError ? databaseInputErrors(error.originalError) : null;
  if (refused) return { message: refused[0]!.message, path: formatted.path, locations: formatted.locations, extensions: { code: 'BAD_USER_INPUT', reason: 'DATABASE_REFUSED_VALUE' } };
  const limit = limitErrorOf(error);
  if (limit) {
    const { http: _http, ...extensions } = limit.extensions;
    return { message: limit.message, locations: formatted.locations, extensions };
  }
  const code = formatted.extensions?.code;
  const original = error instanceof GraphQLError ? error.originalError : error;
  const known = code && code !== 'INTERNAL_SERVER_ERROR';
  if (known || (error instanceof GraphQLError && !original)) return formatted;
  return { message: 'Internal server error', path: formatted.path, locations: formatted.locations, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

export async function createHub(opts: {
  config: HubConfig;
  orm: MikroORM;
  logger: Logger;
  authenticate: Authenticator;
  /** Benchmark-only switch (bench/audit-overhead.ts); never exposed as configuration. */
  auditEnabled?: boolean;
  /** How often audit rows are sealed into the hash chain (src/audit/audit-sealer.ts). */
  auditSealIntervalMs?: number;
}): Promise<Hub> {
  const { config, orm, logger, authenticate } = opts;
  const app = Fastify({
    loggerInstance: logger as unknown as FastifyBaseLogger,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    bodyLimit: 5 * 1024 * 1024,
  });

  // The agency registry (the `agency` table) decides each agency's id and kind, never the token.
  const registry = new Map<string, Promise<RegisteredAgency>>();
  // One look-up per agency code for the life of the process; concurrent first requests share it, and a
  // failed look-up (database unreachable) is forgotten so the next request tries again.
  function registeredAgency(code: string): Promise<RegisteredAgency> {
    let entry = registry.get(code);
    if (!entry) {
      entry = (async () => {
        const agency = await orm.em.fork().findOne(Agency, { code });
        if (!agency) throw new AuthenticationError('INVALID_CLAIMS', `The bearer token names agency "${code.slice(0, 60)}", which is not a partner of this hub.`);
        return { id: agency.id, code: agency.code, kind: agency.kind };
      })();
      registry.set(code, entry);
      entry.catch(() => registry.delete(code));
    }
    return entry;
  }
  /** The Principal for verified token claims, checked against the registry and the policy, with its agency id. */
  async function bind(claims: TokenIdentity): Promise<{ principal: Principal; agencyId: string }> {
    const agency = await registeredAgency(claims.agencyCode);
    return { principal: principalFromClaims(claims, agency), agencyId: agency.id };
  }

  const trusted = TrustedDocuments.load();
  const rateLimits = createRateLimits(config);
  setCursorSealer(setHubSealer(new Sealer(resolveHubSecret(config))));
  setMaxPageSize(config.MAX_PAGE_SIZE);
  const fullSchema = await buildHubSchema();
  // One Apollo server per role set, each with that role set's schema; built on first use and kept.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const servers = new Map<string, Promise<{ server: ApolloServer<HubContext>; handler: (this: any, req: any, reply: any) => Promise<unknown> }>>();
  const entryFor = (roles: readonly Role[]) => {
    const key = [...roles].sort().join(',');
    let entry = servers.get(key);
    if (!entry) {
      entry = (async () => {
        const server = new ApolloServer<HubContext>({
          schema: schemaForRoles(fullSchema, roles),
          // Draining is Fastify's: app.close() stops accepting and waits for in-flight requests.
          plugins: [queryCostPlugin, rateLimitPlugin(rateLimits), transactionPlugin],
          // Limits checked before anything runs (src/server/request-limits.ts): tokens while parsing,
          // depth, aliases and directives as validation rules; input bounds and cost in queryCostPlugin.
          parseOptions: { maxTokens: REQUEST_LIMITS.tokens },
          validationRules: limitValidationRules,
          formatError: (formatted, error) => {
            const out = formatError(formatted, error);
            if (out.extensions?.code === 'INTERNAL_SERVER_ERROR') logger.error({ err: error }, 'unexpected error in GraphQL execution');
            return out;
          },
          includeStacktraceInErrorResponses: false,
          introspection: true,
        });
        await server.start();
        const handler = fastifyApolloHandler(server, {
          context: async (req) => createContext({ principal: req.principal!, agencyId: req.agencyId!, requestId: req.id, log: req.log as Logger, rootEm: orm.em, auditEnabled: opts.auditEnabled, limits: requestLimitsFor(config, req.principal!.purpose) }),
        });
        return { server, handler: handler as never };
      })();
      servers.set(key, entry);
    }
    return entry;
  };
  const auditSealer = startAuditSealer(orm.em, logger, opts.auditSealIntervalMs);
  // GraphQL subscriptions over WebSocket at /graphql/events, fed by the outbox (src/delivery/subscriptions.ts).
  const events = attachEventSubscriptions(app.server, {
    databaseUrl: orm.config.get('clientUrl')!,
    logger,
    authenticate: async (authorization) => {
      const { principal, agencyId } = await bind(await authenticate(authorization));
      return { agencyId, subject: principal.subject, agencyCode: principal.agencyCode, roles: principal.roles, purpose: principal.purpose, clientId: principal.clientId ?? null };
    },
  });
  app.addHook('onClose', async () => {
    await events.close();
    for (const entry of servers.values()) await (await entry).server.stop().catch(() => undefined);
    await rateLimits.close();
    await auditSealer.stop();
  });

  // While draining, answer in-flight requests with `Connection: close` so keep-alive sockets do not
  // hold the shutdown open until their idle timeout.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
    if (closing) reply.header('connection', 'close');
  });

  app.setErrorHandler((err: Error & { statusCode?: number }, req, reply) => {
    if (err instanceof AuthenticationError) {
      void reply.code(401).header('www-authenticate', 'Bearer').send({ errors: [{ message: err.message, extensions: { code: 'UNAUTHENTICATED', reason: err.reason } }] });
      return;
    }
    if (err instanceof TrustedDocumentError) {
      void reply.code(403).send({ errors: [{ message: err.message, extensions: { code: err.code, requestId: req.id } }] });
      return;
    }
    const down = classifyUnavailable(err);
    if (down) {
      req.log.warn({ err, code: down.code }, 'request refused: database unavailable');
      void reply.code(503).header('retry-after', String(down.retryAfterSeconds)).send({ errors: [unavailableError(down, req.id)] });
      return;
    }
    const status = err.statusCode && err.statusCode < 500 ? err.statusCode : 500;
    if (status >= 500) req.log.error({ err }, 'unhandled error');
    void reply.code(status).send({ errors: [{ message: status >= 500 ? 'Internal server error' : err.message, extensions: { code: status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST', requestId: req.id } }] });
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    try {
      await orm.em.fork().execute('select 1');
      const pending = await pendingMigrations(orm);
      if (pending.length) return reply.code(503).send({ status: 'not ready', reason: `pending migrations: ${pending.join(', ')}` });
      return { status: 'ready' };
    } catch {
      return reply.code(503).send({ status: 'not ready', reason: 'database unreachable' });
    }
  });

  const authenticateRequest = async (req: FastifyRequest): Promise<void> => {
    if (req.method === 'OPTIONS') return;
    ({ principal: req.principal, agencyId: req.agencyId } = await bind(await authenticate(req.headers.authorization)));
  };

  // In-process callers (tests, benchmarks) are trusted with their roles and purpose, so the resolvers' own
  // checks can be tested behind the policy; the agency kind is still the registry's.
  const contextFor = async (principal: Principal, requestId: string = randomUUID()): Promise<HubContext> => {
    const agency = await registeredAgency(principal.agencyCode);
    checkAgencyKind(principal.agencyKind, agency);
    return createContext({ principal, agencyId: agency.id, requestId, log: logger.child({ reqId: requestId }), rootEm: orm.em, auditEnabled: opts.auditEnabled, limits: requestLimitsFor(config, principal.purpose) });
  };

  app.route({
    url: '/graphql',
    method: ['GET', 'POST', 'OPTIONS'],
    preHandler: authenticateRequest,
    handler: async function (req, reply) {
      // Registered partner systems may send only their trusted documents (schema/trusted-documents/).
      if (trusted.isRegistered(req.principal?.clientId) && req.method !== 'OPTIONS') {
        if (req.method === 'GET') {
          const q = { ...(req.query as Record<string, unknown>) };
          if (typeof q.extensions === 'string') q.extensions = parseJsonOrNull(q.extensions);
          req.query = trusted.resolve(req.principal!.clientId, q);
        } else {
          if (!req.body || typeof req.body !== 'object' || Array.isArray(req.body)) throw new TrustedDocumentError('DOCUMENT_NOT_TRUSTED', 'Send one operation as a JSON object with a documentId.');
          req.body = trusted.resolve(req.principal!.clientId, req.body as Record<string, unknown>);
        }
      }
      const { handler } = await entryFor(req.principal?.roles ?? []);
      return handler.call(this, req, reply);
    },
  });

  await registerExplorer(app, config);
  await registerScorecardPage(app, config);
  await registerBulkExport(app, { orm, config, rateLimits, preHandler: authenticateRequest });
  await registerStatutoryReturns(app, { orm, config, rateLimits, preHandler: authenticateRequest });
  app.get('/', async (_req, reply) => reply.redirect('/explorer'));

  const serverFor = async (roles: readonly Role[]) => (await entryFor(roles)).server;
  const execute = async (principal: Principal, query: string, variables?: Record<string, unknown>): Promise<FormattedExecutionResult> => {
    const server = await serverFor(principal.roles);
    const res = await server.executeOperation({ query, variables }, { contextValue: await contextFor(principal) });
    if (res.body.kind !== 'single') throw new Error('incremental delivery is not used by the hub');
    return res.body.singleResult;
  };
  return { app, serverFor, execute, contextFor };
}
