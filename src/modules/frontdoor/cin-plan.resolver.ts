import { Arg, Ctx, ID, InputType, Int, Mutation, Resolver } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Classification } from '../../access/classification';
import { BelongsTo } from '../../reads/relations';
import type { HubContext } from '../../server/context';
import { ErrorCollector, UserErrorCode } from '../../server/graphql/user-errors';
import { createOwned, loadForUpdate, MutationPayload, runMutation, type MutationResult } from '../../db/records';
import { Child } from '../people/child.entity';
import { CinPlan } from './cin-plan.entity';
import { Referral } from './referral.entity';
import { after, assignSent, notBefore, notBeforeBirth, referralAndChild, uuidOf } from './support';
import { InputField } from '../../access/input-declarations';

const CinPlanPayload = MutationPayload(CinPlan, 'CinPlanMutation');

@InputType({ description: 'A child in need plan. Give the referral it follows (preferred) or the child.' })
class CreateCinPlanInput {
  @InputField(Classification.SOCIAL_CARE, () => ID, { nullable: true, description: 'Global id of the referral (CIN episode) the plan belongs to.' })
  referralId?: string;
  @InputField(Classification.SOCIAL_CARE, () => ID, { nullable: true, description: 'Global id of the child; required when no referral is given.' })
  childId?: string;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { description: 'Date the plan started.' })
  startDate!: string;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { nullable: true, description: 'Date the plan ended.' })
  endDate?: string;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Partner system the record comes from.' })
  sourceSystem?: string;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Id of the record in that system; a retried create with the same pair returns the existing record.' })
  sourceRecordId?: string;
}

@InputType({ description: 'Changes to a child in need plan; omitted fields stay as they are.' })
class UpdateCinPlanInput {
  @InputField(Classification.SOCIAL_CARE, () => ID, { description: 'Global id of the CIN plan.' })
  id!: string;
  @InputField(Classification.SOCIAL_CARE, () => Int, { description: 'The version you read; a stale version is refused with CONFLICT.' })
  expectedVersion!: number;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { nullable: true, description: 'Date the plan started.' })
  startDate?: string;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { nullable: true, description: 'Date the plan ended; null reopens it.' })
  endDate?: string | null;
}

function checkPlan(errors: ErrorCollector, child: Child | null, referral: Referral | null, p: { startDate: string; endDate?: string | null }): void {
  notBeforeBirth(errors, child, 'startDate', p.startDate);
  if (referral) notBefore(errors, 'startDate', p.startDate, referral.referralDate, 'The CIN plan starts before the referral it belongs to.');
  notBefore(errors, 'endDate', p.endDate, p.startDate, 'The CIN plan ends before it starts.');
}

@Resolver(() => CinPlan)
export class CinPlanResolver {
  @BelongsTo(Classification.SUMMARY, () => Child, { via: 'child', description: 'The child the plan is for.' })
  child!: Child;

  @BelongsTo(Classification.SUMMARY, () => Referral, { via: 'referral', nullable: true, description: 'The referral (CIN episode) the plan belongs to.' })
  referral!: Referral | null;

  @Mutation(() => CinPlanPayload, { description: 'Records a child in need plan.' })
  createCinPlan(@Arg('input', { description: 'The new record.' }) input: CreateCinPlanInput, @Ctx() ctx: HubContext): Promise<MutationResult<CinPlan>> {
    return runMutation(ctx, async (em) => {
      const errors = new ErrorCollector();
      const { referral, child } = await referralAndChild(em, input, errors, 'the plan');
      checkPlan(errors, child, referral, input);
      errors.throwIfAny();
      const { sourceSystem, sourceRecordId, referralId: _r, childId: _c, ...data } = input;
      return createOwned(em, ctx, CinPlan, { ...data, child: child!, referral }, { sourceSystem, sourceRecordId });
    });
  }

  @Mutation(() => CinPlanPayload, { description: 'Changes a child in need plan your agency owns (e.g. ends it).' })
  updateCinPlan(@Arg('input', { description: 'The changes, with the version you read.' }) input: UpdateCinPlanInput, @Ctx() ctx: HubContext): Promise<MutationResult<CinPlan>> {
    return runMutation(ctx, async (em) => {
      const plan = await loadForUpdate(em, ctx, CinPlan, uuidOf(input.id, 'CinPlan') ?? input.id, input.expectedVersion);
      const errors = new ErrorCollector();
      if (input.startDate === null) errors.add('startDate', UserErrorCode.REQUIRED, 'startDate cannot be cleared.');
      const child = await em.findOne(Child, { id: plan.child.id });
      const referral = plan.referral ? await em.findOne(Referral, { id: plan.referral.id }) : null;
      checkPlan(errors, child, referral, { startDate: after(plan, input, 'startDate'), endDate: after(plan, input, 'endDate') });
      errors.throwIfAny();
      assignSent(plan, input, ['startDate', 'endDate']);
      return { record: plan };
    });
  }
}
