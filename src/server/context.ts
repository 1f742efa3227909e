import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Principal } from '../access/principal';
import { Loaders } from '../db/loaders';
import { RequestTransaction, type RequestLimits } from '../db/request-transaction';
import { AccessService } from '../access/access-service';
import { AuditCollector } from '../audit/audit-collector';

/** What every resolver receives: who is asking, the request's unit of work and its loaders. */
export interface HubContext {
  principal: Principal;
  /** UUID of the caller's agency (resolved from the token's agency code). */
  agencyId: string;
  requestId: string;
  log: Logger;
  em: EntityManager;
  loaders: Loaders;
  tx: RequestTransaction;
  access: AccessService;
  audit: AuditCollector;
  /** The document's cost (src/server/query-cost.ts), charged to the caller's rate limits. */
  queryCost?: number;
  /** Epoch milliseconds after which the request is abandoned (rolled back, 503 REQUEST_TIMEOUT). */
  deadline: number;
}

export function createContext(args: { principal: Principal; agencyId: string; requestId: string; log: Logger; rootEm: EntityManager; auditEnabled?: boolean; limits?: RequestLimits }): HubContext {
  // The ORM half of row scope: every query on a child-level entity carries the principal's visibility rule.
  const em = args.rootEm.fork({ clear: true, useContext: false });
  em.setFilterParams('rowScope', { agencyId: args.agencyId, subject: args.principal.subject });
  return {
    principal: args.principal,
    agencyId: args.agencyId,
    requestId: args.requestId,
    log: args.log,
    em,
    loaders: new Loaders(em),
    tx: new RequestTransaction(em, args.principal, args.agencyId, args.requestId, args.limits),
    access: new AccessService(em, args.principal, args.agencyId),
    audit: new AuditCollector(args.principal, args.agencyId, args.requestId, args.auditEnabled ?? true),
    deadline: Date.now() + (args.limits?.deadlineMs ?? 24 * 3600_000),
  };
}
