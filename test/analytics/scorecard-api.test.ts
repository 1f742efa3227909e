import { performance } from 'node:perf_hooks';
import { MEASURES } from '../../src/analytics/measures';
import { aggregateSql, computeScorecard, type Sql } from '../../src/analytics/scorecard';
import { periodEnding, PeriodType } from '../../src/analytics/periods';
import { SMALL_MAX, SMALL_MIN } from '../../src/analytics/rag';
import { currentSealer } from '../../src/server/secrets';
import { measureByCode } from '../../src/analytics/measures';
import { measureRecordRows } from '../../src/analytics/drilldown';
import { releasePseudonym } from '../../src/analytics/disclosure';
import { Purpose } from '../../src/access/principal';
import { effectiveParticipation, isMultiAgency, kindAttended } from '../../src/modules/protection/multi-agency';
import { AgencyKind } from '../../src/modules/agencies/agency.entity';
import { startTestHub, type TestHub } from '../support/hub';

/* eslint-disable @typescript-eslint/no-explicit-any */

const POINT = 'period { start end label } numerator denominator value suppressed suppressionReason';
const SCORECARD = `query($input: ScorecardInput!) { scorecard(input: $input) {
  area periodType period { start end label } suppressionApplied suppressionRule
  suppressions { measureCode periodLabel withheld reason explanation }
  measures { code name definition numeratorDefinition denominatorDefinition unit polarity periodBasis source ${POINT}
    target { kind value low high boundOperator amberMargin validFrom source } rag directionOfTravel
    previous { ${POINT} } trend { ${POINT} } comparators { comparator periodLabel value source } } } }`;
const RECORDS = `query($input: MeasureRecordsInput!) { measureRecords(input: $input) { code period { start end } release records { pseudonym inNumerator inDenominator } } }`;

// The demo's "today" is 2026-11-01: its year to date and the quarters before hold the histories.
const INPUT = { periodType: 'FINANCIAL_YEAR_TO_DATE', periodEnd: '2026-09-30' };

describe('scorecard over the demo partnership', () => {
  let t: TestHub;
  let sql: Sql;
  let la: string;
  beforeAll(async () => {
    t = await startTestHub();
    sql = (q, p) => t.orm.em.fork().execute(q, p) as Promise<Record<string, unknown>[]>;
    la = String((await sql(`select id from agency where code = 'LA-NORTHSHIRE'`, []))[0]!.id);
  });
  afterAll(() => t.close());

  it('gives the analyst every measure, with small numbers withheld and listed', async () => {
    const started = performance.now();
    const res = await t.gql<any>('board-analyst', SCORECARD, { input: INPUT });
    const ms = performance.now() - started;
    expect(res.errors).toBeUndefined();
    const sc = res.data.scorecard;
    console.log(`scorecard (${MEASURES.length} measures x 8 periods, demo data, board-analyst, through Apollo): ${ms.toFixed(0)} ms`);
    expect(sc.measures.map((m: any) => m.code)).toEqual(MEASURES.map((m) => m.code));
    expect(sc.suppressionApplied).toBe(true);
    expect(sc.period).toEqual({ start: '2026-04-01', end: '2026-09-30', label: '2026-27 to 2026-09-30' });
    // No figure of 1-4 is shown anywhere, nor a complement of 1-4 beside its total.
    for (const m of sc.measures) {
      expect(m.trend).toHaveLength(8);
      for (const p of m.trend) {
        for (const n of [p.numerator, p.denominator]) if (m.unit !== 'RATE_PER_10000' || n === p.numerator) expect(n == null || n < SMALL_MIN || n > SMALL_MAX).toBe(true);
        if (m.unit === 'PERCENT' && p.numerator != null && p.denominator != null) expect(p.denominator - p.numerator < SMALL_MIN || p.denominator - p.numerator > SMALL_MAX).toBe(true);
        if (p.suppressed) {
          expect(p.value).toBeNull();
          expect(sc.suppressions).toContainEqual(expect.objectContaining({ measureCode: m.code, periodLabel: p.period.label, reason: p.suppressionReason }));
        }
      }
      if (m.suppressed || m.previous?.suppressed) expect(m.directionOfTravel).toBe('UNKNOWN');
    }
    // Comparators and targets come from the reference tables.
    const cpRate = sc.measures.find((m: any) => m.code === 'CP_PLAN_RATE');
    expect(cpRate.comparators).toEqual(expect.arrayContaining([expect.objectContaining({ comparator: 'ENGLAND', periodLabel: '2024-25', value: 43.3 })]));
    expect(cpRate.target).toMatchObject({ kind: 'RANGE', low: 35, high: 40 });
  });

  it('shows exactly the engine’s unsuppressed figures wherever nothing is withheld', async () => {
    const raw = await computeScorecard(sql, { periodType: PeriodType.FINANCIAL_YEAR_TO_DATE, periodEnd: '2026-09-30', areaCode: 'LA-NORTHSHIRE', suppressSmallNumbers: false });
    const res = await t.gql<any>('board-analyst', SCORECARD, { input: INPUT });
    for (const m of res.data.scorecard.measures) {
      const r = raw.measures.find((x) => x.measure.code === m.code)!;
      if (!m.suppressed) expect([m.numerator, m.value]).toEqual([r.numerator, r.value]);
    }
    // The demo has activity: referrals and plans are not all zero.
    expect(raw.measures.find((x) => x.measure.code === 'REFERRALS')!.numerator).toBeGreaterThan(0);
  });

  it('is not in the schema of practitioners without the clearance', async () => {
    const res = await t.gql<any>('social-worker', SCORECARD, { input: INPUT });
    expect(res.data ?? undefined).toBeUndefined();
    expect(res.errors!.map((e) => e.message).join(' ')).toMatch(/Cannot query field "scorecard"|Unknown type "ScorecardInput"/);
    const res2 = await t.gql<any>('health-visitor', RECORDS, { input: { ...INPUT, code: 'REFERRALS' } });
    expect(res2.errors!.map((e) => e.message).join(' ')).toMatch(/Cannot query field "measureRecords"|Unknown type "MeasureRecordsInput"/);
  });

  it('refuses an unknown area or measure', async () => {
    const res = await t.gql<any>('board-analyst', SCORECARD, { input: { ...INPUT, area: 'POLICE-NORTHSHIRE' } });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const res2 = await t.gql<any>('board-analyst', RECORDS, { input: { ...INPUT, code: 'NOPE' } });
    expect(res2.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('drills down to pseudonymised keys matching the figure: never a child id', async () => {
    // CP plans open at the end of Q2 2026-27: a cell the analyst sees in full (8 children).
    const input = { periodType: 'QUARTER', periodEnd: '2026-09-30', code: 'CP_PLANS' };
    const res = await t.gql<any>('board-analyst', RECORDS, { input });
    expect(res.errors).toBeUndefined();
    const recs = res.data.measureRecords.records as { pseudonym: string; inNumerator: boolean }[];
    const period = periodEnding(PeriodType.QUARTER, '2026-09-30');
    const plans = await sql(
      `select child_id from child_protection_plan where deleted_at is null and owning_agency_id = ? and start_date <= ? and (end_date is null or end_date > ?)`,
      [la, period.end, period.end],
    );
    expect(plans.length).toBeGreaterThan(4);
    expect(recs.filter((r) => r.inNumerator)).toHaveLength(plans.length);
    const release = { purpose: Purpose.ANALYTICS, measure: measureByCode('CP_PLANS')!, area: 'LA-NORTHSHIRE', periodType: PeriodType.QUARTER, period };
    const expected = plans.map((r) => releasePseudonym(currentSealer(), release, { childId: String(r.child_id), recordId: 'unused' })).sort();
    expect(recs.map((r) => r.pseudonym).sort()).toEqual(expected);
    expect(res.data.measureRecords.release).toBe('ANALYTICS CP_PLANS LA-NORTHSHIRE QUARTER 2026-07-01..2026-09-30');
    const text = JSON.stringify(res.data);
    for (const r of plans) expect(text).not.toContain(String(r.child_id));
    // The extract is in the audit log (the DPO's), with the children it is about.
    const audit = await sql(`select child_ids, fields from audit_event where action = 'EXPORT' and record_type = 'MeasureRecords' and subject = 'nscp.analyst.lee.hart'`, []);
    expect(audit).toHaveLength(1);
    expect([...(audit[0]!.child_ids as string[])].sort()).toEqual([...new Set(plans.map((r) => String(r.child_id)))].sort());
  });

  it('strategy discussion measures agree with isMultiAgency and kindAttended on every demo discussion', async () => {
    const all = { start: '2010-01-01', end: '2030-12-31', label: 'all' };
    const multi = await measureRecordRows(sql, measureByCode('STRATEGY_MULTI_AGENCY_PCT')!, all, la);
    const health = await measureRecordRows(sql, measureByCode('STRATEGY_HEALTH_ATTENDED_PCT')!, all, la);
    const parts = await sql(
      `select p.discussion_id, p.agency_kind, p.status, r.status as response from strategy_discussion_participant p
         left join strategy_discussion_response r on r.participant_id = p.id and r.deleted_at is null where p.deleted_at is null`, []);
    const facts = (id: string) =>
      parts.filter((p) => p.discussion_id === id).map((p) => effectiveParticipation({ agencyKind: p.agency_kind as never, status: p.status as never }, p.response ? { status: p.response as never } : null));
    expect(multi.length).toBeGreaterThan(3);
    expect(multi.some((r) => r.inNumerator) && multi.some((r) => !r.inNumerator)).toBe(true);
    for (const r of multi) expect([r.recordId, r.inNumerator]).toEqual([r.recordId, isMultiAgency(facts(r.recordId))]);
    for (const r of health) expect([r.recordId, r.inNumerator]).toEqual([r.recordId, kindAttended(facts(r.recordId), AgencyKind.HEALTH)]);
  });

  it('each measure query reads its tables through indexes (EXPLAIN with sequential scans discouraged)', async () => {
    const em = t.orm.em.fork();
    const noIndex: string[] = [];
    await em.begin();
    try {
      await em.execute('set local enable_seqscan = off');
      const big = ['referral', 'contact', 'assessment', 'strategy_discussion', 'child_protection_conference', 'child_protection_plan', 'care_episode', 'health_assessment', 'missing_episode', 'lado_referral'];
      for (const m of MEASURES) {
        const plan = (await em.execute(`explain ${aggregateSql(m, 1)}`, ['2026-04-01', '2026-09-30', la])) as { 'QUERY PLAN': string }[];
        const text = plan.map((r) => r['QUERY PLAN']).join('\n');
        for (const table of big) if (new RegExp(`Seq Scan on ${table}\\b`).test(text)) noIndex.push(`${m.code}: ${table}`);
      }
    } finally {
      await em.rollback();
    }
    expect(noIndex).toEqual([]);
  });

  it('prints how long the full scorecard takes for each period type (measured, not asserted)', async () => {
    for (const periodType of ['QUARTER', 'FINANCIAL_YEAR_TO_DATE', 'ROLLING_12_MONTHS']) {
      const started = performance.now();
      const res = await t.gql<any>('bi-service', SCORECARD, { input: { periodType, periodEnd: '2026-09-30' } });
      expect(res.errors).toBeUndefined();
      console.log(`scorecard ${periodType} to 2026-09-30 (bi-service): ${(performance.now() - started).toFixed(0)} ms`);
    }
    const counts = await sql(`select (select count(*) from referral) as referrals, (select count(*) from contact) as contacts, (select count(*) from child) as children`, []);
    console.log(`demo volume: ${JSON.stringify(counts[0])}`);
  });
});
