import { Arg, Args, Ctx, Field, ID, InputType, Int, Mutation, Query, Resolver } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import type { HubContext } from '../../server/context';
import { Connection, PageArgs, paginate } from '../../server/graphql/connection';
import { ErrorCollector, UserErrorCode } from '../../server/graphql/user-errors';
import { createOwned, loadForUpdate, MutationPayload, runMutation, type MutationResult } from '../../db/records';
import { fromGlobalId } from '../../server/graphql/global-id';
import { Child } from './child.entity';

const ChildConnection = Connection(Child);
const ChildPayload = MutationPayload(Child, 'ChildMutation');

@InputType({ description: 'A new child record.' })
class CreateChildInput {
  @Field(() => String, { nullable: true, description: 'Given name(s).' })
  givenName?: string;
  @Field({ description: 'Family name.' })
  familyName!: string;
  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Date of birth; omit for an unborn child and give expectedDateOfBirth.' })
  dateOfBirth?: string;
  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Expected date of birth (unborn child).' })
  expectedDateOfBirth?: string;
  @Field(() => String, { nullable: true, description: 'Partner system the record comes from.' })
  sourceSystem?: string;
  @Field(() => String, { nullable: true, description: 'Id of the record in that system; a retried create with the same pair returns the existing record.' })
  sourceRecordId?: string;
}

@InputType({ description: 'Changes to a child record.' })
class UpdateChildInput {
  @Field(() => ID, { description: 'Global id of the child.' })
  id!: string;
  @Field(() => Int, { description: 'The version you read; a stale version is refused with CONFLICT.' })
  expectedVersion!: number;
  @Field(() => String, { nullable: true, description: 'Given name(s).' })
  givenName?: string;
  @Field(() => String, { nullable: true, description: 'Family name.' })
  familyName?: string;
}

@Resolver(() => Child)
export class ChildResolver {
  @Query(() => ChildConnection, { description: 'Children visible to the caller, most recently changed first.' })
  children(@Args() page: PageArgs, @Ctx() ctx: HubContext) {
    return paginate(ctx, Child, {}, page, { updatedAt: 'desc' });
  }

  @Mutation(() => ChildPayload, { description: 'Records a child (or unborn child) known to your agency.' })
  createChild(@Arg('input') input: CreateChildInput, @Ctx() ctx: HubContext): Promise<MutationResult<Child>> {
    return runMutation(ctx, async (em) => {
      const errors = new ErrorCollector();
      if (!input.dateOfBirth && !input.expectedDateOfBirth) errors.add('dateOfBirth', UserErrorCode.REQUIRED, 'Give a date of birth, or an expected date of birth for an unborn child.');
      errors.throwIfAny();
      const { sourceSystem, sourceRecordId, ...data } = input;
      return createOwned(em, ctx, Child, data, { sourceSystem, sourceRecordId });
    });
  }

  @Mutation(() => ChildPayload, { description: 'Changes a child record your agency owns.' })
  updateChild(@Arg('input') input: UpdateChildInput, @Ctx() ctx: HubContext): Promise<MutationResult<Child>> {
    return runMutation(ctx, async (em) => {
      const id = fromGlobalId(input.id)?.id ?? input.id;
      const child = await loadForUpdate(em, ctx, Child, id, input.expectedVersion);
      if (input.givenName !== undefined) child.givenName = input.givenName;
      if (input.familyName) child.familyName = input.familyName;
      return { record: child };
    });
  }
}
