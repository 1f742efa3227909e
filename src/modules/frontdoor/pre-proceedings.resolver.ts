import { Arg, Ctx, ID, InputType, Int, Mutation, Resolver } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Classification } from '../../access/classification';
import { InputField } from '../../access/input-declarations';
import { BelongsTo } from '../../reads/relations';
import type { HubContext } from '../../server/context';
import { ErrorCollector, UserErrorCode } from '../../server/graphql/user-errors';
import { createOwned, loadForUpdate, MutationPayload, runMutation, type MutationResult } from '../../db/records';
import { Child } from '../people/child.entity';
import { PreProceedingsOutcome } from './codes';
import { PreProceedings } from './pre-proceedings.entity';
import { Referral } from './referral.entity';
import { after, assignSent, notBefore, notBeforeBirth, referralAndChild, uuidOf } from './support';

const PreProceedingsPayload = MutationPayload(PreProceedings, 'PreProceedingsMutation');

@InputType({ description: 'A period of pre-proceedings. Give the referral (CIN episode) it belongs to (preferred) or the child.' })
class CreatePreProceedingsInput {
  @InputField(Classification.SOCIAL_CARE, () => ID, { nullable: true, description: 'Global id of the referral (CIN episode) the pre-proceedings belong to.' })
  referralId?: string;
  @InputField(Classification.SOCIAL_CARE, () => ID, { nullable: true, description: 'Global id of the child; required when no referral is given.' })
  childId?: string;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { description: 'Date pre-proceedings started.' })
  startDate!: string;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { nullable: true, description: 'Date the letter before proceedings was sent.' })
  letterBeforeProceedingsDate?: string;
  @InputField(Classification.SOCIAL_CARE, () => Boolean, { nullable: true, description: 'Whether a family group decision-making meeting was offered.' })
  familyMeetingOffered?: boolean;
  @InputField(Classification.SOCIAL_CARE, () => Boolean, { nullable: true, description: 'Whether a family group decision-making meeting took place.' })
  familyMeetingHeld?: boolean;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { nullable: true, description: 'Date of the initial pre-proceedings meeting.' })
  initialMeetingDate?: string;
  @InputField(Classification.SOCIAL_CARE, () => Int, { nullable: true, description: 'Review meetings held so far (default 0).' })
  reviewMeetings?: number;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { nullable: true, description: 'Date of the decision that ended pre-proceedings.' })
  decisionDate?: string;
  @InputField(Classification.SOCIAL_CARE, () => PreProceedingsOutcome, { nullable: true, description: 'What was decided (with decisionDate).' })
  outcome?: PreProceedingsOutcome;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { nullable: true, description: 'Date the care proceedings application was made (after a decision to issue).' })
  courtApplicationDate?: string;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Partner system the record comes from.' })
  sourceSystem?: string;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Id of the record in that system; a retried create with the same pair returns the existing record.' })
  sourceRecordId?: string;
}

@InputType({ description: 'Changes to a period of pre-proceedings; omitted fields stay as they are, null clears.' })
class UpdatePreProceedingsInput {
  @InputField(Classification.SOCIAL_CARE, () => ID, { description: 'Global id of the pre-proceedings record.' })
  id!: string;
  @InputField(Classification.SOCIAL_CARE, () => Int, { description: 'The version you read; a stale version is refused with CONFLICT.' })
  expectedVersion!: number;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { nullable: true, description: 'Date pre-proceedings started.' })
  startDate?: string;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { nullable: true, description: 'Date the letter before proceedings was sent.' })
  letterBeforeProceedingsDate?: string | null;
  @InputField(Classification.SOCIAL_CARE, () => Boolean, { nullable: true, description: 'Whether a family group decision-making meeting was offered.' })
  familyMeetingOffered?: boolean | null;
  @InputField(Classification.SOCIAL_CARE, () => Boolean, { nullable: true, description: 'Whether a family group decision-making meeting took place.' })
  familyMeetingHeld?: boolean | null;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { nullable: true, description: 'Date of the initial pre-proceedings meeting.' })
  initialMeetingDate?: string | null;
  @InputField(Classification.SOCIAL_CARE, () => Int, { nullable: true, description: 'Review meetings held so far.' })
  reviewMeetings?: number;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { nullable: true, description: 'Date of the decision that ended pre-proceedings.' })
  decisionDate?: string | null;
  @InputField(Classification.SOCIAL_CARE, () => PreProceedingsOutcome, { nullable: true, description: 'What was decided (with decisionDate).' })
  outcome?: PreProceedingsOutcome | null;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { nullable: true, description: 'Date the care proceedings application was made.' })
  courtApplicationDate?: string | null;
}

type Fields = Pick<PreProceedings, 'startDate' | 'letterBeforeProceedingsDate' | 'familyMeetingOffered' | 'familyMeetingHeld' | 'initialMeetingDate' | 'reviewMeetings' | 'decisionDate' | 'outcome' | 'courtApplicationDate'>;
const FIELDS = ['startDate', 'letterBeforeProceedingsDate', 'familyMeetingOffered', 'familyMeetingHeld', 'initialMeetingDate', 'reviewMeetings', 'decisionDate', 'outcome', 'courtApplicationDate'] as const;

/** The rules a period of pre-proceedings keeps, on create and on every update (the record as it would be). */
function checkPreProceedings(errors: ErrorCollector, child: Child | null, referral: Referral | null, p: Partial<Fields>): void {
  notBeforeBirth(errors, child, 'startDate', p.startDate);
  if (referral) notBefore(errors, 'startDate', p.startDate, referral.referralDate, 'Pre-proceedings start before the referral they belong to.');
  for (const field of ['letterBeforeProceedingsDate', 'initialMeetingDate', 'decisionDate', 'courtApplicationDate'] as const) {
    notBefore(errors, field, p[field], p.startDate, 'This date is before pre-proceedings started.');
  }
  notBefore(errors, 'courtApplicationDate', p.courtApplicationDate, p.decisionDate, 'The court application is before the decision to issue.');
  if (p.reviewMeetings !== undefined && p.reviewMeetings !== null && (p.reviewMeetings < 0 || p.reviewMeetings > 100)) errors.add('reviewMeetings', UserErrorCode.OUT_OF_RANGE, 'reviewMeetings is a count from 0 to 100.');
  if (!p.outcome !== !p.decisionDate) errors.add(p.outcome ? 'decisionDate' : 'outcome', UserErrorCode.REQUIRED, 'A decision has both a date and an outcome.');
  if (p.courtApplicationDate && p.outcome !== PreProceedingsOutcome.ISSUE_CARE_PROCEEDINGS) errors.add('courtApplicationDate', UserErrorCode.INVALID_STATE, 'A court application follows a decision to issue care proceedings.');
  if (p.familyMeetingHeld && p.familyMeetingOffered === false) errors.add('familyMeetingHeld', UserErrorCode.INVALID_STATE, 'A family group meeting that was not offered cannot have been held.');
}

@Resolver(() => PreProceedings)
export class PreProceedingsResolver {
  @BelongsTo(Classification.SUMMARY, () => Child, { via: 'child', description: 'The child the pre-proceedings are about.' })
  child!: Child;

  @BelongsTo(Classification.SUMMARY, () => Referral, { via: 'referral', nullable: true, description: 'The referral (CIN episode) the pre-proceedings belong to.' })
  referral!: Referral | null;

  @Mutation(() => PreProceedingsPayload, { description: 'Records a period of pre-proceedings under the Public Law Outline.' })
  createPreProceedings(@Arg('input', { description: 'The new record.' }) input: CreatePreProceedingsInput, @Ctx() ctx: HubContext): Promise<MutationResult<PreProceedings>> {
    return runMutation(ctx, async (em) => {
      const errors = new ErrorCollector();
      const { referral, child } = await referralAndChild(em, input, errors, 'the pre-proceedings');
      checkPreProceedings(errors, child, referral, input);
      errors.throwIfAny();
      const { sourceSystem, sourceRecordId, referralId: _r, childId: _c, ...data } = input;
      return createOwned(em, ctx, PreProceedings, { ...data, reviewMeetings: data.reviewMeetings ?? 0, child: child!, referral }, { sourceSystem, sourceRecordId });
    });
  }

  @Mutation(() => PreProceedingsPayload, { description: 'Changes a pre-proceedings record your agency owns (a review meeting, the decision, the court application).' })
  updatePreProceedings(@Arg('input', { description: 'The changes, with the version you read.' }) input: UpdatePreProceedingsInput, @Ctx() ctx: HubContext): Promise<MutationResult<PreProceedings>> {
    return runMutation(ctx, async (em) => {
      const record = await loadForUpdate(em, ctx, PreProceedings, uuidOf(input.id, 'PreProceedings') ?? input.id, input.expectedVersion);
      const errors = new ErrorCollector();
      if (input.startDate === null) errors.add('startDate', UserErrorCode.REQUIRED, 'startDate cannot be cleared.');
      if (input.reviewMeetings === null) errors.add('reviewMeetings', UserErrorCode.REQUIRED, 'reviewMeetings cannot be cleared; give 0.');
      const child = await em.findOne(Child, { id: record.child.id });
      const referral = record.referral ? await em.findOne(Referral, { id: record.referral.id }) : null;
      checkPreProceedings(errors, child, referral, Object.fromEntries(FIELDS.map((f) => [f, after(record, input, f)])) as Partial<Fields>);
      errors.throwIfAny();
      assignSent(record, input, FIELDS);
      return { record };
    });
  }
}
