import { Arg, Ctx, ID, InputType, Mutation, Resolver } from 'type-graphql';
import { GraphQLDateTime, GraphQLLocalDate } from 'graphql-scalars';
import type { HubContext } from '../server/context';
import { fromGlobalId } from '../server/graphql/global-id';
import { ErrorCollector, UserErrorCode } from '../server/graphql/user-errors';
import { createOwned, MutationPayload, runMutation, type MutationResult } from '../db/records';
import { Classification } from '../access/classification';
import { HasMany } from '../reads/relations';
import { Child } from '../modules/people/child.entity';
import { DecisionNotToShare } from './decision-not-to-share.entity';
import { InputField } from '../access/input-declarations';

const DecisionPayload = MutationPayload(DecisionNotToShare, 'DecisionNotToShare');

@InputType({ description: 'A decision not to share information about a child.' })
class RecordDecisionNotToShareInput {
  @InputField(Classification.SUMMARY, () => ID, { description: 'Global id of the child.' })
  childId!: string;
  @InputField(Classification.SUMMARY, () => GraphQLDateTime, { nullable: true, description: 'When it was decided (default now).' })
  decidedAt?: Date;
  @InputField(Classification.SUMMARY, { description: 'What kind of information was not shared (do not include the information itself).' })
  informationWithheld!: string;
  @InputField(Classification.SUMMARY, { description: 'Who it was not shared with.' })
  withheldFrom!: string;
  @InputField(Classification.SUMMARY, { description: 'The reason (at least 20 characters).' })
  reason!: string;
  @InputField(Classification.SUMMARY, () => GraphQLLocalDate, { nullable: true, description: 'When to review the decision.' })
  reviewBy?: string;
  @InputField(Classification.SUMMARY, () => String, { nullable: true, description: 'Lawful basis relied on, when not the policy default.' })
  lawfulBasis?: string;
  @InputField(Classification.SUMMARY, () => Boolean, { nullable: true, description: 'true when the decision relies on the duty-to-share exception (s16LA: sharing would be more detrimental to the child); `reason` then says why, and the reviewer is required.' })
  moreDetrimentalToChild?: boolean;
  @InputField(Classification.SUMMARY, () => String, { nullable: true, description: 'Who reviewed the decision (required with moreDetrimentalToChild).' })
  reviewedByName?: string;
  @InputField(Classification.SUMMARY, () => String, { nullable: true, description: "The reviewer's role (required with moreDetrimentalToChild)." })
  reviewedByRole?: string;
  @InputField(Classification.SUMMARY, () => GraphQLDateTime, { nullable: true, description: 'When it was reviewed (default now when a reviewer is named); not before the decision, not in the future.' })
  reviewedAt?: Date;
}

@Resolver(() => Child)
export class DecisionNotToShareResolver {
  @Mutation(() => DecisionPayload, { description: 'Records a decision not to share, with its reason (information-sharing golden rule 7).' })
  recordDecisionNotToShare(@Arg('input', { description: 'The decision.' }) input: RecordDecisionNotToShareInput, @Ctx() ctx: HubContext): Promise<MutationResult<DecisionNotToShare>> {
    return runMutation(ctx, async (em) => {
      const errors = new ErrorCollector();
      const childId = fromGlobalId(input.childId)?.id;
      const child = childId ? await em.findOne(Child, { id: childId }) : null;
      if (!child) errors.add('childId', UserErrorCode.NOT_FOUND, 'No child with that id is visible to you.');
      if (input.reason.trim().length < 20) errors.add('reason', UserErrorCode.REQUIRED, 'Give the reason in at least 20 characters.');
      if (input.decidedAt && input.decidedAt.getTime() > Date.now() + 60_000) errors.add('decidedAt', UserErrorCode.DATE_IN_FUTURE, 'A decision cannot be made in the future.');
      // The s16LA exception sets aside a statutory duty: the decision says who checked it.
      if (input.moreDetrimentalToChild) {
        if (!input.reviewedByName?.trim()) errors.add('reviewedByName', UserErrorCode.REQUIRED, 'Name who reviewed a decision that sharing would be more detrimental to the child.');
        if (!input.reviewedByRole?.trim()) errors.add('reviewedByRole', UserErrorCode.REQUIRED, "Give the reviewer's role.");
      }
      const decidedAt = input.decidedAt ?? new Date();
      const reviewedAt = input.reviewedAt ?? (input.reviewedByName ? new Date(Math.max(Date.now(), decidedAt.getTime())) : null);
      if (reviewedAt && reviewedAt.getTime() < decidedAt.getTime()) errors.add('reviewedAt', UserErrorCode.DATE_ORDER, 'The review cannot be before the decision.');
      if (reviewedAt && reviewedAt.getTime() > Date.now() + 60_000) errors.add('reviewedAt', UserErrorCode.DATE_IN_FUTURE, 'A review cannot be in the future.');
      errors.throwIfAny();
      const { childId: _c, lawfulBasis, ...rest } = input;
      return createOwned(em, ctx, DecisionNotToShare, { ...rest, moreDetrimentalToChild: input.moreDetrimentalToChild ?? false, reviewedAt, child: child!, decidedAt, ...(lawfulBasis ? { lawfulBasis } : {}) } as never);
    });
  }

  // Row scope shows a decision to the deciding agency only (DecisionNotToShare.childScope).
  @HasMany(Classification.SUMMARY, () => DecisionNotToShare, { via: 'child', orderBy: { decidedAt: 'desc' }, description: 'Decisions not to share information about this child, visible to the deciding agency.' })
  decisionsNotToShare!: DecisionNotToShare[];
}
