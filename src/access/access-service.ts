import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Principal } from './principal';
import { hasChildRowScope } from './policy';

/**
 * Per-request answers to "may this caller see detail about this child?", batched: one query for all
 * the children a response touches, using the same SQL function as row-level security.
 */
export class AccessService {
  private readonly detail: DataLoader<string, boolean>;

  constructor(
    private readonly em: EntityManager,
    readonly principal: Principal,
    readonly agencyId: string,
  ) {
    this.detail = new DataLoader(async (childIds) => {
      if (!hasChildRowScope(principal.roles)) return childIds.map(() => false);
      const rows = await this.em.execute<{ id: string; visible: boolean }[]>(
        'select c.id, hub_child_visible(c.id, ?::uuid, ?) as visible from unnest(?::uuid[]) as c(id)',
        [agencyId, principal.subject, `{${childIds.join(',')}}`],
      );
      const visible = new Map(rows.map((r) => [r.id, r.visible]));
      return childIds.map((id) => visible.get(id) ?? false);
    });
  }

  /** Detail tiers about this child are open to the caller (involvement, ownership or break-glass). */
  childDetailVisible(childId: string): Promise<boolean> {
    return this.detail.load(childId);
  }

  /** Forget cached answers (after a break-glass grant within the same request). */
  reset(): void {
    this.detail.clearAll();
  }
}
