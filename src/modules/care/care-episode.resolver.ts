import { Arg, Args, ArgsType, Ctx, Field, Float, ID, InputType, Int, Mutation, Query, Resolver } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Classification } from '../../access/classification';
import { BelongsTo, HasMany } from '../../reads/relations';
import type { HubContext } from '../../server/context';
import { Connection, PageArgs, paginate, SortDirection } from '../../server/graphql/connection';
import { ErrorCollector, UserErrorCode } from '../../server/graphql/user-errors';
import { assertOwnedByCaller, createOwned, loadForUpdate, MutationPayload, runMutation, type MutationResult } from '../../db/records';
import { Child } from '../people/child.entity';
import { CategoryOfNeed, LegalStatus, PlacementChangeReason, PlacementProvider, PlacementType, ReasonEpisodeCeased, ReasonForNewEpisode } from './care.codes';
import { CareEpisode } from './care-episode.entity';
import { CarePlacement } from './care-placement.entity';
import { CareReview } from './care-review.entity';
import { inOrder, loadRef, notBeforeBirth, parseId } from './care.support';
import { NIL_UUID } from '../../server/graphql/global-id';
import { todayInLondon } from './dates';
import { FilterField, filters, InputField, match, ORDER_BY_VALUE, readsNothing, registerOrderEnum } from '../../access/input-declarations';
import { filterWhere } from '../../reads/filters';

const CareEpisodeConnection = Connection(CareEpisode);
const CareEpisodePayload = MutationPayload(CareEpisode, 'CareEpisodeMutation');
const CarePlacementPayload = MutationPayload(CarePlacement, 'CarePlacementMutation');

export enum CareEpisodeOrderField {
  START_DATE = 'START_DATE',
  END_DATE = 'END_DATE',
  UPDATED_AT = 'UPDATED_AT',
}
registerOrderEnum(CareEpisodeOrderField, {
  name: 'CareEpisodeOrderField',
  description: 'What to order care episodes by.',
  on: () => CareEpisode,
  valuesConfig: { START_DATE: { description: 'Episode start date.', field: 'startDate' }, END_DATE: { description: 'Episode end date (open episodes last when ascending).', field: 'endDate' }, UPDATED_AT: { description: 'When the record last changed.', field: 'updatedAt' } },
});

@InputType({ description: 'Filters for care episodes; all given conditions must hold.' })
class CareEpisodeFilter {
  @FilterField(filters(() => CareEpisode, match.id('child', 'Child')), () => ID, { nullable: true, description: 'Only episodes of this child (global id).' })
  childId?: string;
  @FilterField(filters(() => CareEpisode, match.in('legalStatus')), () => [LegalStatus], { nullable: true, description: 'Only episodes under one of these legal statuses.' })
  legalStatus?: LegalStatus[];
  @FilterField(filters(() => CareEpisode, match.nullWhen('endDate', true)), () => Boolean, { nullable: true, description: 'True: only open episodes (no end date); false: only ended ones.' })
  open?: boolean;
  @FilterField(filters(() => CareEpisode, match.lte('startDate'), match.nullOrGte('endDate')), () => GraphQLLocalDate, { nullable: true, description: 'Only episodes open on this date (started on or before it, not ended before it).' })
  openOn?: string;
  @FilterField(filters(() => CareEpisode, match.gte('startDate')), () => GraphQLLocalDate, { nullable: true, description: 'Only episodes that started on or after this date.' })
  startedFrom?: string;
  @FilterField(filters(() => CareEpisode, match.lte('startDate')), () => GraphQLLocalDate, { nullable: true, description: 'Only episodes that started on or before this date.' })
  startedTo?: string;
  @FilterField(readsNothing('the owning agency of a care episode is the responsible authority every practitioner sees on the status card (StatusAlert.responsibleAuthority, STATUS)', match.eq('owningAgency', 'owningAgency.code')), () => String, { nullable: true, description: 'Only episodes owned by the agency with this code, e.g. `LA-NORTHSHIRE`.' })
  agencyCode?: string;
}

@InputType({ description: 'Ordering of care episodes.' })
class CareEpisodeOrder {
  @FilterField(ORDER_BY_VALUE, () => CareEpisodeOrderField, { description: 'Field to order by.' })
  field!: CareEpisodeOrderField;
  @FilterField(readsNothing('sort direction'), () => SortDirection, { description: 'Direction.' })
  direction!: SortDirection;
}

@ArgsType()
class CareEpisodeArgs extends PageArgs {
  @Field(() => CareEpisodeFilter, { nullable: true, description: 'Filters.' })
  filter?: CareEpisodeFilter;
  @Field(() => CareEpisodeOrder, { nullable: true, description: 'Ordering (default: start date, most recent first).' })
  orderBy?: CareEpisodeOrder;
}

@InputType({ description: 'A new episode of care, recorded by the local authority looking after the child.' })
class CreateCareEpisodeInput {
  @InputField(Classification.SOCIAL_CARE, () => ID, { description: 'Global id of the child.' })
  childId!: string;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { description: 'Date the episode started.' })
  startDate!: string;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { nullable: true, description: 'Date the episode ceased, when already ended.' })
  endDate?: string | null;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { nullable: true, description: 'Date the child entered care for this period of care; defaults to the start date.' })
  enteredCareDate?: string | null;
  @InputField(Classification.SOCIAL_CARE, () => LegalStatus, { description: 'SSDA903 legal status.' })
  legalStatus!: LegalStatus;
  @InputField(Classification.SOCIAL_CARE, () => CategoryOfNeed, { description: 'Category of need when the period of care began.' })
  categoryOfNeed!: CategoryOfNeed;
  @InputField(Classification.SOCIAL_CARE, () => ReasonForNewEpisode, { description: 'SSDA903 reason for new episode.' })
  reasonForNewEpisode!: ReasonForNewEpisode;
  @InputField(Classification.SOCIAL_CARE, () => ReasonEpisodeCeased, { nullable: true, description: 'SSDA903 reason the episode ceased (with an end date).' })
  reasonEpisodeCeased?: ReasonEpisodeCeased | null;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Partner system the record comes from.' })
  sourceSystem?: string;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Id of the record in that system; a retried create with the same pair returns the existing record.' })
  sourceRecordId?: string;
}

@InputType({ description: 'Changes to an episode of care; omitted fields are unchanged.' })
class UpdateCareEpisodeInput {
  @InputField(Classification.SOCIAL_CARE, () => ID, { description: 'Global id of the episode.' })
  id!: string;
  @InputField(Classification.SOCIAL_CARE, () => Int, { description: 'The version you read; a stale version is refused with CONFLICT.' })
  expectedVersion!: number;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { nullable: true, description: 'New start date.' })
  startDate?: string;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { nullable: true, description: 'End date; send null to reopen the episode.' })
  endDate?: string | null;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { nullable: true, description: 'Date the child entered care for this period of care.' })
  enteredCareDate?: string;
  @InputField(Classification.SOCIAL_CARE, () => LegalStatus, { nullable: true, description: 'SSDA903 legal status.' })
  legalStatus?: LegalStatus;
  @InputField(Classification.SOCIAL_CARE, () => CategoryOfNeed, { nullable: true, description: 'Category of need.' })
  categoryOfNeed?: CategoryOfNeed;
  @InputField(Classification.SOCIAL_CARE, () => ReasonForNewEpisode, { nullable: true, description: 'SSDA903 reason for new episode.' })
  reasonForNewEpisode?: ReasonForNewEpisode;
  @InputField(Classification.SOCIAL_CARE, () => ReasonEpisodeCeased, { nullable: true, description: 'SSDA903 reason the episode ceased; send null to clear.' })
  reasonEpisodeCeased?: ReasonEpisodeCeased | null;
}

@InputType({ description: 'A new placement within an episode of care.' })
class CreateCarePlacementInput {
  @InputField(Classification.SOCIAL_CARE, () => ID, { description: 'Global id of the episode the placement belongs to (must be your agency’s).' })
  episodeId!: string;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { description: 'Date the placement began (within the episode).' })
  startDate!: string;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { nullable: true, description: 'Date the placement ended (within the episode).' })
  endDate?: string | null;
  @InputField(Classification.SOCIAL_CARE, () => PlacementType, { description: 'SSDA903 placement type.' })
  placementType!: PlacementType;
  @InputField(Classification.SOCIAL_CARE, () => PlacementProvider, { description: 'SSDA903 placement provider.' })
  provider!: PlacementProvider;
  @InputField(Classification.IDENTITY, () => String, { nullable: true, description: 'Postcode of the placement (confidential).' })
  postcode?: string | null;
  @InputField(Classification.IDENTITY, () => String, { nullable: true, description: 'Ofsted URN of the placement.' })
  urn?: string | null;
  @InputField(Classification.SOCIAL_CARE, () => Float, { nullable: true, description: 'Distance from home in miles.' })
  distanceFromHomeMiles?: number | null;
  @InputField(Classification.SOCIAL_CARE, () => PlacementChangeReason, { nullable: true, description: 'Reason the placement ended (with an end date).' })
  changeReason?: PlacementChangeReason | null;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Partner system the record comes from.' })
  sourceSystem?: string;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Id of the record in that system; a retried create with the same pair returns the existing record.' })
  sourceRecordId?: string;
}

@InputType({ description: 'Changes to a placement; omitted fields are unchanged.' })
class UpdateCarePlacementInput {
  @InputField(Classification.SOCIAL_CARE, () => ID, { description: 'Global id of the placement.' })
  id!: string;
  @InputField(Classification.SOCIAL_CARE, () => Int, { description: 'The version you read; a stale version is refused with CONFLICT.' })
  expectedVersion!: number;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { nullable: true, description: 'New start date.' })
  startDate?: string;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { nullable: true, description: 'End date; send null to make the placement current again.' })
  endDate?: string | null;
  @InputField(Classification.SOCIAL_CARE, () => PlacementType, { nullable: true, description: 'SSDA903 placement type.' })
  placementType?: PlacementType;
  @InputField(Classification.SOCIAL_CARE, () => PlacementProvider, { nullable: true, description: 'SSDA903 placement provider.' })
  provider?: PlacementProvider;
  @InputField(Classification.IDENTITY, () => String, { nullable: true, description: 'Postcode of the placement (confidential).' })
  postcode?: string | null;
  @InputField(Classification.IDENTITY, () => String, { nullable: true, description: 'Ofsted URN of the placement.' })
  urn?: string | null;
  @InputField(Classification.SOCIAL_CARE, () => Float, { nullable: true, description: 'Distance from home in miles.' })
  distanceFromHomeMiles?: number | null;
  @InputField(Classification.SOCIAL_CARE, () => PlacementChangeReason, { nullable: true, description: 'Reason the placement ended.' })
  changeReason?: PlacementChangeReason | null;
}

/** Checks an episode's own dates (against each other, the child's birth and today). */
function checkEpisodeDates(errors: ErrorCollector, child: Child, e: { startDate: string; endDate?: string | null; enteredCareDate: string }): void {
  notBeforeBirth(errors, child, 'startDate', e.startDate, 'The episode start');
  notBeforeBirth(errors, child, 'enteredCareDate', e.enteredCareDate, 'The date the child entered care');
  inOrder(errors, 'endDate', e.startDate, e.endDate, 'The episode cannot end before it started.');
  inOrder(errors, 'startDate', e.enteredCareDate, e.startDate, 'The episode cannot start before the child entered care (enteredCareDate).');
  if (e.startDate > todayInLondon()) errors.add('startDate', UserErrorCode.DATE_IN_FUTURE, 'The episode cannot start in the future.');
}

/** DATE_ORDER when a placement's dates are in the wrong order or fall outside its episode. */
export function checkPlacementWithinEpisode(errors: ErrorCollector, ep: { startDate: string; endDate?: string | null }, p: { startDate: string; endDate?: string | null }, prefix = ''): void {
  inOrder(errors, `${prefix}endDate`, p.startDate, p.endDate, 'The placement cannot end before it started.');
  if (p.startDate < ep.startDate) errors.add(`${prefix}startDate`, UserErrorCode.DATE_ORDER, 'The placement cannot start before its episode of care started.');
  if (ep.endDate) {
    if (p.startDate > ep.endDate) errors.add(`${prefix}startDate`, UserErrorCode.DATE_ORDER, 'The placement cannot start after its episode of care ended.');
    if (!p.endDate || p.endDate > ep.endDate) errors.add(`${prefix}endDate`, UserErrorCode.DATE_ORDER, 'The placement cannot continue after its episode of care ended.');
  }
}

async function loadChild(em: EntityManager, id: string): Promise<Child> {
  return (await em.findOne(Child, { id }))!;
}

@Resolver(() => CareEpisode)
export class CareEpisodeResolver {
  @Query(() => CareEpisodeConnection, { description: 'Episodes of care visible to the caller, filtered and ordered (default: most recent start first).' })
  careEpisodes(@Args() args: CareEpisodeArgs, @Ctx() ctx: HubContext) {
    const field = { START_DATE: 'startDate', END_DATE: 'endDate', UPDATED_AT: 'updatedAt' }[args.orderBy?.field ?? CareEpisodeOrderField.START_DATE];
    const dir = (args.orderBy?.direction ?? SortDirection.DESC) === SortDirection.ASC ? 'asc' : 'desc';
    return paginate(ctx, CareEpisode, filterWhere<CareEpisode>(CareEpisodeFilter, args.filter), args, { [field]: dir });
  }

  @BelongsTo(Classification.SUMMARY, () => Child, { via: 'child', nullable: true, description: 'The child looked after.' })
  child!: Child | null;

  @HasMany(Classification.SUMMARY, () => CarePlacement, { via: 'episode', orderBy: { startDate: 'asc' }, description: 'Placements within the episode, earliest first.' })
  placements!: CarePlacement[];

  @HasMany(Classification.SUMMARY, () => CareReview, { via: 'episode', orderBy: { reviewDate: 'asc' }, description: 'Statutory reviews held in the episode, earliest first.' })
  reviews!: CareReview[];

  @Mutation(() => CareEpisodePayload, { description: 'Records an episode of care for a child your authority looks after.' })
  createCareEpisode(@Arg('input', { description: 'The episode.' }) input: CreateCareEpisodeInput, @Ctx() ctx: HubContext): Promise<MutationResult<CareEpisode>> {
    return runMutation(ctx, async (em) => {
      const child = await loadRef(em, Child, input.childId, 'childId');
      const errors = new ErrorCollector();
      const enteredCareDate = input.enteredCareDate ?? input.startDate;
      checkEpisodeDates(errors, child, { startDate: input.startDate, endDate: input.endDate, enteredCareDate });
      if (input.reasonEpisodeCeased && !input.endDate) errors.add('reasonEpisodeCeased', UserErrorCode.REQUIRED, 'A reason the episode ceased needs the end date.');
      errors.throwIfAny();
      const { sourceSystem, sourceRecordId, childId: _c, ...data } = input;
      return createOwned(em, ctx, CareEpisode, { ...data, enteredCareDate, child: child.id } as never, { sourceSystem, sourceRecordId });
    });
  }

  @Mutation(() => CareEpisodePayload, { description: 'Changes an episode of care your authority owns; its placements and reviews must still fall within it.' })
  updateCareEpisode(@Arg('input', { description: 'The changes.' }) input: UpdateCareEpisodeInput, @Ctx() ctx: HubContext): Promise<MutationResult<CareEpisode>> {
    return runMutation(ctx, async (em) => {
      const episode = await loadForUpdate(em, ctx, CareEpisode, parseId(input.id, 'CareEpisode') ?? NIL_UUID, input.expectedVersion);
      const child = await loadChild(em, episode.child.id);
      const next = {
        startDate: input.startDate ?? episode.startDate,
        endDate: input.endDate === undefined ? episode.endDate : input.endDate,
        enteredCareDate: input.enteredCareDate ?? (input.startDate && episode.enteredCareDate === episode.startDate ? input.startDate : episode.enteredCareDate),
      };
      const errors = new ErrorCollector();
      checkEpisodeDates(errors, child, next);
      const placements = await em.find(CarePlacement, { episode: episode.id });
      const outside = placements.some((p) => {
        const probe = new ErrorCollector();
        checkPlacementWithinEpisode(probe, next, p);
        return probe.errors.length > 0;
      });
      if (outside) errors.add(next.endDate !== episode.endDate ? 'endDate' : 'startDate', UserErrorCode.DATE_ORDER, 'A placement of this episode would fall outside it; change the placement first.');
      const reviews = await em.find(CareReview, { episode: episode.id, reviewDate: { $lt: next.startDate } });
      if (reviews.length) errors.add('startDate', UserErrorCode.DATE_ORDER, 'A review of this episode would be before its start; change the review first.');
      errors.throwIfAny();
      Object.assign(episode, next);
      if (input.legalStatus) episode.legalStatus = input.legalStatus;
      if (input.categoryOfNeed) episode.categoryOfNeed = input.categoryOfNeed;
      if (input.reasonForNewEpisode) episode.reasonForNewEpisode = input.reasonForNewEpisode;
      if (input.reasonEpisodeCeased !== undefined) episode.reasonEpisodeCeased = input.reasonEpisodeCeased;
      return { record: episode };
    });
  }

  @Mutation(() => CarePlacementPayload, { description: 'Records a placement within an episode of care your authority owns.' })
  createCarePlacement(@Arg('input', { description: 'The placement.' }) input: CreateCarePlacementInput, @Ctx() ctx: HubContext): Promise<MutationResult<CarePlacement>> {
    return runMutation(ctx, async (em) => {
      const episode = await loadRef(em, CareEpisode, input.episodeId, 'episodeId');
      assertOwnedByCaller(ctx, episode);
      const child = await loadChild(em, episode.child.id);
      const errors = new ErrorCollector();
      notBeforeBirth(errors, child, 'startDate', input.startDate, 'The placement start');
      checkPlacementWithinEpisode(errors, episode, input);
      errors.throwIfAny();
      const { sourceSystem, sourceRecordId, episodeId: _e, ...data } = input;
      return createOwned(em, ctx, CarePlacement, { ...data, episode: episode.id, child: child.id } as never, { sourceSystem, sourceRecordId });
    });
  }

  @Mutation(() => CarePlacementPayload, { description: 'Changes a placement your authority owns; it must stay within its episode.' })
  updateCarePlacement(@Arg('input', { description: 'The changes.' }) input: UpdateCarePlacementInput, @Ctx() ctx: HubContext): Promise<MutationResult<CarePlacement>> {
    return runMutation(ctx, async (em) => {
      const placement = await loadForUpdate(em, ctx, CarePlacement, parseId(input.id, 'CarePlacement') ?? NIL_UUID, input.expectedVersion);
      const episode = (await em.findOne(CareEpisode, { id: placement.episode.id }))!;
      const next = { startDate: input.startDate ?? placement.startDate, endDate: input.endDate === undefined ? placement.endDate : input.endDate };
      const errors = new ErrorCollector();
      checkPlacementWithinEpisode(errors, episode, next);
      errors.throwIfAny();
      const { id: _i, expectedVersion: _v, ...rest } = input;
      for (const [k, v] of Object.entries(rest)) if (v !== undefined) (placement as unknown as Record<string, unknown>)[k] = v;
      return { record: placement };
    });
  }
}

@Resolver(() => CarePlacement)
export class CarePlacementResolver {
  @BelongsTo(Classification.SUMMARY, () => CareEpisode, { via: 'episode', nullable: true, description: 'The episode of care the placement belongs to.' })
  episode!: CareEpisode | null;
}
