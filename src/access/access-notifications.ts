import type { EntityManager } from '@mikro-orm/postgresql';
import type { HubContext } from '../server/context';
import { Practitioner } from '../modules/agencies/practitioner.entity';
import { AccessNotification, AccessNotificationKind } from './access-notification.entity';

interface LeadContact {
  child_id: string;
  lead_agency_id: string;
  practitioner_id: string | null;
  team_id: string | null;
}

/**
 * Tells each child's lead practitioner (or their team, or the lead agency) that the caller reached the
 * child from outside its involvement (issue 13 must-show 6): the one place both access paths (the status
 * card, break-glass) raise the notice, in the caller's transaction, so it exists exactly when the access
 * committed. A status card opened by an agency that may already see the child, or by the lead agency
 * itself, notifies nobody; break-glass always notifies. The lead's allocation is read through a
 * security-definer function: the caller cannot see the child's involvements.
 */
export async function notifyLeadOfAccess(em: EntityManager, ctx: HubContext, childIds: readonly string[], kind: AccessNotificationKind, reason: string | null): Promise<number> {
  if (!childIds.length) return 0;
  const contacts = await em.execute<LeadContact[]>(
    `select c.child_id, c.lead_agency_id, c.practitioner_id, c.team_id from hub_child_lead_contacts(?::uuid[]) c
      where c.lead_agency_id <> ?::uuid ${kind === AccessNotificationKind.STATUS_CARD ? 'and not hub_child_visible(c.child_id, ?::uuid, ?)' : ''}`,
    kind === AccessNotificationKind.STATUS_CARD ? [`{${childIds.join(',')}}`, ctx.agencyId, ctx.agencyId, ctx.principal.subject] : [`{${childIds.join(',')}}`, ctx.agencyId],
  );
  if (!contacts.length) return 0;
  const me = await em.findOne(Practitioner, { agency: ctx.agencyId, subject: ctx.principal.subject });
  const now = new Date();
  for (const c of contacts) {
    em.create(AccessNotification, {
      owningAgency: c.lead_agency_id,
      createdBy: ctx.principal.subject,
      updatedBy: ctx.principal.subject,
      child: c.child_id,
      kind,
      accessedAt: now,
      accessingAgency: ctx.agencyId,
      accessedBySubject: ctx.principal.subject,
      accessedByName: me ? `${me.name}, ${me.jobTitle}` : null,
      accessedByRoles: ctx.principal.roles.join(', '),
      purpose: ctx.principal.purpose,
      reason: reason?.trim() || null,
      notifiedPractitioner: c.practitioner_id,
      notifiedTeam: c.team_id,
    } as never);
  }
  await em.flush();
  return contacts.length;
}
