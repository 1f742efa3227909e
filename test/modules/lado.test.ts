import { startTestHub, type TestHub } from '../support/hub';

const CHILD = `mutation($input: CreateChildInput!) { createChild(input: $input) { record { id } userErrors { code } } }`;
const CREATE = `mutation($input: CreateLadoReferralInput!) { createLadoReferral(input: $input) { created record { id version referralDate adultFamilyName employer adultRole harmCategory thresholdMet strategyMeetingDate outcome closedAt childrenInvolved { id } } userErrors { field code message } } }`;
const UPDATE = `mutation($input: UpdateLadoReferralInput!) { updateLadoReferral(input: $input) { record { id version outcome closedAt strategyMeetingDate childrenInvolved { id } } userErrors { field code message } } }`;

const base = {
  referralDate: '2026-05-04',
  allegationSummary: 'Pupil alleges the teacher grabbed her by the arm.',
  adultGivenName: 'Sam',
  adultFamilyName: 'Teacher',
  employer: 'Castlegate High School',
  adultRole: 'TEACHER',
  roleDetail: 'Maths teacher',
  harmCategory: 'PHYSICAL',
};

describe('LADO referrals (allegations against adults who work with children)', () => {
  let t: TestHub;
  let childId: string;
  beforeAll(async () => {
    t = await startTestHub({ demo: false });
    const res = await t.gql<any>('social-worker', CHILD, { input: { familyName: 'Pupil', dateOfBirth: '2012-09-01' } });
    childId = res.data.createChild.record.id;
  });
  afterAll(() => t.close());

  const sql = async (q: string) => t.orm.em.fork().execute(q);
  const counts = async () => (await sql(`select (select count(*) from lado_referral)::int r, (select count(*) from lado_referral_child)::int c`))[0];

  async function refused(query: string, input: Record<string, unknown>) {
    const before = await counts();
    const res = await t.gql<any>('lado', query, { input });
    expect(res.errors).toBeUndefined();
    const payload = Object.values(res.data as Record<string, any>)[0];
    expect(payload.record).toBeNull();
    expect(await counts()).toEqual(before);
    return payload.userErrors.map((e: any) => ({ field: e.field.join('.'), code: e.code }));
  }

  it('the LADO records an allegation, links the child involved, and concludes it', async () => {
    const made = await t.gql<any>('lado', CREATE, { input: { ...base, childIds: [childId], sourceSystem: 'LADO-Tracker', sourceRecordId: 'L-1' } });
    expect(made.errors).toBeUndefined();
    const rec = made.data.createLadoReferral.record;
    expect(made.data.createLadoReferral).toMatchObject({ created: true, userErrors: [] });
    expect(rec).toMatchObject({ adultRole: 'TEACHER', harmCategory: 'PHYSICAL', thresholdMet: null, outcome: null, childrenInvolved: [{ id: childId }] });

    const onChild = await t.gql<any>('lado', `query($id: ID!) { node(id: $id) { ... on Child { ladoReferrals { id employer } } } }`, { id: childId });
    expect(onChild.errors).toBeUndefined();
    expect(onChild.data.node.ladoReferrals).toEqual([{ id: rec.id, employer: 'Castlegate High School' }]);

    const retried = await t.gql<any>('lado', CREATE, { input: { ...base, childIds: [childId], sourceSystem: 'LADO-Tracker', sourceRecordId: 'L-1' } });
    expect(retried.data.createLadoReferral).toMatchObject({ created: false, record: { id: rec.id } });
    expect(await counts()).toEqual({ r: 1, c: 1 });

    const upd = await t.gql<any>('lado', UPDATE, { input: { id: rec.id, expectedVersion: rec.version, thresholdMet: true, strategyMeetingDate: '2026-05-07', outcome: 'UNSUBSTANTIATED', closedAt: '2026-06-30T12:00:00Z', childIds: [] } });
    expect(upd.errors).toBeUndefined();
    expect(upd.data.updateLadoReferral).toMatchObject({ userErrors: [], record: { outcome: 'UNSUBSTANTIATED', strategyMeetingDate: '2026-05-07', childrenInvolved: [] } });
    const ts = await t.gql<any>('lado', `query($id: ID!) { node(id: $id) { ... on LadoReferral { strategyMeetingTimescale { rule dueBy status } } } }`, { id: rec.id });
    expect(ts.errors).toBeUndefined();
    expect(ts.data.node.strategyMeetingTimescale).toEqual({ rule: 'LADO_STRATEGY_MEETING', dueBy: '2026-05-11', status: 'ON_TIME' });
    // The unlinked child's row is withdrawn (soft delete, kept for audit), not removed.
    expect(await sql(`select count(*)::int n from lado_referral_child where deleted_at is null`)).toEqual([{ n: 0 }]);

    const list = await t.gql<any>('lado', `{ ladoReferrals(filter: { outcomes: [UNSUBSTANTIATED], status: CLOSED, from: "2026-01-01" }, orderBy: { field: REFERRAL_DATE, direction: ASC }) { totalCount nodes { employer outcome } } }`);
    expect(list.errors).toBeUndefined();
    expect(list.data.ladoReferrals).toEqual({ totalCount: 1, nodes: [{ employer: 'Castlegate High School', outcome: 'UNSUBSTANTIATED' }] });
    const open = await t.gql<any>('lado', `{ ladoReferrals(filter: { status: OPEN }) { totalCount } }`);
    expect(open.data.ladoReferrals.totalCount).toBe(0);
  });

  it('is hidden from other roles: no LADO fields in their schema, and the list is refused', async () => {
    const detail = await t.gql<any>('social-worker', `{ ladoReferrals { nodes { adultFamilyName } } }`);
    expect(detail.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const onChild = await t.gql<any>('social-worker', `query($id: ID!) { node(id: $id) { ... on Child { ladoReferrals { id } } } }`, { id: childId });
    expect(onChild.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const list = await t.gql<any>('social-worker', `{ ladoReferrals { totalCount } }`);
    expect(list.data).toBeFalsy();
    expect(list.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED'); // not in their schema at all
    const write = await t.gql<any>('social-worker', CREATE, { input: base });
    expect(write.errors?.[0]).toBeDefined();
    expect((await counts()).r).toBe(1);
  });

  describe('date rules (refused inputs leave the database unchanged)', () => {
    it('refuses a strategy meeting before the referral', async () => {
      expect(await refused(CREATE, { ...base, thresholdMet: true, strategyMeetingDate: '2026-05-01' })).toEqual([{ field: 'input.strategyMeetingDate', code: 'DATE_ORDER' }]);
    });

    it('refuses closing before the referral, on create and on update', async () => {
      expect(await refused(CREATE, { ...base, thresholdMet: false, closedAt: '2026-05-03T10:00:00Z' })).toEqual([{ field: 'input.closedAt', code: 'DATE_ORDER' }]);
      const made = await t.gql<any>('lado', CREATE, { input: { ...base, referralDate: '2026-07-01' } });
      const rec = made.data.createLadoReferral.record;
      expect(await refused(UPDATE, { id: rec.id, expectedVersion: rec.version, thresholdMet: false, closedAt: '2026-06-01T10:00:00Z' })).toEqual([{ field: 'input.closedAt', code: 'DATE_ORDER' }]);
      expect((await sql(`select closed_at, threshold_met, version from lado_referral where referral_date = '2026-07-01'`))[0]).toEqual({ closed_at: null, threshold_met: null, version: 1 });
    });

    it("refuses a referral dated before the involved child's birth", async () => {
      expect(await refused(CREATE, { ...base, referralDate: '2011-01-01', childIds: [childId] })).toEqual([{ field: 'input.referralDate', code: 'IMPOSSIBLE_DATE' }]);
    });

    it('requires an outcome to close an allegation that met the threshold', async () => {
      expect(await refused(CREATE, { ...base, thresholdMet: true, closedAt: '2026-06-01T10:00:00Z' })).toEqual([{ field: 'input.outcome', code: 'REQUIRED' }]);
    });

    it('refuses a stale version with CONFLICT', async () => {
      const made = await t.gql<any>('lado', CREATE, { input: { ...base, referralDate: '2026-08-03' } });
      const rec = made.data.createLadoReferral.record;
      await t.gql<any>('lado', UPDATE, { input: { id: rec.id, expectedVersion: rec.version, thresholdMet: true } });
      expect(await refused(UPDATE, { id: rec.id, expectedVersion: rec.version, thresholdMet: false })).toEqual([{ field: 'input.expectedVersion', code: 'CONFLICT' }]);
    });
  });
});
