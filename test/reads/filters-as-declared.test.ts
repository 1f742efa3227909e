import { getNamedType, isEnumType, isInputObjectType, isNonNullType, isObjectType, isScalarType, type GraphQLField, type GraphQLInputField, type GraphQLArgument, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { startTestHub, personaPrincipal, type TestHub } from '../support/hub';
import { buildHubSchema } from '../../src/server/graphql/schema';
import { readsOf, schemaForRoles } from '../../src/access/role-schema';
import type { Condition } from '../../src/access/input-declarations';
import { PERSONAS } from '../../src/server/personas';

/**
 * Every list filter does what its declaration says (issue 11: "one declaration per record type ... from
 * which the filter arguments are derived"). The walk is mechanical: each connection query, each filter
 * reachable from its arguments that carries conditions; the expected rows are the unfiltered list
 * filtered in JavaScript by the declared conditions on the output fields they name, and the hub's answer
 * must be exactly those rows. A filter whose SQL drifted from its declaration (or a declaration that names
 * the wrong field) fails here.
 */

interface FilterCase {
  list: string;
  /** Argument name, and the input field inside it when the filter sits in an input object. */
  arg: string;
  inner?: string;
  type: string;
  conditions: Condition[];
}

const PAGE = 100;

function connectionFields(schema: GraphQLSchema): GraphQLField<unknown, unknown>[] {
  return Object.values(schema.getQueryType()!.getFields()).filter((f) => {
    const named = getNamedType(f.type);
    return isObjectType(named) && named.name.endsWith('Connection') && !!named.getFields().nodes && !f.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined);
  });
}

function filterCases(field: GraphQLField<unknown, unknown>): FilterCase[] {
  const out: FilterCase[] = [];
  const add = (value: GraphQLArgument | GraphQLInputField, arg: string, inner?: string) => {
    const r = readsOf(value);
    const conditions = r && r.kind !== 'perValue' ? r.conditions : undefined;
    if (conditions) out.push({ list: field.name, arg, inner, type: value.type.toString(), conditions });
  };
  for (const a of field.args) {
    const named = getNamedType(a.type);
    if (isInputObjectType(named)) for (const f of Object.values(named.getFields())) add(f, a.name, f.name);
    else add(a, a.name);
  }
  return out;
}

/** The selection that reads a condition's output field: a scalar as is, a record by the property's last segment (or id). */
function selectionOf(node: GraphQLObjectType, c: Condition): { select: string; read: (n: Record<string, unknown>) => unknown } | null {
  const def = node.getFields()[c.field];
  if (!def) return null;
  const named = getNamedType(def.type);
  if (isScalarType(named) || isEnumType(named)) {
    // A scalar output field stands for the property only when it is that property (not `isUnborn` for dateOfBirth).
    if (c.property && c.property !== c.field) {
      if (c.op !== 'existsWhen') return null;
    }
    return { select: c.field, read: (n) => n[c.field] };
  }
  if (!isObjectType(named)) return null;
  const sub = c.property?.includes('.') ? c.property.split('.').at(-1)! : 'id';
  if (!named.getFields()[sub]) return null;
  return { select: `${c.field} { ${sub} }`, read: (n) => (n[c.field] as Record<string, unknown> | null)?.[sub] ?? null };
}

/** Does an output value satisfy a condition with the filter's value? (The declared semantics, in JavaScript.) */
function holds(c: Condition, out: unknown, value: unknown): boolean {
  const cmp = (a: unknown, b: unknown) => String(a).localeCompare(String(b));
  const comparable = (v: unknown) => (typeof v === 'string' && typeof value === 'string' && value.length === 10 && v.length > 10 ? v.slice(0, 10) : v);
  switch (c.op) {
    case 'eq':
    case 'id':
      return out === value;
    case 'in':
      return (value as unknown[]).includes(out);
    case 'gte':
      return out != null && cmp(comparable(out), value) >= 0;
    case 'gt':
      return out != null && cmp(comparable(out), value) > 0;
    case 'lte':
      return out != null && cmp(comparable(out), value) <= 0;
    case 'lt':
      return out != null && cmp(comparable(out), value) < 0;
    case 'nullOrGte':
      return out == null || cmp(comparable(out), value) >= 0;
    case 'contains':
      return Array.isArray(out) && out.includes(value);
    case 'prefix':
      return typeof out === 'string' && out.toLowerCase().startsWith(String(value).trim().toLowerCase());
    case 'nullWhen':
      return (value === c.when) === (out == null);
    case 'existsWhen':
      return (value === c.when) === (out != null);
    case 'is':
      return c.value === null ? out == null : out === c.value;
  }
}

/** A filter value taken from the data, so the filter selects some rows (and, for ranges, not all). */
function valueFor(c: Condition, outs: unknown[], type: string): unknown {
  const present = outs.filter((v) => v != null && !(Array.isArray(v) && !v.length));
  const date = type.startsWith('LocalDate');
  const at = (v: unknown) => (date && typeof v === 'string' ? v.slice(0, 10) : v);
  switch (c.op) {
    case 'nullWhen':
    case 'existsWhen':
      return c.when;
    case 'in':
      return present.length ? [present[0]] : undefined;
    case 'contains':
      return (present[0] as unknown[] | undefined)?.[0];
    case 'prefix':
      return typeof present[0] === 'string' ? present[0].slice(0, 2) : undefined;
    case 'gte':
    case 'gt':
    case 'lte':
    case 'lt':
    case 'nullOrGte': {
      const sorted = present.map((v) => String(v)).sort();
      return sorted.length ? at(sorted[Math.floor(sorted.length / 2)]) : undefined;
    }
    case 'eq':
    case 'id':
      if (type.startsWith('Boolean')) return present.includes(true) ? true : present[0];
      return present[0];
    case 'is':
      return c.value;
  }
}

describe('list filters do what they declare', () => {
  let t: TestHub;
  let full: GraphQLSchema;
  beforeAll(async () => {
    t = await startTestHub();
    full = await buildHubSchema();
  }, 120_000);
  afterAll(() => t.close());

  it('every filter of every list, as the persona that sees most of that list', async () => {
    const personas = PERSONAS.filter((p) => !p.claims.azp).map((p) => p.name);
    const schemas = new Map(personas.map((p) => [p, schemaForRoles(full, personaPrincipal(p).roles)]));
    // One unfiltered page per list and persona, with every field some condition of the list reads (as
    // JSON, as a client receives it); null when the persona sees more than a page.
    const pages = new Map<string, Promise<Record<string, unknown>[] | null>>();
    const unfiltered = (persona: string, list: string, nodeType: GraphQLObjectType) => {
      const key = `${persona}|${list}`;
      if (!pages.has(key)) {
        const fields = [...new Set(filterCases(full.getQueryType()!.getFields()[list]!).flatMap((fc) => fc.conditions.map((c) => selectionOf(nodeType, c)?.select).filter((x): x is string => !!x)))];
        pages.set(key, t.gql(persona, `{ ${list}(first: ${PAGE}) { pageInfo { hasNextPage } nodes { id ${fields.join(' ')} } } }`).then((res) => {
          const data = (JSON.parse(JSON.stringify(res.data ?? null)) as Record<string, { pageInfo: { hasNextPage: boolean }; nodes: Record<string, unknown>[] }> | null)?.[list];
          return res.errors || !data || data.pageInfo.hasNextPage ? null : data.nodes;
        }));
      }
      return pages.get(key)!;
    };
    const checked: string[] = [];
    const unchecked: string[] = [];
    const wrong: string[] = [];
    let narrowed = 0;
    for (const field of connectionFields(full)) {
      const cases = filterCases(field);
      if (!cases.length) continue;
      const node = getNamedType(getNamedType(field.type) && (getNamedType(field.type) as GraphQLObjectType).getFields().nodes!.type) as GraphQLObjectType;
      for (const fc of cases) {
        const name = `${fc.list}(${fc.inner ? `${fc.arg}.${fc.inner}` : fc.arg})`;
        const sels = fc.conditions.map((c) => selectionOf(node, c));
        if (sels.some((s) => !s)) {
          unchecked.push(`${name}: a condition's output field cannot be read back`);
          continue;
        }
        // The persona whose role schema offers the filter and who sees most of the unfiltered list.
        let best: { persona: string; nodes: Record<string, unknown>[] } | null = null;
        for (const persona of personas) {
          const schema = schemas.get(persona)!;
          const rootField = schema.getQueryType()?.getFields()[fc.list];
          if (!rootField) continue;
          const arg = rootField.args.find((a) => a.name === fc.arg);
          const argType = arg && getNamedType(arg.type);
          if (!arg || (fc.inner && !(isInputObjectType(argType) && argType.getFields()[fc.inner]))) continue;
          const nodeType = getNamedType((getNamedType(rootField.type) as GraphQLObjectType).getFields().nodes!.type) as GraphQLObjectType;
          if (fc.conditions.some((c) => !nodeType.getFields()[c.field])) continue;
          const nodes = await unfiltered(persona, fc.list, nodeType);
          if (nodes && (!best || nodes.length > best.nodes.length)) best = { persona, nodes };
        }
        if (!best || !best.nodes.length) {
          unchecked.push(`${name}: no persona sees a whole page of rows`);
          continue;
        }
        const first = fc.conditions[0]!;
        const value = valueFor(first, best.nodes.map((n) => sels[0]!.read(n)), fc.type);
        if (value === undefined) {
          unchecked.push(`${name}: no value in the data`);
          continue;
        }
        const expected = best.nodes.filter((n) => fc.conditions.every((c, i) => holds(c, sels[i]!.read(n), value))).map((n) => n.id as string).sort();
        const args = fc.inner ? `${fc.arg}: { ${fc.inner}: $v }` : `${fc.arg}: $v`;
        const res = await t.gql(best.persona, `query($v: ${fc.type}) { ${fc.list}(first: ${PAGE}, ${args}) { nodes { id } } }`, { v: value });
        if (res.errors) {
          wrong.push(`${name} as ${best.persona} with ${JSON.stringify(value)}: ${res.errors.map((e) => e.message).join('; ')}`);
          continue;
        }
        const got = ((res.data as Record<string, { nodes: { id: string }[] }>)[fc.list]!.nodes.map((n) => n.id)).sort();
        if (JSON.stringify(got) !== JSON.stringify(expected)) wrong.push(`${name} as ${best.persona} with ${JSON.stringify(value)}: ${got.length} rows, declared ${expected.length}`);
        if (expected.length < best.nodes.length) narrowed++;
        checked.push(name);
      }
    }
    if (process.env.SHOW_FILTER_CASES) console.log({ checked, unchecked, narrowed });
    expect(wrong).toEqual([]);
    // Not vacuous: most filters were tried against data, and most of those narrowed the list.
    expect(checked.length).toBeGreaterThanOrEqual(60);
    expect(narrowed).toBeGreaterThanOrEqual(checked.length / 2);
    expect(unchecked.length).toBeLessThanOrEqual(checked.length / 4);
  }, 300_000);

  it('a filter reading several fields is offered only to roles that can read every one of them', () => {
    const filter = full.getType('HealthAssessmentFilter');
    const overdue = isInputObjectType(filter) ? readsOf(filter.getFields().overdueOn!) : undefined;
    expect(overdue).toEqual(expect.objectContaining({ kind: 'field', type: 'HealthAssessment', field: 'dueBy', more: expect.arrayContaining([expect.objectContaining({ field: 'completedAt' }), expect.objectContaining({ field: 'declined' })]) }));
  });
});
