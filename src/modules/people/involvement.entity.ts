import { type Ref } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { ObjectType } from 'type-graphql';
import { GraphQLDateTime, GraphQLLocalDate } from 'graphql-scalars';
import { Classification } from '../../access/classification';
import { Expose } from '../../access/expose';
import { HubRecord } from '../../db/hub-record';
import { Node } from '../../server/graphql/node';
import { Agency } from '../agencies/agency.entity';
import { Practitioner } from '../agencies/practitioner.entity';
import { Team } from '../agencies/team.entity';
import { Child } from './child.entity';
import { InvolvementEndReason, InvolvementRole, InvolvementStatus } from './codes';
import { todayIso } from './validation';
import { ACCESS_GIVING_STATUSES } from '../../access/involvement-policy';
import { ChildProtectionTeamMember } from '../protection/cp-team.entity';


/**
 * Involvement (+, SSD `ssd_involvements` widened to every partner): which agency, team and practitioner
 * works with which child, in what role, from when to when. It is what gives a practitioner a legitimate
 * relationship with the child, so access control asks "children with an active involvement of agency X":
 * hence the (agency, endedAt) and (child, agency) indexes. It is never self-declared: its lifecycle
 * (allocated by the child's lead agency, or requested by a partner and accepted by the lead agency) is
 * declared in src/access/involvement-policy.ts. Owned by the involved agency (`agency`), so it sees its
 * own requests; the lead agency (owner of the child record) writes it too (`coWriterAgency`). Dates are
 * calendar dates; an ALLOCATED or ACCEPTED involvement is active from `startedAt` until (excluding) `endedAt`.
 */
@Entity({ tableName: 'involvement' })
@Index({ name: 'involvement_child_agency_index', properties: ['child', 'agency'] })
@Index({ name: 'involvement_agency_ended_at_index', properties: ['agency', 'endedAt'] })
// At most one pending request per agency and child: concurrent identical requests cannot make two.
@Index({
  name: 'involvement_one_pending_request',
  expression: `create unique index "involvement_one_pending_request" on "involvement" ("child_id", "agency_id") where status = 'REQUESTED' and deleted_at is null`,
})
// One open involvement per team membership and child: two syncs of a team at once cannot give two.
@Index({ name: 'involvement_one_per_team_member', expression: 'create unique index "involvement_one_per_team_member" on "involvement" ("via_team_member_id", "child_id") where "ended_at" is null and "deleted_at" is null' })
@ObjectType({ implements: Node, description: 'An agency, team or practitioner working with a child in a role, from a date until it ends.' })
export class Involvement extends HubRecord {
  /** The lead agency decides requests and ends involvements on records the involved agency owns (src/access/row-scope.ts). */
  static readonly coWriterAgency = 'leadAgency';

  @ManyToOne(() => Child, { ref: true })
  @Index()
  child!: Ref<Child>;

  @ManyToOne(() => Agency, { ref: true })
  @Index()
  agency!: Ref<Agency>;

  @ManyToOne(() => Team, { ref: true, nullable: true })
  @Index()
  team?: Ref<Team> | null;

  @ManyToOne(() => Practitioner, { ref: true, nullable: true })
  @Index()
  practitioner?: Ref<Practitioner> | null;

  /** The child's lead agency when the involvement was allocated or requested (the owner of the child record). */
  @ManyToOne(() => Agency, { ref: true })
  @Index()
  leadAgency!: Ref<Agency>;

  @Enum({ items: () => InvolvementStatus, nativeEnumName: 'involvement_status' })
  @Expose(Classification.SUMMARY, () => InvolvementStatus, { description: 'Where the involvement stands: requested, declined, allocated or accepted. Only allocated and accepted involvements give access.' })
  status!: InvolvementStatus;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.SUMMARY, () => String, { nullable: true, description: 'Why the partner agency asked to be involved (requests only).' })
  requestReason?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  @Expose(Classification.SUMMARY, () => GraphQLDateTime, { nullable: true, description: 'When the lead agency allocated the involvement or decided the request; null while a request is pending.' })
  decidedAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.SUMMARY, () => String, { nullable: true, description: 'Who (token subject) allocated the involvement or decided the request.' })
  decidedBy?: string | null;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.SUMMARY, () => String, { nullable: true, description: "The lead agency's reason for accepting or declining a request." })
  decisionReason?: string | null;

  @Enum({ items: () => InvolvementRole, nativeEnumName: 'involvement_role' })
  @Expose(Classification.SUMMARY, () => InvolvementRole, { description: 'The role in which they work with the child.' })
  role!: InvolvementRole;

  @Property({ type: 'date' })
  @Expose(Classification.SUMMARY, () => GraphQLLocalDate, { description: 'Date the involvement started (SSD `invo_involvement_start_date`).' })
  startedAt!: string;

  @Property({ type: 'date', nullable: true })
  @Expose(Classification.SUMMARY, () => GraphQLLocalDate, { nullable: true, description: 'Date the involvement ended (SSD `invo_involvement_end_date`); null while it continues.' })
  endedAt?: string | null;

  /** The child protection team membership that gave the involvement; null for one allocated or requested directly. */
  @ManyToOne(() => ChildProtectionTeamMember, { ref: true, nullable: true, deleteRule: 'restrict' })
  @Index()
  viaTeamMember?: Ref<ChildProtectionTeamMember> | null;

  @Enum({ items: () => InvolvementEndReason, nativeEnumName: 'involvement_end_reason', nullable: true })
  @Expose(Classification.SUMMARY, () => InvolvementEndReason, { nullable: true, description: 'Why it ended (SSD `invo_worker_change_reason`).' })
  endReason?: InvolvementEndReason | null;

  @Expose(Classification.SUMMARY, () => Boolean, { description: 'Whether the involvement is current: allocated or accepted, started on or before today and not yet ended.' })
  get active(): boolean {
    const today = todayIso();
    return ACCESS_GIVING_STATUSES.includes(this.status) && this.startedAt <= today && (!this.endedAt || this.endedAt > today);
  }
}
