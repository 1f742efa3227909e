import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { HubContext } from '../../server/context';
import { forbidden } from '../../server/graphql/errors';
import { ErrorCollector, UserErrorCode } from '../../server/graphql/user-errors';
import { createOwned, loadForUpdate, MutationPayload, runMutation, takeTurns, type MutationResult } from '../../db/records';
import { Practitioner } from '../agencies/practitioner.entity';
import { Team } from '../agencies/team.entity';
import { ChildLink } from './child-link.entity';
import { Involvement } from './involvement.entity';
import { EndInvolvementInput, LinkChildRecordsInput, StartInvolvementInput, UnlinkChildRecordsInput } from './inputs';
import { todayIso } from './validation';
import { findChildOrFail, flushOrDuplicate, idOf, newOwnedRow } from './write';

const InvolvementPayload = MutationPayload(Involvement, 'InvolvementMutation');
const ChildLinkPayload = MutationPayload(ChildLink, 'ChildLinkMutation');

@Resolver(() => Involvement)
export class InvolvementResolver {
  @Mutation(() => InvolvementPayload, { description: 'Starts your agency’s involvement with a child (owned by your agency).' })
  startInvolvement(@Arg('input', () => StartInvolvementInput, { description: 'What to record; see the input type.' }) input: StartInvolvementInput, @Ctx() ctx: HubContext): Promise<MutationResult<Involvement>> {
    return runMutation(ctx, async (em) => {
      const errors = new ErrorCollector();
      const child = await findChildOrFail(em, input.childId, ['input', 'childId']);
      const today = todayIso();
      const startedAt = input.startedAt ?? today;
      if (startedAt > today) errors.add('startedAt', UserErrorCode.DATE_IN_FUTURE, 'An involvement cannot start in the future.');
      if (child.dateOfBirth && startedAt < child.dateOfBirth) errors.add('startedAt', UserErrorCode.IMPOSSIBLE_DATE, 'The involvement starts before the child was born.');
      let team: Team | null = null;
      if (input.teamCode) {
        team = await em.findOne(Team, { agency: ctx.agencyId, code: input.teamCode });
        if (!team) errors.add('teamCode', UserErrorCode.NOT_FOUND, 'Your agency has no team with that code.');
      }
      let practitioner: Practitioner | null = null;
      if (input.practitionerId) {
        const id = idOf(input.practitionerId);
        practitioner = /^[0-9a-f-]{36}$/i.test(id) ? await em.findOne(Practitioner, { id, agency: ctx.agencyId }) : null;
        if (!practitioner) errors.add('practitionerId', UserErrorCode.NOT_FOUND, 'Your agency has no practitioner with that id.');
      } else {
        practitioner = await em.findOne(Practitioner, { subject: ctx.principal.subject, agency: ctx.agencyId });
      }
      errors.throwIfAny();
      // Concurrent starts of the same involvement take turns, so the second sees the first as a clash
      // (no constraint can say "active": that depends on today's date).
      await takeTurns(em, 'startInvolvement', child.id, ctx.agencyId, input.role, practitioner?.id ?? '');
      const clash = await em.findOne(Involvement, {
        child,
        agency: ctx.agencyId,
        role: input.role,
        practitioner: practitioner ?? null,
        $or: [{ endedAt: null }, { endedAt: { $gt: today } }],
      });
      // A retried request (same source pair) gets the existing row back from createOwned; anything else is a duplicate.
      const retry = clash && input.sourceSystem && clash.sourceSystem === input.sourceSystem.trim() && clash.sourceRecordId === input.sourceRecordId?.trim();
      if (clash && !retry) errors.add('role', UserErrorCode.DUPLICATE, 'This involvement is already active.').throwIfAny();
      return createOwned(
        em,
        ctx,
        Involvement,
        { child, agency: ctx.agencyId, team: team ?? practitioner?.team ?? null, practitioner, role: input.role, startedAt } as never,
        { sourceSystem: input.sourceSystem, sourceRecordId: input.sourceRecordId },
      );
    });
  }

  @Mutation(() => InvolvementPayload, { description: 'Ends an involvement your agency owns.' })
  endInvolvement(@Arg('input', () => EndInvolvementInput, { description: 'What to record; see the input type.' }) input: EndInvolvementInput, @Ctx() ctx: HubContext): Promise<MutationResult<Involvement>> {
    return runMutation(ctx, async (em) => {
      const row = await loadForUpdate(em, ctx, Involvement, idOf(input.id), input.expectedVersion);
      const errors = new ErrorCollector();
      const today = todayIso();
      const endedAt = input.endedAt ?? today;
      if (row.endedAt) errors.add('id', UserErrorCode.INVALID_STATE, 'This involvement has already ended.');
      if (endedAt > today) errors.add('endedAt', UserErrorCode.DATE_IN_FUTURE, 'An involvement cannot be ended in advance; end it on the day.');
      errors.order('endedAt', row.startedAt, endedAt, 'The end date is before the involvement started.');
      errors.throwIfAny();
      row.endedAt = endedAt;
      row.endReason = input.reason ?? null;
      return { record: row };
    });
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
