import { AgencyKind } from '../../src/modules/agencies/agency.entity';
import { Purpose, Role, type Principal } from '../../src/access/principal';
import { upnCheckLetter } from '../../src/modules/people/identifiers';
import { startTestHub, type TestHub } from '../support/hub';

const CHILD = `mutation($input: CreateChildInput!) { createChild(input: $input) { record { id recordId } userErrors { code message } } }`;
const ENROL = `mutation($input: CreateSchoolEnrolmentInput!) { createSchoolEnrolment(input: $input) { record { id recordId version fromDate toDate upnUsed school { code } } userErrors { field code message } } }`;
const UPDATE_ENROL = `mutation($input: UpdateSchoolEnrolmentInput!) { updateSchoolEnrolment(input: $input) { record { id version toDate } userErrors { field code message } } }`;
const ATTEND = `mutation($input: CreateAttendanceSummaryInput!) { createAttendanceSummary(input: $input) { record { id recordId version attendancePercent persistentlyAbsent possibleSessions attendedSessions } userErrors { field code message } } }`;
const UPDATE_ATTEND = `mutation($input: UpdateAttendanceSummaryInput!) { updateAttendanceSummary(input: $input) { record { id version attendancePercent } userErrors { field code message } } }`;
const EXCLUDE = `mutation($input: CreateExclusionInput!) { createExclusion(input: $input) { record { id kind startDate sessions reason school { code } } userErrors { field code message } } }`;
const EHCP = `mutation($input: CreateEhcPlanInput!) { createEhcPlan(input: $input) { record { id recordId version status requestDate issueDueDate issuedWithin20Weeks } userErrors { field code message } } }`;
const UPDATE_EHCP = `mutation($input: UpdateEhcPlanInput!) { updateEhcPlan(input: $input) { record { id version status issueDate issueDueDate issuedWithin20Weeks } userErrors { field code message } } }`;
const CME = `mutation($input: CreateChildMissingEducationInput!) { createChildMissingEducation(input: $input) { record { id recordId version reportedDate resolvedDate } userErrors { field code message } } }`;
const UPDATE_CME = `mutation($input: UpdateChildMissingEducationInput!) { updateChildMissingEducation(input: $input) { record { id version resolvedDate } userErrors { field code message } } }`;
const DAN = `mutation($input: CreateDomesticAbuseNotificationInput!) { createDomesticAbuseNotification(input: $input) { record { id recordId version incidentAt notificationSentAt sentBeforeNextSchoolDay school { code } notifyingForce { code } } userErrors { field code message } } }`;
const UPDATE_DAN = `mutation($input: UpdateDomesticAbuseNotificationInput!) { updateDomesticAbuseNotification(input: $input) { record { id version } userErrors { field code message } } }`;
const ACK = `mutation($input: AcknowledgeDomesticAbuseNotificationInput!) { acknowledgeDomesticAbuseNotification(input: $input) { record { id acknowledgedAt createdBy notification { id acknowledgedAt acknowledgedBy } } userErrors { field code message } } }`;

const TABLES = ['school_enrolment', 'attendance_summary', 'exclusion', 'ehc_plan', 'child_missing_education', 'domestic_abuse_notification', 'domestic_abuse_notification_ack'];

describe('education: enrolments, attendance, exclusions, EHC plans, children missing education, Operation Encompass', () => {
  let t: TestHub;
  let childId: string;
  const upn = (body: string) => `${upnCheckLetter(body)}${body}`;

  beforeAll(async () => {
    t = await startTestHub({ demo: false });
    // The school records the child it teaches (so the child is in the school's row scope).
    const res = await t.gql<any>('school-dsl', CHILD, { input: { familyName: 'Pupil', givenName: 'Alex', dateOfBirth: '2012-02-20' } });
    expect(res.errors).toBeUndefined();
    expect(res.data.createChild.userErrors).toEqual([]);
    childId = res.data.createChild.record.id;
  });
  afterAll(() => t.close());

  const sql = async (q: string, params: unknown[] = []) => t.orm.em.fork().execute(q, params);
  const counts = async () => (await sql(`select ${TABLES.map((n) => `(select count(*) from ${n})::int ${n}`).join(', ')}`))[0];

  async function ok(persona: string | Principal, query: string, input: Record<string, unknown>) {
    const res = await t.gql<any>(persona, query, { input });
    expect(res.errors).toBeUndefined();
    const payload = Object.values(res.data as Record<string, any>)[0];
    expect(payload.userErrors).toEqual([]);
    return payload.record;
  }
  async function refused(persona: string | Principal, query: string, input: Record<string, unknown>, field: string, code: string, snapshot?: () => Promise<unknown>) {
    const before = [await counts(), await snapshot?.()];
    const res = await t.gql<any>(persona, query, { input });
    expect(res.errors).toBeUndefined();
    const payload = Object.values(res.data as Record<string, any>)[0];
    expect(payload.record).toBeNull();
    expect(payload.userErrors).toEqual(expect.arrayContaining([expect.objectContaining({ field: ['input', field], code })]));
    expect([await counts(), await snapshot?.()]).toEqual(before);
  }

  it('records an enrolment at the calling school with a checked UPN, and refuses a leaving date before the start', async () => {
    const good = upn('931402723001');
    const e = await ok('school-dsl', ENROL, { childId, fromDate: '2023-09-04', upnUsed: good.toLowerCase() });
    expect(e).toMatchObject({ fromDate: '2023-09-04', toDate: null, upnUsed: good, school: { code: 'SCH-CASTLEGATE-HIGH' } });
    await refused('school-dsl', ENROL, { childId, fromDate: '2023-09-04', upnUsed: 'A931402723002' }, 'upnUsed', 'INVALID_UPN');
    await refused('school-dsl', ENROL, { childId, fromDate: '2023-09-04', toDate: '2023-07-01' }, 'toDate', 'DATE_ORDER');
    await refused('school-dsl', ENROL, { childId, fromDate: '2011-09-04' }, 'fromDate', 'IMPOSSIBLE_DATE');
    const row = () => sql(`select to_date, version from school_enrolment where id = ?`, [e.recordId]);
    await refused('school-dsl', UPDATE_ENROL, { id: e.id, expectedVersion: e.version, toDate: '2023-09-01' }, 'toDate', 'DATE_ORDER', row);
    await refused('school-dsl', ENROL, { childId, schoolCode: 'POLICE-NORTHSHIRE', fromDate: '2023-09-04' }, 'schoolCode', 'INVALID_CODE');
  });

  it('computes attendance % and persistent absence, and refuses more sessions attended than possible', async () => {
    const a = await ok('school-dsl', ATTEND, { childId, periodLabel: '2025/26 autumn term', periodStart: '2025-09-03', periodEnd: '2025-12-19', possibleSessions: 148, attendedSessions: 121, authorisedAbsenceSessions: 12, unauthorisedAbsenceSessions: 15 });
    expect(a).toMatchObject({ attendancePercent: 81.8, persistentlyAbsent: true });
    await refused('school-dsl', ATTEND, { childId, periodLabel: 'x', periodStart: '2026-01-05', periodEnd: '2026-03-27', possibleSessions: 100, attendedSessions: 101 }, 'attendedSessions', 'OUT_OF_RANGE');
    await refused('school-dsl', ATTEND, { childId, periodLabel: 'x', periodStart: '2026-03-27', periodEnd: '2026-01-05', possibleSessions: 100, attendedSessions: 90 }, 'periodEnd', 'DATE_ORDER');
    const row = () => sql(`select attended_sessions, version from attendance_summary where id = ?`, [a.recordId]);
    await refused('school-dsl', UPDATE_ATTEND, { id: a.id, expectedVersion: a.version, attendedSessions: 149 }, 'attendedSessions', 'OUT_OF_RANGE', row);
    const fixed = await ok('school-dsl', UPDATE_ATTEND, { id: a.id, expectedVersion: a.version, attendedSessions: 140, authorisedAbsenceSessions: 4, unauthorisedAbsenceSessions: 4 });
    expect(fixed).toMatchObject({ attendancePercent: 94.6, version: a.version + 1 });
  });

  it('records suspensions with their length and DfE reason; a permanent exclusion has no length', async () => {
    const x = await ok('school-dsl', EXCLUDE, { childId, kind: 'SUSPENSION', startDate: '2026-02-02', sessions: 4, reason: 'PD' });
    expect(x).toMatchObject({ kind: 'SUSPENSION', sessions: 4, reason: 'PD', school: { code: 'SCH-CASTLEGATE-HIGH' } });
    await refused('school-dsl', EXCLUDE, { childId, kind: 'PERMANENT_EXCLUSION', startDate: '2026-02-02', sessions: 4, reason: 'PA' }, 'sessions', 'INVALID_STATE');
    await refused('school-dsl', EXCLUDE, { childId, kind: 'SUSPENSION', startDate: '2026-02-02', reason: 'PA' }, 'sessions', 'REQUIRED');
  });

  it('tracks an EHC plan against the 20-week limit and refuses an issue date before the request', async () => {
    const p = await ok('virtual-school-head', EHCP, { childId, status: 'REQUESTED', requestDate: '2026-01-05' });
    expect(p).toMatchObject({ issueDueDate: '2026-05-25', issuedWithin20Weeks: null });
    const row = () => sql(`select status, issue_date, version from ehc_plan where id = ?`, [p.recordId]);
    await refused('virtual-school-head', UPDATE_EHCP, { id: p.id, expectedVersion: p.version, status: 'ISSUED', issueDate: '2026-01-01' }, 'issueDate', 'DATE_ORDER', row);
    await refused('virtual-school-head', UPDATE_EHCP, { id: p.id, expectedVersion: p.version, status: 'ISSUED' }, 'issueDate', 'REQUIRED', row);
    const issued = await ok('virtual-school-head', UPDATE_EHCP, { id: p.id, expectedVersion: p.version, status: 'ISSUED', issueDate: '2026-06-15' });
    expect(issued).toMatchObject({ status: 'ISSUED', issuedWithin20Weeks: false, version: p.version + 1 });
  });

  it('records a child missing education and refuses a resolution before the report', async () => {
    await refused('virtual-school-head', CME, { childId, reportedDate: '2026-03-01', resolvedDate: '2026-02-01' }, 'resolvedDate', 'DATE_ORDER');
    const c = await ok('virtual-school-head', CME, { childId, reportedDate: '2026-03-01' });
    const row = () => sql(`select resolved_date, version from child_missing_education where id = ?`, [c.recordId]);
    await refused('virtual-school-head', UPDATE_CME, { id: c.id, expectedVersion: c.version, resolvedDate: '2026-02-28' }, 'resolvedDate', 'DATE_ORDER', row);
    expect(await ok('virtual-school-head', UPDATE_CME, { id: c.id, expectedVersion: c.version, resolvedDate: '2026-03-20' })).toMatchObject({ resolvedDate: '2026-03-20' });
  });

  describe('Operation Encompass', () => {
    const notification = (extra: Record<string, unknown> = {}) => ({
      childId,
      schoolCode: 'SCH-CASTLEGATE-HIGH',
      incidentAt: '2026-03-10T21:30:00Z', // a Tuesday evening
      notificationSentAt: '2026-03-11T07:15:00Z',
      childPresent: true,
      summaryForSchool: 'Police attended a domestic incident at home last night; the child was present and is safe.',
      policeReference: 'NS-20260311-0042',
      ...extra,
    });

    it('the police notify the school before the next school day; the school reads the summary, not the police reference, and acknowledges it', async () => {
      const n = await ok('police-ppu', DAN, notification());
      expect(n).toMatchObject({ sentBeforeNextSchoolDay: true, school: { code: 'SCH-CASTLEGATE-HIGH' }, notifyingForce: { code: 'POLICE-NORTHSHIRE' } });
      const seen = await t.gql<any>('school-dsl', `query($id: ID!) { node(id: $id) { ... on DomesticAbuseNotification { summaryForSchool childPresent acknowledgedAt } } }`, { id: n.id });
      expect(seen.errors).toBeUndefined();
      expect(seen.data.node).toEqual({ summaryForSchool: expect.stringContaining('domestic incident'), childPresent: true, acknowledgedAt: null });
      // The police reference is police intelligence: not even in the school's schema.
      const ref = await t.gql<any>('school-dsl', `query($id: ID!) { node(id: $id) { ... on DomesticAbuseNotification { policeReference } } }`, { id: n.id });
      expect(ref.data?.node?.policeReference ?? null).toBeNull();
      expect(ref.errors?.length).toBeGreaterThan(0);

      await refused('school-dsl', ACK, { id: n.id, acknowledgedAt: '2026-03-11T07:00:00Z' }, 'acknowledgedAt', 'DATE_ORDER');
      const ack = await ok('school-dsl', ACK, { id: n.id, acknowledgedAt: '2026-03-11T08:05:00Z' });
      expect(ack).toMatchObject({ createdBy: 'sch.dsl.kay.wood', notification: { id: n.id, acknowledgedBy: 'sch.dsl.kay.wood' } });
      expect(new Date(ack.notification.acknowledgedAt).toISOString()).toBe('2026-03-11T08:05:00.000Z');
      await refused('school-dsl', ACK, { id: n.id }, 'id', 'INVALID_STATE');
      // The police cannot move the sending time after the school's acknowledgement.
      const row = () => sql(`select notification_sent_at, version from domestic_abuse_notification where id = ?`, [n.recordId]);
      await refused('police-ppu', UPDATE_DAN, { id: n.id, expectedVersion: n.version, notificationSentAt: '2026-03-11T09:30:00Z' }, 'notificationSentAt', 'DATE_ORDER', row);
    });

    it('flags a notification that reached the school after the school day began (Friday incident, Monday 11:00)', async () => {
      const n = await ok('police-ppu', DAN, notification({ incidentAt: '2026-03-13T20:00:00Z', notificationSentAt: '2026-03-16T11:00:00Z' }));
      expect(n.sentBeforeNextSchoolDay).toBe(false);
    });

    it('refuses a notification sent before the incident, an incident before the child was born, and one to an agency that is not a school', async () => {
      await refused('police-ppu', DAN, notification({ notificationSentAt: '2026-03-10T21:00:00Z' }), 'notificationSentAt', 'DATE_ORDER');
      await refused('police-ppu', DAN, notification({ incidentAt: '2011-01-01T20:00:00Z', notificationSentAt: '2011-01-02T07:00:00Z' }), 'incidentAt', 'IMPOSSIBLE_DATE');
      await refused('police-ppu', DAN, notification({ schoolCode: 'LA-NORTHSHIRE' }), 'schoolCode', 'INVALID_CODE');
    });

    it('only the notified school acknowledges', async () => {
      const n = await ok('police-ppu', DAN, notification({ incidentAt: '2026-04-20T20:00:00Z', notificationSentAt: '2026-04-21T07:00:00Z' }));
      const brookside: Principal = { subject: 'sch.dsl.other', issuer: 'test', agencyCode: 'SCH-BROOKSIDE-ACADEMY', agencyKind: AgencyKind.EDUCATION, roles: [Role.SCHOOL_DSL], purpose: Purpose.DIRECT_CARE };
      const before = await counts();
      const res = await t.gql<any>(brookside, ACK, { input: { id: n.id } });
      const code = res.errors?.[0]?.extensions?.code ?? res.data?.acknowledgeDomesticAbuseNotification?.userErrors?.[0]?.code;
      expect(['FORBIDDEN', 'NOT_FOUND']).toContain(code);
      expect(await counts()).toEqual(before);
    });

    it('lists notifications awaiting acknowledgement for the school', async () => {
      const res = await t.gql<any>('police-ppu', `{ domesticAbuseNotifications(schoolCode: "SCH-CASTLEGATE-HIGH", acknowledged: false, orderBy: INCIDENT_AT, direction: ASC) { totalCount } }`);
      expect(res.errors).toBeUndefined();
      expect(res.data.domesticAbuseNotifications.totalCount).toBe(2);
      const acked = await t.gql<any>('police-ppu', `{ domesticAbuseNotifications(acknowledged: true) { totalCount } }`);
      expect(acked.data.domesticAbuseNotifications.totalCount).toBe(1);
    });
  });

  it("shows the child's education records on the child, and filters the connections", async () => {
    const res = await t.gql<any>(
      'school-dsl',
      `query($id: ID!) { node(id: $id) { ... on Child { schoolEnrolments { fromDate } attendance { attendancePercent } exclusions { reason } domesticAbuseNotifications { incidentAt } } } }`,
      { id: childId },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.node).toMatchObject({ schoolEnrolments: [{ fromDate: '2023-09-04' }], attendance: [{ attendancePercent: 94.6 }], exclusions: [{ reason: 'PD' }] });
    expect(res.data.node.domesticAbuseNotifications).toHaveLength(3);
    // The local authority's EHC plan and CME records reach the school, which is involved with the child.
    const viaVsh = await t.gql<any>('school-dsl', `query($id: ID!) { node(id: $id) { ... on Child { ehcPlans { status } childMissingEducation { resolvedDate } } } }`, { id: childId });
    expect(viaVsh.errors).toBeUndefined();
    expect(viaVsh.data.node).toEqual({ ehcPlans: [{ status: 'ISSUED' }], childMissingEducation: [{ resolvedDate: '2026-03-20' }] });

    const q = await t.gql<any>('school-dsl', `{ attendanceSummaries(schoolCode: "SCH-CASTLEGATE-HIGH", periodFrom: "2025-09-01", periodTo: "2025-12-31") { totalCount } exclusions(kind: SUSPENSION) { totalCount } schoolEnrolments(current: true) { totalCount } }`);
    expect(q.errors).toBeUndefined();
    expect(q.data).toEqual({ attendanceSummaries: { totalCount: 1 }, exclusions: { totalCount: 1 }, schoolEnrolments: { totalCount: 1 } });
    const plans = await t.gql<any>('virtual-school-head', `{ ehcPlans(statuses: [ISSUED]) { totalCount } childMissingEducationEpisodes(open: false) { totalCount } }`);
    expect(plans.data).toEqual({ ehcPlans: { totalCount: 1 }, childMissingEducationEpisodes: { totalCount: 1 } });
  });
});
