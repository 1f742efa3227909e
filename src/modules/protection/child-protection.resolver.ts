import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Args, Ctx, FieldResolver, ID, InputType, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Classification } from '../../access/classification';
import { BelongsTo, HasFirst, HasMany } from '../../reads/relations';
import { createOwned, loadForUpdate, MutationPayload, runMutation, type MutationResult } from '../../db/records';
import type { HubContext } from '../../server/context';
import { Connection, PageArgs, paginate, SortDirection } from '../../server/graphql/connection';
import { isUuid } from '../../server/graphql/global-id';
import { ErrorCollector, UserErrorCode } from '../../server/graphql/user-errors';
import { Agency, AgencyKind } from '../agencies/agency.entity';
import { Child } from '../people/child.entity';
import { ChildProtectionConference, ChildProtectionPlan, ChildProtectionVisit, CoreGroupMeeting, Section47Enquiry } from './child-protection.entity';
import { CategoryOfAbuse, ConferenceOutcome, ConferenceType, PlanEndReason, Section47Outcome, StrategyDiscussionDecision } from './codes';
import { dayOf, notBefore, notBeforeBirth } from './dates';
import { StrategyDiscussion } from './strategy-discussion.entity';
import { assertLocalAuthority, Classified, findReferenced, orderOf, idOrNil } from './support';
import { evaluate } from '../../timescales/evaluate';
import { TimescaleRuleCode } from '../../timescales/rules';
import { Timescale } from '../../timescales/timescale.type';
import { FilterField, filters, InputField, match, ORDER_BY_VALUE, readsNothing, registerOrderEnum } from '../../access/input-declarations';
import { filterWhere } from '../../reads/filters';

const PlanConnection = Connection(ChildProtectionPlan);
const S47Payload = MutationPayload(Section47Enquiry, 'Section47EnquiryMutation');
const ConferencePayload = MutationPayload(ChildProtectionConference, 'ChildProtectionConferenceMutation');
const PlanPayload = MutationPayload(ChildProtectionPlan, 'ChildProtectionPlanMutation');
const VisitPayload = MutationPayload(ChildProtectionVisit, 'ChildProtectionVisitMutation');
const CoreGroupPayload = MutationPayload(CoreGroupMeeting, 'CoreGroupMeetingMutation');

// ---------------------------------------------------------------------------------------------
// Inputs

@InputType({ description: 'A section 47 enquiry your local authority started.' })
class CreateSection47EnquiryInput {
  @InputField(Classification.SOCIAL_CARE, () => ID, { description: 'The child (global id).' })
  childId!: string;
  @InputField(Classification.SOCIAL_CARE, () => ID, { nullable: true, description: 'The strategy discussion that initiated it (global id); its decision must be S47_ENQUIRY.' })
  strategyDiscussionId?: string;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { description: 'Start date (not before the strategy discussion).' })
  startDate!: string;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { nullable: true, description: 'Completion date (not before the start).' })
  endDate?: string;
  @InputField(Classification.SOCIAL_CARE, () => Section47Outcome, { nullable: true, description: 'Outcome (required with an end date).' })
  outcome?: Section47Outcome;
  @InputField(Classification.SOCIAL_CARE, () => Boolean, { nullable: true, description: 'Whether an ICPC is required (default: true exactly when the outcome is ICPC_REQUIRED).' })
  conferenceRequired?: boolean;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Partner system the record comes from.' })
  sourceSystem?: string;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Id of the record in that system; a retried create with the same pair returns the existing record.' })
  sourceRecordId?: string;
}

@InputType({ description: 'Changes to a section 47 enquiry (typically completing it).' })
class UpdateSection47EnquiryInput {
  @InputField(Classification.SOCIAL_CARE, () => ID, { description: 'Global id of the enquiry.' })
  id!: string;
  @InputField(Classification.SOCIAL_CARE, () => Int, { description: 'The version you read; a stale version is refused with CONFLICT.' })
  expectedVersion!: number;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { nullable: true, description: 'Start date.' })
  startDate?: string;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { nullable: true, description: 'Completion date (not before the start).' })
  endDate?: string;
  @InputField(Classification.SOCIAL_CARE, () => Section47Outcome, { nullable: true, description: 'Outcome.' })
  outcome?: Section47Outcome;
  @InputField(Classification.SOCIAL_CARE, () => Boolean, { nullable: true, description: 'Whether an ICPC is required.' })
  conferenceRequired?: boolean;
}

@InputType({ description: 'A child protection conference (initial or review).' })
class CreateConferenceInput {
  @InputField(Classification.SOCIAL_CARE, () => ID, { description: 'The child (global id).' })
  childId!: string;
  @InputField(Classification.SOCIAL_CARE, () => ConferenceType, { description: 'Initial or review.' })
  type!: ConferenceType;
  @InputField(Classification.SOCIAL_CARE, () => ID, { nullable: true, description: 'INITIAL: the section 47 enquiry that led to it (global id; required).' })
  section47EnquiryId?: string;
  @InputField(Classification.SOCIAL_CARE, () => ID, { nullable: true, description: 'REVIEW: the plan reviewed (global id; required).' })
  reviewedPlanId?: string;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { description: 'Date of the conference.' })
  conferenceDate!: string;
  @InputField(Classification.SOCIAL_CARE, () => ConferenceOutcome, { description: 'Plan (made or continued) or no plan.' })
  outcome!: ConferenceOutcome;
  @InputField(Classification.SOCIAL_CARE, () => CategoryOfAbuse, { nullable: true, description: 'Category of abuse (required when the outcome is CP_PLAN).' })
  categoryOfAbuse?: CategoryOfAbuse;
  @InputField(Classification.SOCIAL_CARE, { description: 'Name of the independent chair.' })
  chairName!: string;
  @InputField(Classification.SOCIAL_CARE, () => [ID], { nullable: true, description: 'Agencies that attended (their `recordId`s).' })
  attendingAgencyIds?: string[];
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Partner system the record comes from.' })
  sourceSystem?: string;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Id of the record in that system; a retried create with the same pair returns the existing record.' })
  sourceRecordId?: string;
}

@InputType({ description: 'A child protection plan.' })
class CreatePlanInput {
  @InputField(Classification.SOCIAL_CARE, () => ID, { description: 'The child (global id).' })
  childId!: string;
  @InputField(Classification.SOCIAL_CARE, () => ID, { nullable: true, description: 'The initial conference that made the plan (global id).' })
  initialConferenceId?: string;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { description: "Start date (not before the conference, nor before the child's birth unless the child has an expected date of birth)." })
  startDate!: string;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { nullable: true, description: 'End date (not before the start).' })
  endDate?: string;
  @InputField(Classification.SOCIAL_CARE, () => CategoryOfAbuse, { description: 'Category of abuse.' })
  category!: CategoryOfAbuse;
  @InputField(Classification.SOCIAL_CARE, () => PlanEndReason, { nullable: true, description: 'Why it ended (required with an end date).' })
  endReason?: PlanEndReason;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Partner system the record comes from.' })
  sourceSystem?: string;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Id of the record in that system; a retried create with the same pair returns the existing record.' })
  sourceRecordId?: string;
}

@InputType({ description: 'Changes to a child protection plan (typically ending it).' })
class UpdatePlanInput {
  @InputField(Classification.SOCIAL_CARE, () => ID, { description: 'Global id of the plan.' })
  id!: string;
  @InputField(Classification.SOCIAL_CARE, () => Int, { description: 'The version you read; a stale version is refused with CONFLICT.' })
  expectedVersion!: number;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { nullable: true, description: 'End date (not before the start, nor before a recorded visit or core group).' })
  endDate?: string;
  @InputField(Classification.SOCIAL_CARE, () => PlanEndReason, { nullable: true, description: 'Why it ended (required with an end date).' })
  endReason?: PlanEndReason;
  @InputField(Classification.SOCIAL_CARE, () => CategoryOfAbuse, { nullable: true, description: 'Category of abuse.' })
  category?: CategoryOfAbuse;
}

@InputType({ description: 'A statutory visit to a child on a child protection plan.' })
class RecordVisitInput {
  @InputField(Classification.SOCIAL_CARE, () => ID, { description: 'The plan (global id).' })
  planId!: string;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { description: 'Date of the visit (within the plan).' })
  visitDate!: string;
  @InputField(Classification.SOCIAL_CARE, { description: 'Whether the child was seen.' })
  seen!: boolean;
  @InputField(Classification.SOCIAL_CARE, { description: 'Whether the child was seen alone (implies seen).' })
  seenAlone!: boolean;
  @InputField(Classification.SOCIAL_CARE, () => Boolean, { nullable: true, description: "Whether the child's bedroom was seen." })
  bedroomSeen?: boolean;
  @InputField(Classification.SOCIAL_CARE, { description: 'Role of the visiting practitioner.' })
  practitionerRole!: string;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Partner system the record comes from.' })
  sourceSystem?: string;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Id of the record in that system; a retried create with the same pair returns the existing record.' })
  sourceRecordId?: string;
}

@InputType({ description: 'A core group meeting of a child protection plan.' })
class RecordCoreGroupInput {
  @InputField(Classification.SOCIAL_CARE, () => ID, { description: 'The plan (global id).' })
  planId!: string;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { description: 'Date of the meeting (within the plan).' })
  meetingDate!: string;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Partner system the record comes from.' })
  sourceSystem?: string;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Id of the record in that system; a retried create with the same pair returns the existing record.' })
  sourceRecordId?: string;
}

export enum ChildProtectionPlanOrderField {
  START_DATE = 'startDate',
  END_DATE = 'endDate',
  CREATED_AT = 'createdAt',
}
registerOrderEnum(ChildProtectionPlanOrderField, {
  name: 'ChildProtectionPlanOrderField',
  description: 'What to sort child protection plans by.',
  on: () => ChildProtectionPlan,
  valuesConfig: { START_DATE: { description: 'Start date.', field: 'startDate' }, END_DATE: { description: 'End date.', field: 'endDate' }, CREATED_AT: { description: 'When the hub stored it.', field: 'createdAt' } },
});

@InputType({ description: 'Filters for child protection plans; all given conditions must hold.' })
class ChildProtectionPlanFilter {
  @FilterField(filters(() => ChildProtectionPlan, match.id('child', 'Child')), () => ID, { nullable: true, description: 'Only plans of this child (global id).' })
  childId?: string;
  @FilterField(filters(() => ChildProtectionPlan, match.gte('startDate')), () => GraphQLLocalDate, { nullable: true, description: 'Started on or after this date.' })
  startFrom?: string;
  @FilterField(filters(() => ChildProtectionPlan, match.lte('startDate')), () => GraphQLLocalDate, { nullable: true, description: 'Started on or before this date.' })
  startTo?: string;
  @FilterField(filters(() => ChildProtectionPlan, match.in('category')), () => [CategoryOfAbuse], { nullable: true, description: 'Only these categories.' })
  category?: CategoryOfAbuse[];
  @FilterField(filters(() => ChildProtectionPlan, match.nullWhen('endDate', true)), () => Boolean, { nullable: true, description: 'true: only active plans (no end date); false: only ended plans.' })
  active?: boolean;
}

@InputType({ description: 'Ordering of child protection plans.' })
class ChildProtectionPlanOrder {
  @FilterField(ORDER_BY_VALUE, () => ChildProtectionPlanOrderField, { description: 'Field to sort by.' })
  field!: ChildProtectionPlanOrderField;
  @FilterField(readsNothing('sort direction'), () => SortDirection, { nullable: true, description: 'Direction (default DESC).' })
  direction?: SortDirection;
}

// ---------------------------------------------------------------------------------------------
// Rules

/** Plans may not overlap: a child is on at most one child protection plan at a time. */
async function checkNoOverlap(em: EntityManager, errors: ErrorCollector, childId: string, start: string, end: string | null | undefined, exceptId?: string): Promise<void> {
  const others = await em.find(ChildProtectionPlan, { child: childId, ...(exceptId ? { id: { $ne: exceptId } } : {}) });
  const clash = others.find((o) => o.startDate <= (end ?? '9999-12-31') && start <= (o.endDate ?? '9999-12-31'));
  if (clash) errors.add('startDate', UserErrorCode.INVALID_STATE, `The child is already on a child protection plan from ${clash.startDate}${clash.endDate ? ` to ${clash.endDate}` : ''}; end it first.`);
}

function checkPlanEnd(errors: ErrorCollector, start: string, end: string | null | undefined, reason: PlanEndReason | null | undefined): void {
  notBefore(errors, 'endDate', start, end, 'The plan cannot end before it started.');
  if (end && !reason) errors.add('endReason', UserErrorCode.REQUIRED, 'Say why the plan ended.');
  if (!end && reason) errors.add('endDate', UserErrorCode.REQUIRED, 'An end reason needs the end date.');
}

/** A visit or core group falls within its plan. */
function withinPlan(errors: ErrorCollector, field: string, plan: ChildProtectionPlan, date: string, what: string): void {
  notBefore(errors, field, plan.startDate, date, `${what} (${date}) cannot be before the plan started (${plan.startDate}).`);
  notBefore(errors, field, date, plan.endDate, `${what} (${date}) cannot be after the plan ended (${plan.endDate}).`);
}

// ---------------------------------------------------------------------------------------------
// Resolvers

@Resolver(() => Section47Enquiry)
export class Section47EnquiryResolver {
  @BelongsTo(Classification.SUMMARY, () => Child, { via: 'child', description: 'The child.' })
  child!: Child;

  @BelongsTo(Classification.SUMMARY, () => StrategyDiscussion, { via: 'strategyDiscussion', nullable: true, description: 'The strategy discussion that initiated the enquiry.' })
  strategyDiscussion!: StrategyDiscussion | null;

  @HasMany(Classification.SUMMARY, () => ChildProtectionConference, { via: 'section47Enquiry', orderBy: { conferenceDate: 'asc' }, description: 'Initial conferences that followed the enquiry.' })
  conferences!: ChildProtectionConference[];

  @Mutation(() => S47Payload, { description: 'Records a section 47 enquiry (local authority only).' })
  createSection47Enquiry(@Arg('input', { description: 'The enquiry.' }) input: CreateSection47EnquiryInput, @Ctx() ctx: HubContext): Promise<MutationResult<Section47Enquiry>> {
    return runMutation(ctx, async (em) => {
      assertLocalAuthority(ctx, 'section 47 enquiries');
      const errors = new ErrorCollector();
      const child = await findReferenced(em, errors, Child, input.childId, 'childId');
      const discussion = await findReferenced(em, errors, StrategyDiscussion, input.strategyDiscussionId, 'strategyDiscussionId');
      if (child && discussion && discussion.child.id !== child.id) errors.add('strategyDiscussionId', UserErrorCode.INVALID_STATE, 'The strategy discussion is about another child.');
      if (discussion && discussion.decision !== StrategyDiscussionDecision.S47_ENQUIRY) errors.add('strategyDiscussionId', UserErrorCode.INVALID_STATE, discussion.decision ? `That strategy discussion decided ${discussion.decision}, not to start a section 47 enquiry.` : 'That strategy discussion has not been held yet: record it as held, with its decision, first.');
      if (discussion) notBefore(errors, 'startDate', discussion.heldAt, input.startDate, `The enquiry cannot start (${input.startDate}) before the strategy discussion that initiated it (${dayOf(discussion.heldAt)}).`);
      if (child) notBeforeBirth(errors, 'startDate', child, input.startDate, 'The enquiry start');
      notBefore(errors, 'endDate', input.startDate, input.endDate, 'The enquiry cannot end before it started.');
      if (input.endDate && !input.outcome) errors.add('outcome', UserErrorCode.REQUIRED, 'A completed enquiry needs its outcome.');
      const conferenceRequired = input.conferenceRequired ?? input.outcome === Section47Outcome.ICPC_REQUIRED;
      if (input.outcome === Section47Outcome.ICPC_REQUIRED && !conferenceRequired) errors.add('conferenceRequired', UserErrorCode.INVALID_STATE, 'The outcome ICPC_REQUIRED means a conference is required.');
      errors.throwIfAny();
      return createOwned(
        em,
        ctx,
        Section47Enquiry,
        { child: child!.id, strategyDiscussion: discussion?.id ?? null, startDate: input.startDate, endDate: input.endDate ?? null, outcome: input.outcome ?? null, conferenceRequired },
        { sourceSystem: input.sourceSystem, sourceRecordId: input.sourceRecordId },
      );
    });
  }

  @Mutation(() => S47Payload, { description: 'Changes (typically completes) a section 47 enquiry your local authority owns.' })
  updateSection47Enquiry(@Arg('input', { description: 'The changes.' }) input: UpdateSection47EnquiryInput, @Ctx() ctx: HubContext): Promise<MutationResult<Section47Enquiry>> {
    return runMutation(ctx, async (em) => {
      const s = await loadForUpdate(em, ctx, Section47Enquiry, idOrNil(input.id, 'Section47Enquiry'), input.expectedVersion);
      const errors = new ErrorCollector();
      const start = input.startDate ?? s.startDate;
      const end = input.endDate !== undefined ? input.endDate : s.endDate;
      const outcome = input.outcome !== undefined ? input.outcome : s.outcome;
      if (input.startDate) {
        const discussion = s.strategyDiscussion ? await em.findOne(StrategyDiscussion, { id: s.strategyDiscussion.id }) : null;
        if (discussion) notBefore(errors, 'startDate', discussion.heldAt, start, `The enquiry cannot start before the strategy discussion that initiated it (${dayOf(discussion.heldAt)}).`);
        const conferences = await em.find(ChildProtectionConference, { section47Enquiry: s.id });
        for (const c of conferences) notBefore(errors, 'startDate', start, c.conferenceDate, `An initial conference on ${c.conferenceDate} followed this enquiry; it cannot start after that.`);
      }
      notBefore(errors, 'endDate', start, end, 'The enquiry cannot end before it started.');
      if (end && !outcome) errors.add('outcome', UserErrorCode.REQUIRED, 'A completed enquiry needs its outcome.');
      const conferenceRequired = input.conferenceRequired ?? (input.outcome !== undefined ? outcome === Section47Outcome.ICPC_REQUIRED : s.conferenceRequired);
      if (outcome === Section47Outcome.ICPC_REQUIRED && !conferenceRequired) errors.add('conferenceRequired', UserErrorCode.INVALID_STATE, 'The outcome ICPC_REQUIRED means a conference is required.');
      errors.throwIfAny();
      s.startDate = start;
      s.endDate = end ?? null;
      s.outcome = outcome ?? null;
      s.conferenceRequired = conferenceRequired;
      return { record: s };
    });
  }
}

@Resolver(() => ChildProtectionConference)
export class ChildProtectionConferenceResolver {
  @BelongsTo(Classification.SUMMARY, () => Child, { via: 'child', description: 'The child.' })
  child!: Child;

  @BelongsTo(Classification.SUMMARY, () => Section47Enquiry, { via: 'section47Enquiry', nullable: true, description: 'INITIAL: the section 47 enquiry that led to the conference.' })
  section47Enquiry!: Section47Enquiry | null;

  @BelongsTo(Classification.SUMMARY, () => ChildProtectionPlan, { via: 'reviewedPlan', nullable: true, description: 'REVIEW: the plan reviewed.' })
  reviewedPlan!: ChildProtectionPlan | null;

  @HasFirst(Classification.SUMMARY, () => ChildProtectionPlan, { via: 'initialConference', description: 'INITIAL: the plan the conference made, when it made one.' })
  resultingPlan!: ChildProtectionPlan | null;

  @FieldResolver(() => [Agency], { description: 'Agencies that attended.' })
  @Classified(Classification.SUMMARY)
  async agenciesAttended(@Root() c: ChildProtectionConference, @Ctx() ctx: HubContext) {
    const rows = await ctx.loaders.byId(Agency).loadMany(c.attendingAgencyIds ?? []);
    return rows.filter((a): a is Agency => !!a && !(a instanceof Error));
  }

  @FieldResolver(() => Boolean, { description: "Quorate: children's social care and at least two other agencies attended (SSD `cppr_cp_review_quorate`)." })
  @Classified(Classification.SUMMARY)
  async isQuorate(@Root() c: ChildProtectionConference, @Ctx() ctx: HubContext) {
    const agencies = await this.agenciesAttended(c, ctx);
    return agencies.some((a) => a.kind === AgencyKind.LOCAL_AUTHORITY) && agencies.filter((a) => a.kind !== AgencyKind.LOCAL_AUTHORITY).length >= 2;
  }

  @Mutation(() => ConferencePayload, { description: 'Records a child protection conference (local authority only).' })
  createChildProtectionConference(@Arg('input', { description: 'The conference.' }) input: CreateConferenceInput, @Ctx() ctx: HubContext): Promise<MutationResult<ChildProtectionConference>> {
    return runMutation(ctx, async (em) => {
      assertLocalAuthority(ctx, 'child protection conferences');
      const errors = new ErrorCollector();
      const child = await findReferenced(em, errors, Child, input.childId, 'childId');
      const s47 = await findReferenced(em, errors, Section47Enquiry, input.section47EnquiryId, 'section47EnquiryId');
      const plan = await findReferenced(em, errors, ChildProtectionPlan, input.reviewedPlanId, 'reviewedPlanId');
      if (input.type === ConferenceType.INITIAL) {
        if (!input.section47EnquiryId) errors.add('section47EnquiryId', UserErrorCode.REQUIRED, 'An initial conference follows a section 47 enquiry: name it.');
        if (input.reviewedPlanId) errors.add('reviewedPlanId', UserErrorCode.INVALID_STATE, 'An initial conference reviews no plan.');
      } else {
        if (!input.reviewedPlanId) errors.add('reviewedPlanId', UserErrorCode.REQUIRED, 'A review conference reviews a plan: name it.');
        if (input.section47EnquiryId) errors.add('section47EnquiryId', UserErrorCode.INVALID_STATE, 'Only an initial conference links to the section 47 enquiry.');
      }
      if (child && s47 && s47.child.id !== child.id) errors.add('section47EnquiryId', UserErrorCode.INVALID_STATE, 'The enquiry is about another child.');
      if (child && plan && plan.child.id !== child.id) errors.add('reviewedPlanId', UserErrorCode.INVALID_STATE, 'The plan is about another child.');
      if (s47) {
        notBefore(errors, 'conferenceDate', s47.startDate, input.conferenceDate, `The conference (${input.conferenceDate}) cannot be before the section 47 enquiry that led to it started (${s47.startDate}).`);
        const discussion = s47.strategyDiscussion ? await em.findOne(StrategyDiscussion, { id: s47.strategyDiscussion.id }) : null;
        if (discussion) notBefore(errors, 'conferenceDate', discussion.heldAt, input.conferenceDate, `The conference (${input.conferenceDate}) cannot be before the strategy discussion that led to it (${dayOf(discussion.heldAt)}).`);
      }
      if (plan) withinPlan(errors, 'conferenceDate', plan, input.conferenceDate, 'A review conference');
      if (child) notBeforeBirth(errors, 'conferenceDate', child, input.conferenceDate, 'The conference');
      if (input.outcome === ConferenceOutcome.CP_PLAN && !input.categoryOfAbuse) errors.add('categoryOfAbuse', UserErrorCode.REQUIRED, 'A child protection plan needs its category of abuse.');
      if (input.outcome === ConferenceOutcome.NO_PLAN && input.categoryOfAbuse) errors.add('categoryOfAbuse', UserErrorCode.INVALID_STATE, 'No plan, so no category of abuse.');
      const agencyIds = input.attendingAgencyIds ?? [];
      const validIds = agencyIds.filter(isUuid);
      const found = validIds.length ? await em.find(Agency, { id: { $in: validIds } }) : [];
      agencyIds.forEach((id, i) => {
        if (!found.some((a) => a.id === id)) errors.add(`attendingAgencyIds.${i}`, UserErrorCode.NOT_FOUND, 'No agency with that id.');
      });
      errors.throwIfAny();
      return createOwned(
        em,
        ctx,
        ChildProtectionConference,
        {
          child: child!.id,
          type: input.type,
          section47Enquiry: s47?.id ?? null,
          reviewedPlan: plan?.id ?? null,
          conferenceDate: input.conferenceDate,
          outcome: input.outcome,
          categoryOfAbuse: input.categoryOfAbuse ?? null,
          chairName: input.chairName,
          attendingAgencyIds: [...new Set(agencyIds)],
        },
        { sourceSystem: input.sourceSystem, sourceRecordId: input.sourceRecordId },
      );
    });
  }
}

@Resolver(() => ChildProtectionPlan)
export class ChildProtectionPlanResolver {
  @Query(() => PlanConnection, { description: 'Child protection plans visible to you, most recent start first unless ordered otherwise.' })
  childProtectionPlans(
    @Args() page: PageArgs,
    @Arg('filter', () => ChildProtectionPlanFilter, { nullable: true, description: 'Which plans to list.' }) filter: ChildProtectionPlanFilter | undefined,
    @Arg('orderBy', () => ChildProtectionPlanOrder, { nullable: true, description: 'Ordering (default: startDate DESC).' }) orderBy: ChildProtectionPlanOrder | undefined,
    @Ctx() ctx: HubContext,
  ) {
    const where = filterWhere<ChildProtectionPlan>(ChildProtectionPlanFilter, filter);
    return paginate(ctx, ChildProtectionPlan, where, page, orderOf(orderBy?.field ?? ChildProtectionPlanOrderField.START_DATE, orderBy?.direction));
  }

  @BelongsTo(Classification.STATUS, () => Child, { via: 'child', description: 'The child.' })
  child!: Child;

  @BelongsTo(Classification.SUMMARY, () => ChildProtectionConference, { via: 'initialConference', nullable: true, description: 'The initial conference that made the plan.' })
  initialConference!: ChildProtectionConference | null;

  @HasMany(Classification.SUMMARY, () => ChildProtectionConference, { via: 'reviewedPlan', orderBy: { conferenceDate: 'asc' }, description: 'Review conferences of the plan.' })
  reviewConferences!: ChildProtectionConference[];

  @HasMany(Classification.SUMMARY, () => ChildProtectionVisit, { via: 'plan', orderBy: { visitDate: 'asc' }, description: 'Statutory visits during the plan, oldest first.' })
  visits!: ChildProtectionVisit[];

  @HasMany(Classification.SUMMARY, () => CoreGroupMeeting, { via: 'plan', orderBy: { meetingDate: 'asc' }, description: 'Core group meetings, oldest first.' })
  coreGroupMeetings!: CoreGroupMeeting[];

  @FieldResolver(() => Int, { description: 'Which plan this is for the child: 1 for the first, 2 for the second...' })
  @Classified(Classification.STATUS)
  async planNumber(@Root() p: ChildProtectionPlan, @Ctx() ctx: HubContext) {
    const plans = await ctx.loaders.byParent(ChildProtectionPlan, 'child', { startDate: 'asc' }).load(p.child.id);
    const i = plans.findIndex((x) => x.id === p.id);
    return i >= 0 ? i + 1 : plans.filter((x) => x.startDate < p.startDate).length + 1;
  }

  @FieldResolver(() => Boolean, { description: 'The child has been on a child protection plan before (DfE "second or subsequent plan").' })
  @Classified(Classification.STATUS)
  async isSecondOrSubsequent(@Root() p: ChildProtectionPlan, @Ctx() ctx: HubContext) {
    return (await this.planNumber(p, ctx)) > 1;
  }

  @FieldResolver(() => Timescale, { description: 'First core group: within 10 working days of the initial conference (or of the plan start when no conference is linked).' })
  @Classified(Classification.SUMMARY)
  async firstCoreGroupTimescale(@Root() p: ChildProtectionPlan, @Ctx() ctx: HubContext) {
    const first = (await ctx.loaders.byParent(CoreGroupMeeting, 'plan', { meetingDate: 'asc' }).load(p.id))[0]?.meetingDate ?? null;
    return Timescale.from(evaluate(TimescaleRuleCode.FIRST_CORE_GROUP, { from: await this.icpcDate(p, ctx), completedAt: first, asOf: p.endDate ?? new Date() }));
  }

  @FieldResolver(() => Timescale, { description: 'First review conference: within 3 months of the initial conference (or of the plan start when no conference is linked).' })
  @Classified(Classification.SUMMARY)
  async firstReviewConferenceTimescale(@Root() p: ChildProtectionPlan, @Ctx() ctx: HubContext) {
    const first = (await ctx.loaders.byParent(ChildProtectionConference, 'reviewedPlan', { conferenceDate: 'asc' }).load(p.id))[0]?.conferenceDate ?? null;
    return Timescale.from(evaluate(TimescaleRuleCode.FIRST_REVIEW_CONFERENCE, { from: await this.icpcDate(p, ctx), completedAt: first, asOf: p.endDate ?? new Date() }));
  }

  private async icpcDate(p: ChildProtectionPlan, ctx: HubContext): Promise<string> {
    const icpc = p.initialConference ? await ctx.loaders.byId(ChildProtectionConference).load(p.initialConference.id) : null;
    return icpc?.conferenceDate ?? p.startDate;
  }

  @FieldResolver(() => Boolean, { description: 'The plan has no end date.' })
  @Classified(Classification.STATUS)
  isActive(@Root() p: ChildProtectionPlan) {
    return !p.endDate;
  }

  @Mutation(() => PlanPayload, { description: 'Records a child protection plan (local authority only).' })
  createChildProtectionPlan(@Arg('input', { description: 'The plan.' }) input: CreatePlanInput, @Ctx() ctx: HubContext): Promise<MutationResult<ChildProtectionPlan>> {
    return runMutation(ctx, async (em) => {
      assertLocalAuthority(ctx, 'child protection plans');
      const errors = new ErrorCollector();
      const child = await findReferenced(em, errors, Child, input.childId, 'childId');
      const conference = await findReferenced(em, errors, ChildProtectionConference, input.initialConferenceId, 'initialConferenceId');
      if (conference) {
        if (child && conference.child.id !== child.id) errors.add('initialConferenceId', UserErrorCode.INVALID_STATE, 'The conference is about another child.');
        if (conference.type !== ConferenceType.INITIAL || conference.outcome !== ConferenceOutcome.CP_PLAN) errors.add('initialConferenceId', UserErrorCode.INVALID_STATE, 'A plan is made by an initial conference whose outcome is CP_PLAN.');
        notBefore(errors, 'startDate', conference.conferenceDate, input.startDate, `The plan cannot start (${input.startDate}) before the conference that made it (${conference.conferenceDate}).`);
      }
      if (child) notBeforeBirth(errors, 'startDate', child, input.startDate, 'The plan start');
      checkPlanEnd(errors, input.startDate, input.endDate, input.endReason);
      if (child) await checkNoOverlap(em, errors, child.id, input.startDate, input.endDate);
      errors.throwIfAny();
      return createOwned(
        em,
        ctx,
        ChildProtectionPlan,
        { child: child!.id, initialConference: conference?.id ?? null, startDate: input.startDate, endDate: input.endDate ?? null, category: input.category, endReason: input.endReason ?? null },
        { sourceSystem: input.sourceSystem, sourceRecordId: input.sourceRecordId },
      );
    });
  }

  @Mutation(() => PlanPayload, { description: 'Changes (typically ends) a child protection plan your local authority owns.' })
  updateChildProtectionPlan(@Arg('input', { description: 'The changes.' }) input: UpdatePlanInput, @Ctx() ctx: HubContext): Promise<MutationResult<ChildProtectionPlan>> {
    return runMutation(ctx, async (em) => {
      const p = await loadForUpdate(em, ctx, ChildProtectionPlan, idOrNil(input.id, 'ChildProtectionPlan'), input.expectedVersion);
      const errors = new ErrorCollector();
      const end = input.endDate !== undefined ? input.endDate : p.endDate;
      const reason = input.endReason !== undefined ? input.endReason : p.endReason;
      checkPlanEnd(errors, p.startDate, end, reason);
      if (end && input.endDate) {
        const lastVisit = await em.findOne(ChildProtectionVisit, { plan: p.id }, { orderBy: { visitDate: 'desc' } });
        if (lastVisit) notBefore(errors, 'endDate', lastVisit.visitDate, end, `A visit was recorded on ${lastVisit.visitDate}; the plan cannot end before it.`);
        const lastCoreGroup = await em.findOne(CoreGroupMeeting, { plan: p.id }, { orderBy: { meetingDate: 'desc' } });
        if (lastCoreGroup) notBefore(errors, 'endDate', lastCoreGroup.meetingDate, end, `A core group met on ${lastCoreGroup.meetingDate}; the plan cannot end before it.`);
        await checkNoOverlap(em, errors, p.child.id, p.startDate, end, p.id);
      }
      errors.throwIfAny();
      p.endDate = end ?? null;
      p.endReason = reason ?? null;
      if (input.category) p.category = input.category;
      return { record: p };
    });
  }

  @Mutation(() => VisitPayload, { description: 'Records a statutory child protection visit (local authority only).' })
  recordChildProtectionVisit(@Arg('input', { description: 'The visit.' }) input: RecordVisitInput, @Ctx() ctx: HubContext): Promise<MutationResult<ChildProtectionVisit>> {
    return runMutation(ctx, async (em) => {
      assertLocalAuthority(ctx, 'child protection visits');
      const errors = new ErrorCollector();
      const plan = await findReferenced(em, errors, ChildProtectionPlan, input.planId, 'planId');
      if (plan) withinPlan(errors, 'visitDate', plan, input.visitDate, 'The visit');
      if (input.seenAlone && !input.seen) errors.add('seenAlone', UserErrorCode.INVALID_STATE, 'A child seen alone was seen.');
      errors.throwIfAny();
      const { sourceSystem, sourceRecordId, planId: _p, ...data } = input;
      return createOwned(em, ctx, ChildProtectionVisit, { ...data, bedroomSeen: data.bedroomSeen ?? null, plan: plan!.id, child: plan!.child.id }, { sourceSystem, sourceRecordId });
    });
  }

  @Mutation(() => CoreGroupPayload, { description: 'Records a core group meeting of a child protection plan (local authority only).' })
  recordCoreGroupMeeting(@Arg('input', { description: 'The meeting.' }) input: RecordCoreGroupInput, @Ctx() ctx: HubContext): Promise<MutationResult<CoreGroupMeeting>> {
    return runMutation(ctx, async (em) => {
      assertLocalAuthority(ctx, 'core group meetings');
      const errors = new ErrorCollector();
      const plan = await findReferenced(em, errors, ChildProtectionPlan, input.planId, 'planId');
      if (plan) withinPlan(errors, 'meetingDate', plan, input.meetingDate, 'The core group meeting');
      errors.throwIfAny();
      return createOwned(em, ctx, CoreGroupMeeting, { plan: plan!.id, meetingDate: input.meetingDate }, { sourceSystem: input.sourceSystem, sourceRecordId: input.sourceRecordId });
    });
  }
}

@Resolver(() => ChildProtectionVisit)
export class ChildProtectionVisitResolver {
  @BelongsTo(Classification.SUMMARY, () => ChildProtectionPlan, { via: 'plan', description: 'The plan the visit was made under.' })
  plan!: ChildProtectionPlan;
}

@Resolver(() => CoreGroupMeeting)
export class CoreGroupMeetingResolver {
  @BelongsTo(Classification.SUMMARY, () => ChildProtectionPlan, { via: 'plan', description: 'The plan.' })
  plan!: ChildProtectionPlan;
}
