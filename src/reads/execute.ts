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
  isObjectType,
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
import { collectFields, planObject, recordByIdSql, type BuildContext, type FieldPlan, type ObjectPlan, type PlainPlan } from './compile';

/**
 * Runs a query operation through compiled SQL (./compile.ts) when every root field of it compiles, and
 * answers exactly as the resolver path would: the same data, the same errors at the same paths (the field
 * guard's FORBIDDEN, the nested-list limit, GraphQL's non-null propagation), the same read audit (one
 * event per record naming its children and the fields returned). Returns null to let the resolvers run.
 */

type Formatter = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

interface RootPlan {
  key: string;
  kind: 'TYPENAME' | 'NODE';
  nodes: FieldNode[];
  /** NODE: the record's plan and statement; null when the id names nothing `node` can load. */
  plan?: ObjectPlan | null;
  sql?: string;
  statementName?: string;
  recordId?: string;
}

const BUBBLE = Symbol('null propagates to the parent');
type Walked = unknown | typeof BUBBLE;

/** Compiled statements by document, operation, role set and root types; bounded so a flood of shapes cannot grow it. */
const planCache = new Map<string, { sql: string; name: string; plan: ObjectPlan } | null>();
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
  for (const f of plan.fields) {
    if (f.kind === 'TYPENAME') {
      out[f.key] = typeName;
      continue;
    }
    const fieldPath = [...path, f.key];
    if (f.gated && json._o === false) {
      w.fail(noInvolvementError(f.tier), f.nodes, fieldPath);
      const done = await complete(w, f.returnType, ERRORED, f.nodes, fieldPath, typeName, f.name, async () => null);
      if (done === BUBBLE) return BUBBLE;
      out[f.key] = null;
      continue;
    }
    // The field guard's read audit: every field returned from a child-level record.
    if (childIds && f.tier !== Classification.PUBLIC) w.ctx.audit.read(typeName, id, childIds, f.name);
    let value: unknown;
    let object: (v: unknown, p: Array<string | number>) => Promise<Walked> = async (v) => v;
    try {
      switch (f.kind) {
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
    if (done === BUBBLE) return BUBBLE;
    out[f.key] = done;
  }
  return out;
}

/** Runs a prepared statement on the request transaction: named, so each pooled connection parses and plans it once. */
async function runStatement(ctx: HubContext, name: string, text: string, params: unknown[]): Promise<Array<{ j: Record<string, unknown> }>> {
  const trx = ctx.em.getTransactionContext() as { executeQuery(q: unknown): Promise<{ rows: Array<{ j: Record<string, unknown> }> }> } | undefined;
  if (!trx) throw new Error('Compiled reads run inside the request transaction.');
  // pg takes a query config ({ name, text }) where Kysely passes the SQL text: a named prepared statement.
  const result = await trx.executeQuery({ sql: { name, text }, parameters: params, query: { kind: 'RawNode', sqlFragments: [text], parameters: [] }, queryId: { queryId: name } });
  return result.rows;
}

export function compiledReadsEnabled(): boolean {
  return process.env.HUB_COMPILED_READS !== 'off';
}

/** The response for a query operation through compiled SQL, or null when some root field needs the resolvers. */
export async function compiledResponse(req: CompiledReadRequest): Promise<FormattedExecutionResult | null> {
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
  for (const [key, nodes] of collectFields(b, queryType, [operation.selectionSet])) {
    const name = nodes[0]!.name.value;
    if (name === '__typename') {
      roots.push({ key, kind: 'TYPENAME', nodes });
      continue;
    }
    if (name !== 'node' || nodes.length !== 1) return null;
    const args = getArgumentValues(queryType.getFields().node!, nodes[0]!, variables);
    const decoded = typeof args.id === 'string' ? fromGlobalId(args.id) : null;
    const cls = decoded && nodeTypeNamed(decoded.type);
    const type = cls && schema.getType(decoded.type);
    if (!decoded || !cls || !type || !isObjectType(type)) {
      roots.push({ key, kind: 'NODE', nodes, plan: null });
      continue;
    }
    const cacheKey = `${rolesKey}|${docKey}|${operation.name?.value ?? ''}|${key}|${decoded.type}${shapeKey}`;
    let cached = planCache.get(cacheKey);
    if (cached === undefined) {
      const plan = planObject(b, type, nodes[0]!.selectionSet ? [nodes[0]!.selectionSet] : []);
      if (plan) {
        const sql = recordByIdSql({ storage: b.storage, roles: ctx.principal.roles, n: 0 }, plan);
        cached = { sql, plan, name: `hub_read_${createHash('sha256').update(sql).digest('hex').slice(0, 32)}` };
      } else cached = null;
      if (planCache.size >= PLAN_CACHE_LIMIT) planCache.delete(planCache.keys().next().value!);
      planCache.set(cacheKey, cached);
    }
    if (!cached) return null;
    roots.push({ key, kind: 'NODE', nodes, plan: cached.plan, sql: cached.sql, statementName: cached.name, recordId: decoded.id });
  }
  if (!roots.some((r) => r.kind === 'NODE')) return null;

  const w = new Walk(ctx);
  const data: Record<string, unknown> = {};
  for (const root of roots) {
    if (root.kind === 'TYPENAME') {
      data[root.key] = queryType.name;
      continue;
    }
    if (!root.plan) {
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
      const rows = await runStatement(ctx, root.statementName!, root.sql!, [ctx.agencyId, ctx.principal.subject, root.recordId]);
      const done = rows[0] ? await walkObject(w, root.plan, rows[0].j, [root.key]) : null;
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
