import { z } from 'zod';

/**
 * Every environment variable the hub reads is declared here, once, with the form it accepts.
 * A missing or malformed value stops start-up with one line naming the variable (see ConfigError).
 */

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const issuerSchema = z.object({
  /** `iss` claim the tokens carry. */
  issuer: z.string().min(1),
  /** JWKS endpoint of the agency's identity provider. */
  jwksUrl: z.url(),
  /** Expected `aud`; defaults to AUTH_AUDIENCE. */
  audience: z.string().optional(),
  /** Which claim holds each principal attribute, for identity providers that name them differently. */
  claims: z
    .object({
      agency: z.string().default('agency'),
      agencyKind: z.string().default('agency_kind'),
      roles: z.string().default('roles'),
      team: z.string().default('team'),
      purpose: z.string().default('purpose'),
      clientId: z.string().default('azp'),
    })
    .default({ agency: 'agency', agencyKind: 'agency_kind', roles: 'roles', team: 'team', purpose: 'purpose', clientId: 'azp' }),
  /**
   * Pin an identity provider to the agency (or the agencies, for a shared provider such as an ICB's that
   * serves several trusts) it speaks for: tokens claiming another agency are refused. Required in
   * production: an unpinned issuer could sign for any agency in the registry.
   */
  agency: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
});
export type TrustedIssuer = z.infer<typeof issuerSchema>;

/** Variable name -> [schema, human description of the accepted form]. Read by the README table too. */
export const configVariables = {
  NODE_ENV: [z.enum(['development', 'test', 'production']).default('development'), 'development | test | production (default development). Development tokens and the persona picker exist only outside production.'],
  HOST: [z.string().min(1).default('127.0.0.1'), 'interface to listen on (default 127.0.0.1)'],
  PORT: [z.coerce.number().int().min(0).max(65535).default(4000), 'TCP port for HTTP, 0-65535 (default 4000)'],
  DATABASE_URL: [z.string().regex(/^postgres(ql)?:\/\/.+/, 'postgres://user:pass@host:port/db').optional(), 'postgres://user:password@host:port/database; when unset an embedded PostgreSQL is started'],
  EMBEDDED_PG_PORT: [z.coerce.number().int().min(1024).max(65535).default(54329), 'port for the embedded PostgreSQL, 1024-65535 (default 54329, away from a system server on 5432)'],
  DATA_DIR: [z.string().min(1).default('.data'), 'folder for the embedded database and the development signing key (default .data, git-ignored)'],
  AUTO_MIGRATE: [bool.optional(), 'true | false: apply pending migrations at start. Always on for the embedded database; off by default with DATABASE_URL'],
  SEED_DEMO: [bool.optional(), 'true | false: load the demo partnership into an empty database (default true on the embedded database in development)'],
  DEMO_GENERATED_CHILDREN: [z.coerce.number().int().min(0).max(1000000).default(20000), 'with the demo: this many generated children (deterministic, seeds/generate/) alongside the named ones, so the scorecard, returns and exports have data; 0 for none (default 20000)'],
  DELIVERY_WORKER: [bool.default(true), 'true | false: deliver the outbox to partner webhooks from this process (default true; run it in one process of a cluster, or several: deliveries are locked)'],
  WEBHOOK_MAX_ATTEMPTS: [z.coerce.number().int().min(1).max(25).default(8), 'attempts per webhook delivery before it is dead-lettered, 1-25 (default 8: about 30 minutes of exponential backoff)'],
  LOG_LEVEL: [z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'), 'pino level: fatal | error | warn | info | debug | trace | silent (default info)'],
  AUTH_AUDIENCE: [z.string().min(1).default('safeguarding-hub'), 'expected JWT audience (default safeguarding-hub)'],
  AUTH_ISSUERS: [
    z
      .string()
      .transform((s, ctx) => {
        try {
          return JSON.parse(s) as unknown;
        } catch {
          ctx.addIssue({ code: 'custom', message: 'not JSON' });
          return z.NEVER;
        }
      })
      .pipe(z.array(issuerSchema))
      .optional(),
    'JSON array of trusted identity providers: [{"issuer","jwksUrl","audience"?,"agency"?,"claims"?:{agency,agencyKind,roles,team,purpose,clientId}}]; "agency" (the one agency the issuer speaks for) is required in production',
  ],
  HUB_SECRET: [z.string().min(32, 'at least 32 characters').optional(), 'at least 32 random characters: seals paging cursors and keys pseudonyms (stable per deployment). Required in production; generated into DATA_DIR otherwise'],
  RETENTION_RULES: [z.string().optional(), 'JSON overrides of retention per record type: {"HealthAssessment":{"anchor":"CHILD_DOB","years":26}} (defaults in src/audit/retention.ts)'],
  MAX_PAGE_SIZE: [z.coerce.number().int().min(1).max(1000).default(100), 'largest page a connection returns, 1-1000 (default 100)'],
  DB_POOL_SIZE: [z.coerce.number().int().min(1).max(200).default(10), 'connections in the PostgreSQL pool, 1-200 (default 10)'],
  DB_POOL_ACQUIRE_TIMEOUT_MS: [z.coerce.number().int().min(50).max(60000).default(2000), 'milliseconds a request waits for a free connection (or for a new one to open) before it is answered 503 (default 2000)'],
  DB_STATEMENT_TIMEOUT_MS: [z.coerce.number().int().min(50).max(600000).default(5000), 'longest one SQL statement of a direct-care request may run, in milliseconds (default 5000)'],
  DB_ANALYTICS_STATEMENT_TIMEOUT_MS: [z.coerce.number().int().min(50).max(3600000).default(60000), 'the same for ANALYTICS, STATUTORY_RETURN and AUDIT purposes (scorecards, returns, audit queries; default 60000)'],
  DB_LOCK_TIMEOUT_MS: [z.coerce.number().int().min(50).max(600000).default(2000), 'longest a statement waits for a row or table lock before the request is answered 503 LOCK_TIMEOUT (default 2000)'],
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: [z.coerce.number().int().min(100).max(3600000).default(15000), 'PostgreSQL ends a request transaction left idle this long, in milliseconds (default 15000)'],
  REQUEST_DEADLINE_MS: [z.coerce.number().int().min(1).max(3600000).default(20000), 'a GraphQL request still resolving after this many milliseconds is rolled back and answered 503 REQUEST_TIMEOUT; analytics purposes get three times as long (default 20000)'],
  REDIS_URL: [z.string().regex(/^rediss?:\/\/.+/, 'redis://host:port').optional(), 'redis://host:port[/db]: share rate limits between instances (default: in memory, one instance)'],
  RATE_LIMIT_WINDOW_SECONDS: [z.coerce.number().int().min(1).max(3600).default(60), 'length of the rate-limit window in seconds (default 60)'],
  RATE_LIMIT_PRINCIPAL_POINTS: [z.coerce.number().int().min(1).default(600000), 'query-cost points one principal may spend per window (default 600000)'],
  RATE_LIMIT_CLIENT_POINTS: [z.coerce.number().int().min(1).default(3000000), 'query-cost points one partner system (OAuth client) may spend per window (default 3000000)'],
  RATE_LIMIT_AGENCY_POINTS: [z.coerce.number().int().min(1).default(12000000), 'query-cost points all callers of one agency may spend per window, whatever subjects and client ids their tokens carry (default 12000000)'],
  SHUTDOWN_GRACE_MS: [z.coerce.number().int().min(0).default(10000), 'milliseconds SIGTERM waits for in-flight requests (default 10000)'],
} as const;

type Vars = typeof configVariables;
export type HubConfig = { [K in keyof Vars]: z.output<Vars[K][0]> } & {
  /** True when no DATABASE_URL is set and the hub runs its own PostgreSQL. */
  embeddedDatabase: boolean;
  developmentAuth: boolean;
};

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly accepted: string,
    detail: string,
  ) {
    super(`Configuration error: ${variable} ${detail}. Accepted: ${accepted}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws ConfigError on the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): HubConfig {
  const out: Record<string, unknown> = {};
  for (const [name, [schema, accepted]] of Object.entries(configVariables)) {
    const raw = env[name];
    const value = raw === '' ? undefined : raw;
    const parsed = (schema as z.ZodType).safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const shown = name === 'DATABASE_URL' || value === undefined ? '' : ` (got "${value.slice(0, 60)}")`;
      throw new ConfigError(name, accepted, `${value === undefined ? 'is missing' : 'is malformed'}${shown}: ${issue?.message ?? 'invalid'}`);
    }
    out[name] = parsed.data;
  }
  const cfg = out as HubConfig;
  cfg.embeddedDatabase = !cfg.DATABASE_URL;
  cfg.developmentAuth = cfg.NODE_ENV !== 'production';
  if (cfg.NODE_ENV === 'production' && !cfg.HUB_SECRET) {
    throw new ConfigError('HUB_SECRET', configVariables.HUB_SECRET[1], 'is missing: production needs a stable deployment secret');
  }
  if (cfg.NODE_ENV === 'production' && !cfg.AUTH_ISSUERS?.length) {
    throw new ConfigError('AUTH_ISSUERS', configVariables.AUTH_ISSUERS[1], 'is missing: production needs at least one trusted identity provider');
  }
  const unpinned = cfg.NODE_ENV === 'production' ? cfg.AUTH_ISSUERS?.find((i) => !i.agency) : undefined;
  if (unpinned) {
    throw new ConfigError('AUTH_ISSUERS', configVariables.AUTH_ISSUERS[1], `names issuer "${unpinned.issuer.slice(0, 100)}" without "agency": in production each identity provider is pinned to the agency (or agencies) it speaks for`);
  }
  return cfg;
}
