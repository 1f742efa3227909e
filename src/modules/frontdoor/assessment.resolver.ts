import { Arg, Ctx, FieldResolver, ID, InputType, Int, Mutation, Resolver, Root } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Classification } from '../../access/classification';
import { BelongsTo } from '../../reads/relations';
import type { HubContext } from '../../server/context';
import { ErrorCollector, UserErrorCode } from '../../server/graphql/user-errors';
import { createOwned, loadForUpdate, MutationPayload, runMutation, type MutationResult } from '../../db/records';
import { Child } from '../people/child.entity';
import { Assessment } from './assessment.entity';
import { AssessmentFactor, AssessmentOutcome } from './codes';
import { Referral } from './referral.entity';
import { evaluate } from '../../timescales/evaluate';
import { TimescaleRuleCode } from '../../timescales/rules';
import { Timescale } from '../../timescales/timescale.type';
import { after, assignSent, Classified, findByGlobalId, notBefore, notBeforeBirth, timescaleOrNull, uuidOf } from './support';
import { InputField } from '../../access/input-declarations';

const AssessmentPayload = MutationPayload(Assessment, 'AssessmentMutation');

@InputType({ description: 'A child and family assessment under a referral.' })
class CreateAssessmentInput {
  @InputField(Classification.SOCIAL_CARE, () => ID, { description: 'Global id of the referral the assessment is under (its child is the subject).' })
  referralId!: string;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { description: 'Actual start date of the assessment.' })
  startDate!: string;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { nullable: true, description: 'Date the assessment was authorised.' })
  authorisedDate?: string;
  @InputField(Classification.SOCIAL_CARE, () => Boolean, { nullable: true, description: 'Whether the child was seen.' })
  childSeen?: boolean;
  @InputField(Classification.SOCIAL_CARE, () => [AssessmentFactor], { nullable: true, description: 'Factors identified (21 "no factors" must stand alone).' })
  factors?: AssessmentFactor[];
  @InputField(Classification.SOCIAL_CARE, () => AssessmentOutcome, { nullable: true, description: 'Outcome, once authorised.' })
  outcome?: AssessmentOutcome;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Partner system the record comes from.' })
  sourceSystem?: string;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Id of the record in that system; a retried create with the same pair returns the existing record.' })
  sourceRecordId?: string;
}

@InputType({ description: 'Changes to an assessment; omitted fields stay as they are, null clears an optional field.' })
class UpdateAssessmentInput {
  @InputField(Classification.SOCIAL_CARE, () => ID, { description: 'Global id of the assessment.' })
  id!: string;
  @InputField(Classification.SOCIAL_CARE, () => Int, { description: 'The version you read; a stale version is refused with CONFLICT.' })
  expectedVersion!: number;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { nullable: true, description: 'Actual start date of the assessment.' })
  startDate?: string;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { nullable: true, description: 'Date the assessment was authorised.' })
  authorisedDate?: string | null;
  @InputField(Classification.SOCIAL_CARE, () => Boolean, { nullable: true, description: 'Whether the child was seen.' })
  childSeen?: boolean | null;
  @InputField(Classification.SOCIAL_CARE, () => [AssessmentFactor], { nullable: true, description: 'Factors identified (replaces the list).' })
  factors?: AssessmentFactor[];
  @InputField(Classification.SOCIAL_CARE, () => AssessmentOutcome, { nullable: true, description: 'Outcome.' })
  outcome?: AssessmentOutcome | null;
}

function checkAssessment(
  errors: ErrorCollector,
  child: Child | null,
  referral: Referral | null,
  a: { startDate: string; authorisedDate?: string | null; factors?: AssessmentFactor[] | null },
): void {
  notBeforeBirth(errors, child, 'startDate', a.startDate);
  if (referral) notBefore(errors, 'startDate', a.startDate, referral.referralDate, 'The assessment starts before the referral it is under.');
  notBefore(errors, 'authorisedDate', a.authorisedDate, a.startDate, 'The assessment is authorised before it started.');
  if (a.factors?.includes(AssessmentFactor.FACTOR_21) && a.factors.length > 1) {
    errors.add('factors', UserErrorCode.INVALID_CODE, 'Factor 21 (no factors identified) must be the only factor.');
  }
}

@Resolver(() => Assessment)
export class AssessmentResolver {
  @BelongsTo(Classification.SUMMARY, () => Child, { via: 'child', description: 'The child assessed.' })
  child!: Child;

  @BelongsTo(Classification.SUMMARY, () => Referral, { via: 'referral', description: 'The referral the assessment is under.' })
  referral!: Referral;

  @FieldResolver(() => Timescale, { nullable: true, description: 'Assessment timescale: authorised within 45 working days of the referral date (Working Together 2023).' })
  @Classified(Classification.SUMMARY)
  async timescale(@Root() assessment: Assessment, @Ctx() ctx: HubContext): Promise<Timescale | null> {
    const referral = await ctx.loaders.byId(Referral).load(assessment.referral.id);
    if (!referral) return null;
    return timescaleOrNull(() =>
      Timescale.from(evaluate(TimescaleRuleCode.ASSESSMENT, { from: referral.referralDate, completedAt: assessment.authorisedDate ?? null, asOf: referral.closureDate ?? new Date() })),
    );
  }

  @Mutation(() => AssessmentPayload, { description: 'Records a child and family assessment under a referral.' })
  createAssessment(@Arg('input', { description: 'The new record.' }) input: CreateAssessmentInput, @Ctx() ctx: HubContext): Promise<MutationResult<Assessment>> {
    return runMutation(ctx, async (em) => {
      const errors = new ErrorCollector();
      const referral = await findByGlobalId(em, Referral, input.referralId, errors, 'referralId');
      const child = referral ? await em.findOne(Child, { id: referral.child.id }) : null;
      checkAssessment(errors, child, referral, input);
      errors.throwIfAny();
      const { sourceSystem, sourceRecordId, referralId: _r, ...data } = input;
      return createOwned(em, ctx, Assessment, { ...data, factors: [...new Set(input.factors ?? [])], referral: referral!, child: child! }, { sourceSystem, sourceRecordId });
    });
  }

  @Mutation(() => AssessmentPayload, { description: 'Changes an assessment your agency owns (authorisation, factors, outcome...).' })
  updateAssessment(@Arg('input', { description: 'The changes, with the version you read.' }) input: UpdateAssessmentInput, @Ctx() ctx: HubContext): Promise<MutationResult<Assessment>> {
    return runMutation(ctx, async (em) => {
      const assessment = await loadForUpdate(em, ctx, Assessment, uuidOf(input.id, 'Assessment') ?? input.id, input.expectedVersion);
      const errors = new ErrorCollector();
      if (input.startDate === null) errors.add('startDate', UserErrorCode.REQUIRED, 'startDate cannot be cleared.');
      const referral = await em.findOne(Referral, { id: assessment.referral.id });
      const child = await em.findOne(Child, { id: assessment.child.id });
      checkAssessment(errors, child, referral, {
        startDate: after(assessment, input, 'startDate'),
        authorisedDate: after(assessment, input, 'authorisedDate'),
        factors: input.factors ?? null,
      });
      errors.throwIfAny();
      assignSent(assessment, input, ['startDate', 'authorisedDate', 'childSeen', 'outcome']);
      if (input.factors) assessment.factors = [...new Set(input.factors)];
      return { record: assessment };
    });
  }
}
