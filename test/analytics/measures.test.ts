/**
 * One hand-built fixture per measure; every expected figure is worked out by hand in the comments
 * (weekends, bank holidays, leap days, British Summer Time and period boundaries included).
 * Bank holidays used: Good Friday 29 Mar 2024, Easter Monday 1 Apr 2024, 6 May 2024, 27 May 2024.
 */
import { countMeasure } from '../../src/analytics/scorecard';
import { measureByCode, MEASURES } from '../../src/analytics/measures';
import { MORE_MEASURES } from '../../src/analytics/measures-more';
import { measureRecordRows } from '../../src/analytics/drilldown';
import { valueOf } from '../../src/analytics/rag';
import { periodEnding, PeriodType, type Period } from '../../src/analytics/periods';
import { addWorkingDays } from '../../src/timescales';
import { startTestHub, type TestHub } from '../support/hub';
import { Fixture } from './fixtures';

const Q1_2024 = periodEnding(PeriodType.QUARTER, '2024-06-30'); // 1 Apr - 30 Jun 2024 (Q1 2024-25)
const Q4_2023 = periodEnding(PeriodType.QUARTER, '2024-03-31'); // 1 Jan - 31 Mar 2024 (Q4 2023-24, includes 29 Feb)
const Q3_2024 = periodEnding(PeriodType.QUARTER, '2024-12-31'); // 1 Oct - 31 Dec 2024 (BST ends 27 Oct)

describe('measures: hand-computed fixtures', () => {
  let t: TestHub;
  let f: Fixture;

  beforeAll(async () => {
    t = await startTestHub({ demo: false });
    f = new Fixture(t);
    await f.load();
  });
  afterAll(() => t.close());
  beforeEach(() => f.reset());

  /** Numerator, denominator and value of a measure for one period, counted in SQL as the scorecard does. */
  async function figure(code: string, period: Period) {
    const m = measureByCode(code)!;
    const p = m.periodBasis === 'SNAPSHOT_AT_PERIOD_END' ? { ...period, start: period.end } : period;
    const [c] = await countMeasure(f.sql, m, [p], f.la);
    const denominator = m.unit === 'RATE_PER_10000' ? 118300 : m.unit === 'COUNT' ? null : c!.denominator;
    // The drill-down lists the same units the figure counts.
    const rows = await measureRecordRows(f.sql, m, period, f.la);
    const unitsNum = m.countsChildren ? new Set(rows.filter((r) => r.inNumerator).map((r) => r.childId)).size : rows.filter((r) => r.inNumerator).length;
    expect(unitsNum).toBe(c!.numerator);
    return { numerator: c!.numerator, denominator: m.unit === 'COUNT' || m.unit === 'RATE_PER_10000' ? denominator : c!.denominator, value: valueOf(m.unit, c!.numerator, denominator) };
  }

  it('the period helper gives financial quarters', () => {
    expect(Q1_2024).toEqual({ start: '2024-04-01', end: '2024-06-30', label: 'Q1 2024-25' });
    expect(Q4_2023).toEqual({ start: '2024-01-01', end: '2024-03-31', label: 'Q4 2023-24' });
  });

  it('REFERRALS counts referral dates inside the period, both ends included', async () => {
    const c = await f.child();
    await f.referral(c, '2024-03-31'); // day before the period: out
    await f.referral(c, '2024-04-01'); // first day: in (1)
    await f.referral(c, '2024-06-30'); // last day: in (2)
    await f.referral(c, '2024-07-01'); // day after: out
    await f.referral(c, '2024-05-15', { deleted_at: new Date() }); // soft-deleted: out
    await f.referral(c, '2024-05-15', {}, f.agency['NSCP']); // another agency's record: out
    expect(await figure('REFERRALS', Q1_2024)).toEqual({ numerator: 2, denominator: null, value: 2 });
  });

  it('CONTACT_TO_REFERRAL_PCT takes the contact date in England (BST)', async () => {
    const c = await f.child();
    const contact = (at: string, outcome: string | null) => f.ins('contact', { child_id: c, contact_at: at, source: '1A', outcome });
    await contact('2024-03-31T23:30:00Z', 'REFERRAL'); // 00:30 BST on 1 Apr: in, referral (num 1, den 1)
    await contact('2024-04-10T09:00:00Z', 'REFERRAL'); // in, referral (num 2, den 2)
    await contact('2024-05-01T10:00:00Z', null); // in, no outcome yet (den 3)
    await contact('2024-06-30T22:59:00Z', 'NFA'); // 23:59 BST on 30 Jun: in, not a referral (den 4)
    await contact('2024-06-30T23:30:00Z', 'REFERRAL'); // 00:30 BST on 1 Jul: out
    // 2 of 4 = 50.0%
    expect(await figure('CONTACT_TO_REFERRAL_PCT', Q1_2024)).toEqual({ numerator: 2, denominator: 4, value: 50 });
  });

  it('RE_REFERRAL_12M_PCT looks back 12 months (29 Feb looks back to 28 Feb) and ignores same-day referrals', async () => {
    const [a, b, c, d] = [await f.child('A'), await f.child('B'), await f.child('C'), await f.child('D')];
    await f.referral(a, '2023-02-28'); // before the period
    await f.referral(a, '2024-02-29'); // leap day: 12 months back is 28 Feb 2023, so the 2023 referral counts -> num 1, den 1
    await f.referral(b, '2023-02-27'); // one day too early
    await f.referral(b, '2024-02-29'); // den 2, not a re-referral
    await f.referral(c, '2024-03-01'); // same-day pair: neither is the other's previous referral (den 3)
    await f.referral(c, '2024-03-01'); // (den 4)
    await f.referral(d, '2024-01-10'); // first referral in the period (den 5)
    await f.referral(d, '2024-03-10'); // re-referral within 12 months (num 2, den 6)
    // 2 of 6 = 33.3%
    expect(await figure('RE_REFERRAL_12M_PCT', Q4_2023)).toEqual({ numerator: 2, denominator: 6, value: 33.3 });
  });

  it('REFERRAL_DECISION_1WD_PCT: weekend + bank holiday, late-night decisions, pending referrals left out', async () => {
    const c = await f.child();
    // Fri 3 May 2024 -> Sat, Sun, Mon 6 May (bank holiday) are not working days: Tue 7 May is working day 1. On time.
    await f.referral(c, '2024-05-03', { decision_at: '2024-05-07T09:00:00Z' }); // num 1, den 1
    await f.referral(c, '2024-05-03', { decision_at: '2024-05-08T09:00:00Z' }); // Wed 8 May = working day 2: late (den 2)
    // Wed 26 Jun, undecided: by Sun 30 Jun 2 working days have passed (Thu, Fri): overdue (den 3)
    await f.referral(c, '2024-06-26');
    // Thu 27 Jun, undecided: 1 working day (Fri) by 30 Jun: still within the timescale, left out
    await f.referral(c, '2024-06-27');
    // Thu 27 Jun, decided 1 Jul (after the period end): at 30 Jun it was pending, left out
    await f.referral(c, '2024-06-27', { decision_at: '2024-07-01T09:00:00Z' });
    // Fri 28 Jun, decided 23:30 UTC = 00:30 BST Sat 29 Jun: 0 working days, on time (num 2, den 4)
    await f.referral(c, '2024-06-28', { decision_at: '2024-06-28T23:30:00Z' });
    // 2 of 4 = 50.0%
    expect(await figure('REFERRAL_DECISION_1WD_PCT', Q1_2024)).toEqual({ numerator: 2, denominator: 4, value: 50 });
  });

  it('ASSESSMENT_45WD_PCT counts from the referral date across Easter and May bank holidays', async () => {
    const c = await f.child();
    const r1 = await f.referral(c, '2024-03-01');
    // From Fri 1 Mar 2024: March 4-8 (5), 11-15 (10), 18-22 (15), 25-28 (19; 29 Mar Good Friday);
    // 1 Apr Easter Monday; Apr 2-5 (23), 8-12 (28), 15-19 (33), 22-26 (38), 29-30 (40); May 1-3 (43);
    // 6 May bank holiday; 7 May (44), 8 May (45). The 45th working day is Wed 8 May 2024.
    expect(addWorkingDays('2024-03-01', 45)).toBe('2024-05-08');
    const a = (ref: string, authorised: string) => f.ins('assessment', { child_id: c, referral_id: ref, start_date: '2024-03-02', authorised_date: authorised, factors: '{}' });
    await a(r1, '2024-05-08'); // 45 working days: on time (num 1, den 1)
    await a(r1, '2024-05-09'); // 46: late (den 2)
    await a(r1, '2024-03-31'); // authorised before the period: out
    await a(r1, '2024-07-01'); // after the period: out
    const r2 = await f.referral(c, '2024-06-03');
    await a(r2, '2024-06-03'); // same day: 0 working days (num 2, den 3)
    // 2 of 3 = 66.7%
    expect(await figure('ASSESSMENT_45WD_PCT', Q1_2024)).toEqual({ numerator: 2, denominator: 3, value: 66.7 });
  });

  describe('strategy discussions', () => {
    async function discussion(child: string, heldAt: string, participants: [kind: string, agencyCode: string, status: string, response?: string][]) {
      const id = await f.ins('strategy_discussion', {
        child_id: child,
        concern_summary: 'fixture',
        convened_by_name: 'TM',
        convened_by_role: 'Team manager',
        held_at: heldAt,
        format: 'CALL',
        decision: 'S47_ENQUIRY',
      });
      for (const [kind, code, status, response] of participants) {
        const pid = await f.ins('strategy_discussion_participant', { discussion_id: id, agency_id: f.agency[code], agency_kind: kind, role: 'x', status });
        if (response) await f.ins('strategy_discussion_response', { participant_id: pid, status: response }, f.agency[code]);
      }
      return id;
    }

    beforeEach(async () => {
      const c = await f.child();
      // SD1: local authority + police only: single-strand, no health
      await discussion(c, '2024-04-10T10:00:00Z', [['LOCAL_AUTHORITY', 'LA-NORTHSHIRE', 'ATTENDED'], ['POLICE', 'POLICE-NORTHSHIRE', 'ATTENDED']]);
      // SD2: health was only INVITED on the convener's list but responded ATTENDED: its response wins -> multi-agency, health attended
      await discussion(c, '2024-04-11T10:00:00Z', [['POLICE', 'POLICE-NORTHSHIRE', 'ATTENDED'], ['HEALTH', 'NHS-NORTHSHIRE-CHT', 'INVITED', 'ATTENDED']]);
      // SD3: a school attended -> multi-agency; health listed ATTENDED by the convener but responded DECLINED -> no health
      await discussion(c, '2024-04-12T10:00:00Z', [['EDUCATION', 'SCH-CASTLEGATE-HIGH', 'ATTENDED'], ['HEALTH', 'NHS-NORTHSHIRE-CHT', 'ATTENDED', 'DECLINED']]);
      // SD4: 23:30 UTC on 30 Jun = 00:30 BST on 1 Jul: outside the quarter
      await discussion(c, '2024-06-30T23:30:00Z', [['HEALTH', 'NHS-NORTHSHIRE-CHT', 'ATTENDED']]);
      // SD5: 23:30 UTC on 31 Mar = 00:30 BST on 1 Apr: inside; nobody recorded
      await discussion(c, '2024-03-31T23:30:00Z', []);
    });

    it('STRATEGY_DISCUSSIONS: SD1, SD2, SD3, SD5 = 4', async () => {
      expect(await figure('STRATEGY_DISCUSSIONS', Q1_2024)).toEqual({ numerator: 4, denominator: null, value: 4 });
    });
    it('STRATEGY_MULTI_AGENCY_PCT: SD2 and SD3 of 4 = 50.0%', async () => {
      expect(await figure('STRATEGY_MULTI_AGENCY_PCT', Q1_2024)).toEqual({ numerator: 2, denominator: 4, value: 50 });
    });
    it('STRATEGY_HEALTH_ATTENDED_PCT: SD2 of 4 = 25.0%', async () => {
      expect(await figure('STRATEGY_HEALTH_ATTENDED_PCT', Q1_2024)).toEqual({ numerator: 1, denominator: 4, value: 25 });
    });
  });

  it('ICPC_15WD_PCT counts from the initiating strategy discussion, over two May bank holidays', async () => {
    const c = await f.child();
    const sd = await f.ins('strategy_discussion', {
      child_id: c, concern_summary: 'x', convened_by_name: 'x', convened_by_role: 'x', held_at: '2024-05-03T09:00:00Z', format: 'CALL', decision: 'S47_ENQUIRY',
    });
    const s47 = await f.ins('section47_enquiry', { child_id: c, strategy_discussion_id: sd, start_date: '2024-05-07' });
    const s47NoSd = await f.ins('section47_enquiry', { child_id: c, start_date: '2024-06-03' });
    const conf = (date: string, enquiry: string | null, type = 'INITIAL') =>
      f.ins('child_protection_conference', { child_id: c, type, section47enquiry_id: enquiry, conference_date: date, outcome: 'CP_PLAN', chair_name: 'x' });
    // From Fri 3 May: 6 May bank holiday; 7-10 May (4), 13-17 (9), 20-24 (14); 27 May bank holiday; Tue 28 May = 15.
    await conf('2024-05-24', s47); // 14 working days: on time (num 1, den 1)
    await conf('2024-05-28', s47); // exactly 15: on time (num 2, den 2)
    await conf('2024-05-29', s47); // 16: late (den 3)
    await conf('2024-06-10', s47NoSd); // no discussion: from the s47 start Mon 3 Jun, 5 working days (num 3, den 4)
    await conf('2024-06-10', null); // no enquiry, no discussion: cannot be measured, left out
    await conf('2024-06-10', s47, 'REVIEW'); // review conference: not an ICPC
    // 3 of 4 = 75.0%
    expect(await figure('ICPC_15WD_PCT', Q1_2024)).toEqual({ numerator: 3, denominator: 4, value: 75 });
  });

  describe('child protection plans', () => {
    beforeEach(async () => {
      const [c1, c2, c3, c4, c5, c6] = [await f.child(), await f.child(), await f.child(), await f.child(), await f.child(), await f.child()];
      const plan = (child: string, start: string, end: string | null = null) => f.ins('child_protection_plan', { child_id: child, start_date: start, end_date: end, category: 'NEG' });
      await plan(c1, '2024-01-01'); // open at 30 Jun: c1
      await plan(c1, '2024-03-01'); // c1 again (counted once); started before the quarter
      await plan(c2, '2024-06-30'); // starts on the last day: open at 30 Jun: c2; first plan
      await plan(c3, '2024-01-01', '2024-06-30'); // ended on the last day: not open at 30 Jun
      await plan(c3, '2024-05-01', '2024-06-15'); // c3's second plan, started in the quarter; ended before 30 Jun
      await plan(c4, '2024-01-01', '2024-07-01'); // ends the day after: open at 30 Jun: c4
      await plan(c5, '2024-07-01'); // starts after: not open
      await plan(c6, '2024-04-01', '2024-04-02'); // first plan, started in the quarter
    });

    it('CP_PLANS: children open at 30 Jun = c1, c2, c4 = 3', async () => {
      expect(await figure('CP_PLANS', Q1_2024)).toEqual({ numerator: 3, denominator: null, value: 3 });
    });
    it('CP_PLAN_RATE: 3 / 118,300 (2024 reference population) x 10,000 = 0.2536 -> 0.3', async () => {
      expect(await figure('CP_PLAN_RATE', Q1_2024)).toEqual({ numerator: 3, denominator: 118300, value: 0.3 });
    });
    it('CP_SECOND_SUBSEQUENT_PCT: plans started in the quarter c2, c3 (second), c6 -> 1 of 3 = 33.3%', async () => {
      expect(await figure('CP_SECOND_SUBSEQUENT_PCT', Q1_2024)).toEqual({ numerator: 1, denominator: 3, value: 33.3 });
    });
  });

  describe('children in care', () => {
    beforeEach(async () => {
      const [c1, c2, c3] = [await f.child(), await f.child(), await f.child()];
      const ep = (child: string, start: string, end: string | null = null) =>
        f.ins('care_episode', { child_id: child, start_date: start, end_date: end, entered_care_date: start, legal_status: 'C2', category_of_need: 'N1', reason_for_new_episode: 'S' });
      await ep(c1, '2024-02-29'); // leap day start, open: c1
      await ep(c2, '2023-01-01', '2024-06-30'); // ends on the last day: not open...
      await ep(c2, '2024-06-30'); // ...but a new episode starts the same day: c2
      await ep(c3, '2024-07-01'); // starts after: no
    });
    it('CLA: c1, c2 = 2', async () => {
      expect(await figure('CLA', Q1_2024)).toEqual({ numerator: 2, denominator: null, value: 2 });
    });
    it('CLA_RATE: 2 / 118,300 x 10,000 = 0.169 -> 0.2', async () => {
      expect(await figure('CLA_RATE', Q1_2024)).toEqual({ numerator: 2, denominator: 118300, value: 0.2 });
    });
  });

  it('IHA_20WD_PCT: 20 working days over two bank holidays; pending and declined left out', async () => {
    const c = await f.child();
    const ep = await f.ins('care_episode', { child_id: c, start_date: '2024-04-02', entered_care_date: '2024-04-02', legal_status: 'C2', category_of_need: 'N1', reason_for_new_episode: 'S' });
    const iha = (entered: string, completed: string | null, extra: Record<string, unknown> = {}) =>
      f.ins('health_assessment', { child_id: c, care_episode_id: ep, entered_care_date: entered, type: 'INITIAL', due_by: entered, completed_at: completed, ...extra }, f.agency['NHS-NORTHSHIRE-CHT']);
    // From Fri 26 Apr: 29-30 Apr (2), 1-3 May (5), 6 May bank holiday, 7-10 (9), 13-17 (14), 20-24 (19), 27 May bank holiday, Tue 28 May = 20.
    expect(addWorkingDays('2024-04-26', 20)).toBe('2024-05-28');
    await iha('2024-04-26', '2024-05-28'); // on time (num 1, den 1)
    await iha('2024-04-26', '2024-05-29'); // late (den 2)
    await iha('2024-06-20', null); // 6 working days by 30 Jun: still due, left out
    await iha('2024-04-02', null); // long overdue (den 3)
    await iha('2024-04-02', null, { declined: true, declined_reason: 'young person declined' }); // declined: left out
    await iha('2024-04-02', '2024-04-10', { type: 'REVIEW' }); // a review assessment: not an IHA
    // 1 of 3 = 33.3%
    expect(await figure('IHA_20WD_PCT', Q1_2024)).toEqual({ numerator: 1, denominator: 3, value: 33.3 });
  });

  it('MISSING_EPISODES counts MISSING episodes starting in the quarter (date in England)', async () => {
    const c = await f.child();
    const ep = (type: string, start: string) => f.ins('missing_episode', { child_id: c, episode_type: type, start_at: start }, f.agency['POLICE-NORTHSHIRE']);
    await ep('MISSING', '2024-04-05T20:00:00Z'); // in (1)
    await ep('ABSENT', '2024-04-06T20:00:00Z'); // absent, not missing: out
    await ep('MISSING', '2024-06-30T23:30:00Z'); // 00:30 BST 1 Jul: out
    await ep('MISSING', '2024-03-31T23:30:00Z'); // 00:30 BST 1 Apr: in (2)
    expect(await figure('MISSING_EPISODES', Q1_2024)).toEqual({ numerator: 2, denominator: null, value: 2 });
  });

  it('RHI_OFFERED_72H_PCT uses exact elapsed hours across the October clock change', async () => {
    const c = await f.child();
    const ep = (start: string, end: string | null) => f.ins('missing_episode', { child_id: c, episode_type: 'MISSING', start_at: start, end_at: end }, f.agency['POLICE-NORTHSHIRE']);
    const rhi = (episode: string, offered: string) => f.ins('return_home_interview', { episode_id: episode, offered_at: offered, push_factors: '{}', pull_factors: '{}' });
    // Returned Fri 25 Oct 2024 18:00 BST (17:00 UTC); clocks go back on Sun 27 Oct.
    // 72 hours later is Mon 28 Oct 17:00 GMT (not 18:00: the wall clock moved back an hour).
    const e1 = await ep('2024-10-24T10:00:00Z', '2024-10-25T17:00:00Z');
    await rhi(e1, '2024-10-28T17:00:00Z'); // exactly 72 hours: on time (num 1, den 1)
    const e2 = await ep('2024-10-24T10:00:00Z', '2024-10-25T17:00:00Z');
    await rhi(e2, '2024-10-28T18:00:00Z'); // 18:00 on the wall clock "as at the return", but 73 hours: late (den 2)
    await ep('2024-10-31T10:00:00Z', '2024-11-01T10:00:00Z'); // no interview offered (den 3)
    await ep('2024-11-05T10:00:00Z', null); // still missing: not returned, left out
    // 1 of 3 = 33.3%
    expect(await figure('RHI_OFFERED_72H_PCT', Q3_2024)).toEqual({ numerator: 1, denominator: 3, value: 33.3 });
  });

  it('LADO_THRESHOLD_PCT counts referrals with a threshold decision', async () => {
    const l = (date: string, met: boolean | null) =>
      f.ins('lado_referral', { referral_date: date, allegation_summary: 'x', adult_family_name: 'x', employer: 'x', adult_role: 'TEACHER', harm_category: 'PHYSICAL', threshold_met: met });
    await l('2024-04-01', true); // num 1, den 1
    await l('2024-06-30', false); // den 2
    await l('2024-05-01', null); // no decision yet: left out
    await l('2024-07-01', true); // after the quarter: out
    // 1 of 2 = 50.0%
    expect(await figure('LADO_THRESHOLD_PCT', Q1_2024)).toEqual({ numerator: 1, denominator: 2, value: 50 });
  });

  it('every measure in the catalogue has a fixture above', () => {
    const tested = [
      'REFERRALS', 'CONTACT_TO_REFERRAL_PCT', 'RE_REFERRAL_12M_PCT', 'REFERRAL_DECISION_1WD_PCT', 'ASSESSMENT_45WD_PCT', 'STRATEGY_DISCUSSIONS',
      'STRATEGY_MULTI_AGENCY_PCT', 'STRATEGY_HEALTH_ATTENDED_PCT', 'ICPC_15WD_PCT', 'CP_PLANS', 'CP_PLAN_RATE', 'CP_SECOND_SUBSEQUENT_PCT', 'CLA',
      'CLA_RATE', 'IHA_20WD_PCT', 'MISSING_EPISODES', 'RHI_OFFERED_72H_PCT', 'LADO_THRESHOLD_PCT',
    ];
    // (the measures of src/analytics/measures-more.ts have theirs in measures-more.test.ts)
    const more = new Set(MORE_MEASURES.map((m) => m.code));
    expect(MEASURES.map((m) => m.code).filter((c) => !more.has(c)).sort()).toEqual([...tested].sort());
  });
});
