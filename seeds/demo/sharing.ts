import { DecisionNotToShare } from '../../src/audit/decision-not-to-share.entity';
import { IdentifierType } from '../../src/modules/people/codes';
import { ChildIdentifier } from '../../src/modules/people/child-identifier.entity';
import { DisclosureGateway, NhsNumberTraceStatus } from '../../src/modules/sharing/codes';
import { InformationDisclosure } from '../../src/modules/sharing/information-disclosure.entity';
import { NhsNumberTrace } from '../../src/modules/sharing/nhs-number-trace.entity';
import { at } from '../random';
import { AccessNotification, AccessNotificationKind } from '../../src/access/access-notification.entity';
import { Practitioner } from '../../src/modules/agencies/practitioner.entity';
import { ChildProtectionTeam, ChildProtectionTeamCase, ChildProtectionTeamMember, CpTeamRole } from '../../src/modules/protection/cp-team.entity';
import { syncTeamInvolvements } from '../../src/modules/protection/cp-team-involvements';
import type { DemoWorld } from '../world';

const LA = 'LA-NORTHSHIRE';
const CHT = 'NHS-NORTHSHIRE-CHT';
const CASTLEGATE = 'SCH-CASTLEGATE-HIGH';

/**
 * The duty to share (issue 13 must-show 4) in the demo, deterministic without random draws (so the rest
 * of the demo stays as it was): community health traced most children's NHS numbers against PDS, one
 * in seven found no match, children with no number are noted as not yet traced; the authority disclosed
 * to a school under the s16LA duty, and recorded one reviewed decision not to share; one status card
 * look-up from outside the child's involvement is waiting for the allocated social worker.
 */
export async function seedSharing(world: DemoWorld): Promise<void> {
  const { em, today } = world;
  const cht = world.agencies.get(CHT);
  const la = world.agencies.get(LA);
  const school = world.agencies.get(CASTLEGATE);
  if (!cht || !la) return;
  const by = (code: string) => ({ createdBy: world.seededBy(code), updatedBy: world.seededBy(code) });
  const numbers = await em.find(ChildIdentifier, { type: IdentifierType.NHS_NUMBER, validTo: null, child: { $in: world.children.map((c) => c.child.id) } }, { filters: false });
  const numberOf = new Map(numbers.map((n) => [n.child.id, n.value]));
  for (const dc of world.children) {
    const nhsNumber = numberOf.get(dc.child.id);
    const checkedAt = at(today, -(20 + (dc.index % 200)), 11);
    const trace = (status: NhsNumberTraceStatus, reason: string | null, number: string | null) =>
      em.create(NhsNumberTrace, { owningAgency: cht, ...by(CHT), child: dc.child, nhsNumber: number, status, reason, checkedAt } as never);
    if (!nhsNumber) trace(NhsNumberTraceStatus.NOT_YET_TRACED, dc.child.dateOfBirth ? 'Details too incomplete to trace (no previous address known).' : 'Unborn: the NHS number is issued at birth.', null);
    else if (dc.index % 7 === 3) trace(NhsNumberTraceStatus.NOT_FOUND, 'No single PDS match on name, date of birth and postcode; GP registration being checked.', null);
    else trace(NhsNumberTraceStatus.TRACED, null, nhsNumber);
  }
  const pupil = world.children.find((c) => c.schoolCode === CASTLEGATE && c.pathway === 'CHILD_PROTECTION');
  if (pupil && school) {
    em.create(InformationDisclosure, {
      owningAgency: la,
      ...by(LA),
      child: pupil.child,
      recipientAgency: school,
      disclosedAt: at(today, -12, 14),
      informationDisclosed: "The child's child protection plan: category, core group dates and the school's actions.",
      gateway: DisclosureGateway.DUTY_TO_SHARE_S16LA,
    } as never);
    em.create(DecisionNotToShare, {
      owningAgency: la,
      ...by(LA),
      child: pupil.child,
      decidedAt: at(today, -12, 15),
      informationWithheld: "The mother's new address (refuge).",
      withheldFrom: 'SCH-CASTLEGATE-HIGH (the father is a school governor)',
      reason: 'Sharing the refuge address could reach the father, who is subject to a non-molestation order: more detrimental to the child than not sharing.',
      reviewBy: at(today, 60, 0).toISOString().slice(0, 10),
      moreDetrimentalToChild: true,
      reviewedByName: 'Ben Okafor',
      reviewedByRole: 'Team manager',
      reviewedAt: at(today, -12, 16),
    } as never);
  }
  // A multi-agency child protection team (CWSA 2026 s16EA) working with one child: its members' agencies
  // get involvements with the child from the team.
  const police = world.agencies.get('POLICE-NORTHSHIRE');
  const cpChild = world.children.find((c) => c.pathway === 'CHILD_PROTECTION' && c.schoolCode === CASTLEGATE);
  if (police && school && cpChild) {
    const team = em.create(ChildProtectionTeam, { owningAgency: la, ...by(LA), name: 'North locality multi-agency child protection team', startedOn: today } as never);
    const member = (agency: typeof la, role: CpTeamRole, memberName: string) =>
      em.create(ChildProtectionTeamMember, { owningAgency: la, ...by(LA), team, agency, role, memberName, startedOn: today, practitioner: null, } as never);
    member(la, CpTeamRole.SOCIAL_WORKER, 'Amy Khan');
    member(cht, CpTeamRole.HEALTH_PROFESSIONAL, 'Hana Novak (nominated by the ICB)');
    member(police, CpTeamRole.POLICE_OFFICER, 'Ian Ross');
    member(school, CpTeamRole.EDUCATION_PROFESSIONAL, 'Kay Wood');
    em.create(ChildProtectionTeamCase, { owningAgency: la, ...by(LA), team, child: cpChild.child, startedOn: today } as never);
    await em.flush();
    await syncTeamInvolvements(em, { agencyId: la.id, subject: world.seededBy(LA) }, (team as ChildProtectionTeam).id);
  }
  // An emergency department nurse opened a child's status card from outside the child's involvement: the
  // allocated social worker was told (CP-IS), and has not acknowledged it yet.
  const cp = world.children.find((c) => c.pathway === 'CHILD_PROTECTION');
  const amy = await em.findOne(Practitioner, { subject: 'la.sw.amy.khan' }, { filters: false });
  if (cp && amy) {
    em.create(AccessNotification, {
      owningAgency: la,
      createdBy: 'ed.nurse.sam.price',
      updatedBy: 'ed.nurse.sam.price',
      child: cp.child,
      kind: AccessNotificationKind.STATUS_CARD,
      accessedAt: at(today, -1, 23),
      accessingAgency: cht,
      accessedBySubject: 'ed.nurse.sam.price',
      accessedByName: null,
      accessedByRoles: 'HEALTH_PRACTITIONER',
      purpose: 'DIRECT_CARE',
      reason: 'Attended the emergency department with a head injury at 23:00.',
      notifiedPractitioner: amy,
      notifiedTeam: amy.team ?? null,
    } as never);
  }
}
