import { IsolationLevel } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Purpose, type Principal } from '../access/principal';
import { hasChildRowScope } from '../access/policy';
import { APP_ROLE } from '../access/row-scope';
import { runPrepared } from './prepared';

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
    await this.applySettings(this.em, this.rowScope);
  }

  /**
   * The principal as transaction-local settings on `em`'s open transaction: the role (set_config('role')
   * is SET LOCAL ROLE, so row-level security applies), who is asking, the row scope and the limits.
   * One round trip.
   */
  private async applySettings(em: EntityManager, rowScope: 'involvement' | 'none' | 'all'): Promise<void> {
    await runPrepared(
      em,
      'hub_request_settings',
      `select set_config('role', '${APP_ROLE}', true), set_config('hub.subject', $1, true), set_config('hub.agency_id', $2, true), set_config('hub.agency_kind', $3, true),
              set_config('hub.roles', $4, true), set_config('hub.purpose', $5, true), set_config('hub.request_id', $6, true),
              set_config('hub.row_scope', $7, true),
              set_config('statement_timeout', $8, true), set_config('lock_timeout', $9, true), set_config('idle_in_transaction_session_timeout', $10, true)`,
      [
        this.principal.subject,
        this.agencyId,
        this.principal.agencyKind,
        this.principal.roles.join(','),
        this.principal.purpose,
        this.requestId,
        rowScope,
        // 0 = PostgreSQL's "no limit": only for scripts that build a transaction without limits.
        `${this.limits?.statementTimeoutMs ?? 0}ms`,
        `${this.limits?.lockTimeoutMs ?? 0}ms`,
        `${this.limits?.idleInTransactionTimeoutMs ?? 0}ms`,
      ],
    );
  }

  /**
   * Runs `work` with every row visible (hub.row_scope = 'all'), on its own short read-only transaction
   * on another pool connection, with the caller's principal, role and limits; `work` must use the
   * EntityManager it is handed. Only for aggregate SQL whose output is counts or pseudonymised keys
   * (analytics, exports), which leave the block and nothing else.
   *
   * Why not widen the request transaction for a moment: GraphQL resolves sibling root fields
   * concurrently on that one transaction, so any statement another resolver sent while `work` awaited
   * ran with every row visible (only the ORM filter stood in the way; raw SQL had nothing). Here the
   * request transaction never widens, so nothing else in the request can observe it, and a caller that
   * mistakenly queries `ctx.em` inside `work` gets its own scope (fewer rows), never more.
   * Why not SECURITY DEFINER functions: the measures are composed in TypeScript from one definition
   * each (src/analytics) and the subject access extract walks every entity; moving them into SQL
   * functions would duplicate those definitions.
   * Costs, accepted: the block holds a second connection (when the pool is exhausted the wait is bounded
   * by the pool's acquire timeout and answered 503 POOL_EXHAUSTED, retryable); it does not see the
   * request's own uncommitted writes (only queries widen; a query operation writes nothing `work` reads).
   * REPEATABLE READ gives the block's several statements one snapshot, so a scorecard's figures agree
   * with each other; read-only, it never fails with a serialization error.
   * The audit of what `work` reads stays in the request's collector (ctx.audit), written by the request
   * transaction before it commits.
   */
  async withAllRows<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    await this.begin();
    await this.allowIdleUntilDeadline();
    const em = this.em.fork({ clear: true, useContext: false });
    await em.begin({ isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true });
    let failed = false;
    try {
      await this.applySettings(em, 'all');
      return await work(em);
    } catch (e) {
      failed = true;
      throw e;
    } finally {
      // Read-only: nothing to commit. A failed rollback must not hide the error that caused it.
      await em.rollback().catch((e: unknown) => {
        if (!failed) throw e;
      });
    }
  }

  private idleRaised = false;

  /**
   * A transaction that must wait on something other than its own statements (the other connection of
   * `withAllRows`, a slow client reading a streamed export) may sit idle longer than
   * idle_in_transaction_session_timeout allows, which would end it mid-request. Raised once to the
   * request's deadline, which bounds the request anyway (one statement, and a timeout only: nothing a
   * sibling resolver could observe).
   */
  async allowIdleUntilDeadline(): Promise<void> {
    if (this.idleRaised || !this.limits || this.limits.deadlineMs <= this.limits.idleInTransactionTimeoutMs) return;
    this.idleRaised = true;
    await this.em.execute(`select set_config('idle_in_transaction_session_timeout', ?, true)`, [`${this.limits.deadlineMs}ms`]);
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
