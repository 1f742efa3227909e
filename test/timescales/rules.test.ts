import {
  DEFAULT_TIMESCALE_CONFIG,
  defineTimescaleConfig,
  TIMESCALE_RULES,
  timescaleRule,
  TimescaleRuleCode,
  TimescaleUnit,
} from '../../src/timescales/rules';
import { InvalidDateError } from '../../src/timescales/working-days';

const due = (code: TimescaleRuleCode, from: string | Date, context = {}, config = DEFAULT_TIMESCALE_CONFIG): string =>
  timescaleRule(code).dueBy(from, context, config);

describe('the rule table', () => {
  it('has exactly one rule per code', () => {
    const codes = TIMESCALE_RULES.map((r) => r.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect([...codes].sort()).toEqual(Object.values(TimescaleRuleCode).sort());
  });

  it('gives every rule a name, start event, limit, source and the standards-note quote', () => {
    for (const r of TIMESCALE_RULES) {
      expect(r.name).toBeTruthy();
      expect(r.measuredFrom).toBeTruthy();
      expect(r.limit).toBeTruthy();
      expect(r.source.guidance).toBeTruthy();
      expect(['Act', 'SG', 'NSG', 'Local']).toContain(r.source.basis);
      expect(r.source.standardsNote).toBeTruthy();
      // Local rules, and only they, read the config.
      expect([r.code, r.configKey !== undefined]).toEqual([r.code, r.source.basis === 'Local']);
    }
  });

  it('quotes the figure it encodes from the standards notes', () => {
    const figures: Partial<Record<TimescaleRuleCode, string>> = {
      REFERRAL_DECISION: '1 WD',
      ASSESSMENT: '45 WD',
      ICPC: '15 WD',
      FIRST_CORE_GROUP: '10 WD',
      FIRST_REVIEW_CONFERENCE: '3 months',
      SUBSEQUENT_REVIEW_CONFERENCE: '6 months',
      CARE_REVIEW_FIRST: '20 WD',
      CARE_REVIEW_SECOND: '3 months',
      CARE_REVIEW_SUBSEQUENT: '6-monthly',
      IHA_COMPLETION: '20 WD',
      RHA: '6 months under 5; ≤ 12 months',
      RHI_OFFER: '72 hours',
      CP_VISIT: '10 WD',
    };
    for (const [code, figure] of Object.entries(figures)) expect(timescaleRule(code as TimescaleRuleCode).source.standardsNote).toContain(figure);
  });

  it('throws for an unknown code', () => expect(() => timescaleRule('NOPE' as TimescaleRuleCode)).toThrow(/Unknown timescale rule/));
});

describe('due dates (hand-computed)', () => {
  it('REFERRAL_DECISION: 1 WD from the referral', () => {
    expect(due(TimescaleRuleCode.REFERRAL_DECISION, '2025-06-06')).toBe('2025-06-09'); // Fri → Mon
    // A referral timestamped 23:30Z on 31 Mar 2025 arrived at 00:30 BST on Tue 1 Apr → due Wed 2 Apr.
    expect(due(TimescaleRuleCode.REFERRAL_DECISION, new Date('2025-03-31T23:30:00Z'))).toBe('2025-04-02');
  });

  it('ASSESSMENT: 45 WD from the referral', () => {
    // Mon 6 Jan 2025: 45 WD = 9 whole weeks, no holidays before Easter → Mon 10 Mar 2025.
    expect(due(TimescaleRuleCode.ASSESSMENT, '2025-01-06')).toBe('2025-03-10');
    // Mon 2 Dec 2024: 9 weeks would be Mon 3 Feb 2025, plus 3 holidays (25, 26 Dec, 1 Jan) → Thu 6 Feb.
    expect(due(TimescaleRuleCode.ASSESSMENT, '2024-12-02')).toBe('2025-02-06');
  });

  it('ICPC: 15 WD from the strategy discussion, across Easter 2025', () => {
    // Thu 10 Apr 2025: Fri 11 (1), Mon 14–Thu 17 (2–5), Good Friday 18 and Easter Monday 21 skipped,
    // Tue 22–Fri 25 (6–9), Mon 28–Fri 2 May (10–14), Mon 5 May early May BH skipped, Tue 6 May (15).
    expect(due(TimescaleRuleCode.ICPC, '2025-04-10')).toBe('2025-05-06');
  });

  it('FIRST_CORE_GROUP: 10 WD from the ICPC', () => {
    expect(due(TimescaleRuleCode.FIRST_CORE_GROUP, '2025-05-06')).toBe('2025-05-20'); // Tue → Tue two weeks on
  });

  it('review conferences: 3 months from the ICPC, then 6 months, clamped to month end', () => {
    expect(due(TimescaleRuleCode.FIRST_REVIEW_CONFERENCE, '2024-11-30')).toBe('2025-02-28');
    expect(due(TimescaleRuleCode.FIRST_REVIEW_CONFERENCE, '2023-11-30')).toBe('2024-02-29'); // leap year
    expect(due(TimescaleRuleCode.SUBSEQUENT_REVIEW_CONFERENCE, '2025-02-28')).toBe('2025-08-28');
  });

  it('care reviews and IHA from entering care on Fri 19 Dec 2025', () => {
    // Mon 22 (1), Tue 23 (2), Wed 24 (3), 25/26 BH, Mon 29–Wed 31 (4–6), Thu 1 Jan BH, Fri 2 (7),
    // Mon 5–Fri 9 (8–12), Mon 12–Fri 16 (13–17), Mon 19 (18), Tue 20 (19), Wed 21 Jan 2026 (20).
    expect(due(TimescaleRuleCode.CARE_REVIEW_FIRST, '2025-12-19')).toBe('2026-01-21');
    expect(due(TimescaleRuleCode.IHA_COMPLETION, '2025-12-19')).toBe('2026-01-21');
    expect(due(TimescaleRuleCode.IHA_REQUEST, '2025-12-19')).toBe('2025-12-23'); // Mon 22 (1), Tue 23 (2)
    expect(due(TimescaleRuleCode.CARE_REVIEW_SECOND, '2026-01-21')).toBe('2026-04-21');
    expect(due(TimescaleRuleCode.CARE_REVIEW_SUBSEQUENT, '2026-04-21')).toBe('2026-10-21');
  });

  it('RHA: 6 months if under 5 at the previous assessment, otherwise 12 months', () => {
    const dateOfBirth = '2021-03-15';
    expect(due(TimescaleRuleCode.RHA, '2026-03-14', { dateOfBirth })).toBe('2026-09-14'); // aged 4 → 6 months
    expect(due(TimescaleRuleCode.RHA, '2026-03-15', { dateOfBirth })).toBe('2027-03-15'); // 5th birthday → 12 months
    expect(() => due(TimescaleRuleCode.RHA, '2026-03-15')).toThrow(/dateOfBirth/);
  });

  it('RHI_OFFER: 72 hours from the return, across the 26 Oct 2025 clock change', () => {
    // 18:00 BST Fri 24 Oct = 17:00Z; + 72 h = 17:00Z Mon 27 Oct (17:00 GMT on the wall clock).
    expect(due(TimescaleRuleCode.RHI_OFFER, '2025-10-24T18:00:00+01:00')).toBe('2025-10-27T17:00:00.000Z');
    expect(due(TimescaleRuleCode.RHI_OFFER, new Date('2025-10-24T17:00:00Z'))).toBe('2025-10-27T17:00:00.000Z');
    expect(() => due(TimescaleRuleCode.RHI_OFFER, '2025-10-24')).toThrow(InvalidDateError); // needs the time
  });

  it('LADO_STRATEGY_MEETING: 5 WD from the referral (local default)', () => {
    // Mon 22 Dec 2025: Tue 23 (1), Wed 24 (2), 25/26 BH, Mon 29 (3), Tue 30 (4), Wed 31 (5).
    expect(due(TimescaleRuleCode.LADO_STRATEGY_MEETING, '2025-12-22')).toBe('2025-12-31');
  });
});

describe('local variations (TimescaleConfig)', () => {
  it('CP_VISIT defaults to every 10 WD', () => {
    // Thu 10 Apr 2025: Fri 11 (1), Mon 14–Thu 17 (2–5), GF/EM skipped, Tue 22–Fri 25 (6–9), Mon 28 (10).
    expect(DEFAULT_TIMESCALE_CONFIG.cpVisitInterval).toEqual({ unit: TimescaleUnit.WORKING_DAYS, amount: 10 });
    expect(due(TimescaleRuleCode.CP_VISIT, '2025-04-10')).toBe('2025-04-28');
  });

  it('an area can set its own visit frequency', () => {
    const wirral = defineTimescaleConfig({ cpVisitInterval: { unit: TimescaleUnit.WORKING_DAYS, amount: 15 } });
    const walsall = defineTimescaleConfig({ cpVisitInterval: { unit: TimescaleUnit.CALENDAR_DAYS, amount: 14 } });
    // From Mon 28 Apr (10): Tue 29 (11), Wed 30 (12), Thu 1 May (13), Fri 2 (14), Mon 5 BH, Tue 6 (15).
    expect(due(TimescaleRuleCode.CP_VISIT, '2025-04-10', {}, wirral)).toBe('2025-05-06');
    expect(due(TimescaleRuleCode.CP_VISIT, '2025-04-10', {}, walsall)).toBe('2025-04-24');
    // Other defaults are kept, and statutory rules ignore the config.
    expect(wirral.ladoStrategyMeeting).toEqual(DEFAULT_TIMESCALE_CONFIG.ladoStrategyMeeting);
    expect(due(TimescaleRuleCode.ICPC, '2025-04-10', {}, wirral)).toBe('2025-05-06');
  });

  it('refuses a malformed variation', () => {
    expect(() => defineTimescaleConfig({ cpVisitInterval: { unit: TimescaleUnit.WORKING_DAYS, amount: 0 } })).toThrow(/cpVisitInterval/);
    expect(() => defineTimescaleConfig({ ihaRequest: { unit: TimescaleUnit.WORKING_DAYS, amount: 1.5 } })).toThrow(/ihaRequest/);
    expect(() => defineTimescaleConfig({ ladoStrategyMeeting: { unit: 'WEEKS' as TimescaleUnit, amount: 1 } })).toThrow(/ladoStrategyMeeting/);
  });
});
