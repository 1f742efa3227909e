import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { FormattedExecutionResult } from 'graphql';
import { loadConfig, type HubConfig } from '../../src/config';
import { openOrm, poolOptions } from '../../src/db/orm';
import { createAuthenticator, loadDevSigningKey, signDevToken } from '../../src/server/auth';
import { createHub, type Hub } from '../../src/server/app';
import { createLogger } from '../../src/server/logger';
import { findPersona, type Persona } from '../../src/server/personas';
import type { Principal } from '../../src/access/principal';
import { createDatabaseFrom, dropDatabase, templateDemo, templateEmpty } from './databases';

export interface TestHub {
  orm: MikroORM;
  hub: Hub;
  config: HubConfig;
  databaseUrl: string;
  /** A signed development token for a demo persona; `claims` overrides token claims (another purpose, say). */
  token(persona: string, claims?: Partial<Persona['claims']>): Promise<string>;
  /** Runs a GraphQL operation as a demo persona through Apollo (same plugins, context and transaction as HTTP). */
  gql<T = Record<string, unknown>>(persona: string | Principal, query: string, variables?: Record<string, unknown>): Promise<FormattedExecutionResult<T>>;
  /**
   * The same over HTTP (Fastify inject: real routing, authentication and status codes) with a signed
   * token for the persona; `claims` overrides token claims (to play a hostile partner system).
   */
  http<T = Record<string, unknown>>(persona: string, query: string, variables?: Record<string, unknown>, claims?: Partial<Persona['claims']>): Promise<{ status: number; headers: Record<string, unknown>; body: FormattedExecutionResult<T> }>;
  close(): Promise<void>;
}

export function principalOf(persona: Persona): Principal {
  const c = persona.claims;
  return { subject: c.sub, issuer: 'urn:safeguarding-hub:development', agencyCode: c.agency, agencyKind: c.agency_kind, roles: c.roles, team: c.team, purpose: c.purpose, clientId: c.azp };
}

export function personaPrincipal(name: string): Principal {
  const persona = findPersona(name);
  if (!persona) throw new Error(`unknown persona ${name}`);
  return principalOf(persona);
}

/** A hub on its own fresh database (a copy of the demo or the empty template). */
export async function startTestHub(opts: { demo?: boolean; env?: Record<string, string>; connectVia?: (databaseUrl: string) => string } = {}): Promise<TestHub> {
  const db = await createDatabaseFrom(opts.demo === false ? templateEmpty() : templateDemo());
  // Rate limits are per instance and generous here (a test file sends hundreds of requests as one persona
  // within a minute), and so are lock and statement timeouts (24 concurrent writers queue on one record on
  // a loaded 2-core machine); test/hardening/rate-limits.test.ts and timeouts.test.ts set their own.
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: db.url, DATA_DIR: mkdtempSync(join(tmpdir(), 'hub-test-data-')), RATE_LIMIT_PRINCIPAL_POINTS: '1000000000', RATE_LIMIT_CLIENT_POINTS: '1000000000', RATE_LIMIT_AGENCY_POINTS: '1000000000', DB_LOCK_TIMEOUT_MS: '20000', DB_STATEMENT_TIMEOUT_MS: '30000', DB_POOL_ACQUIRE_TIMEOUT_MS: '20000', ...opts.env });
  // A small pool per test file unless the test sets DB_POOL_SIZE; `connectVia` lets a test put a proxy in between.
  const orm = await openOrm(opts.connectVia ? opts.connectVia(db.url) : db.url, poolOptions({ ...config, DB_POOL_SIZE: opts.env?.DB_POOL_SIZE ? config.DB_POOL_SIZE : 4 }));
  const logger = createLogger(config.LOG_LEVEL);
  const hub = await createHub({ config, orm, logger, authenticate: await createAuthenticator(config) });
  const { privateJwk } = await loadDevSigningKey(config.DATA_DIR);
  return {
    orm,
    hub,
    config,
    databaseUrl: db.url,
    async token(persona, claims) {
      const p = findPersona(persona);
      if (!p) throw new Error(`unknown persona ${persona}`);
      return signDevToken(privateJwk, config.AUTH_AUDIENCE, { ...p.claims, ...claims });
    },
    async gql(persona, query, variables) {
      const principal = typeof persona === 'string' ? personaPrincipal(persona) : persona;
      return (await hub.execute(principal, query, variables)) as FormattedExecutionResult<never>;
    },
    async http(persona, query, variables, claims) {
      const p = findPersona(persona);
      if (!p) throw new Error(`unknown persona ${persona}`);
      const token = await signDevToken(privateJwk, config.AUTH_AUDIENCE, { ...p.claims, ...claims });
      const res = await hub.app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, payload: { query, variables } });
      return { status: res.statusCode, headers: res.headers, body: res.json() as FormattedExecutionResult<never> };
    },
    async close() {
      await hub.app.close();
      await orm.close(true);
      await dropDatabase(db.name);
    },
  };
}
