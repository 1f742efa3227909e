import type { EntityClass, FilterQuery } from '@mikro-orm/core';
import { Cursor } from '@mikro-orm/core';
import { ArgsType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Classification } from '../../access/classification';
import { Expose } from '../../access/expose';
import { FilterField, readsNothing } from '../../access/input-declarations';
import type { HubContext } from '../context';
import { HubError } from './errors';
import type { Sealer } from '../secrets';

/** Hard ceiling on a page; MAX_PAGE_SIZE may lower it per deployment. */
export const DEFAULT_PAGE_SIZE = 25;
let maxPageSize = 100;
export function setMaxPageSize(n: number): void {
  maxPageSize = n;
}
export function getMaxPageSize(): number {
  return maxPageSize;
}

let sealer: Sealer | undefined;
/** Cursors are sealed with the deployment secret (set once at start). */
export function setCursorSealer(s: Sealer): void {
  sealer = s;
}

export enum SortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(SortDirection, { name: 'SortDirection', description: 'Sort direction.', valuesConfig: { ASC: { description: 'Ascending.' }, DESC: { description: 'Descending.' } } });

@ArgsType()
export class PageArgs {
  @FilterField(readsNothing('page size'), () => Int, { nullable: true, description: 'Page size (default 25; at most the deployment maximum, 100 unless configured).' })
  first?: number;

  @FilterField(readsNothing('a cursor this hub issued for the same list and ordering'), () => String, { nullable: true, description: 'Cursor from `pageInfo.endCursor` of the previous page.' })
  after?: string;
}

@ObjectType({ description: 'Relay page information.' })
export class PageInfo {
  @Expose(Classification.PUBLIC, { description: 'Whether another page follows.' })
  hasNextPage!: boolean;
  @Expose(Classification.PUBLIC, { description: 'Whether a page precedes this one.' })
  hasPreviousPage!: boolean;
  @Expose(Classification.PUBLIC, () => String, { nullable: true, description: 'Cursor of the first edge.' })
  startCursor!: string | null;
  @Expose(Classification.PUBLIC, () => String, { nullable: true, description: 'Cursor of the last edge; pass as `after` for the next page.' })
  endCursor!: string | null;
}

export interface ConnectionShape<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** Builds `<Name>Connection` and `<Name>Edge` types for a node type. */
/** `tier` is the node type's own tier (who can see the nodes can see the connection). */
export function Connection<T extends object>(nodeType: new (...args: never[]) => T, name = nodeType.name, tier: Classification = Classification.SUMMARY) {
  @ObjectType(`${name}Edge`, { description: `An edge in a ${name} connection.` })
  class Edge {
    @Expose(Classification.PUBLIC, { description: 'Opaque cursor of this edge.' })
    cursor!: string;
    @Expose(tier, () => nodeType, { description: `The ${name}.` })
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} records.` })
  class ConnectionType implements ConnectionShape<T> {
    @Expose(tier, () => [Edge], { description: 'The edges of this page.' })
    edges!: Edge[];
    @Expose(tier, () => [nodeType], { description: 'The nodes of this page (shortcut for edges.node).' })
    nodes!: T[];
    @Expose(Classification.PUBLIC, () => PageInfo, { description: 'Paging information.' })
    pageInfo!: PageInfo;
    // SUMMARY, not AGGREGATE: a count over a filtered list of named records is itself child-level information.
    @Expose(tier, () => Int, { description: 'Number of records matching the filter, across all pages.' })
    totalCount!: number;
  }
  return ConnectionType;
}

/**
 * Keyset pagination through MikroORM's cursor support. The order always ends with `id`, so cursors
 * are stable; an unreadable cursor is a BAD_USER_INPUT error, not a crash.
 */
export async function paginate<T extends object>(
  ctx: HubContext,
  entity: EntityClass<T>,
  where: FilterQuery<T>,
  page: PageArgs,
  orderBy: Record<string, 'asc' | 'desc'> = {},
): Promise<ConnectionShape<T>> {
  const first = page.first ?? DEFAULT_PAGE_SIZE;
  if (first < 1 || first > maxPageSize) throw new HubError('BAD_USER_INPUT', `first must be between 1 and ${maxPageSize}.`, { field: ['first'] });
  let after: string | undefined;
  if (page.after) {
    after = sealer ? (sealer.unseal(page.after) ?? undefined) : page.after;
    try {
      if (!after) throw new Error('unsealed');
      Cursor.decode(after);
    } catch {
      throw new HubError('BAD_USER_INPUT', 'The cursor in `after` is not one this hub issued.', { field: ['after'] });
    }
  }
  const seal = (c: string | null) => (c && sealer ? sealer.seal(c) : c);
  // A unique last key keeps cursors stable: the primary key.
  const pk = ctx.em.getMetadata().find(entity)?.primaryKeys[0] ?? 'id';
  const order = { ...orderBy, [pk]: orderBy[pk] ?? 'asc' } as never;
  let cursor: Cursor<T>;
  try {
    cursor = (await ctx.em.findByCursor(entity, { where, first, after, orderBy: order, includeCount: true } as never)) as unknown as Cursor<T>;
  } catch (err) {
    if (page.after && /cursor/i.test(String(err))) throw new HubError('BAD_USER_INPUT', 'The cursor in `after` does not match this list and ordering.', { field: ['after'] });
    throw err;
  }
  const nodes = [...cursor.items] as T[];
  return {
    edges: nodes.map((node) => ({ cursor: seal(cursor.from(node as never))!, node })),
    nodes,
    pageInfo: { hasNextPage: cursor.hasNextPage, hasPreviousPage: cursor.hasPrevPage, startCursor: seal(cursor.startCursor), endCursor: seal(cursor.endCursor) },
    totalCount: cursor.totalCount ?? nodes.length,
  };
}
