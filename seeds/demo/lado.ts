import { LadoAdultRole as R, LadoHarmCategory as H, LadoOutcome as O } from '../../src/modules/lado/codes';
import { LadoReferral, LadoReferralChild } from '../../src/modules/lado/lado-referral.entity';
import { addWorkingDays } from '../../src/timescales/working-days';
import { addDays, at } from '../random';
import type { DemoWorld } from '../world';

/**
 * About eight allegations against people who work with children, held by the Northshire LADO, with
 * varied roles, categories and outcomes (two still open). Children involved are linked where the
 * demo has a child of a fitting age.
 */
const LA = 'LA-NORTHSHIRE';

interface Case {
  daysAgo: number;
  given: string;
  family: string;
  employer: string;
  role: R;
  roleDetail: string;
  harm: H;
  summary: string;
  threshold: boolean | null;
  outcome: O | null;
  /** Working days from referral to close; null while open. */
  closeAfter: number | null;
  /** Age range of the children involved. */
  ages: [number, number];
  children: number;
}

const CASES: Case[] = [
  { daysAgo: 410, given: 'Mark', family: 'Dellow', employer: 'Castlegate High School', role: R.TEACHER, roleDetail: 'PE teacher', harm: H.PHYSICAL, summary: 'Pupil alleges the teacher pushed him against a wall during a lesson; bruising seen by the school nurse.', threshold: true, outcome: O.SUBSTANTIATED, closeAfter: 70, ages: [12, 16], children: 1 },
  { daysAgo: 350, given: 'Sian', family: 'Pryce', employer: 'Northshire Fostering Service', role: R.FOSTER_CARER, roleDetail: 'Mainstream foster carer', harm: H.EMOTIONAL, summary: 'Looked-after child reports being shouted at and threatened with removal from the placement.', threshold: true, outcome: O.UNSUBSTANTIATED, closeAfter: 55, ages: [8, 14], children: 1 },
  { daysAgo: 290, given: 'Gary', family: 'Holt', employer: 'Castlegate Juniors FC', role: R.SPORTS_COACH, roleDetail: 'Under-12s football coach', harm: H.SEXUAL, summary: 'Parent reports inappropriate private messages from the coach to her son on social media.', threshold: true, outcome: O.SUBSTANTIATED, closeAfter: 90, ages: [10, 12], children: 2 },
  { daysAgo: 230, given: 'Priya', family: 'Nair', employer: 'Ashfield Primary School', role: R.TEACHING_ASSISTANT, roleDetail: 'Year 3 teaching assistant', harm: H.PHYSICAL, summary: 'Child said the TA grabbed her arm; witnesses describe a guiding hand when leaving the classroom.', threshold: true, outcome: O.UNFOUNDED, closeAfter: 25, ages: [6, 9], children: 1 },
  { daysAgo: 180, given: 'Tom', family: 'Ashworth', employer: 'Brookside Academy', role: R.TEACHER, roleDetail: 'Science teacher', harm: H.SEXUAL, summary: 'Anonymous note alleges a relationship with a pupil; the pupil later said the note was written to get the teacher sacked.', threshold: true, outcome: O.MALICIOUS, closeAfter: 35, ages: [14, 16], children: 1 },
  { daysAgo: 120, given: 'Leon', family: 'Barker', employer: 'Oakwood Children’s Home (Northshire Care Ltd)', role: R.RESIDENTIAL_CARE_WORKER, roleDetail: 'Residential support worker', harm: H.NEGLECT, summary: 'Young person left without supervision overnight contrary to the care plan; disputed by the staff rota.', threshold: true, outcome: O.FALSE, closeAfter: 40, ages: [13, 17], children: 1 },
  { daysAgo: 45, given: 'Dean', family: 'Marsh', employer: 'Northshire Scouts District', role: R.VOLUNTEER, roleDetail: 'Scout leader (volunteer)', harm: H.SUITABILITY, summary: 'Police inform the LADO of a domestic abuse arrest outside work; transferable risk to be considered.', threshold: true, outcome: null, closeAfter: null, ages: [10, 14], children: 0 },
  { daysAgo: 12, given: 'Karen', family: 'Whitby', employer: 'Little Acorns Nursery', role: R.EARLY_YEARS_PRACTITIONER, roleDetail: 'Nursery practitioner', harm: H.PHYSICAL, summary: 'Parent reports a mark on her toddler’s arm after nursery; nursery CCTV being reviewed.', threshold: null, outcome: null, closeAfter: null, ages: [1, 4], children: 1 },
  { daysAgo: 75, given: 'Olu', family: 'Bankole', employer: 'Castlegate High School', role: R.OTHER_SCHOOL_STAFF, roleDetail: 'Minibus driver (contractor)', harm: H.EMOTIONAL, summary: 'Pupils report the driver swearing at them; consultation only, below the harm threshold, managed by the school.', threshold: false, outcome: null, closeAfter: 3, ages: [11, 16], children: 0 },
];

export async function seedLado(world: DemoWorld): Promise<void> {
  const { em, rng, today } = world;
  const agency = world.agencies.get(LA);
  if (!agency) return;
  const by = world.seededBy(LA);
  const owned = { owningAgency: agency, createdBy: by, updatedBy: by, sourceSystem: 'LADO-Tracker' };
  const used = new Set<string>();
  const ageOn = (dob: string, day: string) => Number(day.slice(0, 4)) - Number(dob.slice(0, 4)) - (day.slice(5) < dob.slice(5) ? 1 : 0);

  CASES.forEach((c, i) => {
    const referralDate = addDays(today, -c.daysAgo);
    const meeting = c.threshold ? addWorkingDays(referralDate, rng.int(2, 8)) : null;
    const closedDay = c.closeAfter !== null ? addWorkingDays(referralDate, c.closeAfter) : null;
    const referral = em.create(LadoReferral, {
      ...owned,
      sourceRecordId: `LADO-${String(i + 1).padStart(4, '0')}`,
      referralDate,
      allegationSummary: c.summary,
      adultGivenName: c.given,
      adultFamilyName: c.family,
      employer: c.employer,
      adultRole: c.role,
      roleDetail: c.roleDetail,
      harmCategory: c.harm,
      thresholdMet: c.threshold,
      strategyMeetingDate: meeting && meeting <= today ? meeting : null,
      outcome: c.outcome,
      closedAt: closedDay && closedDay <= today ? at(closedDay, 0, rng.int(9, 17)) : null,
    } as never);
    const candidates = world.children.filter((dc) => {
      const dob = dc.child.dateOfBirth;
      if (!dob || used.has(dc.child.id) || dob >= referralDate) return false;
      const age = ageOn(dob, referralDate);
      return age >= c.ages[0] && age <= c.ages[1];
    });
    for (let k = 0; k < c.children && candidates.length; k++) {
      const dc = candidates.splice(rng.int(0, candidates.length - 1), 1)[0]!;
      used.add(dc.child.id);
      em.create(LadoReferralChild, { ...owned, sourceSystem: null, ladoReferral: referral, child: dc.child } as never);
    }
  });
}
