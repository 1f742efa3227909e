import { measureByCode } from '../../src/analytics/measures';
import { measureRecordRows } from '../../src/analytics/drilldown';
import type { Period } from '../../src/analytics/periods';
import { londonDate } from '../../src/timescales';
import { startTestHub, type TestHub } from '../support/hub';
import { mutateOk, refusalCodes } from '../support/mutations';

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * The duty to share (issue 13 must-show 4), over GraphQL: NHS number traces give each child a trace
 * status every agency can see, and the scorecard the share of children with a verified number per agency
 * kind; disclosures record their legal gateway and are seen by the disclosing agency alone; a decision
 * not to share on the "more detrimental to the child" exception names its reviewer. Bad input is refused
 * with typed errors and stores nothing; a retried disclosure is stored once.
 */
const ERR = 'userErrors { field code message }';
const CHILD = `mutation($input: CreateChildInput!) { createChild(input: $input) { record { id recordId } ${ERR} } }`;
const TRACE = `mutation($input: RecordNhsNumberTraceInput!) { recordNhsNumberTrace(input: $input) { record { id status nhsNumber reason checkedAt tracedBy { code } } ${ERR} } }`;
const DISCLOSE = `mutation($input: RecordInformationDisclosureInput!) { recordInformationDisclosure(input: $input) { record { id gateway lawfulBasis recipientAgency { code } } ${ERR} } }`;
const DECIDE = `mutation($input: RecordDecisionNotToShareInput!) { recordDecisionNotToShare(input: $input) { record { id moreDetrimentalToChild reviewedByName reviewedByRole reviewedAt } ${ERR} } }`;
const ALLOCATE = `mutation($input: AllocateInvolvementInput!) { allocateInvolvement(input: $input) { record { id } ${ERR} } }`;
const STATUS = `query($id: ID!) { node(id: $id) { ... on Child { nhsNumberTraceStatus nhsNumberTraces { status } informationDisclosures { gateway } decisionsNotToShare { id } } } }`;
const NHS = '9434765919';

describe('duty to share: NHS number traces, disclosures, decisions not to share', () => {
  let t: TestHub;
  const sql = async <T = any>(q: string, params: unknown[] = []) => t.orm.em.fork().execute<T[]>(q, params);
  const ok = (persona: string, query: string, input: Record<string, unknown>) => mutateOk(t, persona, query, input);
  const count = async (table: string) => (await sql<{ n: number }>(`select count(*)::int n from ${table}`))[0]!.n;
  const status = async (persona: string, id: string) => (await t.http<any>(persona, STATUS, { id })).body.data?.node;
  beforeAll(async () => {
    t = await startTestHub({ demo: false });
  });
  afterAll(() => t.close());

  it('traces: the latest trace is the child’s status, visible to every agency working with the child; bad traces are refused and store nothing', async () => {
    const child = await ok('social-worker', CHILD, { familyName: 'Traced', givenName: 'Ola', dateOfBirth: '2016-02-02', identifiers: [{ type: 'NHS_NUMBER', value: NHS }] });
    await ok('team-manager', ALLOCATE, { childId: child.id, agencyCode: 'NHS-NORTHSHIRE-CHT', role: 'HEALTH_VISITOR' });
    expect((await status('health-visitor', child.id)).nhsNumberTraceStatus).toBeNull();

    const before = await count('nhs_number_trace');
    const refused = async (input: Record<string, unknown>) => refusalCodes(t, 'health-visitor', TRACE, { childId: child.id, ...input });
    expect(await refused({ status: 'TRACED', nhsNumber: '9434765918' })).toEqual(['input.nhsNumber:INVALID_NHS_NUMBER']);
    expect(await refused({ status: 'TRACED' })).toEqual(['input.nhsNumber:REQUIRED']);
    expect(await refused({ status: 'TRACED', nhsNumber: '4010232137' })).toEqual(['input.nhsNumber:INVALID_STATE']);
    expect(await refused({ status: 'NOT_FOUND', reason: ' ' })).toEqual(['input.reason:REQUIRED']);
    expect(await refused({ status: 'NOT_YET_TRACED' })).toEqual(['input.reason:REQUIRED']);
    expect(await refused({ status: 'TRACED', nhsNumber: NHS, checkedAt: new Date(Date.now() + 86_400_000).toISOString() })).toEqual(['input.checkedAt:DATE_IN_FUTURE']);
    expect(await count('nhs_number_trace')).toBe(before);

    const traced = await ok('health-visitor', TRACE, { childId: child.id, status: 'TRACED', nhsNumber: '943 476 5919', checkedAt: '2026-06-01T10:00:00Z' });
    expect(traced).toMatchObject({ status: 'TRACED', nhsNumber: NHS, tracedBy: { code: 'NHS-NORTHSHIRE-CHT' } });
    expect((await status('social-worker', child.id)).nhsNumberTraceStatus).toBe('TRACED');
    // A later trace that finds no match is the status now.
    await ok('health-visitor', TRACE, { childId: child.id, status: 'NOT_FOUND', reason: 'PDS shows the number retired after a merge.', checkedAt: '2026-07-01T10:00:00Z' });
    expect((await status('health-visitor', child.id)).nhsNumberTraceStatus).toBe('NOT_FOUND');
    // An earlier trace recorded late does not overtake it.
    await ok('social-worker', TRACE, { childId: child.id, status: 'TRACED', nhsNumber: NHS, checkedAt: '2026-05-01T10:00:00Z' });
    expect((await status('social-worker', child.id)).nhsNumberTraceStatus).toBe('NOT_FOUND');
  });

  it('the scorecard: the share of children with a verified NHS number, per agency kind, from the latest trace by the period end', async () => {
    const a = await ok('social-worker', CHILD, { familyName: 'ScoreA', givenName: 'Bo', dateOfBirth: '2015-03-03', identifiers: [{ type: 'NHS_NUMBER', value: '4010232137' }] });
    const b = await ok('social-worker', CHILD, { familyName: 'ScoreB', givenName: 'Cy', dateOfBirth: '2015-03-03' });
    for (const c of [a, b]) await ok('team-manager', ALLOCATE, { childId: c.id, agencyCode: 'NHS-NORTHSHIRE-CHT', role: 'SCHOOL_NURSE' });
    await ok('health-visitor', TRACE, { childId: a.id, status: 'TRACED', nhsNumber: '4010232137' });
    await ok('health-visitor', TRACE, { childId: b.id, status: 'NOT_YET_TRACED', reason: 'Arrived from abroad last week; no NHS registration yet.' });
    const today = londonDate(new Date());
    const rows = async (code: string) =>
      (await measureRecordRows((q, p) => sql(q, p), measureByCode(code)!, { start: today, end: today } as Period, (await sql(`select id from agency where code = 'LA-NORTHSHIRE'`))[0].id)).filter((r) =>
        [a.recordId, b.recordId].includes(r.childId),
      );
    const health = await rows('NHS_NUMBER_TRACED_PCT_HEALTH');
    expect(health.map((r) => [r.childId === a.recordId ? 'a' : 'b', r.inNumerator, r.inDenominator]).sort()).toEqual([
      ['a', true, true],
      ['b', false, true],
    ]);
    // Not allocated to the police: not in the police's figure.
    expect(await rows('NHS_NUMBER_TRACED_PCT_POLICE')).toEqual([]);
  });

  it('disclosures: recorded with their gateway, seen by the disclosing agency alone; refused without a recipient or a named OTHER gateway; a retried disclosure is stored once', async () => {
    const child = await ok('social-worker', CHILD, { familyName: 'Disclosed', givenName: 'Di', dateOfBirth: '2012-09-09' });
    await ok('team-manager', ALLOCATE, { childId: child.id, agencyCode: 'SCH-CASTLEGATE-HIGH', role: 'SCHOOL_DSL' });
    const base = { childId: child.id, recipientAgencyCode: 'SCH-CASTLEGATE-HIGH', informationDisclosed: 'That the child is subject to a child protection plan, and its category.', gateway: 'DUTY_TO_SHARE_S16LA' };
    const before = await count('information_disclosure');
    expect(await refusalCodes(t, 'social-worker', DISCLOSE, { ...base, recipientAgencyCode: undefined })).toEqual(['input.recipientAgencyCode:REQUIRED']);
    expect(await refusalCodes(t, 'social-worker', DISCLOSE, { ...base, recipientAgencyCode: 'LA-NORTHSHIRE' })).toEqual(['input.recipientAgencyCode:INVALID_STATE']);
    expect(await refusalCodes(t, 'social-worker', DISCLOSE, { ...base, recipientAgencyCode: 'NO-SUCH' })).toEqual(['input.recipientAgencyCode:NOT_FOUND']);
    expect(await refusalCodes(t, 'social-worker', DISCLOSE, { ...base, gateway: 'OTHER' })).toEqual(['input.gatewayDetail:REQUIRED']);
    expect(await count('information_disclosure')).toBe(before);

    const retried = { ...base, sourceSystem: 'LiquidLogic', sourceRecordId: 'DISC-1' };
    const results = await Promise.all(Array.from({ length: 24 }, () => t.http<any>('social-worker', DISCLOSE, { input: retried })));
    expect(results.every((r) => r.body.data.recordInformationDisclosure.userErrors.length === 0)).toBe(true);
    expect(new Set(results.map((r) => r.body.data.recordInformationDisclosure.record.id)).size).toBe(1);
    expect(await count('information_disclosure')).toBe(before + 1);
    const [one] = results.map((r) => r.body.data.recordInformationDisclosure.record);
    expect(one).toMatchObject({ gateway: 'DUTY_TO_SHARE_S16LA', recipientAgency: { code: 'SCH-CASTLEGATE-HIGH' }, lawfulBasis: expect.stringContaining('Art 6(1)(e)') });
    expect((await status('social-worker', child.id)).informationDisclosures).toEqual([{ gateway: 'DUTY_TO_SHARE_S16LA' }]);
    // The recipient school, working with the child, does not see the disclosure log.
    expect((await status('school-dsl', child.id)).informationDisclosures).toEqual([]);
  });

  it('a decision not to share on the more-detrimental exception names its reviewer; without one it is refused', async () => {
    const child = await ok('social-worker', CHILD, { familyName: 'Withheld', givenName: 'Wy', dateOfBirth: '2011-01-01' });
    const base = { childId: child.id, informationWithheld: "The mother's refuge address.", withheldFrom: 'SCH-CASTLEGATE-HIGH', reason: 'The father is a governor and could learn the address: more detrimental to the child.', moreDetrimentalToChild: true };
    const before = await count('decision_not_to_share');
    expect(await refusalCodes(t, 'social-worker', DECIDE, base)).toEqual(['input.reviewedByName:REQUIRED', 'input.reviewedByRole:REQUIRED']);
    expect(await refusalCodes(t, 'social-worker', DECIDE, { ...base, reviewedByName: 'Ben Okafor', reviewedByRole: 'Team manager', decidedAt: '2026-06-02T10:00:00Z', reviewedAt: '2026-06-01T10:00:00Z' })).toEqual([
      'input.reviewedAt:DATE_ORDER',
    ]);
    expect(await count('decision_not_to_share')).toBe(before);
    const d = await ok('social-worker', DECIDE, { ...base, reviewedByName: 'Ben Okafor', reviewedByRole: 'Team manager' });
    expect(d).toMatchObject({ moreDetrimentalToChild: true, reviewedByName: 'Ben Okafor', reviewedByRole: 'Team manager', reviewedAt: expect.any(String) });
  });
});
