import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Args, Ctx, FieldResolver, ID, InputType, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { GraphQLDateTime, GraphQLLocalDate } from 'graphql-scalars';
import { Classification } from '../../access/classification';
import { Role } from '../../access/principal';
import type { HubContext } from '../../server/context';
import { Connection, PageArgs, paginate, SortDirection } from '../../server/graphql/connection';
import { forbidden } from '../../server/graphql/errors';
import { ErrorCollector, UserErrorCode } from '../../server/graphql/user-errors';
import { createOwned, loadForUpdate, MutationPayload, runMutation, softDelete, type MutationResult } from '../../db/records';
import { Child } from '../people/child.entity';
import { EpisodeStatus } from '../frontdoor/referral.resolver';
import { evaluate } from '../../timescales/evaluate';
import { TimescaleRuleCode } from '../../timescales/rules';
import { Timescale } from '../../timescales/timescale.type';
import { after, assignSent, Classified, notBefore, notBeforeBirth, timescaleOrNull, uuidOf } from '../frontdoor/support';
import { LadoAdultRole, LadoHarmCategory, LadoOutcome } from './codes';
import { LadoReferral, LadoReferralChild } from './lado-referral.entity';
import { FilterField, filters, InputField, match, ORDER_BY_VALUE, readsNothing, registerOrderEnum } from '../../access/input-declarations';
import { filterWhere } from '../../reads/filters';

const LadoReferralConnection = Connection(LadoReferral);
const LadoReferralPayload = MutationPayload(LadoReferral, 'LadoReferralMutation');

/** LADO records are for the designated officer only (DESIGN §5); field tiers apply on top. */
function requireLado(ctx: HubContext): void {
  if (!ctx.principal.roles.includes(Role.LADO)) throw forbidden('LADO allegations are visible to and managed by the local authority designated officer only.');
}

export enum LadoReferralOrderField {
  REFERRAL_DATE = 'referralDate',
  UPDATED_AT = 'updatedAt',
}
registerOrderEnum(LadoReferralOrderField, {
  name: 'LadoReferralOrderField',
  description: 'What to sort LADO referrals by.',
  on: () => LadoReferral,
  valuesConfig: { REFERRAL_DATE: { description: 'The referral date.', field: 'referralDate' }, UPDATED_AT: { description: 'When the record last changed.', field: 'updatedAt' } },
});

@InputType({ description: 'Sort order for LADO referrals.' })
class LadoReferralOrder {
  @FilterField(ORDER_BY_VALUE, () => LadoReferralOrderField, { description: 'Field to sort by.' })
  field!: LadoReferralOrderField;
  @FilterField(readsNothing('sort direction'), () => SortDirection, { description: 'Direction.' })
  direction!: SortDirection;
}

@InputType({ description: 'Filters for LADO referrals; all given filters must match.' })
class LadoReferralFilter {
  @FilterField(filters(() => LadoReferral, match.gte('referralDate')), () => GraphQLLocalDate, { nullable: true, description: 'Referral date on or after this date.' })
  from?: string;
  @FilterField(filters(() => LadoReferral, match.lte('referralDate')), () => GraphQLLocalDate, { nullable: true, description: 'Referral date on or before this date.' })
  to?: string;
  @FilterField(filters(() => LadoReferral, match.in('outcome')), () => [LadoOutcome], { nullable: true, description: 'Only allegations with one of these outcomes.' })
  outcomes?: LadoOutcome[];
  @FilterField(filters(() => LadoReferral, match.in('harmCategory')), () => [LadoHarmCategory], { nullable: true, description: 'Only allegations in one of these categories of harm.' })
  harmCategories?: LadoHarmCategory[];
  @FilterField(filters(() => LadoReferral, match.in('adultRole')), () => [LadoAdultRole], { nullable: true, description: 'Only allegations about adults in one of these roles.' })
  adultRoles?: LadoAdultRole[];
  @FilterField(filters(() => LadoReferral, match.eq('thresholdMet')), () => Boolean, { nullable: true, description: 'Only allegations that met (true) or did not meet (false) the threshold.' })
  thresholdMet?: boolean;
  @FilterField(filters(() => LadoReferral, match.nullWhen('closedAt', EpisodeStatus.OPEN)), () => EpisodeStatus, { nullable: true, description: 'Only open or only closed cases.' })
  status?: EpisodeStatus;
}

@InputType({ description: 'An allegation against a person who works with children.' })
class CreateLadoReferralInput {
  @InputField(Classification.LADO, () => GraphQLLocalDate, { description: 'Date the allegation was referred to the LADO.' })
  referralDate!: string;
  @InputField(Classification.LADO, { description: 'Summary of the allegation.' })
  allegationSummary!: string;
  @InputField(Classification.LADO, () => String, { nullable: true, description: 'Given name(s) of the adult.' })
  adultGivenName?: string;
  @InputField(Classification.LADO, { description: 'Family name of the adult.' })
  adultFamilyName!: string;
  @InputField(Classification.LADO, { description: 'Employer or organisation.' })
  employer!: string;
  @InputField(Classification.LADO, () => LadoAdultRole, { description: 'Role in which the adult works with children.' })
  adultRole!: LadoAdultRole;
  @InputField(Classification.LADO, () => String, { nullable: true, description: 'Detail of the role.' })
  roleDetail?: string;
  @InputField(Classification.LADO, () => LadoHarmCategory, { description: 'Category of harm alleged.' })
  harmCategory!: LadoHarmCategory;
  @InputField(Classification.LADO, () => Boolean, { nullable: true, description: 'Whether the harm threshold is met; omit until decided.' })
  thresholdMet?: boolean;
  @InputField(Classification.LADO, () => GraphQLLocalDate, { nullable: true, description: 'Date of the allegations management (strategy) meeting.' })
  strategyMeetingDate?: string;
  @InputField(Classification.LADO, () => LadoOutcome, { nullable: true, description: 'Outcome, once concluded.' })
  outcome?: LadoOutcome;
  @InputField(Classification.LADO, () => GraphQLDateTime, { nullable: true, description: 'When the case was closed.' })
  closedAt?: Date;
  @InputField(Classification.LADO, () => [ID], { nullable: true, description: 'Global ids of children involved who are known to the hub.' })
  childIds?: string[];
  @InputField(Classification.LADO, () => String, { nullable: true, description: 'Partner system the record comes from.' })
  sourceSystem?: string;
  @InputField(Classification.LADO, () => String, { nullable: true, description: 'Id of the record in that system; a retried create with the same pair returns the existing record.' })
  sourceRecordId?: string;
}

@InputType({ description: 'Changes to a LADO referral; omitted fields stay as they are, null clears an optional field.' })
class UpdateLadoReferralInput {
  @InputField(Classification.LADO, () => ID, { description: 'Global id of the LADO referral.' })
  id!: string;
  @InputField(Classification.LADO, () => Int, { description: 'The version you read; a stale version is refused with CONFLICT.' })
  expectedVersion!: number;
  @InputField(Classification.LADO, () => GraphQLLocalDate, { nullable: true, description: 'Date the allegation was referred.' })
  referralDate?: string;
  @InputField(Classification.LADO, () => String, { nullable: true, description: 'Summary of the allegation.' })
  allegationSummary?: string;
  @InputField(Classification.LADO, () => String, { nullable: true, description: 'Given name(s) of the adult.' })
  adultGivenName?: string | null;
  @InputField(Classification.LADO, () => String, { nullable: true, description: 'Family name of the adult.' })
  adultFamilyName?: string;
  @InputField(Classification.LADO, () => String, { nullable: true, description: 'Employer or organisation.' })
  employer?: string;
  @InputField(Classification.LADO, () => LadoAdultRole, { nullable: true, description: 'Role in which the adult works with children.' })
  adultRole?: LadoAdultRole;
  @InputField(Classification.LADO, () => String, { nullable: true, description: 'Detail of the role.' })
  roleDetail?: string | null;
  @InputField(Classification.LADO, () => LadoHarmCategory, { nullable: true, description: 'Category of harm alleged.' })
  harmCategory?: LadoHarmCategory;
  @InputField(Classification.LADO, () => Boolean, { nullable: true, description: 'Whether the harm threshold is met.' })
  thresholdMet?: boolean | null;
  @InputField(Classification.LADO, () => GraphQLLocalDate, { nullable: true, description: 'Date of the allegations management (strategy) meeting.' })
  strategyMeetingDate?: string | null;
  @InputField(Classification.LADO, () => LadoOutcome, { nullable: true, description: 'Outcome.' })
  outcome?: LadoOutcome | null;
  @InputField(Classification.LADO, () => GraphQLDateTime, { nullable: true, description: 'When the case was closed; null reopens it.' })
  closedAt?: Date | null;
  @InputField(Classification.LADO, () => [ID], { nullable: true, description: 'Children involved (replaces the list).' })
  childIds?: string[];
}

const REQUIRED_KEYS = ['referralDate', 'allegationSummary', 'adultFamilyName', 'employer', 'adultRole', 'harmCategory'] as const;

/** Loads the children named in `childIds`, adding NOT_FOUND per unknown id. */
async function findChildren(em: EntityManager, childIds: string[], errors: ErrorCollector): Promise<Child[]> {
  const ids = childIds.map((g) => uuidOf(g, 'Child'));
  const found = await em.find(Child, { id: { $in: ids.filter((x): x is string => !!x) } });
  const byId = new Map(found.map((c) => [c.id, c]));
  const out: Child[] = [];
  ids.forEach((id, i) => {
    const child = id ? byId.get(id) : undefined;
    if (!child) errors.add(['input', 'childIds', String(i)], UserErrorCode.NOT_FOUND, 'No child with that id is visible to you.');
    else if (!out.includes(child)) out.push(child);
  });
  return out;
}

function checkLado(
  errors: ErrorCollector,
  children: Child[],
  r: { referralDate: string; strategyMeetingDate?: string | null; closedAt?: Date | null; outcome?: LadoOutcome | null; thresholdMet?: boolean | null },
): void {
  notBefore(errors, 'strategyMeetingDate', r.strategyMeetingDate, r.referralDate, 'The strategy meeting is dated before the referral.');
  notBefore(errors, 'closedAt', r.closedAt, r.referralDate, 'The case is closed before it was referred.');
  for (const child of children) notBeforeBirth(errors, child, 'referralDate', r.referralDate);
  if (r.closedAt && r.thresholdMet && !r.outcome) errors.add('outcome', UserErrorCode.REQUIRED, 'Record the outcome before closing an allegation that met the threshold.');
}

@Resolver(() => LadoReferral)
export class LadoReferralResolver {
  @Query(() => LadoReferralConnection, { description: 'Allegations against people who work with children (LADO only), newest first unless ordered otherwise.' })
  ladoReferrals(
    @Args() page: PageArgs,
    @Ctx() ctx: HubContext,
    @Arg('filter', () => LadoReferralFilter, { nullable: true, description: 'Filters; all given must match.' }) filter?: LadoReferralFilter,
    @Arg('orderBy', () => LadoReferralOrder, { nullable: true, description: 'Sort order (default: referralDate descending).' }) orderBy?: LadoReferralOrder,
  ) {
    requireLado(ctx);
    const where = filterWhere<LadoReferral>(LadoReferralFilter, filter);
    const order = orderBy ?? { field: LadoReferralOrderField.REFERRAL_DATE, direction: SortDirection.DESC };
    return paginate(ctx, LadoReferral, where as FilterQuery<LadoReferral>, page, { [order.field]: order.direction === SortDirection.ASC ? 'asc' : 'desc' });
  }

  @FieldResolver(() => [Child], { description: 'Children involved in the allegation who are known to the hub.' })
  @Classified(Classification.LADO)
  async childrenInvolved(@Root() referral: LadoReferral, @Ctx() ctx: HubContext): Promise<Child[]> {
    const links = await ctx.loaders.byParent(LadoReferralChild, 'ladoReferral').load(referral.id);
    const children = await ctx.loaders.byId(Child).loadMany(links.map((l) => l.child.id));
    return children.filter((c): c is Child => !!c && !(c instanceof Error));
  }

  @FieldResolver(() => Timescale, { nullable: true, description: 'Strategy meeting timescale from the referral (local procedure, default 5 working days); null when the threshold was not met.' })
  @Classified(Classification.LADO)
  strategyMeetingTimescale(@Root() referral: LadoReferral): Timescale | null {
    if (referral.thresholdMet === false) return null;
    return timescaleOrNull(() =>
      Timescale.from(evaluate(TimescaleRuleCode.LADO_STRATEGY_MEETING, { from: referral.referralDate, completedAt: referral.strategyMeetingDate ?? null, asOf: referral.closedAt ?? new Date() })),
    );
  }

  @Mutation(() => LadoReferralPayload, { description: 'Records an allegation against a person who works with children (LADO only).' })
  createLadoReferral(@Arg('input', { description: 'The new record.' }) input: CreateLadoReferralInput, @Ctx() ctx: HubContext): Promise<MutationResult<LadoReferral>> {
    requireLado(ctx);
    return runMutation(ctx, async (em) => {
      const errors = new ErrorCollector();
      const children = await findChildren(em, input.childIds ?? [], errors);
      for (const key of ['allegationSummary', 'adultFamilyName', 'employer'] as const) {
        if (!input[key].trim()) errors.add(key, UserErrorCode.REQUIRED, `${key} cannot be empty.`);
      }
      checkLado(errors, children, input);
      errors.throwIfAny();
      const { sourceSystem, sourceRecordId, childIds: _c, ...data } = input;
      const result = await createOwned(em, ctx, LadoReferral, data, { sourceSystem, sourceRecordId });
      if (result.created) {
        for (const child of children) {
          em.create(LadoReferralChild, { ladoReferral: result.record, child, owningAgency: ctx.agencyId, createdBy: ctx.principal.subject, updatedBy: ctx.principal.subject } as never);
        }
      }
      return result;
    });
  }

  @Mutation(() => LadoReferralPayload, { description: 'Changes a LADO referral (threshold decision, meeting, outcome, closure; LADO only).' })
  updateLadoReferral(@Arg('input', { description: 'The changes, with the version you read.' }) input: UpdateLadoReferralInput, @Ctx() ctx: HubContext): Promise<MutationResult<LadoReferral>> {
    requireLado(ctx);
    return runMutation(ctx, async (em) => {
      const referral = await loadForUpdate(em, ctx, LadoReferral, uuidOf(input.id, 'LadoReferral') ?? input.id, input.expectedVersion);
      const errors = new ErrorCollector();
      for (const key of REQUIRED_KEYS) {
        const v = input[key];
        if (v === null || (typeof v === 'string' && !v.trim())) errors.add(key, UserErrorCode.REQUIRED, `${key} cannot be cleared.`);
      }
      // Every link row, withdrawn ones included: a child unlinked and linked again gets its row back.
      const allLinks = await em.find(LadoReferralChild, { ladoReferral: referral.id }, { populate: ['child'], filters: { notDeleted: false } });
      const links = allLinks.filter((l) => !l.deletedAt);
      const children = input.childIds ? await findChildren(em, input.childIds, errors) : links.map((l) => l.child.getEntity());
      checkLado(errors, children, {
        referralDate: after(referral, input, 'referralDate'),
        strategyMeetingDate: after(referral, input, 'strategyMeetingDate'),
        closedAt: after(referral, input, 'closedAt'),
        outcome: after(referral, input, 'outcome'),
        thresholdMet: after(referral, input, 'thresholdMet'),
      });
      errors.throwIfAny();
      assignSent(referral, input, [...REQUIRED_KEYS, 'adultGivenName', 'roleDetail', 'thresholdMet', 'strategyMeetingDate', 'outcome', 'closedAt']);
      if (input.childIds) {
        // Links are soft-deleted like every shared record (kept for audit), never removed.
        const keep = new Set(children.map((c) => c.id));
        for (const link of links) if (!keep.has(link.child.id)) softDelete(ctx, link);
        for (const child of children) {
          const existing = allLinks.find((l) => l.child.id === child.id);
          if (existing?.deletedAt) {
            existing.deletedAt = null;
            existing.updatedBy = ctx.principal.subject;
          } else if (!existing) {
            em.create(LadoReferralChild, { ladoReferral: referral, child, owningAgency: ctx.agencyId, createdBy: ctx.principal.subject, updatedBy: ctx.principal.subject } as never);
          }
        }
        referral.updatedAt = new Date();
      }
      return { record: referral };
    });
  }
}
