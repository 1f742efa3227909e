import { Collection, type Ref } from '@mikro-orm/core';
import { Check, Entity, Index, ManyToOne, OneToMany, Property, Unique } from '@mikro-orm/decorators/legacy';
import { ObjectType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { Classification } from '../../access/classification';
import { Expose } from '../../access/expose';
import { HubRecord } from '../../db/hub-record';
import { Node } from '../../server/graphql/node';
import { Agency } from '../agencies/agency.entity';
import { Child } from '../people/child.entity';
import { addWorkingDays, londonDate, startOfLondonDay } from '../../timescales';

/** Operation Encompass asks the police to tell the school before the next school day starts. */
export const SCHOOL_DAY_STARTS_AT_HOUR = 9;

/**
 * An Operation Encompass notification (+): the police tell a child's school, before the start of the next
 * school day, that the child was involved in or exposed to a domestic abuse incident, so the school's key
 * adult (the DSL) can offer silent or overt support that morning.
 *
 * Classification. Operation Encompass shares the minimum the school needs to support the child: that an
 * incident happened, when, whether the child was present, and a short summary written for the school. That
 * is disclosed to the school by design, so those fields are SUMMARY (the DSL reads them without police
 * intelligence clearance, and the local authority's front door sees the same). The police's own
 * reference and fuller incident notes are not part of the disclosure and stay POLICE_INTELLIGENCE. The
 * record is owned by the police; the notified school acknowledges it with a record of its own
 * (DomesticAbuseNotificationAcknowledgement), so nobody edits another agency's record.
 */
/**
 * A domestic abuse incident the police attended where a child was involved or exposed (Operation
 * Encompass, a statutory police duty from 2026): recording it gives the force a task to tell the child's
 * school before the next school day starts (src/modules/workflow/task-rules.ts); the notification that
 * names the incident closes it. Owned by the police. What the school will be told (that an incident
 * happened, when, whether the child was present) is SUMMARY, as in the notification; the police
 * reference stays POLICE_INTELLIGENCE.
 */
@Entity({ tableName: 'domestic_abuse_incident' })
@ObjectType({ implements: Node, description: 'A domestic abuse incident the police attended that a child was involved in or exposed to; the school must be told before the next school day.' })
export class DomesticAbuseIncident extends HubRecord {
  @ManyToOne(() => Child, { ref: true, deleteRule: 'restrict' })
  @Index()
  child!: Ref<Child>;

  @ManyToOne(() => Agency, { ref: true, nullable: true, deleteRule: 'restrict' })
  @Index()
  school?: Ref<Agency> | null;

  @Property({ type: 'timestamptz' })
  @Expose(Classification.SUMMARY, () => GraphQLDateTime, { description: 'Date and time of the incident.' })
  incidentAt!: Date;

  @Property({ type: 'boolean', nullable: true })
  @Expose(Classification.SUMMARY, () => Boolean, { nullable: true, description: 'Whether the child was present (null: not known).' })
  childPresent?: boolean | null;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.POLICE_INTELLIGENCE, () => String, { nullable: true, description: 'Police incident or occurrence reference (police only).' })
  policeReference?: string | null;

  @Expose(Classification.SUMMARY, () => GraphQLDateTime, { description: 'The school must be told before this: 09:00 UK time on the next school day after the incident (weekends and bank holidays are not school days).' })
  get notifySchoolBy(): Date {
    return nextSchoolDayStart(this.incidentAt);
  }
}

@Entity({ tableName: 'domestic_abuse_notification' })
@Check({ name: 'dan_sent_after_incident', expression: '(notification_sent_at >= incident_at)' })
@ObjectType({ implements: Node, description: 'An Operation Encompass notification from the police to a school about a domestic abuse incident the child was involved in or exposed to.' })
export class DomesticAbuseNotification extends HubRecord {
  @ManyToOne(() => Child, { ref: true, deleteRule: 'restrict' })
  @Index()
  child!: Ref<Child>;

  @ManyToOne(() => Agency, { ref: true, deleteRule: 'restrict' })
  @Index()
  school!: Ref<Agency>;

  /** The incident the notification tells the school about, when the police recorded it first (its task closes). */
  @ManyToOne(() => DomesticAbuseIncident, { ref: true, nullable: true, deleteRule: 'restrict' })
  @Index()
  incident?: Ref<DomesticAbuseIncident> | null;

  @Property({ type: 'timestamptz' })
  @Index()
  @Expose(Classification.SUMMARY, () => GraphQLDateTime, { description: 'Date and time of the incident.' })
  incidentAt!: Date;

  @Property({ type: 'boolean', nullable: true })
  @Expose(Classification.SUMMARY, () => Boolean, { nullable: true, description: 'Whether the child was present at the incident (null: not known).' })
  childPresent?: boolean | null;

  @Property({ type: 'timestamptz' })
  @Expose(Classification.SUMMARY, () => GraphQLDateTime, { description: 'When the police sent the notification to the school; not before the incident.' })
  notificationSentAt!: Date;

  @Property({ type: 'text' })
  @Expose(Classification.SUMMARY, { description: 'The summary written for the school: what the key adult needs to support the child (no police intelligence).' })
  summaryForSchool!: string;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.POLICE_INTELLIGENCE, () => String, { nullable: true, description: 'Police incident or occurrence reference (police only).' })
  policeReference?: string | null;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.POLICE_INTELLIGENCE, () => String, { nullable: true, description: "Fuller incident notes kept with the police's record (not disclosed to the school)." })
  policeNotes?: string | null;

  /** The school's acknowledgement (at most one; exposed through field resolvers). */
  @OneToMany(() => DomesticAbuseNotificationAcknowledgement, (a) => a.notification)
  acknowledgements = new Collection<DomesticAbuseNotificationAcknowledgement>(this);

  @Expose(Classification.SUMMARY, () => Boolean, { description: 'Whether the notification reached the school before 09:00 (UK time) on the next school day after the incident: the next weekday that is not a bank holiday (school term dates are not held).' })
  get sentBeforeNextSchoolDay(): boolean {
    return this.notificationSentAt.getTime() <= nextSchoolDayStart(this.incidentAt).getTime();
  }
}

/** The notified school's acknowledgement of an Operation Encompass notification: its own record, owned by the school. */
@Entity({ tableName: 'domestic_abuse_notification_ack' })
@ObjectType({ implements: Node, description: 'The notified school acknowledging an Operation Encompass notification (owned by the school).' })
export class DomesticAbuseNotificationAcknowledgement extends HubRecord {
  @ManyToOne(() => DomesticAbuseNotification, { ref: true, deleteRule: 'restrict' })
  @Unique()
  notification!: Ref<DomesticAbuseNotification>;

  @Property({ type: 'timestamptz' })
  @Expose(Classification.SUMMARY, () => GraphQLDateTime, { description: 'When the school acknowledged the notification; not before it was sent.' })
  acknowledgedAt!: Date;
}

/** 09:00 UK time on the first school day (a weekday, not a bank holiday) after the day of `at`. */
export function nextSchoolDayStart(at: Date): Date {
  // Weekends and England and Wales bank holidays are not school days (term dates are not held). Clocks
  // change on Sunday nights, so 09:00 is always nine hours after the start of a school day in England.
  return new Date(startOfLondonDay(addWorkingDays(londonDate(at), 1)).getTime() + SCHOOL_DAY_STARTS_AT_HOUR * 3600_000);
}
