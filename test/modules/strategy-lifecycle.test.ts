import { measureByCode } from '../../src/analytics/measures';
import { measureRecordRows } from '../../src/analytics/drilldown';
import type { Period } from '../../src/analytics/periods';
import { addCalendarDays, londonDate } from '../../src/timescales';
import { startTestHub, type TestHub } from '../support/hub';
import { mutateOk, refusalCodes } from '../support/mutations';

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * The strategy discussion lifecycle (issue 13 must-show 1), over GraphQL as each agency: the authority
 * convenes (reason, urgency, planned time) and invites health, the school and the police with a
 * respond-by time; each invitation is a task in the invited agency's worklist; health accepts, the school
 * sends a written contribution, the police do not answer; the discussion is held with attendance, a
 * decision and actions assigned to agencies with due dates, each a task in that agency's worklist. Not
 * inviting health or education needs a reason; bad input is refused with typed errors and stores
 * nothing; concurrent callers get one outcome; the scorecard counts held discussions only.
 */
const ERR = 'userErrors { field code message }';
const CHILD = `mutation($input: CreateChildInput!) { createChild(input: $input) { record { id recordId } ${ERR} } }`;
const PARTICIPANT = 'id recordId agency { code } status statusReason respondBy statusRecordedBySelf responseVersion';
const DISCUSSION = `id recordId version stage urgency convenedAt heldAt decision healthNotInvitedReason educationNotInvitedReason isMultiAgency healthAttended educationAttended
  participants { ${PARTICIPANT} } actions { recordId description dueBy assignedAgency { code } }`;
const CONVENE = `mutation($input: ConveneStrategyDiscussionInput!) { conveneStrategyDiscussion(input: $input) { record { ${DISCUSSION} } ${ERR} } }`;
const HELD = `mutation($input: RecordStrategyDiscussionHeldInput!) { recordStrategyDiscussionHeld(input: $input) { record { ${DISCUSSION} } ${ERR} } }`;
const RESPOND = `mutation($input: RespondToStrategyDiscussionInput!) { respondToStrategyDiscussion(input: $input) { record { ${PARTICIPANT} } ${ERR} } }`;
const CONTRIBUTE = `mutation($input: AddContributionInput!) { addContribution(input: $input) { record { id } ${ERR} } }`;
const CREATE_SD = `mutation($input: CreateStrategyDiscussionInput!) { createStrategyDiscussion(input: $input) { record { ${DISCUSSION} } ${ERR} } }`;
const S47 = `mutation($input: CreateSection47EnquiryInput!) { createSection47Enquiry(input: $input) { record { id } ${ERR} } }`;
const READ = `query($id: ID!) { node(id: $id) { ... on StrategyDiscussion { ${DISCUSSION} } } }`;
const TASK = 'kind status detail dueBy dueAt closedInTime closingNote raisedByRecordType assignedAgency { code } raisedByAgency { code }';
const WORKLIST = `query($childId: ID) { myWorklist(childId: $childId, first: 50) { nodes { ${TASK} } } }`;

describe('strategy discussion lifecycle: convene, invite, respond, hold, decide, assign', () => {
  let t: TestHub;
  let agency: Record<string, string>;
  const sql = async <T = any>(q: string, params: unknown[] = []) => t.orm.em.fork().execute<T[]>(q, params);
  const ok = (persona: string, query: string, input: Record<string, unknown>) => mutateOk(t, persona, query, input);
  const counts = async () =>
    (await sql(`select (select count(*) from strategy_discussion)::int d, (select count(*) from strategy_discussion_participant)::int p,
                       (select count(*) from strategy_discussion_response)::int r, (select count(*) from strategy_discussion_action)::int a, (select count(*) from task)::int t`))[0];
  async function worklist(persona: string, childId: string) {
    const res = await t.http<any>(persona, WORKLIST, { childId });
    expect(res.body.errors).toBeUndefined();
    return res.body.data.myWorklist.nodes as any[];
  }
  async function newChild(familyName: string) {
    return ok('social-worker', CHILD, { familyName, givenName: 'Sam', dateOfBirth: '2015-02-03' });
  }
  const inHours = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();
  const today = () => londonDate(new Date());
  function conveneInput(childId: string, extra: Record<string, unknown> = {}) {
    return {
      childId,
      concernSummary: 'Bruising to the face seen at school; the child says a parent hit them.',
      urgency: 'NEXT_WORKING_DAY',
      plannedAt: inHours(26),
      format: 'VIDEO',
      convenedByName: 'Ben Okafor',
      convenedByRole: 'Team manager',
      invitations: [
        { agencyId: agency['POLICE-NORTHSHIRE'], role: 'Public protection officer', respondBy: inHours(20) },
        { agencyId: agency['NHS-NORTHSHIRE-CHT'], role: 'School nurse', practitionerName: 'Grace Lee', respondBy: inHours(20) },
        { agencyId: agency['SCH-CASTLEGATE-HIGH'], role: 'Designated safeguarding lead', respondBy: inHours(22) },
      ],
      ...extra,
    };
  }
  const byCode = (d: any, code: string) => d.participants.find((p: any) => p.agency.code === code);

  beforeAll(async () => {
    t = await startTestHub({ demo: false });
    agency = Object.fromEntries((await sql<{ code: string; id: string }>('select code, id from agency')).map((r) => [r.code, r.id]));
  });
  afterAll(() => t.close());

  it('the whole lifecycle: invitations become the invited agencies’ tasks, responses close them, the held discussion assigns actions to agencies', async () => {
    const child = await newChild('Lifecycle');
    const input = conveneInput(child.id);
    const d = await ok('team-manager', CONVENE, input);
    expect(d).toMatchObject({ stage: 'CONVENED', urgency: 'NEXT_WORKING_DAY', decision: null, heldAt: input.plannedAt, isMultiAgency: false });
    expect(d.participants.map((p: any) => [p.agency.code, p.status, p.respondBy])).toEqual(
      expect.arrayContaining([
        ['POLICE-NORTHSHIRE', 'INVITED', input.invitations[0]!.respondBy],
        ['NHS-NORTHSHIRE-CHT', 'INVITED', input.invitations[1]!.respondBy],
        ['SCH-CASTLEGATE-HIGH', 'INVITED', input.invitations[2]!.respondBy],
      ]),
    );

    // Each invited agency owes a response by the time asked; the convener owes none.
    for (const [persona, code, i] of [['police-ppu', 'POLICE-NORTHSHIRE', 0], ['health-visitor', 'NHS-NORTHSHIRE-CHT', 1], ['school-dsl', 'SCH-CASTLEGATE-HIGH', 2]] as const) {
      const tasks = await worklist(persona, child.id);
      expect(tasks).toEqual([
        expect.objectContaining({ kind: 'STRATEGY_INVITATION', status: 'OPEN', dueAt: input.invitations[i]!.respondBy, dueBy: null, raisedByRecordType: 'StrategyDiscussionParticipant', assignedAgency: { code }, raisedByAgency: { code: 'LA-NORTHSHIRE' } }),
      ]);
    }
    expect(await worklist('team-manager', child.id)).toEqual([]);

    // Health accepts; the school sends a written contribution instead (after adding it); the police say nothing.
    await ok('health-visitor', RESPOND, { participantId: byCode(d, 'NHS-NORTHSHIRE-CHT').id, status: 'ACCEPTED', practitionerName: 'Grace Lee' });
    const school = byCode(d, 'SCH-CASTLEGATE-HIGH');
    expect(await refusalCodes(t, 'school-dsl', RESPOND, { participantId: school.id, status: 'WRITTEN_CONTRIBUTION' })).toEqual(['input.status:REQUIRED']);
    expect(await refusalCodes(t, 'school-dsl', RESPOND, { participantId: school.id, status: 'ATTENDED' })).toEqual(['input.status:INVALID_STATE']);
    await ok('school-dsl', CONTRIBUTE, { discussionId: d.id, summary: 'Attendance 78% this term; the child disclosed to the class teacher.', educationDetail: 'Disclosure recorded verbatim on CPOMS.' });
    await ok('school-dsl', RESPOND, { participantId: school.id, status: 'WRITTEN_CONTRIBUTION' });
    expect((await worklist('health-visitor', child.id))[0]).toMatchObject({ kind: 'STRATEGY_INVITATION', status: 'DONE', closedInTime: true });
    expect((await worklist('school-dsl', child.id))[0]).toMatchObject({ kind: 'STRATEGY_INVITATION', status: 'DONE', closedInTime: true });
    expect((await worklist('police-ppu', child.id))[0]).toMatchObject({ kind: 'STRATEGY_INVITATION', status: 'OPEN' });

    // Held: the police and health came; the decision is an s47 enquiry, with actions for the police and health.
    const heldAt = new Date().toISOString();
    const actions = [
      { agencyId: agency['POLICE-NORTHSHIRE'], description: 'Joint visit with the social worker; see the child alone.', dueBy: addCalendarDays(today(), 1) },
      { agencyId: agency['NHS-NORTHSHIRE-CHT'], description: 'Send the health summary to the social worker.', dueBy: addCalendarDays(today(), 3) },
    ];
    const held = await ok('team-manager', HELD, {
      id: d.id,
      expectedVersion: d.version,
      heldAt,
      attendedParticipantIds: [byCode(d, 'POLICE-NORTHSHIRE').id, byCode(d, 'NHS-NORTHSHIRE-CHT').id],
      decision: 'S47_ENQUIRY',
      decisionRationale: 'Reasonable cause to suspect significant harm.',
      actions,
    });
    expect(held).toMatchObject({ stage: 'HELD', decision: 'S47_ENQUIRY', heldAt, isMultiAgency: true, healthAttended: true, educationAttended: false });
    // Attendance recorded at the discussion wins over health's earlier ACCEPTED; the school's own account stands.
    expect(held.participants.map((p: any) => [p.agency.code, p.status])).toEqual(
      expect.arrayContaining([
        ['POLICE-NORTHSHIRE', 'ATTENDED'],
        ['NHS-NORTHSHIRE-CHT', 'ATTENDED'],
        ['SCH-CASTLEGATE-HIGH', 'WRITTEN_CONTRIBUTION'],
      ]),
    );
    expect(held.actions.map((a: any) => [a.assignedAgency.code, a.dueBy])).toEqual([
      ['POLICE-NORTHSHIRE', actions[0]!.dueBy],
      ['NHS-NORTHSHIRE-CHT', actions[1]!.dueBy],
    ]);
    // The police invitation is answered by coming; each assigned agency has its action in its worklist.
    const police = await worklist('police-ppu', child.id);
    expect(police).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'STRATEGY_INVITATION', status: 'DONE' }),
        expect.objectContaining({ kind: 'AGREED_ACTION', status: 'OPEN', dueBy: actions[0]!.dueBy, detail: actions[0]!.description, raisedByRecordType: 'StrategyDiscussionAction' }),
      ]),
    );
    expect((await worklist('health-visitor', child.id)).find((x) => x.kind === 'AGREED_ACTION')).toMatchObject({ dueBy: actions[1]!.dueBy, detail: actions[1]!.description });
    expect((await worklist('school-dsl', child.id)).filter((x) => x.kind === 'AGREED_ACTION')).toEqual([]);
    // The enquiry the decision starts names the discussion; its ICPC task follows (issue 13 must-show 2).
    await ok('social-worker', S47, { childId: child.id, strategyDiscussionId: d.id, startDate: today() });
    expect((await worklist('social-worker', child.id)).map((x) => x.kind)).toEqual(['ICPC']);

    // Held once: recording it again is refused, and nothing changes.
    const before = await counts();
    expect(await refusalCodes(t, 'team-manager', HELD, { id: d.id, expectedVersion: held.version, heldAt, attendedParticipantIds: [], decision: 'NFA' })).toEqual(['input.id:ALREADY_DECIDED']);
    expect(await counts()).toEqual(before);
    // The audit holds each write of the lifecycle as the request that made it.
    const audited = await sql<{ record_type: string; n: number }>(
      `select record_type, count(*)::int n from audit_event where record_type in ('StrategyDiscussionAction', 'Task', 'StrategyDiscussionResponse') and ? = any(child_ids) group by 1 order by 1`,
      [child.recordId],
    );
    expect(audited.map((a) => a.record_type)).toEqual(['StrategyDiscussionAction', 'StrategyDiscussionResponse', 'Task']);
  });

  it('an invited agency that neither answers nor comes: its invitation lapses when the discussion is held', async () => {
    const child = await newChild('Lapsed');
    const d = await ok('team-manager', CONVENE, conveneInput(child.id));
    await ok('team-manager', HELD, { id: d.id, expectedVersion: d.version, heldAt: new Date().toISOString(), attendedParticipantIds: [byCode(d, 'NHS-NORTHSHIRE-CHT').id], decision: 'NO_S47' });
    const after = (await t.http<any>('team-manager', READ, { id: d.id })).body.data!.node;
    expect(byCode(after, 'POLICE-NORTHSHIRE').status).toBe('DID_NOT_ATTEND');
    expect(byCode(after, 'SCH-CASTLEGATE-HIGH').status).toBe('DID_NOT_ATTEND');
    expect(await worklist('police-ppu', child.id)).toEqual([expect.objectContaining({ kind: 'STRATEGY_INVITATION', status: 'CANCELLED', closingNote: 'The discussion was held without a response from the agency.' })]);
    expect(await worklist('health-visitor', child.id)).toEqual([expect.objectContaining({ kind: 'STRATEGY_INVITATION', status: 'DONE' })]);
  });

  it('refuses bad convening with typed errors and stores nothing: no health or school without a reason, past plans, late respond-by, duplicates, unknown agencies', async () => {
    const child = await newChild('Refusals');
    const before = await counts();
    const without = (code: string) => conveneInput(child.id).invitations.filter((i) => i.agencyId !== agency[code]);
    expect(await refusalCodes(t, 'team-manager', CONVENE, conveneInput(child.id, { invitations: without('NHS-NORTHSHIRE-CHT') }))).toEqual(['input.healthNotInvitedReason:REQUIRED']);
    expect(await refusalCodes(t, 'team-manager', CONVENE, conveneInput(child.id, { invitations: without('SCH-CASTLEGATE-HIGH'), educationNotInvitedReason: '  ' }))).toEqual(['input.educationNotInvitedReason:REQUIRED']);
    expect(await refusalCodes(t, 'team-manager', CONVENE, conveneInput(child.id, { plannedAt: inHours(-3) }))).toEqual(
      expect.arrayContaining(['input.plannedAt:DATE_ORDER']),
    );
    const late = conveneInput(child.id);
    late.invitations[0]!.respondBy = inHours(30);
    expect(await refusalCodes(t, 'team-manager', CONVENE, late)).toEqual(['input.invitations.0.respondBy:DATE_ORDER']);
    const past = conveneInput(child.id);
    past.invitations[1]!.respondBy = inHours(-1);
    expect(await refusalCodes(t, 'team-manager', CONVENE, past)).toEqual(['input.invitations.1.respondBy:DATE_ORDER']);
    const twice = conveneInput(child.id);
    twice.invitations.push({ ...twice.invitations[0]! });
    expect(await refusalCodes(t, 'team-manager', CONVENE, twice)).toEqual(['input.invitations.3.agencyId:DUPLICATE']);
    const unknown = conveneInput(child.id);
    unknown.invitations[2]!.agencyId = '00000000-0000-4000-8000-000000000000';
    expect(await refusalCodes(t, 'team-manager', CONVENE, unknown)).toEqual(expect.arrayContaining(['input.invitations.2.agencyId:NOT_FOUND']));
    expect(await refusalCodes(t, 'team-manager', CONVENE, conveneInput(child.id, { invitations: [] }))).toEqual(expect.arrayContaining(['input.invitations:REQUIRED']));
    // A reason recorded instead of an invitation is accepted.
    expect(await counts()).toEqual(before);
    const d = await ok('team-manager', CONVENE, conveneInput(child.id, { invitations: without('SCH-CASTLEGATE-HIGH'), educationNotInvitedReason: 'The child is not on a school roll (electively home educated).' }));
    expect(d.educationNotInvitedReason).toBe('The child is not on a school roll (electively home educated).');

    // A discussion not yet held cannot start an enquiry, be given a decision by update, or take attendance out of turn.
    expect(await refusalCodes(t, 'social-worker', S47, { childId: child.id, strategyDiscussionId: d.id, startDate: today() })).toEqual(expect.arrayContaining(['input.strategyDiscussionId:INVALID_STATE']));
    const heldRefusals = async (extra: Record<string, unknown>) =>
      refusalCodes(t, 'team-manager', HELD, { id: d.id, expectedVersion: d.version, heldAt: new Date().toISOString(), attendedParticipantIds: [], decision: 'NO_S47', ...extra });
    const snapshot = await counts();
    expect(await heldRefusals({ heldAt: inHours(5) })).toEqual(['input.heldAt:DATE_IN_FUTURE']);
    expect(await heldRefusals({ heldAt: inHours(-48) })).toEqual(['input.heldAt:DATE_ORDER']);
    expect(await heldRefusals({ expectedVersion: d.version + 3 })).toEqual(['input.expectedVersion:CONFLICT']);
    expect(await heldRefusals({ attendedParticipantIds: [d.id] })).toEqual(['input.attendedParticipantIds.0:NOT_FOUND']);
    expect(await heldRefusals({ actions: [{ agencyId: agency['POLICE-NORTHSHIRE'], description: 'Visit.', dueBy: addCalendarDays(today(), -2) }] })).toEqual(['input.actions.0.dueBy:DATE_ORDER']);
    expect(await heldRefusals({ actions: [{ agencyId: agency['POLICE-NORTHSHIRE'], description: ' ', dueBy: today() }] })).toEqual(['input.actions.0.description:REQUIRED']);
    // Another agency may not record the convener's discussion as held: the police schema has no such mutation.
    expect(await refusalCodes(t, 'police-ppu', HELD, { id: d.id, expectedVersion: d.version, heldAt: new Date().toISOString(), attendedParticipantIds: [], decision: 'NFA' })).toContain('GRAPHQL_VALIDATION_FAILED');
    expect(await counts()).toEqual(snapshot);
  });

  it('a discussion recorded after the fact still works, needs the same reason for leaving out health or education, and may assign actions', async () => {
    const child = await newChild('AfterTheFact');
    const input = {
      childId: child.id,
      concernSummary: 'Out of hours call after a police attendance.',
      convenedByName: 'Amy Khan',
      convenedByRole: 'Social worker',
      heldAt: inHours(-5),
      format: 'CALL',
      decision: 'S47_ENQUIRY',
      participants: [{ agencyId: agency['POLICE-NORTHSHIRE'], role: 'Public protection officer', status: 'ATTENDED' }],
      actions: [{ agencyId: agency['POLICE-NORTHSHIRE'], description: 'Share the incident log.', dueBy: today() }],
    };
    expect(await refusalCodes(t, 'social-worker', CREATE_SD, input)).toEqual(['input.healthNotInvitedReason:REQUIRED', 'input.educationNotInvitedReason:REQUIRED']);
    const d = await ok('social-worker', CREATE_SD, { ...input, healthNotInvitedReason: 'Out of hours: no health on call.', educationNotInvitedReason: 'Out of hours: school closed.' });
    expect(d).toMatchObject({ stage: 'HELD', urgency: null, convenedAt: null, isMultiAgency: false });
    expect(await worklist('police-ppu', child.id)).toEqual([expect.objectContaining({ kind: 'AGREED_ACTION', dueBy: today(), detail: 'Share the incident log.' })]);
  });

  it('24 concurrent callers: one response per agency, one held record, the actions written once', async () => {
    const child = await newChild('Crowd');
    const d = await ok('team-manager', CONVENE, conveneInput(child.id));
    const health = byCode(d, 'NHS-NORTHSHIRE-CHT');
    const responses = await Promise.all(Array.from({ length: 24 }, () => t.http<any>('health-visitor', RESPOND, { input: { participantId: health.id, status: 'ACCEPTED' } })));
    const outcomes = responses.map((r) => (r.body.data.respondToStrategyDiscussion.record ? 'OK' : r.body.data.respondToStrategyDiscussion.userErrors.map((e: any) => e.code).join()));
    expect(outcomes.filter((o) => o === 'OK')).toHaveLength(1);
    expect(outcomes.filter((o) => o !== 'OK').every((o) => o === 'CONFLICT')).toBe(true);
    expect((await sql(`select count(*)::int n from strategy_discussion_response where participant_id = ?`, [health.recordId]))[0].n).toBe(1);

    const heldInput = {
      id: d.id,
      expectedVersion: d.version,
      heldAt: new Date().toISOString(),
      attendedParticipantIds: [health.id],
      decision: 'FURTHER_DISCUSSION',
      actions: [{ agencyId: agency['NHS-NORTHSHIRE-CHT'], description: 'Check the GP record.', dueBy: today() }],
    };
    const held = await Promise.all(Array.from({ length: 24 }, () => t.http<any>('team-manager', HELD, { input: heldInput })));
    const heldOutcomes = held.map((r) => (r.body.data.recordStrategyDiscussionHeld.record ? 'OK' : r.body.data.recordStrategyDiscussionHeld.userErrors.map((e: any) => e.code).join()));
    expect(heldOutcomes.filter((o) => o === 'OK')).toHaveLength(1);
    expect(heldOutcomes.filter((o) => o !== 'OK').every((o) => o === 'CONFLICT' || o === 'ALREADY_DECIDED')).toBe(true);
    expect((await sql(`select count(*)::int n from strategy_discussion_action where discussion_id = ?`, [d.recordId]))[0].n).toBe(1);
    expect((await sql(`select count(*)::int n from task where kind = 'AGREED_ACTION' and child_id = ?`, [child.recordId]))[0].n).toBe(1);
  });

  it('the scorecard counts held discussions only: a convened one is in no participation measure until it is held', async () => {
    const child = await newChild('Scorecard');
    const d = await ok('team-manager', CONVENE, conveneInput(child.id, { plannedAt: inHours(2), invitations: conveneInput(child.id).invitations.map((i) => ({ ...i, respondBy: inHours(1) })) }));
    const period = { start: addCalendarDays(today(), -3), end: addCalendarDays(today(), 3) } as Period;
    const exec = (q: string, params: unknown[]) => sql(q, params);
    const rowsOf = async (code: string) => (await measureRecordRows(exec, measureByCode(code)!, period, agency['LA-NORTHSHIRE']!)).filter((r) => r.childId === child.recordId);
    for (const code of ['STRATEGY_DISCUSSIONS', 'STRATEGY_MULTI_AGENCY_PCT', 'STRATEGY_HEALTH_ATTENDED_PCT', 'STRATEGY_PARTNER_ATTENDANCE_PCT']) expect([code, await rowsOf(code)]).toEqual([code, []]);
    await ok('team-manager', HELD, { id: d.id, expectedVersion: d.version, heldAt: new Date().toISOString(), attendedParticipantIds: [byCode(d, 'NHS-NORTHSHIRE-CHT').id], decision: 'NO_S47' });
    expect((await rowsOf('STRATEGY_MULTI_AGENCY_PCT')).map((r) => r.inNumerator)).toEqual([true]);
    expect((await rowsOf('STRATEGY_HEALTH_ATTENDED_PCT')).map((r) => r.inNumerator)).toEqual([true]);
    // Three invited partners: health came, the police and the school did not.
    expect((await rowsOf('STRATEGY_PARTNER_ATTENDANCE_PCT')).map((r) => r.inNumerator).sort()).toEqual([false, false, true]);
  });
});
