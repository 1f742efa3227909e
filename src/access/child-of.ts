import { Reference, wrap, type EntityMetadata, type EntityProperty, type MetadataStorage } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * THE answer to "which child is this record about", derived once from the MikroORM metadata and used
 * by everything that needs it: row scope (RLS policies and the ORM filter, src/access/row-scope.ts), the
 * field guard (detail tiers only for children in scope), the read audit and the write audit.
 *
 * - the Child itself (SELF);
 * - a record with a `child` relation (ONE, one hop);
 * - a record whose one non-nullable to-one relation leads, hop by hop, to a record about a child (ONE,
 *   several hops): an agency contribution through its discussion, a return home interview through its
 *   missing episode, a core group meeting through its plan;
 * - a record that names several children or none through a link entity (MANY), which the entity must
 *   declare (`static childScope = { childrenThrough: ... }`): a LADO referral (lado_referral_child),
 *   a person or location of concern (its links to children's screenings);
 * - otherwise no child (reference data): not child-level.
 * Two relations both leading to a child, with no `child` of its own, is ambiguous: discovery fails until
 * the entity declares which it means.
 */

/** What an entity declares about its children when the metadata alone cannot say (static `childScope`). */
export interface ChildScopeDeclaration {
  /**
   * The record names several children (or none) through a link entity: `entity` is the link's class
   * name, `relation` its to-one relation back to this record; the link itself is about one child.
   */
  childrenThrough?: { entity: string; relation: string };
  /**
   * Row scope: only the owning agency sees these rows, whichever children they are about (and no
   * other agency, involved or not). The child path still drives the read and write audit.
   */
  ownerOnly?: boolean;
}

export interface ChildHop {
  /** Property on the entity this hop starts from. */
  prop: string;
  /** Its foreign key column. */
  column: string;
  /** The entity it leads to. */
  target: EntityMetadata;
}

export type ChildPath =
  | { kind: 'SELF'; meta: EntityMetadata }
  /** hops[0] starts at the record, the last hop is a `child` relation. */
  | { kind: 'ONE'; meta: EntityMetadata; hops: ChildHop[] }
  /** Children listed by a link entity (itself about one child) whose `back` column points at the record. */
  | { kind: 'MANY'; meta: EntityMetadata; link: Extract<ChildPath, { kind: 'ONE' }>; back: string };

const CHILD_CLASS = 'Child';

export function childScopeOf(meta: EntityMetadata): ChildScopeDeclaration {
  return (meta.class as unknown as { childScope?: ChildScopeDeclaration } | undefined)?.childScope ?? {};
}

function targetOf(prop: EntityProperty, storage: MetadataStorage): EntityMetadata | undefined {
  return prop.targetMeta ?? [...storage.getAll().values()].find((m) => m.className === prop.type);
}

const cache = new WeakMap<EntityMetadata, ChildPath | null>();

/** The path from a record of this entity to its child (or children); null when it is about no child. */
export function childPathOf(meta: EntityMetadata, storage: MetadataStorage): ChildPath | null {
  if (cache.has(meta)) return cache.get(meta)!;
  cache.set(meta, null); // a cycle of relations resolves to "no child" rather than recursing forever
  const path = derive(meta, storage);
  cache.set(meta, path);
  return path;
}

function derive(meta: EntityMetadata, storage: MetadataStorage): ChildPath | null {
  if (meta.className === CHILD_CLASS) return { kind: 'SELF', meta };
  const declared = childScopeOf(meta).childrenThrough;
  if (declared) {
    const link = [...storage.getAll().values()].find((m) => m.className === declared.entity);
    const back = link?.properties[declared.relation as never] as EntityProperty | undefined;
    const linkPath = link && childPathOf(link, storage);
    if (!link || !back || back.type !== meta.className || linkPath?.kind !== 'ONE') {
      throw new Error(`${meta.className}.childScope: ${declared.entity}.${declared.relation} must be a relation to ${meta.className} on an entity about one child`);
    }
    return { kind: 'MANY', meta, link: linkPath, back: back.fieldNames[0]! };
  }
  const hop = (prop: EntityProperty): ChildHop => ({ prop: prop.name, column: prop.fieldNames[0]!, target: targetOf(prop, storage)! });
  const direct = meta.properties['child' as never] as EntityProperty | undefined;
  if (direct && direct.kind === 'm:1' && direct.type === CHILD_CLASS) return { kind: 'ONE', meta, hops: [hop(direct)] };
  // A nullable parent cannot say which child every row is about; such an entity must declare it.
  const candidates: ChildHop[][] = [];
  for (const prop of Object.values(meta.properties) as EntityProperty[]) {
    if (prop.kind !== 'm:1' || prop.nullable || prop.name === 'owningAgency') continue;
    const target = targetOf(prop, storage);
    // A parent naming several children (declared) says nothing about which one this row is about.
    if (!target || childScopeOf(target).childrenThrough) continue;
    const up = childPathOf(target, storage);
    if (up?.kind === 'ONE') candidates.push([hop(prop), ...up.hops]);
    else if (up?.kind === 'SELF') candidates.push([hop(prop)]);
  }
  if (candidates.length > 1) {
    throw new Error(`${meta.className}: ${candidates.map((c) => c[0]!.prop).join(' and ')} both lead to a child; give it a \`child\` relation or declare childScope`);
  }
  return candidates.length ? { kind: 'ONE', meta, hops: candidates[0]! } : null;
}

/** The primary key column of an entity's table. */
export const primaryKeyColumn = (meta: EntityMetadata): string => meta.properties[meta.primaryKeys[0] as never]!.fieldNames[0]!;
const pk = primaryKeyColumn;

/**
 * SQL for the child id of the row aliased `a` (`a` includes the dot, e.g. `x.`; '' for the bare table in
 * a policy). Parents are joined in a scalar subquery, so under RLS the parents' own policies apply too.
 */
export function childIdSql(path: Extract<ChildPath, { kind: 'ONE' }>, a: string): string {
  const [first, ...rest] = path.hops;
  if (!rest.length) return `${a}${first!.column}`;
  let from = `"${first!.target.tableName}" p1`;
  rest.slice(0, -1).forEach((h, i) => {
    from += ` join "${h.target.tableName}" p${i + 2} on p${i + 2}.${pk(h.target)} = p${i + 1}.${h.column}`;
  });
  return `(select p${rest.length}.${rest[rest.length - 1]!.column} from ${from} where p1.${pk(first!.target)} = ${a}${first!.column})`;
}

/** One statement giving (record_id, child_id) for many records of one type: the DataLoader's query. */
export function childIdsSql(path: ChildPath): string {
  const t = `"${path.meta.tableName}"`;
  switch (path.kind) {
    case 'SELF':
      return `select x.${pk(path.meta)} as record_id, x.${pk(path.meta)} as child_id from ${t} x where x.${pk(path.meta)} = any(?::uuid[])`;
    case 'ONE':
      return `select x.${pk(path.meta)} as record_id, ${childIdSql(path, 'x.')} as child_id from ${t} x where x.${pk(path.meta)} = any(?::uuid[])`;
    case 'MANY': {
      const link = path.link.meta;
      const deleted = link.properties['deletedAt' as never] as EntityProperty | undefined;
      const live = deleted ? ` and l.${deleted.fieldNames[0]} is null` : '';
      return `select l.${path.back} as record_id, ${childIdSql(path.link, 'l.')} as child_id from "${link.tableName}" l where l.${path.back} = any(?::uuid[])${live}`;
    }
  }
}

function idOf(value: unknown): string | undefined {
  const entity = Reference.unwrapReference(value as object) as { id?: unknown } | null | undefined;
  return typeof entity?.id === 'string' ? entity.id : undefined;
}

/**
 * The children of a record from what is already in memory (the record's loaded relations); undefined
 * when a relation on the way is not loaded (then ask `resolveChildIds`).
 */
export function loadedChildIds(record: object, path: ChildPath): string[] | undefined {
  const r = record as Record<string, unknown>;
  if (path.kind === 'SELF') return typeof r.id === 'string' ? [r.id] : undefined;
  if (path.kind === 'MANY') return undefined;
  let current: Record<string, unknown> = r;
  for (const [i, hop] of path.hops.entries()) {
    const value = current[hop.prop];
    if (value == null) return undefined;
    if (i === path.hops.length - 1) {
      const id = idOf(value);
      return id ? [id] : undefined;
    }
    const entity = Reference.unwrapReference(value as object) as Record<string, unknown>;
    if (!wrap(entity, true).__initialized) return undefined;
    current = entity;
  }
  return undefined;
}

/** Children of many records of one type, by SQL (one statement). Records without a child map to []. */
export async function resolveChildIds(em: EntityManager, path: ChildPath, recordIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(recordIds.map((id) => [id, []]));
  if (!recordIds.length) return out;
  const rows = await em.execute<{ record_id: string; child_id: string | null }[]>(childIdsSql(path), [`{${recordIds.join(',')}}`]);
  for (const row of rows) if (row.child_id) out.get(row.record_id)?.push(row.child_id);
  return out;
}

/** Every entity's path by class name, filled when the ORM discovers its metadata (`registerChildPaths`). */
const pathsByClass = new Map<string, ChildPath | null>();

/** Derives (and checks) every entity's child path at discovery, so a bad declaration fails at start-up. */
export function registerChildPaths(storage: MetadataStorage): void {
  for (const meta of storage.getAll().values()) {
    if (!meta.abstract && !meta.embeddable) pathsByClass.set(meta.className, childPathOf(meta, storage));
  }
}

/** The child path of an entity class by name; undefined for a name that is not an entity. */
export function childPathOfClass(className: string): ChildPath | null | undefined {
  return pathsByClass.get(className);
}

/** The child path of a record (an entity instance), or null when it is no entity or about no child. */
export function childPathOfRecord(record: unknown): ChildPath | null {
  const name = (record as { constructor?: { name?: string } } | null)?.constructor?.name;
  return (name && pathsByClass.get(name)) || null;
}

/**
 * The child of a record about one child, from its loaded relations (null otherwise). For the write
 * audit, which resolves whatever this cannot by SQL when it flushes.
 */
export function childIdOf(record: unknown, className = (record as { constructor?: { name?: string } } | null)?.constructor?.name): string | null {
  const path = className ? childPathOfClass(className) : undefined;
  if (!path || !record || typeof record !== 'object') return null;
  return loadedChildIds(record, path)?.[0] ?? null;
}
