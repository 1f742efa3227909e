import { Arg, Args, ArgsType, Ctx, FieldResolver, ID, InputType, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import type { FilterQuery } from '@mikro-orm/core';
import { Classification } from '../../access/classification';
import { BelongsTo, HasMany } from '../../reads/relations';
import { InSql, type TwinSql } from '../../reads/sql-fields';
import { Classify } from '../../access/expose';
import type { HubContext } from '../../server/context';
import { Connection, PageArgs, paginate, SortDirection } from '../../server/graphql/connection';
import { forbidden } from '../../server/graphql/errors';
import { ErrorCollector, UserErrorCode } from '../../server/graphql/user-errors';
import { createOwned, MutationPayload, runMutation, takeTurns, type MutationResult } from '../../db/records';
import { Agency, AgencyKind } from '../agencies/agency.entity';
import { Child } from '../people/child.entity';
import { createChildRecord, findAgency, notBeforeBirth, notInFuture, updateChildRecord, uuidOf } from '../exploitation/child-records';
import { DomesticAbuseIncident, DomesticAbuseNotification, DomesticAbuseNotificationAcknowledgement } from './domestic-abuse-notification.entity';
import { FilterField, filters, InputField, match, ORDER_BY_VALUE, readsNothing, registerOrderEnum } from '../../access/input-declarations';
import { filterWhere } from '../../reads/filters';

const DomesticAbuseNotificationConnection = Connection(DomesticAbuseNotification);
const DomesticAbuseNotificationPayload = MutationPayload(DomesticAbuseNotification, 'DomesticAbuseNotificationMutation');
const AcknowledgementPayload = MutationPayload(DomesticAbuseNotificationAcknowledgement, 'AcknowledgeDomesticAbuseNotification');
const DomesticAbuseIncidentPayload = MutationPayload(DomesticAbuseIncident, 'DomesticAbuseIncidentMutation');

export enum DomesticAbuseNotificationOrderField {
  INCIDENT_AT = 'incidentAt',
  NOTIFICATION_SENT_AT = 'notificationSentAt',
}
registerOrderEnum(DomesticAbuseNotificationOrderField, {
  name: 'DomesticAbuseNotificationOrderField',
  description: 'What to order Operation Encompass notifications by.',
  on: () => DomesticAbuseNotification,
  valuesConfig: { INCIDENT_AT: { description: 'When the incident happened.', field: 'incidentAt' }, NOTIFICATION_SENT_AT: { description: 'When the school was notified.', field: 'notificationSentAt' } },
});

@ArgsType()
class DomesticAbuseNotificationArgs extends PageArgs {
  @FilterField(filters(() => DomesticAbuseNotification, match.id('child', 'Child')), () => ID, { nullable: true, description: 'Only notifications about this child.' })
  childId?: string;
  @FilterField(filters(() => DomesticAbuseNotification, match.eq('school', 'school.code')), () => String, { nullable: true, description: 'Only notifications to this school (agency code).' })
  schoolCode?: string;
  @FilterField(filters(() => DomesticAbuseNotification, match.gte('incidentAt')), () => GraphQLDateTime, { nullable: true, description: 'Only incidents at or after this instant.' })
  incidentFrom?: Date;
  @FilterField(filters(() => DomesticAbuseNotification, match.lte('incidentAt')), () => GraphQLDateTime, { nullable: true, description: 'Only incidents at or before this instant.' })
  incidentTo?: Date;
  @FilterField(filters(() => DomesticAbuseNotification, match.existsWhen('acknowledgedAt', true, 'acknowledgements')), () => Boolean, { nullable: true, description: 'true: only acknowledged by the school; false: only awaiting acknowledgement.' })
  acknowledged?: boolean;
  @FilterField(ORDER_BY_VALUE, () => DomesticAbuseNotificationOrderField, { nullable: true, description: 'Order field (default INCIDENT_AT).' })
  orderBy?: DomesticAbuseNotificationOrderField;
  @FilterField(readsNothing('sort direction'), () => SortDirection, { nullable: true, description: 'Order direction (default DESC: newest first).' })
  direction?: SortDirection;
}

@InputType({ description: 'Fields of an Operation Encompass notification the police may set and change.' })
class DomesticAbuseNotificationFields {
  @InputField(Classification.POLICE_INTELLIGENCE, () => GraphQLDateTime, { nullable: true, description: 'Date and time of the incident (required on create).' })
  incidentAt?: Date;
  @InputField(Classification.POLICE_INTELLIGENCE, () => Boolean, { nullable: true, description: 'Whether the child was present.' })
  childPresent?: boolean | null;
  @InputField(Classification.POLICE_INTELLIGENCE, () => GraphQLDateTime, { nullable: true, description: 'When the school was notified; not before the incident (required on create).' })
  notificationSentAt?: Date;
  @InputField(Classification.POLICE_INTELLIGENCE, () => String, { nullable: true, description: 'Summary for the school: what the key adult needs to support the child (required on create).' })
  summaryForSchool?: string;
  @InputField(Classification.POLICE_INTELLIGENCE, () => String, { nullable: true, description: 'Police incident reference (police intelligence).' })
  policeReference?: string | null;
  @InputField(Classification.POLICE_INTELLIGENCE, () => String, { nullable: true, description: 'Fuller police notes (police intelligence; not disclosed to the school).' })
  policeNotes?: string | null;
}

@InputType({ description: 'A new Operation Encompass notification (police only).' })
class CreateDomesticAbuseNotificationInput extends DomesticAbuseNotificationFields {
  @InputField(Classification.POLICE_INTELLIGENCE, () => ID, { description: 'Global id of the child.' })
  childId!: string;
  @InputField(Classification.POLICE_INTELLIGENCE, () => ID, { nullable: true, description: 'The incident your force recorded (global id): its task closes, and its time is the default incident time.' })
  incidentId?: string;
  @InputField(Classification.POLICE_INTELLIGENCE, { description: 'Agency code of the school notified, e.g. SCH-CASTLEGATE-HIGH.' })
  schoolCode!: string;
  @InputField(Classification.POLICE_INTELLIGENCE, () => String, { nullable: true, description: 'Partner system the record comes from.' })
  sourceSystem?: string;
  @InputField(Classification.POLICE_INTELLIGENCE, () => String, { nullable: true, description: 'Id of the record in that system; a retried create with the same pair returns the existing record.' })
  sourceRecordId?: string;
}

@InputType({ description: 'Changes to an Operation Encompass notification your force owns; omitted fields stay as they are, null clears.' })
class UpdateDomesticAbuseNotificationInput extends DomesticAbuseNotificationFields {
  @InputField(Classification.POLICE_INTELLIGENCE, () => ID, { description: 'Global id of the notification.' })
  id!: string;
  @InputField(Classification.POLICE_INTELLIGENCE, () => Int, { description: 'The version you read; a stale version is refused with CONFLICT.' })
  expectedVersion!: number;
}

@InputType({ description: 'Fields of a domestic abuse incident the police may set and change.' })
class DomesticAbuseIncidentFields {
  @InputField(Classification.POLICE_INTELLIGENCE, () => GraphQLDateTime, { nullable: true, description: 'Date and time of the incident (required on create; not in the future).' })
  incidentAt?: Date;
  @InputField(Classification.POLICE_INTELLIGENCE, () => Boolean, { nullable: true, description: 'Whether the child was present.' })
  childPresent?: boolean | null;
  @InputField(Classification.POLICE_INTELLIGENCE, () => String, { nullable: true, description: 'Police incident reference (police intelligence).' })
  policeReference?: string | null;
}

@InputType({ description: 'A domestic abuse incident a child was involved in or exposed to (police only); with a school, your force owes the school a notification before the next school day.' })
class RecordDomesticAbuseIncidentInput extends DomesticAbuseIncidentFields {
  @InputField(Classification.POLICE_INTELLIGENCE, () => ID, { description: 'Global id of the child.' })
  childId!: string;
  @InputField(Classification.POLICE_INTELLIGENCE, () => String, { nullable: true, description: "Agency code of the child's school, e.g. SCH-CASTLEGATE-HIGH; omit when the child has none (no notification is owed)." })
  schoolCode?: string;
  @InputField(Classification.POLICE_INTELLIGENCE, () => String, { nullable: true, description: 'Partner system the record comes from.' })
  sourceSystem?: string;
  @InputField(Classification.POLICE_INTELLIGENCE, () => String, { nullable: true, description: 'Id of the record in that system; a retried create with the same pair returns the existing record.' })
  sourceRecordId?: string;
}

@InputType({ description: 'Changes to a domestic abuse incident your force recorded; a corrected time re-times the notification task.' })
class UpdateDomesticAbuseIncidentInput extends DomesticAbuseIncidentFields {
  @InputField(Classification.POLICE_INTELLIGENCE, () => ID, { description: 'Global id of the incident.' })
  id!: string;
  @InputField(Classification.POLICE_INTELLIGENCE, () => Int, { description: 'The version you read; a stale version is refused with CONFLICT.' })
  expectedVersion!: number;
}

const INCIDENT_FIELDS = ['incidentAt', 'childPresent', 'policeReference'] as const;

function checkIncident(errors: ErrorCollector, i: Partial<DomesticAbuseIncident>, child: Child | null): void {
  if (!i.incidentAt) errors.add('incidentAt', UserErrorCode.REQUIRED, 'Give when the incident happened.');
  notBeforeBirth(errors, child, 'incidentAt', i.incidentAt);
  notInFuture(errors, 'incidentAt', i.incidentAt);
}

@InputType({ description: 'The notified school acknowledges an Operation Encompass notification.' })
class AcknowledgeDomesticAbuseNotificationInput {
  @InputField(Classification.EDUCATION, () => ID, { description: 'Global id of the notification.' })
  id!: string;
  @InputField(Classification.EDUCATION, () => GraphQLDateTime, { nullable: true, description: 'When the school read it (default now); not before it was sent.' })
  acknowledgedAt?: Date;
}

const FIELDS = ['incidentAt', 'childPresent', 'notificationSentAt', 'summaryForSchool', 'policeReference', 'policeNotes'] as const;

function checkNotification(errors: ErrorCollector, n: Partial<DomesticAbuseNotification>, child: Child | null, acknowledgedAt?: Date): void {
  if (!n.incidentAt) errors.add('incidentAt', UserErrorCode.REQUIRED, 'Give when the incident happened.');
  if (!n.notificationSentAt) errors.add('notificationSentAt', UserErrorCode.REQUIRED, 'Give when the school was notified.');
  if (!n.summaryForSchool?.trim()) errors.add('summaryForSchool', UserErrorCode.REQUIRED, 'Give the summary the school needs to support the child.');
  errors.order('notificationSentAt', n.incidentAt, n.notificationSentAt, 'The notification is sent before the incident happened.');
  errors.order('notificationSentAt', n.notificationSentAt, acknowledgedAt, 'The school acknowledged the notification before this sending time.');
  notBeforeBirth(errors, child, 'incidentAt', n.incidentAt);
  notInFuture(errors, 'incidentAt', n.incidentAt);
  notInFuture(errors, 'notificationSentAt', n.notificationSentAt);
}

@Resolver(() => DomesticAbuseNotification)
export class DomesticAbuseNotificationResolver {
  @Query(() => DomesticAbuseNotificationConnection, { description: 'Operation Encompass notifications visible to you, filtered and ordered (default newest incident first).' })
  domesticAbuseNotifications(@Args() a: DomesticAbuseNotificationArgs, @Ctx() ctx: HubContext) {
    const where = filterWhere(DomesticAbuseNotificationArgs, a);
    const dir = a.direction === SortDirection.ASC ? 'asc' : 'desc';
    return paginate(ctx, DomesticAbuseNotification, where as FilterQuery<DomesticAbuseNotification>, a, { [a.orderBy ?? DomesticAbuseNotificationOrderField.INCIDENT_AT]: dir });
  }

  @BelongsTo(Classification.SUMMARY, () => Child, { via: 'child', description: 'The child the notification is about.' })
  child!: Child;

  @BelongsTo(Classification.SUMMARY, () => Agency, { via: 'school', description: 'The school notified.' })
  school!: Agency;

  @BelongsTo(Classification.SUMMARY, () => Agency, { via: 'owningAgency', description: 'The police force that sent the notification (owns the record).' })
  notifyingForce!: Agency;

  @BelongsTo(Classification.SUMMARY, () => DomesticAbuseIncident, { via: 'incident', nullable: true, description: 'The incident recorded first, when there is one.' })
  incident!: DomesticAbuseIncident | null;

  @Mutation(() => DomesticAbuseNotificationPayload, { description: 'Records an Operation Encompass notification sent by your force to a school (police only).' })
  createDomesticAbuseNotification(@Arg('input', { description: 'The new record.' }) input: CreateDomesticAbuseNotificationInput, @Ctx() ctx: HubContext): Promise<MutationResult<DomesticAbuseNotification>> {
    return createChildRecord(ctx, DomesticAbuseNotification, input, FIELDS, {}, async (em, errors, draft, child) => {
      if (ctx.principal.agencyKind !== AgencyKind.POLICE) errors.add('schoolCode', UserErrorCode.INVALID_STATE, 'Operation Encompass notifications are sent by the police.');
      const school = await findAgency(em, input.schoolCode, errors, 'schoolCode');
      if (school && school.kind !== AgencyKind.EDUCATION) errors.add('schoolCode', UserErrorCode.INVALID_CODE, `${school.code} is not a school.`);
      draft.school = school;
      if (input.incidentId) {
        const id = uuidOf(input.incidentId, 'DomesticAbuseIncident');
        const incident = id ? await em.findOne(DomesticAbuseIncident, { id }) : null;
        if (!incident) errors.add('incidentId', UserErrorCode.NOT_FOUND, 'No incident with that id is visible to you.');
        else if (incident.owningAgency.id !== ctx.agencyId) errors.add('incidentId', UserErrorCode.INVALID_STATE, 'That incident was recorded by another force.');
        else if (child && incident.child.id !== child.id) errors.add('incidentId', UserErrorCode.INVALID_STATE, 'That incident is about another child.');
        else {
          draft.incident = incident;
          draft.incidentAt ??= incident.incidentAt;
          if ((draft.incidentAt as Date).getTime() !== incident.incidentAt.getTime()) errors.add('incidentAt', UserErrorCode.INVALID_STATE, 'The incident recorded says another time: correct the incident, or leave the time out.');
        }
      }
      checkNotification(errors, draft as Partial<DomesticAbuseNotification>, child);
    });
  }

  @Mutation(() => DomesticAbuseIncidentPayload, {
    description: "Records a domestic abuse incident a child was involved in or exposed to (police only). With the child's school, your force gets a task to notify the school before 09:00 on the next school day; the notification naming the incident closes it.",
  })
  recordDomesticAbuseIncident(@Arg('input', { description: 'The incident.' }) input: RecordDomesticAbuseIncidentInput, @Ctx() ctx: HubContext): Promise<MutationResult<DomesticAbuseIncident>> {
    return createChildRecord(ctx, DomesticAbuseIncident, input, INCIDENT_FIELDS, {}, async (em, errors, draft, child) => {
      if (ctx.principal.agencyKind !== AgencyKind.POLICE) errors.add('childId', UserErrorCode.INVALID_STATE, 'Domestic abuse incidents are recorded by the police.');
      if (input.schoolCode) {
        const school = await findAgency(em, input.schoolCode, errors, 'schoolCode');
        if (school && school.kind !== AgencyKind.EDUCATION) errors.add('schoolCode', UserErrorCode.INVALID_CODE, `${school.code} is not a school.`);
        draft.school = school;
      }
      checkIncident(errors, draft as Partial<DomesticAbuseIncident>, child);
    });
  }

  @Mutation(() => DomesticAbuseIncidentPayload, { description: 'Changes a domestic abuse incident your force recorded (a corrected time re-times the notification task).' })
  updateDomesticAbuseIncident(@Arg('input', { description: 'The changes, with the version you read.' }) input: UpdateDomesticAbuseIncidentInput, @Ctx() ctx: HubContext): Promise<MutationResult<DomesticAbuseIncident>> {
    return updateChildRecord(ctx, DomesticAbuseIncident, input, INCIDENT_FIELDS, async (em, errors, record, child) => {
      checkIncident(errors, record, child);
      const sent = await em.findOne(DomesticAbuseNotification, { incident: record.id });
      if (sent && sent.incidentAt.getTime() !== record.incidentAt.getTime()) errors.add('incidentAt', UserErrorCode.INVALID_STATE, 'The school was already notified of this incident at the time it says: correct the notification first.');
    });
  }

  @Mutation(() => DomesticAbuseNotificationPayload, { description: 'Changes an Operation Encompass notification your force owns.' })
  updateDomesticAbuseNotification(@Arg('input', { description: 'The changes, with the version you read.' }) input: UpdateDomesticAbuseNotificationInput, @Ctx() ctx: HubContext): Promise<MutationResult<DomesticAbuseNotification>> {
    return updateChildRecord(ctx, DomesticAbuseNotification, input, FIELDS, async (em, errors, record, child) => {
      const ack = await em.findOne(DomesticAbuseNotificationAcknowledgement, { notification: record.id });
      checkNotification(errors, record, child, ack?.acknowledgedAt);
    });
  }

  @Mutation(() => AcknowledgementPayload, { description: 'The notified school acknowledges an Operation Encompass notification (recorded as its own record, owned by the school).' })
  acknowledgeDomesticAbuseNotification(@Arg('input', { description: 'The notification and when the school read it.' }) input: AcknowledgeDomesticAbuseNotificationInput, @Ctx() ctx: HubContext): Promise<MutationResult<DomesticAbuseNotificationAcknowledgement>> {
    return runMutation(ctx, async (em) => {
      const id = uuidOf(input.id, 'DomesticAbuseNotification');
      const n = id ? await em.findOne(DomesticAbuseNotification, { id }) : null;
      const errors = new ErrorCollector();
      if (!n) return errors.add('id', UserErrorCode.NOT_FOUND, 'No notification with that id is visible to you.').throwIfAny() as never;
      if (n.school.id !== ctx.agencyId) throw forbidden('Only the school notified may acknowledge this notification.');
      // Concurrent acknowledgements take turns: the later ones see the first and are told it is acknowledged.
      await takeTurns(em, 'acknowledgeDomesticAbuseNotification', n.id);
      if (await em.findOne(DomesticAbuseNotificationAcknowledgement, { notification: n.id })) errors.add('id', UserErrorCode.INVALID_STATE, 'The notification is already acknowledged.');
      const at = input.acknowledgedAt ?? new Date();
      errors.order('acknowledgedAt', n.notificationSentAt, at, 'The acknowledgement is before the notification was sent.');
      notInFuture(errors, 'acknowledgedAt', at);
      errors.throwIfAny();
      return createOwned(em, ctx, DomesticAbuseNotificationAcknowledgement, { notification: n, acknowledgedAt: at } as never);
    });
  }

  @FieldResolver(() => GraphQLDateTime, { nullable: true, description: 'When the school acknowledged the notification; null until it does.' })
  @Classify(Classification.SUMMARY)
  @InSql((n, sql) => acknowledgementSql(n, sql, 'acknowledged_at'))
  async acknowledgedAt(@Root() n: DomesticAbuseNotification, @Ctx() ctx: HubContext): Promise<Date | null> {
    return (await ctx.loaders.byParent(DomesticAbuseNotificationAcknowledgement, 'notification').load(n.id))[0]?.acknowledgedAt ?? null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Subject at the school who acknowledged it.' })
  @Classify(Classification.SUMMARY)
  @InSql((n, sql) => acknowledgementSql(n, sql, 'created_by'))
  async acknowledgedBy(@Root() n: DomesticAbuseNotification, @Ctx() ctx: HubContext): Promise<string | null> {
    return (await ctx.loaders.byParent(DomesticAbuseNotificationAcknowledgement, 'notification').load(n.id))[0]?.createdBy ?? null;
  }
}

/** A column of the notification's acknowledgement (at most one: unique per notification), as the loader reads it. */
function acknowledgementSql(notification: string, sql: TwinSql, columnName: 'acknowledged_at' | 'created_by'): string {
  const a = sql.scoped(DomesticAbuseNotificationAcknowledgement);
  return `(select ${a.alias}.${columnName} from ${a.from} where ${a.alias}.notification_id = ${notification}.id and ${a.where})`;
}

@Resolver(() => DomesticAbuseIncident)
export class DomesticAbuseIncidentResolver {
  @BelongsTo(Classification.SUMMARY, () => Child, { via: 'child', description: 'The child involved or exposed.' })
  child!: Child;

  @BelongsTo(Classification.SUMMARY, () => Agency, { via: 'school', nullable: true, description: "The child's school, to be told; null when the child has none." })
  school!: Agency | null;

  @BelongsTo(Classification.SUMMARY, () => Agency, { via: 'owningAgency', description: 'The police force that recorded it.' })
  recordingForce!: Agency;

  @HasMany(Classification.SUMMARY, () => DomesticAbuseNotification, { via: 'incident', orderBy: { notificationSentAt: 'asc' }, description: 'The notifications sent to the school about it.' })
  notifications!: DomesticAbuseNotification[];
}

@Resolver(() => DomesticAbuseNotificationAcknowledgement)
export class DomesticAbuseNotificationAcknowledgementResolver {
  @BelongsTo(Classification.SUMMARY, () => DomesticAbuseNotification, { via: 'notification', description: 'The notification acknowledged.' })
  notification!: DomesticAbuseNotification;
}

@Resolver(() => Child)
export class ChildDomesticAbuseNotificationResolver {
  @HasMany(Classification.SUMMARY, () => DomesticAbuseNotification, { via: 'child', orderBy: { incidentAt: 'desc' }, description: 'Operation Encompass notifications about the child, newest incident first.' })
  domesticAbuseNotifications!: DomesticAbuseNotification[];

  @HasMany(Classification.SUMMARY, () => DomesticAbuseIncident, { via: 'child', orderBy: { incidentAt: 'desc' }, description: 'Domestic abuse incidents the police recorded about the child, newest first.' })
  domesticAbuseIncidents!: DomesticAbuseIncident[];
}
