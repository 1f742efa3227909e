import DataLoader from 'dataloader';
import { raw, type EntityClass, type FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { GraphQLError } from 'graphql';

type WithId = { id: string };

/**
 * The most rows a nested list (a relation loaded by `byParent`, e.g. a child's referrals) returns per
 * parent. The loader reads at most this many plus one per parent in SQL; a parent with more gets a
 * LIST_LIMIT_EXCEEDED error on that field (the rest of the response stands) instead of an unbounded
 * list: the caller pages through the matching top-level connection. The cost model counts every nested
 * list as this many rows (src/server/query-cost.ts).
 */
export const NESTED_LIST_LIMIT = 50;

/** A nested list longer than NESTED_LIST_LIMIT: the field errors (never truncates silently). */
export class NestedListLimitError extends GraphQLError {
  constructor(entity: string) {
    super(`More than ${NESTED_LIST_LIMIT} ${entity} records here: this nested list is capped at ${NESTED_LIST_LIMIT}; page through the top-level connection (filtered by this record) instead.`, {
      extensions: { code: 'LIST_LIMIT_EXCEEDED', limit: NESTED_LIST_LIMIT },
    });
  }
}

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

  /**
   * Loads the children of many parents through one foreign key, e.g. referrals by child: at most
   * NESTED_LIST_LIMIT + 1 rows per parent (a window function ranks each parent's rows in the same order
   * the list is returned in); a parent with more than the limit gets a NestedListLimitError.
   */
  byParent<T extends object>(entity: EntityClass<T>, foreignKey: keyof T & string, orderBy: Record<string, 'asc' | 'desc'> = {}): DataLoader<string, T[]> {
    const key = `fk:${entity.name}:${foreignKey}:${JSON.stringify(orderBy)}`;
    let loader = this.loaders.get(key) as DataLoader<string, T[]> | undefined;
    if (!loader) {
      const meta = this.em.getMetadata().get(entity);
      const column = (prop: string) => `"${(meta.properties as Record<string, { fieldNames: string[] }>)[prop]!.fieldNames[0]}"`;
      const order = Object.entries({ ...orderBy, id: orderBy.id ?? 'asc' })
        .map(([prop, dir]) => `${column(prop)} ${dir === 'desc' ? 'desc' : 'asc'}`)
        .join(', ');
      const fk = column(foreignKey);
      // Soft-deleted rows are not counted (the notDeleted filter hides them from the outer query too);
      // row-level security applies inside the subquery as everywhere.
      const notDeleted = meta.properties['deletedAt' as never] ? ` and ${column('deletedAt')} is null` : '';
      loader = new DataLoader<string, T[] | Error>(async (parentIds) => {
        const firstRows = raw(
          (alias: string) =>
            `${alias}.${column('id')} in (select ranked.id from (select t.${column('id')} as id, row_number() over (partition by t.${fk} order by ${order}) as n from "${meta.tableName}" t where t.${fk} in (${parentIds.map(() => '?').join(', ')})${notDeleted}) ranked where ranked.n <= ${NESTED_LIST_LIMIT + 1})`,
          [...parentIds],
        );
        const rows = await this.em.find(entity, { [foreignKey]: { $in: [...parentIds] }, [firstRows]: [] } as never, { orderBy: { ...orderBy, id: 'asc' } as never });
        const groups = new Map<string, T[]>(parentIds.map((id) => [id, []]));
        for (const row of rows) {
          const ref = (row as Record<string, unknown>)[foreignKey] as { id: string } | string;
          const parentId = typeof ref === 'string' ? ref : ref.id;
          groups.get(parentId)?.push(row);
        }
        return parentIds.map((id) => {
          const group = groups.get(id) ?? [];
          return group.length > NESTED_LIST_LIMIT ? new NestedListLimitError(entity.name) : group;
        });
      }) as DataLoader<string, T[]>;
      this.loaders.set(key, loader as DataLoader<string, unknown>);
    }
    return loader;
  }
}
