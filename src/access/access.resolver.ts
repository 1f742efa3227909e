import { Arg, Ctx, ID, InputType, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { isInterfaceType, isObjectType } from 'graphql';
import { Classification } from './classification';
import { Expose } from './expose';
import { EmergencyAccess } from './emergency-access.entity';
import { canRead, DETAIL_TIERS, hasChildRowScope, mayBreakGlass, ROLE_POLICY } from './policy';
import { mutationAllowed, tierOf } from './role-schema';
import { Role } from './principal';
import type { HubContext } from '../server/context';
import { forbidden, HubError } from '../server/graphql/errors';
import { fromGlobalId } from '../server/graphql/global-id';
import { ErrorCollector, UserError, UserErrorCode, ValidationFailed } from '../server/graphql/user-errors';
import { MutationPayload, runMutation, type MutationResult } from '../db/records';
import { Child } from '../modules/people/child.entity';
import { validateNhsNumber, validateUpn } from '../modules/people/identifiers';
import { buildHubSchema } from '../server/graphql/schema';
import { AuditAction } from '../audit/audit-event.entity';
import { ChildStatusCard, mergedStatusCard, statusByIdentifier } from './status-card';
import { FilterArg, FilterField, InputField, ROLE_GATED, reads, readsNothing } from './input-declarations';
import { notifyLeadOfAccess } from './access-notifications';
import { AccessNotificationKind } from './access-notification.entity';

/** How long a break-glass grant lasts. */
export const EMERGENCY_ACCESS_HOURS = 4;

@InputType({ description: 'Find a status card by a national identifier.' })
class ChildStatusInput {
  @FilterField(reads(() => ChildStatusCard, 'identifierKnown'), () => String, { nullable: true, description: 'NHS number (10 digits, spaces allowed).' })
  nhsNumber?: string;
  @FilterField(reads(() => ChildStatusCard, 'identifierKnown'), () => String, { nullable: true, description: 'Unique pupil number.' })
  upn?: string;
  @FilterField(readsNothing('why the caller looks: kept with the notice to the lead practitioner, never a condition'), () => String, {
    nullable: true,
    description: "Why you are looking (e.g. \"Attended A&E with a head injury\"): shown to the child's lead practitioner, who is told when someone outside the child's involvement opens the card.",
  })
  reason?: string;
}

@InputType({ description: 'Ask for time-limited access to a child your agency has no involvement with.' })
class RequestEmergencyAccessInput {
  @InputField(ROLE_GATED, () => ID, { description: 'Global id of the child.' })
  childId!: string;
  @InputField(ROLE_GATED, { description: 'Why access is needed now (at least 20 characters); the owning agency and the DPO review it.' })
  reason!: string;
}

@InputType({ description: 'Record the review of a break-glass grant.' })
class ReviewEmergencyAccessInput {
  @InputField(ROLE_GATED, () => ID, { description: 'The grant id.' })
  grantId!: string;
  @InputField(ROLE_GATED, { description: 'Conclusion, e.g. "justified" or "referred to the Caldicott Guardian".' })
  outcome!: string;
}

const EmergencyAccessPayload = MutationPayload(EmergencyAccess, 'EmergencyAccess', Classification.AUDIT);

/** What the requesting practitioner sees of its own grant (the grant record itself is audit data). */
@ObjectType({ description: 'Your break-glass grant: when it ends.' })
class EmergencyAccessReceipt {
  @Expose(Classification.SUMMARY, { description: 'Grant id (quote it if asked about this access).' })
  id!: string;
  @Expose(Classification.SUMMARY, () => GraphQLDateTime, { description: 'When your access ends.' })
  expiresAt!: Date;
  @Expose(Classification.SUMMARY, { description: 'The reason you gave.' })
  reason!: string;
}
const EmergencyAccessRequestPayload = MutationPayload(EmergencyAccessReceipt, 'EmergencyAccessRequest');

@ObjectType({ description: 'What a role may do, and why.' })
class RoleAccess {
  @Expose(Classification.PUBLIC, () => Role, { description: 'The role.' })
  role!: Role;
  @Expose(Classification.PUBLIC, () => [Classification], { description: 'Tiers it may read.' })
  read!: Classification[];
  @Expose(Classification.PUBLIC, () => [Classification], { description: 'Tiers it may write.' })
  write!: Classification[];
  @Expose(Classification.PUBLIC, { description: 'Which child-level rows it reaches.' })
  rowScope!: string;
  @Expose(Classification.PUBLIC, { description: 'Why, in the words of the guidance the policy rests on.' })
  why!: string;
}

@ObjectType({ description: 'Access to one GraphQL type.' })
class TypeAccess {
  @Expose(Classification.PUBLIC, { description: 'Type name.' })
  typeName!: string;
  @Expose(Classification.PUBLIC, () => [String], { description: 'Fields you can read (detail tiers only for children your agency is involved with).' })
  readableFields!: string[];
  @Expose(Classification.PUBLIC, () => [String], { description: 'Fields hidden from you, each with its tier, e.g. "clinicalDetail (HEALTH_CLINICAL)".' })
  hiddenFields!: string[];
}

@ObjectType({ description: 'What the caller can see and change, and why (explainability).' })
class MyAccess {
  @Expose(Classification.PUBLIC, () => [RoleAccess], { description: 'Your roles and their clearances.' })
  roles!: RoleAccess[];
  @Expose(Classification.PUBLIC, { description: 'Row scope in plain words.' })
  rowScope!: string;
  @Expose(Classification.PUBLIC, () => [TypeAccess], { description: 'Per type: readable and hidden fields.' })
  types!: TypeAccess[];
  @Expose(Classification.PUBLIC, () => [String], { description: 'Mutations you may call.' })
  mutations!: string[];
  @Expose(Classification.PUBLIC, { description: 'Whether you may ask for break-glass access.' })
  mayRequestEmergencyAccess!: boolean;
}

@Resolver()
export class AccessResolver {
  @Query(() => ChildStatusCard, { description: 'Status card for any child, found by NHS number or UPN: on a plan or in care, dates, responsible authority and duty contact, nothing else. Open to practitioners of every partner agency.' })
  async childStatus(@Arg('input', () => ChildStatusInput, { description: 'The identifier to look up.' }) input: ChildStatusInput, @Ctx() ctx: HubContext): Promise<ChildStatusCard> {
    if (!hasChildRowScope(ctx.principal.roles)) throw forbidden('Status cards are for practitioners.');
    const errors = new ErrorCollector();
    let type: string | undefined;
    let value: string | undefined;
    if (input.nhsNumber) {
      const r = validateNhsNumber(input.nhsNumber);
      if (!r.ok) errors.add('nhsNumber', UserErrorCode.INVALID_NHS_NUMBER, r.reason);
      else [type, value] = ['NHS_NUMBER', r.value];
    } else if (input.upn) {
      const r = validateUpn(input.upn);
      if (!r.ok) errors.add('upn', UserErrorCode.INVALID_UPN, r.reason);
      else [type, value] = ['UPN', r.value];
    } else errors.add('nhsNumber', UserErrorCode.REQUIRED, 'Give an NHS number or a UPN.');
    if (errors.errors.length) throw new HubError('BAD_USER_INPUT', errors.errors[0]!.message, { field: errors.errors[0]!.field });
    // The card must answer for children the caller is not involved with: the identifier look-up and the
    // alerts go through security-definer functions that return the status tier only.
    await ctx.tx.begin();
    const { childIds, alerts } = await statusByIdentifier(ctx.em, type!, value!);
    if (!childIds.length) return Object.assign(new ChildStatusCard(), { identifierKnown: false, alerts: [] });
    // As with CP-IS, every look-up is recorded and visible to the owning authority, and a look-up from
    // outside the child's involvement tells the lead practitioner, in this request's transaction.
    ctx.audit.record(AuditAction.STATUS_CARD, 'Child', null, childIds, ['status']);
    const notice = await runMutation(ctx, async (em) => ({ record: await notifyLeadOfAccess(em, ctx, childIds, AccessNotificationKind.STATUS_CARD, input.reason ?? null) }));
    if (notice.userErrors.length) throw new HubError('BAD_USER_INPUT', notice.userErrors[0]!.message, { field: notice.userErrors[0]!.field });
    return mergedStatusCard(alerts.map((alert) => ({ alert })));
  }

  @Mutation(() => EmergencyAccessRequestPayload, { description: `Break-glass: grants you ${EMERGENCY_ACCESS_HOURS} hours of detail access to a child your agency has no involvement with, on a stated reason. Recorded, shown to the owning agency and the data protection officer for review.` })
  requestEmergencyAccess(@Arg('input', { description: 'Child and reason.' }) input: RequestEmergencyAccessInput, @Ctx() ctx: HubContext): Promise<MutationResult<EmergencyAccessReceipt>> {
    if (!mayBreakGlass(ctx.principal.roles)) throw forbidden('Your role may not request emergency access.');
    return runMutation(ctx, async (em) => {
      const errors = new ErrorCollector();
      if (input.reason.trim().length < 20) errors.add('reason', UserErrorCode.REQUIRED, 'State the reason in at least 20 characters; it is reviewed.');
      const childId = fromGlobalId(input.childId)?.id;
      const child = childId ? await em.findOne(Child, { id: childId }) : null;
      if (!child) errors.add('childId', UserErrorCode.NOT_FOUND, 'No child with that id.');
      errors.throwIfAny();
      const grant = em.create(EmergencyAccess, {
        child: child!,
        subject: ctx.principal.subject,
        agency: ctx.agencyId,
        reason: input.reason.trim(),
        grantedAt: new Date(),
        expiresAt: new Date(Date.now() + EMERGENCY_ACCESS_HOURS * 3600_000),
      });
      ctx.access.reset();
      await notifyLeadOfAccess(em as never, ctx, [child!.id], AccessNotificationKind.BREAK_GLASS, input.reason);
      ctx.audit.record(AuditAction.EMERGENCY_ACCESS, 'Child', child!.id, [child!.id], ['reason'], { reason: input.reason.trim(), expiresAt: grant.expiresAt.toISOString() });
      return { record: Object.assign(new EmergencyAccessReceipt(), { id: grant.id, expiresAt: grant.expiresAt, reason: grant.reason }), created: true };
    });
  }

  @Query(() => [EmergencyAccess], { description: "Break-glass grants for review: the data protection officer sees all; a local authority team manager sees those on children its authority owns. Newest first." })
  async emergencyAccessGrants(@FilterArg('awaitingReview', reads(() => EmergencyAccess, 'reviewedAt'), () => Boolean, { defaultValue: true, description: 'Only grants not yet reviewed.' }) awaitingReview: boolean, @Ctx() ctx: HubContext): Promise<EmergencyAccess[]> {
    const dpo = ctx.principal.roles.includes(Role.DATA_PROTECTION_OFFICER);
    const manager = ctx.principal.roles.includes(Role.TEAM_MANAGER);
    if (!dpo && !manager) throw forbidden('Only the data protection officer and the owning agency’s team managers review emergency access.');
    const where: Record<string, unknown> = awaitingReview ? { reviewedAt: null } : {};
    if (!dpo) where.child = { owningAgency: ctx.agencyId };
    return ctx.em.find(EmergencyAccess, where, { orderBy: { grantedAt: 'desc' }, limit: 200 });
  }

  @Mutation(() => EmergencyAccessPayload, { description: 'Records the review of a break-glass grant (data protection officer or the owning agency’s team manager).' })
  reviewEmergencyAccess(@Arg('input', { description: 'Grant and conclusion.' }) input: ReviewEmergencyAccessInput, @Ctx() ctx: HubContext): Promise<MutationResult<EmergencyAccess>> {
    return runMutation(ctx, async (em) => {
      const grant = await em.findOne(EmergencyAccess, { id: input.grantId });
      const dpo = ctx.principal.roles.includes(Role.DATA_PROTECTION_OFFICER);
      if (!grant) throw new ValidationFailed([Object.assign(new UserError(), { field: ['input', 'grantId'], code: UserErrorCode.NOT_FOUND, message: 'No such grant.' })]);
      if (!dpo && !(ctx.principal.roles.includes(Role.TEAM_MANAGER) && (await ownsChild(ctx, grant.child.id)))) throw forbidden('Only the DPO or the owning agency may review this grant.');
      if (grant.reviewedAt) throw new ValidationFailed([Object.assign(new UserError(), { field: ['input', 'grantId'], code: UserErrorCode.INVALID_STATE, message: 'This grant was already reviewed.' })]);
      Object.assign(grant, { reviewedAt: new Date(), reviewedBy: ctx.principal.subject, reviewOutcome: input.outcome.trim() });
      return { record: grant };
    });
  }

  @Query(() => MyAccess, { description: 'What you can see and change, and why: your roles, their clearances and reasons, row scope, and per type the fields open or hidden to you.' })
  async myAccess(@Ctx() ctx: HubContext): Promise<MyAccess> {
    const roles = ctx.principal.roles;
    const schema = await buildHubSchema();
    const types: TypeAccess[] = [];
    for (const type of Object.values(schema.getTypeMap()).sort((a, b) => a.name.localeCompare(b.name))) {
      if (type.name.startsWith('__') || ['Query', 'Mutation'].includes(type.name) || !(isObjectType(type) || isInterfaceType(type))) continue;
      const fields = Object.values(type.getFields());
      const readable = fields.filter((f) => canRead(roles, tierOf(f)!)).map((f) => f.name);
      if (!readable.length || readable.every((n) => tierOf(type.getFields()[n]!) === Classification.PUBLIC) && fields.some((f) => tierOf(f) !== Classification.PUBLIC)) continue;
      types.push(Object.assign(new TypeAccess(), { typeName: type.name, readableFields: readable, hiddenFields: fields.filter((f) => !readable.includes(f.name)).map((f) => `${f.name} (${tierOf(f) ?? 'UNCLASSIFIED'})`) }));
    }
    const mutations = Object.entries(schema.getMutationType()?.getFields() ?? {})
      .filter(([name, f]) => mutationAllowed(f, name, roles))
      .map(([name]) => name)
      .sort();
    return Object.assign(new MyAccess(), {
      roles: roles.map((role) => Object.assign(new RoleAccess(), { role, ...ROLE_POLICY[role] })),
      rowScope: hasChildRowScope(roles)
        ? `Any child's identity and status card; ${[...DETAIL_TIERS].filter((t) => canRead(roles, t)).join(', ') || 'no'} detail only for children your agency (${ctx.principal.agencyCode}) is involved with, records it owns, or an unexpired break-glass grant of yours.`
        : 'No child-level rows: aggregates and pseudonymised keys only.',
      types,
      mutations,
      mayRequestEmergencyAccess: mayBreakGlass(roles),
    });
  }
}

/** Whether the caller's agency owns the child record (child identity rows are visible to every practitioner). */
async function ownsChild(ctx: HubContext, childId: string): Promise<boolean> {
  const child = await ctx.loaders.byId(Child).load(childId);
  return child?.owningAgency.id === ctx.agencyId;
}

