import type { Agency } from '../../src/modules/agencies/agency.entity';
import { HandlingCode, IntelligenceAssessment, SourceEvaluation } from '../../src/modules/exploitation/exploitation-screening.entity';
import { ClosureReason, PrimaryNeed, ReferralSource } from '../../src/modules/frontdoor/codes';
import { Contact } from '../../src/modules/frontdoor/contact.entity';
import { PreProceedings } from '../../src/modules/frontdoor/pre-proceedings.entity';
import { Referral } from '../../src/modules/frontdoor/referral.entity';
import type { Child } from '../../src/modules/people/child.entity';
import { ChildProtectionConference, ChildProtectionPlan, ChildProtectionVisit, CoreGroupMeeting, Section47Enquiry } from '../../src/modules/protection/child-protection.entity';
import {
  CategoryOfAbuse,
  ConferenceOutcome,
  ConferenceType,
  ParticipantStatus as PS,
  PlanEndReason,
  Section47Outcome,
  StrategyDiscussionDecision as Decision,
  StrategyDiscussionFormat as Format,
  StrategyDiscussionStage,
  StrategyDiscussionUrgency,
} from '../../src/modules/protection/codes';
import { AgencyContribution, StrategyDiscussion, StrategyDiscussionAction, StrategyDiscussionParticipant, StrategyDiscussionResponse } from '../../src/modules/protection/strategy-discussion.entity';
import { addWorkingDays } from '../../src/timescales/working-days';
import { addDays, at } from '../random';
import type { DemoChild, DemoWorld } from '../world';

/**
 * The protection story of each demo child, by pathway (deterministic: world.rng, dates from world.today).
 *
 * What it shows on purpose (the inspection findings in the seeds): many strategy discussions are
 * telephone calls between the local authority and the police only; some have health and the school
 * attending; some record health declining (in health's own response) or not being invited, with the
 * reason. Police contributions carry their 3x5x2 grading. ICPCs fall mostly within 15 working days of
 * the strategy discussion, some beyond. Some plans have ended, a few children are on a second plan,
 * and one plan has lasted more than two years. Visits and core groups follow each plan.
 */
const LA = 'LA-NORTHSHIRE';
const POLICE = 'POLICE-NORTHSHIRE';
const CHT = 'NHS-NORTHSHIRE-CHT';
const ICB = 'NHS-NORTHSHIRE-ICB';
const SYSTEM: Record<string, string> = { [LA]: 'LiquidLogic-LCS', [POLICE]: 'Niche-RMS', [CHT]: 'SystmOne', [ICB]: 'SystmOne' };

const CATEGORIES: CategoryOfAbuse[] = [
  CategoryOfAbuse.NEG, CategoryOfAbuse.NEG, CategoryOfAbuse.NEG, CategoryOfAbuse.NEG, CategoryOfAbuse.NEG,
  CategoryOfAbuse.EMO, CategoryOfAbuse.EMO, CategoryOfAbuse.EMO, CategoryOfAbuse.PHY, CategoryOfAbuse.SAB, CategoryOfAbuse.MUL,
];

const CONCERNS: Record<string, string[]> = {
  CHILD_PROTECTION: [
    'Domestic abuse incident at the family home; child present and distressed.',
    'Unexplained bruising noticed at school; inconsistent explanations from the parent.',
    'Persistent neglect: home conditions very poor, missed health appointments, child often hungry.',
    "Parental substance misuse; child found alone at home late at night.",
    'Disclosure to a teacher of being hit with a belt.',
  ],
  UNBORN: [
    'Pre-birth concern: mother misusing substances; previous child removed.',
    'Pre-birth concern: domestic abuse by partner during pregnancy; late booking.',
    'Pre-birth concern: parental mental health crisis, no engagement with antenatal care.',
  ],
  EXPLOITATION: [
    'Found in another county with cash and two phones; suspected county lines.',
    'Repeatedly missing overnight; seen getting into cars with older males.',
    'Arrested with a knife; concerns of criminal exploitation by a local group.',
  ],
};

const HEALTH_DECLINES = ['Health visitor on annual leave; information sent by secure email instead.', 'School nurse in clinic; written information provided.', 'No capacity at the time offered; will contribute to the s47.'];
const NOT_INVITED = ['Discussion held out of hours by telephone; health not contacted.', 'Urgent same-day call between the team manager and the police; partners not contacted.', 'School closed (holiday); not contacted.'];

interface Ctx {
  world: DemoWorld;
  agencies: Record<string, Agency>;
  seq: number;
}

export async function seedProtection(world: DemoWorld): Promise<void> {
  const { em, rng, today } = world;
  const la = world.agencies.get(LA);
  const police = world.agencies.get(POLICE);
  const cht = world.agencies.get(CHT);
  const icb = world.agencies.get(ICB);
  if (!la || !police || !cht || !icb) return;
  const c: Ctx = { world, agencies: { [LA]: la, [POLICE]: police, [CHT]: cht, [ICB]: icb }, seq: 0 };
  const children = world.children.filter((d) => d.pathway === 'CHILD_PROTECTION' || d.pathway === 'UNBORN' || d.pathway === 'EXPLOITATION');
  if (!children.length) return;

  const referrals = await em.find(Referral, { child: { $in: children.map((d) => d.child.id) } }, { orderBy: { referralDate: 'asc' }, filters: false });
  const referralsOf = (child: Child) => referrals.filter((r) => r.child.id === child.id && !r.deletedAt);

  const latest = addDays(today, -2);
  let longPlanDone = false;
  let secondPlans = 0;
  for (const dc of children) {
    const child = dc.child;
    const earliest = child.dateOfBirth ?? (child.expectedDateOfBirth ? addDays(child.expectedDateOfBirth, -200) : addDays(today, -400));
    const refs = referralsOf(child);
    const main = refs.at(-1);
    let sdDay = main ? addWorkingDays(main.referralDate, rng.int(0, 4)) : addDays(today, -rng.int(30, 600));
    if (sdDay < earliest) sdDay = addDays(earliest, rng.int(1, 20));
    if (sdDay > latest) sdDay = latest;

    if (dc.pathway === 'EXPLOITATION') {
      exploitationStory(c, dc, sdDay, main ?? null);
      continue;
    }

    // A few CP children were on a plan before: an earlier, ended episode (second or subsequent plan now).
    const firstDay = addDays(sdDay, -rng.int(420, 620));
    // It ends before the child's next referral (CIN episodes must not overlap: rule 8820), with room for a plan.
    const nextRef = refs.find((r) => r.referralDate > firstDay);
    if (dc.pathway === 'CHILD_PROTECTION' && secondPlans < 4 && child.dateOfBirth && firstDay > addDays(child.dateOfBirth, 30) && rng.chance(0.4) && (!nextRef || nextRef.referralDate > addDays(firstDay, 240))) {
      secondPlans++;
      const endBy = addDays(sdDay, -rng.int(60, 150));
      const forceEnd = nextRef && nextRef.referralDate <= endBy ? addDays(nextRef.referralDate, -1) : endBy;
      // The earlier plan sat in a CIN episode of its own (the CIN census has nowhere else to put it): the
      // referral that opened it, closed when the plan ended and services ceased (RC7).
      const earlierRef =
        (refs.length > 1 && refs[0]!.referralDate <= firstDay ? refs[0]! : null) ??
        (em.create(Referral, {
          ...stamp(c, LA),
          child,
          contact: null,
          referralDate: firstDay,
          source: ReferralSource.SOURCE_2A,
          primaryNeed: PrimaryNeed.N1,
          nfa: false,
          decisionAt: at(firstDay, 0, 15),
          closureDate: forceEnd,
          closureReason: ClosureReason.RC7,
        } as never) as Referral);
      cpStory(c, dc, firstDay, earlierRef, { forceEnd, forcePlan: true });
    }

    // One plan that has lasted more than two years (still active).
    let day = sdDay;
    let mainRef = main ?? null;
    if (!longPlanDone && dc.pathway === 'CHILD_PROTECTION' && child.dateOfBirth && addDays(today, -800) > addDays(child.dateOfBirth, 60)) {
      longPlanDone = true;
      day = addDays(today, -rng.int(780, 840));
      // The plan belongs to a CIN episode open when it began (the CIN census checks this): the child's
      // open referral is dated back to the plan's start, after any earlier, closed one.
      const open = refs.at(-1);
      if (open && !open.closureDate && open.referralDate > day) {
        const before = refs.at(-2);
        if (before?.closureDate && before.closureDate >= day) day = addDays(before.closureDate, 1);
        open.referralDate = day;
        // The contact that led to it came first.
        const contact = open.contact ? await em.findOne(Contact, { id: open.contact.id }, { filters: false }) : null;
        if (contact) contact.contactAt = at(day, 0, 10);
      }
      mainRef = refs.find((r) => r.referralDate <= day && (!r.closureDate || r.closureDate >= day)) ?? null;
      cpStory(c, dc, day, mainRef, { keepActive: true, forcePlan: true });
      // Two years on a plan without change: the authority has started pre-proceedings (Public Law Outline).
      const ppStart = addWorkingDays(addDays(today, -121), 1);
      em.create(PreProceedings, {
        ...stamp(c, LA),
        child,
        referral: mainRef,
        startDate: ppStart,
        letterBeforeProceedingsDate: ppStart,
        familyMeetingOffered: true,
        familyMeetingHeld: true,
        initialMeetingDate: addWorkingDays(ppStart, 10),
        reviewMeetings: 2,
      } as never);
      continue;
    }
    cpStory(c, dc, day, mainRef, {});
  }
  const convening = children.find((d) => d.pathway === 'CHILD_PROTECTION' && schoolOf(c, d));
  if (convening) convenedDiscussion(c, convening, schoolOf(c, convening)!, referralsOf(convening.child).at(-1) ?? null);
}

/** Who recorded a record with no partner-system id (draws no sequence number, so later ids stay as they were). */
function unsourced(c: Ctx, code: string) {
  const by = c.world.seededBy(code);
  return { owningAgency: c.agencies[code]!, createdBy: by, updatedBy: by, sourceSystem: null, sourceRecordId: null };
}

function stamp(c: Ctx, code: string) {
  const by = c.world.seededBy(code);
  return { owningAgency: c.agencies[code]!, createdBy: by, updatedBy: by, sourceSystem: SYSTEM[code]!, sourceRecordId: `${code}-P${String(++c.seq).padStart(6, '0')}` };
}

function schoolOf(c: Ctx, dc: DemoChild): Agency | null {
  return (dc.schoolCode && c.world.agencies.get(dc.schoolCode)) || null;
}

/** A strategy discussion with its participants, contributions and (some) responses. */
function strategyDiscussion(c: Ctx, dc: DemoChild, day: string, referral: Referral | null, decision: Decision): StrategyDiscussion {
  const { em, rng } = c.world;
  const school = schoolOf(c, dc);
  const unborn = dc.pathway === 'UNBORN';
  // The mix the inspection found: mostly LA + police phone calls.
  const r = rng.next();
  const shape = r < 0.45 ? 'LA_POLICE_CALL' : r < 0.65 ? 'HEALTH_ATTENDED' : r < 0.8 ? 'HEALTH_DECLINED' : r < 0.9 ? 'HEALTH_NOT_INVITED' : 'FULL_MEETING';
  const format = shape === 'LA_POLICE_CALL' || shape === 'HEALTH_NOT_INVITED' ? Format.CALL : shape === 'FULL_MEETING' ? Format.MEETING : rng.pick([Format.VIDEO, Format.VIDEO, Format.MEETING, Format.CALL]);
  const heldAt = at(day, 0, rng.int(9, 17));
  const manager = rng.chance(0.6);
  const d = em.create(StrategyDiscussion, {
    ...stamp(c, LA),
    child: dc.child,
    referral,
    concernSummary: rng.pick(CONCERNS[dc.pathway] ?? CONCERNS.CHILD_PROTECTION!),
    convenedByName: manager ? 'Ben Okafor' : 'Amy Khan',
    convenedByRole: manager ? 'Team manager' : 'Social worker',
    heldAt,
    format,
    decision,
    decisionRationale:
      decision === Decision.S47_ENQUIRY
        ? 'Reasonable cause to suspect the child is suffering, or likely to suffer, significant harm.'
        : decision === Decision.FURTHER_DISCUSSION
          ? 'More information needed from health and school before deciding; reconvene within 2 working days.'
          : 'Threshold for s47 not met; continue the child and family assessment with support.',
  } as never) as StrategyDiscussion;

  const invitedAt = at(day, 0, 8);
  const participant = (agency: Agency, role: string, name: string | null, status: PS, reason: string | null = null) =>
    em.create(StrategyDiscussionParticipant, {
      ...stamp(c, LA),
      sourceRecordId: null,
      sourceSystem: null,
      discussion: d,
      agency,
      agencyKind: agency.kind,
      role,
      practitionerName: name,
      status,
      statusReason: reason,
      invitedAt: status === PS.NOT_INVITED ? null : invitedAt,
    } as never) as StrategyDiscussionParticipant;

  const la = c.agencies[LA]!;
  const police = c.agencies[POLICE]!;
  const cht = c.agencies[CHT]!;
  participant(la, manager ? 'Team manager (chair)' : 'Social worker', manager ? 'Ben Okafor' : 'Amy Khan', PS.ATTENDED);
  participant(police, dc.pathway === 'EXPLOITATION' ? 'Exploitation detective' : 'Public protection officer', 'Ian Ross', PS.ATTENDED);
  const healthRole = unborn ? 'Vulnerable families midwife' : rng.chance(0.5) ? 'Health visitor' : 'School nurse';
  const healthName = unborn ? 'Priya Shah' : 'Grace Lee';
  let healthAttended = false;
  let healthDeclined = false;
  switch (shape) {
    case 'LA_POLICE_CALL':
      // Often health is simply absent from the record; sometimes the gap is recorded.
      if (rng.chance(0.35)) participant(cht, healthRole, null, PS.NOT_INVITED, rng.pick(NOT_INVITED));
      break;
    case 'HEALTH_ATTENDED':
      participant(cht, healthRole, healthName, PS.ATTENDED);
      healthAttended = true;
      if (school) participant(school, 'Designated safeguarding lead', 'Kay Wood', rng.chance(0.7) ? PS.ATTENDED : PS.INVITED);
      break;
    case 'HEALTH_DECLINED': {
      const p = participant(cht, healthRole, null, PS.INVITED);
      healthDeclined = true;
      // Health recorded its own decline (its record; the convener cannot overwrite it).
      em.create(StrategyDiscussionResponse, { ...stamp(c, CHT), sourceSystem: null, sourceRecordId: null, participant: p, status: PS.DECLINED, statusReason: rng.pick(HEALTH_DECLINES), practitionerName: healthName } as never);
      if (school) participant(school, 'Designated safeguarding lead', 'Kay Wood', PS.ATTENDED);
      break;
    }
    case 'HEALTH_NOT_INVITED':
      participant(cht, healthRole, null, PS.NOT_INVITED, rng.pick(NOT_INVITED));
      if (school) participant(school, 'Designated safeguarding lead', null, PS.NOT_INVITED, rng.pick(NOT_INVITED));
      break;
    case 'FULL_MEETING':
      participant(cht, healthRole, healthName, PS.ATTENDED);
      participant(c.agencies[ICB]!, 'Designated nurse for safeguarding', 'Hana Novak', PS.ATTENDED);
      healthAttended = true;
      if (school) participant(school, 'Designated safeguarding lead', 'Kay Wood', PS.ATTENDED);
      break;
  }

  // Contributions, each owned by its contributor.
  const contribution = (code: string | Agency, data: Record<string, unknown>) => {
    const agency = typeof code === 'string' ? c.agencies[code]! : code;
    const base = typeof code === 'string' ? stamp(c, code) : { ...stamp(c, LA), owningAgency: agency, createdBy: c.world.seededBy(agency.code), updatedBy: c.world.seededBy(agency.code), sourceSystem: 'CPOMS' };
    return em.create(AgencyContribution, { ...base, discussion: d, agencyKind: agency.kind, ...data } as never);
  };
  const conditional = rng.chance(0.25);
  contribution(POLICE, {
    contributorName: 'Ian Ross',
    contributorRole: 'Public protection officer',
    summary: rng.pick(['Two previous domestic incidents at the address in the last year.', 'Known associates of concern; intelligence shared.', 'No previous police involvement with the family.']),
    policeIntelligence: rng.pick([
      'Partner has a history of violence towards previous partners (two convictions).',
      'Intelligence indicates the address is used to store drugs for a county line.',
      'Neighbour reports frequent shouting and a child crying late at night.',
    ]),
    sourceEvaluation: rng.pick([SourceEvaluation.RELIABLE, SourceEvaluation.RELIABLE, SourceEvaluation.UNTESTED, SourceEvaluation.NOT_RELIABLE]),
    intelligenceAssessment: rng.pick([IntelligenceAssessment.A, IntelligenceAssessment.B, IntelligenceAssessment.B, IntelligenceAssessment.C, IntelligenceAssessment.D]),
    handlingCode: conditional ? HandlingCode.C : HandlingCode.P,
    handlingConditions: conditional ? 'Not to be disclosed to the family or in conference minutes without police agreement (source protection).' : null,
  });
  if (healthAttended || healthDeclined) {
    contribution(CHT, {
      contributorName: healthName,
      contributorRole: healthRole,
      summary: unborn ? 'Late booking; two missed antenatal appointments.' : rng.pick(['Missed immunisations and two missed appointments.', 'Growth faltering noted at last review.', 'Attended A&E twice in 3 months.']),
      healthDetail: unborn ? 'Booking bloods show opiate use; on methadone script, partial engagement.' : rng.pick(['Weight has dropped from the 50th to the 9th centile over six months.', 'Two A&E attendances with minor head injuries; explanations inconsistent.']),
    });
  }
  if (school && (shape === 'HEALTH_ATTENDED' || shape === 'HEALTH_DECLINED' || shape === 'FULL_MEETING')) {
    contribution(school, {
      contributorName: 'Kay Wood',
      contributorRole: 'Designated safeguarding lead',
      summary: rng.pick(['Attendance 81% this term; often late and hungry.', 'Child has become withdrawn; disclosed worries about home.']),
      educationDetail: rng.pick(['Three CPOMS entries this term about hunger and unwashed uniform.', 'Disclosure to class teacher recorded verbatim on CPOMS.']),
    });
  }
  if (rng.chance(0.4)) {
    contribution(LA, { contributorName: 'Amy Khan', contributorRole: 'Social worker', summary: 'Family known to children\'s social care; previous child in need plan.', socialCareDetail: 'Previous CIN plan closed 14 months ago; father\'s whereabouts unknown.' });
  }
  // The actions an s47 decision agrees (no random draws here: the rest of the demo stays as it was).
  if (decision === Decision.S47_ENQUIRY) {
    const action = (agency: Agency, description: string, dueBy: string) =>
      em.create(StrategyDiscussionAction, { ...unsourced(c, LA), discussion: d, assignedAgency: agency, description, dueBy } as never);
    action(police, 'Joint visit with the social worker to see the child and speak to them alone.', addWorkingDays(day, 1));
    if (healthAttended) action(cht, "Send the child's health summary (growth, immunisations, attendances) to the social worker.", addWorkingDays(day, 2));
  }
  return d;
}

/**
 * One discussion convened and not yet held on the demo's today: invitations out to health, the school and
 * the police with a respond-by time; health has accepted, the others have not answered (their worklists
 * show the invitation).
 */
function convenedDiscussion(c: Ctx, dc: DemoChild, school: Agency, referral: Referral | null): void {
  const { em, today } = c.world;
  const convenedAt = at(today, 0, 9);
  const respondBy = at(today, 1, 12);
  const d = em.create(StrategyDiscussion, {
    ...unsourced(c, LA),
    child: dc.child,
    referral,
    stage: StrategyDiscussionStage.CONVENED,
    urgency: StrategyDiscussionUrgency.NEXT_WORKING_DAY,
    convenedAt,
    concernSummary: 'New disclosure at school of being hit with a belt; marks seen by the class teacher.',
    convenedByName: 'Ben Okafor',
    convenedByRole: 'Team manager',
    heldAt: at(today, 2, 10),
    format: Format.VIDEO,
    decision: null,
  } as never) as StrategyDiscussion;
  const invite = (agency: Agency, role: string) =>
    em.create(StrategyDiscussionParticipant, {
      ...unsourced(c, LA),
      discussion: d,
      agency,
      agencyKind: agency.kind,
      role,
      status: PS.INVITED,
      invitedAt: convenedAt,
      respondBy,
    } as never) as StrategyDiscussionParticipant;
  invite(c.agencies[POLICE]!, 'Public protection officer');
  const health = invite(c.agencies[CHT]!, 'School nurse');
  invite(school, 'Designated safeguarding lead');
  em.create(StrategyDiscussionResponse, { ...unsourced(c, CHT), participant: health, status: PS.ACCEPTED, practitionerName: 'Grace Lee' } as never);
}

/** Strategy discussion -> s47 -> ICPC -> plan -> reviews, visits, core groups. */
function cpStory(c: Ctx, dc: DemoChild, sdDay: string, referral: Referral | null, opts: { forceEnd?: string; keepActive?: boolean; forcePlan?: boolean }): void {
  const { em, rng, today } = c.world;
  const latest = addDays(today, -1);
  // Some first discussions need more information and are reconvened.
  let day = sdDay;
  if (!opts.forcePlan && rng.chance(0.15)) {
    strategyDiscussion(c, dc, day, referral, Decision.FURTHER_DISCUSSION);
    day = addWorkingDays(day, rng.int(1, 3));
    if (day > latest) return;
  }
  const d = strategyDiscussion(c, dc, day, referral, Decision.S47_ENQUIRY);
  const s47Start = day;
  // ICPC within 15 working days of the initiating discussion for most, beyond for some.
  const icpcDay = addWorkingDays(s47Start, rng.chance(0.7) ? rng.int(8, 15) : rng.int(16, 32));
  const s47End = addWorkingDays(icpcDay, -rng.int(1, 4)) < s47Start ? s47Start : addWorkingDays(icpcDay, -rng.int(1, 4));
  const completed = s47End <= latest;
  const noPlan = !opts.forcePlan && rng.chance(0.12);
  const s47 = em.create(Section47Enquiry, {
    ...stamp(c, LA),
    child: dc.child,
    strategyDiscussion: d,
    startDate: s47Start,
    endDate: completed ? s47End : null,
    outcome: completed ? Section47Outcome.ICPC_REQUIRED : null,
    conferenceRequired: completed,
  } as never) as Section47Enquiry;
  if (icpcDay > latest) return;

  const attending = () => {
    const ids = [c.agencies[LA]!.id];
    if (rng.chance(0.85)) ids.push(c.agencies[POLICE]!.id);
    if (rng.chance(0.8)) ids.push(c.agencies[CHT]!.id);
    const school = schoolOf(c, dc);
    if (school && rng.chance(0.8)) ids.push(school.id);
    return ids;
  };
  const category = rng.pick(CATEGORIES);
  const icpc = em.create(ChildProtectionConference, {
    ...stamp(c, LA),
    child: dc.child,
    type: ConferenceType.INITIAL,
    section47Enquiry: s47,
    conferenceDate: icpcDay,
    outcome: noPlan ? ConferenceOutcome.NO_PLAN : ConferenceOutcome.CP_PLAN,
    categoryOfAbuse: noPlan ? null : category,
    chairName: 'Dev Patel',
    attendingAgencyIds: attending(),
  } as never) as ChildProtectionConference;
  if (noPlan) return;

  // Reviews: first within 3 months, then 6-monthly. Ended plans end at a review.
  const reviews: string[] = [];
  for (let r = addDays(icpcDay, rng.int(80, 92)); r <= latest; r = addDays(r, rng.int(170, 183))) reviews.push(r);
  let endDate: string | null = null;
  if (opts.forceEnd) {
    endDate = reviews.find((r) => r >= addDays(icpcDay, 180) && r <= opts.forceEnd!) ?? (opts.forceEnd > icpcDay ? opts.forceEnd : null);
  } else if (!opts.keepActive && reviews.length >= 2 && rng.chance(0.5)) {
    endDate = reviews[rng.int(1, reviews.length - 1)]!;
  }
  const plan = em.create(ChildProtectionPlan, {
    ...stamp(c, LA),
    child: dc.child,
    initialConference: icpc,
    startDate: icpcDay,
    endDate,
    category,
    endReason: endDate ? (rng.chance(0.8) ? PlanEndReason.NO_LONGER_AT_RISK : PlanEndReason.BECAME_LOOKED_AFTER) : null,
  } as never) as ChildProtectionPlan;
  const until = endDate ?? latest;
  for (const r of reviews.filter((x) => x <= until)) {
    const ends = r === endDate;
    em.create(ChildProtectionConference, {
      ...stamp(c, LA),
      child: dc.child,
      type: ConferenceType.REVIEW,
      reviewedPlan: plan,
      conferenceDate: r,
      outcome: ends ? ConferenceOutcome.NO_PLAN : ConferenceOutcome.CP_PLAN,
      categoryOfAbuse: ends ? null : category,
      chairName: 'Dev Patel',
      attendingAgencyIds: attending(),
    } as never);
  }
  // Visits roughly every 10 working days (some gaps), seen alone about 60% of the time.
  for (let v = addWorkingDays(icpcDay, rng.int(2, 8)); v <= until; v = addWorkingDays(v, rng.chance(0.85) ? rng.int(7, 10) : rng.int(14, 25))) {
    const seen = rng.chance(0.92);
    const unbornAtVisit = !dc.child.dateOfBirth || v < dc.child.dateOfBirth;
    em.create(ChildProtectionVisit, {
      ...stamp(c, LA),
      child: dc.child,
      plan,
      visitDate: v,
      seen: seen && !unbornAtVisit,
      seenAlone: seen && !unbornAtVisit && rng.chance(0.6),
      bedroomSeen: rng.chance(0.5),
      practitionerRole: rng.chance(0.9) ? 'Social worker' : 'Family support worker',
    } as never);
  }
  // Core groups: first within 10 working days of the ICPC (some late), then about monthly.
  for (let m = addWorkingDays(icpcDay, rng.chance(0.8) ? rng.int(5, 10) : rng.int(11, 20)); m <= until; m = addDays(m, rng.int(28, 42))) {
    em.create(CoreGroupMeeting, { ...stamp(c, LA), plan, meetingDate: m } as never);
  }
}

/** Harm outside the home: discussion, often an s47, rarely a conference; police intelligence graded. */
function exploitationStory(c: Ctx, dc: DemoChild, day: string, referral: Referral | null): void {
  const { em, rng, today } = c.world;
  const decision = rng.pick([Decision.S47_ENQUIRY, Decision.S47_ENQUIRY, Decision.NO_S47, Decision.FURTHER_DISCUSSION]);
  const d = strategyDiscussion(c, dc, day, referral, decision);
  if (decision !== Decision.S47_ENQUIRY) return;
  const end = addWorkingDays(day, rng.int(8, 30));
  const done = end <= addDays(today, -1);
  em.create(Section47Enquiry, {
    ...stamp(c, LA),
    child: dc.child,
    strategyDiscussion: d,
    startDate: day,
    endDate: done ? end : null,
    outcome: done ? rng.pick([Section47Outcome.CIN_PLAN, Section47Outcome.CIN_PLAN, Section47Outcome.OTHER_AGENCY_MONITOR, Section47Outcome.NFA_CONTINUE_ASSESSMENT]) : null,
    conferenceRequired: false,
  } as never);
}
