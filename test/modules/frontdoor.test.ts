import { addWorkingDays } from '../../src/timescales/working-days';
import { startTestHub, type TestHub } from '../support/hub';

const CHILD = `mutation($input: CreateChildInput!) { createChild(input: $input) { record { id } userErrors { code } } }`;
const CONTACT = `mutation($input: CreateContactInput!) { createContact(input: $input) { created record { id contactAt source outcome } userErrors { field code message } } }`;
const REFERRAL = `mutation($input: CreateReferralInput!) { createReferral(input: $input) { record { id version referralDate source primaryNeed nfa decisionAt closureDate closureReason } userErrors { field code message } } }`;
const UPDATE_REFERRAL = `mutation($input: UpdateReferralInput!) { updateReferral(input: $input) { record { id version closureDate closureReason } userErrors { field code message } } }`;
const ASSESSMENT = `mutation($input: CreateAssessmentInput!) { createAssessment(input: $input) { record { id startDate authorisedDate factors outcome } userErrors { field code message } } }`;
const UPDATE_ASSESSMENT = `mutation($input: UpdateAssessmentInput!) { updateAssessment(input: $input) { record { id version authorisedDate } userErrors { field code message } } }`;
const PLAN = `mutation($input: CreateCinPlanInput!) { createCinPlan(input: $input) { record { id startDate endDate } userErrors { field code message } } }`;
const UPDATE_PLAN = `mutation($input: UpdateCinPlanInput!) { updateCinPlan(input: $input) { record { id version endDate } userErrors { field code message } } }`;

describe('front door: contacts, referrals, assessments, CIN plans', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ demo: false });
  });
  afterAll(() => t.close());

  const sql = async (q: string) => t.orm.em.fork().execute(q);
  const counts = async () => (await sql(`select (select count(*) from contact)::int c, (select count(*) from referral)::int r, (select count(*) from assessment)::int a, (select count(*) from cin_plan)::int p`))[0];

  async function child(input: Record<string, unknown>): Promise<string> {
    const res = await t.gql<any>('front-door', CHILD, { input: { familyName: 'Test', ...input } });
    expect(res.errors).toBeUndefined();
    return res.data.createChild.record.id;
  }
  async function ok(query: string, input: Record<string, unknown>, persona = 'front-door') {
    const res = await t.gql<any>(persona, query, { input });
    expect(res.errors).toBeUndefined();
    const payload = Object.values(res.data as Record<string, any>)[0];
    expect(payload.userErrors).toEqual([]);
    return payload.record;
  }
  /** Runs a mutation expected to be refused, and checks the tables did not change. */
  async function refused(query: string, input: Record<string, unknown>) {
    const before = await counts();
    const res = await t.gql<any>('front-door', query, { input });
    expect(res.errors).toBeUndefined();
    const payload = Object.values(res.data as Record<string, any>)[0];
    expect(payload.record).toBeNull();
    expect(await counts()).toEqual(before);
    return payload.userErrors.map((e: any) => ({ field: e.field.join('.'), code: e.code }));
  }

  it('records the journey contact -> referral -> assessment -> CIN plan and shows it on the child', async () => {
    const childId = await child({ givenName: 'Ava', dateOfBirth: '2015-06-01' });
    const contact = await ok(CONTACT, { childId, contactAt: '2026-03-02T09:30:00Z', source: 'SOURCE_2A', outcome: 'REFERRAL', summary: 'Bruising noticed by class teacher.' });
    expect(contact).toMatchObject({ source: 'SOURCE_2A', outcome: 'REFERRAL' });
    const referral = await ok(REFERRAL, { childId, contactId: contact.id, referralDate: '2026-03-02', primaryNeed: 'N1', decisionAt: '2026-03-03T11:00:00Z' });
    expect(referral).toMatchObject({ source: 'SOURCE_2A', primaryNeed: 'N1', nfa: false, closureDate: null });
    const assessment = await ok(ASSESSMENT, { referralId: referral.id, startDate: '2026-03-04', authorisedDate: '2026-04-20', factors: ['FACTOR_3B', 'FACTOR_4B', 'FACTOR_3B'], outcome: 'CIN_PLAN' });
    expect(assessment.factors).toEqual(['FACTOR_3B', 'FACTOR_4B']);
    await ok(PLAN, { referralId: referral.id, startDate: '2026-04-21' });

    const res = await t.gql<any>(
      'social-worker',
      `query($id: ID!) { node(id: $id) { ... on Child {
         contacts { source referrals { id } }
         referrals { referralDate isReReferralWithin12Months contact { id } assessments { factors authorisedDate } cinPlans { startDate endDate } }
         assessments { referral { id } child { id } }
         cinPlans { referral { id } }
      } } }`,
      { id: childId },
    );
    expect(res.errors).toBeUndefined();
    const c = res.data.node;
    expect(c.contacts).toEqual([{ source: 'SOURCE_2A', referrals: [{ id: referral.id }] }]);
    expect(c.referrals).toEqual([
      { referralDate: '2026-03-02', isReReferralWithin12Months: false, contact: { id: contact.id }, assessments: [{ factors: ['FACTOR_3B', 'FACTOR_4B'], authorisedDate: '2026-04-20' }], cinPlans: [{ startDate: '2026-04-21', endDate: null }] },
    ]);
    expect(c.assessments).toEqual([{ referral: { id: referral.id }, child: { id: childId } }]);
    expect(c.cinPlans).toEqual([{ referral: { id: referral.id } }]);
    // The DfE code is what the database holds.
    expect((await sql(`select source from referral where id = '${Buffer.from(referral.id, 'base64url').toString().split(':')[1]}'`))[0].source).toBe('2A');
  });

  it('computes the referral decision (1 working day) and assessment (45 working days) timescales', async () => {
    const childId = await child({ dateOfBirth: '2016-04-04', familyName: 'Timely' });
    // Friday referral decided the next Tuesday: due Monday, one working day late.
    const late = await ok(REFERRAL, { childId, referralDate: '2026-06-05', source: 'SOURCE_6', decisionAt: '2026-06-09T10:00:00Z' });
    const prompt = await ok(REFERRAL, { childId, referralDate: '2026-07-06', source: 'SOURCE_6', decisionAt: '2026-07-07T10:00:00Z' });
    await ok(ASSESSMENT, { referralId: prompt.id, startDate: '2026-07-07', authorisedDate: addWorkingDays('2026-07-06', 50) });
    const res = await t.gql<any>('social-worker', `query($c: ID!) { referrals(filter: { childId: $c }, orderBy: { field: REFERRAL_DATE, direction: ASC }) { nodes { id decisionTimescale { rule dueBy status daysLate } assessments { timescale { rule dueBy status daysLate } } } } }`, { c: childId });
    expect(res.errors).toBeUndefined();
    expect(res.data.referrals.nodes).toEqual([
      { id: late.id, decisionTimescale: { rule: 'REFERRAL_DECISION', dueBy: '2026-06-08', status: 'LATE', daysLate: 1 }, assessments: [] },
      {
        id: prompt.id,
        decisionTimescale: { rule: 'REFERRAL_DECISION', dueBy: '2026-07-07', status: 'ON_TIME', daysLate: null },
        assessments: [{ timescale: { rule: 'ASSESSMENT', dueBy: addWorkingDays('2026-07-06', 45), status: 'LATE', daysLate: 5 } }],
      },
    ]);
  });

  it('flags a referral as a re-referral when the child had another within the previous 12 months', async () => {
    const childId = await child({ dateOfBirth: '2012-01-01', familyName: 'Rerefer' });
    const first = await ok(REFERRAL, { childId, referralDate: '2024-01-10', source: 'SOURCE_6' });
    const second = await ok(REFERRAL, { childId, referralDate: '2024-11-20', source: 'SOURCE_6' });
    const third = await ok(REFERRAL, { childId, referralDate: '2026-02-01', source: 'SOURCE_3E' });
    const res = await t.gql<any>('social-worker', `query($c: ID!) { referrals(filter: { childId: $c }, orderBy: { field: REFERRAL_DATE, direction: ASC }) { totalCount nodes { id isReReferralWithin12Months } } }`, { c: childId });
    expect(res.errors).toBeUndefined();
    expect(res.data.referrals.nodes).toEqual([
      { id: first.id, isReReferralWithin12Months: false },
      { id: second.id, isReReferralWithin12Months: true },
      { id: third.id, isReReferralWithin12Months: false },
    ]);
  });

  it('filters referrals by source, need, status and date range, and contacts by source', async () => {
    const childId = await child({ dateOfBirth: '2010-05-05', familyName: 'Filter' });
    const open = await ok(REFERRAL, { childId, referralDate: '2025-06-01', source: 'SOURCE_5D', primaryNeed: 'N7' });
    await ok(REFERRAL, { childId, referralDate: '2025-07-01', source: 'SOURCE_5D', primaryNeed: 'N7', nfa: true, closureDate: '2025-07-02', closureReason: 'RC8' });
    const q = `query($f: ReferralFilter) { referrals(filter: $f) { totalCount nodes { id referralDate } } }`;
    const openOnly = await t.gql<any>('social-worker', q, { f: { sources: ['SOURCE_5D'], primaryNeeds: ['N7'], status: 'OPEN' } });
    expect(openOnly.data.referrals).toEqual({ totalCount: 1, nodes: [{ id: open.id, referralDate: '2025-06-01' }] });
    const closed = await t.gql<any>('social-worker', q, { f: { sources: ['SOURCE_5D'], status: 'CLOSED', nfa: true } });
    expect(closed.data.referrals.nodes.map((n: any) => n.referralDate)).toEqual(['2025-07-01']);
    const range = await t.gql<any>('social-worker', q, { f: { childId, from: '2025-06-15', to: '2025-12-31' } });
    expect(range.data.referrals.nodes.map((n: any) => n.referralDate)).toEqual(['2025-07-01']);

    await ok(CONTACT, { childId, contactAt: '2025-05-30T10:00:00Z', source: 'SOURCE_9' });
    const contacts = await t.gql<any>('social-worker', `{ contacts(filter: { sources: [SOURCE_9], awaitingOutcome: true }) { totalCount nodes { source outcome } } }`);
    expect(contacts.data.contacts).toEqual({ totalCount: 1, nodes: [{ source: 'SOURCE_9', outcome: null }] });
  });

  describe('date rules (refused inputs leave the database unchanged)', () => {
    let childId: string;
    let contactId: string;
    let referral: any;
    beforeAll(async () => {
      childId = await child({ dateOfBirth: '2014-02-02', familyName: 'Dates' });
      contactId = (await ok(CONTACT, { childId, contactAt: '2026-01-12T15:00:00Z', source: 'SOURCE_3A' })).id;
      referral = await ok(REFERRAL, { childId, contactId, referralDate: '2026-01-13' });
    });

    it('refuses a referral dated before its contact', async () => {
      expect(await refused(REFERRAL, { childId, contactId, referralDate: '2026-01-11' })).toEqual([{ field: 'input.referralDate', code: 'DATE_ORDER' }]);
    });

    it('refuses a decision before the referral', async () => {
      expect(await refused(REFERRAL, { childId, referralDate: '2026-01-13', source: 'SOURCE_6', decisionAt: '2026-01-12T09:00:00Z' })).toEqual([{ field: 'input.decisionAt', code: 'DATE_ORDER' }]);
    });

    it('refuses a closure before the referral, on create and on update', async () => {
      expect(await refused(REFERRAL, { childId, referralDate: '2026-01-13', source: 'SOURCE_6', closureDate: '2026-01-10', closureReason: 'RC7' })).toEqual([{ field: 'input.closureDate', code: 'DATE_ORDER' }]);
      expect(await refused(UPDATE_REFERRAL, { id: referral.id, expectedVersion: referral.version, closureDate: '2026-01-01', closureReason: 'RC7' })).toEqual([{ field: 'input.closureDate', code: 'DATE_ORDER' }]);
      const row = (await sql(`select closure_date, version from referral where closure_reason is null and referral_date = '2026-01-13'`))[0];
      expect(row).toEqual({ closure_date: null, version: 1 });
    });

    it('refuses an assessment that starts before its referral or is authorised before it starts', async () => {
      expect(await refused(ASSESSMENT, { referralId: referral.id, startDate: '2026-01-12' })).toEqual([{ field: 'input.startDate', code: 'DATE_ORDER' }]);
      expect(await refused(ASSESSMENT, { referralId: referral.id, startDate: '2026-01-14', authorisedDate: '2026-01-13' })).toEqual([{ field: 'input.authorisedDate', code: 'DATE_ORDER' }]);
      const made = await ok(ASSESSMENT, { referralId: referral.id, startDate: '2026-01-14' });
      expect(await refused(UPDATE_ASSESSMENT, { id: made.id, expectedVersion: 1, authorisedDate: '2026-01-01' })).toEqual([{ field: 'input.authorisedDate', code: 'DATE_ORDER' }]);
      expect((await sql(`select authorised_date, version from assessment where start_date = '2026-01-14'`))[0]).toEqual({ authorised_date: null, version: 1 });
    });

    it('refuses moving a referral date after the start of its assessment, or before its contact', async () => {
      const r = await ok(REFERRAL, { childId, contactId, referralDate: '2026-01-20' });
      await ok(ASSESSMENT, { referralId: r.id, startDate: '2026-01-21' });
      expect(await refused(UPDATE_REFERRAL, { id: r.id, expectedVersion: 1, referralDate: '2026-01-22' })).toEqual([{ field: 'input.referralDate', code: 'DATE_ORDER' }]);
      expect(await refused(UPDATE_REFERRAL, { id: r.id, expectedVersion: 1, referralDate: '2026-01-05' })).toEqual([{ field: 'input.referralDate', code: 'DATE_ORDER' }]);
      expect((await sql(`select count(*)::int n from referral where referral_date = '2026-01-20' and version = 1`))[0].n).toBe(1);
    });

    it('refuses factor 21 (no factors) alongside other factors', async () => {
      expect(await refused(ASSESSMENT, { referralId: referral.id, startDate: '2026-01-15', factors: ['FACTOR_21', 'FACTOR_1A'] })).toEqual([{ field: 'input.factors', code: 'INVALID_CODE' }]);
    });

    it('refuses a CIN plan that ends before it starts', async () => {
      expect(await refused(PLAN, { referralId: referral.id, startDate: '2026-02-01', endDate: '2026-01-31' })).toEqual([{ field: 'input.endDate', code: 'DATE_ORDER' }]);
      const plan = await ok(PLAN, { childId, startDate: '2026-02-01' });
      expect(await refused(UPDATE_PLAN, { id: plan.id, expectedVersion: 1, endDate: '2026-01-01' })).toEqual([{ field: 'input.endDate', code: 'DATE_ORDER' }]);
      expect((await sql(`select end_date, version from cin_plan where start_date = '2026-02-01'`))[0]).toEqual({ end_date: null, version: 1 });
    });

    it("refuses dates before the child's date of birth", async () => {
      expect(await refused(CONTACT, { childId, contactAt: '2013-05-05T10:00:00Z', source: 'SOURCE_3A' })).toEqual([{ field: 'input.contactAt', code: 'IMPOSSIBLE_DATE' }]);
      expect(await refused(REFERRAL, { childId, referralDate: '2014-01-01', source: 'SOURCE_3A' })).toEqual([{ field: 'input.referralDate', code: 'IMPOSSIBLE_DATE' }]);
      expect(await refused(PLAN, { childId, startDate: '2014-02-01' })).toEqual([{ field: 'input.startDate', code: 'IMPOSSIBLE_DATE' }]);
    });

    it('allows pre-birth work for an unborn child, but not before the pregnancy', async () => {
      const unborn = await child({ familyName: 'Unborn', expectedDateOfBirth: '2027-01-20' });
      const r = await ok(REFERRAL, { childId: unborn, referralDate: '2026-09-01', source: 'SOURCE_3F', primaryNeed: 'N1' });
      await ok(ASSESSMENT, { referralId: r.id, startDate: '2026-09-02' });
      expect(await refused(REFERRAL, { childId: unborn, referralDate: '2025-09-01', source: 'SOURCE_3F' })).toEqual([{ field: 'input.referralDate', code: 'IMPOSSIBLE_DATE' }]);
    });

    it('refuses an update at a stale version with CONFLICT', async () => {
      const r = await ok(REFERRAL, { childId, referralDate: '2026-03-01', source: 'SOURCE_1A' });
      await ok(UPDATE_REFERRAL, { id: r.id, expectedVersion: 1, closureDate: '2026-03-05', closureReason: 'RC8' });
      expect(await refused(UPDATE_REFERRAL, { id: r.id, expectedVersion: 1, closureDate: null, closureReason: null })).toEqual([{ field: 'input.expectedVersion', code: 'CONFLICT' }]);
    });

    it('requires closure date and reason together', async () => {
      expect(await refused(REFERRAL, { childId, referralDate: '2026-03-01', source: 'SOURCE_1A', closureDate: '2026-03-02' })).toEqual([{ field: 'input.closureReason', code: 'REQUIRED' }]);
    });
  });
});
