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
import { isWorkingDay } from '../../timescales';

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

const londonParts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' });

/** 09:00 UK time on the first school day (a weekday, not a bank holiday) after the day of `at`. */
export function nextSchoolDayStart(at: Date): Date {
  const parts = Object.fromEntries(londonParts.formatToParts(at).map((p) => [p.type, p.value]));
  const day = new Date(Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day)));
  // Weekends and England and Wales bank holidays are not school days (term dates are not held).
  do day.setUTCDate(day.getUTCDate() + 1);
  while (!isWorkingDay(day.toISOString().slice(0, 10)));
  // 09:00 London: try UTC 09:00 and step back an hour if London is on summer time that day.
  const candidate = new Date(day.getTime() + SCHOOL_DAY_STARTS_AT_HOUR * 3600_000);
  const hour = Number(Object.fromEntries(londonParts.formatToParts(candidate).map((p) => [p.type, p.value])).hour);
  return new Date(candidate.getTime() - (hour - SCHOOL_DAY_STARTS_AT_HOUR) * 3600_000);
}
