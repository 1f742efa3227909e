import { Arg, Args, ArgsType, Ctx, ID, InputType, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { FilterQuery } from '@mikro-orm/core';
import { Classification } from './classification';
import { FilterField, filters, InputField, match, readsNothing } from './input-declarations';
import { AccessNotification, AccessNotificationKind } from './access-notification.entity';
import type { HubContext } from '../server/context';
import { Connection, PageArgs, paginate } from '../server/graphql/connection';
import { HubError } from '../server/graphql/errors';
import { NIL_UUID, uuidOf } from '../server/graphql/global-id';
import { ErrorCollector, UserErrorCode } from '../server/graphql/user-errors';
import { loadForUpdate, MutationPayload, runMutation, type MutationResult } from '../db/records';
import { BelongsTo } from '../reads/relations';
import { filterWhere } from '../reads/filters';
import { Agency } from '../modules/agencies/agency.entity';
import { Practitioner } from '../modules/agencies/practitioner.entity';
import { Team } from '../modules/agencies/team.entity';
import { Child } from '../modules/people/child.entity';
import { WorklistScope } from '../modules/workflow/task.resolver';

const AccessNotificationConnection = Connection(AccessNotification, 'AccessNotification', Classification.SUMMARY);
const AccessNotificationPayload = MutationPayload(AccessNotification, 'AccessNotificationMutation', Classification.SUMMARY);

@ArgsType()
class AccessNotificationArgs extends PageArgs {
  @FilterField(filters(() => AccessNotification, match.nullWhen('acknowledgedAt', true)), () => Boolean, { nullable: true, description: 'true: only those not yet acknowledged; false: only acknowledged ones.' })
  unacknowledged?: boolean;
  @FilterField(filters(() => AccessNotification, match.in('kind')), () => [AccessNotificationKind], { nullable: true, description: 'Only these kinds.' })
  kinds?: AccessNotificationKind[];
  @FilterField(filters(() => AccessNotification, match.id('child', 'Child')), () => ID, { nullable: true, description: 'Only about this child.' })
  childId?: string;
  @FilterField(readsNothing("whose notices: the caller's own, its team's, or its agency's (who was notified), not the notices' fields"), () => WorklistScope, {
    nullable: true,
    description: 'MINE (default): notices to you as the lead practitioner; TEAM: to your team; AGENCY: every notice to your agency.',
  })
  scope?: WorklistScope;
}

@InputType({ description: 'Acknowledges a notice about access to a child your agency leads for.' })
class AcknowledgeAccessNotificationInput {
  @InputField(Classification.SUMMARY, () => ID, { description: 'Global id of the notice.' })
  id!: string;
  @InputField(Classification.SUMMARY, () => Int, { description: 'The version you read; a stale version is refused with CONFLICT.' })
  expectedVersion!: number;
  @InputField(Classification.SUMMARY, () => String, { nullable: true, description: 'What you did about it.' })
  note?: string;
}

/** Notices to a lead practitioner about access from outside the child's involvement (issue 13 must-show 6). */
@Resolver(() => AccessNotification)
export class AccessNotificationResolver {
  @Query(() => AccessNotificationConnection, {
    description:
      "Notices that a practitioner outside a child's involvement opened the child's status card or used break-glass, for children your agency leads for: to you as the allocated practitioner (default), to your team, or to your agency. Newest first.",
  })
  async accessNotifications(@Args() a: AccessNotificationArgs, @Ctx() ctx: HubContext) {
    const { scope, ...declared } = a;
    const where: Record<string, unknown> = { ...(filterWhere(AccessNotificationArgs, declared as AccessNotificationArgs) as object), owningAgency: ctx.agencyId };
    if ((scope ?? WorklistScope.MINE) === WorklistScope.MINE) {
      const me = await ctx.em.findOne(Practitioner, { agency: ctx.agencyId, subject: ctx.principal.subject });
      if (!me) throw new HubError('BAD_USER_INPUT', 'You are not registered as a practitioner of your agency: ask for the TEAM or AGENCY notices.', { field: 'scope' });
      where.notifiedPractitioner = me.id;
    } else if (scope === WorklistScope.TEAM) {
      const team = ctx.principal.team ? await ctx.em.findOne(Team, { agency: ctx.agencyId, code: ctx.principal.team }) : null;
      if (!team) throw new HubError('BAD_USER_INPUT', 'Your token names no team of your agency: ask for MINE or AGENCY.', { field: 'scope' });
      where.notifiedTeam = team.id;
    }
    return paginate(ctx, AccessNotification, where as FilterQuery<AccessNotification>, a, { accessedAt: 'desc' });
  }

  @BelongsTo(Classification.SUMMARY, () => Child, { via: 'child', description: 'The child reached.' })
  child!: Child;

  @BelongsTo(Classification.SUMMARY, () => Agency, { via: 'accessingAgency', description: 'The agency of the practitioner who reached the record.' })
  accessingAgency!: Agency;

  @BelongsTo(Classification.SUMMARY, () => Practitioner, { via: 'notifiedPractitioner', nullable: true, description: 'The lead practitioner notified (allocated to the child then); null when none was.' })
  notifiedPractitioner!: Practitioner | null;

  @BelongsTo(Classification.SUMMARY, () => Team, { via: 'notifiedTeam', nullable: true, description: "The lead practitioner's team notified; null when none." })
  notifiedTeam!: Team | null;

  @Mutation(() => AccessNotificationPayload, { description: 'Acknowledges a notice about access to a child your agency leads for, with what you did about it.' })
  acknowledgeAccessNotification(@Arg('input', { description: 'The notice and the version you read.' }) input: AcknowledgeAccessNotificationInput, @Ctx() ctx: HubContext): Promise<MutationResult<AccessNotification>> {
    return runMutation(ctx, async (em) => {
      const n = await loadForUpdate(em, ctx, AccessNotification, uuidOf(input.id, 'AccessNotification') ?? NIL_UUID, input.expectedVersion);
      const errors = new ErrorCollector();
      if (n.acknowledgedAt) errors.add('id', UserErrorCode.ALREADY_DECIDED, 'This notice is already acknowledged.');
      errors.throwIfAny();
      Object.assign(n, { acknowledgedAt: new Date(), acknowledgedBy: ctx.principal.subject, acknowledgementNote: input.note?.trim() || null, updatedBy: ctx.principal.subject });
      return { record: n };
    });
  }
}
