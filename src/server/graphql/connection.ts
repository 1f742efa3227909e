import type { EntityClass, EntityProperty, FilterQuery } from '@mikro-orm/core';
import { Cursor, raw } from '@mikro-orm/core';
import { ArgsType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Classification } from '../../access/classification';
import { Expose } from '../../access/expose';
import { FilterField, readsNothing } from '../../access/input-declarations';
import type { HubContext } from '../context';
import { HubError } from './errors';
import type { Sealer } from '../secrets';
import type { KeysetSql } from '../../reads/compile';

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
 * Requests whose connection pages are being read by the compiled path (src/reads/execute.ts): paginate
 * runs nothing and hands back the page's keyset query (KeysetPage); the compiled statement reads the keys
 * and the nodes' selection together, one statement per list root.
 */
const compiledPages = new WeakSet<object>();
export const COMPILED_PAGE = Symbol('page read by the compiled path');

/**
 * A page for the compiled path: not read yet. Its keyset query (MikroORM's SQL for exactly what
 * findByCursor would run: the list's `where`, the ORM filters, the cursor condition, the order, one row
 * past the page) goes into the same statement as the records' selection (src/reads/compile.ts
 * keysetPageSql), so a list root is one statement.
 */
export interface KeysetPage extends KeysetSql {
  first: number;
  hasPreviousPage: boolean;
  /** A sealed cursor from a row's ordering values (`_k`). */
  cursor(values: readonly unknown[]): string;
}
export const KEYSET_PAGE = Symbol('keyset page');
export async function withCompiledPage<T>(ctx: HubContext, work: () => Promise<T>): Promise<T> {
  compiledPages.add(ctx);
  try {
    return await work();
  } finally {
    compiledPages.delete(ctx);
  }
}

/** Timestamp columns keep microseconds in PostgreSQL but milliseconds in a JS Date: cursors carry them as text. */
const isTimestamp = (prop: EntityProperty | undefined): boolean => /^timestamp/i.test(prop?.columnTypes?.[0] ?? '');

/**
 * Keyset pagination through MikroORM's cursor support. The order always ends with the primary key, in
 * the direction of the last given key, so cursors are stable and one `(key, id)` index serves the order
 * (scanned backwards for a descending list). An unreadable cursor is a BAD_USER_INPUT error, not a crash.
 *
 * Cursors carry every ordering value at full database precision: timestamp values are read back as
 * PostgreSQL text (one primary-key lookup, only when a cursor is selected) and compared as
 * `column < $1::timestamptz`, which is exact (a JS Date would drop the microseconds, and the next page
 * would skip or stop at rows sharing a millisecond) and uses the column's own index (truncating the column
 * to milliseconds in SQL would be exact too, but no plain index serves it).
 * `totalCount` (a count over every matching row) and the edges' cursors are computed only when selected.
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
  const meta = ctx.em.getMetadata().find(entity)!;
  // A unique last key keeps cursors stable: the primary key.
  const pk = meta.primaryKeys[0] ?? 'id';
  const propOf = (k: string) => (meta.properties as Record<string, EntityProperty>)[k];
  const order: Record<string, 'asc' | 'desc'> = { ...orderBy, [pk]: orderBy[pk] ?? Object.values(orderBy).at(-1) ?? 'asc' };
  const keys = Object.keys(order);
  const timestampKeys = keys.filter((k) => isTimestamp(propOf(k)));
  let after: Record<string, unknown> | undefined;
  if (page.after) {
    const plain = sealer ? sealer.unseal(page.after) : page.after;
    let values: unknown;
    try {
      values = plain ? Cursor.decode(plain) : undefined;
    } catch {
      values = undefined;
    }
    if (!Array.isArray(values) || values.length !== keys.length || timestampKeys.some((k) => !(values[keys.indexOf(k)] === null || typeof values[keys.indexOf(k)] === 'string'))) {
      throw new HubError('BAD_USER_INPUT', 'The cursor in `after` is not one this hub issued for this list and ordering.', { field: ['after'] });
    }
    // Timestamps go to PostgreSQL as the text it gave us, cast in SQL (never through a JS Date).
    after = Object.fromEntries(keys.map((k, i) => [k, timestampKeys.includes(k) && values[i] !== null ? raw(`?::${propOf(k)!.columnTypes[0]}`, [values[i]]) : values[i]]));
  }
  const seal = (plain: string) => (sealer ? sealer.seal(plain) : plain);
  if (compiledPages.has(ctx)) return keysetPage(ctx, entity, where, { first, after, order, keys, timestampKeys, seal });
  let cursor: Cursor<T>;
  try {
    cursor = (await ctx.em.findByCursor(entity, { where, first, after, orderBy: order, includeCount: false } as never)) as unknown as Cursor<T>;
  } catch (err) {
    if (page.after && /cursor/i.test(String(err))) throw new HubError('BAD_USER_INPUT', 'The cursor in `after` does not match this list and ordering.', { field: ['after'] });
    throw err;
  }
  const nodes = [...cursor.items] as T[];
  const idOf = (node: T) => (node as Record<string, unknown>)[pk];

  // The exact ordering values of some nodes: timestamps as PostgreSQL text, in one statement.
  const exactKeys = async (of: T[]): Promise<Map<unknown, Record<string, unknown>>> => {
    if (!timestampKeys.length || !of.length) return new Map();
    const cols = timestampKeys.map((k, i) => `"${propOf(k)!.fieldNames[0]}"::text as k${i}`).join(', ');
    const rows = await ctx.em.execute<Record<string, unknown>[]>(`select "${propOf(pk)!.fieldNames[0]}" as id, ${cols} from "${meta.tableName}" where "${propOf(pk)!.fieldNames[0]}" in (${of.map(() => '?').join(', ')})`, of.map(idOf));
    return new Map(rows.map((r) => [r.id, Object.fromEntries(timestampKeys.map((k, i) => [k, r[`k${i}`]]))]));
  };
  const cursorOf = (node: T, exact: Map<unknown, Record<string, unknown>>): string => {
    const base = JSON.parse(Buffer.from(cursor.from(node as never), 'base64url').toString('utf8')) as unknown[];
    const row = exact.get(idOf(node));
    return seal(Cursor.encode(keys.map((k, i) => (timestampKeys.includes(k) ? (row?.[k] ?? null) : base[i]))));
  };
  const ends = nodes.length ? [nodes[0]!, ...(nodes.length > 1 ? [nodes.at(-1)!] : [])] : [];
  let endKeys: Promise<Map<unknown, Record<string, unknown>>> | undefined;
  let allKeys: Promise<Map<unknown, Record<string, unknown>>> | undefined;
  const boundary = () => (endKeys ??= exactKeys(ends));
  const every = () => (allKeys ??= exactKeys(nodes));
  // Lazy: GraphQL reads these only when selected, so unselected cursors and counts cost nothing.
  const pageInfo = {
    hasNextPage: cursor.hasNextPage,
    hasPreviousPage: cursor.hasPrevPage,
    get startCursor() {
      return nodes.length ? boundary().then((m) => cursorOf(nodes[0]!, m)) : null;
    },
    get endCursor() {
      return nodes.length ? boundary().then((m) => cursorOf(nodes.at(-1)!, m)) : null;
    },
  };
  let count: Promise<number> | undefined;
  const shape = {
    get edges() {
      return nodes.map((node) => ({
        node,
        get cursor() {
          return every().then((m) => cursorOf(node, m));
        },
      }));
    },
    nodes,
    pageInfo: pageInfo as unknown as PageInfo,
    get totalCount() {
      return (count ??= ctx.em.count(entity, where as never));
    },
  } as unknown as ConnectionShape<T>;
  return shape;
}

interface CursorDriver {
  processCursorOptions(meta: unknown, options: object, orderBy: object): { orderBy: Array<Record<string, string>>; where: object };
}

/**
 * The compiled path's page: the SQL findByCursor would run for it, not run here. The cursor condition and
 * order come from MikroORM's own cursor code (its driver's `processCursorOptions`), so both paths page
 * identically, nulls included; the ORM filters are applied to the query as em.find applies them.
 */
async function keysetPage<T extends object>(
  ctx: HubContext,
  entity: EntityClass<T>,
  where: FilterQuery<T>,
  p: { first: number; after: Record<string, unknown> | undefined; order: Record<string, 'asc' | 'desc'>; keys: string[]; timestampKeys: string[]; seal: (plain: string) => string },
): Promise<ConnectionShape<T>> {
  const meta = ctx.em.getMetadata().find(entity)!;
  const columnOf = (k: string) => (meta.properties as Record<string, EntityProperty>)[k]!.fieldNames[0]!;
  let cursor: ReturnType<CursorDriver['processCursorOptions']>;
  try {
    cursor = (ctx.em.getDriver() as unknown as CursorDriver).processCursorOptions(meta, { first: p.first, after: p.after, orderBy: p.order, overfetch: true }, p.order);
  } catch {
    throw new HubError('BAD_USER_INPUT', 'The cursor in `after` does not match this list and ordering.', { field: ['after'] });
  }
  const qb = ctx.em.createQueryBuilder(entity, 'k').select(p.keys as never).where(where as never);
  if (p.after) qb.andWhere(cursor.where as never);
  qb.orderBy(cursor.orderBy as never).limit(p.first + 1);
  await qb.applyFilters();
  const { sql, params } = qb.toQuery();
  const direction = new Map(cursor.orderBy.map((o) => Object.entries(o)[0]!));
  const page: KeysetPage = {
    sql,
    params,
    keys: p.keys.map((k) => ({ column: columnOf(k), timestamp: p.timestampKeys.includes(k), order: String(direction.get(k) ?? 'asc').toLowerCase() })),
    first: p.first,
    hasPreviousPage: !!p.after,
    cursor: (values) => p.seal(Cursor.encode([...values])),
  };
  let count: Promise<number> | undefined;
  const shape = {
    get totalCount() {
      return (count ??= ctx.em.count(entity, where as never));
    },
  } as unknown as ConnectionShape<T>;
  Object.defineProperty(shape, COMPILED_PAGE, { value: meta.className });
  Object.defineProperty(shape, KEYSET_PAGE, { value: page });
  return shape;
}
