import { getNamedType, isInterfaceType, isLeafType, isObjectType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { startTestHub, type TestHub } from '../support/hub';
import { buildHubSchema } from '../../src/server/graphql/schema';
import { schemaForRoles } from '../../src/access/role-schema';
import { PERSONAS } from '../../src/server/personas';
import { toGlobalId } from '../../src/server/graphql/global-id';
import { compiledReadStats } from '../../src/reads/execute';
import { lastCompileRefusal } from '../../src/reads/compile';

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

  // Cursors are sealed with a fresh nonce each time: compared by presence here (paging through them is
  // test/server/cursor-paging.test.ts's, which runs compiled).
  const unseal = (r: unknown) => JSON.parse(JSON.stringify(r).replace(/"(startCursor|endCursor|cursor)":"[^"]*"/g, '"$1":"…"'));

  async function run(persona: string, query: string, variables: Record<string, unknown>, compiled: boolean) {
    process.env.HUB_COMPILED_READS = compiled ? 'on' : 'off';
    const [{ seq }] = await sql<{ seq: string }>('select coalesce(max(seq), 0)::text as seq from audit_event');
    const res = await t.http<any>(persona, query, variables);
    const audit = await sql<{ record_type: string; record_id: string; child_ids: string[]; fields: string[]; action: string; records: Array<{ recordType: string; recordId: string; childIds: string[] }> | null }>(
      'select action, record_type, record_id, child_ids, fields, records from audit_event where seq > ? order by action, record_type, record_id', [seq]);
    // A READ row lists its records in the order they were read, which differs between the two executions.
    const key = (r: { recordType: string; recordId: string }) => `${r.recordType}:${r.recordId}`;
    const records = (rs: Array<{ recordType: string; recordId: string; childIds: string[] }> | null) => rs && [...rs].map((r) => ({ ...r, childIds: [...r.childIds].sort() })).sort((a, b) => key(a).localeCompare(key(b)));
    return { status: res.status, data: res.body.data, errors: (res.body.errors ?? []).map((e) => JSON.stringify(e)).sort(), audit: audit.map((a) => ({ ...a, child_ids: [...a.child_ids].sort(), records: records(a.records) })) };
  }

  it('for every Node type, persona and sample record', async () => {
    const node = full.getType('Node');
    if (!isInterfaceType(node)) throw new Error('no Node interface');
    const types = full.getImplementations(node).objects;
    let compared = 0;
    const refusals = new Map<string, number>();
    const before = compiledReadStats().served;
    for (const type of types) {
      const table = t.orm.getMetadata().getAll() as unknown as Map<string, { className: string; tableName: string }>;
      const meta = [...table.values()].find((m) => m.className === type.name);
      if (!meta) continue;
      const ids = (await sql<{ id: string }>(`select id from "${meta.tableName}" order by id limit 1`)).map((r) => r.id);
      for (const persona of PERSONAS) {
        if (persona.name === 'case-system') continue; // trusted documents only
        const schema = schemaForRoles(full, persona.claims.roles);
        const own = schema.getType(type.name);
        if (!own || !isObjectType(own)) continue;
        const query = `query Compare($id: ID!) { node(id: $id) { id ... on ${type.name} { ${selection(schema, own, 2)} } } }`;
        for (const id of ids) {
          const variables = { id: toGlobalId(type.name, id) };
          const resolved = await run(persona.name, query, variables, false);
          const served = compiledReadStats().served;
          const compiledRes = await run(persona.name, query, variables, true);
          if (compiledReadStats().served === served) refusals.set(lastCompileRefusal(), (refusals.get(lastCompileRefusal()) ?? 0) + 1);
          expect({ type: type.name, persona: persona.name, ...compiledRes }).toEqual({ type: type.name, persona: persona.name, ...resolved });
          compared++;
        }
      }
    }
    if (process.env.SHOW_REFUSALS) console.log([...refusals].sort((a, b) => b[1] - a[1]).map(([r, n]) => `${n} ${r}`).join('\n'));
    expect(compared).toBeGreaterThan(100);
    // Some of them must actually have been compiled, or this test compares the resolvers with themselves.
    // Depth-2 selections reach fields whose resolvers need the request (they fall back, whole); the
    // benchmark-shape test below asserts the common shapes compile.
    expect(compiledReadStats().served - before).toBeGreaterThan(compared / 10);
  }, 600_000);

  it('for every list (connection) root field without required arguments, as every persona', async () => {
    let compared = 0;
    const before = compiledReadStats().served;
    for (const persona of PERSONAS) {
      if (persona.name === 'case-system') continue;
      const schema = schemaForRoles(full, persona.claims.roles);
      for (const field of Object.values(schema.getQueryType()!.getFields())) {
        const type = getNamedType(field.type);
        if (!isObjectType(type) || !type.name.endsWith('Connection') || field.args.some((a) => a.type.toString().endsWith('!'))) continue;
        const node = getNamedType(type.getFields().nodes!.type) as GraphQLObjectType;
        const first = field.args.some((a) => a.name === 'first') ? '(first: 3)' : '';
        const query = `query List${compared} { page: ${field.name}${first} { __typename totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } } nodes { ${selection(schema, node, 1)} } } }`;
        const resolved = await run(persona.name, query, {}, false);
        const compiledRes = await run(persona.name, query, {}, true);
        expect({ field: field.name, persona: persona.name, ...unseal(compiledRes) }).toEqual({ field: field.name, persona: persona.name, ...unseal(resolved) });
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(30);
    expect(compiledReadStats().served - before).toBeGreaterThan(compared / 4);
  }, 600_000);

  it('the benchmark shapes (child profile, strategy discussion, worklist, export page) are compiled and answer as the resolvers do', async () => {
    const [child] = await sql<{ id: string }>(`select d.child_id as id from strategy_discussion d join agency_contribution c on c.discussion_id = d.id group by d.child_id order by count(*) desc, d.child_id limit 1`);
    const [discussion] = await sql<{ id: string }>(`select discussion_id as id from agency_contribution group by discussion_id order by count(*) desc, discussion_id limit 1`);
    const shapes: Array<[string, string, string, Record<string, unknown>]> = [
      ['child profile', 'social-worker', `query ChildProfile($id: ID!) { node(id: $id) { ... on Child { recordId familyName dateOfBirth
        identifiers { recordId type value } referrals { recordId referralDate primaryNeed assessments { recordId startDate } }
        childProtectionPlans { recordId startDate category coreGroupMeetings { recordId meetingDate } }
        strategyDiscussions { recordId heldAt format decision isMultiAgency participants { recordId status agency { name } } contributions { recordId summary contributingAgency { name } } }
        healthAssessments { recordId type dueBy completedAt } exploitationScreenings { recordId screenedAt level }
        missingEpisodes { recordId startAt endAt returnHomeInterview { recordId status offeredAt } } } } }`, { id: toGlobalId('Child', child!.id) }],
      ['strategy discussion', 'social-worker', `query StrategyDiscussion($id: ID!) { node(id: $id) { ... on StrategyDiscussion { recordId heldAt format decision decisionRationale isMultiAgency
        child { recordId familyName dateOfBirth } participants { recordId status role practitionerName agency { name } }
        contributions { recordId agencyKind contributorName contributorRole summary contributingAgency { name } } } } }`, { id: toGlobalId('StrategyDiscussion', discussion!.id) }],
      ['worklist', 'team-manager', `query OverdueHealth($asOf: LocalDate!) { overdueHealthAssessments(first: 25, asOf: $asOf) { nodes { recordId type dueBy requestedAt child { recordId familyName dateOfBirth } } pageInfo { endCursor hasNextPage } } }`, { asOf: '2026-11-01' }],
      ['export page', 'social-worker', `query ExportPage($after: String) { children(first: 100, after: $after) { nodes { recordId familyName givenName dateOfBirth sex ethnicity identifiers { recordId type value } } pageInfo { hasNextPage } } }`, {}],
    ];
    for (const [name, persona, query, variables] of shapes) {
      const resolved = await run(persona, query, variables, false);
      const served = compiledReadStats().served;
      const compiledRes = await run(persona, query, variables, true);
      expect({ name, compiled: compiledReadStats().served - served, refusal: compiledReadStats().served > served ? '' : lastCompileRefusal() }).toEqual({ name, compiled: 1, refusal: '' });
      expect(unseal(compiledRes)).toEqual(unseal(resolved));
      expect(JSON.stringify(resolved.data).length).toBeGreaterThan(200);
    }
  }, 120_000);
  it('a list root is ONE statement: its keys and records read together, a page boundary followed exactly', async () => {
    process.env.HUB_COMPILED_READS = 'on';
    // Every statement the request sends goes to MikroORM's query log (prepared ones too: src/db/prepared.ts).
    const logger = t.orm.config.getLogger();
    const logQuery = logger.logQuery.bind(logger);
    let sent: string[] = [];
    logger.logQuery = (context) => {
      sent.push(context.query ?? "");
      logQuery(context);
    };
    try {
      const query = `query Page($after: String) { children(first: 3, after: $after) { nodes { recordId familyName referrals { recordId } } pageInfo { endCursor hasNextPage } } }`;
      const pages: string[][] = [];
      let after: string | undefined;
      for (let i = 0; i < 3; i++) {
        sent = [];
        const res = await t.http<any>('social-worker', query, after ? { after } : {});
        expect(res.body.errors).toBeUndefined();
        const conn = res.body.data.children;
        pages.push(conn.nodes.map((n: { recordId: string }) => n.recordId));
        // Reads of the list's tables: one statement (the settings, the audit append, begin and commit aside).
        // Reads inside the request's transaction: one statement (the settings and the audit append aside).
        const inTransaction = sent.slice(sent.findIndex((q) => /^start transaction/i.test(q)), sent.findIndex((q) => /^commit/i.test(q)));
        // The audit sealer's tick (every 2 s, on the same ORM and its logger) is not the request's: left out.
        const reads = inTransaction.filter((q) => /^\s*select\b/i.test(q) && !/set_config|hub_append_audit|hub_seal_audit/.test(q));
        expect({ page: i, reads: reads.length, keysetInside: /from \(select "k"\./.test(reads[0] ?? '') }).toEqual({ page: i, reads: 1, keysetInside: true });
        expect(conn.pageInfo.hasNextPage).toBe(true);
        after = conn.pageInfo.endCursor;
      }
      // The pages follow each other as the resolver path pages them.
      process.env.HUB_COMPILED_READS = 'off';
      const resolved = await t.http<any>('social-worker', `{ children(first: 9) { nodes { recordId } } }`, {});
      expect(pages.flat()).toEqual(resolved.body.data.children.nodes.map((n: { recordId: string }) => n.recordId));
    } finally {
      logger.logQuery = logQuery;
    }
  });
});
