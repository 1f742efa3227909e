import type { EntityManager } from '@mikro-orm/postgresql';
import { InvolvementEndReason, InvolvementRole, InvolvementStatus } from '../people/codes';
import { Involvement } from '../people/involvement.entity';
import { todayIso } from '../people/validation';
import { ChildProtectionTeamCase, ChildProtectionTeamMember, CpTeamRole } from './cp-team.entity';

/** The involvement role a team place gives. */
const ROLE_OF: Record<CpTeamRole, InvolvementRole> = {
  [CpTeamRole.SOCIAL_WORKER]: InvolvementRole.ALLOCATED_SOCIAL_WORKER,
  [CpTeamRole.HEALTH_PROFESSIONAL]: InvolvementRole.OTHER,
  [CpTeamRole.POLICE_OFFICER]: InvolvementRole.POLICE_OIC,
  [CpTeamRole.EDUCATION_PROFESSIONAL]: InvolvementRole.SCHOOL_DSL,
  [CpTeamRole.OTHER]: InvolvementRole.OTHER,
};

const running = (r: { startedOn: string; endedOn?: string | null }, today: string) => r.startedOn <= today && (!r.endedOn || r.endedOn > today);

/**
 * Makes the involvements of one team match its memberships and cases today (issue 13 must-show 5): every
 * member running today has an involvement (allocated by the local authority, which leads the children)
 * with every child the team works with today; an involvement the team gave whose membership or case no
 * longer runs ends today (LEFTRL when the member left, CASECL when the case left the team). Involvements
 * are the access policy's own route, so membership gives access and ends it, with no rule of its own.
 * Runs in the caller's mutation (the demo seed runs it too); the involvements it writes are audited with it.
 */
export async function syncTeamInvolvements(em: EntityManager, actor: { agencyId: string; subject: string }, teamId: string): Promise<void> {
  const today = todayIso();
  const members = await em.find(ChildProtectionTeamMember, { team: teamId, deletedAt: null });
  const cases = await em.find(ChildProtectionTeamCase, { team: teamId, deletedAt: null });
  const given = members.length ? await em.find(Involvement, { viaTeamMember: { $in: members.map((m) => m.id) }, deletedAt: null }) : [];
  const open = given.filter((i) => !i.endedAt || i.endedAt > today);
  const liveChildren = new Set(cases.filter((c) => running(c, today)).map((c) => c.child.id));
  const children = new Set(cases.map((c) => c.child.id));
  for (const m of members) {
    const live = running(m, today);
    for (const child of children) {
      const current = open.find((i) => i.viaTeamMember!.id === m.id && i.child.id === child);
      const wanted = live && liveChildren.has(child);
      if (wanted && !current) {
        em.create(Involvement, {
          owningAgency: m.agency.id,
          createdBy: actor.subject,
          updatedBy: actor.subject,
          child,
          agency: m.agency.id,
          practitioner: m.practitioner?.id ?? null,
          leadAgency: actor.agencyId,
          status: InvolvementStatus.ALLOCATED,
          decidedAt: new Date(),
          decidedBy: actor.subject,
          role: ROLE_OF[m.role],
          startedAt: today,
          viaTeamMember: m.id,
        } as never);
      } else if (!wanted && current) {
        Object.assign(current, { endedAt: today, endReason: live ? InvolvementEndReason.CASECL : InvolvementEndReason.LEFTRL, updatedBy: actor.subject });
      }
    }
  }
  await em.flush();
}
