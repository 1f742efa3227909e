import {
  AttendanceSummary,
  ChildMissingEducation,
  EhcPlan,
  EhcPlanStatus,
  Exclusion,
  ExclusionKind,
  ExclusionReason,
  SchoolEnrolment,
  SenNeed,
} from '../../src/modules/education/education.entity';
import { DomesticAbuseIncident, DomesticAbuseNotification, DomesticAbuseNotificationAcknowledgement } from '../../src/modules/education/domestic-abuse-notification.entity';
import { ChildIdentifier } from '../../src/modules/people/child-identifier.entity';
import { IdentifierType } from '../../src/modules/people/codes';
import { addDays, at } from '../random';
import type { DemoChild, DemoWorld } from '../world';

const LA = 'LA-NORTHSHIRE';
const POLICE = 'POLICE-NORTHSHIRE';
const CASTLEGATE = 'SCH-CASTLEGATE-HIGH';

/** Terms of the demo's last and current school years (sessions = 2 per school day). */
const TERMS = [
  { label: '2025/26 autumn term', start: '2025-09-03', end: '2025-12-19', sessions: 148 },
  { label: '2025/26 spring term', start: '2026-01-05', end: '2026-03-27', sessions: 114 },
  { label: '2025/26 summer term', start: '2026-04-13', end: '2026-07-22', sessions: 132 },
  { label: '2026/27 autumn first half term', start: '2026-09-02', end: '2026-10-23', sessions: 76 },
];

const ENCOMPASS = [
  'Police attended a domestic abuse incident at home last night. The child was present and is safe; a parent was arrested. Please offer a quiet check-in this morning.',
  'Domestic incident at home yesterday evening; the child was upstairs and heard shouting. No injuries. The family may be tired and upset today.',
  'Police called to the home overnight after a verbal argument between adults. The child was not present (staying with grandparents).',
];

/**
 * Education for school-age children (those with a schoolCode): enrolment at their school with the UPN it
 * uses, attendance for each term since enrolment (EDUCATION_CONCERN and EXPLOITATION children attend
 * poorly), suspensions for EDUCATION_CONCERN children, an EHC plan issued late and one in assessment, a
 * child-missing-education episode, and Operation Encompass notifications from the police to Castlegate
 * High (mostly before the next school day, most acknowledged by the school).
 */
export async function seedEducation(world: DemoWorld): Promise<void> {
  const { em, rng, today } = world;
  const la = world.agencies.get(LA)!;
  const police = world.agencies.get(POLICE)!;
  const pupils = world.children.filter((c): c is DemoChild & { schoolCode: string } => !!c.schoolCode && !!c.child.dateOfBirth && world.agencies.has(c.schoolCode));
  const by = (code: string) => ({ createdBy: world.seededBy(code), updatedBy: world.seededBy(code) });
  let misSeq = 0;
  const upns = await em.find(ChildIdentifier, { type: IdentifierType.UPN, child: { $in: pupils.map((p) => p.child.id) } } as never);
  const upnOf = new Map(upns.map((u) => [u.child.id, u.value]));

  for (const dc of pupils) {
    const school = world.agencies.get(dc.schoolCode)!;
    const dob = dc.child.dateOfBirth!;
    // On roll since the start of primary (age 4) or secondary (age 11) school, as the people seed's DSL involvement.
    const age = Math.floor((Number(today.replace(/-/g, '')) - Number(dob.replace(/-/g, ''))) / 10000);
    const entry = `${Number(today.slice(0, 4)) - (Number(today.slice(5, 7)) >= 9 ? 0 : 1) - (age >= 11 ? age - 11 : age - 4)}-09-01`;
    const started = entry < dob ? addDays(dob, 4 * 365) : entry;
    const fromDate = started > today ? addDays(today, -30) : started;
    const upn = upnOf.get(dc.child.id) ?? null;
    em.create(SchoolEnrolment, { owningAgency: school, ...by(school.code), sourceSystem: 'SIMS', sourceRecordId: `SIMS-ENR-${dc.index}`, child: dc.child, school, fromDate, toDate: null, upnUsed: upn } as never);

    const poor = dc.pathway === 'EDUCATION_CONCERN' || dc.pathway === 'EXPLOITATION';
    for (const term of TERMS) {
      if (term.start < fromDate || term.end > today) continue;
      const rate = poor ? 0.68 + rng.next() * 0.2 : 0.9 + rng.next() * 0.09;
      const attended = Math.round(term.sessions * rate);
      const absent = term.sessions - attended;
      const unauthorised = Math.round(absent * (poor ? 0.5 + rng.next() * 0.4 : rng.next() * 0.3));
      em.create(AttendanceSummary, {
        owningAgency: school,
        ...by(school.code),
        child: dc.child,
        school,
        periodLabel: term.label,
        periodStart: term.start,
        periodEnd: term.end,
        possibleSessions: term.sessions,
        attendedSessions: attended,
        authorisedAbsenceSessions: absent - unauthorised,
        unauthorisedAbsenceSessions: unauthorised,
      } as never);
    }

    if (dc.pathway === 'EDUCATION_CONCERN') {
      const count = rng.int(1, 3);
      for (let n = 0; n < count; n++) {
        const startDate = addDays(today, -rng.int(20, 300));
        if (startDate < fromDate) continue;
        em.create(Exclusion, {
          owningAgency: school,
          ...by(school.code),
          child: dc.child,
          school,
          kind: ExclusionKind.SUSPENSION,
          startDate,
          sessions: rng.pick([2, 4, 6, 10]),
          reason: rng.pick([ExclusionReason.PD, ExclusionReason.VA, ExclusionReason.PP, ExclusionReason.DA, ExclusionReason.OW]),
        } as never);
      }
    }
  }

  // SEND and CME: owned by the local authority.
  const concern = world.children.filter((c) => c.pathway === 'EDUCATION_CONCERN' && c.child.dateOfBirth);
  const [first, second, third] = concern;
  if (first) {
    const requestDate = addDays(today, -300);
    em.create(EhcPlan, {
      owningAgency: la,
      ...by(LA),
      sourceSystem: 'Capita One',
      sourceRecordId: 'ONE-EHC-0001',
      child: first.child,
      status: EhcPlanStatus.ISSUED,
      requestDate,
      issueDate: addDays(requestDate, 23 * 7), // issued three weeks after the 20-week limit
      timeLimitExceptionApplies: false,
      primaryNeed: SenNeed.SEMH,
    } as never);
  }
  if (second) {
    em.create(EhcPlan, {
      owningAgency: la,
      ...by(LA),
      sourceSystem: 'Capita One',
      sourceRecordId: 'ONE-EHC-0002',
      child: second.child,
      status: EhcPlanStatus.ASSESSING,
      requestDate: addDays(today, -56),
      primaryNeed: SenNeed.SLCN,
    } as never);
  }
  const cmeChild = third ?? first;
  if (cmeChild) {
    const reportedDate = addDays(today, -rng.int(200, 260));
    em.create(ChildMissingEducation, {
      owningAgency: la,
      ...by(LA),
      sourceSystem: 'Capita One',
      sourceRecordId: `ONE-CME-${String(++misSeq).padStart(4, '0')}`,
      child: cmeChild.child,
      reportedDate,
      resolvedDate: addDays(reportedDate, rng.int(20, 45)),
      resolution: 'Back on roll after a managed move; attendance monitored by the education welfare service.',
    } as never);
  }

  // Operation Encompass: police -> Castlegate High, usually before 09:00 the next school day.
  const castlegate = world.agencies.get(CASTLEGATE);
  const encompass = pupils.filter((c) => c.schoolCode === CASTLEGATE).slice(0, 5);
  let danSeq = 0;
  for (const [i, dc] of encompass.entries()) {
    const incidentDay = -rng.int(10, 150);
    const incidentAt = at(today, incidentDay, rng.int(19, 23));
    const late = i === 2; // one notification reached the school after the start of the school day
    const sent = at(today, incidentDay + 1, late ? 11 : 7);
    // The force records the incident first (its task: tell the school), then the notification that closes it.
    const incident = em.create(DomesticAbuseIncident, { owningAgency: police, ...by(POLICE), child: dc.child, school: castlegate, incidentAt, childPresent: i % 3 !== 2 } as never);
    const n = em.create(DomesticAbuseNotification, {
      incident,
      owningAgency: police,
      ...by(POLICE),
      sourceSystem: 'Niche RMS',
      sourceRecordId: `NICHE-OE-${String(++danSeq).padStart(4, '0')}`,
      child: dc.child,
      school: castlegate,
      incidentAt,
      childPresent: i % 3 !== 2,
      notificationSentAt: sent,
      summaryForSchool: ENCOMPASS[i % ENCOMPASS.length]!,
      policeReference: `NS-${20260000 + rng.int(1000, 9999)}`,
      policeNotes: 'Risk assessed as standard (DASH). Suspect bailed with conditions not to contact the victim.',
    } as never);
    if (i !== 1 && castlegate) {
      em.create(DomesticAbuseNotificationAcknowledgement, {
        owningAgency: castlegate,
        ...by(CASTLEGATE),
        notification: n,
        acknowledgedAt: new Date(sent.getTime() + rng.int(20, 150) * 60_000),
      } as never);
    }
  }
  // An incident last night whose school has not been told yet: an open task in the force's worklist.
  const pending = pupils.filter((c) => c.schoolCode === CASTLEGATE)[5];
  if (pending) em.create(DomesticAbuseIncident, { owningAgency: police, ...by(POLICE), child: pending.child, school: castlegate, incidentAt: at(today, -1, 22), childPresent: true } as never);
}
