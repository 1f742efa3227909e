import { Arg, Args, ArgsType, Ctx, FieldResolver, ID, InputType, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Classification } from '../../access/classification';
import { FilterField, filters, InputField, match } from '../../access/input-declarations';
import { createOwned, loadForUpdate, MutationPayload, runMutation, type MutationResult } from '../../db/records';
import { BelongsTo, HasMany } from '../../reads/relations';
import { filterWhere } from '../../reads/filters';
import type { HubContext } from '../../server/context';
import { Connection, PageArgs, paginate } from '../../server/graphql/connection';
import { forbidden } from '../../server/graphql/errors';
import { ErrorCollector, UserErrorCode } from '../../server/graphql/user-errors';
import { Agency, AgencyKind } from '../agencies/agency.entity';
import { Practitioner } from '../agencies/practitioner.entity';
import { Child } from '../people/child.entity';
import { todayIso } from '../people/validation';
import { ChildProtectionTeam, ChildProtectionTeamCase, ChildProtectionTeamMember, CpTeamRole, REQUIRED_PLACES } from './cp-team.entity';
import { syncTeamInvolvements } from './cp-team-involvements';
import { Classified, idOrNil, ownedBy, uuidOf } from './support';

const TeamConnection = Connection(ChildProtectionTeam);
const TeamPayload = MutationPayload(ChildProtectionTeam, 'ChildProtectionTeamMutation');
const MemberPayload = MutationPayload(ChildProtectionTeamMember, 'ChildProtectionTeamMemberMutation');
const CasePayload = MutationPayload(ChildProtectionTeamCase, 'ChildProtectionTeamCaseMutation');

@InputType({ description: 'A member of a multi-agency child protection team.' })
class CpTeamMemberInput {
  @InputField(Classification.SOCIAL_CARE, { description: 'Agency code of the member’s agency (its kind must fit the place: LOCAL_AUTHORITY, HEALTH, POLICE, EDUCATION).' })
  agencyCode!: string;
  @InputField(Classification.SOCIAL_CARE, () => CpTeamRole, { description: 'The place the member fills.' })
  role!: CpTeamRole;
  @InputField(Classification.SOCIAL_CARE, { description: 'Name of the member.' })
  memberName!: string;
  @InputField(Classification.SOCIAL_CARE, () => ID, { nullable: true, description: 'recordId of the member as a practitioner registered with the hub, when they are (their involvements name them).' })
  practitionerId?: string;
}

@InputType({ description: 'A new multi-agency child protection team, with its members (every statutory place filled).' })
class CreateChildProtectionTeamInput {
  @InputField(Classification.SOCIAL_CARE, { description: 'Name of the team.' })
  name!: string;
  @InputField(Classification.SOCIAL_CARE, () => [CpTeamMemberInput], { description: 'Members: at least a social worker, an ICB-nominated health professional, a police officer and an education professional.' })
  members!: CpTeamMemberInput[];
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Partner system the record comes from.' })
  sourceSystem?: string;
  @InputField(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Id of the record in that system; a retried create with the same pair returns the existing team.' })
  sourceRecordId?: string;
}

@InputType({ description: 'A new member of a team your authority runs (from today).' })
class AddCpTeamMemberInput extends CpTeamMemberInput {
  @InputField(Classification.SOCIAL_CARE, () => ID, { description: 'Global id of the team.' })
  teamId!: string;
}

@InputType({ description: 'Ends a team membership or a case (today), with the version you read.' })
class EndCpTeamRecordInput {
  @InputField(Classification.SOCIAL_CARE, () => ID, { description: 'Global id of the membership or case.' })
  id!: string;
  @InputField(Classification.SOCIAL_CARE, () => Int, { description: 'The version you read; a stale version is refused with CONFLICT.' })
  expectedVersion!: number;
}

@InputType({ description: 'A child your authority leads for, to be worked with by one of its teams (from today).' })
class AssignChildToCpTeamInput {
  @InputField(Classification.SOCIAL_CARE, () => ID, { description: 'Global id of the team.' })
  teamId!: string;
  @InputField(Classification.SOCIAL_CARE, () => ID, { description: 'Global id of the child.' })
  childId!: string;
}

@ArgsType()
class TeamArgs extends PageArgs {
  @FilterField(filters(() => ChildProtectionTeam, match.nullWhen('endedOn', true)), () => Boolean, { nullable: true, description: 'true: only teams still working.' })
  working?: boolean;
}

/** Places not filled by a member running today. */
function missingPlaces(members: readonly ChildProtectionTeamMember[], today = todayIso()): CpTeamRole[] {
  const running = members.filter((m) => !m.deletedAt && m.startedOn <= today && (!m.endedOn || m.endedOn > today));
  return REQUIRED_PLACES.filter((p) => !running.some((m) => m.role === p.role)).map((p) => p.role);
}

/** Checks members' agencies and practitioners; returns the agencies by code. */
async function checkMembers(em: EntityManager, errors: ErrorCollector, members: readonly CpTeamMemberInput[], prefix: (i: number) => string): Promise<Map<string, Agency>> {
  const codes = [...new Set(members.map((m) => m.agencyCode))];
  const agencies = new Map((codes.length ? await em.find(Agency, { code: { $in: codes } }) : []).map((a) => [a.code, a]));
  for (const [i, m] of members.entries()) {
    const f = (name: string) => (prefix(i) ? `${prefix(i)}.${name}` : name);
    const agency = agencies.get(m.agencyCode);
    if (!agency) errors.add(f('agencyCode'), UserErrorCode.NOT_FOUND, `No agency with code ${m.agencyCode}.`);
    const place = REQUIRED_PLACES.find((p) => p.role === m.role);
    if (agency && place && agency.kind !== place.kind) errors.add(f('agencyCode'), UserErrorCode.INVALID_CODE, `A ${m.role} comes from an agency of kind ${place.kind}; ${agency.code} is ${agency.kind}.`);
    if (!m.memberName.trim()) errors.add(f('memberName'), UserErrorCode.REQUIRED, 'Name the member.');
    if (m.practitionerId) {
      const id = uuidOf(m.practitionerId, 'Practitioner') ?? m.practitionerId;
      const p = /^[0-9a-f-]{36}$/i.test(id) ? await em.findOne(Practitioner, { id }) : null;
      if (!p || (agency && p.agency.id !== agency.id)) errors.add(f('practitionerId'), UserErrorCode.NOT_FOUND, `${m.agencyCode} has no practitioner with that id.`);
    }
  }
  return agencies;
}

function newMember(em: EntityManager, ctx: HubContext, team: ChildProtectionTeam, m: CpTeamMemberInput, agency: Agency): ChildProtectionTeamMember {
  const practitioner = m.practitionerId ? (uuidOf(m.practitionerId, 'Practitioner') ?? m.practitionerId) : null;
  return em.create(ChildProtectionTeamMember, { ...ownedBy(ctx), team, agency, practitioner, memberName: m.memberName.trim(), role: m.role, startedOn: todayIso() } as never) as ChildProtectionTeamMember;
}

const actorOf = (ctx: HubContext) => ({ agencyId: ctx.agencyId, subject: ctx.principal.subject });

function localAuthorityOnly(ctx: HubContext): void {
  if (ctx.principal.agencyKind !== AgencyKind.LOCAL_AUTHORITY) throw forbidden('Multi-agency child protection teams are set up by the local authority.');
}

/**
 * Multi-agency child protection teams (issue 13 must-show 5): the authority sets a team up with every
 * statutory place filled, gives it children it leads for, and changes its membership; each change
 * brings the members' involvements in line (cp-team-involvements.ts), in the same mutation.
 */
@Resolver(() => ChildProtectionTeam)
export class ChildProtectionTeamResolver {
  @Query(() => TeamConnection, { description: 'The multi-agency child protection teams your authority runs.' })
  childProtectionTeams(@Args() a: TeamArgs, @Ctx() ctx: HubContext) {
    return paginate(ctx, ChildProtectionTeam, filterWhere(TeamArgs, a), a, { name: 'asc' });
  }

  @HasMany(Classification.SUMMARY, () => ChildProtectionTeamMember, { via: 'team', orderBy: { role: 'asc', startedOn: 'asc' }, description: 'Members, past and present.' })
  members!: ChildProtectionTeamMember[];

  @HasMany(Classification.SUMMARY, () => ChildProtectionTeamCase, { via: 'team', orderBy: { startedOn: 'desc' }, description: 'Children the team works or worked with.' })
  cases!: ChildProtectionTeamCase[];

  @FieldResolver(() => [CpTeamRole], { description: 'Statutory places no member fills today (empty: the team meets the minimum); a team with a gap takes no new children.' })
  @Classified(Classification.SUMMARY)
  async missingPlaces(@Root() team: ChildProtectionTeam, @Ctx() ctx: HubContext): Promise<CpTeamRole[]> {
    return missingPlaces(await ctx.loaders.byParent(ChildProtectionTeamMember, 'team').load(team.id));
  }

  @Mutation(() => TeamPayload, { description: 'Sets up a multi-agency child protection team with its members (local authority only; every statutory place filled).' })
  createChildProtectionTeam(@Arg('input', { description: 'The team.' }) input: CreateChildProtectionTeamInput, @Ctx() ctx: HubContext): Promise<MutationResult<ChildProtectionTeam>> {
    localAuthorityOnly(ctx);
    return runMutation(ctx, async (em) => {
      const errors = new ErrorCollector();
      if (!input.name.trim()) errors.add('name', UserErrorCode.REQUIRED, 'Name the team.');
      const agencies = await checkMembers(em, errors, input.members, (i) => `members.${i}`);
      const missing = REQUIRED_PLACES.filter((p) => !input.members.some((m) => m.role === p.role)).map((p) => p.role);
      if (missing.length) errors.add('members', UserErrorCode.REQUIRED, `A multi-agency child protection team needs at least: ${missing.join(', ')}.`);
      errors.throwIfAny();
      const out = await createOwned(em, ctx, ChildProtectionTeam, { name: input.name.trim(), startedOn: todayIso() } as never, { sourceSystem: input.sourceSystem, sourceRecordId: input.sourceRecordId });
      if (out.created) for (const m of input.members) newMember(em, ctx, out.record, m, agencies.get(m.agencyCode)!);
      return out;
    });
  }

  @Mutation(() => MemberPayload, { description: 'Adds a member to a team your authority runs; from today they get involvements with the children the team works with.' })
  addChildProtectionTeamMember(@Arg('input', { description: 'The member.' }) input: AddCpTeamMemberInput, @Ctx() ctx: HubContext): Promise<MutationResult<ChildProtectionTeamMember>> {
    localAuthorityOnly(ctx);
    return runMutation(ctx, async (em) => {
      const errors = new ErrorCollector();
      const team = await loadTeam(em, ctx, errors, input.teamId);
      const agencies = await checkMembers(em, errors, [input], () => '');
      errors.throwIfAny();
      const member = newMember(em, ctx, team!, input, agencies.get(input.agencyCode)!);
      await em.flush();
      await syncTeamInvolvements(em, actorOf(ctx), team!.id);
      return { record: member, created: true };
    });
  }

  @Mutation(() => MemberPayload, { description: 'Ends a membership today: the member’s involvements the team gave end with it.' })
  endChildProtectionTeamMembership(@Arg('input', { description: 'The membership.' }) input: EndCpTeamRecordInput, @Ctx() ctx: HubContext): Promise<MutationResult<ChildProtectionTeamMember>> {
    return runMutation(ctx, async (em) => {
      const m = await loadForUpdate(em, ctx, ChildProtectionTeamMember, idOrNil(input.id, 'ChildProtectionTeamMember'), input.expectedVersion);
      if (m.endedOn) new ErrorCollector().add('id', UserErrorCode.ALREADY_DECIDED, 'This membership has already ended.').throwIfAny();
      m.endedOn = todayIso();
      await em.flush();
      await syncTeamInvolvements(em, actorOf(ctx), m.team.id);
      return { record: m };
    });
  }

  @Mutation(() => CasePayload, { description: 'Gives a child your authority leads for to one of its teams (from today): every member gets an involvement with the child. Refused while the team has an empty statutory place.' })
  assignChildToChildProtectionTeam(@Arg('input', { description: 'The team and the child.' }) input: AssignChildToCpTeamInput, @Ctx() ctx: HubContext): Promise<MutationResult<ChildProtectionTeamCase>> {
    localAuthorityOnly(ctx);
    return runMutation(ctx, async (em) => {
      const errors = new ErrorCollector();
      const team = await loadTeam(em, ctx, errors, input.teamId);
      const childId = uuidOf(input.childId, 'Child');
      const child = childId ? await em.findOne(Child, { id: childId }) : null;
      if (!child) errors.add('childId', UserErrorCode.NOT_FOUND, 'No child with that id is visible to you.');
      else if (child.owningAgency.id !== ctx.agencyId) errors.add('childId', UserErrorCode.NOT_LEAD_AGENCY, 'Your authority does not lead for this child.');
      if (team) {
        const gaps = missingPlaces(await em.find(ChildProtectionTeamMember, { team: team.id }));
        if (gaps.length) errors.add('teamId', UserErrorCode.INVALID_STATE, `The team has no ${gaps.join(', ')} today: fill the place first.`);
        if (team.endedOn) errors.add('teamId', UserErrorCode.INVALID_STATE, 'The team has stopped working.');
      }
      if (team && child && (await em.count(ChildProtectionTeamCase, { team: team.id, child: child.id, endedOn: null, deletedAt: null }))) errors.add('childId', UserErrorCode.DUPLICATE, 'The team already works with this child.');
      errors.throwIfAny();
      const c = em.create(ChildProtectionTeamCase, { ...ownedBy(ctx), team: team!, child: child!, startedOn: todayIso() } as never) as ChildProtectionTeamCase;
      await em.flush();
      await syncTeamInvolvements(em, actorOf(ctx), team!.id);
      return { record: c, created: true };
    });
  }

  @Mutation(() => CasePayload, { description: 'Ends a team’s work with a child today: the members’ involvements the team gave end with it.' })
  endChildProtectionTeamCase(@Arg('input', { description: 'The case.' }) input: EndCpTeamRecordInput, @Ctx() ctx: HubContext): Promise<MutationResult<ChildProtectionTeamCase>> {
    return runMutation(ctx, async (em) => {
      const c = await loadForUpdate(em, ctx, ChildProtectionTeamCase, idOrNil(input.id, 'ChildProtectionTeamCase'), input.expectedVersion);
      if (c.endedOn) new ErrorCollector().add('id', UserErrorCode.ALREADY_DECIDED, 'The team’s work with this child has already ended.').throwIfAny();
      c.endedOn = todayIso();
      await em.flush();
      await syncTeamInvolvements(em, actorOf(ctx), c.team.id);
      return { record: c };
    });
  }
}

async function loadTeam(em: EntityManager, ctx: HubContext, errors: ErrorCollector, teamId: string): Promise<ChildProtectionTeam | null> {
  const id = uuidOf(teamId, 'ChildProtectionTeam');
  const team = id ? await em.findOne(ChildProtectionTeam, { id }) : null;
  if (!team || team.owningAgency.id !== ctx.agencyId) errors.add('teamId', UserErrorCode.NOT_FOUND, 'No team of your authority with that id.');
  return team && team.owningAgency.id === ctx.agencyId ? team : null;
}

@Resolver(() => ChildProtectionTeamMember)
export class ChildProtectionTeamMemberResolver {
  @BelongsTo(Classification.SUMMARY, () => Agency, { via: 'agency', description: 'The member’s agency.' })
  agency!: Agency;

  @BelongsTo(Classification.SUMMARY, () => ChildProtectionTeam, { via: 'team', description: 'The team.' })
  team!: ChildProtectionTeam;
}

@Resolver(() => ChildProtectionTeamCase)
export class ChildProtectionTeamCaseResolver {
  @BelongsTo(Classification.SUMMARY, () => Child, { via: 'child', description: 'The child.' })
  child!: Child;

  @BelongsTo(Classification.SUMMARY, () => ChildProtectionTeam, { via: 'team', description: 'The team.' })
  team!: ChildProtectionTeam;
}
