import type { EntityClass } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { RuleContext } from '../../timescales';
import { Child } from '../people/child.entity';
import { HealthAssessment } from '../health/health-assessment.entity';
import { HealthAssessmentType } from '../health/health.codes';
import { CareEpisode } from '../care/care-episode.entity';
import { MissingEpisode, ReturnHomeInterview } from '../missing/missing-episode.entity';
import { ChildProtectionConference, ChildProtectionPlan, CoreGroupMeeting, Section47Enquiry } from '../protection/child-protection.entity';
import { ConferenceType, ParticipantStatus, Section47Outcome } from '../protection/codes';
import { StrategyDiscussion, StrategyDiscussionAction, StrategyDiscussionParticipant, StrategyDiscussionResponse } from '../protection/strategy-discussion.entity';
import { Involvement } from '../people/involvement.entity';
import { InvolvementStatus } from '../people/codes';
import { DomesticAbuseIncident, DomesticAbuseNotification, nextSchoolDayStart } from '../education/domestic-abuse-notification.entity';
import { TaskKind, TaskStatus } from './task.entity';

/**
 * The one declaration of which events move work between agencies (issue 13 must-show 2). Each rule names
 * the record type whose write raises a task, when it does (the start of the clock, or null), and who must
 * do it; each fulfilment names the record type whose write closes it. src/modules/workflow/derive-tasks.ts
 * applies them to every record a mutation wrote, in the mutation's own transaction. The due date comes from
 * the timescale rule of the same name (src/timescales/rules.ts), never from here, except for work whose
 * deadline a practitioner set (an invitation's respond-by time, an agreed action's due day) or a duty
 * with its own rule (Operation Encompass: before the next school day), which say so in `due`.
 */
export interface RaiseRule<E = never> {
  kind: TaskKind;
  on: () => EntityClass<E>;
  /** Day 0 of the timescale when this record (as written) calls for the task; null when it does not. */
  clockStart: (record: E) => string | Date | null | undefined;
  /** Who must do it: the agency owning the record that raised it, the agency leading the child, or the agency the record names. */
  assignee: 'RECORD_OWNER' | 'CHILD_LEAD' | { agency: (record: E) => string };
  /** The child the task is about (from the record, or the record it belongs to: a participant's discussion). */
  child: (record: E, em: EntityManager) => string | Promise<string>;
  /**
   * When the task is due, for kinds with no timescale rule: the time a practitioner set (an instant) or
   * the last day in time (a date). Omitted: the timescale rule of the same name decides.
   */
  due?: (record: E) => string | Date;
  /** What exactly is asked, when the kind alone does not say. */
  detail?: (record: E) => string;
  /** Facts the timescale rule needs besides the start (the child's date of birth, for review health assessments); null: not known, so no task. */
  context?: (record: E, em: EntityManager) => Promise<RuleContext | null>;
}

export interface CloseRule<E = never> {
  kind: TaskKind;
  on: () => EntityClass<E>;
  /**
   * Which open tasks this record (as written) closes: those raised by a given record, or every open task
   * of the kind about a child whose clock started by `at`; null when it closes none.
   */
  closes: (record: E) => { raisedByRecordId: string } | { childId: string } | null;
  /** When the work was done (a date is taken at its start in England). */
  at: (record: E) => string | Date;
  status: TaskStatus.DONE | TaskStatus.CANCELLED;
  note?: (record: E) => string;
}

const rule = <E>(r: RaiseRule<E>) => r as unknown as RaiseRule;
const closing = <E>(r: CloseRule<E>) => r as unknown as CloseRule;

/** Participant statuses that answer an invitation, whoever records them. */
const INVITATION_ANSWERS: readonly ParticipantStatus[] = [ParticipantStatus.ACCEPTED, ParticipantStatus.ATTENDED, ParticipantStatus.DECLINED, ParticipantStatus.WRITTEN_CONTRIBUTION];

/** The child of a record that belongs to a strategy discussion. */
async function discussionChild(r: { discussion: { id: string } }, em: EntityManager): Promise<string> {
  return (await em.findOneOrFail(StrategyDiscussion, { id: r.discussion.id }, { filters: false })).child.id;
}

export const RAISE_RULES: readonly RaiseRule[] = [
  // A new period of care (not a change of legal status or placement inside one).
  rule<CareEpisode>({ kind: TaskKind.IHA_REQUEST, on: () => CareEpisode, assignee: 'RECORD_OWNER', child: (r) => r.child.id, clockStart: (r) => (r.startDate === r.enteredCareDate ? r.enteredCareDate : null) }),
  rule<Section47Enquiry>({ kind: TaskKind.ICPC, on: () => Section47Enquiry, assignee: 'RECORD_OWNER', child: (r) => r.child.id, clockStart: (r) => r.startDate }),
  rule<ChildProtectionPlan>({ kind: TaskKind.FIRST_CORE_GROUP, on: () => ChildProtectionPlan, assignee: 'RECORD_OWNER', child: (r) => r.child.id, clockStart: (r) => r.startDate }),
  rule<ChildProtectionPlan>({ kind: TaskKind.FIRST_REVIEW_CONFERENCE, on: () => ChildProtectionPlan, assignee: 'RECORD_OWNER', child: (r) => r.child.id, clockStart: (r) => r.startDate }),
  // The clock starts when the child is found or returns; whoever records that, the authority leading the child offers the interview.
  rule<MissingEpisode>({ kind: TaskKind.RHI_OFFER, on: () => MissingEpisode, assignee: 'CHILD_LEAD', child: (r) => r.child.id, clockStart: (r) => r.endAt ?? null }),
  // The authority asked health for the initial assessment: health completes it within 20 working days of entering care.
  rule<HealthAssessment>({
    kind: TaskKind.IHA_COMPLETION,
    on: () => HealthAssessment,
    assignee: 'RECORD_OWNER',
    child: (r) => r.child.id,
    clockStart: (r) => (r.type === HealthAssessmentType.INITIAL && r.requestedAt ? r.enteredCareDate : null),
  }),
  // Each completed assessment starts the clock of the next review, 6 or 12 months by the child's age then.
  rule<HealthAssessment>({
    kind: TaskKind.RHA,
    on: () => HealthAssessment,
    assignee: 'RECORD_OWNER',
    child: (r) => r.child.id,
    clockStart: (r) => r.completedAt ?? null,
    context: async (r, em) => {
      const dateOfBirth = (await em.findOneOrFail(Child, { id: r.child.id }, { filters: false })).dateOfBirth;
      return dateOfBirth ? { dateOfBirth } : null;
    },
  }),
  // A domestic abuse incident with the child's school known: the force tells the school before the next school day.
  rule<DomesticAbuseIncident>({
    kind: TaskKind.OPERATION_ENCOMPASS,
    on: () => DomesticAbuseIncident,
    assignee: 'RECORD_OWNER',
    child: (r) => r.child.id,
    clockStart: (r) => (r.school ? r.incidentAt : null),
    due: (r) => nextSchoolDayStart(r.incidentAt),
  }),
  // A partner asked to be involved: the lead agency (the request's co-writer) decides.
  rule<Involvement>({
    kind: TaskKind.INVOLVEMENT_DECISION,
    on: () => Involvement,
    assignee: { agency: (r) => r.leadAgency.id },
    child: (r) => r.child.id,
    clockStart: (r) => (r.status === InvolvementStatus.REQUESTED ? r.createdAt : null),
  }),
  // An invitation with a respond-by time: the invited agency responds.
  rule<StrategyDiscussionParticipant>({
    kind: TaskKind.STRATEGY_INVITATION,
    on: () => StrategyDiscussionParticipant,
    assignee: { agency: (r) => r.agency.id },
    child: discussionChild,
    clockStart: (r) => (r.status === ParticipantStatus.INVITED && r.respondBy && r.invitedAt ? r.invitedAt : null),
    due: (r) => r.respondBy!,
  }),
  // An action agreed at a strategy discussion: the agency it is assigned to does it by its due date.
  rule<StrategyDiscussionAction>({
    kind: TaskKind.AGREED_ACTION,
    on: () => StrategyDiscussionAction,
    assignee: { agency: (r) => r.assignedAgency.id },
    child: discussionChild,
    clockStart: (r) => r.createdAt,
    due: (r) => r.dueBy,
    detail: (r) => r.description,
  }),
];

export const CLOSE_RULES: readonly CloseRule[] = [
  closing<HealthAssessment>({
    kind: TaskKind.IHA_REQUEST,
    on: () => HealthAssessment,
    status: TaskStatus.DONE,
    closes: (r) => (r.type === HealthAssessmentType.INITIAL && r.requestedAt ? { childId: r.child.id } : null),
    at: (r) => r.requestedAt!,
  }),
  closing<ChildProtectionConference>({
    kind: TaskKind.ICPC,
    on: () => ChildProtectionConference,
    status: TaskStatus.DONE,
    closes: (r) => (r.type === ConferenceType.INITIAL && r.section47Enquiry ? { raisedByRecordId: r.section47Enquiry.id } : null),
    at: (r) => r.conferenceDate,
  }),
  closing<Section47Enquiry>({
    kind: TaskKind.ICPC,
    on: () => Section47Enquiry,
    status: TaskStatus.CANCELLED,
    closes: (r) => (r.outcome && r.outcome !== Section47Outcome.ICPC_REQUIRED ? { raisedByRecordId: r.id } : null),
    at: (r) => r.endDate ?? new Date(),
    note: (r) => `The enquiry ended with outcome ${r.outcome}: no initial conference.`,
  }),
  closing<CoreGroupMeeting>({
    kind: TaskKind.FIRST_CORE_GROUP,
    on: () => CoreGroupMeeting,
    status: TaskStatus.DONE,
    closes: (r) => ({ raisedByRecordId: r.plan.id }),
    at: (r) => r.meetingDate,
  }),
  closing<ChildProtectionConference>({
    kind: TaskKind.FIRST_REVIEW_CONFERENCE,
    on: () => ChildProtectionConference,
    status: TaskStatus.DONE,
    closes: (r) => (r.type === ConferenceType.REVIEW && r.reviewedPlan ? { raisedByRecordId: r.reviewedPlan.id } : null),
    at: (r) => r.conferenceDate,
  }),
  closing<HealthAssessment>({
    kind: TaskKind.IHA_COMPLETION,
    on: () => HealthAssessment,
    status: TaskStatus.DONE,
    closes: (r) => (r.type === HealthAssessmentType.INITIAL && r.completedAt ? { raisedByRecordId: r.id } : null),
    at: (r) => r.completedAt!,
  }),
  closing<HealthAssessment>({
    kind: TaskKind.RHA,
    on: () => HealthAssessment,
    status: TaskStatus.DONE,
    closes: (r) => (r.type === HealthAssessmentType.REVIEW && r.completedAt ? { childId: r.child.id } : null),
    at: (r) => r.completedAt!,
  }),
  closing<DomesticAbuseNotification>({
    kind: TaskKind.OPERATION_ENCOMPASS,
    on: () => DomesticAbuseNotification,
    status: TaskStatus.DONE,
    closes: (r) => (r.incident ? { raisedByRecordId: r.incident.id } : null),
    at: (r) => r.notificationSentAt,
  }),
  closing<Involvement>({
    kind: TaskKind.INVOLVEMENT_DECISION,
    on: () => Involvement,
    status: TaskStatus.DONE,
    closes: (r) => (r.status !== InvolvementStatus.REQUESTED && r.decidedAt ? { raisedByRecordId: r.id } : null),
    at: (r) => r.decidedAt!,
  }),
  // The invited agency's own response (accepted, declined or a written contribution) answers the invitation...
  closing<StrategyDiscussionResponse>({
    kind: TaskKind.STRATEGY_INVITATION,
    on: () => StrategyDiscussionResponse,
    status: TaskStatus.DONE,
    closes: (r) => ({ raisedByRecordId: r.participant.id }),
    at: (r) => r.updatedAt,
  }),
  // ...and so does an answer the convener records for it (attended, or a reply given by phone); an
  // invitation withdrawn, or a discussion held without the agency, lapses.
  closing<StrategyDiscussionParticipant>({
    kind: TaskKind.STRATEGY_INVITATION,
    on: () => StrategyDiscussionParticipant,
    status: TaskStatus.DONE,
    closes: (r) => (INVITATION_ANSWERS.includes(r.status) ? { raisedByRecordId: r.id } : null),
    at: (r) => r.updatedAt,
  }),
  closing<StrategyDiscussionParticipant>({
    kind: TaskKind.STRATEGY_INVITATION,
    on: () => StrategyDiscussionParticipant,
    status: TaskStatus.CANCELLED,
    closes: (r) => (r.status === ParticipantStatus.NOT_INVITED || r.status === ParticipantStatus.DID_NOT_ATTEND ? { raisedByRecordId: r.id } : null),
    at: (r) => r.updatedAt,
    note: (r) => (r.status === ParticipantStatus.DID_NOT_ATTEND ? 'The discussion was held without a response from the agency.' : 'The convening agency withdrew the invitation.'),
  }),
  closing<ReturnHomeInterview>({
    kind: TaskKind.RHI_OFFER,
    on: () => ReturnHomeInterview,
    status: TaskStatus.DONE,
    closes: (r) => (r.offeredAt ? { raisedByRecordId: r.episode.id } : null),
    at: (r) => r.offeredAt!,
  }),
];
