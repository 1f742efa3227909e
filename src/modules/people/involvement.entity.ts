import { type Ref } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Classification } from '../../access/classification';
import { Expose } from '../../access/expose';
import { HubRecord } from '../../db/hub-record';
import { Node } from '../../server/graphql/node';
import { Agency } from '../agencies/agency.entity';
import { Practitioner } from '../agencies/practitioner.entity';
import { Team } from '../agencies/team.entity';
import { Child } from './child.entity';
import { InvolvementEndReason, InvolvementRole } from './codes';
import { todayIso } from './validation';


/**
 * Involvement (+, SSD `ssd_involvements` widened to every partner): which agency, team and practitioner
 * works with which child, in what role, from when to when. It is what gives a practitioner a legitimate
 * relationship with the child, so access control asks "children with an active involvement of agency X":
 * hence the (agency, endedAt) and (child, agency) indexes. Owned by the agency that started it; `agency`
 * is always that agency. Dates are calendar dates; the involvement is active from `startedAt` until
 * (excluding) `endedAt`.
 */
@Entity({ tableName: 'involvement' })
@Index({ name: 'involvement_child_agency_index', properties: ['child', 'agency'] })
@Index({ name: 'involvement_agency_ended_at_index', properties: ['agency', 'endedAt'] })
@ObjectType({ implements: Node, description: 'An agency, team or practitioner working with a child in a role, from a date until it ends.' })
export class Involvement extends HubRecord {
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

  @Enum({ items: () => InvolvementRole, nativeEnumName: 'involvement_role' })
  @Expose(Classification.SUMMARY, () => InvolvementRole, { description: 'The role in which they work with the child.' })
  role!: InvolvementRole;

  @Property({ type: 'date' })
  @Expose(Classification.SUMMARY, () => GraphQLLocalDate, { description: 'Date the involvement started (SSD `invo_involvement_start_date`).' })
  startedAt!: string;

  @Property({ type: 'date', nullable: true })
  @Expose(Classification.SUMMARY, () => GraphQLLocalDate, { nullable: true, description: 'Date the involvement ended (SSD `invo_involvement_end_date`); null while it continues.' })
  endedAt?: string | null;

  @Enum({ items: () => InvolvementEndReason, nativeEnumName: 'involvement_end_reason', nullable: true })
  @Expose(Classification.SUMMARY, () => InvolvementEndReason, { nullable: true, description: 'Why it ended (SSD `invo_worker_change_reason`).' })
  endReason?: InvolvementEndReason | null;

  @Expose(Classification.SUMMARY, () => Boolean, { description: 'Whether the involvement is current: started on or before today and not yet ended.' })
  get active(): boolean {
    const today = todayIso();
    return this.startedAt <= today && (!this.endedAt || this.endedAt > today);
  }
}
