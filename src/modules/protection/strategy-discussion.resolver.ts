import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Args, Ctx, FieldResolver, ID, InputType, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { GraphQLDateTime, GraphQLLocalDate } from 'graphql-scalars';
import { Classification } from '../../access/classification';
import { BelongsTo, HasMany } from '../../reads/relations';
import { assertOwnedByCaller, createOwned, loadForUpdate, MutationPayload, runMutation, takeTurns, type MutationResult } from '../../db/records';
import type { HubContext } from '../../server/context';
import { Connection, PageArgs, paginate, SortDirection } from '../../server/graphql/connection';
import { forbidden } from '../../server/graphql/errors';
import { ErrorCollector, UserErrorCode } from '../../server/graphql/user-errors';
import { Agency, AgencyKind } from '../agencies/agency.entity';
import { Referral } from '../frontdoor/referral.entity';
import { Child } from '../people/child.entity';
import { ChildProtectionConference, Section47Enquiry } from './child-protection.entity';
import { evaluate } from '../../timescales/evaluate';
import { TimescaleRuleCode } from '../../timescales/rules';
import { Timescale } from '../../timescales/timescale.type';
import { ParticipantStatus, StrategyDiscussionDecision, StrategyDiscussionFormat, StrategyDiscussionStage } from './codes';
import { dayOf, notBefore, notBeforeBirth } from './dates';
import { effectiveParticipation, effectiveStatus, effectiveStatusSql, isMultiAgency, isMultiAgencySql, kindAttended, type ParticipationFact } from './multi-agency';
import { InSql } from '../../reads/sql-fields';
import { AgencyContribution, StrategyDiscussion, StrategyDiscussionAction, StrategyDiscussionParticipant, StrategyDiscussionResponse } from './strategy-discussion.entity';
import { assertVersion, Classified, findReferenced, orderOf, ownedBy, idOrNil, uuidOf } from './support';
import { FilterField, filters, InputField, match, ORDER_BY_VALUE, readsNothing, registerOrderEnum } from '../../access/input-declarations';
import { filterWhere } from '../../reads/filters';

const StrategyDiscussionConnection = Connection(StrategyDiscussion);
const StrategyDiscussionPayload = MutationPayload(StrategyDiscussion, 'StrategyDiscussionMutation');
const ParticipantPayload = MutationPayload(StrategyDiscussionParticipant, 'StrategyDiscussionParticipantMutation');

export enum StrategyDiscussionOrderField {
  HELD_AT = 'heldAt',
  CREATED_AT = 'createdAt',
}
registerOrderEnum(StrategyDiscussionOrderField, {
  name: 'StrategyDiscussionOrderField',
  description: 'What to sort strategy discussions by.',
  on: () => StrategyDiscussion,
  valuesConfig: { HELD_AT: { description: 'When the discussion was held.', field: 'heldAt' }, CREATED_AT: { description: 'When the hub stored it.', field: 'createdAt' } },
});

@InputType({ description: 'Filters for strategy discussions; all given conditions must hold.' })
class StrategyDiscussionFilter {
  @FilterField(filters(() => StrategyDiscussion, match.id('child', 'Child')), () => ID, { nullable: true, description: 'Only discussions about this child (global id).' })
  childId?: string;
  @FilterField(filters(() => StrategyDiscussion, match.gte('heldAt')), () => GraphQLDateTime, { nullable: true, description: 'Held at or after this instant.' })
  heldFrom?: Date;
  @FilterField(filters(() => StrategyDiscussion, match.lt('heldAt')), () => GraphQLDateTime, { nullable: true, description: 'Held before this instant.' })
  heldBefore?: Date;
  @FilterField(filters(() => StrategyDiscussion, match.in('decision')), () => [StrategyDiscussionDecision], { nullable: true, description: 'Only these decisions.' })
  decision?: StrategyDiscussionDecision[];
  @FilterField(filters(() => StrategyDiscussion, match.in('format')), () => [StrategyDiscussionFormat], { nullable: true, description: 'Only these formats.' })
  format?: StrategyDiscussionFormat[];
  @FilterField(filters(() => StrategyDiscussion, match.in('stage')), () => [StrategyDiscussionStage], { nullable: true, description: 'Only discussions at these stages (CONVENED: invitations out, not yet held).' })
  stage?: StrategyDiscussionStage[];
}

@InputType({ description: 'Ordering of strategy discussions.' })
class StrategyDiscussionOrder {
  @FilterField(ORDER_BY_VALUE, () => StrategyDiscussionOrderField, { description: 'Field to sort by.' })
  field!: StrategyDiscussionOrderField;
  @FilterField(readsNothing('sort direction'), () => SortDirection, { nullable: true, description: 'Direction (default DESC, most recent first).' })
  direction?: SortDirection;
}

@InputType({ description: 'An agency taking part in (or left out of) a strategy discussion.' })
class ParticipantInput {
  @InputField(Classification.SOCIAL_CARE, () => ID, { description: 'The agency (its `recordId`).' })
  agencyId!: string;
  @InputField(Classification.SOCIAL_CARE, { description: 'Role in which the agency takes part, e.g. "Health visitor".' })
  role!: string;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Name of the practitioner representing the agency.' })
  practitionerName?: string;
  @InputField(Classification.SOCIAL_CARE, () => ParticipantStatus, { description: 'Invited, attended, declined or not invited.' })
  status!: ParticipantStatus;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Why the agency declined or was not invited (required for DECLINED and NOT_INVITED).' })
  statusReason?: string;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLDateTime, { nullable: true, description: 'When the agency was invited (not for NOT_INVITED; not after the discussion).' })
  invitedAt?: Date;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLDateTime, { nullable: true, description: 'By when the invited agency is asked to respond (INVITED only; after the invitation, not after the discussion). The agency gets a task due then.' })
  respondBy?: Date;
}

@InputType({ description: 'An action agreed at a strategy discussion: which agency does what, by when.' })
export class AgreedActionInput {
  @InputField(Classification.SOCIAL_CARE, () => ID, { description: 'The agency that is to do it (its `recordId`).' })
  agencyId!: string;
  @InputField(Classification.SOCIAL_CARE, { description: 'What the agency is to do (read by every agency working with the child: no case detail).' })
  description!: string;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { description: 'The last day it is in time (not before the day the discussion was held).' })
  dueBy!: string;
}

@InputType({ description: 'A strategy discussion your agency convened.' })
class CreateStrategyDiscussionInput {
  @InputField(Classification.SOCIAL_CARE, () => ID, { description: 'The child (global id).' })
  childId!: string;
  @InputField(Classification.SOCIAL_CARE, () => ID, { nullable: true, description: 'The referral it arose from (global id).' })
  referralId?: string;
  @InputField(Classification.SOCIAL_CARE, { description: 'Why the discussion was convened.' })
  concernSummary!: string;
  @InputField(Classification.SOCIAL_CARE, { description: 'Name of the convening practitioner.' })
  convenedByName!: string;
  @InputField(Classification.SOCIAL_CARE, { description: 'Role of the convening practitioner.' })
  convenedByRole!: string;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLDateTime, { description: 'When the discussion was held.' })
  heldAt!: Date;
  @InputField(Classification.SOCIAL_CARE, () => StrategyDiscussionFormat, { description: 'Meeting, call or video.' })
  format!: StrategyDiscussionFormat;
  @InputField(Classification.SOCIAL_CARE, () => StrategyDiscussionDecision, { description: 'What was decided.' })
  decision!: StrategyDiscussionDecision;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Why that decision was made.' })
  decisionRationale?: string;
  @InputField(Classification.SOCIAL_CARE, () => [ParticipantInput], { nullable: true, description: 'Agencies invited, attending, declining or not invited.' })
  participants?: ParticipantInput[];
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Why no health agency was invited: required when no HEALTH agency is on the participant list.' })
  healthNotInvitedReason?: string;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Why no school or other education setting was invited: required when no EDUCATION agency is on the participant list.' })
  educationNotInvitedReason?: string;
  @InputField(Classification.SOCIAL_CARE, () => [AgreedActionInput], { nullable: true, description: 'Actions agreed, each assigned to an agency with a due date (each becomes a task in that agency\'s worklist).' })
  actions?: AgreedActionInput[];
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Partner system the record comes from.' })
  sourceSystem?: string;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Id of the record in that system; a retried create with the same pair returns the existing record.' })
  sourceRecordId?: string;
}

@InputType({ description: 'Changes to a strategy discussion your agency convened.' })
class UpdateStrategyDiscussionInput {
  @InputField(Classification.SOCIAL_CARE, () => ID, { description: 'Global id of the discussion.' })
  id!: string;
  @InputField(Classification.SOCIAL_CARE, () => Int, { description: 'The version you read; a stale version is refused with CONFLICT.' })
  expectedVersion!: number;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Why the discussion was convened.' })
  concernSummary?: string;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLDateTime, { nullable: true, description: 'When the discussion was held (not after the start of an s47 enquiry it initiated).' })
  heldAt?: Date;
  @InputField(Classification.SOCIAL_CARE, () => StrategyDiscussionFormat, { nullable: true, description: 'Meeting, call or video.' })
  format?: StrategyDiscussionFormat;
  @InputField(Classification.SOCIAL_CARE, () => StrategyDiscussionDecision, { nullable: true, description: 'What was decided.' })
  decision?: StrategyDiscussionDecision;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Why that decision was made.' })
  decisionRationale?: string;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Why no health agency was invited.' })
  healthNotInvitedReason?: string;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Why no school or other education setting was invited.' })
  educationNotInvitedReason?: string;
}

@InputType({ description: 'Adds an agency to a strategy discussion your agency convened.' })
class AddParticipantInput extends ParticipantInput {
  @InputField(Classification.SOCIAL_CARE, () => ID, { description: 'Global id of the discussion.' })
  discussionId!: string;
}

@InputType({ description: 'Changes to a participant row, by the convening agency.' })
class UpdateParticipantInput {
  @InputField(Classification.SOCIAL_CARE, () => ID, { description: 'Global id of the participant row.' })
  id!: string;
  @InputField(Classification.SOCIAL_CARE, () => Int, { description: 'The version you read; a stale version is refused with CONFLICT.' })
  expectedVersion!: number;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Role in which the agency takes part.' })
  role?: string;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Name of the representing practitioner.' })
  practitionerName?: string;
  @InputField(Classification.SOCIAL_CARE, () => ParticipantStatus, { nullable: true, description: 'New status; refused once the participant agency has recorded its own response.' })
  status?: ParticipantStatus;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Why the agency declined or was not invited.' })
  statusReason?: string;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLDateTime, { nullable: true, description: 'When the agency was invited.' })
  invitedAt?: Date;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLDateTime, { nullable: true, description: 'By when the invited agency is asked to respond.' })
  respondBy?: Date;
}

@InputType({ description: "An invited agency's own account of its participation." })
class RespondToStrategyDiscussionInput {
  @InputField(Classification.SUMMARY, () => ID, { description: 'Global id of the participant row naming your agency.' })
  participantId!: string;
  @InputField(Classification.SUMMARY, () => Int, { nullable: true, description: "When your agency already responded: the participant's `responseVersion` you read (stale: CONFLICT)." })
  expectedVersion?: number;
  @InputField(Classification.SUMMARY, () => ParticipantStatus, { description: 'Before the discussion is held: ACCEPTED, DECLINED or WRITTEN_CONTRIBUTION (add your contribution first). Once held: ATTENDED, DECLINED or WRITTEN_CONTRIBUTION.' })
  status!: ParticipantStatus;
  @InputField(Classification.SUMMARY, () => String, { nullable: true, description: 'Why your agency declined (required for DECLINED).' })
  statusReason?: string;
  @InputField(Classification.SUMMARY, () => String, { nullable: true, description: 'Name of your practitioner.' })
  practitionerName?: string;
  @InputField(Classification.SUMMARY, () => String, { nullable: true, description: 'Role of your practitioner.' })
  role?: string;
}

/** Statuses that say what happened at the discussion, so only a held one can have them. */
const ATTENDANCE_STATUSES: readonly ParticipantStatus[] = [ParticipantStatus.ATTENDED, ParticipantStatus.DID_NOT_ATTEND];

/** The status rules of a participant row (shared by every way of writing one). */
export function checkParticipant(
  errors: ErrorCollector,
  prefix: string,
  p: { status: ParticipantStatus; statusReason?: string | null; invitedAt?: Date | null; respondBy?: Date | null },
  d: { heldAt: Date; stage: StrategyDiscussionStage },
): void {
  const f = (name: string) => (prefix ? `${prefix}.${name}` : name);
  const needsReason = p.status === ParticipantStatus.DECLINED || p.status === ParticipantStatus.NOT_INVITED;
  if (needsReason && !p.statusReason?.trim()) errors.add(f('statusReason'), UserErrorCode.REQUIRED, `Say why the agency ${p.status === ParticipantStatus.DECLINED ? 'declined' : 'was not invited'}.`);
  if (p.status === ParticipantStatus.NOT_INVITED && p.invitedAt) errors.add(f('invitedAt'), UserErrorCode.INVALID_STATE, 'An agency that was not invited has no invitation time.');
  if (p.invitedAt && p.invitedAt.getTime() > d.heldAt.getTime()) errors.add(f('invitedAt'), UserErrorCode.DATE_ORDER, `The invitation cannot be after the discussion ${d.stage === StrategyDiscussionStage.HELD ? 'was held' : 'is planned'}.`);
  if (d.stage === StrategyDiscussionStage.CONVENED && ATTENDANCE_STATUSES.includes(p.status)) errors.add(f('status'), UserErrorCode.INVALID_STATE, 'The discussion has not been held yet: attendance is recorded when it is held.');
  if (p.respondBy) {
    if (p.status !== ParticipantStatus.INVITED) errors.add(f('respondBy'), UserErrorCode.INVALID_STATE, 'Only an agency still INVITED is asked to respond.');
    if (!p.invitedAt) errors.add(f('invitedAt'), UserErrorCode.REQUIRED, 'Say when the agency was invited: its response is due after that.');
    else if (p.respondBy.getTime() <= p.invitedAt.getTime()) errors.add(f('respondBy'), UserErrorCode.DATE_ORDER, 'The response is due after the invitation.');
    if (p.respondBy.getTime() > d.heldAt.getTime()) errors.add(f('respondBy'), UserErrorCode.DATE_ORDER, 'The response is due by the time of the discussion, not after it.');
  }
}

/**
 * Working Together expects health and education at strategy discussions where relevant, and inspections
 * found discussions held as calls between the authority and the police alone: a discussion that has no
 * HEALTH (or no EDUCATION) agency on its list, in any status, must say why (issue 13).
 */
export function checkPartnersConsidered(errors: ErrorCollector, kinds: readonly AgencyKind[], reasons: { healthNotInvitedReason?: string | null; educationNotInvitedReason?: string | null }): void {
  if (!kinds.includes(AgencyKind.HEALTH) && !reasons.healthNotInvitedReason?.trim()) errors.add('healthNotInvitedReason', UserErrorCode.REQUIRED, 'No health agency is on the list: invite one, or say why not.');
  if (!kinds.includes(AgencyKind.EDUCATION) && !reasons.educationNotInvitedReason?.trim()) errors.add('educationNotInvitedReason', UserErrorCode.REQUIRED, 'No school or education setting is on the list: invite one, or say why not.');
}

/** Checks agreed actions and loads their agencies (NOT_FOUND, REQUIRED, DATE_ORDER as field errors). */
export async function checkActions(em: EntityManager, errors: ErrorCollector, actions: readonly AgreedActionInput[], heldOn: string): Promise<Map<string, Agency>> {
  const agencies = await agenciesFor(em, errors, actions, (i) => `actions.${i}`);
  actions.forEach((a, i) => {
    if (!a.description.trim()) errors.add(`actions.${i}.description`, UserErrorCode.REQUIRED, 'Say what the agency is to do.');
    if (a.dueBy < heldOn) errors.add(`actions.${i}.dueBy`, UserErrorCode.DATE_ORDER, `An action agreed on ${heldOn} cannot be due before then.`);
  });
  return agencies;
}

/** Writes the agreed actions of a discussion (the task each raises comes from the workflow rules). */
export function createActions(em: EntityManager, ctx: HubContext, discussion: StrategyDiscussion, actions: readonly AgreedActionInput[], agencies: Map<string, Agency>): void {
  for (const a of actions) {
    em.create(StrategyDiscussionAction, { ...ownedBy(ctx), discussion, assignedAgency: agencies.get(uuidOf(a.agencyId, 'Agency')!)!, description: a.description.trim(), dueBy: a.dueBy } as never);
  }
}

/** Loads the agencies named by participant inputs; NOT_FOUND for unknown ids. */
export async function agenciesFor(em: EntityManager, errors: ErrorCollector, inputs: readonly { agencyId: string }[], prefix: (i: number) => string): Promise<Map<string, Agency>> {
  const ids = inputs.map((p) => p.agencyId).filter((id) => uuidOf(id, 'Agency'));
  const found = ids.length ? await em.find(Agency, { id: { $in: ids.map((id) => uuidOf(id, 'Agency')!) } }) : [];
  const byId = new Map(found.map((a) => [a.id, a]));
  inputs.forEach((p, i) => {
    if (!byId.has(uuidOf(p.agencyId, 'Agency') ?? '')) errors.add(prefix(i) ? `${prefix(i)}.agencyId` : 'agencyId', UserErrorCode.NOT_FOUND, 'No agency with that id.');
  });
  return byId;
}

/** What an invited agency may say for itself, before and after the discussion is held. */
const OWN_RESPONSES: Record<StrategyDiscussionStage, readonly ParticipantStatus[]> = {
  [StrategyDiscussionStage.CONVENED]: [ParticipantStatus.ACCEPTED, ParticipantStatus.DECLINED, ParticipantStatus.WRITTEN_CONTRIBUTION],
  [StrategyDiscussionStage.HELD]: [ParticipantStatus.ATTENDED, ParticipantStatus.DECLINED, ParticipantStatus.WRITTEN_CONTRIBUTION],
};

@Resolver(() => StrategyDiscussion)
export class StrategyDiscussionResolver {
  @Query(() => StrategyDiscussionConnection, { description: 'Strategy discussions visible to you, most recently held first unless ordered otherwise.' })
  strategyDiscussions(
    @Args() page: PageArgs,
    @Arg('filter', () => StrategyDiscussionFilter, { nullable: true, description: 'Which discussions to list.' }) filter: StrategyDiscussionFilter | undefined,
    @Arg('orderBy', () => StrategyDiscussionOrder, { nullable: true, description: 'Ordering (default: heldAt DESC).' }) orderBy: StrategyDiscussionOrder | undefined,
    @Ctx() ctx: HubContext,
  ) {
    const where = filterWhere<StrategyDiscussion>(StrategyDiscussionFilter, filter);
    return paginate(ctx, StrategyDiscussion, where, page, orderOf(orderBy?.field ?? StrategyDiscussionOrderField.HELD_AT, orderBy?.direction));
  }

  @BelongsTo(Classification.SUMMARY, () => Child, { via: 'child', description: 'The child discussed.' })
  child!: Child;

  @BelongsTo(Classification.SUMMARY, () => Referral, { via: 'referral', nullable: true, description: 'The referral the discussion arose from.' })
  referral!: Referral | null;

  @BelongsTo(Classification.SUMMARY, () => Agency, { via: 'owningAgency', description: 'The convening agency (owner of the record).' })
  convenedBy!: Agency;

  @HasMany(Classification.SUMMARY, () => StrategyDiscussionParticipant, { via: 'discussion', orderBy: { agencyKind: 'asc', createdAt: 'asc' }, description: 'Agencies invited to, attending, declining or left out of the discussion.' })
  participants!: StrategyDiscussionParticipant[];

  @HasMany(Classification.SUMMARY, () => AgencyContribution, { via: 'discussion', orderBy: { createdAt: 'asc' }, description: 'What each agency contributed, each owned by its contributor.' })
  contributions!: AgencyContribution[];

  @HasMany(Classification.SUMMARY, () => StrategyDiscussionAction, { via: 'discussion', orderBy: { dueBy: 'asc', createdAt: 'asc' }, description: 'Actions agreed when the discussion was held, each assigned to an agency with a due date.' })
  actions!: StrategyDiscussionAction[];

  @HasMany(Classification.SUMMARY, () => Section47Enquiry, { via: 'strategyDiscussion', orderBy: { startDate: 'asc' }, description: 'Section 47 enquiries this discussion initiated.' })
  section47Enquiries!: Section47Enquiry[];

  @FieldResolver(() => Boolean, { description: 'Attended by at least one agency other than the local authority and the police (the partnership scorecard definition).' })
  @Classified(Classification.SUMMARY)
  @InSql((d) => isMultiAgencySql(`${d}.id`))
  async isMultiAgency(@Root() d: StrategyDiscussion, @Ctx() ctx: HubContext) {
    return isMultiAgency(await participationOf(ctx, d.id));
  }

  @FieldResolver(() => Timescale, { nullable: true, description: 'For a discussion that initiated a section 47 enquiry: the initial child protection conference is due within 15 working days of it (met by the first ICPC of its enquiries).' })
  @Classified(Classification.SUMMARY)
  async icpcTimescale(@Root() d: StrategyDiscussion, @Ctx() ctx: HubContext) {
    if (d.decision !== StrategyDiscussionDecision.S47_ENQUIRY) return null;
    const s47s = await ctx.loaders.byParent(Section47Enquiry, 'strategyDiscussion').load(d.id);
    const conferences = (await Promise.all(s47s.map((s) => ctx.loaders.byParent(ChildProtectionConference, 'section47Enquiry').load(s.id)))).flat();
    const first = conferences.map((c) => c.conferenceDate).sort()[0] ?? null;
    return Timescale.from(evaluate(TimescaleRuleCode.ICPC, { from: d.heldAt, completedAt: first, asOf: new Date() }));
  }

  @FieldResolver(() => Boolean, { description: 'A health agency attended.' })
  @Classified(Classification.SUMMARY)
  async healthAttended(@Root() d: StrategyDiscussion, @Ctx() ctx: HubContext) {
    return kindAttended(await participationOf(ctx, d.id), AgencyKind.HEALTH);
  }

  @FieldResolver(() => Boolean, { description: 'A school or education setting attended.' })
  @Classified(Classification.SUMMARY)
  async educationAttended(@Root() d: StrategyDiscussion, @Ctx() ctx: HubContext) {
    return kindAttended(await participationOf(ctx, d.id), AgencyKind.EDUCATION);
  }

  @Mutation(() => StrategyDiscussionPayload, { description: 'Records a strategy discussion your agency convened, with its participants.' })
  createStrategyDiscussion(@Arg('input', { description: 'The discussion.' }) input: CreateStrategyDiscussionInput, @Ctx() ctx: HubContext): Promise<MutationResult<StrategyDiscussion>> {
    return runMutation(ctx, async (em) => {
      if (ctx.principal.agencyKind === AgencyKind.PARTNERSHIP) throw forbidden('The partnership does not convene strategy discussions.');
      const errors = new ErrorCollector();
      const child = await findReferenced(em, errors, Child, input.childId, 'childId');
      const referral = await findReferenced(em, errors, Referral, input.referralId, 'referralId');
      if (child && referral && referral.child.id !== child.id) errors.add('referralId', UserErrorCode.INVALID_STATE, 'The referral is about another child.');
      if (child) notBeforeBirth(errors, 'heldAt', child, dayOf(input.heldAt), 'The discussion');
      const participants = input.participants ?? [];
      const agencies = await agenciesFor(em, errors, participants, (i) => `participants.${i}`);
      const held = { heldAt: input.heldAt, stage: StrategyDiscussionStage.HELD };
      participants.forEach((p, i) => checkParticipant(errors, `participants.${i}`, p, held));
      checkPartnersConsidered(errors, [...agencies.values()].map((a) => a.kind), input);
      const actions = input.actions ?? [];
      const actionAgencies = await checkActions(em, errors, actions, dayOf(input.heldAt));
      errors.throwIfAny();
      const { sourceSystem, sourceRecordId, participants: _p, childId: _c, referralId: _r, actions: _a, ...data } = input;
      const out = await createOwned(em, ctx, StrategyDiscussion, { ...data, stage: StrategyDiscussionStage.HELD, child: child!.id, referral: referral?.id ?? null }, { sourceSystem, sourceRecordId });
      if (out.created) {
        createActions(em, ctx, out.record, actions, actionAgencies);
        for (const p of participants) {
          const agency = agencies.get(uuidOf(p.agencyId, 'Agency')!)!;
          em.create(StrategyDiscussionParticipant, {
            ...ownedBy(ctx),
            discussion: out.record,
            agency,
            agencyKind: agency.kind,
            role: p.role,
            practitionerName: p.practitionerName ?? null,
            status: p.status,
            statusReason: p.statusReason ?? null,
            invitedAt: p.invitedAt ?? null,
            respondBy: p.respondBy ?? null,
          } as never);
        }
      }
      return out;
    });
  }

  @Mutation(() => StrategyDiscussionPayload, { description: 'Changes a strategy discussion your agency convened.' })
  updateStrategyDiscussion(@Arg('input', { description: 'The changes.' }) input: UpdateStrategyDiscussionInput, @Ctx() ctx: HubContext): Promise<MutationResult<StrategyDiscussion>> {
    return runMutation(ctx, async (em) => {
      const d = await loadForUpdate(em, ctx, StrategyDiscussion, idOrNil(input.id, 'StrategyDiscussion'), input.expectedVersion);
      const errors = new ErrorCollector();
      if (input.heldAt) {
        const s47s = await em.find(Section47Enquiry, { strategyDiscussion: d.id });
        for (const s of s47s) notBefore(errors, 'heldAt', input.heldAt, s.startDate, `A section 47 enquiry this discussion initiated started on ${s.startDate}; the discussion cannot be held after that.`);
        const participants = await em.find(StrategyDiscussionParticipant, { discussion: d.id });
        if (participants.some((p) => p.invitedAt && p.invitedAt.getTime() > input.heldAt!.getTime())) errors.add('heldAt', UserErrorCode.DATE_ORDER, 'An agency was invited after that time.');
      if (participants.some((p) => p.respondBy && p.respondBy.getTime() > input.heldAt!.getTime())) errors.add('heldAt', UserErrorCode.DATE_ORDER, 'An agency was asked to respond after that time.');
        const child = await em.findOneOrFail(Child, { id: d.child.id });
        notBeforeBirth(errors, 'heldAt', child, dayOf(input.heldAt), 'The discussion');
      }
      if (d.stage === StrategyDiscussionStage.CONVENED && (input.decision || input.decisionRationale !== undefined)) {
        errors.add('decision', UserErrorCode.INVALID_STATE, 'The discussion has not been held: record it as held (recordStrategyDiscussionHeld), with its decision.');
      }
      if (input.healthNotInvitedReason !== undefined || input.educationNotInvitedReason !== undefined) {
        const kinds = (await em.find(StrategyDiscussionParticipant, { discussion: d.id })).map((p) => p.agencyKind);
        checkPartnersConsidered(errors, kinds, {
          healthNotInvitedReason: input.healthNotInvitedReason !== undefined ? input.healthNotInvitedReason : d.healthNotInvitedReason,
          educationNotInvitedReason: input.educationNotInvitedReason !== undefined ? input.educationNotInvitedReason : d.educationNotInvitedReason,
        });
      }
      if (input.decision && input.decision !== StrategyDiscussionDecision.S47_ENQUIRY && (await em.count(Section47Enquiry, { strategyDiscussion: d.id })) > 0) {
        errors.add('decision', UserErrorCode.INVALID_STATE, 'This discussion initiated a section 47 enquiry; withdraw the enquiry before changing the decision.');
      }
      errors.throwIfAny();
      if (input.concernSummary !== undefined && input.concernSummary !== null) d.concernSummary = input.concernSummary;
      if (input.heldAt) d.heldAt = input.heldAt;
      if (input.format) d.format = input.format;
      if (input.decision) d.decision = input.decision;
      if (input.decisionRationale !== undefined) d.decisionRationale = input.decisionRationale;
      if (input.healthNotInvitedReason !== undefined) d.healthNotInvitedReason = input.healthNotInvitedReason;
      if (input.educationNotInvitedReason !== undefined) d.educationNotInvitedReason = input.educationNotInvitedReason;
      return { record: d };
    });
  }

  @Mutation(() => ParticipantPayload, { description: 'Adds an agency to a strategy discussion your agency convened.' })
  addStrategyDiscussionParticipant(@Arg('input', { description: 'The participant.' }) input: AddParticipantInput, @Ctx() ctx: HubContext): Promise<MutationResult<StrategyDiscussionParticipant>> {
    return runMutation(ctx, async (em) => {
      const errors = new ErrorCollector();
      const d = await findReferenced(em, errors, StrategyDiscussion, input.discussionId, 'discussionId');
      errors.throwIfAny();
      assertOwnedByCaller(ctx, d!);
      const agencies = await agenciesFor(em, errors, [input], () => '');
      checkParticipant(errors, '', input, d!);
      errors.throwIfAny();
      const agency = agencies.get(uuidOf(input.agencyId, 'Agency')!)!;
      const row = em.create(StrategyDiscussionParticipant, {
        ...ownedBy(ctx),
        discussion: d!,
        agency,
        agencyKind: agency.kind,
        role: input.role,
        practitionerName: input.practitionerName ?? null,
        status: input.status,
        statusReason: input.statusReason ?? null,
        invitedAt: input.invitedAt ?? null,
        respondBy: input.respondBy ?? null,
      } as never) as StrategyDiscussionParticipant;
      return { record: row, created: true };
    });
  }

  @Mutation(() => ParticipantPayload, {
    description: 'Changes a participant row of a discussion your agency convened. The status an invited agency recorded itself cannot be overwritten.',
  })
  updateStrategyDiscussionParticipant(@Arg('input', { description: 'The changes.' }) input: UpdateParticipantInput, @Ctx() ctx: HubContext): Promise<MutationResult<StrategyDiscussionParticipant>> {
    return runMutation(ctx, async (em) => {
      const p = await loadForUpdate(em, ctx, StrategyDiscussionParticipant, idOrNil(input.id, 'StrategyDiscussionParticipant'), input.expectedVersion);
      const d = await em.findOneOrFail(StrategyDiscussion, { id: p.discussion.id });
      const errors = new ErrorCollector();
      const response = await em.findOne(StrategyDiscussionResponse, { participant: p.id });
      const changesStatus = (input.status && input.status !== p.status) || (input.statusReason !== undefined && input.statusReason !== p.statusReason);
      // An ACCEPTED response is a promise: the convener still records whether the agency came.
      const attendanceOverAcceptance = response?.status === ParticipantStatus.ACCEPTED && !!input.status && ATTENDANCE_STATUSES.includes(input.status);
      if (response && changesStatus && !attendanceOverAcceptance) errors.add('status', UserErrorCode.INVALID_STATE, 'The agency recorded its own response; only that agency may change it.');
      const next = {
        status: input.status ?? p.status,
        statusReason: input.statusReason !== undefined ? input.statusReason : p.statusReason,
        invitedAt: input.invitedAt !== undefined ? input.invitedAt : p.invitedAt,
        respondBy: input.respondBy !== undefined ? input.respondBy : (input.status && input.status !== ParticipantStatus.INVITED ? null : p.respondBy),
      };
      checkParticipant(errors, '', next, d);
      errors.throwIfAny();
      p.status = next.status;
      p.statusReason = next.statusReason ?? null;
      p.invitedAt = next.invitedAt ?? null;
      p.respondBy = next.respondBy ?? null;
      if (input.role) p.role = input.role;
      if (input.practitionerName !== undefined) p.practitionerName = input.practitionerName;
      return { record: p };
    });
  }

  @Mutation(() => ParticipantPayload, {
    description: "Records your own agency's response to a strategy discussion invitation: before it is held, ACCEPTED, DECLINED with a reason, or WRITTEN_CONTRIBUTION (after adding your contribution); once held, ATTENDED, DECLINED or WRITTEN_CONTRIBUTION. It is saved as your agency's record: the convening agency cannot overwrite it (except to record whether an agency that ACCEPTED came).",
  })
  respondToStrategyDiscussion(@Arg('input', { description: 'Your response.' }) input: RespondToStrategyDiscussionInput, @Ctx() ctx: HubContext): Promise<MutationResult<StrategyDiscussionParticipant>> {
    return runMutation(ctx, async (em) => {
      const errors = new ErrorCollector();
      const p = await findReferenced(em, errors, StrategyDiscussionParticipant, input.participantId, 'participantId');
      errors.throwIfAny();
      if (p!.agency.id !== ctx.agencyId) throw forbidden('This participant row names another agency; only that agency may record its response.');
      // Concurrent responses for one participant take turns, so each sees the response the one before it saved.
      await takeTurns(em, 'respondToStrategyDiscussion', p!.id);
      const existing = await em.findOne(StrategyDiscussionResponse, { participant: p!.id });
      if (existing) {
        if (input.expectedVersion === undefined || input.expectedVersion === null) errors.add('expectedVersion', UserErrorCode.CONFLICT, `Your agency already responded (responseVersion ${existing.version}): read it, then send the responseVersion you read.`);
        else assertVersion(existing, input.expectedVersion, 'StrategyDiscussionResponse');
      }
      const d = await em.findOneOrFail(StrategyDiscussion, { id: p!.discussion.id });
      const allowed = OWN_RESPONSES[d.stage];
      if (!allowed.includes(input.status)) errors.add('status', UserErrorCode.INVALID_STATE, `${d.stage === StrategyDiscussionStage.HELD ? 'Once the discussion is held' : 'Before the discussion is held'}, an agency records its own response as ${allowed.join(', ')}.`);
      if (p!.status === ParticipantStatus.NOT_INVITED) errors.add('status', UserErrorCode.INVALID_STATE, 'Your agency is recorded as not invited; challenge the non-invitation with the convening agency.');
      if (input.status === ParticipantStatus.WRITTEN_CONTRIBUTION && !(await em.count(AgencyContribution, { discussion: d.id, owningAgency: ctx.agencyId, deletedAt: null }))) {
        errors.add('status', UserErrorCode.REQUIRED, 'Add your written contribution (addContribution) first, then respond WRITTEN_CONTRIBUTION.');
      }
      const statusReason = input.status === ParticipantStatus.DECLINED ? (input.statusReason ?? null) : null;
      if (allowed.includes(input.status)) checkParticipant(errors, '', { status: input.status, statusReason, invitedAt: p!.invitedAt }, d);
      errors.throwIfAny();
      const practitionerName = input.practitionerName !== undefined ? input.practitionerName : (existing?.practitionerName ?? null);
      if (existing) {
        Object.assign(existing, { status: input.status, statusReason, practitionerName, updatedBy: ctx.principal.subject });
      } else {
        em.create(StrategyDiscussionResponse, { ...ownedBy(ctx), participant: p!, status: input.status, statusReason, practitionerName } as never);
      }
      return { record: p! };
    });
  }
}

/** Participant rows with the invited agency's own response applied (what the predicate and the fields show). */
async function participationOf(ctx: HubContext, discussionId: string): Promise<ParticipationFact[]> {
  const rows = await ctx.loaders.byParent(StrategyDiscussionParticipant, 'discussion', { agencyKind: 'asc', createdAt: 'asc' }).load(discussionId);
  const responses = await Promise.all(rows.map((p) => responseOf(ctx, p)));
  return rows.map((p, i) => effectiveParticipation(p, responses[i]));
}

/** A column of the participant's own response (the first by id, as `responseOf` loads it), for SQL twins. */
const responseSql = (p: string, col: string) => `(select r.${col} from strategy_discussion_response r where r.participant_id = ${p}.id and r.deleted_at is null order by r.id limit 1)`;

function responseOf(ctx: HubContext, p: StrategyDiscussionParticipant): Promise<StrategyDiscussionResponse | null> {
  return ctx.loaders
    .byParent(StrategyDiscussionResponse, 'participant')
    .load(p.id)
    .then((r) => r[0] ?? null);
}

@Resolver(() => StrategyDiscussionParticipant)
export class StrategyDiscussionParticipantResolver {
  @BelongsTo(Classification.SUMMARY, () => Agency, { via: 'agency', description: 'The participating agency.' })
  agency!: Agency;

  @BelongsTo(Classification.SUMMARY, () => StrategyDiscussion, { via: 'discussion', description: 'The discussion.' })
  discussion!: StrategyDiscussion;

  @FieldResolver(() => ParticipantStatus, { description: "Invited, attended, declined or not invited: the agency's own response when it gave one, else the convening agency's entry." })
  @Classified(Classification.SUMMARY)
  @InSql((p) => effectiveStatusSql(`${p}.status::text`, responseSql(p, 'status::text')))
  async status(@Root() p: StrategyDiscussionParticipant, @Ctx() ctx: HubContext) {
    return effectiveStatus(p.status, (await responseOf(ctx, p))?.status);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Why the agency declined or was not invited (from its own response when it gave one).' })
  @Classified(Classification.SUMMARY)
  @InSql((p) => `case when ${responseSql(p, 'id')} is not null then ${responseSql(p, 'status_reason')} else ${p}.status_reason end`)
  async statusReason(@Root() p: StrategyDiscussionParticipant, @Ctx() ctx: HubContext) {
    const r = await responseOf(ctx, p);
    return r ? (r.statusReason ?? null) : (p.statusReason ?? null);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Name of the practitioner representing the agency.' })
  @Classified(Classification.SUMMARY)
  @InSql((p) => `coalesce(${responseSql(p, 'practitioner_name')}, ${p}.practitioner_name)`)
  async practitionerName(@Root() p: StrategyDiscussionParticipant, @Ctx() ctx: HubContext) {
    return (await responseOf(ctx, p))?.practitionerName ?? p.practitionerName ?? null;
  }

  @FieldResolver(() => ParticipantStatus, { description: "The status as the convening agency recorded it (may differ from `status` when the agency's own response says otherwise)." })
  @Classified(Classification.SUMMARY)
  convenerRecordedStatus(@Root() p: StrategyDiscussionParticipant) {
    return p.status;
  }

  @FieldResolver(() => Boolean, { description: 'True when the participating agency recorded its own response (the convening agency can then no longer change the status).' })
  @Classified(Classification.SUMMARY)
  @InSql((p) => `(${responseSql(p, 'id')} is not null)`)
  async statusRecordedBySelf(@Root() p: StrategyDiscussionParticipant, @Ctx() ctx: HubContext) {
    return !!(await responseOf(ctx, p));
  }

  @FieldResolver(() => Int, { nullable: true, description: "Version of the agency's own response; send it as `expectedVersion` to change that response." })
  @Classified(Classification.SUMMARY)
  @InSql((p) => responseSql(p, 'version'))
  async responseVersion(@Root() p: StrategyDiscussionParticipant, @Ctx() ctx: HubContext) {
    return (await responseOf(ctx, p))?.version ?? null;
  }
}
