import { DEFAULT_LAWFUL_BASIS } from '../../src/access/lawful-basis';
import { AgencyKind } from '../../src/modules/agencies/agency.entity';
import { Involvement } from '../../src/modules/people/involvement.entity';
import { InvolvementRole } from '../../src/modules/people/codes';
import { ParticipantStatus } from '../../src/modules/protection/codes';
import { isMultiAgency, isMultiAgencySql } from '../../src/modules/protection/multi-agency';
import { startTestHub, type TestHub } from '../support/hub';

/* eslint-disable @typescript-eslint/no-explicit-any */

const ERR = 'userErrors { field code message }';
const SD_FIELDS = `id recordId version decision format isMultiAgency healthAttended educationAttended
  convenedBy { code }
  participants { id recordId version agencyKind role status statusReason convenerRecordedStatus statusRecordedBySelf responseVersion agency { code } }
  contributions { id version summary agencyKind contributingAgency { code } }`;
const CREATE_SD = `mutation($input: CreateStrategyDiscussionInput!) { createStrategyDiscussion(input: $input) { created record { ${SD_FIELDS} } ${ERR} } }`;
const UPDATE_PARTICIPANT = `mutation($input: UpdateParticipantInput!) { updateStrategyDiscussionParticipant(input: $input) { record { status statusReason version } ${ERR} } }`;
const ADD_PARTICIPANT = `mutation($input: AddParticipantInput!) { addStrategyDiscussionParticipant(input: $input) { record { id version status agencyKind } ${ERR} } }`;
const RESPOND = `mutation($input: RespondToStrategyDiscussionInput!) { respondToStrategyDiscussion(input: $input) { record { status statusReason convenerRecordedStatus statusRecordedBySelf responseVersion discussion { isMultiAgency healthAttended } } ${ERR} } }`;
/** Each persona selects only the fields its role may read (the per-role schema has no others). */
const ADD_CONTRIBUTION_AS = (detail: string) => `mutation($input: AddContributionInput!) { addContribution(input: $input) { record { id version summary agencyKind ${detail} } ${ERR} } }`;
const ADD_CONTRIBUTION = ADD_CONTRIBUTION_AS('');
const ADD_POLICE_CONTRIBUTION = ADD_CONTRIBUTION_AS('intelligenceGrade policeIntelligence');
const UPDATE_CONTRIBUTION = `mutation($input: UpdateContributionInput!) { updateContribution(input: $input) { record { version summary } ${ERR} } }`;
const UPDATE_HEALTH_CONTRIBUTION = `mutation($input: UpdateContributionInput!) { updateContribution(input: $input) { record { version summary healthDetail } ${ERR} } }`;
const CREATE_S47 = `mutation($input: CreateSection47EnquiryInput!) { createSection47Enquiry(input: $input) { record { id version startDate endDate outcome conferenceRequired } ${ERR} } }`;
const UPDATE_S47 = `mutation($input: UpdateSection47EnquiryInput!) { updateSection47Enquiry(input: $input) { record { version endDate outcome } ${ERR} } }`;
const CREATE_CONF = `mutation($input: CreateConferenceInput!) { createChildProtectionConference(input: $input) { record { id type conferenceDate outcome categoryOfAbuse isQuorate agenciesAttended { code } } ${ERR} } }`;
const CREATE_PLAN = `mutation($input: CreatePlanInput!) { createChildProtectionPlan(input: $input) { record { id version startDate endDate category planNumber isSecondOrSubsequent isActive } ${ERR} } }`;
const UPDATE_PLAN = `mutation($input: UpdatePlanInput!) { updateChildProtectionPlan(input: $input) { record { version endDate endReason isActive } ${ERR} } }`;
const VISIT = `mutation($input: RecordVisitInput!) { recordChildProtectionVisit(input: $input) { record { id visitDate seen seenAlone } ${ERR} } }`;
const CORE_GROUP = `mutation($input: RecordCoreGroupInput!) { recordCoreGroupMeeting(input: $input) { record { id meetingDate } ${ERR} } }`;
const CREATE_CHILD = `mutation($input: CreateChildInput!) { createChild(input: $input) { record { id recordId } userErrors { field code message } } }`;

describe('protection: strategy discussions, s47, conferences, plans', () => {
  let t: TestHub;
  const agency: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestHub({ demo: false });
    const rows = (await t.orm.em.fork().execute('select id, code from agency')) as { id: string; code: string }[];
    for (const r of rows) agency[r.code] = r.id;
  });
  afterAll(() => t.close());

  const count = async (table: string) => Number((await t.orm.em.fork().execute(`select count(*)::int as n from ${table}`))[0]!.n);
  const counts = async () => ({
    sd: await count('strategy_discussion'),
    participants: await count('strategy_discussion_participant'),
    responses: await count('strategy_discussion_response'),
    contributions: await count('agency_contribution'),
    s47: await count('section47_enquiry'),
    conferences: await count('child_protection_conference'),
    plans: await count('child_protection_plan'),
    visits: await count('child_protection_visit'),
    coreGroups: await count('core_group_meeting'),
  });

  /** A child recorded by the local authority, with police, health and school involved (so they see its records). */
  async function newChild(input: Record<string, unknown> = { dateOfBirth: '2018-04-01' }): Promise<{ id: string; uuid: string }> {
    const res = await t.gql<any>('social-worker', CREATE_CHILD, { input: { familyName: 'Protect', ...input } });
    expect(res.errors).toBeUndefined();
    expect(res.data.createChild.userErrors).toEqual([]);
    const { id, recordId } = res.data.createChild.record;
    const em = t.orm.em.fork();
    for (const [code, role] of [
      ['POLICE-NORTHSHIRE', InvolvementRole.POLICE_OIC],
      ['NHS-NORTHSHIRE-CHT', InvolvementRole.HEALTH_VISITOR],
      ['SCH-CASTLEGATE-HIGH', InvolvementRole.SCHOOL_DSL],
    ] as const) {
      em.create(Involvement, { child: recordId, agency: agency[code], leadAgency: agency['LA-NORTHSHIRE'], status: 'ALLOCATED', role, startedAt: '2020-01-01', owningAgency: agency[code], createdBy: 'test', updatedBy: 'test' } as never);
    }
    await em.flush();
    return { id, uuid: recordId };
  }

  const HELD = '2026-03-02T10:00:00Z';
  /** A discussion with no health or education agency on its list must say why (issue 13). */
  const NO_PARTNERS = { healthNotInvitedReason: 'Urgent same-day call; health not reachable.', educationNotInvitedReason: 'School holidays; not contacted.' };
  function sdInput(childId: string, extra: Record<string, unknown> = {}) {
    return {
      childId,
      concernSummary: 'Unexplained bruising reported by school.',
      convenedByName: 'Ben Okafor',
      convenedByRole: 'Team manager',
      heldAt: HELD,
      format: 'CALL',
      decision: 'S47_ENQUIRY',
      decisionRationale: 'Reasonable cause to suspect significant harm.',
      participants: [
        { agencyId: agency['LA-NORTHSHIRE'], role: 'Team manager', practitionerName: 'Ben Okafor', status: 'ATTENDED', invitedAt: '2026-03-02T08:00:00Z' },
        { agencyId: agency['POLICE-NORTHSHIRE'], role: 'Public protection officer', status: 'ATTENDED', invitedAt: '2026-03-02T08:00:00Z' },
        { agencyId: agency['NHS-NORTHSHIRE-CHT'], role: 'Health visitor', status: 'INVITED', invitedAt: '2026-03-02T08:00:00Z' },
        { agencyId: agency['SCH-CASTLEGATE-HIGH'], role: 'Designated safeguarding lead', status: 'NOT_INVITED', statusReason: 'Out of hours call.' },
      ],
      ...extra,
    };
  }
  async function newDiscussion(childId: string, extra: Record<string, unknown> = {}) {
    const res = await t.gql<any>('team-manager', CREATE_SD, { input: sdInput(childId, extra) });
    expect(res.errors).toBeUndefined();
    expect(res.data.createStrategyDiscussion.userErrors).toEqual([]);
    return res.data.createStrategyDiscussion.record;
  }
  const codes = (res: any, name: string) => {
    expect(res.errors).toBeUndefined();
    expect(res.data[name].record).toBeNull();
    return res.data[name].userErrors.map((e: any) => [e.field.join('.'), e.code]);
  };

  describe('the whole flow', () => {
    it('records a discussion with its participants, then the s47, ICPC, plan, visit and core group, all visible from the child', async () => {
      const child = await newChild();
      const sd = await newDiscussion(child.id);
      expect(sd).toMatchObject({ decision: 'S47_ENQUIRY', format: 'CALL', convenedBy: { code: 'LA-NORTHSHIRE' }, isMultiAgency: false, healthAttended: false, educationAttended: false });
      // Listed by kind of agency: local authority, health, police, education.
      expect(sd.participants.map((p: any) => [p.agency.code, p.status, p.statusReason])).toEqual([
        ['LA-NORTHSHIRE', 'ATTENDED', null],
        ['NHS-NORTHSHIRE-CHT', 'INVITED', null],
        ['POLICE-NORTHSHIRE', 'ATTENDED', null],
        ['SCH-CASTLEGATE-HIGH', 'NOT_INVITED', 'Out of hours call.'],
      ]);

      const s47 = await t.gql<any>('social-worker', CREATE_S47, { input: { childId: child.id, strategyDiscussionId: sd.id, startDate: '2026-03-02', endDate: '2026-03-16', outcome: 'ICPC_REQUIRED' } });
      expect(s47.data.createSection47Enquiry).toMatchObject({ userErrors: [], record: { startDate: '2026-03-02', outcome: 'ICPC_REQUIRED', conferenceRequired: true } });
      const s47Id = s47.data.createSection47Enquiry.record.id;

      const icpc = await t.gql<any>('cp-chair', CREATE_CONF, {
        input: {
          childId: child.id,
          type: 'INITIAL',
          section47EnquiryId: s47Id,
          conferenceDate: '2026-03-20',
          outcome: 'CP_PLAN',
          categoryOfAbuse: 'NEG',
          chairName: 'Dev Patel',
          attendingAgencyIds: [agency['LA-NORTHSHIRE'], agency['POLICE-NORTHSHIRE'], agency['NHS-NORTHSHIRE-CHT']],
        },
      });
      expect(icpc.data.createChildProtectionConference).toMatchObject({ userErrors: [], record: { type: 'INITIAL', categoryOfAbuse: 'NEG', isQuorate: true } });
      const icpcId = icpc.data.createChildProtectionConference.record.id;

      const plan = await t.gql<any>('social-worker', CREATE_PLAN, { input: { childId: child.id, initialConferenceId: icpcId, startDate: '2026-03-20', category: 'NEG' } });
      expect(plan.data.createChildProtectionPlan).toMatchObject({ userErrors: [], record: { planNumber: 1, isSecondOrSubsequent: false, isActive: true } });
      const planId = plan.data.createChildProtectionPlan.record.id;

      const visit = await t.gql<any>('social-worker', VISIT, { input: { planId, visitDate: '2026-03-27', seen: true, seenAlone: true, practitionerRole: 'Social worker' } });
      expect(visit.data.recordChildProtectionVisit.userErrors).toEqual([]);
      const cg = await t.gql<any>('social-worker', CORE_GROUP, { input: { planId, meetingDate: '2026-04-01' } });
      expect(cg.data.recordCoreGroupMeeting.userErrors).toEqual([]);

      const timescales = await t.gql<any>(
        'social-worker',
        `query($sd: ID!, $plan: ID!) {
          sd: node(id: $sd) { ... on StrategyDiscussion { icpcTimescale { rule dueBy status daysLate } } }
          plan: node(id: $plan) { ... on ChildProtectionPlan { firstCoreGroupTimescale { dueBy status } firstReviewConferenceTimescale { dueBy } } } }`,
        { sd: sd.id, plan: planId },
      );
      expect(timescales.errors).toBeUndefined();
      expect(timescales.data.sd.icpcTimescale).toEqual({ rule: 'ICPC', dueBy: '2026-03-23', status: 'ON_TIME', daysLate: null });
      expect(timescales.data.plan.firstCoreGroupTimescale).toEqual({ dueBy: '2026-04-07', status: 'ON_TIME' });
      expect(timescales.data.plan.firstReviewConferenceTimescale.dueBy).toBe('2026-06-20');

      const view = await t.gql<any>(
        'social-worker',
        `query($id: ID!) { node(id: $id) { ... on Child {
            strategyDiscussions { id section47Enquiries { id } }
            section47Enquiries { id strategyDiscussion { id } conferences { id } }
            childProtectionConferences { id resultingPlan { id } }
            childProtectionPlans { id initialConference { id } visits { visitDate seenAlone } coreGroupMeetings { meetingDate } }
          } } }`,
        { id: child.id },
      );
      expect(view.errors).toBeUndefined();
      const c = view.data.node;
      expect(c.strategyDiscussions).toEqual([{ id: sd.id, section47Enquiries: [{ id: s47Id }] }]);
      expect(c.section47Enquiries).toEqual([{ id: s47Id, strategyDiscussion: { id: sd.id }, conferences: [{ id: icpcId }] }]);
      expect(c.childProtectionConferences).toEqual([{ id: icpcId, resultingPlan: { id: planId } }]);
      expect(c.childProtectionPlans).toEqual([{ id: planId, initialConference: { id: icpcId }, visits: [{ visitDate: '2026-03-27', seenAlone: true }], coreGroupMeetings: [{ meetingDate: '2026-04-01' }] }]);
    });

    it('refuses an s47 from a discussion that decided otherwise, and only a local authority records one', async () => {
      const child = await newChild();
      const sd = await newDiscussion(child.id, { decision: 'NO_S47' });
      const before = await counts();
      const res = await t.gql<any>('social-worker', CREATE_S47, { input: { childId: child.id, strategyDiscussionId: sd.id, startDate: '2026-03-03' } });
      expect(codes(res, 'createSection47Enquiry')).toEqual([['input.strategyDiscussionId', 'INVALID_STATE']]);
      const police = await t.gql<any>('police-ppu', CREATE_S47, { input: { childId: child.id, startDate: '2026-03-03' } });
      expect(police.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED'); // a local authority duty: not in the police schema
      expect(await counts()).toEqual(before);
    });

    it('lists discussions as a connection filtered by child, decision, format and date, in the order asked', async () => {
      const child = await newChild();
      await newDiscussion(child.id, { heldAt: '2026-01-10T10:00:00Z', decision: 'FURTHER_DISCUSSION', participants: [], ...NO_PARTNERS });
      await newDiscussion(child.id, { heldAt: '2026-01-12T10:00:00Z', format: 'VIDEO', participants: [], ...NO_PARTNERS });
      await newDiscussion(child.id, { heldAt: '2026-02-20T10:00:00Z', format: 'MEETING', participants: [], ...NO_PARTNERS });
      const q = `query($filter: StrategyDiscussionFilter, $orderBy: StrategyDiscussionOrder) { strategyDiscussions(filter: $filter, orderBy: $orderBy, first: 10) { totalCount nodes { heldAt decision format } } }`;
      const all = await t.gql<any>('social-worker', q, { filter: { childId: child.id } });
      expect(all.errors).toBeUndefined();
      expect(all.data.strategyDiscussions.nodes.map((n: any) => iso(n.heldAt))).toEqual(['2026-02-20T10:00:00.000Z', '2026-01-12T10:00:00.000Z', '2026-01-10T10:00:00.000Z']);
      const asc = await t.gql<any>('social-worker', q, { filter: { childId: child.id }, orderBy: { field: 'HELD_AT', direction: 'ASC' } });
      expect(iso(asc.data.strategyDiscussions.nodes[0].heldAt)).toBe('2026-01-10T10:00:00.000Z');
      const s47Only = await t.gql<any>('social-worker', q, { filter: { childId: child.id, decision: ['S47_ENQUIRY'] } });
      expect(s47Only.data.strategyDiscussions.totalCount).toBe(2);
      const video = await t.gql<any>('social-worker', q, { filter: { childId: child.id, format: ['VIDEO'] } });
      expect(video.data.strategyDiscussions.nodes.map((n: any) => [iso(n.heldAt), n.decision, n.format])).toEqual([['2026-01-12T10:00:00.000Z', 'S47_ENQUIRY', 'VIDEO']]);
      const january = await t.gql<any>('social-worker', q, { filter: { childId: child.id, heldFrom: '2026-01-01T00:00:00Z', heldBefore: '2026-02-01T00:00:00Z' } });
      expect(january.data.strategyDiscussions.totalCount).toBe(2);
    });
  });

  describe('participants', () => {
    it('requires a reason for DECLINED and NOT_INVITED, no invitation time when not invited, no invitation after the discussion; nothing is saved', async () => {
      const child = await newChild();
      const before = await counts();
      const res = await t.gql<any>('team-manager', CREATE_SD, {
        input: sdInput(child.id, {
          participants: [
            { agencyId: agency['NHS-NORTHSHIRE-CHT'], role: 'Health visitor', status: 'DECLINED', invitedAt: '2026-03-02T08:00:00Z' },
            { agencyId: agency['SCH-CASTLEGATE-HIGH'], role: 'DSL', status: 'NOT_INVITED', statusReason: '  ' },
            { agencyId: agency['POLICE-NORTHSHIRE'], role: 'PPU', status: 'NOT_INVITED', statusReason: 'Not needed', invitedAt: '2026-03-02T08:00:00Z' },
            { agencyId: agency['NHS-NORTHSHIRE-ICB'], role: 'Designated nurse', status: 'INVITED', invitedAt: '2026-03-03T08:00:00Z' },
          ],
        }),
      });
      expect(codes(res, 'createStrategyDiscussion')).toEqual([
        ['input.participants.0.statusReason', 'REQUIRED'],
        ['input.participants.1.statusReason', 'REQUIRED'],
        ['input.participants.2.invitedAt', 'INVALID_STATE'],
        ['input.participants.3.invitedAt', 'DATE_ORDER'],
      ]);
      expect(await counts()).toEqual(before);
    });

    it('the convening agency manages participants; the invited agency records its own response, which the convener cannot overwrite', async () => {
      const child = await newChild();
      const sd = await newDiscussion(child.id);
      const health = sd.participants.find((p: any) => p.agency.code === 'NHS-NORTHSHIRE-CHT');
      const school = sd.participants.find((p: any) => p.agency.code === 'SCH-CASTLEGATE-HIGH');

      // Only the convener adds rows.
      const added = await t.gql<any>('police-ppu', ADD_PARTICIPANT, { input: { discussionId: sd.id, agencyId: agency['NHS-NORTHSHIRE-ICB'], role: 'Designated nurse', status: 'INVITED' } });
      expect(added.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED'); // not in the police schema at all
      const convener = await t.gql<any>('team-manager', ADD_PARTICIPANT, { input: { discussionId: sd.id, agencyId: agency['NHS-NORTHSHIRE-ICB'], role: 'Designated nurse', status: 'INVITED' } });
      expect(convener.data.addStrategyDiscussionParticipant).toMatchObject({ userErrors: [], record: { status: 'INVITED', agencyKind: 'HEALTH' } });

      // Another agency cannot answer for health.
      const before = await counts();
      const forged = await t.gql<any>('police-ppu', RESPOND, { input: { participantId: health.id, status: 'ATTENDED' } });
      expect(forged.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      // Declining needs a reason.
      const noReason = await t.gql<any>('health-visitor', RESPOND, { input: { participantId: health.id, status: 'DECLINED' } });
      expect(codes(noReason, 'respondToStrategyDiscussion')).toEqual([['input.statusReason', 'REQUIRED']]);
      // A not-invited agency challenges the non-invitation instead of answering.
      const school1 = await t.gql<any>('school-dsl', RESPOND, { input: { participantId: school.id, status: 'ATTENDED' } });
      expect(codes(school1, 'respondToStrategyDiscussion')).toEqual([['input.status', 'INVALID_STATE']]);
      expect(await counts()).toEqual(before);

      const declined = await t.gql<any>('health-visitor', RESPOND, { input: { participantId: health.id, status: 'DECLINED', statusReason: 'On leave; information sent by email.' } });
      expect(declined.data.respondToStrategyDiscussion).toMatchObject({
        userErrors: [],
        record: { status: 'DECLINED', statusReason: 'On leave; information sent by email.', convenerRecordedStatus: 'INVITED', statusRecordedBySelf: true, responseVersion: 1 },
      });

      const [own] = await t.orm.em.fork().execute(`select owning_agency_id, lawful_basis from strategy_discussion_response where participant_id = ?`, [health.recordId]);
      expect(own).toEqual({ owning_agency_id: agency['NHS-NORTHSHIRE-CHT'], lawful_basis: DEFAULT_LAWFUL_BASIS[AgencyKind.HEALTH] });

      // The convener may not rewrite health's own account...
      const overwrite = await t.gql<any>('team-manager', UPDATE_PARTICIPANT, { input: { id: health.id, expectedVersion: health.version, status: 'NOT_INVITED', statusReason: 'Not needed', invitedAt: null } });
      expect(codes(overwrite, 'updateStrategyDiscussionParticipant')).toEqual([['input.status', 'INVALID_STATE']]);
      // ...but can still correct the role.
      const role = await t.gql<any>('team-manager', UPDATE_PARTICIPANT, { input: { id: health.id, expectedVersion: health.version, role: 'School nurse' } });
      expect(role.data.updateStrategyDiscussionParticipant.userErrors).toEqual([]);

      // Health changes its mind (it did join the call late): now a multi-agency discussion.
      const stale = await t.gql<any>('health-visitor', RESPOND, { input: { participantId: health.id, status: 'ATTENDED' } });
      expect(codes(stale, 'respondToStrategyDiscussion')).toEqual([['input.expectedVersion', 'CONFLICT']]);
      const attended = await t.gql<any>('health-visitor', RESPOND, { input: { participantId: health.id, status: 'ATTENDED', expectedVersion: 1 } });
      expect(attended.data.respondToStrategyDiscussion).toMatchObject({ userErrors: [], record: { status: 'ATTENDED', statusReason: null, responseVersion: 2, discussion: { isMultiAgency: true, healthAttended: true } } });
    });

    it('the convener may record NOT_INVITED only with a reason', async () => {
      const child = await newChild();
      const sd = await newDiscussion(child.id);
      const health = sd.participants.find((p: any) => p.agency.code === 'NHS-NORTHSHIRE-CHT');
      const res = await t.gql<any>('team-manager', UPDATE_PARTICIPANT, { input: { id: health.id, expectedVersion: health.version, status: 'NOT_INVITED', invitedAt: null } });
      expect(codes(res, 'updateStrategyDiscussionParticipant')).toEqual([['input.statusReason', 'REQUIRED']]);
      const ok = await t.gql<any>('team-manager', UPDATE_PARTICIPANT, { input: { id: health.id, expectedVersion: health.version, status: 'NOT_INVITED', statusReason: 'Emergency call', invitedAt: null } });
      expect(ok.data.updateStrategyDiscussionParticipant).toMatchObject({ userErrors: [], record: { status: 'NOT_INVITED', statusReason: 'Emergency call', version: 2 } });
    });
  });

  describe('the multi-agency predicate', () => {
    const p = (agencyKind: AgencyKind, status: ParticipantStatus) => ({ agencyKind, status });
    it('needs an agency other than the local authority and the police to have ATTENDED', () => {
      expect(isMultiAgency([])).toBe(false);
      expect(isMultiAgency([p(AgencyKind.LOCAL_AUTHORITY, ParticipantStatus.ATTENDED), p(AgencyKind.POLICE, ParticipantStatus.ATTENDED)])).toBe(false);
      expect(isMultiAgency([p(AgencyKind.LOCAL_AUTHORITY, ParticipantStatus.ATTENDED), p(AgencyKind.HEALTH, ParticipantStatus.INVITED)])).toBe(false);
      expect(isMultiAgency([p(AgencyKind.HEALTH, ParticipantStatus.DECLINED), p(AgencyKind.EDUCATION, ParticipantStatus.NOT_INVITED)])).toBe(false);
      expect(isMultiAgency([p(AgencyKind.LOCAL_AUTHORITY, ParticipantStatus.ATTENDED), p(AgencyKind.HEALTH, ParticipantStatus.ATTENDED)])).toBe(true);
      expect(isMultiAgency([p(AgencyKind.POLICE, ParticipantStatus.ATTENDED), p(AgencyKind.EDUCATION, ParticipantStatus.ATTENDED)])).toBe(true);
    });

    it('the SQL form used for aggregates agrees with the function on every discussion', async () => {
      const child = await newChild();
      await newDiscussion(child.id, {
        participants: [{ agencyId: agency['SCH-CASTLEGATE-HIGH'], role: 'DSL', status: 'ATTENDED' }],
        healthNotInvitedReason: NO_PARTNERS.healthNotInvitedReason,
      });
      const all = await t.gql<any>('team-manager', `{ strategyDiscussions(first: 100) { nodes { recordId isMultiAgency } } }`);
      expect(all.errors).toBeUndefined();
      const rows = (await t.orm.em.fork().execute(`select d.id, ${isMultiAgencySql('d.id')} as multi from strategy_discussion d`)) as { id: string; multi: boolean }[];
      const sql = new Map(rows.map((r) => [r.id, r.multi]));
      expect(all.data.strategyDiscussions.nodes.length).toBeGreaterThan(1);
      for (const n of all.data.strategyDiscussions.nodes) expect([n.recordId, sql.get(n.recordId)]).toEqual([n.recordId, n.isMultiAgency]);
      expect(all.data.strategyDiscussions.nodes.some((n: any) => n.isMultiAgency)).toBe(true);
    });
  });

  describe('agency contributions', () => {
    it('each agency fills only its own detail field; police intelligence needs its 3x5x2 grading', async () => {
      const child = await newChild();
      const sd = await newDiscussion(child.id);
      const before = await counts();
      // Another agency's detail field is above the caller's write clearance: absent from its input type.
      const otherDetail = await t.gql<any>('police-ppu', ADD_POLICE_CONTRIBUTION, { input: { discussionId: sd.id, summary: 'Known to police.', healthDetail: 'x' } });
      expect(otherDetail.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(otherDetail.errors?.[0]?.message).toMatch(/"healthDetail" is not defined/);
      const ungraded = await t.gql<any>('police-ppu', ADD_POLICE_CONTRIBUTION, { input: { discussionId: sd.id, summary: 'Known to police.', policeIntelligence: 'Partner has two convictions for violence.' } });
      expect(codes(ungraded, 'addContribution')).toEqual([
        ['input.sourceEvaluation', 'REQUIRED'],
        ['input.intelligenceAssessment', 'REQUIRED'],
        ['input.handlingCode', 'REQUIRED'],
      ]);
      const conditions = await t.gql<any>('police-ppu', ADD_POLICE_CONTRIBUTION, {
        input: { discussionId: sd.id, summary: 'Known to police.', policeIntelligence: 'Two convictions.', sourceEvaluation: 'RELIABLE', intelligenceAssessment: 'B', handlingCode: 'C' },
      });
      expect(codes(conditions, 'addContribution')).toEqual([['input.handlingConditions', 'REQUIRED']]);
      const gradedByHealth = await t.gql<any>('health-visitor', ADD_CONTRIBUTION, { input: { discussionId: sd.id, summary: 'Missed appointments.', policeIntelligence: 'Heard from a neighbour.', sourceEvaluation: 'UNTESTED' } });
      expect(gradedByHealth.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(gradedByHealth.errors?.[0]?.message).toMatch(/"policeIntelligence" is not defined/);
      expect(await counts()).toEqual(before);

      const police = await t.gql<any>('police-ppu', ADD_POLICE_CONTRIBUTION, {
        input: { discussionId: sd.id, summary: 'Known to police.', policeIntelligence: 'Two convictions.', sourceEvaluation: 'RELIABLE', intelligenceAssessment: 'B', handlingCode: 'P' },
      });
      expect(police.data.addContribution).toMatchObject({ userErrors: [], record: { agencyKind: 'POLICE', intelligenceGrade: '1B P' } });
      const health = await t.gql<any>('health-visitor', ADD_CONTRIBUTION, { input: { discussionId: sd.id, summary: 'Missed immunisations.', healthDetail: 'Weight dropped to the 9th centile.' } });
      expect(health.data.addContribution).toMatchObject({ userErrors: [], record: { agencyKind: 'HEALTH' } });
      const school = await t.gql<any>('school-dsl', ADD_CONTRIBUTION, { input: { discussionId: sd.id, summary: 'Attendance 81%.', educationDetail: 'Three CPOMS entries this term.' } });
      expect(school.data.addContribution.userErrors).toEqual([]);

      const view = await t.gql<any>('social-worker', `query($id: ID!) { node(id: $id) { ... on StrategyDiscussion { contributions { contributingAgency { code } summary } } } }`, { id: sd.id });
      expect(view.data.node.contributions.map((c: any) => c.contributingAgency.code)).toEqual(['POLICE-NORTHSHIRE', 'NHS-NORTHSHIRE-CHT', 'SCH-CASTLEGATE-HIGH']);
    });

    it("police cannot edit a health contribution (FORBIDDEN, unchanged); health edits its own; graded intelligence never changes", async () => {
      const child = await newChild();
      const sd = await newDiscussion(child.id);
      const health = (await t.gql<any>('health-visitor', ADD_CONTRIBUTION, { input: { discussionId: sd.id, summary: 'Missed immunisations.', healthDetail: 'Centile drop.' } })).data.addContribution.record;
      const row = async () => (await t.orm.em.fork().execute(`select summary, health_detail, version, owning_agency_id from agency_contribution where id = ?`, [fromGlobal(health.id)]))[0];
      const original = await row();

      const hijack = await t.gql<any>('police-ppu', UPDATE_CONTRIBUTION, { input: { id: health.id, expectedVersion: 1, summary: 'Police rewrote this.' } });
      expect(hijack.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const byLa = await t.gql<any>('team-manager', UPDATE_CONTRIBUTION, { input: { id: health.id, expectedVersion: 1, summary: 'LA rewrote this.' } });
      expect(byLa.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const byLaDetail = await t.gql<any>('team-manager', UPDATE_CONTRIBUTION, { input: { id: health.id, expectedVersion: 1, healthDetail: 'LA rewrote this.' } });
      expect(byLaDetail.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(await row()).toEqual(original);
      expect(original.owning_agency_id).toBe(agency['NHS-NORTHSHIRE-CHT']);

      const own = await t.gql<any>('health-visitor', UPDATE_HEALTH_CONTRIBUTION, { input: { id: health.id, expectedVersion: 1, summary: 'Missed immunisations and a dental check.' } });
      expect(own.data.updateContribution).toEqual({ userErrors: [], record: { version: 2, summary: 'Missed immunisations and a dental check.', healthDetail: 'Centile drop.' } });
      const stale = await t.gql<any>('health-visitor', UPDATE_CONTRIBUTION, { input: { id: health.id, expectedVersion: 1, summary: 'Stale.' } });
      expect(codes(stale, 'updateContribution')).toEqual([['input.expectedVersion', 'CONFLICT']]);

      const police = (await t.gql<any>('police-ppu', ADD_POLICE_CONTRIBUTION, {
        input: { discussionId: sd.id, summary: 'Known.', policeIntelligence: 'Two convictions.', sourceEvaluation: 'RELIABLE', intelligenceAssessment: 'B', handlingCode: 'P' },
      })).data.addContribution.record;
      const regrade = await t.gql<any>('police-ppu', UPDATE_CONTRIBUTION, { input: { id: police.id, expectedVersion: 1, intelligenceAssessment: 'A', policeIntelligence: 'Three convictions.' } });
      expect(codes(regrade, 'updateContribution')).toEqual([
        ['input.policeIntelligence', 'INVALID_STATE'],
        ['input.intelligenceAssessment', 'INVALID_STATE'],
      ]);
      const summary = await t.gql<any>('police-ppu', UPDATE_CONTRIBUTION, { input: { id: police.id, expectedVersion: 1, summary: 'Known to police since 2021.' } });
      expect(summary.data.updateContribution.userErrors).toEqual([]);

      // Withdrawing: only the contributor, and the row stays (hidden) for audit.
      const WITHDRAW = `mutation($input: WithdrawContributionInput!) { withdrawContribution(input: $input) { record { id } ${ERR} } }`;
      const notYours = await t.gql<any>('police-ppu', WITHDRAW, { input: { id: health.id, expectedVersion: 2 } });
      expect(notYours.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const withdrawn = await t.gql<any>('health-visitor', WITHDRAW, { input: { id: health.id, expectedVersion: 2 } });
      expect(withdrawn.data.withdrawContribution.userErrors).toEqual([]);
      const list = await t.gql<any>('social-worker', `query($id: ID!) { node(id: $id) { ... on StrategyDiscussion { contributions { agencyKind } } } }`, { id: sd.id });
      expect(list.data.node.contributions).toEqual([{ agencyKind: 'POLICE' }]);
      expect((await row()).summary).toBe('Missed immunisations and a dental check.');
    });
  });

  describe('dates that cannot lie (refused, database unchanged)', () => {
    let child: { id: string; uuid: string };
    let sd: any;
    let s47Id: string;
    let planId: string;
    let planVersion: number;
    beforeAll(async () => {
      child = await newChild({ dateOfBirth: '2018-04-01' });
      sd = await newDiscussion(child.id);
      s47Id = (await t.gql<any>('social-worker', CREATE_S47, { input: { childId: child.id, strategyDiscussionId: sd.id, startDate: '2026-03-03' } })).data.createSection47Enquiry.record.id;
      const icpc = (await t.gql<any>('cp-chair', CREATE_CONF, { input: { childId: child.id, type: 'INITIAL', section47EnquiryId: s47Id, conferenceDate: '2026-03-20', outcome: 'CP_PLAN', categoryOfAbuse: 'EMO', chairName: 'Dev Patel' } })).data
        .createChildProtectionConference.record;
      const plan = (await t.gql<any>('social-worker', CREATE_PLAN, { input: { childId: child.id, initialConferenceId: icpc.id, startDate: '2026-03-20', category: 'EMO' } })).data.createChildProtectionPlan.record;
      planId = plan.id;
      planVersion = plan.version;
    });

    async function refused(persona: string, mutation: string, name: string, input: Record<string, unknown>, expected: [string, string][]) {
      const before = await counts();
      const res = await t.gql<any>(persona, mutation, { input });
      expect(codes(res, name)).toEqual(expected);
      expect(await counts()).toEqual(before);
    }

    it('an s47 cannot start before the strategy discussion that initiated it', () =>
      refused('social-worker', CREATE_S47, 'createSection47Enquiry', { childId: child.id, strategyDiscussionId: sd.id, startDate: '2026-03-01' }, [['input.startDate', 'DATE_ORDER']]));

    it('a discussion cannot be moved after the s47 it initiated started', async () => {
      const res = await t.gql<any>('team-manager', `mutation($input: UpdateStrategyDiscussionInput!) { updateStrategyDiscussion(input: $input) { record { version } ${ERR} } }`, {
        input: { id: sd.id, expectedVersion: sd.version, heldAt: '2026-03-05T10:00:00Z' },
      });
      expect(codes(res, 'updateStrategyDiscussion')).toEqual([['input.heldAt', 'DATE_ORDER']]); // the s47 it initiated started on 3 March
      const row = (await t.orm.em.fork().execute(`select held_at, version from strategy_discussion where id = ?`, [sd.recordId]))[0];
      expect([new Date(row.held_at).toISOString(), row.version]).toEqual(['2026-03-02T10:00:00.000Z', sd.version]);
    });

    it('an unreadable id is refused before any SQL (BAD_USER_INPUT, INVALID_ID), not a crash', async () => {
      const res = await t.http<any>('health-visitor', UPDATE_CONTRIBUTION, { input: { id: 'not-an-id', expectedVersion: 1, summary: 'x' } });
      expect([res.status, res.body.errors?.[0]?.extensions?.code, res.body.errors?.[0]?.extensions?.reason]).toEqual([400, 'BAD_USER_INPUT', 'INVALID_ID']);
    });

    it('an s47 cannot end before it started (on create and on update)', async () => {
      await refused('social-worker', CREATE_S47, 'createSection47Enquiry', { childId: child.id, strategyDiscussionId: sd.id, startDate: '2026-03-05', endDate: '2026-03-04', outcome: 'NFA' }, [['input.endDate', 'DATE_ORDER']]);
      const res = await t.gql<any>('social-worker', UPDATE_S47, { input: { id: s47Id, expectedVersion: 1, endDate: '2026-03-02', outcome: 'ICPC_REQUIRED' } });
      expect(codes(res, 'updateSection47Enquiry')).toEqual([['input.endDate', 'DATE_ORDER']]);
      const row = (await t.orm.em.fork().execute(`select end_date, version from section47_enquiry where id = ?`, [fromGlobal(s47Id)]))[0];
      expect(row).toEqual({ end_date: null, version: 1 });
    });

    it('an ICPC cannot be before the s47 and strategy discussion that led to it', () =>
      refused(
        'cp-chair',
        CREATE_CONF,
        'createChildProtectionConference',
        { childId: child.id, type: 'INITIAL', section47EnquiryId: s47Id, conferenceDate: '2026-03-01', outcome: 'NO_PLAN', chairName: 'Dev Patel' },
        [
          ['input.conferenceDate', 'DATE_ORDER'],
          ['input.conferenceDate', 'DATE_ORDER'],
        ],
      ));

    it('an ICPC cannot be before the s47 even when it is after the strategy discussion', async () => {
      const later = (await t.gql<any>('social-worker', CREATE_S47, { input: { childId: child.id, strategyDiscussionId: sd.id, startDate: '2026-03-10' } })).data.createSection47Enquiry.record.id;
      await refused(
        'cp-chair',
        CREATE_CONF,
        'createChildProtectionConference',
        { childId: child.id, type: 'INITIAL', section47EnquiryId: later, conferenceDate: '2026-03-06', outcome: 'NO_PLAN', chairName: 'Dev Patel' },
        [['input.conferenceDate', 'DATE_ORDER']],
      );
    });

    it('a plan cannot end before it started (on create and on update)', async () => {
      const other = await newChild({ dateOfBirth: '2017-01-01' });
      await refused('social-worker', CREATE_PLAN, 'createChildProtectionPlan', { childId: other.id, startDate: '2026-03-20', endDate: '2026-03-19', endReason: 'NO_LONGER_AT_RISK', category: 'NEG' }, [['input.endDate', 'DATE_ORDER']]);
      const res = await t.gql<any>('social-worker', UPDATE_PLAN, { input: { id: planId, expectedVersion: planVersion, endDate: '2026-03-01', endReason: 'NO_LONGER_AT_RISK' } });
      expect(codes(res, 'updateChildProtectionPlan')).toEqual([['input.endDate', 'DATE_ORDER']]);
      const row = (await t.orm.em.fork().execute(`select end_date, version from child_protection_plan where id = ?`, [fromGlobal(planId)]))[0];
      expect(row).toEqual({ end_date: null, version: planVersion });
    });

    it("a plan cannot start before the child's birth unless the child has an expected date of birth", async () => {
      const born = await newChild({ dateOfBirth: '2025-06-01' });
      await refused('social-worker', CREATE_PLAN, 'createChildProtectionPlan', { childId: born.id, startDate: '2025-05-01', category: 'NEG' }, [['input.startDate', 'IMPOSSIBLE_DATE']]);
      const unborn = await newChild({ expectedDateOfBirth: '2026-12-01' });
      const prebirth = await t.gql<any>('social-worker', CREATE_PLAN, { input: { childId: unborn.id, startDate: '2026-09-15', category: 'NEG' } });
      expect(prebirth.data.createChildProtectionPlan.userErrors).toEqual([]);
    });

    it('a visit and a core group cannot be before the plan started', async () => {
      await refused('social-worker', VISIT, 'recordChildProtectionVisit', { planId, visitDate: '2026-03-19', seen: true, seenAlone: false, practitionerRole: 'Social worker' }, [['input.visitDate', 'DATE_ORDER']]);
      await refused('social-worker', CORE_GROUP, 'recordCoreGroupMeeting', { planId, meetingDate: '2026-03-10' }, [['input.meetingDate', 'DATE_ORDER']]);
    });

    it('a plan cannot start before the conference that made it, nor overlap another plan', async () => {
      await refused('social-worker', CREATE_PLAN, 'createChildProtectionPlan', { childId: child.id, startDate: '2026-04-01', category: 'NEG' }, [['input.startDate', 'INVALID_STATE']]);
    });
  });

  describe('plans', () => {
    it('numbers a child\'s plans: the second is "second or subsequent"; lists filter by child and activity', async () => {
      const child = await newChild({ dateOfBirth: '2016-05-05' });
      const first = (await t.gql<any>('social-worker', CREATE_PLAN, { input: { childId: child.id, startDate: '2024-01-10', endDate: '2024-09-01', endReason: 'NO_LONGER_AT_RISK', category: 'NEG' } })).data.createChildProtectionPlan;
      expect(first).toMatchObject({ userErrors: [], record: { planNumber: 1, isSecondOrSubsequent: false, isActive: false } });
      const second = (await t.gql<any>('social-worker', CREATE_PLAN, { input: { childId: child.id, startDate: '2025-11-10', category: 'EMO' } })).data.createChildProtectionPlan;
      expect(second).toMatchObject({ userErrors: [], record: { planNumber: 2, isSecondOrSubsequent: true, isActive: true } });
      const q = `query($filter: ChildProtectionPlanFilter, $orderBy: ChildProtectionPlanOrder) { childProtectionPlans(filter: $filter, orderBy: $orderBy) { totalCount nodes { startDate category isSecondOrSubsequent } } }`;
      const active = await t.gql<any>('social-worker', q, { filter: { childId: child.id, active: true } });
      expect(active.data.childProtectionPlans.nodes).toEqual([{ startDate: '2025-11-10', category: 'EMO', isSecondOrSubsequent: true }]);
      const asc = await t.gql<any>('social-worker', q, { filter: { childId: child.id }, orderBy: { field: 'START_DATE', direction: 'ASC' } });
      expect(asc.data.childProtectionPlans.nodes.map((n: any) => n.startDate)).toEqual(['2024-01-10', '2025-11-10']);
      const neg = await t.gql<any>('social-worker', q, { filter: { childId: child.id, category: ['NEG'], startFrom: '2024-01-01', startTo: '2024-12-31' } });
      expect(neg.data.childProtectionPlans.totalCount).toBe(1);
      // ending needs a reason
      const end = await t.gql<any>('social-worker', UPDATE_PLAN, { input: { id: second.record.id, expectedVersion: second.record.version, endDate: '2026-05-01' } });
      expect(codes(end, 'updateChildProtectionPlan')).toEqual([['input.endReason', 'REQUIRED']]);
      const ended = await t.gql<any>('social-worker', UPDATE_PLAN, { input: { id: second.record.id, expectedVersion: second.record.version, endDate: '2026-05-01', endReason: 'BECAME_LOOKED_AFTER' } });
      expect(ended.data.updateChildProtectionPlan).toMatchObject({ userErrors: [], record: { endDate: '2026-05-01', endReason: 'BECAME_LOOKED_AFTER', isActive: false } });
    });
  });
});

function fromGlobal(id: string): string {
  return Buffer.from(id, 'base64url').toString('utf8').split(':')[1]!;
}

/** DateTime values come back as Date objects from in-process execution, as strings over HTTP. */
function iso(v: unknown): string {
  return new Date(v as string).toISOString();
}
