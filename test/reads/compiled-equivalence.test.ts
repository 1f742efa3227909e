import { getNamedType, isInterfaceType, isLeafType, isObjectType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { startTestHub, type TestHub } from '../support/hub';
import { buildHubSchema } from '../../src/server/graphql/schema';
import { schemaForRoles } from '../../src/access/role-schema';
import { PERSONAS } from '../../src/server/personas';
import { toGlobalId } from '../../src/server/graphql/global-id';
import { compiledReadStats } from '../../src/reads/execute';

/**
 * The compiled read path (src/reads) must answer exactly as the resolver path: for EVERY record type
 * reachable through `node(id:)`, as EVERY persona, a document generated mechanically from that persona's
 * own schema (every field without arguments, relations two levels down) gets the same data, the same
 * errors at the same paths and the same audit rows whether it is compiled or resolved. Records come from
 * the demo, so involved, uninvolved and owned records are all exercised.
 */
describe('compiled reads answer as the resolvers do', () => {
  let t: TestHub;
  let full: GraphQLSchema;
  const sql = <T = Record<string, unknown>>(q: string, params: unknown[] = []) => t.orm.em.fork().execute<T[]>(q, params);

  beforeAll(async () => {
    t = await startTestHub();
    full = await buildHubSchema();
  });
  afterAll(async () => {
    delete process.env.HUB_COMPILED_READS;
    await t.close();
  });

  function selection(schema: GraphQLSchema, type: GraphQLObjectType, depth: number): string {
    const parts = ['__typename'];
    for (const f of Object.values(type.getFields())) {
      if (f.args.length) continue;
      const named = getNamedType(f.type);
      if (isLeafType(named)) parts.push(f.name);
      else if (depth > 0 && isObjectType(named) && !named.name.endsWith('Connection')) {
        const inner = selection(schema, named, depth - 1);
        parts.push(`${f.name} { ${inner} }`);
      }
    }
    return parts.join(' ');
  }

  async function run(persona: string, query: string, variables: Record<string, unknown>, compiled: boolean) {
    process.env.HUB_COMPILED_READS = compiled ? 'on' : 'off';
    const [{ seq }] = await sql<{ seq: string }>('select coalesce(max(seq), 0)::text as seq from audit_event');
    const res = await t.http<any>(persona, query, variables);
    const audit = await sql<{ record_type: string; record_id: string; child_ids: string[]; fields: string[]; action: string }>(
      'select action, record_type, record_id, child_ids, fields from audit_event where seq > ? order by record_type, record_id', [seq]);
    return { status: res.status, data: res.body.data, errors: (res.body.errors ?? []).map((e) => JSON.stringify(e)).sort(), audit: audit.map((a) => ({ ...a, child_ids: [...a.child_ids].sort() })) };
  }

  it('for every Node type, persona and sample record', async () => {
    const node = full.getType('Node');
    if (!isInterfaceType(node)) throw new Error('no Node interface');
    const types = full.getImplementations(node).objects;
    let compared = 0;
    const before = compiledReadStats().served;
    for (const type of types) {
      const table = t.orm.getMetadata().getAll() as unknown as Map<string, { className: string; tableName: string }>;
      const meta = [...table.values()].find((m) => m.className === type.name);
      if (!meta) continue;
      const ids = (await sql<{ id: string }>(`select id from "${meta.tableName}" order by id limit 3`)).map((r) => r.id);
      for (const persona of PERSONAS) {
        if (persona.name === 'case-system') continue; // trusted documents only
        const schema = schemaForRoles(full, persona.claims.roles);
        const own = schema.getType(type.name);
        if (!own || !isObjectType(own)) continue;
        const query = `query Compare($id: ID!) { node(id: $id) { id ... on ${type.name} { ${selection(schema, own, 2)} } } }`;
        for (const id of ids) {
          const variables = { id: toGlobalId(type.name, id) };
          const resolved = await run(persona.name, query, variables, false);
          const compiledRes = await run(persona.name, query, variables, true);
          expect({ type: type.name, persona: persona.name, ...compiledRes }).toEqual({ type: type.name, persona: persona.name, ...resolved });
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
    // Some of them must actually have been compiled, or this test compares the resolvers with themselves.
    expect(compiledReadStats().served - before).toBeGreaterThan(compared / 4);
  }, 600_000);
});
