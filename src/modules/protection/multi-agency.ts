import { AgencyKind } from '../agencies/agency.entity';
import { ParticipantStatus } from './codes';

/** What the predicate needs to know about one participant row. */
export interface ParticipationFact {
  agencyKind: AgencyKind;
  status: ParticipantStatus;
}

/**
 * THE definition of a multi-agency strategy discussion, shared with the partnership scorecard:
 * at least one agency other than the local authority and the police ATTENDED. Being invited is not
 * enough, and a local authority + police telephone call is single-strand however many officers join.
 * (Inspection findings: discussions were "mostly phone calls between a team manager and the police,
 * without health or other agencies".) Do not re-implement this elsewhere: import it.
 */
export function isMultiAgency(participants: readonly ParticipationFact[]): boolean {
  return participants.some((p) => p.status === ParticipantStatus.ATTENDED && p.agencyKind !== AgencyKind.LOCAL_AUTHORITY && p.agencyKind !== AgencyKind.POLICE);
}

/** Whether an agency of the given kind attended (e.g. health, education). */
export function kindAttended(participants: readonly ParticipationFact[], kind: AgencyKind): boolean {
  return participants.some((p) => p.status === ParticipantStatus.ATTENDED && p.agencyKind === kind);
}

/** Attendance as the convening agency records it when the discussion is held. */
const ATTENDANCE: readonly ParticipantStatus[] = [ParticipantStatus.ATTENDED, ParticipantStatus.DID_NOT_ATTEND];

/**
 * THE status a participant row counts as: the invited agency's own response (when it gave one) wins over
 * the convening agency's entry, except that an ACCEPTED response is only a promise, so the attendance the
 * convener records when the discussion is held (ATTENDED or DID_NOT_ATTEND) wins over it.
 * `effectiveStatusSql` is the same rule in SQL: keep the two in step.
 */
export function effectiveStatus(convenerEntry: ParticipantStatus, ownResponse?: ParticipantStatus | null): ParticipantStatus {
  if (ownResponse === ParticipantStatus.ACCEPTED && ATTENDANCE.includes(convenerEntry)) return convenerEntry;
  return ownResponse ?? convenerEntry;
}

/** `effectiveStatus` as a SQL expression over the convener's entry and the own response (null when none). */
export function effectiveStatusSql(convenerEntry: string, ownResponse: string): string {
  // Compared as text: a view made in the migration that adds these enum values may not name them as enum literals.
  return `(case when (${ownResponse})::text = 'ACCEPTED' and (${convenerEntry})::text in (${ATTENDANCE.map((s) => `'${s}'`).join(', ')}) then ${convenerEntry} else coalesce(${ownResponse}, ${convenerEntry}) end)`;
}

/** A participant row as it counts (see effectiveStatus). */
export function effectiveParticipation(row: ParticipationFact, ownResponse?: { status: ParticipantStatus } | null): ParticipationFact {
  return { agencyKind: row.agencyKind, status: effectiveStatus(row.status, ownResponse?.status) };
}

/**
 * A participant row of `kind` whose effective status is ATTENDED, at discussion `discussionIdSql`: the
 * one SQL form of `kindAttended` (the scorecard's health and education attendance measures).
 */
export function kindAttendedSql(kind: AgencyKind, discussionIdSql: string): string {
  return `exists (select 1 from strategy_discussion_participant p
      left join strategy_discussion_response r on r.participant_id = p.id and r.deleted_at is null
     where p.discussion_id = ${discussionIdSql} and p.deleted_at is null and p.agency_kind = '${kind}'
       and ${effectiveStatusSql('p.status', 'r.status')} = 'ATTENDED')`;
}

/**
 * The same predicate as SQL for aggregate queries (the scorecard): true when the discussion with id
 * column `discussionIdSql` satisfies `isMultiAgency`. Keep the two in step (a test checks them on the demo).
 */
export function isMultiAgencySql(discussionIdSql: string): string {
  return `exists (select 1 from strategy_discussion_participant p
      left join strategy_discussion_response r on r.participant_id = p.id and r.deleted_at is null
     where p.discussion_id = ${discussionIdSql} and p.deleted_at is null
       and ${effectiveStatusSql('p.status', 'r.status')} = 'ATTENDED' and p.agency_kind not in ('LOCAL_AUTHORITY', 'POLICE'))`;
}
