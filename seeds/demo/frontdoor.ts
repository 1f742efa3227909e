import type { Child } from '../../src/modules/people/child.entity';
import { Assessment } from '../../src/modules/frontdoor/assessment.entity';
import { CinPlan } from '../../src/modules/frontdoor/cin-plan.entity';
import { AssessmentFactor as F, AssessmentOutcome, ClosureReason, ContactOutcome, PrimaryNeed, ReferralSource as S } from '../../src/modules/frontdoor/codes';
import { Contact } from '../../src/modules/frontdoor/contact.entity';
import { Referral } from '../../src/modules/frontdoor/referral.entity';
import { addWorkingDays } from '../../src/timescales/working-days';
import { addDays, at } from '../random';
import type { DemoChild, DemoWorld, Pathway } from '../world';

/**
 * Front door history for each demo child, by pathway: contacts, referrals (the CIN episode spine),
 * assessments and CIN plans, all recorded by the local authority's front door. Timeliness is varied on
 * purpose: most referral decisions within 1 working day and assessments within 45, some late; some
 * children are re-referred within 12 months.
 */
const LA = 'LA-NORTHSHIRE';
const SYSTEM = 'LiquidLogic-LCS';

const POLICE = [S.SOURCE_6];
const SCHOOLS = [S.SOURCE_2A, S.SOURCE_2A, S.SOURCE_2B];
const HEALTH = [S.SOURCE_3A, S.SOURCE_3B, S.SOURCE_3C, S.SOURCE_3D, S.SOURCE_3E, S.SOURCE_3F];
const OTHERS = [S.SOURCE_1A, S.SOURCE_1B, S.SOURCE_1C, S.SOURCE_4, S.SOURCE_5A, S.SOURCE_5D, S.SOURCE_7, S.SOURCE_8, S.SOURCE_9];

/** What each pathway's main episode looks like. */
const PLAN: Partial<Record<Pathway, { sources: S[]; needs: PrimaryNeed[]; factors: F[]; outcome: AssessmentOutcome; historyDays: [number, number] }>> = {
  EARLY_HELP: { sources: [...SCHOOLS, ...HEALTH, ...OTHERS], needs: [PrimaryNeed.N4, PrimaryNeed.N5, PrimaryNeed.N7], factors: [F.FACTOR_4B, F.FACTOR_14A, F.FACTOR_7A, F.FACTOR_1B], outcome: AssessmentOutcome.NFA, historyDays: [60, 500] },
  CHILD_IN_NEED: { sources: [...SCHOOLS, ...HEALTH, S.SOURCE_5D, S.SOURCE_1A], needs: [PrimaryNeed.N2, PrimaryNeed.N3, PrimaryNeed.N4, PrimaryNeed.N5], factors: [F.FACTOR_4B, F.FACTOR_5B, F.FACTOR_6A, F.FACTOR_3B, F.FACTOR_2B], outcome: AssessmentOutcome.CIN_PLAN, historyDays: [90, 600] },
  CHILD_PROTECTION: { sources: [...POLICE, ...POLICE, ...SCHOOLS, ...HEALTH], needs: [PrimaryNeed.N1], factors: [F.FACTOR_3B, F.FACTOR_16A, F.FACTOR_17A, F.FACTOR_18C, F.FACTOR_2B, F.FACTOR_1B], outcome: AssessmentOutcome.STRATEGY_DISCUSSION, historyDays: [60, 700] },
  CHILD_IN_CARE: { sources: [...POLICE, ...SCHOOLS, ...HEALTH, S.SOURCE_5C], needs: [PrimaryNeed.N1, PrimaryNeed.N4, PrimaryNeed.N8], factors: [F.FACTOR_16A, F.FACTOR_2B, F.FACTOR_4B, F.FACTOR_3B, F.FACTOR_17A], outcome: AssessmentOutcome.CLA_REQUEST, historyDays: [200, 1500] },
  CARE_LEAVER: { sources: [...POLICE, ...SCHOOLS, S.SOURCE_5C], needs: [PrimaryNeed.N1, PrimaryNeed.N8, PrimaryNeed.N5], factors: [F.FACTOR_16A, F.FACTOR_10A, F.FACTOR_2B], outcome: AssessmentOutcome.CLA_REQUEST, historyDays: [1100, 2200] },
  EXPLOITATION: { sources: [...POLICE, ...POLICE, ...SCHOOLS, S.SOURCE_3E], needs: [PrimaryNeed.N6, PrimaryNeed.N1], factors: [F.FACTOR_24A, F.FACTOR_11A, F.FACTOR_10A, F.FACTOR_13A, F.FACTOR_2A], outcome: AssessmentOutcome.STRATEGY_DISCUSSION, historyDays: [40, 400] },
  UNBORN: { sources: [S.SOURCE_3F, S.SOURCE_3F, S.SOURCE_3A, S.SOURCE_6], needs: [PrimaryNeed.N1], factors: [F.FACTOR_2B, F.FACTOR_3B, F.FACTOR_4B], outcome: AssessmentOutcome.STRATEGY_DISCUSSION, historyDays: [0, 0] },
};

export async function seedFrontdoor(world: DemoWorld): Promise<void> {
  const { em, rng, today } = world;
  const agency = world.agencies.get(LA);
  if (!agency) return;
  const by = world.seededBy(LA);
  const owned = { owningAgency: agency, createdBy: by, updatedBy: by, sourceSystem: SYSTEM };
  let seq = 0;
  const nextId = (prefix: string) => `${prefix}-${String(++seq).padStart(6, '0')}`;
  const latest = addDays(today, -3);
  const minDate = (a: string, b: string) => (a < b ? a : b);
  const maxDate = (a: string, b: string) => (a > b ? a : b);
  const pickFactors = (from: F[]) => {
    const n = rng.int(1, Math.min(3, from.length));
    const out: F[] = [];
    while (out.length < n) {
      const f = rng.pick(from);
      if (!out.includes(f)) out.push(f);
    }
    return out;
  };

  /** Earliest date anything can be recorded about the child: birth, or 30 weeks before the expected birth. */
  const earliestFor = (c: Child): string | null => {
    if (c.dateOfBirth) return c.dateOfBirth;
    if (c.expectedDateOfBirth) return addDays(c.expectedDateOfBirth, -210);
    return null;
  };

  const contact = (child: Child, day: string, source: S, outcome: ContactOutcome | null, summary: string) =>
    em.create(Contact, { ...owned, sourceRecordId: nextId('CON'), child, contactAt: at(day, 0, rng.int(8, 18)), source, outcome, summary } as never);

  /** A referral with its decision (mostly within 1 working day, some late) and, when asked, an assessment. */
  function episode(child: Child, referralDate: string, source: S, need: PrimaryNeed, opts: { factors: F[]; outcome: AssessmentOutcome; withContact: boolean; close?: ClosureReason }) {
    const c = opts.withContact ? contact(child, rng.chance(0.3) ? addDays(referralDate, -1) : referralDate, source, ContactOutcome.REFERRAL, 'Concern reported to the front door.') : null;
    const late = rng.chance(0.15);
    const decisionDay = addWorkingDays(referralDate, late ? rng.int(2, 5) : rng.chance(0.5) ? 0 : 1);
    const referral = em.create(Referral, {
      ...owned,
      sourceRecordId: nextId('REF'),
      child,
      contact: c,
      referralDate,
      source,
      primaryNeed: need,
      nfa: false,
      decisionAt: decisionDay <= today ? at(decisionDay, 0, rng.int(9, 17)) : null,
      closureDate: null,
      closureReason: null,
    } as never);
    const startDate = addWorkingDays(referralDate, rng.int(0, 3));
    if (startDate > latest) return { referral, assessment: null as Assessment | null, authorised: null as string | null };
    const overdue = rng.chance(0.2);
    const authorised = addWorkingDays(referralDate, overdue ? rng.int(46, 75) : rng.int(10, 44));
    const done = authorised <= latest;
    const assessment = em.create(Assessment, {
      ...owned,
      sourceRecordId: nextId('ASM'),
      child,
      referral,
      startDate,
      authorisedDate: done ? authorised : null,
      childSeen: rng.chance(0.9),
      factors: done ? pickFactors(opts.factors) : [],
      outcome: done ? opts.outcome : null,
    } as never);
    if (done && opts.close) {
      referral.closureDate = minDate(addDays(authorised, rng.int(1, 10)), latest);
      referral.closureReason = opts.close;
    }
    return { referral, assessment, authorised: done ? authorised : null };
  }

  for (const dc of world.children as DemoChild[]) {
    const child = dc.child;
    const earliest = earliestFor(child);
    if (!earliest || earliest > latest) continue;
    const plan = PLAN[dc.pathway];

    if (dc.pathway === 'CONTACT_ONLY' || dc.pathway === 'EDUCATION_CONCERN') {
      const n = dc.pathway === 'CONTACT_ONLY' ? rng.int(1, 2) : 1;
      for (let i = 0; i < n; i++) {
        const day = maxDate(earliest, addDays(today, -rng.int(5, 500)));
        const source = dc.pathway === 'EDUCATION_CONCERN' ? S.SOURCE_2A : rng.pick([...SCHOOLS, ...HEALTH, ...POLICE, ...OTHERS]);
        const outcome = rng.pick([ContactOutcome.NFA, ContactOutcome.INFORMATION_AND_ADVICE, ContactOutcome.INFORMATION_AND_ADVICE, ContactOutcome.EARLY_HELP]);
        contact(child, minDate(day, latest), source, outcome, 'Concern screened by the MASH; below the threshold for a referral.');
      }
      continue;
    }
    if (!plan) continue;

    // Main episode date.
    let referralDate: string;
    if (dc.pathway === 'UNBORN') {
      const expected = child.expectedDateOfBirth ?? child.dateOfBirth!;
      referralDate = minDate(latest, addDays(expected, -rng.int(56, 140)));
      referralDate = maxDate(referralDate, earliest);
    } else {
      referralDate = maxDate(addDays(today, -rng.int(plan.historyDays[0], plan.historyDays[1])), addDays(earliest, 30));
      if (referralDate > latest) referralDate = latest;
    }

    // Some children were referred before, within the 12 months, and closed after assessment (a re-referral).
    const reReferred = ['CHILD_PROTECTION', 'CHILD_IN_CARE', 'EXPLOITATION'].includes(dc.pathway) && rng.chance(0.35);
    if (reReferred) {
      const previous = addDays(referralDate, -rng.int(130, 330));
      if (previous >= earliest) {
        episode(child, previous, rng.pick(plan.sources), rng.pick([PrimaryNeed.N4, PrimaryNeed.N5, PrimaryNeed.N1]), { factors: plan.factors, outcome: AssessmentOutcome.NFA, withContact: true, close: ClosureReason.RC8 });
      }
    }

    const closing = dc.pathway === 'EARLY_HELP' ? (rng.chance(0.7) ? ClosureReason.RC9 : ClosureReason.RC8) : undefined;
    const main = episode(child, referralDate, rng.pick(plan.sources), rng.pick(plan.needs), { factors: plan.factors, outcome: plan.outcome, withContact: dc.pathway !== 'CARE_LEAVER', close: closing });

    if (dc.pathway === 'CHILD_IN_NEED' && main.authorised) {
      const start = minDate(addWorkingDays(main.authorised, rng.int(1, 5)), latest);
      const ended = rng.chance(0.3) ? addDays(start, rng.int(90, 300)) : null;
      const endDate = ended && ended <= latest ? ended : null;
      em.create(CinPlan, { ...owned, sourceRecordId: nextId('CINP'), child, referral: main.referral, startDate: start, endDate } as never);
      if (endDate) {
        main.referral.closureDate = endDate;
        main.referral.closureReason = ClosureReason.RC7;
      }
    }
  }
}
