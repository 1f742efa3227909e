import { startTestHub, type TestHub } from '../support/hub';
import { mutateOk } from '../support/mutations';
import { addWorkingDays, londonDate, timescaleRule, TimescaleRuleCode } from '../../src/timescales';
import { nextSchoolDayStart } from '../../src/modules/education/domestic-abuse-notification.entity';

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * Tasks from events (issue 13 must-show 2 and 3), over HTTP as the practitioners who record the events:
 * a section 47 enquiry raises the initial conference task, due 15 working days later (bank holidays
 * skipped), closed by the conference or cancelled when the enquiry ends without one; a child returning
 * from a missing episode, recorded by the police, raises the local authority's return home interview
 * task, due 72 hours later, re-timed when the police correct the return, closed by the offer. Each
 * agency's `myWorklist` holds only its own tasks; a refused mutation raises nothing; a retried create
 * raises one task; closing by hand is validated, owner-only, and 24 concurrent closes give one.
 */
const ERR = 'userErrors { field code message }';
const CHILD = `mutation($input: CreateChildInput!) { createChild(input: $input) { record { id recordId } ${ERR} } }`;
const S47 = `mutation($input: CreateSection47EnquiryInput!) { createSection47Enquiry(input: $input) { record { id version } ${ERR} } }`;
const UPDATE_S47 = `mutation($input: UpdateSection47EnquiryInput!) { updateSection47Enquiry(input: $input) { record { id version } ${ERR} } }`;
const CONF = `mutation($input: CreateConferenceInput!) { createChildProtectionConference(input: $input) { record { id } ${ERR} } }`;
const EPISODE = `mutation($input: CreateMissingEpisodeInput!) { createMissingEpisode(input: $input) { record { id recordId version } ${ERR} } }`;
const UPDATE_EPISODE = `mutation($input: UpdateMissingEpisodeInput!) { updateMissingEpisode(input: $input) { record { id version } ${ERR} } }`;
const RHI = `mutation($input: CreateReturnHomeInterviewInput!) { createReturnHomeInterview(input: $input) { record { id } ${ERR} } }`;
const CLOSE = `mutation($input: CloseTaskInput!) { closeTask(input: $input) { record { id version status closedAt closingNote closedInTime } ${ERR} } }`;
const TASK_FIELDS = 'id recordId version kind status dueBy dueAt clockStartedAt closedAt closedInTime closingNote raisedByRecordType fulfilledByRecordType assignedAgency { code } raisedByAgency { code } child { recordId }';
const REQUEST = `mutation($input: RequestInvolvementInput!) { requestInvolvement(input: $input) { record { id } ${ERR} } }`;
const DECIDE = `mutation($input: DecideInvolvementRequestInput!) { decideInvolvementRequest(input: $input) { record { id status } ${ERR} } }`;
const CARE = `mutation($input: CreateCareEpisodeInput!) { createCareEpisode(input: $input) { record { id } ${ERR} } }`;
const HA_REQUEST = `mutation($input: RequestHealthAssessmentInput!) { requestHealthAssessment(input: $input) { record { id version } ${ERR} } }`;
const HA_COMPLETE = `mutation($input: CompleteHealthAssessmentInput!) { completeHealthAssessment(input: $input) { record { id version } ${ERR} } }`;
const ALLOCATE = `mutation($input: AllocateInvolvementInput!) { allocateInvolvement(input: $input) { record { id } ${ERR} } }`;
const SCOPED = `query($scope: WorklistScope, $childId: ID) { myWorklist(scope: $scope, childId: $childId, first: 100) { nodes { kind child { recordId } } } }`;
const INCIDENT = `mutation($input: RecordDomesticAbuseIncidentInput!) { recordDomesticAbuseIncident(input: $input) { record { id notifySchoolBy } ${ERR} } }`;
const NOTIFY = `mutation($input: CreateDomesticAbuseNotificationInput!) { createDomesticAbuseNotification(input: $input) { record { id sentBeforeNextSchoolDay incident { id } } ${ERR} } }`;
const WORKLIST = `query($childId: ID, $overdueAt: DateTime, $status: TaskStatus) { myWorklist(childId: $childId, overdueAt: $overdueAt, status: $status, first: 50) { nodes { ${TASK_FIELDS} } } }`;

describe('tasks raised and closed by events; worklists', () => {
  let t: TestHub;
  const sql = async <T = any>(q: string, params: unknown[] = []) => t.orm.em.fork().execute<T[]>(q, params);
  const taskCount = async () => (await sql<{ n: number }>('select count(*)::int as n from task'))[0]!.n;

  const ok = (persona: string, query: string, input: Record<string, unknown>) => mutateOk(t, persona, query, input);
  async function worklist(persona: string, vars: Record<string, unknown>) {
    const res = await t.http<any>(persona, WORKLIST, vars);
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    return res.body.data.myWorklist.nodes as any[];
  }
  async function newChild(familyName: string) {
    const c = await ok('social-worker', CHILD, { familyName, givenName: 'Alex', dateOfBirth: '2014-05-06' });
    return { id: c.id as string, uuid: c.recordId as string };
  }

  beforeAll(async () => {
    t = await startTestHub({ demo: false });
  });
  afterAll(() => t.close());

  it('a section 47 enquiry raises the ICPC task, due 15 working days later across Easter; only the authority’s worklist holds it; the initial conference closes it in time', async () => {
    const child = await newChild('Easter');
    const s47 = await ok('social-worker', S47, { childId: child.id, startDate: '2026-04-01' });
    // Wed 1 April 2026 + 15 working days, skipping Good Friday (3rd) and Easter Monday (6th): Fri 24 April.
    expect(addWorkingDays('2026-04-01', 15)).toBe('2026-04-24');
    expect(timescaleRule(TimescaleRuleCode.ICPC).dueBy('2026-04-01')).toBe('2026-04-24');
    const [task, ...rest] = await worklist('social-worker', { childId: child.id });
    expect(rest).toEqual([]);
    expect(task).toMatchObject({
      kind: 'ICPC',
      status: 'OPEN',
      dueBy: '2026-04-24',
      // Late from the start of 25 April in England (BST): 23:00 UTC on the 24th.
      dueAt: '2026-04-24T23:00:00.000Z',
      clockStartedAt: '2026-03-31T23:00:00.000Z',
      closedInTime: null,
      raisedByRecordType: 'Section47Enquiry',
      assignedAgency: { code: 'LA-NORTHSHIRE' },
      raisedByAgency: { code: 'LA-NORTHSHIRE' },
      child: { recordId: child.uuid },
    });
    // Overdue on 25 April, not on the 24th.
    expect((await worklist('social-worker', { childId: child.id, overdueAt: '2026-04-24T22:59:59Z' }))).toEqual([]);
    expect((await worklist('social-worker', { childId: child.id, overdueAt: '2026-04-25T09:00:00Z' })).map((x) => x.id)).toEqual([task.id]);
    // Other agencies owe nothing here.
    for (const persona of ['police-ppu', 'health-visitor', 'school-dsl']) expect(await worklist(persona, { childId: child.id })).toEqual([]);

    await ok('cp-chair', CONF, { childId: child.id, section47EnquiryId: s47.id, type: 'INITIAL', conferenceDate: '2026-04-23', outcome: 'NO_PLAN', chairName: 'Dev Patel' });
    const [done] = await worklist('social-worker', { childId: child.id });
    expect(done).toMatchObject({ status: 'DONE', closedAt: '2026-04-22T23:00:00.000Z', closedInTime: true, fulfilledByRecordType: 'ChildProtectionConference', version: task.version + 1 });
    // The task's creation and its closing are in the audit as writes of the requests that made them.
    const audited = await sql<{ action: string }>(`select action from audit_event where record_type = 'Task' and record_id = ? order by seq`, [task.recordId]);
    expect(audited.map((a) => a.action)).toEqual(['CREATE', 'UPDATE']);
  });

  it('an enquiry that ends without a conference cancels its ICPC task, with the reason', async () => {
    const child = await newChild('Nfa');
    const s47 = await ok('social-worker', S47, { childId: child.id, startDate: '2026-05-01' });
    await ok('social-worker', UPDATE_S47, { id: s47.id, expectedVersion: s47.version, endDate: '2026-05-08', outcome: 'NFA' });
    const [task] = await worklist('social-worker', { childId: child.id });
    expect(task).toMatchObject({ kind: 'ICPC', status: 'CANCELLED', closedInTime: true, closingNote: 'The enquiry ended with outcome NFA: no initial conference.' });
  });

  it('the police record a return from missing: the authority leading the child owes the interview offer within 72 hours, re-timed when the return is corrected, closed by the offer', async () => {
    const child = await newChild('Returned');
    const e = await ok('police-ppu', EPISODE, { childId: child.id, episodeType: 'MISSING', startAt: '2026-03-01T20:00:00Z', endAt: '2026-03-02T09:00:00Z', riskGrading: 'MEDIUM', riskGradingScheme: 'College of Policing APP 2017' });
    let [task] = await worklist('social-worker', { childId: child.id });
    expect(task).toMatchObject({ kind: 'RHI_OFFER', status: 'OPEN', dueBy: null, dueAt: '2026-03-05T09:00:00.000Z', raisedByRecordType: 'MissingEpisode', raisedByAgency: { code: 'POLICE-NORTHSHIRE' }, assignedAgency: { code: 'LA-NORTHSHIRE' } });
    expect(await worklist('police-ppu', { childId: child.id })).toEqual([]);

    await ok('police-ppu', UPDATE_EPISODE, { id: e.id, expectedVersion: e.version, endAt: '2026-03-02T18:30:00Z' });
    [task] = await worklist('social-worker', { childId: child.id });
    expect(task).toMatchObject({ status: 'OPEN', dueAt: '2026-03-05T18:30:00.000Z', clockStartedAt: '2026-03-02T18:30:00.000Z' });

    await ok('social-worker', RHI, { episodeId: e.id, offeredAt: '2026-03-06T10:00:00Z' });
    [task] = await worklist('social-worker', { childId: child.id });
    expect(task).toMatchObject({ status: 'DONE', closedAt: '2026-03-06T10:00:00.000Z', closedInTime: false, fulfilledByRecordType: 'ReturnHomeInterview' });
    // An episode still open (no return yet) raises nothing.
    const other = await newChild('StillMissing');
    await ok('police-ppu', EPISODE, { childId: other.id, episodeType: 'MISSING', startAt: '2026-03-01T20:00:00Z' });
    expect(await worklist('social-worker', { childId: other.id })).toEqual([]);
  });

  it('a refused mutation raises no task; a retried create raises one', async () => {
    const child = await newChild('Refused');
    const before = await taskCount();
    const res = await t.gql<any>('social-worker', S47, { input: { childId: child.id, startDate: '2026-05-10', endDate: '2026-05-01' } });
    expect(res.data.createSection47Enquiry.record).toBeNull();
    expect(res.data.createSection47Enquiry.userErrors.length).toBeGreaterThan(0);
    expect(await taskCount()).toBe(before);

    const input = { childId: child.id, startDate: '2026-05-11', sourceSystem: 'mosaic', sourceRecordId: 'S47-RETRY-1' };
    await Promise.all(Array.from({ length: 6 }, () => t.gql<any>('social-worker', S47, { input })));
    expect(await taskCount()).toBe(before + 1);
  });

  it('closing by hand: a note is required, a closed task stays closed, only the owner may close it, a stale version is CONFLICT; 24 concurrent closes give one', async () => {
    const child = await newChild('Manual');
    await ok('social-worker', S47, { childId: child.id, startDate: '2026-06-01' });
    const [task] = await worklist('social-worker', { childId: child.id });
    const snapshot = async () => sql(`select status, version, closed_at, closing_note from task where id = ?`, [task.recordId]);
    const before = await snapshot();

    const codes = async (persona: string, input: Record<string, unknown>) => {
      const res = await t.gql<any>(persona, CLOSE, { input: { id: task.id, expectedVersion: task.version, status: 'CANCELLED', note: 'Case transferred out.', ...input } });
      if (res.errors) return res.errors.map((e: any) => e.extensions.code);
      expect(res.data.closeTask.record).toBeNull();
      return res.data.closeTask.userErrors.map((e: any) => `${e.field.join('.')}:${e.code}`);
    };
    expect(await codes('social-worker', { note: '  ' })).toEqual(['input.note:REQUIRED']);
    expect(await codes('social-worker', { status: 'OPEN' })).toEqual(['input.status:INVALID_STATE']);
    expect(await codes('social-worker', { closedAt: '2026-05-01T00:00:00Z' })).toEqual(['input.closedAt:DATE_ORDER']);
    expect(await codes('social-worker', { expectedVersion: task.version + 5 })).toEqual(['input.expectedVersion:CONFLICT']);
    expect(await codes('social-worker', { id: 'not-an-id' })).toEqual(expect.arrayContaining([expect.stringMatching(/NOT_FOUND|BAD_USER_INPUT/)]));
    // The police may not close the authority's task (their schema has no closeTask, or it is refused).
    const police = await t.http<any>('police-ppu', CLOSE, { input: { id: task.id, expectedVersion: task.version, status: 'DONE', note: 'Done.' } });
    expect(police.body.data?.closeTask?.record ?? null).toBeNull();
    expect(await snapshot()).toEqual(before);

    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) => t.http<any>('social-worker', CLOSE, { input: { id: task.id, expectedVersion: task.version, status: 'DONE', note: `Held on the phone (${i}).` } })),
    );
    const outcomes = results.map((r) => (r.body.data.closeTask.record ? 'CLOSED' : r.body.data.closeTask.userErrors.map((e: any) => e.code).join(',')));
    expect(outcomes.filter((o) => o === 'CLOSED')).toHaveLength(1);
    expect(outcomes.filter((o) => o !== 'CLOSED').every((o) => o === 'CONFLICT')).toBe(true);
    const [after] = await sql<{ status: string; version: number }>(`select status, version from task where id = ?`, [task.recordId]);
    expect(after).toMatchObject({ status: 'DONE', version: task.version + 1 });
    expect(await codes('social-worker', { expectedVersion: task.version + 1 })).toEqual(['input.id:INVALID_STATE']);
  });

  it('a partner asking to be involved: the lead agency owes a decision by the next working day, closed by its decision; the requester owes nothing', async () => {
    const child = await newChild('Requested');
    // Decided within 1 working day of the request (weekends and bank holidays skipped), late from the end of that day in England.
    const request = await ok('police-ppu', REQUEST, { childId: child.id, role: 'POLICE_OIC', reason: 'Officer in the case for an assault on the child.' });
    const [task, ...rest] = await worklist('social-worker', { childId: child.id });
    expect(rest).toEqual([]);
    const due = timescaleRule(TimescaleRuleCode.INVOLVEMENT_DECISION).dueBy(task.clockStartedAt);
    expect(task).toMatchObject({ kind: 'INVOLVEMENT_DECISION', status: 'OPEN', dueBy: due, raisedByRecordType: 'Involvement', assignedAgency: { code: 'LA-NORTHSHIRE' }, raisedByAgency: { code: 'POLICE-NORTHSHIRE' } });
    expect(due).toBe(addWorkingDays(londonDate(task.clockStartedAt), 1));
    // Not the police's work: their worklist holds only what they owe.
    expect(await worklist('police-ppu', { childId: child.id })).toEqual([]);
    await ok('social-worker', DECIDE, { id: request.id, decision: 'ACCEPT', reason: 'Joint working agreed.' });
    const [done] = await worklist('social-worker', { childId: child.id });
    expect(done).toMatchObject({ kind: 'INVOLVEMENT_DECISION', status: 'DONE', closedInTime: true, fulfilledByRecordType: 'Involvement' });
  });

  it('a child entering care: health owes the initial assessment within 20 working days of entering care, then the review by the child’s age (6 months under 5, else 12)', async () => {
    for (const [dob, months] of [['2023-01-15', 6], ['2014-05-06', 12]] as const) {
      const c = await ok('social-worker', CHILD, { familyName: `InCare${months}`, givenName: 'Jo', dateOfBirth: dob });
      const ep = await ok('social-worker', CARE, { childId: c.id, startDate: '2026-03-30', legalStatus: 'C1', categoryOfNeed: 'N1', reasonForNewEpisode: 'S' });
      const ha = await ok('social-worker', HA_REQUEST, { careEpisodeId: ep.id, type: 'INITIAL', healthAgencyCode: 'NHS-NORTHSHIRE-CHT', requestedAt: '2026-03-31T10:00:00Z' });
      // Mon 30 March 2026 + 20 working days, skipping Good Friday and Easter Monday: Wed 29 April.
      const due = timescaleRule(TimescaleRuleCode.IHA_COMPLETION).dueBy('2026-03-30');
      expect(due).toBe('2026-04-29');
      const [iha] = await worklist('health-visitor', { childId: c.id });
      expect(iha).toMatchObject({ kind: 'IHA_COMPLETION', status: 'OPEN', dueBy: due, assignedAgency: { code: 'NHS-NORTHSHIRE-CHT' }, raisedByAgency: { code: 'LA-NORTHSHIRE' }, raisedByRecordType: 'HealthAssessment' });
      await ok('health-visitor', HA_COMPLETE, { id: ha.id, expectedVersion: ha.version, completedAt: '2026-04-20', performedBy: 'PAEDIATRICIAN' });
      const tasks = await worklist('health-visitor', { childId: c.id });
      expect(tasks.find((x) => x.kind === 'IHA_COMPLETION')).toMatchObject({ status: 'DONE', closedInTime: true });
      const rha = tasks.find((x) => x.kind === 'RHA');
      expect(rha).toMatchObject({ status: 'OPEN', dueBy: timescaleRule(TimescaleRuleCode.RHA).dueBy('2026-04-20', { dateOfBirth: dob }) });
      expect(rha.dueBy).toBe(months === 6 ? '2026-10-20' : '2027-04-20');
    }
  });

  it('a team’s and a practitioner’s worklist: the tasks about the children allocated to them; no team or no registration is a clear error', async () => {
    const mine = await newChild('AllocatedToAmy');
    const other = await newChild('Unallocated');
    const amy = (await sql<{ id: string }>(`select id from practitioner where subject = 'la.sw.amy.khan'`))[0]!.id;
    await ok('team-manager', ALLOCATE, { childId: mine.id, role: 'ALLOCATED_SOCIAL_WORKER', teamCode: 'ASSESS-1', practitionerId: amy });
    for (const c of [mine, other]) await ok('social-worker', S47, { childId: c.id, startDate: '2026-07-01' });
    const scoped = async (persona: string, scope: string) => {
      const res = await t.http<any>(persona, SCOPED, { scope });
      return res.body;
    };
    const childrenIn = (body: any) => new Set(body.data.myWorklist.nodes.map((n: any) => n.child.recordId));
    const amysList = await scoped('social-worker', 'MINE');
    expect(amysList.errors).toBeUndefined();
    expect(childrenIn(amysList).has(mine.uuid)).toBe(true);
    expect(childrenIn(amysList).has(other.uuid)).toBe(false);
    const teamList = await scoped('team-manager', 'TEAM');
    expect(childrenIn(teamList).has(mine.uuid)).toBe(true);
    expect(childrenIn(teamList).has(other.uuid)).toBe(false);
    const agencyList = await scoped('team-manager', 'AGENCY');
    expect([childrenIn(agencyList).has(mine.uuid), childrenIn(agencyList).has(other.uuid)]).toEqual([true, true]);
    // The school's token names no team: its TEAM worklist is refused with the reason, not emptied silently.
    const noTeam = await scoped('school-dsl', 'TEAM');
    expect(noTeam.errors?.map((e: any) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });

  it('Operation Encompass: a domestic abuse incident gives the force a task to tell the school before 09:00 on the next school day (a bank holiday Monday skipped); the notification naming it closes it', async () => {
    const child = await newChild('Encompass');
    // Friday 22 May 2026, 21:00 BST; Monday 25 May is the spring bank holiday: Tuesday 26 May 09:00 BST.
    const incident = await ok('police-ppu', INCIDENT, { childId: child.id, incidentAt: '2026-05-22T20:00:00Z', childPresent: true, schoolCode: 'SCH-CASTLEGATE-HIGH', policeReference: 'NS-1' });
    expect(incident.notifySchoolBy).toBe('2026-05-26T08:00:00.000Z');
    const [task] = await worklist('police-ppu', { childId: child.id });
    expect(task).toMatchObject({ kind: 'OPERATION_ENCOMPASS', status: 'OPEN', dueAt: '2026-05-26T08:00:00.000Z', dueBy: null, raisedByRecordType: 'DomesticAbuseIncident', assignedAgency: { code: 'POLICE-NORTHSHIRE' } });
    for (const persona of ['school-dsl', 'social-worker']) expect(await worklist(persona, { childId: child.id })).toEqual([]);

    // A notification about another child cannot name this incident, and nothing is stored.
    const other = await newChild('EncompassOther');
    const before = await sql('select count(*)::int n from domestic_abuse_notification');
    const refused = await t.gql<any>('police-ppu', NOTIFY, { input: { childId: other.id, incidentId: incident.id, schoolCode: 'SCH-CASTLEGATE-HIGH', notificationSentAt: '2026-05-23T08:00:00Z', summaryForSchool: 'x' } });
    expect(refused.data.createDomesticAbuseNotification.userErrors.map((e: any) => `${e.field.at(-1)}:${e.code}`)).toEqual(expect.arrayContaining(['incidentId:INVALID_STATE']));
    expect(await sql('select count(*)::int n from domestic_abuse_notification')).toEqual(before);

    const sent = await ok('police-ppu', NOTIFY, { childId: child.id, incidentId: incident.id, schoolCode: 'SCH-CASTLEGATE-HIGH', notificationSentAt: '2026-05-26T07:30:00Z', summaryForSchool: 'Police attended a domestic incident at home on Friday night; the child was present.' });
    expect(sent).toMatchObject({ sentBeforeNextSchoolDay: true, incident: { id: incident.id } });
    const [done] = await worklist('police-ppu', { childId: child.id });
    expect(done).toMatchObject({ status: 'DONE', closedInTime: true, fulfilledByRecordType: 'DomesticAbuseNotification', closedAt: '2026-05-26T07:30:00.000Z' });
    // An incident with no school known owes no notification.
    const noSchool = await newChild('EncompassNoSchool');
    await ok('police-ppu', INCIDENT, { childId: noSchool.id, incidentAt: '2026-05-22T20:00:00Z' });
    expect(await worklist('police-ppu', { childId: noSchool.id })).toEqual([]);
  });

  it('Operation Encompass: the next school day skips weekends and bank holidays (Christmas 2026: Friday 25th, then the Boxing Day holiday on Monday 28th)', () => {
    expect(nextSchoolDayStart(new Date('2026-12-24T21:00:00Z')).toISOString()).toBe('2026-12-29T09:00:00.000Z');
    // Summer time: 09:00 BST is 08:00 UTC; Friday evening's next school day is Monday.
    expect(nextSchoolDayStart(new Date('2026-06-05T19:00:00Z')).toISOString()).toBe('2026-06-08T08:00:00.000Z');
  });
});
