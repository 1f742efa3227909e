import DataLoader from 'dataloader';
import type { FilterQuery } from '@mikro-orm/core';
import { Arg, Args, Ctx, FieldResolver, ID, InputType, Int, Mutation, Query, Resolver, Root, registerEnumType } from 'type-graphql';
import { GraphQLDateTime, GraphQLLocalDate } from 'graphql-scalars';
import { Classification } from '../../access/classification';
import { BelongsTo, HasMany } from '../../reads/relations';
import type { HubContext } from '../../server/context';
import { Connection, PageArgs, paginate, SortDirection } from '../../server/graphql/connection';
import { ErrorCollector, UserErrorCode } from '../../server/graphql/user-errors';
import { createOwned, loadForUpdate, MutationPayload, runMutation, type MutationResult } from '../../db/records';
import { Child } from '../people/child.entity';
import { Assessment } from './assessment.entity';
import { CinPlan } from './cin-plan.entity';
import { ClosureReason, PrimaryNeed, ReferralSource } from './codes';
import { Contact } from './contact.entity';
import { Referral } from './referral.entity';
import { evaluate } from '../../timescales/evaluate';
import { TimescaleRuleCode } from '../../timescales/rules';
import { Timescale } from '../../timescales/timescale.type';
import { after, assignSent, Classified, findByGlobalId, notBefore, notBeforeBirth, timescaleOrNull, uuidOf } from './support';
import { FilterField, filters, InputField, match, ORDER_BY_VALUE, readsNothing, registerOrderEnum } from '../../access/input-declarations';
import { filterWhere } from '../../reads/filters';

const ReferralConnection = Connection(Referral);
const ReferralPayload = MutationPayload(Referral, 'ReferralMutation');

export enum ReferralOrderField {
  REFERRAL_DATE = 'referralDate',
  CREATED_AT = 'createdAt',
  UPDATED_AT = 'updatedAt',
}
registerOrderEnum(ReferralOrderField, {
  name: 'ReferralOrderField',
  description: 'What to sort referrals by.',
  on: () => Referral,
  valuesConfig: {
    REFERRAL_DATE: { description: 'The referral date.', field: 'referralDate' },
    CREATED_AT: { description: 'When the hub first stored the record.', field: 'createdAt' },
    UPDATED_AT: { description: 'When the record last changed.', field: 'updatedAt' },
  },
});

export enum EpisodeStatus {
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
}
registerEnumType(EpisodeStatus, {
  name: 'EpisodeStatus',
  description: 'Whether an episode is still open.',
  valuesConfig: { OPEN: { description: 'Not yet closed.' }, CLOSED: { description: 'Closed (has a closure date).' } },
});

@InputType({ description: 'Sort order for referrals.' })
class ReferralOrder {
  @FilterField(ORDER_BY_VALUE, () => ReferralOrderField, { description: 'Field to sort by.' })
  field!: ReferralOrderField;
  @FilterField(readsNothing('sort direction'), () => SortDirection, { description: 'Direction.' })
  direction!: SortDirection;
}

@InputType({ description: 'Filters for referrals; all given filters must match.' })
class ReferralFilter {
  @FilterField(filters(() => Referral, match.id('child', 'Child')), () => ID, { nullable: true, description: 'Only referrals about this child (global id).' })
  childId?: string;
  @FilterField(filters(() => Referral, match.gte('referralDate')), () => GraphQLLocalDate, { nullable: true, description: 'Referral date on or after this date.' })
  from?: string;
  @FilterField(filters(() => Referral, match.lte('referralDate')), () => GraphQLLocalDate, { nullable: true, description: 'Referral date on or before this date.' })
  to?: string;
  @FilterField(filters(() => Referral, match.in('source')), () => [ReferralSource], { nullable: true, description: 'Only referrals from one of these sources.' })
  sources?: ReferralSource[];
  @FilterField(filters(() => Referral, match.in('primaryNeed')), () => [PrimaryNeed], { nullable: true, description: 'Only referrals with one of these primary need codes.' })
  primaryNeeds?: PrimaryNeed[];
  @FilterField(filters(() => Referral, match.nullWhen('closureDate', EpisodeStatus.OPEN)), () => EpisodeStatus, { nullable: true, description: 'Only open or only closed referrals.' })
  status?: EpisodeStatus;
  @FilterField(filters(() => Referral, match.eq('nfa')), () => Boolean, { nullable: true, description: 'Only referrals with (true) or without (false) the no-further-action flag.' })
  nfa?: boolean;
}

@InputType({ description: "A referral to children's social care." })
class CreateReferralInput {
  @InputField(Classification.SOCIAL_CARE, () => ID, { description: 'Global id of the child referred.' })
  childId!: string;
  @InputField(Classification.SOCIAL_CARE, () => ID, { nullable: true, description: 'Global id of the contact the referral came from (same child).' })
  contactId?: string;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { description: 'Date the referral is effective from.' })
  referralDate!: string;
  @InputField(Classification.SOCIAL_CARE, () => ReferralSource, { nullable: true, description: "Referral source; defaults to the contact's source when a contact is given." })
  source?: ReferralSource;
  @InputField(Classification.SOCIAL_CARE, () => PrimaryNeed, { nullable: true, description: 'Primary need code (default N0, not stated).' })
  primaryNeed?: PrimaryNeed;
  @InputField(Classification.SOCIAL_CARE, () => Boolean, { nullable: true, description: 'No further action on the referral (default false).' })
  nfa?: boolean;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLDateTime, { nullable: true, description: 'When the decision on the referral was made.' })
  decisionAt?: Date;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { nullable: true, description: 'Closure date (with closureReason).' })
  closureDate?: string;
  @InputField(Classification.SOCIAL_CARE, () => ClosureReason, { nullable: true, description: 'Reason for closure (with closureDate).' })
  closureReason?: ClosureReason;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Partner system the record comes from.' })
  sourceSystem?: string;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Id of the record in that system; a retried create with the same pair returns the existing record.' })
  sourceRecordId?: string;
}

@InputType({ description: 'Changes to a referral; omitted fields stay as they are, null clears an optional field.' })
class UpdateReferralInput {
  @InputField(Classification.SOCIAL_CARE, () => ID, { description: 'Global id of the referral.' })
  id!: string;
  @InputField(Classification.SOCIAL_CARE, () => Int, { description: 'The version you read; a stale version is refused with CONFLICT.' })
  expectedVersion!: number;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { nullable: true, description: 'Date the referral is effective from.' })
  referralDate?: string;
  @InputField(Classification.SOCIAL_CARE, () => ReferralSource, { nullable: true, description: 'Referral source.' })
  source?: ReferralSource;
  @InputField(Classification.SOCIAL_CARE, () => PrimaryNeed, { nullable: true, description: 'Primary need code.' })
  primaryNeed?: PrimaryNeed;
  @InputField(Classification.SOCIAL_CARE, () => Boolean, { nullable: true, description: 'No further action on the referral.' })
  nfa?: boolean;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLDateTime, { nullable: true, description: 'When the decision on the referral was made.' })
  decisionAt?: Date | null;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { nullable: true, description: 'Closure date (with closureReason); null reopens.' })
  closureDate?: string | null;
  @InputField(Classification.SOCIAL_CARE, () => ClosureReason, { nullable: true, description: 'Reason for closure (with closureDate).' })
  closureReason?: ClosureReason | null;
}

/** Per-request loader for the re-referral flag: one SQL query for all referrals on a page. */
const reReferralLoaders = new WeakMap<object, DataLoader<string, boolean>>();
function reReferralLoader(ctx: HubContext): DataLoader<string, boolean> {
  let loader = reReferralLoaders.get(ctx.loaders);
  if (!loader) {
    loader = new DataLoader<string, boolean>(async (ids) => {
      const rows: { id: string; re: boolean }[] = await ctx.em.execute(
        `select r.id, exists (
           select 1 from referral p
            where p.child_id = r.child_id and p.id <> r.id and p.deleted_at is null
              and p.referral_date <= r.referral_date
              and p.referral_date >= (r.referral_date - interval '12 months')::date
              and (p.referral_date < r.referral_date or p.created_at < r.created_at)
         ) as re
         from referral r where r.id in (${ids.map(() => '?').join(', ')})`,
        [...ids],
      );
      const byId = new Map(rows.map((row) => [row.id, row.re]));
      return ids.map((id) => byId.get(id) ?? false);
    });
    reReferralLoaders.set(ctx.loaders, loader);
  }
  return loader;
}

/** The date rules of a referral, on the values it will have after the change. */
function checkReferralDates(
  errors: ErrorCollector,
  child: Child | null,
  contact: Contact | null,
  r: { referralDate: string; decisionAt?: Date | null; closureDate?: string | null; closureReason?: ClosureReason | null },
): void {
  notBeforeBirth(errors, child, 'referralDate', r.referralDate);
  if (contact) notBefore(errors, 'referralDate', r.referralDate, contact.contactAt, 'The referral date is before the contact it came from.');
  notBefore(errors, 'decisionAt', r.decisionAt, r.referralDate, 'The decision is dated before the referral.');
  notBefore(errors, 'closureDate', r.closureDate, r.referralDate, 'The closure date is before the referral date.');
  if (r.closureDate && !r.closureReason) errors.add('closureReason', UserErrorCode.REQUIRED, 'Give the reason for closure (RC1..RC9) with the closure date.');
  if (r.closureReason && !r.closureDate) errors.add('closureDate', UserErrorCode.REQUIRED, 'Give the closure date with the reason for closure.');
}

@Resolver(() => Referral)
export class ReferralResolver {
  @Query(() => ReferralConnection, { description: "Referrals to children's social care, newest referral date first unless ordered otherwise." })
  referrals(
    @Args() page: PageArgs,
    @Ctx() ctx: HubContext,
    @Arg('filter', () => ReferralFilter, { nullable: true, description: 'Filters; all given must match.' }) filter?: ReferralFilter,
    @Arg('orderBy', () => ReferralOrder, { nullable: true, description: 'Sort order (default: referralDate descending).' }) orderBy?: ReferralOrder,
  ) {
    const where = filterWhere<Referral>(ReferralFilter, filter);
    const order = orderBy ?? { field: ReferralOrderField.REFERRAL_DATE, direction: SortDirection.DESC };
    return paginate(ctx, Referral, where as FilterQuery<Referral>, page, { [order.field]: order.direction === SortDirection.ASC ? 'asc' : 'desc' });
  }

  @BelongsTo(Classification.SUMMARY, () => Child, { via: 'child', description: 'The child referred.' })
  child!: Child;

  @BelongsTo(Classification.SUMMARY, () => Contact, { via: 'contact', nullable: true, description: 'The contact the referral came from, when recorded.' })
  contact!: Contact | null;

  @HasMany(Classification.SUMMARY, () => Assessment, { via: 'referral', orderBy: { startDate: 'asc' }, description: 'Assessments under this referral, earliest first.' })
  assessments!: Assessment[];

  @HasMany(Classification.SUMMARY, () => CinPlan, { via: 'referral', orderBy: { startDate: 'asc' }, description: 'Child in need plans under this referral, earliest first.' })
  cinPlans!: CinPlan[];

  @FieldResolver(() => Boolean, { description: 'True when the same child had another referral in the 12 months up to this referral date (a DfE re-referral).' })
  @Classified(Classification.SUMMARY)
  isReReferralWithin12Months(@Root() referral: Referral, @Ctx() ctx: HubContext) {
    return reReferralLoader(ctx).load(referral.id);
  }

  @FieldResolver(() => Timescale, { nullable: true, description: 'Decision on the referral: due within 1 working day of the referral date (Working Together 2023); measured to decisionAt.' })
  @Classified(Classification.SUMMARY)
  decisionTimescale(@Root() referral: Referral): Timescale | null {
    return timescaleOrNull(() =>
      Timescale.from(evaluate(TimescaleRuleCode.REFERRAL_DECISION, { from: referral.referralDate, completedAt: referral.decisionAt ?? null, asOf: referral.closureDate ?? new Date() })),
    );
  }

  @Mutation(() => ReferralPayload, { description: "Records a referral to children's social care (opens a child in need episode)." })
  createReferral(@Arg('input', { description: 'The new record.' }) input: CreateReferralInput, @Ctx() ctx: HubContext): Promise<MutationResult<Referral>> {
    return runMutation(ctx, async (em) => {
      const errors = new ErrorCollector();
      const child = await findByGlobalId(em, Child, input.childId, errors, 'childId');
      const contact = input.contactId ? await findByGlobalId(em, Contact, input.contactId, errors, 'contactId') : null;
      if (child && contact && contact.child.id !== child.id) errors.add('contactId', UserErrorCode.INVALID_STATE, 'The contact is about another child.');
      const source = input.source ?? contact?.source;
      if (!source) errors.add('source', UserErrorCode.REQUIRED, 'Give the referral source (or a contact to take it from).');
      checkReferralDates(errors, child, contact, input);
      errors.throwIfAny();
      const { sourceSystem, sourceRecordId, childId: _c, contactId: _k, ...data } = input;
      return createOwned(em, ctx, Referral, { ...data, source: source!, primaryNeed: input.primaryNeed ?? PrimaryNeed.N0, nfa: input.nfa ?? false, child: child!, contact }, { sourceSystem, sourceRecordId });
    });
  }

  @Mutation(() => ReferralPayload, { description: 'Changes a referral your agency owns (decision, primary need, closure...).' })
  updateReferral(@Arg('input', { description: 'The changes, with the version you read.' }) input: UpdateReferralInput, @Ctx() ctx: HubContext): Promise<MutationResult<Referral>> {
    return runMutation(ctx, async (em) => {
      const referral = await loadForUpdate(em, ctx, Referral, uuidOf(input.id, 'Referral') ?? input.id, input.expectedVersion);
      const errors = new ErrorCollector();
      for (const key of ['referralDate', 'source', 'primaryNeed', 'nfa'] as const) {
        if (input[key] === null) errors.add(key, UserErrorCode.REQUIRED, `${key} cannot be cleared.`);
      }
      const child = await em.findOne(Child, { id: referral.child.id });
      const contact = referral.contact ? await em.findOne(Contact, { id: referral.contact.id }) : null;
      const referralDate = after(referral, input, 'referralDate');
      checkReferralDates(errors, child, contact, {
        referralDate,
        decisionAt: after(referral, input, 'decisionAt'),
        closureDate: after(referral, input, 'closureDate'),
        closureReason: after(referral, input, 'closureReason'),
      });
      if (input.referralDate) {
        const assessments = await em.find(Assessment, { referral: referral.id });
        if (assessments.some((a) => a.startDate < referralDate)) errors.add('referralDate', UserErrorCode.DATE_ORDER, 'An assessment under this referral starts before the new referral date.');
        const plans = await em.find(CinPlan, { referral: referral.id });
        if (plans.some((p) => p.startDate < referralDate)) errors.add('referralDate', UserErrorCode.DATE_ORDER, 'A CIN plan under this referral starts before the new referral date.');
      }
      errors.throwIfAny();
      assignSent(referral, input, ['referralDate', 'source', 'primaryNeed', 'nfa', 'decisionAt', 'closureDate', 'closureReason']);
      return { record: referral };
    });
  }
}
