import type { EntityClass } from '@mikro-orm/core';
import { HealthAssessment } from '../health/health-assessment.entity';
import { HealthAssessmentType } from '../health/health.codes';
import { CareEpisode } from '../care/care-episode.entity';
import { MissingEpisode, ReturnHomeInterview } from '../missing/missing-episode.entity';
import { ChildProtectionConference, ChildProtectionPlan, CoreGroupMeeting, Section47Enquiry } from '../protection/child-protection.entity';
import { ConferenceType, Section47Outcome } from '../protection/codes';
import { TaskKind, TaskStatus } from './task.entity';

/**
 * The one declaration of which events move work between agencies (issue 13 must-show 2). Each rule names
 * the record type whose write raises a task, when it does (the start of the clock, or null), and who must
 * do it; each fulfilment names the record type whose write closes it. src/modules/workflow/derive-tasks.ts
 * applies them to every record a mutation wrote, in the mutation's own transaction; the due date always
 * comes from the timescale rule of the same name (src/timescales/rules.ts), never from here.
 */
export interface RaiseRule<E = never> {
  kind: TaskKind;
  on: () => EntityClass<E>;
  /** Day 0 of the timescale when this record (as written) calls for the task; null when it does not. */
  clockStart: (record: E) => string | Date | null | undefined;
  /** Who must do it: the agency owning the record that raised it, or the agency leading the child. */
  assignee: 'RECORD_OWNER' | 'CHILD_LEAD';
  /** The child the task is about (every raising record names its child directly). */
  child: (record: E) => string;
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

export const RAISE_RULES: readonly RaiseRule[] = [
  // A new period of care (not a change of legal status or placement inside one).
  rule<CareEpisode>({ kind: TaskKind.IHA_REQUEST, on: () => CareEpisode, assignee: 'RECORD_OWNER', child: (r) => r.child.id, clockStart: (r) => (r.startDate === r.enteredCareDate ? r.enteredCareDate : null) }),
  rule<Section47Enquiry>({ kind: TaskKind.ICPC, on: () => Section47Enquiry, assignee: 'RECORD_OWNER', child: (r) => r.child.id, clockStart: (r) => r.startDate }),
  rule<ChildProtectionPlan>({ kind: TaskKind.FIRST_CORE_GROUP, on: () => ChildProtectionPlan, assignee: 'RECORD_OWNER', child: (r) => r.child.id, clockStart: (r) => r.startDate }),
  rule<ChildProtectionPlan>({ kind: TaskKind.FIRST_REVIEW_CONFERENCE, on: () => ChildProtectionPlan, assignee: 'RECORD_OWNER', child: (r) => r.child.id, clockStart: (r) => r.startDate }),
  // The clock starts when the child is found or returns; whoever records that, the authority leading the child offers the interview.
  rule<MissingEpisode>({ kind: TaskKind.RHI_OFFER, on: () => MissingEpisode, assignee: 'CHILD_LEAD', child: (r) => r.child.id, clockStart: (r) => r.endAt ?? null }),
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
  closing<ReturnHomeInterview>({
    kind: TaskKind.RHI_OFFER,
    on: () => ReturnHomeInterview,
    status: TaskStatus.DONE,
    closes: (r) => (r.offeredAt ? { raisedByRecordId: r.episode.id } : null),
    at: (r) => r.offeredAt!,
  }),
];
