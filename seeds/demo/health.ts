import { CareEpisode } from '../../src/modules/care/care-episode.entity';
import { addMonths, addWorkingDays, ageOn } from '../../src/modules/care/dates';
import { HealthAssessment } from '../../src/modules/health/health-assessment.entity';
import { HealthAssessmentType, HealthAssessorRole, SdqReason } from '../../src/modules/health/health.codes';
import { addDays, at, type Rng } from '../random';
import type { DemoWorld } from '../world';

const HEALTH = 'NHS-NORTHSHIRE-CHT';
const LA = 'LA-NORTHSHIRE';

const OUTCOMES = [
  'Health plan agreed; no new concerns. Carer to book optician.',
  'Growth and development within normal range. Referred to CAMHS for emotional wellbeing support.',
  'Immunisations to be caught up at GP. Dental registration needed.',
  'Health plan updated; speech and language referral made.',
  'No new health needs identified; continue with current plan.',
  'Sleep and behaviour advice given to carer; review at next RHA.',
];
const CLINICAL = [
  'Weight on 9th centile; dietary advice. Eczema, emollients prescribed.',
  'Reports low mood; PHQ-A 11. CAMHS referral sent.',
  'Missed MMR2 and pre-school booster; catch-up schedule sent to GP.',
  'Asthma, salbutamol PRN; inhaler technique reviewed.',
  'Hearing screen borderline right ear; audiology referral.',
  'History of head lice and untreated dental caries.',
];
const DECLINED = ['Young person declined to attend.', 'Child not brought to two appointments; young person refuses.', 'Young person refused examination; discussed with social worker.'];

/**
 * Health assessments for children in care and care leavers (while they were looked after): the
 * realistic pattern the partnership scorecard shows. IHA requests often reach health late (only some
 * within 2 working days of entering care) and about a third of IHAs are completed within 20 working
 * days; RHAs follow every 6 months (under 5) or 12 months (5+), some late and the latest sometimes
 * overdue; dental and immunisation data have gaps, and a third of SDQs come back with a reason (903
 * SDQ2-SDQ5) instead of a score. Owned by Northshire Community Health (which performs them), requested by
 * Northshire County Council. Needs seedCare to have run.
 */
export async function seedHealth(world: DemoWorld): Promise<void> {
  const { em, rng, today } = world;
  const health = world.agencies.get(HEALTH)!;
  const la = world.agencies.get(LA)!;
  const children = world.children.filter((c) => c.pathway === 'CHILD_IN_CARE' || c.pathway === 'CARE_LEAVER');
  if (!children.length) return;
  const episodes = await em.find(CareEpisode, { child: { $in: children.map((c) => c.child.id) } }, { orderBy: { startDate: 'asc' } });
  let seq = 0;
  let ihaCount = 0;
  let overdueCount = 0;

  for (const { child } of children) {
    const dob = child.dateOfBirth;
    const mine = episodes.filter((e) => e.child.id === child.id);
    if (!dob || !mine.length) continue;
    const first = mine[0]!;
    const periodEnd = mine.at(-1)!.endDate ?? null;
    const stop = periodEnd && periodEnd < today ? periodEnd : today;
    const episodeOn = (date: string) => mine.filter((e) => e.startDate <= date).at(-1) ?? first;

    const make = (type: HealthAssessmentType, requestedOn: string, dueBy: string, completedAt: string | null, declined: boolean) => {
      const episode = episodeOn(requestedOn);
      const age = ageOn(dob, completedAt ?? requestedOn);
      const completed = !!completedAt;
      const sdq = completed && age >= 4 && age <= 16 ? sdqFor(rng) : { sdqScore: null, sdqReason: completed && age < 4 ? SdqReason.SDQ1 : null };
      em.create(HealthAssessment, {
        owningAgency: health,
        requestingAgency: la,
        createdBy: world.seededBy(LA),
        updatedBy: completed || declined ? world.seededBy(HEALTH) : world.seededBy(LA),
        sourceSystem: completed ? 'SystmOne' : null,
        sourceRecordId: completed ? `S1-LAC-${String(++seq).padStart(5, '0')}` : null,
        requestSourceSystem: 'LiquidLogic',
        requestSourceRecordId: `HA-REQ-${child.id.slice(0, 8)}-${requestedOn}`,
        child,
        careEpisode: episode,
        enteredCareDate: first.enteredCareDate,
        type,
        requestedAt: at(requestedOn, 0, rng.int(9, 16)),
        dueBy,
        completedAt,
        performedBy: completed ? performer(rng, type, age) : null,
        outcomeSummary: completed ? rng.pick(OUTCOMES) : null,
        clinicalDetail: completed ? rng.pick(CLINICAL) : null,
        dentalCheckDate: completed && age >= 1 && rng.chance(0.72) ? clampAfter(addDays(completedAt!, -rng.int(10, 300)), dob) : null,
        immunisationsUpToDate: completed ? (rng.chance(0.1) ? null : rng.chance(0.82)) : null,
        ...sdq,
        declined,
        declinedReason: declined ? rng.pick(DECLINED) : null,
      } as never);
    };

    // IHA: the request reaches health late as often as not; about a third are done within 20 working days.
    const entered = first.enteredCareDate;
    // Every third IHA is done in time (the scorecard's ~32%), whatever the shared random stream does.
    const onTime = ihaCount++ % 3 === 1;
    const requestDelay = onTime ? rng.int(0, 4) : rng.chance(0.35) ? rng.int(0, 2) : rng.chance(0.6) ? rng.int(3, 5) : rng.int(6, 15);
    const requestedOn = addWorkingDays(entered, requestDelay);
    if (requestedOn > stop) continue;
    const ihaDue = addWorkingDays(entered, 20);
    let ihaDone: string | null = onTime ? minDate(addWorkingDays(requestedOn, rng.int(3, 10)), ihaDue) : addWorkingDays(ihaDue, rng.int(1, 35));
    if (ihaDone < requestedOn) ihaDone = requestedOn;
    const ihaDeclined = ihaDone > stop ? false : rng.chance(0.04);
    if (ihaDone > stop || ihaDeclined) make(HealthAssessmentType.INITIAL, requestedOn, ihaDue, null, ihaDeclined);
    else make(HealthAssessmentType.INITIAL, requestedOn, ihaDue, ihaDone, false);
    if (ihaDone > stop) continue;

    // RHAs: 6-monthly under 5, annually from 5; the authority asks a few weeks ahead (a young person who
    // declined the IHA is offered the first review on the same cycle).
    let last = ihaDeclined ? ihaDue : ihaDone;
    for (;;) {
      const due = addMonths(last, ageOn(dob, last) < 5 ? 6 : 12);
      const asked = addDays(due, -rng.int(10, 45));
      if (asked > stop) break;
      const r = rng.next();
      // The latest review due before today is still outstanding for every fourth child in care (the overdue
      // worklist), whatever the shared random stream does; others are outstanding when due in the last four
      // months, and one overdue longer was done late.
      const latest = stop === today && due < today && addMonths(due, ageOn(dob, due) < 5 ? 6 : 12) > today;
      const overdue = latest && overdueCount++ % 4 === 0;
      const done = overdue ? null : r < 0.62 ? addDays(due, -rng.int(0, 30)) : r < 0.85 ? addDays(due, rng.int(5, 60)) : due >= addDays(stop, -120) ? null : addDays(due, 60 + rng.int(5, 60));
      const declined = !done && !overdue && rng.chance(0.15);
      if (!done || done > stop) {
        make(HealthAssessmentType.REVIEW, asked, due, null, declined && due < stop);
        break;
      }
      make(HealthAssessmentType.REVIEW, asked, due, done < asked ? asked : done, false);
      last = done < asked ? asked : done;
    }
  }
  await em.flush();
}

function sdqFor(rng: Rng): { sdqScore: number | null; sdqReason: SdqReason | null } {
  const r = rng.next();
  if (r < 0.66) return { sdqScore: Math.min(40, Math.round(rng.int(3, 22) + rng.int(0, 12) * rng.next())), sdqReason: null };
  if (r < 0.85) return { sdqScore: null, sdqReason: rng.pick([SdqReason.SDQ2, SdqReason.SDQ4, SdqReason.SDQ5]) };
  return { sdqScore: null, sdqReason: SdqReason.SDQ4 }; // no form back, for no recorded reason ("other")
}

function performer(rng: Rng, type: HealthAssessmentType, age: number): HealthAssessorRole {
  if (type === HealthAssessmentType.INITIAL) return rng.chance(0.9) ? HealthAssessorRole.PAEDIATRICIAN : HealthAssessorRole.GP;
  if (age < 5) return rng.pick([HealthAssessorRole.HEALTH_VISITOR, HealthAssessorRole.LAC_NURSE]);
  return rng.pick([HealthAssessorRole.LAC_NURSE, HealthAssessorRole.LAC_NURSE, HealthAssessorRole.SCHOOL_NURSE, HealthAssessorRole.PAEDIATRICIAN]);
}

const minDate = (a: string, b: string) => (a < b ? a : b);
const clampAfter = (d: string, floor: string) => (d < floor ? floor : d);
