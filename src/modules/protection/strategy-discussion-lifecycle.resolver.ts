import { Arg, Ctx, ID, InputType, Int, Mutation, Resolver } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { Classification } from '../../access/classification';
import { InputField } from '../../access/input-declarations';
import { createOwned, loadForUpdate, MutationPayload, runMutation, type MutationResult } from '../../db/records';
import { BelongsTo } from '../../reads/relations';
import type { HubContext } from '../../server/context';
import { forbidden } from '../../server/graphql/errors';
import { ErrorCollector, UserErrorCode } from '../../server/graphql/user-errors';
import { Agency, AgencyKind } from '../agencies/agency.entity';
import { Referral } from '../frontdoor/referral.entity';
import { Child } from '../people/child.entity';
import { ParticipantStatus, StrategyDiscussionDecision, StrategyDiscussionFormat, StrategyDiscussionStage, StrategyDiscussionUrgency } from './codes';
import { dayOf, notBeforeBirth } from './dates';
import { StrategyDiscussion, StrategyDiscussionAction, StrategyDiscussionParticipant, StrategyDiscussionResponse } from './strategy-discussion.entity';
import { AgreedActionInput, agenciesFor, checkActions, checkParticipant, checkPartnersConsidered, createActions } from './strategy-discussion.resolver';
import { findReferenced, idOrNil, ownedBy, uuidOf } from './support';

const StrategyDiscussionLifecyclePayload = MutationPayload(StrategyDiscussion, 'StrategyDiscussionLifecycleMutation');

/** How far ahead of the server clock a practitioner's "held at" may be (clocks of partner systems drift). */
const CLOCK_SKEW_MS = 5 * 60_000;

@InputType({ description: 'An agency invited to a strategy discussion being convened.' })
class InvitationInput {
  @InputField(Classification.SOCIAL_CARE, () => ID, { description: 'The agency (its `recordId`).' })
  agencyId!: string;
  @InputField(Classification.SOCIAL_CARE, { description: 'Role in which it is invited, e.g. "Health visitor", "Designated safeguarding lead".' })
  role!: string;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Name of the practitioner invited, when known.' })
  practitionerName?: string;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLDateTime, { description: 'By when the agency is asked to respond: after now, and not after the planned time.' })
  respondBy!: Date;
}

@InputType({ description: 'A strategy discussion your agency convenes: the concern, how urgent, when, and whom it invites.' })
class ConveneStrategyDiscussionInput {
  @InputField(Classification.SOCIAL_CARE, () => ID, { description: 'The child (global id).' })
  childId!: string;
  @InputField(Classification.SOCIAL_CARE, () => ID, { nullable: true, description: 'The referral it arises from (global id).' })
  referralId?: string;
  @InputField(Classification.SOCIAL_CARE, { description: 'Why the discussion is convened: the concern about significant harm.' })
  concernSummary!: string;
  @InputField(Classification.SOCIAL_CARE, () => StrategyDiscussionUrgency, { description: 'How soon it must be held.' })
  urgency!: StrategyDiscussionUrgency;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLDateTime, { description: 'When it is planned (not in the past).' })
  plannedAt!: Date;
  @InputField(Classification.SOCIAL_CARE, () => StrategyDiscussionFormat, { description: 'Meeting, call or video.' })
  format!: StrategyDiscussionFormat;
  @InputField(Classification.SOCIAL_CARE, { description: 'Name of the convening practitioner.' })
  convenedByName!: string;
  @InputField(Classification.SOCIAL_CARE, { description: 'Role of the convening practitioner.' })
  convenedByRole!: string;
  @InputField(Classification.SOCIAL_CARE, () => [InvitationInput], { description: 'The agencies invited, each with its respond-by time (at least one; each agency once).' })
  invitations!: InvitationInput[];
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Why no health agency is invited: required when none is.' })
  healthNotInvitedReason?: string;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Why no school or education setting is invited: required when none is.' })
  educationNotInvitedReason?: string;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Partner system the record comes from.' })
  sourceSystem?: string;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Id of the record in that system; a retried convening with the same pair returns the existing discussion.' })
  sourceRecordId?: string;
}

@InputType({ description: 'A convened strategy discussion, now held: when, who came, what was decided and who does what.' })
class RecordStrategyDiscussionHeldInput {
  @InputField(Classification.SOCIAL_CARE, () => ID, { description: 'Global id of the convened discussion.' })
  id!: string;
  @InputField(Classification.SOCIAL_CARE, () => Int, { description: 'The version you read; a stale version is refused with CONFLICT.' })
  expectedVersion!: number;
  @InputField(Classification.SOCIAL_CARE, () => GraphQLDateTime, { description: 'When it was held (not in the future, not before an invitation).' })
  heldAt!: Date;
  @InputField(Classification.SOCIAL_CARE, () => StrategyDiscussionFormat, { nullable: true, description: 'How it was held, when not as planned.' })
  format?: StrategyDiscussionFormat;
  @InputField(Classification.SOCIAL_CARE, () => [ID], {
    description:
      'Participant rows (global ids) of the agencies that attended. Every other invited agency is recorded as DID_NOT_ATTEND, unless it declined or sent a written contribution itself.',
  })
  attendedParticipantIds!: string[];
  @InputField(Classification.SOCIAL_CARE, () => StrategyDiscussionDecision, { description: 'What was decided.' })
  decision!: StrategyDiscussionDecision;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Why that decision was made.' })
  decisionRationale?: string;
  @InputField(Classification.SOCIAL_CARE, () => [AgreedActionInput], { nullable: true, description: "Actions agreed, each assigned to an agency with a due date (each becomes a task in that agency's worklist)." })
  actions?: AgreedActionInput[];
}

/** Own responses that say the agency is not coming: the convener's attendance record does not override them. */
const OWN_ABSENCE: readonly ParticipantStatus[] = [ParticipantStatus.DECLINED, ParticipantStatus.WRITTEN_CONTRIBUTION];

/**
 * The strategy discussion lifecycle (issue 13 must-show 1): convene with invitations → agencies respond
 * (respondToStrategyDiscussion) → held, with attendance, decision and agreed actions. The invitations
 * and actions become tasks in the invited or assigned agency's worklist by the workflow rules, in the
 * same transaction. Recording a discussion after the fact (createStrategyDiscussion) stays possible.
 */
@Resolver(() => StrategyDiscussion)
export class StrategyDiscussionLifecycleResolver {
  @Mutation(() => StrategyDiscussionLifecyclePayload, {
    description:
      'Convenes a strategy discussion: records the concern, urgency and planned time, and invites agencies, each asked to respond by a time (each invited agency gets a task). Not inviting a health agency or a school needs a recorded reason.',
  })
  conveneStrategyDiscussion(@Arg('input', { description: 'The discussion and its invitations.' }) input: ConveneStrategyDiscussionInput, @Ctx() ctx: HubContext): Promise<MutationResult<StrategyDiscussion>> {
    return runMutation(ctx, async (em) => {
      if (ctx.principal.agencyKind === AgencyKind.PARTNERSHIP) throw forbidden('The partnership does not convene strategy discussions.');
      const errors = new ErrorCollector();
      const now = new Date();
      const child = await findReferenced(em, errors, Child, input.childId, 'childId');
      const referral = await findReferenced(em, errors, Referral, input.referralId, 'referralId');
      if (child && referral && referral.child.id !== child.id) errors.add('referralId', UserErrorCode.INVALID_STATE, 'The referral is about another child.');
      if (child) notBeforeBirth(errors, 'plannedAt', child, dayOf(input.plannedAt), 'The discussion');
      if (input.plannedAt.getTime() < now.getTime() - CLOCK_SKEW_MS) errors.add('plannedAt', UserErrorCode.DATE_ORDER, 'A discussion is convened for now or later; record one already held with createStrategyDiscussion.');
      if (!input.concernSummary.trim()) errors.add('concernSummary', UserErrorCode.REQUIRED, 'Say why the discussion is convened.');
      if (!input.invitations.length) errors.add('invitations', UserErrorCode.REQUIRED, 'Invite at least one agency.');
      const agencies = await agenciesFor(em, errors, input.invitations, (i) => `invitations.${i}`);
      const seen = new Set<string>();
      const planned = { heldAt: input.plannedAt, stage: StrategyDiscussionStage.CONVENED };
      input.invitations.forEach((inv, i) => {
        const id = uuidOf(inv.agencyId, 'Agency') ?? inv.agencyId;
        if (seen.has(id)) errors.add(`invitations.${i}.agencyId`, UserErrorCode.DUPLICATE, 'That agency is already invited.');
        seen.add(id);
        if (id === ctx.agencyId) errors.add(`invitations.${i}.agencyId`, UserErrorCode.INVALID_STATE, 'Your agency convenes the discussion; invite the others.');
        checkParticipant(errors, `invitations.${i}`, { status: ParticipantStatus.INVITED, invitedAt: now, respondBy: inv.respondBy }, planned);
      });
      checkPartnersConsidered(errors, [...agencies.values()].map((a) => a.kind), input);
      errors.throwIfAny();
      const { sourceSystem, sourceRecordId, invitations, childId: _c, referralId: _r, plannedAt, ...data } = input;
      const out = await createOwned(
        em,
        ctx,
        StrategyDiscussion,
        { ...data, stage: StrategyDiscussionStage.CONVENED, heldAt: plannedAt, convenedAt: now, decision: null, child: child!.id, referral: referral?.id ?? null },
        { sourceSystem, sourceRecordId },
      );
      if (out.created) {
        for (const inv of invitations) {
          const agency = agencies.get(uuidOf(inv.agencyId, 'Agency')!)!;
          em.create(StrategyDiscussionParticipant, {
            ...ownedBy(ctx),
            discussion: out.record,
            agency,
            agencyKind: agency.kind,
            role: inv.role,
            practitionerName: inv.practitionerName ?? null,
            status: ParticipantStatus.INVITED,
            invitedAt: now,
            respondBy: inv.respondBy,
          } as never);
        }
      }
      return out;
    });
  }

  @Mutation(() => StrategyDiscussionLifecyclePayload, {
    description:
      'Records that a convened strategy discussion was held: when, which invited agencies attended (the others are recorded as not attending unless they declined or sent a written contribution), the decision, and the actions agreed (each becomes a task for its agency).',
  })
  recordStrategyDiscussionHeld(@Arg('input', { description: 'What happened.' }) input: RecordStrategyDiscussionHeldInput, @Ctx() ctx: HubContext): Promise<MutationResult<StrategyDiscussion>> {
    return runMutation(ctx, async (em) => {
      const d = await loadForUpdate(em, ctx, StrategyDiscussion, idOrNil(input.id, 'StrategyDiscussion'), input.expectedVersion);
      const errors = new ErrorCollector();
      if (d.stage !== StrategyDiscussionStage.CONVENED) errors.add('id', UserErrorCode.ALREADY_DECIDED, 'This discussion is already recorded as held; change it with updateStrategyDiscussion.').throwIfAny();
      if (input.heldAt.getTime() > Date.now() + CLOCK_SKEW_MS) errors.add('heldAt', UserErrorCode.DATE_IN_FUTURE, 'A discussion is recorded as held once it has happened.');
      const child = await em.findOneOrFail(Child, { id: d.child.id });
      notBeforeBirth(errors, 'heldAt', child, dayOf(input.heldAt), 'The discussion');
      const participants = await em.find(StrategyDiscussionParticipant, { discussion: d.id }, { orderBy: { createdAt: 'asc' } });
      if (participants.some((p) => p.invitedAt && p.invitedAt.getTime() > input.heldAt.getTime())) errors.add('heldAt', UserErrorCode.DATE_ORDER, 'An agency was invited after that time.');
      const byId = new Map(participants.map((p) => [p.id, p]));
      const attended = new Set<string>();
      input.attendedParticipantIds.forEach((gid, i) => {
        const p = byId.get(uuidOf(gid, 'StrategyDiscussionParticipant') ?? '');
        if (!p) errors.add(`attendedParticipantIds.${i}`, UserErrorCode.NOT_FOUND, 'Not a participant row of this discussion.');
        else if (p.status === ParticipantStatus.NOT_INVITED) errors.add(`attendedParticipantIds.${i}`, UserErrorCode.INVALID_STATE, 'That agency is recorded as not invited: add it as a participant first.');
        else if (attended.has(p.id)) errors.add(`attendedParticipantIds.${i}`, UserErrorCode.DUPLICATE, 'Listed twice.');
        else attended.add(p.id);
      });
      const actions = input.actions ?? [];
      const actionAgencies = await checkActions(em, errors, actions, dayOf(input.heldAt));
      errors.throwIfAny();

      const responses = participants.length ? await em.find(StrategyDiscussionResponse, { participant: { $in: participants.map((p) => p.id) } }, { filters: false }) : [];
      const ownResponse = new Map(responses.filter((r) => !r.deletedAt).map((r) => [r.participant.id, r.status]));
      for (const p of participants) {
        if (p.status === ParticipantStatus.NOT_INVITED) continue;
        // An absence the agency explained (by its own response, or by phone as the convener recorded it) stays as it was.
        const explained = OWN_ABSENCE.includes(ownResponse.get(p.id)!) || OWN_ABSENCE.includes(p.status);
        const next = attended.has(p.id) ? ParticipantStatus.ATTENDED : explained ? null : ParticipantStatus.DID_NOT_ATTEND;
        if (next && next !== p.status) Object.assign(p, { status: next, statusReason: null, respondBy: null, updatedBy: ctx.principal.subject });
      }
      Object.assign(d, {
        stage: StrategyDiscussionStage.HELD,
        heldAt: input.heldAt,
        format: input.format ?? d.format,
        decision: input.decision,
        decisionRationale: input.decisionRationale ?? null,
      });
      createActions(em, ctx, d, actions, actionAgencies);
      return { record: d };
    });
  }
}

@Resolver(() => StrategyDiscussionAction)
export class StrategyDiscussionActionResolver {
  @BelongsTo(Classification.SUMMARY, () => StrategyDiscussion, { via: 'discussion', description: 'The discussion that agreed the action.' })
  discussion!: StrategyDiscussion;

  @BelongsTo(Classification.SUMMARY, () => Agency, { via: 'assignedAgency', description: 'The agency that is to do it (its worklist holds the task).' })
  assignedAgency!: Agency;
}
