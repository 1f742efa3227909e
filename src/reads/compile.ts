import type { EntityMetadata, EntityProperty, MetadataStorage } from '@mikro-orm/core';
import {
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  getDirectiveValues,
  getNamedType,
  isAbstractType,
  isLeafType,
  isObjectType,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import { Classification } from '../access/classification';
import { childIdSql, childPathOfClass, type ChildPath } from '../access/child-of';
import { canRead, hasChildRowScope, tierNeedsRowScope } from '../access/policy';
import type { Role } from '../access/principal';
import { tierOf } from '../access/role-schema';
import { childVisibleSql, rowScopeSql } from '../access/row-scope';
import { NESTED_LIST_LIMIT } from '../db/loaders';
import { fieldResolverOf, relationOf, type RelationDeclaration } from './relations';
import { sqlTwinOf, type SqlTwin, type TwinSql } from './sql-fields';

/**
 * Compiles a GraphQL selection on record types into ONE SQL statement that returns the whole response
 * subtree as JSON (issue 11: reads planned once, as SQL, as PostGraphile and Hasura do). Everything is
 * derived from declarations that already exist, never restated:
 *  - columns from the MikroORM metadata of the property behind each `@Expose` field;
 *  - relations from their declaration (src/reads/relations.ts), with the same order and the same
 *    NESTED_LIST_LIMIT as the loader path;
 *  - which child a record is about from `childPathOf` (src/access/child-of.ts);
 *  - row scope twice, as on the resolver path: PostgreSQL RLS, plus the ORM filter's predicate
 *    (`rowScopeSql`) written into each FROM as a second layer;
 *  - detail tiers (`tierNeedsRowScope`) as a per-record CASE on one visibility test (`childVisibleSql`,
 *    the row-scope rule), so a denied value never leaves PostgreSQL; the walker (./execute.ts) turns the
 *    null into the field guard's FORBIDDEN error at the same path;
 *  - computed fields (entity getters and field resolvers that need only the record) run their one
 *    TypeScript definition on the row.
 * A selection this cannot compile exactly (arguments on nested fields, a field resolver that needs the
 * request, a type whose rule is not expressed here yet) returns null and the request runs through the
 * resolvers as before: compiling is an optimisation, never a second set of rules.
 */

/** Positional parameters of every compiled statement: the caller's agency, subject, then the root's. */
export const AGENCY_PARAM = '$1::uuid';
export const SUBJECT_PARAM = '$2::text';
/** Selected so every statement types both principal parameters, whether or not its selection tests visibility. */
const TYPED_PARAMS = `${AGENCY_PARAM} as _agency, ${SUBJECT_PARAM} as _subject`;

export interface BuildContext {
  schema: GraphQLSchema;
  storage: MetadataStorage;
  roles: readonly Role[];
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  aliasCount: number;
}

interface FieldBase {
  /** Response key (alias or name). */
  key: string;
  /** GraphQL field name (the audit records names, not aliases). */
  name: string;
  nodes: FieldNode[];
  returnType: GraphQLOutputType;
  tier: Classification;
  /** Denied at run time unless the caller owns the record or sees its child (field guard rule). */
  gated: boolean;
}

export type FieldPlan =
  | (Omit<FieldBase, 'tier' | 'gated'> & { kind: 'TYPENAME' })
  | (FieldBase & { kind: 'COLUMN'; sqlKey: string; column: string; timestamp: boolean })
  | (FieldBase & { kind: 'SQL'; sqlKey: string; timestamp: boolean; expr: SqlTwin })
  | (FieldBase & { kind: 'GLOBAL_ID' })
  | (FieldBase & { kind: 'COMPUTED'; compute: (row: object) => unknown; plain: PlainPlan | null })
  | (FieldBase & { kind: 'RELATION'; sqlKey: string; declaration: RelationDeclaration; target: ObjectPlan });

/** A value object a computed field returns (e.g. a Timescale): read by property, like GraphQL's default resolver. */
export interface PlainPlan {
  type: GraphQLObjectType;
  fields: Array<{ key: string; name: string; nodes: FieldNode[]; returnType: GraphQLOutputType; plain: PlainPlan | null }>;
}

export interface ObjectPlan {
  type: GraphQLObjectType;
  meta: EntityMetadata;
  path: ChildPath | null;
  /** Whether the row is needed whole (computed fields run on it). */
  needsRow: boolean;
  /** Whether any field is gated (the visibility test is selected). */
  needsVisibility: boolean;
  fields: FieldPlan[];
}

/** Types whose run-time rule the compiler does not express yet: the confidential-address rule. */
const RESOLVER_ONLY_TYPES = new Set(['ChildAddress']);

const fieldIndex = new Map<string, Map<string, string>>();
/** GraphQL field name → class property for an object type, from type-graphql's metadata (inherited fields included). */
function propertyOf(cls: Function, fieldName: string): string | undefined { // eslint-disable-line @typescript-eslint/no-unsafe-function-type
  let byField = fieldIndex.get(cls.name);
  if (!byField) {
    byField = new Map();
    const storage = getMetadataStorage();
    for (let c: Function | null = cls; c && c !== Function.prototype; c = Object.getPrototypeOf(c) as Function | null) { // eslint-disable-line @typescript-eslint/no-unsafe-function-type
      for (const f of storage.fields) if (f.target === c && !byField.has(f.schemaName)) byField.set(f.schemaName, f.name);
    }
    fieldIndex.set(cls.name, byField);
  }
  return byField.get(fieldName);
}

interface ComputedResolver {
  compute: (row: object) => unknown;
}
const resolverInstances = new Map<Function, object>(); // eslint-disable-line @typescript-eslint/no-unsafe-function-type
/**
 * A field resolver whose only parameter is the record (`@Root()`): it can run on the row the statement
 * returns. Resolvers that take the context, arguments or info need the request and are not compiled.
 */
function rootOnlyResolver(typeName: string, fieldName: string): ComputedResolver | null | undefined {
  const storage = getMetadataStorage();
  const meta = fieldResolverOf(typeName, fieldName);
  // Fields on the object type's own class (getters) are read from the record like any property.
  if (!meta || (meta as { kind?: string }).kind === 'internal') return undefined;
  const params = storage.params.filter((p) => p.target === meta.target && p.methodName === meta.methodName);
  if (params.some((p) => p.kind !== 'root' || (p as { propertyName?: string }).propertyName)) return null;
  let instance = resolverInstances.get(meta.target);
  if (!instance) {
    instance = new (meta.target as new () => object)();
    resolverInstances.set(meta.target, instance);
  }
  let method: ((root: object) => unknown) | undefined;
  for (let p = Object.getPrototypeOf(instance) as object | null; p && !method; p = Object.getPrototypeOf(p) as object | null) {
    method = Object.getOwnPropertyDescriptor(p, meta.methodName)?.value as ((root: object) => unknown) | undefined;
  }
  if (typeof method !== 'function') return null;
  const self = instance;
  return { compute: (row) => method!.call(self, row) };
}

function typeApplies(schema: GraphQLSchema, condition: string, type: GraphQLObjectType): boolean {
  if (condition === type.name) return true;
  const t = schema.getType(condition);
  return !!t && isAbstractType(t) && schema.isSubType(t, type);
}

function included(b: BuildContext, node: { directives?: readonly unknown[] }): boolean {
  if (!node.directives?.length) return true;
  const skip = getDirectiveValues(GraphQLSkipDirective, node as never, b.variables);
  if (skip?.if === true) return false;
  const include = getDirectiveValues(GraphQLIncludeDirective, node as never, b.variables);
  return include?.if !== false;
}

/** GraphQL's field collection for one object type: response key → field nodes, in document order. */
export function collectFields(b: BuildContext, type: GraphQLObjectType, sets: readonly SelectionSetNode[], out = new Map<string, FieldNode[]>()): Map<string, FieldNode[]> {
  for (const set of sets) {
    for (const s of set.selections) {
      if (!included(b, s)) continue;
      if (s.kind === Kind.FIELD) {
        const key = s.alias?.value ?? s.name.value;
        const list = out.get(key);
        if (list) list.push(s);
        else out.set(key, [s]);
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        if (!s.typeCondition || typeApplies(b.schema, s.typeCondition.name.value, type)) collectFields(b, type, [s.selectionSet], out);
      } else {
        const fragment = b.fragments[s.name.value];
        if (fragment && typeApplies(b.schema, fragment.typeCondition.name.value, type)) collectFields(b, type, [fragment.selectionSet], out);
      }
    }
  }
  return out;
}

const subSelections = (nodes: FieldNode[]): SelectionSetNode[] => nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));

export function planPlain(b: BuildContext, type: GraphQLOutputType, nodes: FieldNode[]): PlainPlan | null | false {
  const named = getNamedType(type);
  if (isLeafType(named)) return null;
  if (!isObjectType(named)) return false;
  const storage = getMetadataStorage();
  // A value type with field resolvers of its own needs the resolver path.
  if (storage.fieldResolvers.some((f) => (f as { getObjectType?: () => Function }).getObjectType?.()?.name === named.name)) return false; // eslint-disable-line @typescript-eslint/no-unsafe-function-type
  const fields: PlainPlan['fields'] = [];
  for (const [key, fieldNodes] of collectFields(b, named, subSelections(nodes))) {
    const name = fieldNodes[0]!.name.value;
    if (name === '__typename') {
      fields.push({ key, name, nodes: fieldNodes, returnType: named, plain: null });
      continue;
    }
    const def = named.getFields()[name];
    if (!def || def.args.length) return false;
    const tier = tierOf(def);
    if (!tier || !canRead(b.roles, tier)) return false;
    const plain = planPlain(b, def.type, fieldNodes);
    if (plain === false) return false;
    fields.push({ key, name, nodes: fieldNodes, returnType: def.type, plain });
  }
  return { type: named, fields };
}

let lastRefusal = '';
/** Why the last selection did not compile (diagnostics and tests). */
export function lastCompileRefusal(): string {
  return lastRefusal;
}
function refuse(reason: string): null {
  lastRefusal = reason;
  return null;
}

/** The plan of one record type's selection, or null when some part of it must run through the resolvers. */
export function planObject(b: BuildContext, type: GraphQLObjectType, sets: readonly SelectionSetNode[]): ObjectPlan | null {
  if (RESOLVER_ONLY_TYPES.has(type.name)) return refuse(`${type.name}: resolver-only type`);
  const meta = [...b.storage.getAll().values()].find((m) => m.className === type.name && !m.abstract && !m.embeddable);
  if (!meta || meta.primaryKeys.length !== 1) return refuse(`${type.name}: not an entity`);
  // Records are read by UUID (`node`, pages); the append-only audit log (bigint keys) stays on its resolvers.
  if (meta.primaryKeys[0] !== 'id' || (meta.properties as Record<string, EntityProperty>).id?.columnTypes?.[0] !== 'uuid') return refuse(`${type.name}: not keyed by a UUID`);
  const path = childPathOfClass(type.name) ?? null;
  // Records naming several children (LADO referrals, concerns) resolve their children through a link table.
  if (path?.kind === 'MANY') return refuse(`${type.name}: about several children`);
  const cls = meta.class as unknown as Function; // eslint-disable-line @typescript-eslint/no-unsafe-function-type
  const plan: ObjectPlan = { type, meta, path, needsRow: false, needsVisibility: false, fields: [] };
  for (const [key, nodes] of collectFields(b, type, sets)) {
    const name = nodes[0]!.name.value;
    if (name === '__typename') {
      plan.fields.push({ kind: 'TYPENAME', key, name, nodes, returnType: type });
      continue;
    }
    const def: GraphQLField<unknown, unknown> | undefined = type.getFields()[name];
    if (!def || def.args.length) return refuse(`${type.name}.${name}: has arguments`);
    const tier = tierOf(def);
    // Unclassified or uncleared fields are the field guard's to refuse, with its messages.
    if (!tier || !canRead(b.roles, tier)) return refuse(`${type.name}.${name}: not cleared`);
    const gated = !!path && tierNeedsRowScope(tier, type.name, name);
    if (gated) plan.needsVisibility = true;
    const base = { key, name, nodes, returnType: def.type, tier, gated };
    const declaration = relationOf(type.name, name);
    if (declaration) {
      const targetType = getNamedType(def.type);
      if (!isObjectType(targetType)) return refuse(`${type.name}.${name}: abstract target`);
      const target = planObject(b, targetType, subSelections(nodes));
      if (!target) return null;
      plan.fields.push({ ...base, kind: 'RELATION', sqlKey: `r${b.aliasCount++}`, declaration, target });
      continue;
    }
    const twin = sqlTwinOf(type.name, name);
    if (twin) {
      if (!isLeafType(getNamedType(def.type))) return refuse(`${type.name}.${name}: SQL twin of object type`);
      plan.fields.push({ ...base, kind: 'SQL', sqlKey: `s${b.aliasCount++}`, timestamp: getNamedType(def.type).name === 'DateTime', expr: twin });
      continue;
    }
    // A field resolver overrides a property of the same name, as in the schema.
    const resolver = rootOnlyResolver(type.name, name);
    if (resolver === null) return refuse(`${type.name}.${name}: resolver needs the request`);
    const property = resolver ? undefined : propertyOf(cls, name);
    const prop = property ? (meta.properties as Record<string, EntityProperty>)[property] : undefined;
    if (prop) {
      if (prop.kind !== 'scalar' || prop.lazy || prop.formula || !prop.fieldNames?.length || prop.persist === false) return refuse(`${type.name}.${name}: not a plain column`);
      if (!isLeafType(getNamedType(def.type))) return refuse(`${type.name}.${name}: column of object type`);
      plan.fields.push({ ...base, kind: 'COLUMN', sqlKey: `c${b.aliasCount++}`, column: prop.fieldNames[0]!, timestamp: /^timestamp/i.test(prop.columnTypes?.[0] ?? '') });
      continue;
    }
    if (property === 'globalId') {
      plan.fields.push({ ...base, kind: 'GLOBAL_ID' });
      continue;
    }
    const getter = property ? findGetter(cls, property) : undefined;
    if (!getter && !resolver) return refuse(`${type.name}.${name}: no column, getter or resolver`);
    const plain = planPlain(b, def.type, nodes);
    if (plain === false) return refuse(`${type.name}.${name}: value type with resolvers`);
    plan.needsRow = true;
    plan.fields.push({ ...base, kind: 'COMPUTED', compute: getter ? (row) => getter.call(row) : resolver!.compute, plain });
  }
  return plan;
}

function findGetter(cls: Function, property: string): (() => unknown) | undefined { // eslint-disable-line @typescript-eslint/no-unsafe-function-type
  for (let p = cls.prototype as object | null; p && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) {
    const d = Object.getOwnPropertyDescriptor(p, property);
    if (d) return d.get;
  }
  return undefined;
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
const column = (meta: EntityMetadata, prop: string) => (meta.properties as Record<string, EntityProperty>)[prop]!.fieldNames[0]!;

/** SQL-building state for one statement. */
export interface SqlBuild {
  storage: MetadataStorage;
  roles: readonly Role[];
  n: number;
}

/** The FROM items and WHERE conditions every occurrence of a table carries: soft delete and row scope (second layer). */
function scopeConditions(s: SqlBuild, meta: EntityMetadata, alias: string): string[] {
  const out: string[] = [];
  if ((meta.properties as Record<string, EntityProperty>).deletedAt) out.push(`${alias}.${q(column(meta, 'deletedAt'))} is null`);
  const scope = rowScopeSql(meta, s.storage, alias, AGENCY_PARAM, SUBJECT_PARAM);
  if (scope) out.push(scope);
  return out;
}

/**
 * SQL for one record of `plan` at `alias`: the FROM item (the table and, when fields are gated, a lateral
 * visibility test computed once per record) and the JSON object expression. Keys: `_i` id, `_c` child,
 * `_o` detail visible, `_r` the whole row (computed fields), then one per column or relation.
 */
export function objectSql(s: SqlBuild, plan: ObjectPlan, alias: string): { from: string; json: string } {
  const pk = column(plan.meta, plan.meta.primaryKeys[0]!);
  const pairs: string[] = [`'_i', ${alias}.${q(pk)}`];
  let from = `${q(plan.meta.tableName)} ${alias}`;
  const childExpr = plan.path?.kind === 'SELF' ? `${alias}.${q(pk)}` : plan.path?.kind === 'ONE' ? childIdSql(plan.path, `${alias}.`) : null;
  if (childExpr) pairs.push(`'_c', ${childExpr}`);
  let visible: string | null = null;
  if (plan.needsVisibility && childExpr) {
    const v = `v${s.n++}`;
    // The field guard's rule: the record's owner, or a caller with row scope who sees the child.
    const sees = hasChildRowScope(s.roles) ? ` or ${childVisibleSql(childExpr, AGENCY_PARAM, SUBJECT_PARAM)}` : '';
    const owner = (plan.meta.properties as Record<string, EntityProperty>).owningAgency ? `${alias}.owning_agency_id = ${AGENCY_PARAM}` : 'false';
    from += ` cross join lateral (select coalesce(${owner}${sees}, false) as ok) ${v}`;
    visible = `${v}.ok`;
    pairs.push(`'_o', ${visible}`);
  }
  if (plan.needsRow) pairs.push(`'_r', to_jsonb(${alias})`);
  const gate = (f: { gated: boolean }, expr: string) => (f.gated && visible ? `case when ${visible} then ${expr} end` : expr);
  for (const f of plan.fields) {
    if (f.kind === 'COLUMN') {
      pairs.push(`'${f.sqlKey}', ${gate(f, `${alias}.${q(f.column)}`)}`);
    } else if (f.kind === 'SQL') {
      pairs.push(`'${f.sqlKey}', ${gate(f, f.expr(alias, twinSql(s)))}`);
    } else if (f.kind === 'RELATION') {
      pairs.push(`'${f.sqlKey}', ${gate(f, relationSql(s, plan, alias, f.declaration, f.target))}`);
    }
  }
  return { from, json: jsonObject(pairs) };
}

/** Another table for an SQL twin, read as every occurrence of it is (scopeConditions). */
function twinSql(s: SqlBuild): TwinSql {
  return {
    scoped(entity) {
      const meta = [...s.storage.getAll().values()].find((m) => m.class === entity && !m.abstract);
      if (!meta) throw new Error(`SQL twin: ${entity.name} is not an entity`);
      const alias = `t${s.n++}`;
      return { alias, from: `${q(meta.tableName)} ${alias}`, where: [...scopeConditions(s, meta, alias), 'true'].join(' and ') };
    },
  };
}

/** json_build_object takes at most 100 arguments: larger objects are built in parts and merged. */
function jsonObject(pairs: string[]): string {
  if (pairs.length <= 50) return `json_build_object(${pairs.join(', ')})`;
  const parts: string[] = [];
  for (let i = 0; i < pairs.length; i += 50) parts.push(`jsonb_build_object(${pairs.slice(i, i + 50).join(', ')})`);
  return `(${parts.join(' || ')})::json`;
}

function relationSql(s: SqlBuild, parent: ObjectPlan, parentAlias: string, d: RelationDeclaration, target: ObjectPlan): string {
  const alias = `t${s.n++}`;
  const { from, json } = objectSql(s, target, alias);
  const where = scopeConditions(s, target.meta, alias);
  const targetPk = column(target.meta, target.meta.primaryKeys[0]!);
  if (d.kind === 'BELONGS_TO') {
    where.unshift(`${alias}.${q(targetPk)} = ${parentAlias}.${q(column(parent.meta, d.via))}`);
    return `(select ${json} from ${from} where ${where.join(' and ')})`;
  }
  const parentPk = column(parent.meta, parent.meta.primaryKeys[0]!);
  where.unshift(`${alias}.${q(column(target.meta, d.via))} = ${parentAlias}.${q(parentPk)}`);
  // The loader's order: the declared keys, then the primary key ascending; one row past the limit
  // tells the walker the list is too long (LIST_LIMIT_EXCEEDED, as on the loader path).
  const keys = Object.entries({ ...d.orderBy, [target.meta.primaryKeys[0]!]: d.orderBy[target.meta.primaryKeys[0]!] ?? 'asc' });
  const order = keys.map(([p, dir], i) => ({ expr: `${alias}.${q(column(target.meta, p))}`, key: `k${i}`, dir: dir === 'desc' ? 'desc' : 'asc' }));
  const sub = `select ${json} as j, ${order.map((o) => `${o.expr} as ${o.key}`).join(', ')} from ${from} where ${where.join(' and ')} order by ${order.map((o) => `${o.expr} ${o.dir}`).join(', ')} limit ${NESTED_LIST_LIMIT + 1}`;
  return `(select coalesce(json_agg(s.j order by ${order.map((o) => `s.${o.key} ${o.dir}`).join(', ')}), '[]'::json) from (${sub}) s)`;
}

/** The statement for one record by primary key ($3): one row with column `j`, or none. */
export function recordByIdSql(s: SqlBuild, plan: ObjectPlan): string {
  const alias = `t${s.n++}`;
  const { from, json } = objectSql(s, plan, alias);
  const where = [`${alias}.${q(column(plan.meta, plan.meta.primaryKeys[0]!))} = $3::uuid`, ...scopeConditions(s, plan.meta, alias)];
  return `select ${json} as j, ${TYPED_PARAMS} from ${from} where ${where.join(' and ')}`;
}

/** The statement for the records of a page, by primary keys ($3): one row per visible record (the caller orders them by the page's ids). */
export function recordsByIdsSql(s: SqlBuild, plan: ObjectPlan): string {
  const alias = `t${s.n++}`;
  const { from, json } = objectSql(s, plan, alias);
  const where = [`${alias}.${q(column(plan.meta, plan.meta.primaryKeys[0]!))} = page.id`, ...scopeConditions(s, plan.meta, alias)];
  return `select ${json} as j, ${TYPED_PARAMS} from unnest($3::uuid[]) page(id) cross join ${from} where ${where.join(' and ')}`;
}

/** For a page read in the same statement as its keys: the record at `page.id` as JSON `j` (no row when not visible). */
export function pageRecordSql(s: SqlBuild, plan: ObjectPlan): string {
  const alias = `t${s.n++}`;
  const { from, json } = objectSql(s, plan, alias);
  const where = [`${alias}.${q(column(plan.meta, plan.meta.primaryKeys[0]!))} = page.id`, ...scopeConditions(s, plan.meta, alias)];
  return `select ${json} as j from ${from} where ${where.join(' and ')}`;
}

/** A list page's keyset query (src/server/graphql/connection.ts `KeysetPage`): its SQL and the ordering keys it selects. */
export interface KeysetSql {
  /** MikroORM's SQL for the page's keys, `?` placeholders, one row past the page. */
  sql: string;
  params: readonly unknown[];
  keys: ReadonlyArray<{ column: string; timestamp: boolean; order: string }>;
}

/** `?` placeholders (outside quoted text and identifiers) as `$n`, numbered from `from`. */
export function numberPlaceholders(sql: string, from: number): string {
  let out = '';
  let n = from;
  let quote: string | null = null;
  for (const ch of sql) {
    if (quote) {
      if (ch === quote) quote = null;
      out += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
    } else if (ch === '?') {
      out += `$${n++}`;
    } else {
      out += ch;
    }
  }
  return out;
}

/**
 * ONE statement for a list page (issue 11, must-show 3): the keyset query finds the page's keys, and each
 * key's record is read in the same statement (`record`, from pageRecordSql; null: keys only). Rows: `_id`,
 * `_k` (the ordering values, timestamps as PostgreSQL text for exact cursors) and `j` (null when the record
 * is not visible), in page order. Parameters: $1 agency, $2 subject, then the keyset's.
 */
export function keysetPageSql(keyset: KeysetSql, record: string | null): string {
  const keys = keyset.keys.map((k) => (k.timestamp ? `page.${q(k.column)}::text` : `page.${q(k.column)}`));
  const order = keyset.keys.map((k) => `page.${q(k.column)} ${k.order}`).join(', ');
  const lateral = record ? ` left join lateral (${record}) x on true` : '';
  return `select ${record ? 'x.j' : 'null::json as j'}, page.id::text as _id, json_build_array(${keys.join(', ')}) as _k, ${TYPED_PARAMS}
    from (${numberPlaceholders(keyset.sql, 3)}) page${lateral} order by ${order}`;
}
