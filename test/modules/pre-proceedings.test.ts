import pg from 'pg';
import { startTestHub, type TestHub } from '../support/hub';
import { toGlobalId } from '../../src/server/graphql/global-id';
import { runCinCensus } from '../../src/exports/cin-census';

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * Pre-proceedings under the Public Law Outline (issue 12: the CIN census 2026/27 PreProceedingsandFGDM
 * module), over HTTP as the practitioners who use them: the local authority records and updates them;
 * bad input is refused field by field and changes nothing; a stale version is CONFLICT; 24 concurrent
 * retries of one create make one record; other agencies cannot write them and do not read their detail;
 * and the census sends them from 2027.
 */
const ERR = 'userErrors { field code message }';
const CREATE = `mutation($input: CreatePreProceedingsInput!) { createPreProceedings(input: $input) { created record { id recordId version startDate decisionDate outcome courtApplicationDate reviewMeetings } ${ERR} } }`;
const UPDATE = `mutation($input: UpdatePreProceedingsInput!) { updatePreProceedings(input: $input) { record { id version reviewMeetings decisionDate outcome courtApplicationDate } ${ERR} } }`;

describe('pre-proceedings', () => {
  let t: TestHub;
  let referral: { id: string; child: string; date: string };
  const sql = <T = any>(q: string, params: unknown[] = []) => t.orm.em.fork().execute<T[]>(q, params);
  const count = async () => (await sql<{ n: number }>(`select count(*)::int as n from pre_proceedings`))[0]!.n;
  const send = async (persona: string, query: string, input: Record<string, unknown>) => {
    const res = await t.http<any>(persona, query, { input });
    expect(res.status).toBe(200);
    return res.body;
  };
  const errorsOf = (body: any) => (Object.values(body.data ?? {})[0] as any)?.userErrors?.map((e: any) => `${e.field.join('.')}:${e.code}`) ?? body.errors.map((e: any) => e.extensions.code);

  beforeAll(async () => {
    t = await startTestHub();
    // An open referral of a child the demo social worker is allocated to.
    const [row] = await sql<{ id: string; child_id: string; referral_date: string }>(
      `select r.id, r.child_id, r.referral_date::text from referral r
         join involvement i on i.child_id = r.child_id and i.ended_at is null and i.deleted_at is null and i.status = 'ALLOCATED'
         join practitioner p on p.id = i.practitioner_id and p.subject = 'la.sw.amy.khan'
        where r.closure_date is null and r.deleted_at is null and r.referral_date < '2026-06-01' order by r.referral_date, r.id limit 1`,
    );
    expect(row).toBeDefined();
    referral = { id: toGlobalId('Referral', row!.id), child: row!.child_id, date: row!.referral_date };
  });
  afterAll(() => t.close());

  it('a social worker records pre-proceedings, then the decision and the court application; the child lists them', async () => {
    const created = await send('social-worker', CREATE, { referralId: referral.id, startDate: '2026-07-01', letterBeforeProceedingsDate: '2026-07-01', familyMeetingOffered: true, initialMeetingDate: '2026-07-15' });
    expect(errorsOf(created)).toEqual([]);
    const rec = created.data.createPreProceedings.record;
    expect(rec).toMatchObject({ version: 1, startDate: '2026-07-01', reviewMeetings: 0, decisionDate: null, outcome: null });
    const updated = await send('social-worker', UPDATE, { id: rec.id, expectedVersion: 1, reviewMeetings: 3, decisionDate: '2026-10-01', outcome: 'ISSUE_CARE_PROCEEDINGS', courtApplicationDate: '2026-10-08' });
    expect(errorsOf(updated)).toEqual([]);
    expect(updated.data.updatePreProceedings.record).toMatchObject({ version: 2, reviewMeetings: 3, outcome: 'ISSUE_CARE_PROCEEDINGS', courtApplicationDate: '2026-10-08' });
    const read = await t.http<any>('social-worker', `query($id: ID!) { node(id: $id) { ... on Child { preProceedings { startDate outcome familyMeetingOffered familyMeetingHeld } } } }`, { id: toGlobalId('Child', referral.child) });
    expect(read.body.data.node.preProceedings).toContainEqual({ startDate: '2026-07-01', outcome: 'ISSUE_CARE_PROCEEDINGS', familyMeetingOffered: true, familyMeetingHeld: null });
    // A stale version is refused and changes nothing.
    const stale = await send('social-worker', UPDATE, { id: rec.id, expectedVersion: 1, reviewMeetings: 9 });
    expect(errorsOf(stale)).toEqual(['input.expectedVersion:CONFLICT']);
    expect(await sql(`select review_meetings, version from pre_proceedings where id = ?`, [rec.recordId])).toEqual([{ review_meetings: 3, version: 2 }]);
  });

  it('refuses impossible records, naming each field, and stores nothing', async () => {
    const before = await count();
    const cases: Array<[Record<string, unknown>, string[]]> = [
      [{ startDate: '2026-07-01', letterBeforeProceedingsDate: '2026-06-01' }, ['input.letterBeforeProceedingsDate:DATE_ORDER']],
      [{ startDate: '2026-07-01', decisionDate: '2026-08-01' }, ['input.outcome:REQUIRED']],
      [{ startDate: '2026-07-01', outcome: 'STEP_DOWN' }, ['input.decisionDate:REQUIRED']],
      [{ startDate: '2026-07-01', decisionDate: '2026-08-01', outcome: 'STEP_DOWN', courtApplicationDate: '2026-08-05' }, ['input.courtApplicationDate:INVALID_STATE']],
      [{ startDate: '2026-07-01', decisionDate: '2026-08-01', outcome: 'ISSUE_CARE_PROCEEDINGS', courtApplicationDate: '2026-07-20' }, ['input.courtApplicationDate:DATE_ORDER']],
      [{ startDate: '2026-07-01', familyMeetingOffered: false, familyMeetingHeld: true }, ['input.familyMeetingHeld:INVALID_STATE']],
      [{ startDate: '2026-07-01', reviewMeetings: -1 }, ['input.reviewMeetings:OUT_OF_RANGE']],
      [{ startDate: referral.date.replace(/^(\d{4})/, (y) => String(Number(y) - 1)) }, ['input.startDate:DATE_ORDER']],
    ];
    for (const [input, expected] of cases) expect(errorsOf(await send('social-worker', CREATE, { referralId: referral.id, ...input }))).toEqual(expected);
    for (const bad of [{ startDate: '2026-02-30' }, { startDate: 'soon' }, { startDate: '2026-07-01', outcome: 'ADOPTED' }, { startDate: '2026-07-01', reviewMeetings: 1.5 }]) {
      const res = await t.http<any>('social-worker', CREATE, { input: { referralId: referral.id, ...bad } });
      expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect(await count()).toBe(before);
  });

  it('other agencies are not offered the mutation or the field: their schemas do not have them, and nothing is stored', async () => {
    const before = await count();
    const refusedCode = (res: { status: number; body: any }) => [res.status, res.body.errors?.[0]?.extensions?.code];
    for (const persona of ['police-ppu', 'health-visitor', 'school-dsl', 'lado']) {
      expect(refusedCode(await t.http<any>(persona, CREATE, { input: { referralId: referral.id, startDate: '2026-07-01' } }))).toEqual([400, 'GRAPHQL_VALIDATION_FAILED']);
    }
    expect(await count()).toBe(before);
    for (const persona of ['health-visitor', 'police-ppu', 'school-dsl']) {
      const read = await t.http<any>(persona, `query($id: ID!) { node(id: $id) { ... on Child { preProceedings { startDate } } } }`, { id: toGlobalId('Child', referral.child) });
      expect(refusedCode(read)).toEqual([400, 'GRAPHQL_VALIDATION_FAILED']);
    }
  });

  it('24 concurrent retries of one create (same source record id): one record, every caller gets it', async () => {
    const input = { referralId: referral.id, startDate: '2026-08-03', sourceSystem: 'Mosaic', sourceRecordId: 'PLO-RACE-1' };
    const responses = await Promise.all(Array.from({ length: 24 }, () => t.http<any>('social-worker', CREATE, { input })));
    const payloads = responses.map((r) => r.body.data.createPreProceedings);
    expect(payloads.every((p) => p.userErrors.length === 0)).toBe(true);
    expect(payloads.filter((p) => p.created)).toHaveLength(1);
    expect(new Set(payloads.map((p) => p.record.recordId)).size).toBe(1);
    expect(await sql(`select count(*)::int as n from pre_proceedings where source_record_id = 'PLO-RACE-1'`)).toEqual([{ n: 1 }]);
  });

  it('the CIN census sends them in their referral’s module from 2027, and not when asked not to', async () => {
    const client = new pg.Client({ connectionString: t.databaseUrl });
    await client.connect();
    try {
      const { xml } = await runCinCensus(client, { year: 2027, subject: 'test:pp', operation: 'test' });
      const module = /<PreProceedingsandFGDM><PPStartDate>2026-07-01<\/PPStartDate><LBPSentDate>2026-07-01<\/LBPSentDate><FGDMMeetingOffer>1<\/FGDMMeetingOffer><InitialPPMeetingDate>2026-07-15<\/InitialPPMeetingDate><ReviewMeetingsCount>3<\/ReviewMeetingsCount><StepDecisionDate>2026-10-01<\/StepDecisionDate><CourtAppDate>2026-10-08<\/CourtAppDate><\/PreProceedingsandFGDM>/;
      expect(xml).toMatch(module);
      const without = await runCinCensus(client, { year: 2027, subject: 'test:pp', operation: 'test', preProceedings: false });
      expect(without.xml).not.toContain('PreProceedingsandFGDM');
      // Nothing before 2027 unless asked for.
      expect((await runCinCensus(client, { year: 2026, subject: 'test:pp', operation: 'test' })).xml).not.toContain('PreProceedingsandFGDM');
    } finally {
      await client.end();
    }
  });
});
