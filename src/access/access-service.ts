import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Principal } from './principal';
import { hasChildRowScope } from './policy';
import { childPathOfRecord, loadedChildIds, resolveChildIds, type ChildPath } from './child-of';

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

  /**
   * The children a record is about (src/access/child-of.ts), or null when it is not child-level data.
   * From the record's loaded relations when they reach the child; otherwise one SQL statement per
   * entity type for every record of that type the response touches. The lookup runs under the caller's
   * row scope: a record whose parents the caller cannot see resolves to no child here (it is then
   * treated as about a child the caller is not involved with, unless the caller owns it); the audit
   * names its child when the request's audit rows are written (AuditCollector.resolveChildren).
   */
  async childIdsOf(record: unknown): Promise<string[] | null> {
    if (!record || typeof record !== 'object') return null;
    const path = childPathOfRecord(record);
    if (!path) return null;
    const loaded = loadedChildIds(record, path);
    if (loaded) return loaded;
    const id = (record as { id?: unknown }).id;
    return typeof id === 'string' ? this.childLoader(path).load(id) : [];
  }

  private readonly childLoaders = new Map<string, DataLoader<string, string[]>>();

  private childLoader(path: ChildPath): DataLoader<string, string[]> {
    let loader = this.childLoaders.get(path.meta.className);
    if (!loader) {
      loader = new DataLoader(async (ids) => {
        const found = await resolveChildIds(this.em, path, ids);
        return ids.map((id) => found.get(id) ?? []);
      });
      this.childLoaders.set(path.meta.className, loader);
    }
    return loader;
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
