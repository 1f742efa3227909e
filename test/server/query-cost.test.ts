import { startTestHub, type TestHub } from '../support/hub';
import { budgetFor } from '../../src/server/query-cost';
import { REQUEST_LIMITS } from '../../src/server/request-limits';
import { NESTED_LIST_LIMIT } from '../../src/db/loaders';
import { RequestTransaction } from '../../src/db/request-transaction';
import { Role } from '../../src/access/principal';

describe('query limits and cost budgets (checked before execution, HTTP 400)', () => {
  let t: TestHub;
  const auditRows = async () => Number((await t.orm.em.fork().execute(`select count(*)::int as n from audit_event`))[0].n);
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  it('refuses a document over the role budget with HTTP 400, the cost and the budget', async () => {
    const nested = `{ children(first: 100) { nodes { strategyDiscussions { participants { agency { name code kind } } contributions { summary contributingAgency { name code } } } referrals { assessments { recordId startDate } cinPlans { recordId startDate } } childProtectionPlans { coreGroupMeetings { recordId } reviewConferences { recordId } } } } }`;
    const res = await t.http<any>('social-worker', `{ ${[1, 2, 3].map((i) => `a${i}: ${nested.slice(2, -2)}`).join(' ')} }`);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', limit: budgetFor([Role.SOCIAL_WORKER]), budget: budgetFor([Role.SOCIAL_WORKER]) });
    expect(res.body.errors?.[0]?.extensions?.actual).toBeGreaterThan(budgetFor([Role.SOCIAL_WORKER]));
    expect(res.body.data).toBeUndefined();
  });

  it('lets an ordinary child profile page through', async () => {
    const res = await t.http<any>('social-worker', `{ children(first: 10) { nodes { familyName referrals { referralDate } strategyDiscussions { participants { status } } } } }`);
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
  });

  it('refuses a page size outside 1..MAX_PAGE_SIZE before the cost is computed, naming the argument, the limit and the value', async () => {
    for (const first of [-2147483648, 0, t.config.MAX_PAGE_SIZE + 1]) {
      const res = await t.http<any>('social-worker', `query($n: Int) { children(first: $n) { nodes { familyName } } }`, { n: first });
      expect(res.status).toBe(400);
      expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'PAGE_SIZE_OUT_OF_RANGE', argument: 'first', min: 1, limit: t.config.MAX_PAGE_SIZE, actual: first });
    }
  });

  it('refuses the negative-first + 60 nested node aliases attack, and 3,400 aliases, with HTTP 400 and no execution', async () => {
    const begin = jest.spyOn(RequestTransaction.prototype, 'begin');
    const deep = 'node(id: $id) { ... on Child { familyName } }';
    const attack = `query($id: ID!) { neg: children(first: -2147483648) { nodes { referrals { recordId } } } ${Array.from({ length: 60 }, (_, i) => `n${i}: ${deep}`).join(' ')} }`;
    const a = await t.http<any>('social-worker', attack, { id: Buffer.from('Child:00000000-0000-4000-8000-000000000000').toString('base64url') });
    expect(a.status).toBe(400);
    expect(a.body.errors?.[0]?.extensions).toMatchObject({ code: 'TOO_MANY_ALIASES', limit: REQUEST_LIMITS.aliases, actual: 61 });
    // Without the aliases, the negative page size alone is refused before any cost (which it made negative).
    const neg = await t.http<any>('social-worker', `{ children(first: -2147483648) { nodes { referrals { recordId } } } }`);
    expect(neg.status).toBe(400);
    expect(neg.body.errors?.[0]?.extensions?.code).toBe('PAGE_SIZE_OUT_OF_RANGE');

    const many = await t.http<any>('social-worker', `{ ${Array.from({ length: 3400 }, (_, i) => `a${i}: __typename`).join(' ')} }`);
    expect(many.status).toBe(400);
    expect(many.body.errors?.[0]?.extensions).toMatchObject({ code: 'TOO_MANY_TOKENS', limit: REQUEST_LIMITS.tokens });
    expect(many.body.errors?.[0]?.extensions?.actual).toBeGreaterThan(REQUEST_LIMITS.tokens);
    expect(begin).not.toHaveBeenCalled();
  });

  it('names each limit with its value: depth, aliases, directives, tokens', async () => {
    const deep = `{ children(first: 1) { nodes { referrals { contact { referrals { assessments { child { referrals { cinPlans { child { familyName } } } } } } } } } } }`;
    const d = await t.http<any>('social-worker', deep);
    expect(d.status).toBe(400);
    expect(d.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_DEEP', limit: REQUEST_LIMITS.depth, actual: 11 });

    const aliases = await t.http<any>('social-worker', `{ ${Array.from({ length: REQUEST_LIMITS.aliases + 1 }, (_, i) => `a${i}: __typename`).join(' ')} }`);
    expect(aliases.status).toBe(400);
    expect(aliases.body.errors?.[0]?.extensions).toMatchObject({ code: 'TOO_MANY_ALIASES', limit: REQUEST_LIMITS.aliases, actual: REQUEST_LIMITS.aliases + 1 });

    const directives = await t.http<any>('social-worker', `{ ${'__typename @include(if: true) '.repeat(REQUEST_LIMITS.directives + 1)} }`);
    expect(directives.status).toBe(400);
    expect(directives.body.errors?.[0]?.extensions).toMatchObject({ code: 'TOO_MANY_DIRECTIVES', limit: REQUEST_LIMITS.directives, actual: REQUEST_LIMITS.directives + 1 });

    const ok = await t.http<any>('social-worker', `{ ${Array.from({ length: REQUEST_LIMITS.aliases }, (_, i) => `a${i}: __typename`).join(' ')} }`);
    expect(ok.status).toBe(200);
  });

  it('a refused request never starts execution: no transaction, no audit row (an accepted one does both)', async () => {
    const begin = jest.spyOn(RequestTransaction.prototype, 'begin');
    const before = await auditRows();
    const refused = [
      `{ children(first: 0) { nodes { familyName } } }`,
      `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: children(first: 100) { nodes { familyName referrals { assessments { recordId } } } }`).join(' ')} }`,
      `{ children(first: 100) { nodes { strategyDiscussions { participants { agency { name } } } referrals { assessments { recordId } } } } }`,
      `mutation { updateChild(input: { id: "not-an-id", expectedVersion: 1, familyName: "X" }) { userErrors { code } } }`,
    ];
    for (const q of refused) expect((await t.http<any>('social-worker', q)).status).toBe(400);
    expect(begin).not.toHaveBeenCalled();
    expect(await auditRows()).toBe(before);

    const accepted = await t.http<any>('social-worker', `{ children(first: 2) { nodes { familyName } } }`);
    expect(accepted.status).toBe(200);
    expect(begin).toHaveBeenCalled();
    expect(await auditRows()).toBeGreaterThan(before);
  });

  it('variable coercion errors are BAD_USER_INPUT with HTTP 400, never a codeless 500', async () => {
    const cases: [string, Record<string, unknown>][] = [
      [`query($n: Int) { children(first: $n) { nodes { familyName } } }`, { n: '10' }],
      [`query($n: Int!) { children(first: $n) { nodes { familyName } } }`, {}],
      [`query($d: LocalDate) { children(first: 5, filter: { dateOfBirthFrom: $d }) { nodes { familyName } } }`, { d: '2020-02-30' }],
      [`query($d: LocalDate) { children(first: 5, filter: { dateOfBirthFrom: $d }) { nodes { familyName } } }`, { d: 20200101 }],
      [`query($o: ChildOrder) { children(first: 5, orderBy: $o) { nodes { familyName } } }`, { o: { field: 'NOT_A_FIELD' } }],
    ];
    for (const [q, vars] of cases) {
      const res = await t.http<any>('social-worker', q, vars);
      expect([res.status, res.body.errors?.[0]?.extensions?.code]).toEqual([400, 'BAD_USER_INPUT']);
    }
  });

  it('input bounds: ids, dates, lengths, control characters and list sizes are refused before SQL with HTTP 400', async () => {
    const begin = jest.spyOn(RequestTransaction.prototype, 'begin');
    const update = `mutation($input: UpdateChildInput!) { updateChild(input: $input) { userErrors { code } } }`;
    const create = `mutation($input: CreateChildInput!) { createChild(input: $input) { userErrors { code } } }`;
    const cases: [string, Record<string, unknown>, string][] = [
      [update, { input: { id: 'zzzz-not-a-uuid', expectedVersion: 1 } }, 'INVALID_ID'],
      [create, { input: { familyName: 'Test', dateOfBirth: '0001-01-01' } }, 'DATE_OUT_OF_RANGE'],
      [create, { input: { familyName: 'Test', dateOfBirth: '1899-12-31' } }, 'DATE_OUT_OF_RANGE'],
      [create, { input: { familyName: 'Test', dateOfBirth: '9999-12-31' } }, 'DATE_OUT_OF_RANGE'],
      [create, { input: { familyName: 'Te\u0000st', dateOfBirth: '2015-01-01' } }, 'CONTROL_CHARACTER'],
      [create, { input: { familyName: 'x'.repeat(201), dateOfBirth: '2015-01-01' } }, 'TOO_LONG'],
      [create, { input: { familyName: 'Test', dateOfBirth: '2015-01-01', disabilities: Array(101).fill('NONE') } }, 'TOO_MANY_ITEMS'],
      [`query($id: ID!) { node(id: $id) { id } }`, { id: 'x'.repeat(300) }, 'INVALID_ID'],
    ];
    for (const [q, vars, reason] of cases) {
      const res = await t.http<any>('social-worker', q, vars);
      expect([res.status, res.body.errors?.[0]?.extensions?.code, res.body.errors?.[0]?.extensions?.reason]).toEqual([400, 'BAD_USER_INPUT', reason]);
    }
    expect(begin).not.toHaveBeenCalled();
    // Year 0000 in a literal is not even a LocalDate.
    const zero = await t.http<any>('social-worker', `mutation { createChild(input: { familyName: "Test", dateOfBirth: "0000-01-01" }) { userErrors { code } } }`);
    expect(zero.status).toBe(400);
  });

  it(`a nested list is bounded: more than ${NESTED_LIST_LIMIT} rows under one parent is a LIST_LIMIT_EXCEEDED field error, others load`, async () => {
    const res = await t.http<any>('social-worker', `{ children(first: 20) { nodes { recordId referrals { recordId } } } }`);
    expect(res.body.errors).toBeUndefined();
    const nodes = res.body.data!.children.nodes as { recordId: string; referrals: { recordId: string }[] }[];
    const target = nodes.find((n) => n.referrals.length > 0)!;
    await t.orm.em.fork().execute(
      `insert into referral select (jsonb_populate_record(null::referral, to_jsonb(r) || jsonb_build_object('id', gen_random_uuid(), 'source_record_id', gen_random_uuid()::text))).* from referral r, generate_series(1, ?) where r.id = ?`,
      [NESTED_LIST_LIMIT, target.referrals[0]!.recordId],
    );
    const after = await t.http<any>('social-worker', `{ children(first: 20) { nodes { recordId referrals { recordId } } } }`);
    expect(after.status).toBe(200);
    // The list is non-null, so the error nulls the page up to the nearest nullable field (here, data).
    const error = after.body.errors?.find((e: any) => e.extensions?.code === 'LIST_LIMIT_EXCEEDED');
    expect(error?.extensions).toMatchObject({ code: 'LIST_LIMIT_EXCEEDED', limit: NESTED_LIST_LIMIT });
    expect(error?.path?.slice(-1)).toEqual(['referrals']);
    // A child under the limit still loads its whole list.
    const other = nodes.find((n) => n.recordId !== target.recordId && n.referrals.length > 0)!;
    const single = await t.http<any>('social-worker', `query($id: ID!) { node(id: $id) { ... on Child { referrals { recordId } } } }`, { id: Buffer.from(`Child:${other.recordId}`).toString('base64url') });
    expect(single.body.errors).toBeUndefined();
    expect(single.body.data.node.referrals).toHaveLength(other.referrals.length);
  });
});
