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

/**
 * A participant row as it counts: the invited agency's own response (when it gave one) wins over the
 * convening agency's entry.
 */
export function effectiveParticipation(row: ParticipationFact, ownResponse?: { status: ParticipantStatus } | null): ParticipationFact {
  return { agencyKind: row.agencyKind, status: ownResponse?.status ?? row.status };
}

/**
 * The same predicate as SQL for aggregate queries (the scorecard): true when the discussion with id
 * column `discussionIdSql` satisfies `isMultiAgency`. Keep the two in step (a test checks them on the demo).
 */
export function isMultiAgencySql(discussionIdSql: string): string {
  return `exists (select 1 from strategy_discussion_participant p
      left join strategy_discussion_response r on r.participant_id = p.id and r.deleted_at is null
     where p.discussion_id = ${discussionIdSql} and p.deleted_at is null
       and coalesce(r.status, p.status) = 'ATTENDED' and p.agency_kind not in ('LOCAL_AUTHORITY', 'POLICE'))`;
}
