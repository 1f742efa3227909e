import { IsolationLevel } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Purpose, type Principal } from '../access/principal';
import { hasChildRowScope } from '../access/policy';
import { APP_ROLE } from '../access/row-scope';

/** How long one request may hold the database (DESIGN §7: nothing unbounded). */
export interface RequestLimits {
  statementTimeoutMs: number;
  lockTimeoutMs: number;
  idleInTransactionTimeoutMs: number;
  /** Wall-clock budget of the whole request, from when its context is built. */
  deadlineMs: number;
}

/** Purposes whose requests run aggregate SQL over the whole partnership and so get longer limits. */
const BULK_PURPOSES: ReadonlySet<Purpose> = new Set([Purpose.ANALYTICS, Purpose.STATUTORY_RETURN, Purpose.AUDIT]);

export function requestLimitsFor(
  config: { DB_STATEMENT_TIMEOUT_MS: number; DB_ANALYTICS_STATEMENT_TIMEOUT_MS: number; DB_LOCK_TIMEOUT_MS: number; DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: number; REQUEST_DEADLINE_MS: number },
  purpose: Purpose,
): RequestLimits {
  const bulk = BULK_PURPOSES.has(purpose);
  return {
    statementTimeoutMs: bulk ? config.DB_ANALYTICS_STATEMENT_TIMEOUT_MS : config.DB_STATEMENT_TIMEOUT_MS,
    lockTimeoutMs: config.DB_LOCK_TIMEOUT_MS,
    idleInTransactionTimeoutMs: config.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    deadlineMs: bulk ? config.REQUEST_DEADLINE_MS * 3 : config.REQUEST_DEADLINE_MS,
  };
}

/**
 * One transaction per GraphQL request (DESIGN §7). It is opened when execution starts (requests
 * that fail validation never touch the database) and carries the principal as transaction-local
 * settings, which the row-level security policies read.
 */
export class RequestTransaction {
  private state: 'idle' | 'open' | 'done' = 'idle';
  /** The caller's `hub.row_scope`: practitioners reach children through involvement; others none. */
  private readonly rowScope: 'involvement' | 'none';

  constructor(
    private readonly em: EntityManager,
    private readonly principal: Principal,
    private readonly agencyId: string,
    private readonly requestId: string,
    private readonly limits?: RequestLimits,
  ) {
    this.rowScope = hasChildRowScope(principal.roles) ? 'involvement' : 'none';
  }

  get isOpen(): boolean {
    return this.state === 'open';
  }

  async begin(): Promise<void> {
    if (this.state !== 'idle') return;
    // READ COMMITTED, stated rather than inherited from the server's default: the race handling in
    // src/db/records.ts relies on each statement seeing what concurrent requests committed before it.
    await this.em.begin({ isolationLevel: IsolationLevel.READ_COMMITTED });
    this.state = 'open';
    // Everything the request does runs as hub_app (set_config('role') is SET LOCAL ROLE), so the
    // row-level security policies apply to it; one round trip for role and principal.
    await this.em.execute(
      `select set_config('role', '${APP_ROLE}', true), set_config('hub.subject', ?, true), set_config('hub.agency_id', ?, true), set_config('hub.agency_kind', ?, true),
              set_config('hub.roles', ?, true), set_config('hub.purpose', ?, true), set_config('hub.request_id', ?, true),
              set_config('hub.row_scope', ?, true),
              set_config('statement_timeout', ?, true), set_config('lock_timeout', ?, true), set_config('idle_in_transaction_session_timeout', ?, true)`,
      [
        this.principal.subject,
        this.agencyId,
        this.principal.agencyKind,
        this.principal.roles.join(','),
        this.principal.purpose,
        this.requestId,
        this.rowScope,
        // 0 = PostgreSQL's "no limit": only for scripts that build a transaction without limits.
        `${this.limits?.statementTimeoutMs ?? 0}ms`,
        `${this.limits?.lockTimeoutMs ?? 0}ms`,
        `${this.limits?.idleInTransactionTimeoutMs ?? 0}ms`,
      ],
    );
  }

  /**
   * Runs `work` with every row visible (hub.row_scope = 'all') and restores the caller's scope after.
   * Only for aggregate SQL whose output is counts or pseudonymised keys (analytics, exports).
   */
  async withAllRows<T>(work: () => Promise<T>): Promise<T> {
    await this.begin();
    await this.em.execute(`select set_config('hub.row_scope', 'all', true)`);
    try {
      return await work();
    } finally {
      await this.em.execute(`select set_config('hub.row_scope', ?, true)`, [this.rowScope]);
    }
  }

  async commit(): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'done';
    // Every write already flushed inside its mutation's savepoint (runMutation); clearing first stops
    // commit()'s implicit flush from diffing every entity a read loaded, for nothing.
    this.em.clear();
    await this.em.commit();
  }

  async rollback(): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'done';
    await this.em.rollback();
  }
}
