import { HeaderMap, type ApolloServerPlugin, type GraphQLResponse } from '@apollo/server';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { HubConfig } from '../config';
import type { Principal } from '../access/principal';
import type { HubContext } from './context';

/**
 * Rate limits charged by query cost (issue: hardening §6): a window of cost points per principal (one
 * person or service account), per partner system (OAuth client) and per agency, so one busy integration
 * cannot starve the partnership and a cheap status look-up costs less than a bulk page. `sub` and `azp`
 * are whatever the agency's identity provider puts in the token (a hostile or broken one can mint a new
 * subject per request and leave `azp` out), so the agency budget, keyed by the issuer and the agency the
 * registry accepted, is the one no token can escape. The cost is the one
 * the cost plugin computed for the document (src/server/query-cost.ts), checked before execution.
 * In memory by default (one instance); in Redis when REDIS_URL is set, so several instances share one
 * budget; if Redis is unreachable the in-memory limiter stands in rather than refusing everyone.
 */

export type RateLimitScope = 'PRINCIPAL' | 'CLIENT' | 'AGENCY';

export interface RateLimits {
  /** Charges `cost` points; resolves to null when allowed, or the refusal. */
  charge(principal: Principal, cost: number): Promise<RateLimitRefusal | null>;
  close(): Promise<void>;
}

export interface RateLimitRefusal {
  scope: RateLimitScope;
  points: number;
  windowSeconds: number;
  retryAfterSeconds: number;
  cost: number;
}

type LimitConfig = Pick<HubConfig, 'REDIS_URL' | 'RATE_LIMIT_WINDOW_SECONDS' | 'RATE_LIMIT_PRINCIPAL_POINTS' | 'RATE_LIMIT_CLIENT_POINTS' | 'RATE_LIMIT_AGENCY_POINTS'>;

export function createRateLimits(config: LimitConfig, opts: { keyPrefix?: string } = {}): RateLimits {
  const prefix = opts.keyPrefix ?? 'hub-rl';
  const redis = config.REDIS_URL ? new Redis(config.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false }) : undefined;
  // Errors surface through the limiter (and its insurance); keep ioredis from logging each reconnect.
  redis?.on('error', () => undefined);
  const limiter = (scope: RateLimitScope, points: number): RateLimiterAbstract => {
    const common = { keyPrefix: `${prefix}:${scope.toLowerCase()}`, points, duration: config.RATE_LIMIT_WINDOW_SECONDS };
    const memory = new RateLimiterMemory(common);
    return redis ? new RateLimiterRedis({ ...common, storeClient: redis, insuranceLimiter: memory }) : memory;
  };
  const limiters: Record<RateLimitScope, { limiter: RateLimiterAbstract; points: number }> = {
    PRINCIPAL: { limiter: limiter('PRINCIPAL', config.RATE_LIMIT_PRINCIPAL_POINTS), points: config.RATE_LIMIT_PRINCIPAL_POINTS },
    CLIENT: { limiter: limiter('CLIENT', config.RATE_LIMIT_CLIENT_POINTS), points: config.RATE_LIMIT_CLIENT_POINTS },
    AGENCY: { limiter: limiter('AGENCY', config.RATE_LIMIT_AGENCY_POINTS), points: config.RATE_LIMIT_AGENCY_POINTS },
  };

  const consume = async (scope: RateLimitScope, key: string, cost: number): Promise<RateLimitRefusal | null> => {
    const { limiter: l, points } = limiters[scope];
    try {
      await l.consume(key, cost);
      return null;
    } catch (rej) {
      if (!(rej instanceof RateLimiterRes)) throw rej;
      // A refused request does no work, so it spends nothing: give the points back.
      await l.reward(key, cost).catch(() => undefined);
      return { scope, points, windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS, retryAfterSeconds: Math.max(1, Math.ceil(rej.msBeforeNext / 1000)), cost };
    }
  };

  return {
    async charge(principal, cost) {
      const points = Math.max(1, Math.ceil(cost));
      const buckets: [RateLimitScope, string][] = [
        ['PRINCIPAL', `${principal.issuer}|${principal.subject}`],
        ...(principal.clientId ? [['CLIENT', `${principal.issuer}|${principal.clientId}`] as [RateLimitScope, string]] : []),
        ['AGENCY', `${principal.issuer}|${principal.agencyCode}`],
      ];
      const charged: [RateLimitScope, string][] = [];
      for (const [scope, key] of buckets) {
        const refusal = await consume(scope, key, points);
        if (refusal) {
          // Refused anywhere: the buckets already charged get their points back.
          for (const [s, k] of charged) await limiters[s].limiter.reward(k, points).catch(() => undefined);
          return refusal;
        }
        charged.push([scope, key]);
      }
      return null;
    },
    async close() {
      redis?.disconnect();
    },
  };
}

/** The 429 error of a refusal, as GraphQL and the bulk export answer it; `what` names what was charged. */
export function rateLimitedError(refusal: RateLimitRefusal, requestId: string, what = 'this query'): { message: string; extensions: Record<string, unknown> } {
  const who = refusal.scope === 'CLIENT' ? 'your partner system' : refusal.scope === 'AGENCY' ? 'your agency' : 'you';
  return {
    message: `Rate limit: ${who} may spend ${refusal.points} query-cost points every ${refusal.windowSeconds} s, and ${what} costs ${refusal.cost}. Retry after ${refusal.retryAfterSeconds} s.`,
    extensions: { code: 'RATE_LIMITED', scope: refusal.scope, points: refusal.points, windowSeconds: refusal.windowSeconds, cost: refusal.cost, retryAfterSeconds: refusal.retryAfterSeconds, requestId },
  };
}

/** Refuses, with 429 and Retry-After, a document whose cost the caller's window can no longer pay for. */
export function rateLimitPlugin(limits: RateLimits): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        // Runs after validation and the cost check (didResolveOperation) and before the transaction opens.
        async responseForOperation({ contextValue }): Promise<GraphQLResponse | null> {
          const refusal = await limits.charge(contextValue.principal, contextValue.queryCost ?? 1);
          if (!refusal) return null;
          return {
            http: { status: 429, headers: new HeaderMap([['retry-after', String(refusal.retryAfterSeconds)]]) },
            body: { kind: 'single', singleResult: { errors: [rateLimitedError(refusal, contextValue.requestId)] } },
          };
        },
      };
    },
  };
}
