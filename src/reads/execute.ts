import { createHash } from 'node:crypto';
import type { EntityProperty } from '@mikro-orm/core';
import {
  GraphQLError,
  Kind,
  getArgumentValues,
  getVariableValues,
  isLeafType,
  isListType,
  isNonNullType,
  getNamedType,
  isObjectType,
  type GraphQLObjectType,
  type DocumentNode,
  type FieldNode,
  type FormattedExecutionResult,
  type FragmentDefinitionNode,
  type GraphQLError as GraphQLErrorType,
  type GraphQLFormattedError,
  type GraphQLLeafType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { Classification } from '../access/classification';
import { noInvolvementError } from '../access/field-guard';
import { NestedListLimitError, NESTED_LIST_LIMIT } from '../db/loaders';
import { unavailable, unavailableError } from '../db/unavailable';
import type { HubContext } from '../server/context';
import { fromGlobalId, toGlobalId } from '../server/graphql/global-id';
import { nodeTypeNamed } from '../server/graphql/node';
import { runPrepared } from '../db/prepared';
import { COMPILED_PAGE, KEYSET_PAGE, withCompiledPage, type ConnectionShape, type KeysetPage } from '../server/graphql/connection';
import { canRead } from '../access/policy';
import { tierOf } from '../access/role-schema';
import { collectFields, keysetPageSql, pageRecordSql, planObject, planPlain, recordByIdSql, recordsByIdsSql, type BuildContext, type ObjectPlan, type PlainPlan } from './compile';

/**
 * Runs a query operation through compiled SQL (./compile.ts) when every root field of it compiles, and
 * answers exactly as the resolver path would: the same data, the same errors at the same paths (the field
 * guard's FORBIDDEN, the nested-list limit, GraphQL's non-null propagation), the same read audit (one
 * event per record naming its children and the fields returned). Returns null to let the resolvers run.
 */

type Formatter = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

interface ConnectionPlan {
  type: GraphQLObjectType;
  /** Connection fields in response order (`name` the GraphQL field); `nodes` and `edges.node` each have their own plan and statement. */
  fields: Array<{ name: string } & (
    | { kind: 'TYPENAME' | 'TOTAL_COUNT'; key: string; nodes: FieldNode[]; returnType: GraphQLOutputType }
    | { kind: 'PAGE_INFO'; key: string; nodes: FieldNode[]; returnType: GraphQLOutputType; plain: PlainPlan }
    | { kind: 'NODES'; key: string; nodes: FieldNode[]; returnType: GraphQLOutputType; statement: Statement }
    | { kind: 'EDGES'; key: string; nodes: FieldNode[]; returnType: GraphQLOutputType; edgeType: GraphQLObjectType; edge: Array<{ name: string } & ({ kind: 'TYPENAME' | 'CURSOR'; key: string; nodes: FieldNode[]; returnType: GraphQLOutputType } | { kind: 'NODE'; key: string; nodes: FieldNode[]; returnType: GraphQLOutputType; statement: Statement })> }
  )>;
}

interface Statement {
  sql: string;
  name: string;
  plan: ObjectPlan;
  /** Connection nodes: the record at `page.id`, for the page's one statement (keysetPageSql). */
  record?: string;
}

interface RootPlan {
  key: string;
  kind: 'TYPENAME' | 'NODE' | 'CONNECTION';
  connection?: ConnectionPlan;
  nodes: FieldNode[];
  /** NODE: the record's plan and statement; null when the id names nothing `node` can load. */
  plan?: ObjectPlan | null;
  sql?: string;
  statementName?: string;
  recordId?: string;
}

/** A row of a compiled statement (named and prepared: each pooled connection plans it once). */
type CompiledRow = { j: Record<string, unknown> };

const BUBBLE = Symbol('null propagates to the parent');
type Walked = unknown | typeof BUBBLE;

/** Compiled statements by document, operation, role set and root types; bounded so a flood of shapes cannot grow it. */
const planCache = new Map<string, Statement | ConnectionPlan | null>();
const PLAN_CACHE_LIMIT = 1000;

export interface CompiledReadRequest {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  source: string;
  variables: Record<string, unknown> | undefined;
  ctx: HubContext;
  format: Formatter;
}

class Walk {
  readonly errors: Array<{ error: GraphQLErrorType }> = [];
  constructor(readonly ctx: HubContext) {}

  fail(error: GraphQLErrorType | Error, nodes: readonly FieldNode[], path: ReadonlyArray<string | number>): void {
    // As graphql-js locates a resolver's error: the original kept, its extensions carried.
    this.errors.push({ error: new GraphQLError(error.message, { nodes, path, originalError: error, extensions: error instanceof GraphQLError ? error.extensions : undefined }) });
  }
}

function nonNullError(parent: string, field: string): GraphQLError {
  return new GraphQLError(`Cannot return null for non-nullable field ${parent}.${field}.`);
}

/** A value already reported as an error: completes to null (propagating through non-null positions) without a second error. */
const ERRORED = Symbol('already reported');

/**
 * Completes a value by its GraphQL type as graphql-js does: leaves serialized by their scalar or enum,
 * lists item by item, and null in a non-null position reported once and propagated (BUBBLE) to the
 * nearest nullable position, which becomes null.
 */
async function complete(w: Walk, type: GraphQLOutputType, value: unknown, nodes: readonly FieldNode[], path: Array<string | number>, parentName: string, fieldName: string, object: (v: unknown, path: Array<string | number>) => Promise<Walked>): Promise<Walked> {
  if (isNonNullType(type)) {
    const inner = await completeNullable(w, type.ofType, value, nodes, path, parentName, fieldName, object);
    if (inner === BUBBLE) return BUBBLE;
    if (inner === null || inner === undefined) {
      if (value !== ERRORED) w.fail(nonNullError(parentName, fieldName), nodes, path);
      return BUBBLE;
    }
    return inner;
  }
  const inner = await completeNullable(w, type, value, nodes, path, parentName, fieldName, object);
  return inner === BUBBLE ? null : inner;
}

async function completeNullable(w: Walk, type: GraphQLOutputType, value: unknown, nodes: readonly FieldNode[], path: Array<string | number>, parentName: string, fieldName: string, object: (v: unknown, path: Array<string | number>) => Promise<Walked>): Promise<Walked> {
  if (value === null || value === undefined || value === ERRORED) return null;
  if (isListType(type)) {
    const out: unknown[] = [];
    for (const [i, item] of (value as unknown[]).entries()) {
      const done = await complete(w, type.ofType, item, nodes, [...path, i], parentName, fieldName, object);
      if (done === BUBBLE) return BUBBLE;
      out.push(done);
    }
    return out;
  }
  if (isLeafType(type)) {
    try {
      return (type as GraphQLLeafType).serialize(value);
    } catch (err) {
      w.fail(err as Error, nodes, path);
      return null;
    }
  }
  return object(value, path);
}

async function walkPlain(w: Walk, plan: PlainPlan, value: Record<string, unknown>, path: Array<string | number>): Promise<Walked> {
  const out: Record<string, unknown> = {};
  for (const f of plan.fields) {
    if (f.name === '__typename') {
      out[f.key] = plan.type.name;
      continue;
    }
    const fieldPath = [...path, f.key];
    const raw = value[f.name];
    const done = await complete(w, f.returnType, typeof raw === 'function' ? (raw as () => unknown).call(value) : raw, f.nodes, fieldPath, plan.type.name, f.name, (v, p) => (f.plain ? walkPlain(w, f.plain, v as Record<string, unknown>, p) : Promise.resolve(v)));
    if (done === BUBBLE) return BUBBLE;
    out[f.key] = done;
  }
  return out;
}

/** The record as its entity class would hold it, for computed fields (getters and root-only resolvers). */
function rowObject(plan: ObjectPlan, row: Record<string, unknown>): object {
  const record = Object.create((plan.meta.class as unknown as { prototype: object }).prototype) as Record<string, unknown>;
  for (const prop of Object.values(plan.meta.properties) as EntityProperty[]) {
    const col = prop.fieldNames?.[0];
    if (!col || !(col in row)) continue;
    const value = row[col];
    if (prop.kind === 'm:1' || prop.kind === '1:1') record[prop.name] = value == null ? null : { id: value };
    else if (prop.kind === 'scalar') record[prop.name] = value != null && /^timestamp/i.test(prop.columnTypes?.[0] ?? '') ? new Date(value as string) : value;
  }
  return record;
}

async function walkObject(w: Walk, plan: ObjectPlan, json: Record<string, unknown>, path: Array<string | number>): Promise<Walked> {
  const out: Record<string, unknown> = {};
  const id = json._i as string;
  const childIds = plan.path ? (json._c ? [json._c as string] : []) : null;
  let row: object | undefined;
  const typeName = plan.type.name;
  // The field guard's read audit: every field returned from a child-level record, recorded once per
  // record (also when a non-null error cuts the walk short, as far as it went).
  const audited: string[] = [];
  const audit = () => childIds && w.ctx.audit.readFields(typeName, id, childIds, audited);
  for (const f of plan.fields) {
    if (f.kind === 'TYPENAME') {
      out[f.key] = typeName;
      continue;
    }
    const fieldPath = [...path, f.key];
    if (f.gated && json._o === false) {
      w.fail(noInvolvementError(f.tier), f.nodes, fieldPath);
      const done = await complete(w, f.returnType, ERRORED, f.nodes, fieldPath, typeName, f.name, async () => null);
      if (done === BUBBLE) {
        audit();
        return BUBBLE;
      }
      out[f.key] = null;
      continue;
    }
    if (childIds && f.tier !== Classification.PUBLIC) audited.push(f.name);
    let value: unknown;
    let object: (v: unknown, p: Array<string | number>) => Promise<Walked> = async (v) => v;
    try {
      switch (f.kind) {
        case 'SQL':
        case 'COLUMN': {
          const raw = json[f.sqlKey];
          value = f.timestamp && typeof raw === 'string' ? new Date(raw) : raw;
          break;
        }
        case 'GLOBAL_ID':
          value = toGlobalId(typeName, id);
          break;
        case 'COMPUTED':
          row ??= rowObject(plan, json._r as Record<string, unknown>);
          value = await f.compute(row);
          if (f.plain) {
            const plain = f.plain;
            object = (v, p) => walkPlain(w, plain, v as Record<string, unknown>, p);
          }
          break;
        case 'RELATION': {
          const target = f.target;
          object = (v, p) => walkObject(w, target, v as Record<string, unknown>, p);
          const raw = json[f.sqlKey];
          if (f.declaration.kind === 'BELONGS_TO') value = raw;
          else if ((raw as unknown[]).length > NESTED_LIST_LIMIT) throw new NestedListLimitError(target.meta.className);
          else value = f.declaration.first ? ((raw as unknown[])[0] ?? null) : raw;
          break;
        }
      }
    } catch (err) {
      w.fail(err as Error, f.nodes, fieldPath);
      value = ERRORED;
    }
    const done = await complete(w, f.returnType, value, f.nodes, fieldPath, typeName, f.name, object);
    if (done === BUBBLE) {
      audit();
      return BUBBLE;
    }
    out[f.key] = done;
  }
  audit();
  return out;
}

/**
 * The plan of a connection root field (`XConnection` of a record type): nodes, edges (cursor, node),
 * pageInfo and totalCount. Null when its shape or a node selection does not compile.
 */
function planConnection(b: BuildContext, type: GraphQLOutputType | undefined, nodes: FieldNode[], statement: (plan: ObjectPlan, sqlOf: typeof recordsByIdsSql) => Statement): ConnectionPlan | null {
  const named = type && getNamedType(type);
  if (!named || !isObjectType(named) || !named.name.endsWith('Connection') || !named.getFields().nodes || !named.getFields().pageInfo) return null;
  const cleared = (f: { extensions?: Record<string, unknown> | null }) => {
    const tier = tierOf(f);
    return !!tier && canRead(b.roles, tier);
  };
  const nodeType = getNamedType(named.getFields().nodes!.type);
  if (!isObjectType(nodeType)) return null;
  const plan: ConnectionPlan = { type: named, fields: [] };
  const sets = (ns: FieldNode[]) => ns.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
  for (const [key, fieldNodes] of collectFields(b, named, sets(nodes))) {
    const name = fieldNodes[0]!.name.value;
    const def = named.getFields()[name];
    if (name === '__typename') {
      plan.fields.push({ name, kind: 'TYPENAME', key, nodes: fieldNodes, returnType: named });
      continue;
    }
    if (!def || def.args.length || !cleared(def)) return null;
    if (name === 'totalCount') plan.fields.push({ name, kind: 'TOTAL_COUNT', key, nodes: fieldNodes, returnType: def.type });
    else if (name === 'pageInfo') {
      const plain = planPlain(b, def.type, fieldNodes);
      if (!plain) return null;
      plan.fields.push({ name, kind: 'PAGE_INFO', key, nodes: fieldNodes, returnType: def.type, plain });
    } else if (name === 'nodes') {
      const nodePlan = planObject(b, nodeType, sets(fieldNodes));
      if (!nodePlan) return null;
      plan.fields.push({ name, kind: 'NODES', key, nodes: fieldNodes, returnType: def.type, statement: statement(nodePlan, recordsByIdsSql) });
    } else if (name === 'edges') {
      const edgeType = getNamedType(def.type);
      if (!isObjectType(edgeType)) return null;
      const edge: Extract<ConnectionPlan['fields'][number], { kind: 'EDGES' }>['edge'] = [];
      for (const [edgeKey, edgeNodes] of collectFields(b, edgeType, sets(fieldNodes))) {
        const edgeField = edgeNodes[0]!.name.value;
        const edgeDef = edgeType.getFields()[edgeField];
        if (edgeField === '__typename') edge.push({ name: edgeField, kind: 'TYPENAME', key: edgeKey, nodes: edgeNodes, returnType: edgeType });
        else if (!edgeDef || edgeDef.args.length || !cleared(edgeDef)) return null;
        else if (edgeField === 'cursor') edge.push({ name: edgeField, kind: 'CURSOR', key: edgeKey, nodes: edgeNodes, returnType: edgeDef.type });
        else if (edgeField === 'node') {
          const nodePlan = planObject(b, nodeType, sets(edgeNodes));
          if (!nodePlan) return null;
          edge.push({ name: edgeField, kind: 'NODE', key: edgeKey, nodes: edgeNodes, returnType: edgeDef.type, statement: statement(nodePlan, recordsByIdsSql) });
        } else return null;
      }
      plan.fields.push({ name, kind: 'EDGES', key, nodes: fieldNodes, returnType: def.type, edgeType, edge });
    } else return null;
  }
  return plan;
}

/** A prepared statement's name: its text's hash (each pooled connection plans it once). */
const statementName = (sql: string) => `hub_read_${createHash('sha256').update(sql).digest('hex').slice(0, 32)}`;

/** A page as its one statement read it: the records' ids and ordering values in page order, the first node selection's JSON. */
interface LoadedPage {
  ids: string[];
  keys: unknown[][];
  hasNextPage: boolean;
  /** The first node selection's records by id (read in the same statement). */
  found: Map<string, Record<string, unknown>>;
  primary: Statement | undefined;
}

/**
 * Reads a page in ONE statement: the keyset query and the first node selection's records together
 * (keysetPageSql); one row past the page says another follows.
 */
async function loadPage(w: Walk, plan: ConnectionPlan, keyset: KeysetPage): Promise<LoadedPage> {
  const primary = plan.fields.flatMap((f) => (f.kind === 'NODES' ? [f.statement] : f.kind === 'EDGES' ? f.edge.flatMap((e) => (e.kind === 'NODE' ? [e.statement] : [])) : []))[0];
  const sql = keysetPageSql(keyset, primary?.record ?? null);
  const rows = await runPrepared<{ j: Record<string, unknown> | null; _id: string; _k: unknown[] }>(w.ctx.em, statementName(sql), sql, [w.ctx.agencyId, w.ctx.principal.subject, ...keyset.params]);
  const page = rows.slice(0, keyset.first);
  const found = new Map<string, Record<string, unknown>>();
  for (const r of page) if (r.j) found.set(r._id, r.j);
  return { ids: page.map((r) => r._id), keys: page.map((r) => r._k), hasNextPage: rows.length > keyset.first, found, primary };
}

/** A page: its keys and first node selection read by one statement, any other node selection by ids. */
async function walkConnection(w: Walk, plan: ConnectionPlan, shape: ConnectionShape<{ id: string }>, path: Array<string | number>): Promise<Walked> {
  const keyset = (shape as unknown as Record<symbol, KeysetPage>)[KEYSET_PAGE]!;
  const page = await loadPage(w, plan, keyset);
  const ids = `{${page.ids.join(',')}}`;
  const read = async (st: Statement): Promise<Map<string, Record<string, unknown>>> => {
    if (st === page.primary) return page.found;
    if (!page.ids.length) return new Map();
    const rows = await runPrepared<CompiledRow>(w.ctx.em, st.name, st.sql, [w.ctx.agencyId, w.ctx.principal.subject, ids]);
    return new Map(rows.map((r) => [r.j._i as string, r.j]));
  };
  const cursorAt = (i: number) => keyset.cursor(page.keys[i]!);
  // Cursors are sealed only when selected.
  const pageInfo: Record<string, unknown> = {
    hasNextPage: page.hasNextPage,
    hasPreviousPage: keyset.hasPreviousPage,
    get startCursor() {
      return page.ids.length ? cursorAt(0) : null;
    },
    get endCursor() {
      return page.ids.length ? cursorAt(page.ids.length - 1) : null;
    },
  };
  const out: Record<string, unknown> = {};
  const typeName = plan.type.name;
  for (const f of plan.fields) {
    const fieldPath = [...path, f.key];
    let value: unknown;
    let object: (v: unknown, p: Array<string | number>) => Promise<Walked> = async (v) => v;
    switch (f.kind) {
      case 'TYPENAME':
        out[f.key] = typeName;
        continue;
      case 'TOTAL_COUNT':
        value = await shape.totalCount;
        break;
      case 'PAGE_INFO': {
        value = Object.fromEntries(f.plain.fields.map((pf) => [pf.name, pageInfo[pf.name]] as const));
        object = (v, p) => walkPlain(w, f.plain, v as Record<string, unknown>, p);
        break;
      }
      case 'NODES': {
        const found = await read(f.statement);
        // A record the page listed but the statement no longer sees (changed in between) is null, as a loader miss would be.
        value = page.ids.map((id) => found.get(id) ?? null);
        object = (v, p) => walkObject(w, f.statement.plan, v as Record<string, unknown>, p);
        break;
      }
      case 'EDGES': {
        const reads = await Promise.all(f.edge.map(async (e) => (e.kind === 'NODE' ? read(e.statement) : null)));
        value = page.ids.map((id, i) => {
          const item: Record<string, unknown> = {};
          for (const [j, e] of f.edge.entries()) {
            if (e.kind === 'TYPENAME') item[e.key] = f.edgeType.name;
            else if (e.kind === 'CURSOR') item[e.key] = cursorAt(i);
            else item[e.key] = reads[j]!.get(id) ?? null;
          }
          return item;
        });
        object = async (v, p) => {
          const item = v as Record<string, unknown>;
          const done: Record<string, unknown> = {};
          for (const e of f.edge) {
            const c = await complete(w, e.returnType, item[e.key], e.nodes, [...p, e.key], f.edgeType.name, e.name,
              e.kind === 'NODE' ? (nv, np) => walkObject(w, e.statement.plan, nv as Record<string, unknown>, np) : async (nv) => nv);
            if (c === BUBBLE) return BUBBLE;
            done[e.key] = c;
          }
          return done;
        };
        break;
      }
    }
    const done = await complete(w, f.returnType, value, f.nodes, fieldPath, typeName, f.name, object);
    if (done === BUBBLE) return BUBBLE;
    out[f.key] = done;
  }
  return out;
}

export function compiledReadsEnabled(): boolean {
  return process.env.HUB_COMPILED_READS !== 'off';
}

/** The response for a query operation through compiled SQL, or null when some root field needs the resolvers. */
export async function compiledResponse(req: CompiledReadRequest): Promise<FormattedExecutionResult | null> {
  const state = { executing: false };
  try {
    return await compile(req, state);
  } catch (err) {
    // Before anything is read or audited, a selection the compiler mishandles goes to the resolvers.
    if (!state.executing) {
      req.ctx.log.warn({ err }, 'compiled read refused; resolving instead');
      return null;
    }
    throw err;
  }
}

async function compile(req: CompiledReadRequest, state: { executing: boolean }): Promise<FormattedExecutionResult | null> {
  const { operation, schema, ctx } = req;
  if (!compiledReadsEnabled() || operation.operation !== 'query') return null;
  const queryType = schema.getQueryType();
  if (!queryType) return null;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of req.document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], req.variables ?? {});
  if (coerced.errors) return null;
  const variables = coerced.coerced;
  const b: BuildContext = { schema, storage: ctx.em.getMetadata(), roles: ctx.principal.roles, fragments, variables, aliasCount: 0 };
  const roots: RootPlan[] = [];
  const rolesKey = [...ctx.principal.roles].sort().join(',');
  const docKey = createHash('sha256').update(req.source).digest('hex').slice(0, 24);
  // Directives that read variables change the shape: the variables are part of the cache key then.
  const shapeKey = req.source.includes('@') ? `:${JSON.stringify(variables)}` : '';
  const statement = (plan: ObjectPlan, sqlOf: typeof recordByIdSql): Statement => {
    const sql = sqlOf({ storage: b.storage, roles: ctx.principal.roles, n: 0 }, plan);
    const record = sqlOf === recordsByIdsSql ? pageRecordSql({ storage: b.storage, roles: ctx.principal.roles, n: 0 }, plan) : undefined;
    return { sql, plan, record, name: statementName(sql) };
  };
  const cached = <T extends Statement | ConnectionPlan>(cacheKey: string, build: () => T | null): T | null => {
    let hit = planCache.get(cacheKey);
    if (hit === undefined) {
      hit = build();
      if (planCache.size >= PLAN_CACHE_LIMIT) planCache.delete(planCache.keys().next().value!);
      planCache.set(cacheKey, hit);
    }
    return hit as T | null;
  };
  for (const [key, nodes] of collectFields(b, queryType, [operation.selectionSet])) {
    const name = nodes[0]!.name.value;
    if (name === '__typename') {
      roots.push({ key, kind: 'TYPENAME', nodes });
      continue;
    }
    if (nodes.length !== 1) return null;
    const baseKey = `${rolesKey}|${docKey}|${operation.name?.value ?? ''}|${key}${shapeKey}`;
    if (name !== 'node') {
      const connection = cached(baseKey, () => planConnection(b, queryType.getFields()[name]?.type, nodes, statement));
      if (!connection) return null;
      roots.push({ key, kind: 'CONNECTION', nodes, connection });
      continue;
    }
    const args = getArgumentValues(queryType.getFields().node!, nodes[0]!, variables);
    const decoded = typeof args.id === 'string' ? fromGlobalId(args.id) : null;
    const cls = decoded && nodeTypeNamed(decoded.type);
    const type = cls && schema.getType(decoded.type);
    if (!decoded || !cls || !type || !isObjectType(type)) {
      roots.push({ key, kind: 'NODE', nodes, plan: null });
      continue;
    }
    const hit = cached<Statement>(`${baseKey}|${decoded.type}`, () => {
      const plan = planObject(b, type, nodes[0]!.selectionSet ? [nodes[0]!.selectionSet] : []);
      return plan && statement(plan, recordByIdSql);
    });
    if (!hit) return null;
    roots.push({ key, kind: 'NODE', nodes, plan: hit.plan, sql: hit.sql, statementName: hit.name, recordId: decoded.id });
  }
  if (!roots.some((r) => r.kind !== 'TYPENAME')) return null;

  // Connection roots run their resolver first (filters, row scope, keyset paging stay where they are
  // declared); a resolver that does not page through `paginate` hands the whole request back to the
  // resolver path before anything is audited or answered.
  const pages = new Map<RootPlan, ConnectionShape<{ id: string }>>();
  for (const root of roots) {
    if (root.kind !== 'CONNECTION') continue;
    const field = queryType.getFields()[root.nodes[0]!.name.value]!;
    const info = { fieldName: field.name, fieldNodes: root.nodes, returnType: field.type, parentType: queryType, path: { prev: undefined, key: root.key, typename: queryType.name }, schema, fragments, rootValue: undefined, operation, variableValues: variables };
    try {
      const args = getArgumentValues(field, root.nodes[0]!, variables);
      const page = (await withCompiledPage(ctx, async () => field.resolve!(undefined, args, ctx, info as never))) as ConnectionShape<{ id: string }> | null;
      if (!page || !(COMPILED_PAGE in page)) {
        ctx.em.clear();
        return null;
      }
      pages.set(root, page);
    } catch {
      // Errors (refused arguments, bad cursors) are the resolver path's to report, with its messages.
      ctx.em.clear();
      return null;
    }
  }

  state.executing = true;
  const w = new Walk(ctx);
  const data: Record<string, unknown> = {};
  for (const root of roots) {
    if (root.kind === 'TYPENAME') {
      data[root.key] = queryType.name;
      continue;
    }
    if (root.kind === 'NODE' && !root.plan) {
      data[root.key] = null;
      continue;
    }
    // The request deadline, as the resolver path checks it before each field.
    if (Date.now() > ctx.deadline) {
      const { message, extensions } = unavailableError(unavailable('REQUEST_TIMEOUT'));
      w.fail(new GraphQLError(message, { extensions }), root.nodes, [root.key]);
      data[root.key] = null;
      continue;
    }
    try {
      if (root.kind === 'CONNECTION') {
        const done = await walkConnection(w, root.connection!, pages.get(root)!, [root.key]);
        data[root.key] = done === BUBBLE ? null : done;
        continue;
      }
      const rows = await runPrepared<CompiledRow>(ctx.em, root.statementName!, root.sql!, [ctx.agencyId, ctx.principal.subject, root.recordId]);
      const done = rows[0] ? await walkObject(w, root.plan!, rows[0].j, [root.key]) : null;
      data[root.key] = done === BUBBLE ? null : done;
    } catch (err) {
      w.fail(err instanceof Error ? err : new Error(String(err)), root.nodes, [root.key]);
      data[root.key] = null;
    }
  }
  stats.served++;
  const result: FormattedExecutionResult = { data };
  if (w.errors.length) {
    // As Apollo formats execution errors: a code on every error, then the hub's formatError.
    result.errors = w.errors.map(({ error }) => {
      const json = error.toJSON();
      return req.format({ ...json, extensions: { ...(json.extensions ?? {}), code: json.extensions?.code ?? 'INTERNAL_SERVER_ERROR' } }, error);
    });
  }
  return result;
}

const stats = { served: 0 };
/** How many operations the compiled path answered (tests check it was used, not bypassed). */
export function compiledReadStats(): { served: number; cachedPlans: number } {
  return { served: stats.served, cachedPlans: planCache.size };
}
