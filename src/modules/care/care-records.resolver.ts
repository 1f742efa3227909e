import { Arg, Ctx, ID, InputType, Int, Mutation, Resolver } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Classification } from '../../access/classification';
import { BelongsTo, HasMany } from '../../reads/relations';
import type { HubContext } from '../../server/context';
import { ErrorCollector, UserErrorCode } from '../../server/graphql/user-errors';
import { assertOwnedByCaller, createOwned, loadForUpdate, MutationPayload, runMutation, type MutationResult } from '../../db/records';
import { Child } from '../people/child.entity';
import { CareLeaverAccommodation, CareLeaverActivity, CareLeaverEligibility, CareLeaverInTouch, CareReviewType, ReviewParticipation } from './care.codes';
import { CareEpisode } from './care-episode.entity';
import { CareLeaver } from './care-leaver.entity';
import { CarePlacement } from './care-placement.entity';
import { CareReview } from './care-review.entity';
import { LookedAfterYear } from './looked-after-year.entity';
import { inOrder, loadRef, notBeforeBirth, parseId } from './care.support';
import { NIL_UUID } from '../../server/graphql/global-id';
import { ageOn, todayInLondon } from './dates';
import { InputField } from '../../access/input-declarations';

const CareReviewPayload = MutationPayload(CareReview, 'CareReviewMutation');
const CareLeaverPayload = MutationPayload(CareLeaver, 'CareLeaverMutation');

@InputType({ description: 'A statutory looked-after review held for a child.' })
class CreateCareReviewInput {
  @InputField(Classification.SOCIAL_CARE, () => ID, { description: 'Global id of the episode of care the review belongs to (must be your agency’s).' })
  episodeId!: string;
  @InputField(Classification.SOCIAL_CARE, () => CareReviewType, { description: 'First, second or subsequent review.' })
  type!: CareReviewType;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { description: 'Date the review was held (not before the episode started).' })
  reviewDate!: string;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { nullable: true, description: 'Date the review was due.' })
  dueDate?: string | null;
  @InputField(Classification.SOCIAL_CARE, () => ReviewParticipation, { nullable: true, description: "Child's participation (PN0-PN7)." })
  participation?: ReviewParticipation | null;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Partner system the record comes from.' })
  sourceSystem?: string;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Id of the record in that system; a retried create with the same pair returns the existing record.' })
  sourceRecordId?: string;
}

@InputType({ description: 'Changes to a looked-after review; omitted fields are unchanged.' })
class UpdateCareReviewInput {
  @InputField(Classification.SOCIAL_CARE, () => ID, { description: 'Global id of the review.' })
  id!: string;
  @InputField(Classification.SOCIAL_CARE, () => Int, { description: 'The version you read; a stale version is refused with CONFLICT.' })
  expectedVersion!: number;
  @InputField(Classification.SOCIAL_CARE, () => CareReviewType, { nullable: true, description: 'First, second or subsequent review.' })
  type?: CareReviewType;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { nullable: true, description: 'Date the review was held.' })
  reviewDate?: string;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { nullable: true, description: 'Date the review was due; send null to clear.' })
  dueDate?: string | null;
  @InputField(Classification.SOCIAL_CARE, () => ReviewParticipation, { nullable: true, description: "Child's participation; send null to clear." })
  participation?: ReviewParticipation | null;
}

@InputType({ description: 'A care leaver record as at a contact date (the young person must be 16 or over on that date).' })
class CreateCareLeaverInput {
  @InputField(Classification.SOCIAL_CARE, () => ID, { description: 'Global id of the young person (child record).' })
  childId!: string;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { description: 'Date of the latest contact (or attempted contact).' })
  contactDate!: string;
  @InputField(Classification.SOCIAL_CARE, () => CareLeaverEligibility, { nullable: true, description: 'Eligibility category.' })
  eligibility?: CareLeaverEligibility | null;
  @InputField(Classification.SOCIAL_CARE, () => CareLeaverInTouch, { description: 'SSDA903 in touch code.' })
  inTouch!: CareLeaverInTouch;
  @InputField(Classification.SOCIAL_CARE, () => CareLeaverAccommodation, { nullable: true, description: 'SSDA903 accommodation code.' })
  accommodation?: CareLeaverAccommodation | null;
  @InputField(Classification.SOCIAL_CARE, () => Boolean, { nullable: true, description: 'Whether the accommodation is suitable.' })
  accommodationSuitable?: boolean | null;
  @InputField(Classification.SOCIAL_CARE, () => CareLeaverActivity, { nullable: true, description: 'SSDA903 main activity code.' })
  activity?: CareLeaverActivity | null;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { nullable: true, description: 'Date the pathway plan started or was last reviewed.' })
  pathwayPlanReviewDate?: string | null;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Partner system the record comes from.' })
  sourceSystem?: string;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Id of the record in that system; a retried create with the same pair returns the existing record.' })
  sourceRecordId?: string;
}

@InputType({ description: 'Changes to a care leaver record; omitted fields are unchanged, null clears.' })
class UpdateCareLeaverInput {
  @InputField(Classification.SOCIAL_CARE, () => ID, { description: 'Global id of the care leaver record.' })
  id!: string;
  @InputField(Classification.SOCIAL_CARE, () => Int, { description: 'The version you read; a stale version is refused with CONFLICT.' })
  expectedVersion!: number;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { nullable: true, description: 'Date of the latest contact.' })
  contactDate?: string;
  @InputField(Classification.SOCIAL_CARE, () => CareLeaverEligibility, { nullable: true, description: 'Eligibility category.' })
  eligibility?: CareLeaverEligibility | null;
  @InputField(Classification.SOCIAL_CARE, () => CareLeaverInTouch, { nullable: true, description: 'SSDA903 in touch code.' })
  inTouch?: CareLeaverInTouch;
  @InputField(Classification.SOCIAL_CARE, () => CareLeaverAccommodation, { nullable: true, description: 'SSDA903 accommodation code.' })
  accommodation?: CareLeaverAccommodation | null;
  @InputField(Classification.SOCIAL_CARE, () => Boolean, { nullable: true, description: 'Whether the accommodation is suitable.' })
  accommodationSuitable?: boolean | null;
  @InputField(Classification.SOCIAL_CARE, () => CareLeaverActivity, { nullable: true, description: 'SSDA903 main activity code.' })
  activity?: CareLeaverActivity | null;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { nullable: true, description: 'Date the pathway plan started or was last reviewed.' })
  pathwayPlanReviewDate?: string | null;
}

function checkReview(errors: ErrorCollector, child: Child, episode: CareEpisode, r: { reviewDate: string; dueDate?: string | null }): void {
  notBeforeBirth(errors, child, 'reviewDate', r.reviewDate, 'The review date');
  inOrder(errors, 'reviewDate', episode.startDate, r.reviewDate, 'A looked-after review cannot be held before the episode of care started.');
  inOrder(errors, 'dueDate', episode.startDate, r.dueDate, 'A review cannot be due before the episode of care started.');
  if (r.reviewDate > todayInLondon()) errors.add('reviewDate', UserErrorCode.DATE_IN_FUTURE, 'Record a review once it has been held.');
}

function checkLeaver(errors: ErrorCollector, child: Child, r: { contactDate: string; pathwayPlanReviewDate?: string | null }): void {
  notBeforeBirth(errors, child, 'contactDate', r.contactDate, 'The contact date');
  notBeforeBirth(errors, child, 'pathwayPlanReviewDate', r.pathwayPlanReviewDate, 'The pathway plan review date');
  if (!child.dateOfBirth) errors.add('childId', UserErrorCode.IMPOSSIBLE_DATE, 'A care leaver record needs a child with a date of birth.');
  else if (ageOn(child.dateOfBirth, r.contactDate) < 16) errors.add('contactDate', UserErrorCode.IMPOSSIBLE_DATE, 'The young person was under 16 on the contact date: care leaver records start at 16.');
  if (r.contactDate > todayInLondon()) errors.add('contactDate', UserErrorCode.DATE_IN_FUTURE, 'The contact date cannot be in the future.');
}

const loadChild = async (em: EntityManager, id: string) => (await em.findOne(Child, { id }))!;

@Resolver(() => CareReview)
export class CareReviewResolver {
  @BelongsTo(Classification.SUMMARY, () => Child, { via: 'child', nullable: true, description: 'The child reviewed.' })
  child!: Child | null;

  @BelongsTo(Classification.SUMMARY, () => CareEpisode, { via: 'episode', nullable: true, description: 'The episode of care the review belongs to.' })
  episode!: CareEpisode | null;

  @Mutation(() => CareReviewPayload, { description: 'Records a statutory looked-after review in an episode your authority owns.' })
  createCareReview(@Arg('input', { description: 'The review.' }) input: CreateCareReviewInput, @Ctx() ctx: HubContext): Promise<MutationResult<CareReview>> {
    return runMutation(ctx, async (em) => {
      const episode = await loadRef(em, CareEpisode, input.episodeId, 'episodeId');
      assertOwnedByCaller(ctx, episode);
      const child = await loadChild(em, episode.child.id);
      const errors = new ErrorCollector();
      checkReview(errors, child, episode, input);
      errors.throwIfAny();
      const { sourceSystem, sourceRecordId, episodeId: _e, ...data } = input;
      return createOwned(em, ctx, CareReview, { ...data, episode: episode.id, child: child.id } as never, { sourceSystem, sourceRecordId });
    });
  }

  @Mutation(() => CareReviewPayload, { description: 'Changes a looked-after review your authority owns.' })
  updateCareReview(@Arg('input', { description: 'The changes.' }) input: UpdateCareReviewInput, @Ctx() ctx: HubContext): Promise<MutationResult<CareReview>> {
    return runMutation(ctx, async (em) => {
      const review = await loadForUpdate(em, ctx, CareReview, parseId(input.id, 'CareReview') ?? NIL_UUID, input.expectedVersion);
      const episode = (await em.findOne(CareEpisode, { id: review.episode.id }))!;
      const child = await loadChild(em, review.child.id);
      const next = { reviewDate: input.reviewDate ?? review.reviewDate, dueDate: input.dueDate === undefined ? review.dueDate : input.dueDate };
      const errors = new ErrorCollector();
      checkReview(errors, child, episode, next);
      errors.throwIfAny();
      Object.assign(review, next);
      if (input.type) review.type = input.type;
      if (input.participation !== undefined) review.participation = input.participation;
      return { record: review };
    });
  }
}

@Resolver(() => CareLeaver)
export class CareLeaverResolver {
  @BelongsTo(Classification.SUMMARY, () => Child, { via: 'child', nullable: true, description: 'The young person.' })
  child!: Child | null;

  @Mutation(() => CareLeaverPayload, { description: 'Records what your authority knows of a care leaver as at a contact date.' })
  createCareLeaver(@Arg('input', { description: 'The care leaver record.' }) input: CreateCareLeaverInput, @Ctx() ctx: HubContext): Promise<MutationResult<CareLeaver>> {
    return runMutation(ctx, async (em) => {
      const child = await loadRef(em, Child, input.childId, 'childId');
      const errors = new ErrorCollector();
      checkLeaver(errors, child, input);
      errors.throwIfAny();
      const { sourceSystem, sourceRecordId, childId: _c, ...data } = input;
      return createOwned(em, ctx, CareLeaver, { ...data, child: child.id } as never, { sourceSystem, sourceRecordId });
    });
  }

  @Mutation(() => CareLeaverPayload, { description: 'Changes a care leaver record your authority owns.' })
  updateCareLeaver(@Arg('input', { description: 'The changes.' }) input: UpdateCareLeaverInput, @Ctx() ctx: HubContext): Promise<MutationResult<CareLeaver>> {
    return runMutation(ctx, async (em) => {
      const record = await loadForUpdate(em, ctx, CareLeaver, parseId(input.id, 'CareLeaver') ?? NIL_UUID, input.expectedVersion);
      const child = await loadChild(em, record.child.id);
      const errors = new ErrorCollector();
      checkLeaver(errors, child, {
        contactDate: input.contactDate ?? record.contactDate,
        pathwayPlanReviewDate: input.pathwayPlanReviewDate === undefined ? record.pathwayPlanReviewDate : input.pathwayPlanReviewDate,
      });
      errors.throwIfAny();
      const { id: _i, expectedVersion: _v, ...rest } = input;
      for (const [k, v] of Object.entries(rest)) if (v !== undefined) (record as unknown as Record<string, unknown>)[k] = v;
      return { record };
    });
  }
}

/** The care module's fields on Child (through per-request loaders: one query per relation per page). */
@Resolver(() => Child)
export class CareChildResolver {
  @HasMany(Classification.STATUS, () => CareEpisode, { via: 'child', orderBy: { startDate: 'desc' }, description: 'Episodes of care of the child, most recent first.' })
  careEpisodes!: CareEpisode[];

  @HasMany(Classification.SUMMARY, () => CarePlacement, { via: 'child', orderBy: { startDate: 'desc' }, description: 'All placements of the child across episodes, most recent first (count those starting in a year for placement stability).' })
  carePlacements!: CarePlacement[];

  @HasMany(Classification.SUMMARY, () => CareReview, { via: 'child', orderBy: { reviewDate: 'desc' }, description: 'Statutory looked-after reviews of the child, most recent first.' })
  careReviews!: CareReview[];

  @HasMany(Classification.SUMMARY, () => CareLeaver, { via: 'child', orderBy: { contactDate: 'desc' }, description: 'Care leaver records of the young person, most recent contact first.' })
  careLeaverRecords!: CareLeaver[];

  @HasMany(Classification.SOCIAL_CARE, () => LookedAfterYear, { via: 'child', orderBy: { collectionYear: 'desc' }, description: 'The child’s collection years as the SSDA903 return asks them (motherhood, convictions, substance misuse), most recent first.' })
  lookedAfterYears!: LookedAfterYear[];
}
