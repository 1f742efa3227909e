import fc from 'fast-check';
import { startTestHub, type TestHub } from '../support/hub';

/**
 * Random and malformed documents, variables and inputs through the real HTTP server (Fastify inject:
 * authentication, Apollo, plugins, status codes): never a 500, never a crash, and a refused write
 * leaves the tables as they were.
 */
jest.setTimeout(120_000);

const PERSONAS = ['social-worker', 'front-door', 'police-ppu', 'health-visitor', 'board-analyst'] as const;
const RUNS = 200;

describe('fuzzing the GraphQL endpoint over HTTP', () => {
  let t: TestHub;
  const counts = async () => (await t.orm.em.fork().execute(`select (select count(*) from child)::int as c, (select count(*) from child_identifier)::int as i, (select count(*) from child_address)::int as a, (select count(*) from child_disability)::int as d`))[0];
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(() => t.close());

  /** Posts a raw body; asserts the answer is a well-formed GraphQL response below 500, with codes on errors. */
  async function post(persona: string, payload: unknown): Promise<{ status: number; body: any }> {
    const token = await t.token(persona);
    const res = await t.hub.app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, payload: JSON.stringify(payload) });
    const body = res.json();
    if (res.statusCode >= 500) throw new Error(`HTTP ${res.statusCode} for ${JSON.stringify(payload).slice(0, 500)}: ${res.body.slice(0, 500)}`);
    for (const e of body.errors ?? []) {
      if (!e.extensions?.code || e.extensions.code === 'INTERNAL_SERVER_ERROR') throw new Error(`untyped error for ${JSON.stringify(payload).slice(0, 500)}: ${JSON.stringify(e)}`);
    }
    if (res.statusCode === 400) expect(body.data ?? undefined).toBeUndefined();
    return { status: res.statusCode, body };
  }

  const persona = fc.constantFrom(...PERSONAS);
  const VOCAB = ['{', '}', '(', ')', ':', '...', '@include(if: true)', '$v', 'query', 'mutation', 'children', 'first:', 'nodes', 'node(id: "x")', 'referrals', 'familyName', '-2147483648', '100000', '"2020-02-30"', '__typename', 'a:', 'fragment F on Child', '...F', 'on', 'Child', '"\\u0000"', 'null', '[', ']', '#', '"""'];
  const documents = fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.array(fc.constantFrom(...VOCAB), { maxLength: 60 }).map((parts) => parts.join(' ')),
    fc.tuple(fc.integer({ min: -3, max: 40 }), fc.integer({ min: 0, max: 80 })).map(([depth, aliases]) => `{ ${Array.from({ length: aliases }, (_, i) => `a${i}: `).join('children(first: 1) { nodes { familyName } } ')}children(first: ${depth}) { nodes { ${'referrals { contact { '.repeat(Math.max(0, depth % 8))}recordId${' } }'.repeat(Math.max(0, depth % 8))} } } }`),
  );

  it('random and malformed documents: never a 500, errors always typed', async () => {
    await fc.assert(
      fc.asyncProperty(persona, documents, async (p, query) => {
        await post(p, { query });
      }),
      { numRuns: RUNS },
    );
  });

  const jsonValue = fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double(),
    fc.string({ maxLength: 40 }),
    fc.constantFrom('10', '2020-02-30', '0000-01-01', '0001-01-01', '9999-12-31', '2015-06-01', 'NOT_AN_ENUM', 'FAMILY_NAME', '\u0000', 'x'.repeat(20_000)),
    fc.array(fc.integer(), { maxLength: 5 }),
    fc.dictionary(fc.constantFrom('field', 'direction', 'familyName', 'dateOfBirthFrom', 'id'), fc.string({ maxLength: 12 }), { maxKeys: 3 }),
  );
  const READS = [
    `query($n: Int, $after: String) { children(first: $n, after: $after) { nodes { familyName } pageInfo { endCursor } } }`,
    `query($f: ChildFilter, $o: ChildOrder) { children(first: 5, filter: $f, orderBy: $o) { nodes { familyName } } }`,
    `query($id: ID!) { node(id: $id) { id } }`,
    `query($n: Int!) { referrals(first: $n) { nodes { referralDate } } }`,
  ];

  it('random variables on real operations: never a 500 (coercion errors are BAD_USER_INPUT 400)', async () => {
    await fc.assert(
      fc.asyncProperty(persona, fc.constantFrom(...READS), fc.dictionary(fc.constantFrom('n', 'after', 'f', 'o', 'id', 'extra'), jsonValue, { maxKeys: 4 }), async (p, query, variables) => {
        const res = await post(p, { query, variables });
        for (const e of res.body.errors ?? []) if (res.status === 400 && e.extensions.code === 'BAD_USER_INPUT') expect(e.message).toBeTruthy();
      }),
      { numRuns: RUNS },
    );
  });

  const text = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('', ' ', 'O\u2019Brien', 'Te\u0000st', 'a\u0007b', 'x'.repeat(201), 'é'.repeat(5000), '🙂'.repeat(700)));
  const date = fc.oneof(fc.constantFrom('0000-01-01', '0001-01-01', '1899-12-31', '1900-01-01', '2015-02-29', '2016-02-29', '9999-12-31', '2015-13-01', 'yesterday', '2015-06-01'), fc.date({ min: new Date('1850-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)));
  const childInput = fc.record(
    {
      familyName: text,
      givenName: fc.option(text),
      dateOfBirth: fc.option(date),
      expectedDateOfBirth: fc.option(date),
      sex: fc.option(fc.constantFrom('MALE', 'FEMALE', 'UNKNOWN', 'NOT_A_SEX', 'male')),
      identifiers: fc.option(fc.array(fc.record({ type: fc.constantFrom('NHS_NUMBER', 'UPN', 'LA_CHILD_ID', 'BOGUS'), value: text, namespace: fc.option(text) }), { maxLength: 3 })),
      disabilities: fc.option(fc.array(fc.constantFrom('NONE', 'MOB', 'HAND', 'XXX'), { maxLength: 120 })),
    },
    { requiredKeys: [] },
  );
  const idLike = fc.oneof(fc.string({ maxLength: 40 }), fc.uuid(), fc.uuid().map((u) => Buffer.from(`Child:${u}`).toString('base64url')), fc.constantFrom('not-a-uuid', '00000000-0000-0000-0000-00000000000g', Buffer.from('Child:not-a-uuid').toString('base64url')));

  it('malformed createChild/updateChild inputs: never a 500, and a refused write changes nothing', async () => {
    const create = `mutation($input: CreateChildInput!) { createChild(input: $input) { record { id } userErrors { field code } } }`;
    const update = `mutation($input: UpdateChildInput!) { updateChild(input: $input) { record { id } userErrors { field code } } }`;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('social-worker', 'front-door', 'police-ppu', 'health-visitor'), fc.boolean(), childInput, idLike, fc.integer({ min: -2, max: 3 }), async (p, isCreate, input, id, version) => {
        const before = await counts();
        const res = await post(p, { query: isCreate ? create : update, variables: { input: isCreate ? input : { ...input, id, expectedVersion: version } } });
        const payload = res.body.data?.[isCreate ? 'createChild' : 'updateChild'];
        const refused = res.status !== 200 || !!res.body.errors?.length || !payload || payload.userErrors.length > 0 || !payload.record;
        if (refused) expect(await counts()).toEqual(before);
      }),
      { numRuns: RUNS },
    );
    // Still alive and answering.
    expect((await t.http<any>('social-worker', `{ children(first: 1) { totalCount } }`)).status).toBe(200);
  });
});
