import { Arg, Ctx, ID, InputType, Int, Mutation, Resolver } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Classification } from '../../access/classification';
import { InputField } from '../../access/input-declarations';
import { BelongsTo } from '../../reads/relations';
import type { HubContext } from '../../server/context';
import { ErrorCollector, UserErrorCode } from '../../server/graphql/user-errors';
import { NIL_UUID } from '../../server/graphql/global-id';
import { createOwned, loadForUpdate, MutationPayload, runMutation, type MutationResult } from '../../db/records';
import { Child } from '../people/child.entity';
import { Sex } from '../people/codes';
import { CareEpisode } from './care-episode.entity';
import { LookedAfterYear } from './looked-after-year.entity';
import { loadRef, notBeforeBirth, parseId } from './care.support';
import { after, assignSent } from '../frontdoor/support';
import { ageOn, collectionYearBounds, collectionYearOf, todayInLondon } from './dates';

const LookedAfterYearPayload = MutationPayload(LookedAfterYear, 'LookedAfterYearMutation');

/** Earliest collection year the hub takes (SSDA903 as it is now began in 2003/04's predecessors; older years are not returned). */
const FIRST_YEAR = 2010;
/** Age of criminal responsibility in England: no conviction before it (OC2 asks from age 10). */
const CRIMINAL_RESPONSIBILITY_AGE = 10;

@InputType({ description: 'A looked-after child’s collection year for the SSDA903 return: motherhood and the OC2 outcomes.' })
class CreateLookedAfterYearInput {
  @InputField(Classification.SOCIAL_CARE, () => ID, { description: 'Global id of the child (looked after by your authority at some point in the year).' })
  childId!: string;
  @InputField(Classification.SOCIAL_CARE, () => Int, { description: 'The collection year, named by the year it ends (2026 for 2025/26); one that has begun.' })
  collectionYear!: number;
  @InputField(Classification.SOCIAL_CARE, () => Boolean, { nullable: true, description: 'Whether the young woman is a mother; leave out for a boy.' })
  mother?: boolean | null;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { nullable: true, description: 'Date of birth of her first child (with mother true).' })
  firstChildBornOn?: string | null;
  @InputField(Classification.SOCIAL_CARE, () => Boolean, { nullable: true, description: 'Convicted, or given a final warning or reprimand, during the year (from age 10).' })
  convicted?: boolean | null;
  @InputField(Classification.SOCIAL_CARE, () => Boolean, { nullable: true, description: 'A substance misuse problem was identified during the year.' })
  substanceMisuse?: boolean | null;
  @InputField(Classification.SOCIAL_CARE, () => Boolean, { nullable: true, description: 'Received an intervention for it (required with substanceMisuse true).' })
  interventionReceived?: boolean | null;
  @InputField(Classification.SOCIAL_CARE, () => Boolean, { nullable: true, description: 'Offered an intervention and refused it (only with substanceMisuse true and interventionReceived false).' })
  interventionOffered?: boolean | null;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Partner system the record comes from.' })
  sourceSystem?: string;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Id of the record in that system; a retried create with the same pair returns the existing record.' })
  sourceRecordId?: string;
}

@InputType({ description: 'Changes to a looked-after child’s collection year; omitted fields stay as they are, null clears.' })
class UpdateLookedAfterYearInput {
  @InputField(Classification.SOCIAL_CARE, () => ID, { description: 'Global id of the record.' })
  id!: string;
  @InputField(Classification.SOCIAL_CARE, () => Int, { description: 'The version you read; a stale version is refused with CONFLICT.' })
  expectedVersion!: number;
  @InputField(Classification.SOCIAL_CARE, () => Boolean, { nullable: true, description: 'Whether the young woman is a mother.' })
  mother?: boolean | null;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { nullable: true, description: 'Date of birth of her first child.' })
  firstChildBornOn?: string | null;
  @InputField(Classification.SOCIAL_CARE, () => Boolean, { nullable: true, description: 'Convicted, or given a final warning or reprimand, during the year.' })
  convicted?: boolean | null;
  @InputField(Classification.SOCIAL_CARE, () => Boolean, { nullable: true, description: 'A substance misuse problem was identified during the year.' })
  substanceMisuse?: boolean | null;
  @InputField(Classification.SOCIAL_CARE, () => Boolean, { nullable: true, description: 'Received an intervention for it.' })
  interventionReceived?: boolean | null;
  @InputField(Classification.SOCIAL_CARE, () => Boolean, { nullable: true, description: 'Offered an intervention and refused it.' })
  interventionOffered?: boolean | null;
}

const FIELDS = ['mother', 'firstChildBornOn', 'convicted', 'substanceMisuse', 'interventionReceived', 'interventionOffered'] as const;
type Fields = Pick<LookedAfterYear, (typeof FIELDS)[number]>;

/** The rules the record keeps, on create and on every update (the record as it would be). */
function checkYear(errors: ErrorCollector, child: Child, year: number, r: Partial<Fields>): void {
  const { end } = collectionYearBounds(year);
  if (r.mother !== null && r.mother !== undefined && child.sex === Sex.M) errors.add('mother', UserErrorCode.INVALID_STATE, 'Motherhood is recorded for a girl or young woman only.');
  if (r.firstChildBornOn) {
    if (r.mother !== true) errors.add('firstChildBornOn', UserErrorCode.INVALID_STATE, 'The date of birth of her first child goes with mother true.');
    notBeforeBirth(errors, child, 'firstChildBornOn', r.firstChildBornOn, 'Her child’s date of birth');
    if (r.firstChildBornOn > end) errors.add('firstChildBornOn', UserErrorCode.DATE_ORDER, `Her child’s date of birth is after the collection year (it ends on ${end}).`);
  }
  if (r.convicted && child.dateOfBirth && ageOn(child.dateOfBirth, end) < CRIMINAL_RESPONSIBILITY_AGE) {
    errors.add('convicted', UserErrorCode.INVALID_STATE, `No child under ${CRIMINAL_RESPONSIBILITY_AGE} is convicted (the age of criminal responsibility).`);
  }
  if (r.substanceMisuse === true && (r.interventionReceived === null || r.interventionReceived === undefined)) {
    errors.add('interventionReceived', UserErrorCode.REQUIRED, 'With a substance misuse problem identified, say whether an intervention was received.');
  }
  for (const field of ['interventionReceived', 'interventionOffered'] as const) {
    if (r[field] !== null && r[field] !== undefined && r.substanceMisuse !== true) errors.add(field, UserErrorCode.INVALID_STATE, 'Interventions are recorded only with a substance misuse problem identified.');
  }
  // Asked only when none was received (SSDA903 rule 158).
  if (r.interventionReceived === true && r.interventionOffered !== null && r.interventionOffered !== undefined) errors.add('interventionOffered', UserErrorCode.INVALID_STATE, 'Whether an intervention was offered and refused is recorded only when none was received.');
}

/** The year must have begun, and the child must have been looked after by the caller's authority in it. */
async function checkLookedAfter(em: EntityManager, ctx: HubContext, errors: ErrorCollector, child: Child, year: number): Promise<void> {
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > collectionYearOf(todayInLondon())) {
    errors.add('collectionYear', UserErrorCode.OUT_OF_RANGE, `collectionYear is a year from ${FIRST_YEAR} to the current one (${collectionYearOf(todayInLondon())}), named by the year it ends.`);
    return;
  }
  const { start, end } = collectionYearBounds(year);
  const episodes = await em.count(CareEpisode, { child: child.id, owningAgency: ctx.agencyId, startDate: { $lte: end }, $or: [{ endDate: null }, { endDate: { $gte: start } }] } as never);
  if (episodes === 0) errors.add('collectionYear', UserErrorCode.INVALID_STATE, 'The child was not looked after by your authority in that collection year.');
}

@Resolver(() => LookedAfterYear)
export class LookedAfterYearResolver {
  @BelongsTo(Classification.SUMMARY, () => Child, { via: 'child', description: 'The child the year is about.' })
  child!: Child;

  @Mutation(() => LookedAfterYearPayload, { description: 'Records a looked-after child’s collection year for the SSDA903 return (one per child and year: DUPLICATE for a second).' })
  createLookedAfterYear(@Arg('input', { description: 'The year.' }) input: CreateLookedAfterYearInput, @Ctx() ctx: HubContext): Promise<MutationResult<LookedAfterYear>> {
    return runMutation(ctx, async (em) => {
      const child = await loadRef(em, Child, input.childId, 'childId');
      const errors = new ErrorCollector();
      await checkLookedAfter(em, ctx, errors, child, input.collectionYear);
      checkYear(errors, child, input.collectionYear, input);
      errors.throwIfAny();
      const { sourceSystem, sourceRecordId, childId: _c, ...data } = input;
      return createOwned(em, ctx, LookedAfterYear, { ...data, child: child.id } as never, { sourceSystem, sourceRecordId });
    });
  }

  @Mutation(() => LookedAfterYearPayload, { description: 'Changes a looked-after child’s collection year your authority recorded.' })
  updateLookedAfterYear(@Arg('input', { description: 'The changes, with the version you read.' }) input: UpdateLookedAfterYearInput, @Ctx() ctx: HubContext): Promise<MutationResult<LookedAfterYear>> {
    return runMutation(ctx, async (em) => {
      const record = await loadForUpdate(em, ctx, LookedAfterYear, parseId(input.id, 'LookedAfterYear') ?? NIL_UUID, input.expectedVersion);
      const child = (await em.findOne(Child, { id: record.child.id }))!;
      const errors = new ErrorCollector();
      checkYear(errors, child, record.collectionYear, Object.fromEntries(FIELDS.map((f) => [f, after(record, input, f)])) as Partial<Fields>);
      errors.throwIfAny();
      assignSent(record, input, FIELDS);
      return { record };
    });
  }
}
