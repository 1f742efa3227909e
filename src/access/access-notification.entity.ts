import { type Ref } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { Classification } from './classification';
import type { ChildScopeDeclaration } from './child-of';
import { Expose } from './expose';
import { HubRecord } from '../db/hub-record';
import { Node } from '../server/graphql/node';
import { Agency } from '../modules/agencies/agency.entity';
import { Practitioner } from '../modules/agencies/practitioner.entity';
import { Team } from '../modules/agencies/team.entity';
import { Child } from '../modules/people/child.entity';

export enum AccessNotificationKind {
  STATUS_CARD = 'STATUS_CARD',
  BREAK_GLASS = 'BREAK_GLASS',
}
registerEnumType(AccessNotificationKind, {
  name: 'AccessNotificationKind',
  description: 'How a practitioner outside the child’s involvement reached the child’s record.',
  valuesConfig: {
    STATUS_CARD: { description: 'Opened the child’s status card (on a plan, in care) by NHS number or UPN.' },
    BREAK_GLASS: { description: 'Used break-glass: time-limited detail access on a stated reason.' },
  },
});

/**
 * A notification to the child's lead practitioner (or, with none allocated, their team; with neither, the
 * lead agency) that a practitioner outside the child's involvement opened the status card or used
 * break-glass, with who and why, as NHS CP-IS tells the local authority when an unscheduled care setting
 * looks a child up (issue 13 must-show 6). Written in the transaction of the access itself
 * (src/access/access-notifications.ts), owned by the lead agency, which acknowledges it; the accessing
 * agency is its co-writer (it writes the row) and the only other agency that sees it.
 */
@Entity({ tableName: 'access_notification' })
@Index({ name: 'access_notification_owner_at_index', properties: ['owningAgency', 'accessedAt', 'id'] })
@ObjectType({ implements: Node, description: "A notice to a child's lead practitioner that someone outside the child's involvement opened the status card or used break-glass: who, when and why." })
export class AccessNotification extends HubRecord {
  static readonly childScope: ChildScopeDeclaration = { ownerOnly: true };
  /** The accessing agency writes the row (in its own request) and may read it back. */
  static readonly coWriterAgency = 'accessingAgency';

  @ManyToOne(() => Child, { ref: true, deleteRule: 'restrict' })
  @Index()
  child!: Ref<Child>;

  @Enum({ items: () => AccessNotificationKind, nativeEnumName: 'access_notification_kind' })
  @Expose(Classification.SUMMARY, () => AccessNotificationKind, { description: 'Status card or break-glass.' })
  kind!: AccessNotificationKind;

  @Property({ type: 'timestamptz' })
  @Expose(Classification.SUMMARY, () => GraphQLDateTime, { description: 'When it happened.' })
  accessedAt!: Date;

  @ManyToOne(() => Agency, { ref: true, deleteRule: 'restrict' })
  @Index()
  accessingAgency!: Ref<Agency>;

  @Property({ type: 'text' })
  @Expose(Classification.SUMMARY, { description: 'Token subject of the practitioner.' })
  accessedBySubject!: string;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.SUMMARY, () => String, { nullable: true, description: 'Their name and job title, when registered with the hub as a practitioner.' })
  accessedByName?: string | null;

  @Property({ type: 'text' })
  @Expose(Classification.SUMMARY, { description: 'Their roles, as their token gave them.' })
  accessedByRoles!: string;

  @Property({ type: 'text' })
  @Expose(Classification.SUMMARY, { description: 'The purpose their token declared (e.g. DIRECT_CARE).' })
  purpose!: string;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.SUMMARY, () => String, { nullable: true, description: 'Why, in their words: the break-glass reason, or the reason given with the status card look-up.' })
  reason?: string | null;

  @ManyToOne(() => Practitioner, { ref: true, nullable: true, deleteRule: 'restrict' })
  @Index()
  notifiedPractitioner?: Ref<Practitioner> | null;

  @ManyToOne(() => Team, { ref: true, nullable: true, deleteRule: 'restrict' })
  @Index()
  notifiedTeam?: Ref<Team> | null;

  @Property({ type: 'timestamptz', nullable: true })
  @Expose(Classification.SUMMARY, () => GraphQLDateTime, { nullable: true, description: 'When the lead agency acknowledged it; null while unread.' })
  acknowledgedAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.SUMMARY, () => String, { nullable: true, description: 'Who acknowledged it.' })
  acknowledgedBy?: string | null;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.SUMMARY, () => String, { nullable: true, description: 'What the lead practitioner did about it (e.g. "Called the A&E liaison nurse back").' })
  acknowledgementNote?: string | null;
}
