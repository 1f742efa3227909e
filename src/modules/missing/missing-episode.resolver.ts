import { Arg, Args, ArgsType, Ctx, FieldResolver, ID, InputType, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Classification } from '../../access/classification';
import { BelongsTo, HasFirst, HasMany } from '../../reads/relations';
import { Classify } from '../../access/expose';
import type { HubContext } from '../../server/context';
import { Connection, PageArgs, paginate, SortDirection } from '../../server/graphql/connection';
import { ErrorCollector, UserErrorCode } from '../../server/graphql/user-errors';
import { createOwned, loadForUpdate, MutationPayload, runMutation, type MutationResult } from '../../db/records';
import { Agency } from '../agencies/agency.entity';
import { Child } from '../people/child.entity';
import { assignSent, findChild, NIL_UUID, notBeforeBirth, notInFuture, uuidOf } from '../exploitation/child-records';
import { MissingEpisode, MissingEpisodeType, MissingRiskGrading, ReturnHomeInterview } from './missing-episode.entity';
import { evaluate, timescaleOrNull } from '../../timescales/evaluate';
import { TimescaleRuleCode } from '../../timescales/rules';
import { Timescale } from '../../timescales/timescale.type';
import { FilterField, filters, InputField, match, ORDER_BY_VALUE, readsNothing, registerOrderEnum } from '../../access/input-declarations';
import { filterWhere } from '../../reads/filters';

const MissingEpisodeConnection = Connection(MissingEpisode);
const MissingEpisodePayload = MutationPayload(MissingEpisode, 'MissingEpisodeMutation');
const ReturnHomeInterviewPayload = MutationPayload(ReturnHomeInterview, 'ReturnHomeInterviewMutation');

/** DfE statutory guidance (2014): the return home interview is offered within 72 hours of the child's return. */
export const RHI_OFFER_HOURS = 72;

export enum MissingEpisodeOrderField {
  START_AT = 'startAt',
  END_AT = 'endAt',
  UPDATED_AT = 'updatedAt',
}
registerOrderEnum(MissingEpisodeOrderField, {
  name: 'MissingEpisodeOrderField',
  description: 'What to order missing episodes by.',
  on: () => MissingEpisode,
  valuesConfig: {
    START_AT: { description: 'When the child went missing.', field: 'startAt' },
    END_AT: { description: 'When the child returned.', field: 'endAt' },
    UPDATED_AT: { description: 'When the record last changed.', field: 'updatedAt' },
  },
});

@ArgsType()
class MissingEpisodeArgs extends PageArgs {
  @FilterField(filters(() => MissingEpisode, match.id('child', 'Child')), () => ID, { nullable: true, description: 'Only episodes of this child (global id).' })
  childId?: string;
  @FilterField(filters(() => MissingEpisode, match.gte('startAt')), () => GraphQLDateTime, { nullable: true, description: 'Only episodes that started at or after this instant.' })
  startFrom?: Date;
  @FilterField(filters(() => MissingEpisode, match.lte('startAt')), () => GraphQLDateTime, { nullable: true, description: 'Only episodes that started at or before this instant.' })
  startTo?: Date;
  @FilterField(filters(() => MissingEpisode, match.in('riskGrading')), () => [MissingRiskGrading], { nullable: true, description: 'Only episodes with one of these police risk gradings.' })
  riskGradings?: MissingRiskGrading[];
  @FilterField(filters(() => MissingEpisode, match.eq('episodeType')), () => MissingEpisodeType, { nullable: true, description: 'Only missing, or only absent, episodes.' })
  episodeType?: MissingEpisodeType;
  @FilterField(filters(() => MissingEpisode, match.nullWhen('endAt', true)), () => Boolean, { nullable: true, description: 'true: only children still missing (no end); false: only ended episodes.' })
  open?: boolean;
  @FilterField(ORDER_BY_VALUE, () => MissingEpisodeOrderField, { nullable: true, description: 'Order field (default START_AT).' })
  orderBy?: MissingEpisodeOrderField;
  @FilterField(readsNothing('sort direction'), () => SortDirection, { nullable: true, description: 'Order direction (default DESC: newest first).' })
  direction?: SortDirection;
}

@InputType({ description: 'Fields of a missing episode that may be set when recording it and changed later.' })
class MissingEpisodeFields {
  @InputField(Classification.SUMMARY, () => MissingEpisodeType, { nullable: true, description: 'Missing or absent.' })
  episodeType?: MissingEpisodeType;
  @InputField(Classification.SUMMARY, () => GraphQLDateTime, { nullable: true, description: 'When the child went missing.' })
  startAt?: Date;
  @InputField(Classification.SUMMARY, () => GraphQLDateTime, { nullable: true, description: 'When the child returned or was found; not before startAt.' })
  endAt?: Date | null;
  @InputField(Classification.SUMMARY, () => MissingRiskGrading, { nullable: true, description: 'Police risk grading; requires riskGradingScheme.' })
  riskGrading?: MissingRiskGrading | null;
  @InputField(Classification.SUMMARY, () => String, { nullable: true, description: 'Grading scheme and version.' })
  riskGradingScheme?: string | null;
  @InputField(Classification.IDENTITY, () => String, { nullable: true, description: 'Where the child was found.' })
  foundLocation?: string | null;
}

@InputType({ description: 'A new missing episode, owned by your agency (the reporting agency).' })
class CreateMissingEpisodeInput extends MissingEpisodeFields {
  @InputField(Classification.SUMMARY, () => ID, { description: 'Global id of the child.' })
  childId!: string;
  @InputField(Classification.SUMMARY, () => String, { nullable: true, description: 'Partner system the record comes from.' })
  sourceSystem?: string;
  @InputField(Classification.SUMMARY, () => String, { nullable: true, description: 'Id of the record in that system; a retried create with the same pair returns the existing record.' })
  sourceRecordId?: string;
}

@InputType({ description: 'Changes to a missing episode your agency owns; omitted fields stay as they are, null clears.' })
class UpdateMissingEpisodeInput extends MissingEpisodeFields {
  @InputField(Classification.SUMMARY, () => ID, { description: 'Global id of the episode.' })
  id!: string;
  @InputField(Classification.SUMMARY, () => Int, { description: 'The version you read; a stale version is refused with CONFLICT.' })
  expectedVersion!: number;
}

@InputType({ description: 'Fields of a return home interview that may be set when recording it and changed later.' })
class ReturnHomeInterviewFields {
  @InputField(Classification.SOCIAL_CARE, () => GraphQLDateTime, { nullable: true, description: 'When the interview was offered; not before the child returned.' })
  offeredAt?: Date | null;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLDateTime, { nullable: true, description: 'When the interview was held; requires offeredAt; never with declinedAt.' })
  heldAt?: Date | null;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLDateTime, { nullable: true, description: 'When the child declined the interview; requires offeredAt; never with heldAt.' })
  declinedAt?: Date | null;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Role of who conducted or offered the interview.' })
  conductedByRole?: string | null;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'What the child said (restricted); only for a held interview.' })
  findings?: string | null;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Why the interview was declined; only for a declined interview.' })
  declineReason?: string | null;
  @InputField(Classification.SOCIAL_CARE, () => [String], { nullable: true, description: 'Push factors.' })
  pushFactors?: string[];
  @InputField(Classification.SOCIAL_CARE, () => [String], { nullable: true, description: 'Pull factors.' })
  pullFactors?: string[];
}

@InputType({ description: 'A return home interview for a missing episode, owned by your agency.' })
class CreateReturnHomeInterviewInput extends ReturnHomeInterviewFields {
  @InputField(Classification.SOCIAL_CARE, () => ID, { description: 'Global id of the missing episode.' })
  episodeId!: string;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Partner system the record comes from.' })
  sourceSystem?: string;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Id of the record in that system; a retried create with the same pair returns the existing record.' })
  sourceRecordId?: string;
}

@InputType({ description: 'Changes to a return home interview your agency owns; omitted fields stay as they are, null clears.' })
class UpdateReturnHomeInterviewInput extends ReturnHomeInterviewFields {
  @InputField(Classification.SOCIAL_CARE, () => ID, { description: 'Global id of the return home interview.' })
  id!: string;
  @InputField(Classification.SOCIAL_CARE, () => Int, { description: 'The version you read; a stale version is refused with CONFLICT.' })
  expectedVersion!: number;
}

const EPISODE_FIELDS = ['episodeType', 'startAt', 'endAt', 'riskGrading', 'riskGradingScheme', 'foundLocation'] as const;
const RHI_FIELDS = ['offeredAt', 'heldAt', 'declinedAt', 'conductedByRole', 'findings', 'declineReason', 'pushFactors', 'pullFactors'] as const;

export function validateEpisode(errors: ErrorCollector, e: MissingEpisode, child: Child | null, rhi: ReturnHomeInterview | null): void {
  if (!e.episodeType) errors.add('episodeType', UserErrorCode.REQUIRED, 'Say whether the child was missing or absent.');
  if (!e.startAt) errors.add('startAt', UserErrorCode.REQUIRED, 'Give when the child went missing.');
  errors.order('endAt', e.startAt, e.endAt, 'The return is before the child went missing.');
  notBeforeBirth(errors, child, 'startAt', e.startAt);
  notInFuture(errors, 'startAt', e.startAt);
  notInFuture(errors, 'endAt', e.endAt);
  if (e.riskGrading && !e.riskGradingScheme?.trim()) errors.add('riskGradingScheme', UserErrorCode.REQUIRED, 'Give the grading scheme and version with the risk grading (labels changed over the years).');
  if (rhi?.offeredAt && !e.endAt) errors.add('endAt', UserErrorCode.INVALID_STATE, 'A return home interview was offered after this episode: it cannot become open again.');
  else if (rhi?.offeredAt && e.endAt && rhi.offeredAt < e.endAt) errors.add('endAt', UserErrorCode.DATE_ORDER, 'The return home interview was offered before this return time.');
}

/** The rules of a return home interview: offered after the return, then held or declined, never both. */
export function validateInterview(errors: ErrorCollector, r: ReturnHomeInterview, episode: MissingEpisode): void {
  r.pushFactors ??= [];
  r.pullFactors ??= [];
  if ((r.offeredAt || r.heldAt || r.declinedAt) && !episode.endAt) errors.add('offeredAt', UserErrorCode.INVALID_STATE, 'The child has not returned yet: record the end of the episode first.');
  errors.order('offeredAt', episode.endAt, r.offeredAt, 'The interview is offered before the child returned.');
  if (r.heldAt && r.declinedAt) errors.add('declinedAt', UserErrorCode.INVALID_STATE, 'An interview is either held or declined, not both: a declined interview is not held.');
  if (r.heldAt && !r.offeredAt) errors.add('heldAt', UserErrorCode.INVALID_STATE, 'Record when the interview was offered before recording it as held.');
  if (r.declinedAt && !r.offeredAt) errors.add('declinedAt', UserErrorCode.INVALID_STATE, 'Record when the interview was offered before recording it as declined.');
  errors.order('heldAt', r.offeredAt, r.heldAt, 'The interview is held before it was offered.');
  errors.order('declinedAt', r.offeredAt, r.declinedAt, 'The interview is declined before it was offered.');
  if (r.findings && !r.heldAt) errors.add('findings', UserErrorCode.INVALID_STATE, 'Findings belong to a held interview; record a refusal as declined, with its reason.');
  if (r.declineReason && !r.declinedAt) errors.add('declineReason', UserErrorCode.INVALID_STATE, 'A decline reason needs declinedAt.');
  for (const key of ['offeredAt', 'heldAt', 'declinedAt'] as const) notInFuture(errors, key, r[key]);
}

async function interviewOf(em: EntityManager, episodeId: string): Promise<ReturnHomeInterview | null> {
  return em.findOne(ReturnHomeInterview, { episode: episodeId }, { orderBy: { createdAt: 'asc' } });
}

/** Whether the interview was offered within 72 hours of the return; null while the 72 hours are still running or the child is still missing. */
export function offeredWithin72Hours(episode: MissingEpisode, rhi: ReturnHomeInterview | null, now = new Date()): boolean | null {
  if (!episode.endAt) return null;
  const deadline = episode.endAt.getTime() + RHI_OFFER_HOURS * 3600_000;
  if (rhi?.offeredAt) return rhi.offeredAt.getTime() <= deadline;
  return now.getTime() > deadline ? false : null;
}

@Resolver(() => MissingEpisode)
export class MissingEpisodeResolver {
  @Query(() => MissingEpisodeConnection, { description: 'Missing episodes visible to you, filtered and ordered (default newest first).' })
  missingEpisodes(@Args() args: MissingEpisodeArgs, @Ctx() ctx: HubContext) {
    const where = filterWhere(MissingEpisodeArgs, args);
    const dir = args.direction === SortDirection.ASC ? 'asc' : 'desc';
    return paginate(ctx, MissingEpisode, where as FilterQuery<MissingEpisode>, args, { [args.orderBy ?? MissingEpisodeOrderField.START_AT]: dir });
  }

  @BelongsTo(Classification.SUMMARY, () => Child, { via: 'child', description: 'The child who went missing.' })
  child!: Child;

  @BelongsTo(Classification.SUMMARY, () => Agency, { via: 'owningAgency', description: 'The reporting agency (police, or the local authority), which owns the record.' })
  reportingAgency!: Agency;

  @HasFirst(Classification.SUMMARY, () => ReturnHomeInterview, { via: 'episode', orderBy: { createdAt: 'asc' }, description: 'The return home interview for this episode, when one has been recorded.' })
  returnHomeInterview!: ReturnHomeInterview | null;

  @FieldResolver(() => Boolean, { nullable: true, description: 'Whether the return home interview was offered within 72 hours of the return (DfE guidance); null while the child is missing or the 72 hours are still running.' })
  @Classify(Classification.SUMMARY)
  async rhiOfferedWithin72Hours(@Root() e: MissingEpisode, @Ctx() ctx: HubContext): Promise<boolean | null> {
    const rhi = (await ctx.loaders.byParent(ReturnHomeInterview, 'episode', { createdAt: 'asc' }).load(e.id))[0] ?? null;
    return offeredWithin72Hours(e, rhi);
  }

  @Mutation(() => MissingEpisodePayload, { description: 'Records a missing (or absent) episode reported by your agency.' })
  createMissingEpisode(@Arg('input', { description: 'The new record.' }) input: CreateMissingEpisodeInput, @Ctx() ctx: HubContext): Promise<MutationResult<MissingEpisode>> {
    return runMutation(ctx, async (em) => {
      const errors = new ErrorCollector();
      const child = await findChild(em, input.childId, errors);
      const draft = new MissingEpisode();
      assignSent(draft, input, EPISODE_FIELDS);
      validateEpisode(errors, draft, child, null);
      errors.throwIfAny();
      const data = Object.fromEntries(EPISODE_FIELDS.map((k) => [k, draft[k] ?? null]));
      return createOwned(em, ctx, MissingEpisode, { ...data, child: child! } as never, { sourceSystem: input.sourceSystem, sourceRecordId: input.sourceRecordId });
    });
  }

  @Mutation(() => MissingEpisodePayload, { description: 'Changes a missing episode your agency owns (e.g. records the return).' })
  updateMissingEpisode(@Arg('input', { description: 'The changes, with the version you read.' }) input: UpdateMissingEpisodeInput, @Ctx() ctx: HubContext): Promise<MutationResult<MissingEpisode>> {
    return runMutation(ctx, async (em) => {
      const record = await loadForUpdate(em, ctx, MissingEpisode, uuidOf(input.id, 'MissingEpisode') ?? NIL_UUID, input.expectedVersion);
      const errors = new ErrorCollector();
      assignSent(record, input, EPISODE_FIELDS);
      const child = await em.findOne(Child, { id: record.child.id });
      validateEpisode(errors, record, child, await interviewOf(em, record.id));
      errors.throwIfAny();
      return { record };
    });
  }
}

@Resolver(() => ReturnHomeInterview)
export class ReturnHomeInterviewResolver {
  @BelongsTo(Classification.SUMMARY, () => MissingEpisode, { via: 'episode', description: 'The missing episode the interview followed.' })
  episode!: MissingEpisode;

  @BelongsTo(Classification.SUMMARY, () => Agency, { via: 'owningAgency', description: 'The agency that offered or conducted the interview (owns the record).' })
  conductedByAgency!: Agency;

  @Mutation(() => ReturnHomeInterviewPayload, { description: 'Records the return home interview after a missing episode (one per episode), owned by your agency.' })
  createReturnHomeInterview(@Arg('input', { description: 'The new record.' }) input: CreateReturnHomeInterviewInput, @Ctx() ctx: HubContext): Promise<MutationResult<ReturnHomeInterview>> {
    return runMutation(ctx, async (em) => {
      const errors = new ErrorCollector();
      const episodeId = uuidOf(input.episodeId, 'MissingEpisode');
      const episode = episodeId ? await em.findOne(MissingEpisode, { id: episodeId }) : null;
      if (!episode) errors.add('episodeId', UserErrorCode.NOT_FOUND, 'No missing episode with that id is visible to you.').throwIfAny();
      const existing = await interviewOf(em, episode!.id);
      const retried = input.sourceSystem && existing && existing.owningAgency.id === ctx.agencyId && existing.sourceSystem === input.sourceSystem && existing.sourceRecordId === input.sourceRecordId;
      if (existing && !retried) errors.add('episodeId', UserErrorCode.DUPLICATE, 'This episode already has a return home interview; update it instead.').throwIfAny();
      const draft = Object.assign(new ReturnHomeInterview(), { pushFactors: [], pullFactors: [] });
      assignSent(draft, input, RHI_FIELDS);
      validateInterview(errors, draft, episode!);
      errors.throwIfAny();
      const data = Object.fromEntries(RHI_FIELDS.map((k) => [k, draft[k] ?? null]));
      return createOwned(em, ctx, ReturnHomeInterview, { ...data, pushFactors: draft.pushFactors, pullFactors: draft.pullFactors, episode: episode! } as never, {
        sourceSystem: input.sourceSystem,
        sourceRecordId: input.sourceRecordId,
      });
    });
  }

  @Mutation(() => ReturnHomeInterviewPayload, { description: 'Changes a return home interview your agency owns (offered, then held or declined).' })
  updateReturnHomeInterview(@Arg('input', { description: 'The changes, with the version you read.' }) input: UpdateReturnHomeInterviewInput, @Ctx() ctx: HubContext): Promise<MutationResult<ReturnHomeInterview>> {
    return runMutation(ctx, async (em) => {
      const record = await loadForUpdate(em, ctx, ReturnHomeInterview, uuidOf(input.id, 'ReturnHomeInterview') ?? NIL_UUID, input.expectedVersion);
      const errors = new ErrorCollector();
      assignSent(record, input, RHI_FIELDS);
      const episode = await em.findOneOrFail(MissingEpisode, { id: record.episode.id });
      validateInterview(errors, record, episode);
      errors.throwIfAny();
      return { record };
    });
  }
}

@Resolver(() => Child)
export class ChildMissingResolver {
  @HasMany(Classification.SUMMARY, () => MissingEpisode, { via: 'child', orderBy: { startAt: 'desc' }, description: "The child's missing and absent episodes, newest first (each with its return home interview)." })
  missingEpisodes!: MissingEpisode[];
}

/** Statutory timescale on a return home interview (src/timescales/rules.ts). */
@Resolver(() => ReturnHomeInterview)
export class ReturnHomeInterviewTimescaleResolver {
  @FieldResolver(() => Timescale, { nullable: true, description: 'Offer due within 72 hours of the child returning (RHI_OFFER), measured to offeredAt; null while the child is still missing.' })
  @Classify(Classification.SUMMARY)
  async offerTimescale(@Root() rhi: ReturnHomeInterview, @Ctx() ctx: HubContext): Promise<Timescale | null> {
    const episode = await ctx.loaders.byId(MissingEpisode).load(rhi.episode.id);
    if (!episode?.endAt) return null;
    return timescaleOrNull(() => Timescale.from(evaluate(TimescaleRuleCode.RHI_OFFER, { from: episode.endAt!, completedAt: rhi.offeredAt ?? null, asOf: new Date() })));
  }
}
