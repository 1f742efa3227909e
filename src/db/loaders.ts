import DataLoader from 'dataloader';
import type { EntityClass, FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';

type WithId = { id: string };

/**
 * Per-request DataLoaders for every relation the GraphQL layer walks, so a list of N parents
 * costs one query per relation, never N (DESIGN §7). Created fresh for each request: no data is
 * shared between callers. Queries run through the request's EntityManager, so its filters
 * (soft delete, row scope) apply.
 */
export class Loaders {
  private readonly loaders = new Map<string, DataLoader<string, unknown>>();

  constructor(private readonly em: EntityManager) {}

  /** Loads entities by primary key. */
  byId<T extends WithId>(entity: EntityClass<T>): DataLoader<string, T | null> {
    const key = `id:${entity.name}`;
    let loader = this.loaders.get(key) as DataLoader<string, T | null> | undefined;
    if (!loader) {
      loader = new DataLoader<string, T | null>(async (ids) => {
        const rows = await this.em.find(entity, { id: { $in: [...ids] } } as unknown as FilterQuery<T>);
        const byId = new Map(rows.map((r) => [r.id, r]));
        return ids.map((id) => byId.get(id) ?? null);
      });
      this.loaders.set(key, loader as DataLoader<string, unknown>);
    }
    return loader;
  }

  /** Loads the children of many parents through one foreign key, e.g. referrals by child. */
  byParent<T extends object>(entity: EntityClass<T>, foreignKey: keyof T & string, orderBy: Record<string, 'asc' | 'desc'> = {}): DataLoader<string, T[]> {
    const key = `fk:${entity.name}:${foreignKey}:${JSON.stringify(orderBy)}`;
    let loader = this.loaders.get(key) as DataLoader<string, T[]> | undefined;
    if (!loader) {
      loader = new DataLoader<string, T[]>(async (parentIds) => {
        const rows = await this.em.find(entity, { [foreignKey]: { $in: [...parentIds] } } as never, { orderBy: { ...orderBy, id: 'asc' } as never });
        const groups = new Map<string, T[]>(parentIds.map((id) => [id, []]));
        for (const row of rows) {
          const ref = (row as Record<string, unknown>)[foreignKey] as { id: string } | string;
          const parentId = typeof ref === 'string' ? ref : ref.id;
          groups.get(parentId)?.push(row);
        }
        return parentIds.map((id) => groups.get(id) ?? []);
      });
      this.loaders.set(key, loader as DataLoader<string, unknown>);
    }
    return loader;
  }
}
