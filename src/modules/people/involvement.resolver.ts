import { LockMode, type FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Args, ArgsType, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { FilterField, filters, match } from '../../access/input-declarations';
import { filterWhere } from '../../reads/filters';
import type { HubContext } from '../../server/context';
import { forbidden } from '../../server/graphql/errors';
import { ErrorCollector, UserErrorCode, ValidationFailed } from '../../server/graphql/user-errors';
import { Connection, PageArgs, paginate } from '../../server/graphql/connection';
import { MutationPayload, runMutation, type MutationResult } from '../../db/records';
import { DEFAULT_LAWFUL_BASIS } from '../../access/lawful-basis';
import { earliestStart, INVOLVEMENT_BACKDATE_DAYS, INVOLVEMENT_STEPS, mayTake, stepAllowedFrom, type StepName } from '../../access/involvement-policy';
import { Agency, AgencyKind } from '../agencies/agency.entity';
import { Practitioner } from '../agencies/practitioner.entity';
import { Team } from '../agencies/team.entity';
import { Child } from './child.entity';
import { ChildLink } from './child-link.entity';
import { InvolvementDecision, InvolvementStatus } from './codes';
import { Involvement } from './involvement.entity';
import { AllocateInvolvementInput, DecideInvolvementRequestInput, EndInvolvementInput, LinkChildRecordsInput, RequestInvolvementInput, UnlinkChildRecordsInput } from './inputs';
import { todayIso } from './validation';
import { findChildOrFail, flushOrDuplicate, idOf, newOwnedRow } from './write';

const InvolvementPayload = MutationPayload(Involvement, 'InvolvementMutation');
const ChildLinkPayload = MutationPayload(ChildLink, 'ChildLinkMutation');
const InvolvementRequests = Connection(Involvement, 'InvolvementRequest');
const UUID = /^[0-9a-f-]{36}$/i;

@ArgsType()
class InvolvementRequestArgs extends PageArgs {
  @FilterField(filters(() => Involvement, match.eq('status')), () => InvolvementStatus, { nullable: true, description: 'Only requests in this state (REQUESTED: pending; ACCEPTED; DECLINED). Default all three.' })
  status?: InvolvementStatus;
}

/** Refuses a step the policy does not give this caller (src/access/involvement-policy.ts). */
function requireParty(step: StepName, ctx: HubContext, leadAgencyId: string, involvedAgencyId: string, field: string): void {
  if (mayTake(step, { agencyId: ctx.agencyId }, { leadAgencyId, involvedAgencyId })) return;
  const who = INVOLVEMENT_STEPS[step].by.join(' or ').toLowerCase().replace(/_/g, ' ');
  const hint = step === 'allocate' ? ' Ask for it with requestInvolvement: the lead agency decides.' : step === 'request' ? ' Your agency leads for this child: allocate with allocateInvolvement instead.' : '';
  const code = INVOLVEMENT_STEPS[step].by.includes('LEAD_AGENCY') ? UserErrorCode.NOT_LEAD_AGENCY : UserErrorCode.INVALID_STATE;
  throw new ValidationFailed(new ErrorCollector().add(field, code, `Only the ${who} may ${step} this involvement.${hint}`).errors);
}

/** Serialises lifecycle writes for one child and agency until the request commits, so check-then-insert is exact. */
async function lockChildAgency(em: EntityManager, childId: string, agencyId: string): Promise<void> {
  await em.execute(`select pg_advisory_xact_lock(hashtextextended(?, 0))`, [`involvement:${childId}:${agencyId}`]);
}

/** Start date rules: not in the future, not before the child was born, not beyond the backdating window. */
function checkStart(errors: ErrorCollector, child: Child, startedAt: string, today: string): void {
  if (startedAt > today) errors.add('startedAt', UserErrorCode.DATE_IN_FUTURE, 'An involvement cannot start in the future.');
  else if (startedAt < earliestStart(today)) errors.add('startedAt', UserErrorCode.BACKDATED_TOO_FAR, `An involvement may be dated at most ${INVOLVEMENT_BACKDATE_DAYS} days back.`);
  if (child.dateOfBirth && startedAt < child.dateOfBirth) errors.add('startedAt', UserErrorCode.IMPOSSIBLE_DATE, 'The involvement starts before the child was born.');
}

/** The team and practitioner named in an input, which must belong to `agency`. */
async function assignee(em: EntityManager, errors: ErrorCollector, agency: Agency, teamCode: string | null | undefined, practitionerId: string | null | undefined): Promise<{ team: Team | null; practitioner: Practitioner | null }> {
  let team: Team | null = null;
  let practitioner: Practitioner | null = null;
  if (teamCode) {
    team = await em.findOne(Team, { agency, code: teamCode });
    if (!team) errors.add('teamCode', UserErrorCode.NOT_FOUND, `${agency.code} has no team with that code.`);
  }
  if (practitionerId) {
    const id = idOf(practitionerId);
    practitioner = UUID.test(id) ? await em.findOne(Practitioner, { id, agency }) : null;
    if (!practitioner) errors.add('practitionerId', UserErrorCode.NOT_FOUND, `${agency.code} has no practitioner with that id.`);
  }
  return { team: team ?? (practitioner?.team ? (practitioner.team as never) : null), practitioner };
}

/** Loads an involvement for a lifecycle step, locked against concurrent steps; NOT_FOUND when not visible. */
async function loadLocked(em: EntityManager, id: string): Promise<Involvement> {
  const uuid = idOf(id);
  const row = UUID.test(uuid) ? await em.findOne(Involvement, { id: uuid }, { lockMode: LockMode.PESSIMISTIC_WRITE }) : null;
  if (!row) throw new ValidationFailed(new ErrorCollector().add('id', UserErrorCode.NOT_FOUND, 'No involvement with that id is visible to you.').errors);
  return row;
}

/** A new involvement owned by the involved agency (so it sees it, requests included), written by the caller. */
function newInvolvement(em: EntityManager, ctx: HubContext, agency: Agency, data: Partial<Involvement>): Involvement {
  return em.create(Involvement, {
    ...data,
    agency,
    owningAgency: agency,
    lawfulBasis: DEFAULT_LAWFUL_BASIS[agency.kind],
    createdBy: ctx.principal.subject,
    updatedBy: ctx.principal.subject,
  } as never);
}

/**
 * The involvement lifecycle (DESIGN §5; the rules in src/access/involvement-policy.ts): the child's lead
 * agency allocates, a partner requests and the lead agency decides, either party ends. No agency gives
 * itself an involvement.
 */
@Resolver(() => Involvement)
export class InvolvementResolver {
  @Mutation(() => InvolvementPayload, { description: INVOLVEMENT_STEPS.allocate.rule })
  allocateInvolvement(@Arg('input', () => AllocateInvolvementInput, { description: 'What to allocate; see the input type.' }) input: AllocateInvolvementInput, @Ctx() ctx: HubContext): Promise<MutationResult<Involvement>> {
    return runMutation(ctx, async (em) => {
      const errors = new ErrorCollector();
      const child = await findChildOrFail(em, input.childId, ['input', 'childId']);
      const agency = input.agencyCode ? await em.findOne(Agency, { code: input.agencyCode.trim() }) : await em.findOneOrFail(Agency, { id: ctx.agencyId });
      if (!agency) errors.add('agencyCode', UserErrorCode.NOT_FOUND, 'No agency with that code.').throwIfAny();
      requireParty('allocate', ctx, child.owningAgency.id, agency!.id, 'childId');
      // The partnership's own agency (analysts, BI, DPO) never works with a child.
      if (agency!.kind === AgencyKind.PARTNERSHIP) errors.add('agencyCode', UserErrorCode.INVALID_STATE, 'The partnership does not work with individual children; allocate to a practitioner agency.');
      const today = todayIso();
      const startedAt = input.startedAt ?? today;
      checkStart(errors, child, startedAt, today);
      const { team, practitioner } = await assignee(em, errors, agency!, input.teamCode, input.practitionerId);
      errors.throwIfAny();
      await lockChildAgency(em, child.id, agency!.id);
      const clash = await em.findOne(Involvement, {
        child,
        agency: agency!,
        role: input.role,
        practitioner: practitioner ?? null,
        status: { $in: [InvolvementStatus.ALLOCATED, InvolvementStatus.ACCEPTED] },
        $or: [{ endedAt: null }, { endedAt: { $gt: today } }],
      });
      if (clash) errors.add('role', UserErrorCode.DUPLICATE, 'This involvement is already active.').throwIfAny();
      const record = newInvolvement(em, ctx, agency!, {
        child: child as never,
        leadAgency: child.owningAgency,
        status: InvolvementStatus.ALLOCATED,
        decidedAt: new Date(),
        decidedBy: ctx.principal.subject,
        team: team as never,
        practitioner: practitioner as never,
        role: input.role,
        startedAt,
      });
      return { record, created: true };
    });
  }

  @Mutation(() => InvolvementPayload, { description: INVOLVEMENT_STEPS.request.rule })
  requestInvolvement(@Arg('input', () => RequestInvolvementInput, { description: 'What to ask for; see the input type.' }) input: RequestInvolvementInput, @Ctx() ctx: HubContext): Promise<MutationResult<Involvement>> {
    return runMutation(ctx, async (em) => {
      const errors = new ErrorCollector();
      const child = await findChildOrFail(em, input.childId, ['input', 'childId']);
      requireParty('request', ctx, child.owningAgency.id, ctx.agencyId, 'childId');
      const reason = input.reason?.trim();
      if (!reason) errors.add('reason', UserErrorCode.REQUIRED, 'Say why your agency needs to be involved.');
      const agency = await em.findOneOrFail(Agency, { id: ctx.agencyId });
      const named = await assignee(em, errors, agency, input.teamCode, input.practitionerId);
      errors.throwIfAny();
      const practitioner = named.practitioner ?? (input.practitionerId ? null : await em.findOne(Practitioner, { subject: ctx.principal.subject, agency }));
      await lockChildAgency(em, child.id, agency.id);
      const today = todayIso();
      const existing = await em.find(Involvement, {
        child,
        agency,
        $or: [{ status: InvolvementStatus.REQUESTED }, { status: { $in: [InvolvementStatus.ALLOCATED, InvolvementStatus.ACCEPTED] }, $or: [{ endedAt: null }, { endedAt: { $gt: today } }] }],
      } as FilterQuery<Involvement>);
      // Asking again while a request is pending returns it: the request is idempotent.
      const pending = existing.find((i) => i.status === InvolvementStatus.REQUESTED);
      if (pending) return { record: pending, created: false };
      if (existing.length) errors.add('childId', UserErrorCode.DUPLICATE, 'Your agency is already involved with this child.').throwIfAny();
      const record = newInvolvement(em, ctx, agency, {
        child: child as never,
        leadAgency: child.owningAgency,
        status: InvolvementStatus.REQUESTED,
        requestReason: reason,
        team: (named.team ?? practitioner?.team ?? null) as never,
        practitioner: practitioner as never,
        role: input.role,
        startedAt: today,
      });
      // Flushed by runMutation after the audit captures the change (the lock above makes the unique index a backstop only).
      return { record, created: true };
    });
  }

  @Mutation(() => InvolvementPayload, { description: `${INVOLVEMENT_STEPS.accept.rule} ${INVOLVEMENT_STEPS.decline.rule}` })
  decideInvolvementRequest(@Arg('input', () => DecideInvolvementRequestInput, { description: 'The decision; see the input type.' }) input: DecideInvolvementRequestInput, @Ctx() ctx: HubContext): Promise<MutationResult<Involvement>> {
    return runMutation(ctx, async (em) => {
      const row = await loadLocked(em, input.id);
      const step: StepName = input.decision === InvolvementDecision.ACCEPT ? 'accept' : 'decline';
      requireParty(step, ctx, row.leadAgency.id, row.agency.id, 'id');
      const errors = new ErrorCollector();
      if (!stepAllowedFrom(step, row.status)) errors.add('id', UserErrorCode.ALREADY_DECIDED, `This request has already been decided (${row.status}).`).throwIfAny();
      const reason = input.reason?.trim();
      if (!reason) errors.add('reason', UserErrorCode.REQUIRED, 'Give the reason for the decision; the requesting agency sees it.').throwIfAny();
      row.status = INVOLVEMENT_STEPS[step].to!;
      row.decidedAt = new Date();
      row.decidedBy = ctx.principal.subject;
      row.decisionReason = reason;
      if (step === 'accept') row.startedAt = todayIso();
      row.updatedBy = ctx.principal.subject;
      return { record: row };
    });
  }

  @Mutation(() => InvolvementPayload, { description: INVOLVEMENT_STEPS.end.rule })
  endInvolvement(@Arg('input', () => EndInvolvementInput, { description: 'What to record; see the input type.' }) input: EndInvolvementInput, @Ctx() ctx: HubContext): Promise<MutationResult<Involvement>> {
    return runMutation(ctx, async (em) => {
      const row = await loadLocked(em, input.id);
      if (!mayTake('end', { agencyId: ctx.agencyId }, { leadAgencyId: row.leadAgency.id, involvedAgencyId: row.agency.id })) {
        throw forbidden("Only the agency involved or the child's lead agency may end this involvement.");
      }
      const errors = new ErrorCollector();
      if (row.version !== input.expectedVersion) errors.add('expectedVersion', UserErrorCode.CONFLICT, `The involvement is at version ${row.version}, not ${input.expectedVersion}: reload and reapply.`).throwIfAny();
      const today = todayIso();
      const endedAt = input.endedAt ?? today;
      if (!stepAllowedFrom('end', row.status)) errors.add('id', UserErrorCode.INVALID_STATE, `A ${row.status} involvement gives no access and cannot be ended.`);
      else if (row.endedAt) errors.add('id', UserErrorCode.INVALID_STATE, 'This involvement has already ended.');
      if (endedAt > today) errors.add('endedAt', UserErrorCode.DATE_IN_FUTURE, 'An involvement cannot be ended in advance; end it on the day.');
      errors.order('endedAt', row.startedAt, endedAt, 'The end date is before the involvement started.');
      errors.throwIfAny();
      row.endedAt = endedAt;
      row.endReason = input.reason ?? null;
      row.updatedBy = ctx.principal.subject;
      return { record: row };
    });
  }

  @Query(() => InvolvementRequests, {
    description: "Requests for involvement your agency made (with the lead agency's decision and reason), and requests about children your agency leads for, newest first.",
  })
  involvementRequests(@Args() a: InvolvementRequestArgs, @Ctx() ctx: HubContext) {
    // Requests are these three states unless one is asked for (ACCEPTED rows are former requests only: an allocation is ALLOCATED).
    const requests = a.status ? {} : { status: { $in: [InvolvementStatus.REQUESTED, InvolvementStatus.ACCEPTED, InvolvementStatus.DECLINED] } };
    const where = { ...requests, ...filterWhere(InvolvementRequestArgs, a), $or: [{ agency: ctx.agencyId }, { leadAgency: ctx.agencyId }] };
    return paginate(ctx, Involvement, where as FilterQuery<Involvement>, a, { createdAt: 'desc' });
  }
}

@Resolver(() => ChildLink)
export class ChildLinkResolver {
  @Mutation(() => ChildLinkPayload, {
    description: 'Records that two child records describe the same child. Nothing is merged: the link shows on both records and can be withdrawn.',
  })
  linkChildRecords(@Arg('input', () => LinkChildRecordsInput, { description: 'What to record; see the input type.' }) input: LinkChildRecordsInput, @Ctx() ctx: HubContext): Promise<MutationResult<ChildLink>> {
    return runMutation(ctx, async (em) => {
      const errors = new ErrorCollector();
      if (!input.reason?.trim()) errors.add('reason', UserErrorCode.REQUIRED, 'Say why you believe these records are the same child.');
      const child = await findChildOrFail(em, input.childId, ['input', 'childId']);
      const other = await findChildOrFail(em, input.otherChildId, ['input', 'otherChildId']);
      if (child.id === other.id) errors.add('otherChildId', UserErrorCode.INVALID_STATE, 'A record cannot be linked to itself.');
      errors.throwIfAny();
      const existing = await em.findOne(ChildLink, {
        unlinkedAt: null,
        $or: [
          { child, otherChild: other },
          { child: other, otherChild: child },
        ],
      });
      if (existing) errors.add('otherChildId', UserErrorCode.DUPLICATE, 'These records are already linked.').throwIfAny();
      const link = newOwnedRow(em, ctx, ChildLink, { child, otherChild: other, reason: input.reason.trim(), linkedAt: new Date(), linkedBy: ctx.principal.subject });
      await flushOrDuplicate(em, ['input', 'otherChildId'], 'These records are already linked.');
      return { record: link, created: true };
    });
  }

  @Mutation(() => ChildLinkPayload, { description: 'Withdraws a link between two child records (the link is kept, marked withdrawn with who, when and why). Allowed to the agency that made the link.' })
  unlinkChildRecords(@Arg('input', () => UnlinkChildRecordsInput, { description: 'What to record; see the input type.' }) input: UnlinkChildRecordsInput, @Ctx() ctx: HubContext): Promise<MutationResult<ChildLink>> {
    return runMutation(ctx, async (em) => {
      const errors = new ErrorCollector();
      if (!input.reason?.trim()) errors.add('reason', UserErrorCode.REQUIRED, 'Say why the link is withdrawn.');
      const id = idOf(input.linkId);
      const link = /^[0-9a-f-]{36}$/i.test(id) ? await em.findOne(ChildLink, { id }) : null;
      if (!link) errors.add('linkId', UserErrorCode.NOT_FOUND, 'No link with that id is visible to you.').throwIfAny();
      // Row-level security lets only the owning agency change a row, so only the agency that made the link withdraws it.
      if (link!.owningAgency.id !== ctx.agencyId) throw forbidden('Only the agency that made the link may withdraw it; ask them, or record your concern with the child record.');
      if (link!.unlinkedAt) errors.add('linkId', UserErrorCode.INVALID_STATE, 'This link has already been withdrawn.');
      errors.throwIfAny();
      link!.unlinkedAt = new Date();
      link!.unlinkedBy = ctx.principal.subject;
      link!.unlinkReason = input.reason.trim();
      link!.updatedBy = ctx.principal.subject;
      return { record: link! };
    });
  }
}
