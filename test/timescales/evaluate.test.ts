import { evaluate, TimescaleLatenessUnit, TimescaleStatus } from '../../src/timescales/evaluate';
import { defineTimescaleConfig, TimescaleRuleCode, TimescaleUnit } from '../../src/timescales/rules';

describe('evaluate: working-day rule (ASSESSMENT from Mon 6 Jan 2025, due Mon 10 Mar 2025)', () => {
  const from = '2025-01-06';

  it('PENDING while within the timescale', () => {
    expect(evaluate(TimescaleRuleCode.ASSESSMENT, { from, asOf: '2025-03-10' })).toEqual({
      rule: 'ASSESSMENT',
      dueBy: '2025-03-10',
      isOverdue: false,
      daysLate: null,
      latenessUnit: TimescaleLatenessUnit.WORKING_DAYS,
      status: TimescaleStatus.PENDING,
    });
  });

  it('ON_TIME when completed on the due day', () => {
    const r = evaluate('ASSESSMENT', { from, completedAt: '2025-03-10', asOf: '2025-06-01' });
    expect([r.status, r.daysLate, r.isOverdue]).toEqual([TimescaleStatus.ON_TIME, null, false]);
  });

  it('LATE by working days when completed after the due day', () => {
    const r = evaluate('ASSESSMENT', { from, completedAt: '2025-03-12', asOf: '2025-06-01' }); // Tue 11 (1), Wed 12 (2)
    expect([r.status, r.daysLate, r.isOverdue]).toEqual([TimescaleStatus.LATE, 2, false]);
  });

  it('OVERDUE while outstanding past the due day', () => {
    const r = evaluate('ASSESSMENT', { from, asOf: '2025-03-17' }); // Tue 11 – Fri 14 (4), Mon 17 (5)
    expect([r.status, r.daysLate, r.isOverdue]).toEqual([TimescaleStatus.OVERDUE, 5, true]);
  });

  it('ignores a completion after asOf (reproducible "as at" figures)', () => {
    const r = evaluate('ASSESSMENT', { from, completedAt: '2025-03-20', asOf: '2025-03-12' });
    expect([r.status, r.daysLate]).toEqual([TimescaleStatus.OVERDUE, 2]);
  });

  it('accepts instants for completedAt and asOf (their date in England)', () => {
    // 23:30Z on Mon 10 Mar is still 10 Mar in England (GMT): on time.
    const r = evaluate('ASSESSMENT', { from, completedAt: new Date('2025-03-10T23:30:00Z'), asOf: new Date('2025-04-01T09:00:00Z') });
    expect(r.status).toBe(TimescaleStatus.ON_TIME);
  });
});

describe('evaluate: a weekend after a working-day due date is not a working day late', () => {
  // REFERRAL_DECISION from Thu 5 Jun 2025 is due Fri 6 Jun.
  it('a decision on Saturday took 1 working day: ON_TIME', () => {
    expect(evaluate('REFERRAL_DECISION', { from: '2025-06-05', completedAt: '2025-06-07', asOf: '2025-06-10' }).status).toBe(TimescaleStatus.ON_TIME);
  });
  it('still PENDING on Sunday, OVERDUE by 1 WD on Monday', () => {
    expect(evaluate('REFERRAL_DECISION', { from: '2025-06-05', asOf: '2025-06-08' }).status).toBe(TimescaleStatus.PENDING);
    const r = evaluate('REFERRAL_DECISION', { from: '2025-06-05', asOf: '2025-06-09' });
    expect([r.status, r.daysLate]).toEqual([TimescaleStatus.OVERDUE, 1]);
  });
});

describe('evaluate: month rule counts calendar days late', () => {
  it('first review conference due Fri 28 Feb 2025, held Mon 3 Mar: LATE by 3 calendar days', () => {
    const r = evaluate('FIRST_REVIEW_CONFERENCE', { from: '2024-11-30', completedAt: '2025-03-03', asOf: '2025-03-31' });
    expect(r).toMatchObject({ dueBy: '2025-02-28', status: TimescaleStatus.LATE, daysLate: 3, latenessUnit: TimescaleLatenessUnit.CALENDAR_DAYS });
  });
});

describe('evaluate: RHA needs the date of birth', () => {
  it('uses context.dateOfBirth', () => {
    const r = evaluate('RHA', { from: '2026-03-14', asOf: '2026-09-15', context: { dateOfBirth: '2021-03-15' } });
    expect(r).toMatchObject({ dueBy: '2026-09-14', status: TimescaleStatus.OVERDUE, daysLate: 1 });
  });
});

describe('evaluate: hour rule (RHI offered within 72 hours of a return at 18:00 BST Fri 24 Oct 2025)', () => {
  const from = '2025-10-24T18:00:00+01:00'; // due 2025-10-27T17:00:00.000Z

  it('ON_TIME at exactly 72 hours', () => {
    expect(evaluate('RHI_OFFER', { from, completedAt: '2025-10-27T17:00:00Z', asOf: '2025-11-01T00:00:00Z' })).toMatchObject({
      dueBy: '2025-10-27T17:00:00.000Z',
      status: TimescaleStatus.ON_TIME,
      daysLate: null,
    });
  });

  it('LATE one minute after: 1 (started) day late', () => {
    expect(evaluate('RHI_OFFER', { from, completedAt: '2025-10-27T17:01:00Z', asOf: '2025-11-01T00:00:00Z' })).toMatchObject({
      status: TimescaleStatus.LATE,
      daysLate: 1,
      latenessUnit: TimescaleLatenessUnit.CALENDAR_DAYS,
    });
  });

  it('PENDING before the deadline, OVERDUE after (49 hours late → 3 started days)', () => {
    expect(evaluate('RHI_OFFER', { from, asOf: new Date('2025-10-26T10:00:00Z') }).status).toBe(TimescaleStatus.PENDING);
    expect(evaluate('RHI_OFFER', { from, asOf: new Date('2025-10-29T18:00:00Z') })).toMatchObject({ status: TimescaleStatus.OVERDUE, isOverdue: true, daysLate: 3 });
  });
});

describe('evaluate: local configuration', () => {
  it('uses the config passed for local rules', () => {
    const config = defineTimescaleConfig({ cpVisitInterval: { unit: TimescaleUnit.CALENDAR_DAYS, amount: 14 } });
    const r = evaluate('CP_VISIT', { from: '2025-04-10', asOf: '2025-04-25' }, config);
    expect(r).toMatchObject({ dueBy: '2025-04-24', status: TimescaleStatus.OVERDUE, daysLate: 1, latenessUnit: TimescaleLatenessUnit.CALENDAR_DAYS });
  });
});
