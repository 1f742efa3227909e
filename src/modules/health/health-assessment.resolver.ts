import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { GraphQLDateTime, GraphQLLocalDate } from 'graphql-scalars';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Classification } from '../../access/classification';
import { BelongsTo, HasMany } from '../../reads/relations';
import type { HubContext } from '../../server/context';
import { Connection, PageArgs, paginate, SortDirection } from '../../server/graphql/connection';
import { forbidden } from '../../server/graphql/errors';
import { ErrorCollector, UserErrorCode, ValidationFailed, userError } from '../../server/graphql/user-errors';
import { assertOwnedByCaller, loadForUpdate, MutationPayload, runMutation, takeTurns, type MutationResult } from '../../db/records';
import { Agency, AgencyKind } from '../agencies/agency.entity';
import { CareEpisode } from '../care/care-episode.entity';
import { inOrder, loadRef, notBeforeBirth, parseId, Tier } from '../care/care.support';
import { NIL_UUID } from '../../server/graphql/global-id';
import { addMonths, addWorkingDays, ageOn, londonDate, todayInLondon, workingDaysBetween } from '../care/dates';
import { Child } from '../people/child.entity';
import { HealthAssessment } from './health-assessment.entity';
import { evaluate, timescaleOrNull } from '../../timescales/evaluate';
import { TimescaleRuleCode } from '../../timescales/rules';
import { Timescale } from '../../timescales/timescale.type';
import { HealthAssessmentType, HealthAssessorRole, MEDICAL_PRACTITIONER_ROLES, SdqReason } from './health.codes';
import { FilterField, filters, InputField, match, ORDER_BY_VALUE, readsNothing, registerOrderEnum } from '../../access/input-declarations';
import { filterWhere } from '../../reads/filters';

const HealthAssessmentConnection = Connection(HealthAssessment);
const HealthAssessmentPayload = MutationPayload(HealthAssessment, 'HealthAssessmentMutation');
/** Working days from becoming looked after within which the IHA is due (before the first review). */
export const IHA_WORKING_DAYS = 20;

export enum HealthAssessmentOrderField {
  DUE_BY = 'DUE_BY',
  REQUESTED_AT = 'REQUESTED_AT',
  COMPLETED_AT = 'COMPLETED_AT',
  UPDATED_AT = 'UPDATED_AT',
}
registerOrderEnum(HealthAssessmentOrderField, {
  name: 'HealthAssessmentOrderField',
  description: 'What to order health assessments by.',
  on: () => HealthAssessment,
  valuesConfig: {
    DUE_BY: { description: 'Due date.', field: 'dueBy' },
    REQUESTED_AT: { description: 'When the authority asked health.', field: 'requestedAt' },
    COMPLETED_AT: { description: 'Completion date.', field: 'completedAt' },
    UPDATED_AT: { description: 'When the record last changed.', field: 'updatedAt' },
  },
});

@InputType({ description: 'Filters for health assessments; all given conditions must hold.' })
class HealthAssessmentFilter {
  @FilterField(filters(() => HealthAssessment, match.id('child', 'Child')), () => ID, { nullable: true, description: 'Only assessments of this child (global id).' })
  childId?: string;
  @FilterField(filters(() => HealthAssessment, match.in('type')), () => [HealthAssessmentType], { nullable: true, description: 'Only these types (initial, review).' })
  type?: HealthAssessmentType[];
  @FilterField(filters(() => HealthAssessment, match.nullWhen('completedAt', false)), () => Boolean, { nullable: true, description: 'True: only completed assessments; false: only outstanding ones.' })
  completed?: boolean;
  @FilterField(filters(() => HealthAssessment, match.eq('declined')), () => Boolean, { nullable: true, description: 'True: only declined or refused; false: exclude them.' })
  declined?: boolean;
  @FilterField(filters(() => HealthAssessment, match.lt('dueBy'), match.is('completedAt', null), match.is('declined', false)), () => GraphQLLocalDate, { nullable: true, description: 'Only assessments overdue on this date: not completed, not declined, due before it.' })
  overdueOn?: string;
  @FilterField(filters(() => HealthAssessment, match.gte('dueBy')), () => GraphQLLocalDate, { nullable: true, description: 'Only assessments due on or after this date.' })
  dueFrom?: string;
  @FilterField(filters(() => HealthAssessment, match.lte('dueBy')), () => GraphQLLocalDate, { nullable: true, description: 'Only assessments due on or before this date.' })
  dueTo?: string;
  @FilterField(filters(() => HealthAssessment, match.gte('requestedAt')), () => GraphQLDateTime, { nullable: true, description: 'Only assessments requested at or after this instant.' })
  requestedFrom?: Date;
  @FilterField(filters(() => HealthAssessment, match.lt('requestedAt')), () => GraphQLDateTime, { nullable: true, description: 'Only assessments requested before this instant.' })
  requestedTo?: Date;
  @FilterField(filters(() => HealthAssessment, match.gte('completedAt')), () => GraphQLLocalDate, { nullable: true, description: 'Only assessments completed on or after this date.' })
  completedFrom?: string;
  @FilterField(filters(() => HealthAssessment, match.lte('completedAt')), () => GraphQLLocalDate, { nullable: true, description: 'Only assessments completed on or before this date.' })
  completedTo?: string;
  @FilterField(filters(() => HealthAssessment, match.eq('performingAgency', 'owningAgency.code')), () => String, { nullable: true, description: 'Only assessments performed (owned) by the health agency with this code, e.g. `NHS-NORTHSHIRE-CHT`.' })
  performingAgencyCode?: string;
  @FilterField(filters(() => HealthAssessment, match.eq('requestingAgency', 'requestingAgency.code')), () => String, { nullable: true, description: 'Only assessments requested by the authority with this code, e.g. `LA-NORTHSHIRE`.' })
  requestingAgencyCode?: string;
}

@InputType({ description: 'Ordering of health assessments.' })
class HealthAssessmentOrder {
  @FilterField(ORDER_BY_VALUE, () => HealthAssessmentOrderField, { description: 'Field to order by.' })
  field!: HealthAssessmentOrderField;
  @FilterField(readsNothing('sort direction'), () => SortDirection, { description: 'Direction.' })
  direction!: SortDirection;
}

@ArgsType()
class HealthAssessmentArgs extends PageArgs {
  @Field(() => HealthAssessmentFilter, { nullable: true, description: 'Filters.' })
  filter?: HealthAssessmentFilter;
  @Field(() => HealthAssessmentOrder, { nullable: true, description: 'Ordering (default: due date, earliest first).' })
  orderBy?: HealthAssessmentOrder;
}

@ArgsType()
class OverdueHealthAssessmentArgs extends PageArgs {
  @FilterField(filters(() => HealthAssessment, match.lt('dueBy'), match.is('completedAt', null), match.is('declined', false)), () => GraphQLLocalDate, { nullable: true, description: 'Overdue as at this date (default: today in England).' })
  asOf?: string;
  @FilterField(filters(() => HealthAssessment, match.eq('type')), () => HealthAssessmentType, { nullable: true, description: 'Only this type.' })
  type?: HealthAssessmentType;
}

@InputType({ description: "A local authority's request to a health agency for a looked-after child's health assessment." })
class RequestHealthAssessmentInput {
  @InputField(Classification.SOCIAL_CARE, () => ID, { description: 'Global id of the episode of care (your authority’s) the assessment is for.' })
  careEpisodeId!: string;
  @InputField(Classification.SOCIAL_CARE, () => HealthAssessmentType, { description: 'Initial or review assessment.' })
  type!: HealthAssessmentType;
  @InputField(Classification.SOCIAL_CARE, () => String, { description: 'Code of the health agency asked to perform it, e.g. `NHS-NORTHSHIRE-CHT`; it will own the record.' })
  healthAgencyCode!: string;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLDateTime, { nullable: true, description: 'When health was asked (default: now).' })
  requestedAt?: Date;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { nullable: true, description: 'Due date; default IHA: 20 working days after entering care; RHA: 6 months (under 5) or 12 months after the last completed assessment.' })
  dueBy?: string;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: "Your system's name, for retries (with requestSourceRecordId)." })
  requestSourceSystem?: string;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: "The request's id in your system; a retried request with the same pair returns the existing record." })
  requestSourceRecordId?: string;
}

@InputType({ description: "Changes to the request facts (the requesting authority's), allowed until the assessment is completed." })
class UpdateHealthAssessmentRequestInput {
  @InputField(Classification.SOCIAL_CARE, () => ID, { description: 'Global id of the health assessment.' })
  id!: string;
  @InputField(Classification.SOCIAL_CARE, () => Int, { description: 'The version you read; a stale version is refused with CONFLICT.' })
  expectedVersion!: number;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLDateTime, { nullable: true, description: 'When health was asked.' })
  requestedAt?: Date;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { nullable: true, description: 'Due date.' })
  dueBy?: string;
}

@InputType({ description: 'The outcome of a health assessment, recorded by the health agency that owns it.' })
class CompleteHealthAssessmentInput {
  @InputField(Classification.HEALTH_CLINICAL, () => ID, { description: 'Global id of the health assessment.' })
  id!: string;
  @InputField(Classification.HEALTH_CLINICAL, () => Int, { description: 'The version you read; a stale version is refused with CONFLICT.' })
  expectedVersion!: number;
  @InputField(Classification.HEALTH_CLINICAL, () => GraphQLLocalDate, { description: 'Date the assessment was completed (not before the request, nor before the child entered care).' })
  completedAt!: string;
  @InputField(Classification.HEALTH_CLINICAL, () => HealthAssessorRole, { description: 'Role of whoever performed it (an IHA needs a registered medical practitioner).' })
  performedBy!: HealthAssessorRole;
  @InputField(Classification.HEALTH_CLINICAL, () => String, { nullable: true, description: 'Shareable outcome summary.' })
  outcomeSummary?: string | null;
  @InputField(Classification.HEALTH_CLINICAL, () => String, { nullable: true, description: 'Clinical detail (health roles only).' })
  clinicalDetail?: string | null;
  @InputField(Classification.HEALTH_CLINICAL, () => GraphQLLocalDate, { nullable: true, description: 'Date of the latest dental check.' })
  dentalCheckDate?: string | null;
  @InputField(Classification.HEALTH_CLINICAL, () => Boolean, { nullable: true, description: 'Whether immunisations are up to date.' })
  immunisationsUpToDate?: boolean | null;
  @InputField(Classification.HEALTH_CLINICAL, () => Int, { nullable: true, description: 'SDQ total difficulties score, 0-40.' })
  sdqScore?: number | null;
  @InputField(Classification.HEALTH_CLINICAL, () => SdqReason, { nullable: true, description: 'Reason no SDQ score is given.' })
  sdqReason?: SdqReason | null;
  @InputField(Classification.HEALTH_CLINICAL, () => String, { nullable: true, description: "Your (health) system's name (with sourceRecordId)." })
  sourceSystem?: string;
  @InputField(Classification.HEALTH_CLINICAL, () => String, { nullable: true, description: "The assessment's id in your system." })
  sourceRecordId?: string;
}

@InputType({ description: 'Corrections to the health-owned facts of an assessment; omitted fields are unchanged, null clears.' })
class UpdateHealthAssessmentInput {
  @InputField(Classification.HEALTH_CLINICAL, () => ID, { description: 'Global id of the health assessment.' })
  id!: string;
  @InputField(Classification.HEALTH_CLINICAL, () => Int, { description: 'The version you read; a stale version is refused with CONFLICT.' })
  expectedVersion!: number;
  @InputField(Classification.HEALTH_CLINICAL, () => GraphQLLocalDate, { nullable: true, description: 'Completion date; null to mark as not completed.' })
  completedAt?: string | null;
  @InputField(Classification.HEALTH_CLINICAL, () => HealthAssessorRole, { nullable: true, description: 'Role of whoever performed it.' })
  performedBy?: HealthAssessorRole | null;
  @InputField(Classification.HEALTH_CLINICAL, () => String, { nullable: true, description: 'Shareable outcome summary.' })
  outcomeSummary?: string | null;
  @InputField(Classification.HEALTH_CLINICAL, () => String, { nullable: true, description: 'Clinical detail (health roles only).' })
  clinicalDetail?: string | null;
  @InputField(Classification.HEALTH_CLINICAL, () => GraphQLLocalDate, { nullable: true, description: 'Date of the latest dental check.' })
  dentalCheckDate?: string | null;
  @InputField(Classification.HEALTH_CLINICAL, () => Boolean, { nullable: true, description: 'Whether immunisations are up to date.' })
  immunisationsUpToDate?: boolean | null;
  @InputField(Classification.HEALTH_CLINICAL, () => Int, { nullable: true, description: 'SDQ total difficulties score, 0-40.' })
  sdqScore?: number | null;
  @InputField(Classification.HEALTH_CLINICAL, () => SdqReason, { nullable: true, description: 'Reason no SDQ score is given.' })
  sdqReason?: SdqReason | null;
  @InputField(Classification.HEALTH_CLINICAL, () => Boolean, { nullable: true, description: 'True when the child, young person or carer declined or refused the assessment.' })
  declined?: boolean;
  @InputField(Classification.HEALTH_CLINICAL, () => String, { nullable: true, description: 'Why it was declined (required when declined).' })
  declinedReason?: string | null;
}

type HealthFacts = Pick<HealthAssessment, 'type' | 'completedAt' | 'performedBy' | 'dentalCheckDate' | 'sdqScore' | 'declined' | 'declinedReason' | 'requestedAt'>;

/** Validates the health-owned facts against the request, the episode and the child. */
function checkHealthFacts(errors: ErrorCollector, child: Child, enteredCareDate: string, h: HealthFacts): void {
  const today = todayInLondon();
  notBeforeBirth(errors, child, 'completedAt', h.completedAt, 'The completion date');
  notBeforeBirth(errors, child, 'dentalCheckDate', h.dentalCheckDate, 'The dental check');
  inOrder(errors, 'completedAt', enteredCareDate, h.completedAt, 'A health assessment cannot be completed before the child entered care (the care episode start).');
  if (h.requestedAt) inOrder(errors, 'completedAt', londonDate(h.requestedAt), h.completedAt, 'A health assessment cannot be completed before it was requested.');
  if (h.completedAt && h.completedAt > today) errors.add('completedAt', UserErrorCode.DATE_IN_FUTURE, 'The completion date cannot be in the future.');
  if (h.dentalCheckDate && h.dentalCheckDate > today) errors.add('dentalCheckDate', UserErrorCode.DATE_IN_FUTURE, 'The dental check date cannot be in the future.');
  if (h.sdqScore != null && (h.sdqScore < 0 || h.sdqScore > 40 || !Number.isInteger(h.sdqScore))) errors.add('sdqScore', UserErrorCode.OUT_OF_RANGE, 'The SDQ total difficulties score is a whole number from 0 to 40.');
  if (h.type === HealthAssessmentType.INITIAL && h.completedAt && h.performedBy && !MEDICAL_PRACTITIONER_ROLES.includes(h.performedBy)) {
    errors.add('performedBy', UserErrorCode.INVALID_CODE, 'An initial health assessment must be done by a registered medical practitioner (paediatrician or GP).');
  }
  if (h.declined && !h.declinedReason?.trim()) errors.add('declinedReason', UserErrorCode.REQUIRED, 'Give the reason the assessment was declined.');
}

async function loadChild(em: EntityManager, h: HealthAssessment): Promise<Child> {
  return (await em.findOne(Child, { id: h.child.id }))!;
}

/** Default due date: IHA 20 working days after entering care; RHA 6 months (under 5) or 12 months after the last completed one. */
async function defaultDueBy(em: EntityManager, type: HealthAssessmentType, child: Child, episode: CareEpisode): Promise<string | null> {
  if (type === HealthAssessmentType.INITIAL) return addWorkingDays(episode.enteredCareDate, IHA_WORKING_DAYS);
  const last = await em.findOne(HealthAssessment, { child: child.id, completedAt: { $ne: null } }, { orderBy: { completedAt: 'desc' } });
  if (!last?.completedAt) return null;
  const under5 = !!child.dateOfBirth && ageOn(child.dateOfBirth, last.completedAt) < 5;
  return addMonths(last.completedAt, under5 ? 6 : 12);
}

@Resolver(() => HealthAssessment)
export class HealthAssessmentResolver {
  @Query(() => HealthAssessmentConnection, { description: 'Health assessments of looked-after children visible to the caller, filtered and ordered (default: due date, earliest first).' })
  healthAssessments(@Args() args: HealthAssessmentArgs, @Ctx() ctx: HubContext) {
    const field = { DUE_BY: 'dueBy', REQUESTED_AT: 'requestedAt', COMPLETED_AT: 'completedAt', UPDATED_AT: 'updatedAt' }[args.orderBy?.field ?? HealthAssessmentOrderField.DUE_BY];
    const dir = (args.orderBy?.direction ?? SortDirection.ASC) === SortDirection.ASC ? 'asc' : 'desc';
    return paginate(ctx, HealthAssessment, filterWhere<HealthAssessment>(HealthAssessmentFilter, args.filter), args, { [field]: dir });
  }

  @Query(() => HealthAssessmentConnection, {
    description:
      'Worklist: health assessments not completed (nor declined) whose due date has passed, most overdue first. One SQL range scan on the partial index health_assessment_overdue_idx (due_by, id) where completed_at is null.',
  })
  overdueHealthAssessments(@Args() args: OverdueHealthAssessmentArgs, @Ctx() ctx: HubContext) {
    // "Overdue" always has a date: today in England unless asOf is given.
    const where = filterWhere<HealthAssessment>(OverdueHealthAssessmentArgs, { ...args, asOf: args.asOf ?? todayInLondon() });
    return paginate(ctx, HealthAssessment, where, args, { dueBy: 'asc' });
  }

  @BelongsTo(Classification.SUMMARY, () => Child, { via: 'child', nullable: true, description: 'The child assessed.' })
  child!: Child | null;

  @BelongsTo(Classification.SUMMARY, () => CareEpisode, { via: 'careEpisode', nullable: true, description: 'The episode of care the assessment was requested in.' })
  careEpisode!: CareEpisode | null;

  @BelongsTo(Classification.SUMMARY, () => Agency, { via: 'owningAgency', nullable: true, description: 'The health agency that performs the assessment and owns the record.' })
  performingAgency!: Agency | null;

  @BelongsTo(Classification.SUMMARY, () => Agency, { via: 'requestingAgency', nullable: true, description: 'The local authority that requested the assessment; null when health arranged it without a hub request.' })
  requestingAgency!: Agency | null;

  @FieldResolver(() => Boolean, { description: 'True when not completed, not declined, and the due date has passed (as of today in England).' })
  @Tier(Classification.SUMMARY)
  overdue(@Root() h: HealthAssessment): boolean {
    return !h.completedAt && !h.declined && h.dueBy < todayInLondon();
  }

  @FieldResolver(() => Boolean, { nullable: true, description: 'Whether it was completed by its due date; null while not completed.' })
  @Tier(Classification.SUMMARY)
  completedInTime(@Root() h: HealthAssessment): boolean | null {
    return h.completedAt ? h.completedAt <= h.dueBy : null;
  }

  @FieldResolver(() => Int, { nullable: true, description: 'Working days from the child entering care to the request reaching health (the "health told late" measure; target 2).' })
  @Tier(Classification.SUMMARY)
  requestWorkingDaysAfterEnteringCare(@Root() h: HealthAssessment): number | null {
    return h.requestedAt ? workingDaysBetween(h.enteredCareDate, londonDate(h.requestedAt)) : null;
  }

  @Mutation(() => HealthAssessmentPayload, {
    description: 'Local authority: asks a health agency for a health assessment of a child you look after. The record is owned by that health agency; the request facts stay yours.',
  })
  requestHealthAssessment(@Arg('input', { description: 'The request.' }) input: RequestHealthAssessmentInput, @Ctx() ctx: HubContext): Promise<MutationResult<HealthAssessment>> {
    return runMutation(ctx, async (em) => {
      if (ctx.principal.agencyKind !== AgencyKind.LOCAL_AUTHORITY) throw forbidden('Only the local authority looking after the child requests its health assessments.');
      const episode = await loadRef(em, CareEpisode, input.careEpisodeId, 'careEpisodeId');
      assertOwnedByCaller(ctx, episode);
      const sourceSystem = input.requestSourceSystem?.trim() || null;
      const sourceRecordId = input.requestSourceRecordId?.trim() || null;
      if (!!sourceSystem !== !!sourceRecordId) throw new ValidationFailed([userError(sourceSystem ? 'requestSourceRecordId' : 'requestSourceSystem', UserErrorCode.REQUIRED, 'Send both or neither.')]);
      const findExisting = () => (sourceSystem ? em.findOne(HealthAssessment, { requestingAgency: ctx.agencyId, requestSourceSystem: sourceSystem, requestSourceRecordId: sourceRecordId }, { filters: false }) : Promise.resolve(null));
      // Retries racing each other take turns: the loser finds the winner's committed request (see takeTurns).
      if (sourceSystem) await takeTurns(em, 'requestHealthAssessment', ctx.agencyId, sourceSystem, sourceRecordId!);
      const existing = await findExisting();
      if (existing) return { record: existing, created: false };

      const child = (await em.findOne(Child, { id: episode.child.id }))!;
      const health = await em.findOne(Agency, { code: input.healthAgencyCode });
      const errors = new ErrorCollector();
      if (!health || health.kind !== AgencyKind.HEALTH) errors.add('healthAgencyCode', UserErrorCode.NOT_FOUND, 'No health agency with that code.');
      const requestedAt = input.requestedAt ?? new Date();
      const requestedOn = londonDate(requestedAt);
      notBeforeBirth(errors, child, 'requestedAt', requestedOn, 'The request');
      if (requestedAt.getTime() > Date.now() + 60_000) errors.add('requestedAt', UserErrorCode.DATE_IN_FUTURE, 'The request time cannot be in the future.');
      const dueBy = input.dueBy ?? (await defaultDueBy(em, input.type, child, episode));
      if (!dueBy) errors.add('dueBy', UserErrorCode.REQUIRED, 'No completed assessment to count from: give the due date of this review assessment.');
      inOrder(errors, 'dueBy', requestedOn, dueBy, 'The due date cannot be before the request.');
      errors.throwIfAny();
      const record = em.create(HealthAssessment, {
        child: child.id,
        careEpisode: episode.id,
        enteredCareDate: episode.enteredCareDate,
        owningAgency: health!.id,
        requestingAgency: ctx.agencyId,
        type: input.type,
        requestedAt,
        dueBy: dueBy!,
        requestSourceSystem: sourceSystem,
        requestSourceRecordId: sourceRecordId,
        declined: false,
        createdBy: ctx.principal.subject,
        updatedBy: ctx.principal.subject,
      } as never);
      return { record, created: true };
    });
  }

  @Mutation(() => HealthAssessmentPayload, { description: 'Requesting authority: corrects when health was asked or the due date, until the assessment is completed.' })
  updateHealthAssessmentRequest(@Arg('input', { description: 'The changes.' }) input: UpdateHealthAssessmentRequestInput, @Ctx() ctx: HubContext): Promise<MutationResult<HealthAssessment>> {
    return runMutation(ctx, async (em) => {
      const h = await em.findOne(HealthAssessment, { id: parseId(input.id, 'HealthAssessment') ?? NIL_UUID });
      if (!h) throw new ValidationFailed([userError('id', UserErrorCode.NOT_FOUND, 'No HealthAssessment with that id is visible to you.')]);
      if (h.requestingAgency?.id !== ctx.agencyId) throw forbidden('Only the authority that requested the assessment may change the request.');
      if (h.version !== input.expectedVersion) throw new ValidationFailed([userError('expectedVersion', UserErrorCode.CONFLICT, `The HealthAssessment is at version ${h.version}, not ${input.expectedVersion}: reload and reapply your change.`)]);
      const errors = new ErrorCollector();
      if (h.completedAt) errors.add('id', UserErrorCode.INVALID_STATE, 'The assessment is completed: the request can no longer change.');
      const child = await loadChild(em, h);
      const requestedAt = input.requestedAt ?? h.requestedAt ?? null;
      const dueBy = input.dueBy ?? h.dueBy;
      if (requestedAt) {
        notBeforeBirth(errors, child, 'requestedAt', londonDate(requestedAt), 'The request');
        if (requestedAt.getTime() > Date.now() + 60_000) errors.add('requestedAt', UserErrorCode.DATE_IN_FUTURE, 'The request time cannot be in the future.');
        inOrder(errors, 'dueBy', londonDate(requestedAt), dueBy, 'The due date cannot be before the request.');
      }
      errors.throwIfAny();
      h.requestedAt = requestedAt;
      h.dueBy = dueBy;
      h.updatedBy = ctx.principal.subject;
      return { record: h };
    });
  }

  @Mutation(() => HealthAssessmentPayload, { description: 'Health agency (owner): records that the assessment was done, by whom and its outcome.' })
  completeHealthAssessment(@Arg('input', { description: 'The outcome.' }) input: CompleteHealthAssessmentInput, @Ctx() ctx: HubContext): Promise<MutationResult<HealthAssessment>> {
    return runMutation(ctx, async (em) => {
      const h = await loadForUpdate(em, ctx, HealthAssessment, parseId(input.id, 'HealthAssessment') ?? NIL_UUID, input.expectedVersion);
      const child = await loadChild(em, h);
      const errors = new ErrorCollector();
      if (h.completedAt) errors.add('id', UserErrorCode.INVALID_STATE, 'The assessment is already completed; use updateHealthAssessment to correct it.');
      const { id: _i, expectedVersion: _v, sourceSystem, sourceRecordId, ...facts } = input;
      const next: HealthFacts = { type: h.type, requestedAt: h.requestedAt, completedAt: facts.completedAt, performedBy: facts.performedBy, dentalCheckDate: facts.dentalCheckDate ?? h.dentalCheckDate, sdqScore: facts.sdqScore ?? h.sdqScore, declined: false, declinedReason: null };
      checkHealthFacts(errors, child, h.enteredCareDate, next);
      await checkSource(em, ctx, errors, h, sourceSystem, sourceRecordId);
      errors.throwIfAny();
      Object.assign(h, Object.fromEntries(Object.entries(facts).filter(([, v]) => v !== undefined)), { declined: false, declinedReason: null });
      if (sourceSystem) Object.assign(h, { sourceSystem: sourceSystem.trim(), sourceRecordId: sourceRecordId!.trim() });
      return { record: h };
    });
  }

  @Mutation(() => HealthAssessmentPayload, { description: 'Health agency (owner): corrects the assessment facts, or records that it was declined or refused.' })
  updateHealthAssessment(@Arg('input', { description: 'The changes.' }) input: UpdateHealthAssessmentInput, @Ctx() ctx: HubContext): Promise<MutationResult<HealthAssessment>> {
    return runMutation(ctx, async (em) => {
      const h = await loadForUpdate(em, ctx, HealthAssessment, parseId(input.id, 'HealthAssessment') ?? NIL_UUID, input.expectedVersion);
      const child = await loadChild(em, h);
      const { id: _i, expectedVersion: _v, ...changes } = input;
      const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as Partial<HealthAssessment>;
      if (defined.declined === null) delete defined.declined;
      const next = { type: h.type, requestedAt: h.requestedAt, completedAt: h.completedAt, performedBy: h.performedBy, dentalCheckDate: h.dentalCheckDate, sdqScore: h.sdqScore, declined: h.declined, declinedReason: h.declinedReason, ...defined } as HealthFacts;
      const errors = new ErrorCollector();
      checkHealthFacts(errors, child, h.enteredCareDate, next);
      if (next.completedAt && !next.performedBy) errors.add('performedBy', UserErrorCode.REQUIRED, 'Say who performed a completed assessment.');
      errors.throwIfAny();
      Object.assign(h, defined);
      if (!h.declined) h.declinedReason = null;
      return { record: h };
    });
  }
}

/** DUPLICATE when the health agency already holds another assessment with that source pair. */
async function checkSource(em: EntityManager, ctx: HubContext, errors: ErrorCollector, h: HealthAssessment, system?: string, recordId?: string): Promise<void> {
  const s = system?.trim() || null;
  const r = recordId?.trim() || null;
  if (!!s !== !!r) {
    errors.add(s ? 'sourceRecordId' : 'sourceSystem', UserErrorCode.REQUIRED, 'sourceSystem and sourceRecordId go together: send both or neither.');
    return;
  }
  if (!s) return;
  const other = await em.findOne(HealthAssessment, { owningAgency: ctx.agencyId, sourceSystem: s, sourceRecordId: r, id: { $ne: h.id } }, { filters: false });
  if (other) errors.add('sourceRecordId', UserErrorCode.DUPLICATE, 'Your agency already holds another assessment with that source id.');
}

/** The health module's fields on Child and CareEpisode (through per-request loaders). */
@Resolver(() => Child)
export class HealthChildResolver {
  @HasMany(Classification.SUMMARY, () => HealthAssessment, { via: 'child', orderBy: { dueBy: 'desc' }, description: 'Statutory health assessments (IHA/RHA) of the child, latest due first.' })
  healthAssessments!: HealthAssessment[];
}

@Resolver(() => CareEpisode)
export class HealthCareEpisodeResolver {
  @HasMany(Classification.SUMMARY, () => HealthAssessment, { via: 'careEpisode', orderBy: { dueBy: 'asc' }, description: 'Health assessments requested in this episode of care, earliest due first.' })
  healthAssessments!: HealthAssessment[];
}

/** Statutory timescales on a health assessment (src/timescales/rules.ts). */
@Resolver(() => HealthAssessment)
export class HealthAssessmentTimescaleResolver {
  @FieldResolver(() => Timescale, { nullable: true, description: 'Initial assessments: request to health due within 2 working days of entering care (local rule IHA_REQUEST), measured to requestedAt. Null for review assessments.' })
  @Tier(Classification.SUMMARY)
  requestTimescale(@Root() a: HealthAssessment): Timescale | null {
    if (a.type !== HealthAssessmentType.INITIAL) return null;
    return timescaleOrNull(() => Timescale.from(evaluate(TimescaleRuleCode.IHA_REQUEST, { from: a.enteredCareDate, completedAt: a.requestedAt ?? null, asOf: new Date() })));
  }

  @FieldResolver(() => Timescale, { nullable: true, description: 'Initial assessments: completion due within 20 working days of entering care (IHA_COMPLETION), measured to completedAt. Review assessments use dueBy and overdue.' })
  @Tier(Classification.SUMMARY)
  completionTimescale(@Root() a: HealthAssessment): Timescale | null {
    if (a.type !== HealthAssessmentType.INITIAL) return null;
    return timescaleOrNull(() => Timescale.from(evaluate(TimescaleRuleCode.IHA_COMPLETION, { from: a.enteredCareDate, completedAt: a.completedAt ?? null, asOf: new Date() })));
  }
}
