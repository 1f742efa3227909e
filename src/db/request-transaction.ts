import type { EntityManager } from '@mikro-orm/postgresql';
import type { Principal } from '../access/principal';

/**
 * One transaction per GraphQL request (DESIGN §7). It is opened when execution starts (requests
 * that fail validation never touch the database) and carries the principal as transaction-local
 * settings, which the row-level security policies read.
 */
export class RequestTransaction {
  private state: 'idle' | 'open' | 'done' = 'idle';

  constructor(
    private readonly em: EntityManager,
    private readonly principal: Principal,
    private readonly agencyId: string,
    private readonly requestId: string,
  ) {}

  get isOpen(): boolean {
    return this.state === 'open';
  }

  async begin(): Promise<void> {
    if (this.state !== 'idle') return;
    await this.em.begin();
    this.state = 'open';
    await this.em.execute(
      `select set_config('hub.subject', ?, true), set_config('hub.agency_id', ?, true), set_config('hub.agency_kind', ?, true),
              set_config('hub.roles', ?, true), set_config('hub.purpose', ?, true), set_config('hub.request_id', ?, true)`,
      [this.principal.subject, this.agencyId, this.principal.agencyKind, this.principal.roles.join(','), this.principal.purpose, this.requestId],
    );
  }

  async commit(): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'done';
    await this.em.flush();
    await this.em.commit();
  }

  async rollback(): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'done';
    await this.em.rollback();
  }
}
