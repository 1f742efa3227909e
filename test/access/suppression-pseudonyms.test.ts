/**
 * Suppression holds everywhere; pseudonyms are keyed per purpose and release (src/analytics/disclosure.ts),
 * over HTTP as the board analyst and the BI service account, on the demo partnership.
 */
import { getMetadataStorage } from 'type-graphql';
import { analyticsResolvers } from '../../src/analytics';
import { DISCLOSURE_POLICY, releaseScope, type LinkableReleases, type Release } from '../../src/analytics/disclosure';
import { MEASURES, measureByCode, PeriodBasis } from '../../src/analytics/measures';
import { periodEnding, PeriodType } from '../../src/analytics/periods';
import { Purpose } from '../../src/access/principal';
import { startTestHub, type TestHub } from '../support/hub';

/* eslint-disable @typescript-eslint/no-explicit-any */

const SCORECARD = `query($input: ScorecardInput!) { scorecard(input: $input) {
  suppressionApplied measures { code unit trend { period { start end } numerator denominator value suppressed suppressionReason } } } }`;
const RECORDS = `query($input: MeasureRecordsInput!) { measureRecords(input: $input) { code release records { pseudonym inNumerator inDenominator } } }`;
const ANALYSTS = ['board-analyst', 'bi-service'] as const;

interface Point {
  period: { start: string; end: string };
  numerator: number | null;
  denominator: number | null;
  suppressed: boolean;
  suppressionReason: string | null;
}

/** Is `target` a linear combination of `rows`? (Gaussian elimination; the entries are 0/1, so a tolerance is safe.) */
function inSpan(rows: number[][], target: number[]): boolean {
  const rank = (m: number[][]): number => {
    const a = m.map((r) => [...r]);
    let r = 0;
    for (let c = 0; c < (a[0]?.length ?? 0) && r < a.length; c++) {
      const p = a.findIndex((row, i) => i >= r && Math.abs(row[c]!) > 1e-9);
      if (p < 0) continue;
      [a[r], a[p]] = [a[p]!, a[r]!];
      for (let i = 0; i < a.length; i++) {
        if (i === r) continue;
        const f = a[i]![c]! / a[r]![c]!;
        if (f) a[i] = a[i]!.map((v, j) => v - f * a[r]![j]!);
      }
      r++;
    }
    return r;
  };
  return rank(rows) === rank([...rows, target]);
}

/** First day of every financial quarter from `from` to `to` (quarter starts). */
function quarterStarts(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d.toISOString().slice(0, 10) <= to; d.setUTCMonth(d.getUTCMonth() + 3)) out.push(d.toISOString().slice(0, 10));
  return out;
}

describe('suppression holds everywhere; pseudonyms keyed per purpose and release', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(() => t.close());

  const scorecard = async (persona: string, periodType: string, periodEnd: string, claims?: Record<string, unknown>) => {
    const res = await t.http<any>(persona, SCORECARD, { input: { periodType, periodEnd } }, claims);
    return res;
  };
  const exports = async () => Number((await t.orm.em.fork().execute(`select count(*)::int as n from audit_event where action = 'EXPORT'`))[0]!.n);

  it('declares a disclosure control for every analytics root field, and only for those', () => {
    const fields = getMetadataStorage()
      .queries.filter((q) => analyticsResolvers.some((r) => r === q.target))
      .map((q) => q.schemaName)
      .sort();
    expect(fields).toEqual(['measureChildren', 'measureRecords', 'scorecard']);
    const declared = [...new Set(Object.keys(DISCLOSURE_POLICY).map((k) => k.split('.')[0]!))].sort();
    expect(declared).toEqual(fields);
  });

  it('refuses the drill-down of a withheld cell (SUPPRESSED, nothing exported), as analyst and BI', async () => {
    // REFERRALS in Q2 2026-27 is 4 (primary); the year to date holds it (secondary).
    for (const persona of ANALYSTS) {
      const sc = (await scorecard(persona, 'QUARTER', '2026-09-30')).body.data!.scorecard;
      const cell = sc.measures.find((m: any) => m.code === 'REFERRALS').trend[0] as Point;
      expect(cell).toMatchObject({ suppressed: true, numerator: null, suppressionReason: 'SMALL_NUMERATOR' });
      const ytd = (await scorecard(persona, 'FINANCIAL_YEAR_TO_DATE', '2026-09-30')).body.data!.scorecard;
      expect(ytd.measures.find((m: any) => m.code === 'REFERRALS').trend[0]).toMatchObject({ suppressed: true, numerator: null, suppressionReason: 'SECONDARY_PERIOD' });

      const before = await exports();
      for (const [periodType, reason] of [
        ['QUARTER', 'SMALL_NUMERATOR'],
        ['FINANCIAL_YEAR_TO_DATE', 'SECONDARY_PERIOD'],
        ['ROLLING_12_MONTHS', 'SECONDARY_PERIOD'],
      ]) {
        const res = await t.http<any>(persona, RECORDS, { input: { code: 'REFERRALS', periodType, periodEnd: '2026-09-30' } });
        expect({ persona, periodType, data: res.body.data?.measureRecords ?? null, ext: res.body.errors?.[0]?.extensions }).toEqual({
          persona,
          periodType,
          data: null,
          ext: expect.objectContaining({ code: 'SUPPRESSED', reason, measureCode: 'REFERRALS' }),
        });
      }
      // A percentage with a small complement (8 of 9 children had their health check): the numerator is
      // withheld beside its total, so the units (which say who is in it) are too.
      const pct = await t.http<any>(persona, RECORDS, { input: { code: 'CLA_HEALTH_CHECK_PCT', periodType: 'QUARTER', periodEnd: '2026-09-30' } });
      expect(pct.body.errors?.[0]?.extensions).toMatchObject({ code: 'SUPPRESSED', reason: 'SMALL_COMPLEMENT' });
      expect(await exports()).toBe(before);
    }
  });

  it('refuses a period end that is not a quarter end, so one day cannot be subtracted from the next', async () => {
    for (const persona of ANALYSTS) {
      for (const [q, input] of [
        [SCORECARD, { periodType: 'FINANCIAL_YEAR_TO_DATE', periodEnd: '2026-09-29' }],
        [RECORDS, { code: 'CONTACTS', periodType: 'FINANCIAL_YEAR_TO_DATE', periodEnd: '2026-09-29' }],
      ] as const) {
        const res = await t.http<any>(persona, q, { input });
        expect({ persona, q, errors: res.body.errors }).toEqual({ persona, q, errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) })] });
        expect(res.body.data ?? null).toBeNull();
      }
    }
  });

  it('no withheld quarter can be recovered from the shown periods (years to date, rolling years, totals) by difference', async () => {
    // Everything an analyst can ask for around the demo's history: quarters back to 2018, years to date at
    // every quarter position, rolling years stepping by quarter (each with its 8-period trend).
    const asks: [string, string][] = [
      ...['2026-09-30', '2024-09-30', '2022-09-30', '2020-09-30'].map((e): [string, string] => ['QUARTER', e]),
      ...['2026-09-30', '2026-06-30', '2026-03-31', '2025-12-31'].map((e): [string, string] => ['FINANCIAL_YEAR_TO_DATE', e]),
      ...['2026-09-30', '2024-09-30'].map((e): [string, string] => ['ROLLING_12_MONTHS', e]),
    ];
    const cells = new Map<string, Point[]>();
    for (const [periodType, end] of asks) {
      const res = await scorecard('board-analyst', periodType, end);
      expect(res.body.errors).toBeUndefined();
      for (const m of res.body.data!.scorecard.measures) cells.set(m.code, [...(cells.get(m.code) ?? []), ...m.trend]);
    }
    const dims = quarterStarts('2018-04-01', '2026-07-01');
    let withheldQuarters = 0;
    let secondary = 0;
    const leaks: string[] = [];
    for (const m of MEASURES.filter((x) => x.periodBasis === PeriodBasis.IN_PERIOD)) {
      const points = cells.get(m.code)!;
      const vector = (p: Point): number[] => dims.map((q) => (q >= p.period.start && q <= p.period.end ? 1 : 0));
      const quarters = points.filter((p) => vector(p).reduce((a, b) => a + b, 0) === 1);
      secondary += points.filter((p) => p.suppressionReason === 'SECONDARY_PERIOD').length;
      for (const figure of ['numerator', 'denominator'] as const) {
        if (figure === 'denominator' && m.unit !== 'PERCENT' && m.unit !== 'DAYS') continue;
        const shown = points.filter((p) => p[figure] != null).map(vector);
        for (const q of quarters.filter((p) => p[figure] == null)) {
          withheldQuarters++;
          if (inSpan(shown, vector(q))) leaks.push(`${m.code} ${figure} ${q.period.start}..${q.period.end}`);
        }
      }
    }
    expect(withheldQuarters).toBeGreaterThan(20);
    expect(secondary).toBeGreaterThan(5);
    expect(leaks).toEqual([]);
  }, 300_000);

  it('shows BI and a token claiming another purpose exactly what the analyst sees: the purpose does not lift suppression', async () => {
    const analyst = (await scorecard('board-analyst', 'FINANCIAL_YEAR_TO_DATE', '2026-09-30')).body.data!.scorecard;
    expect(analyst.suppressionApplied).toBe(true);
    expect((await scorecard('bi-service', 'FINANCIAL_YEAR_TO_DATE', '2026-09-30')).body.data!.scorecard).toEqual(analyst);
    for (const persona of ANALYSTS) {
      for (const purpose of [Purpose.DIRECT_CARE, Purpose.STATUTORY_RETURN, Purpose.AUDIT]) {
        const res = await scorecard(persona, 'FINANCIAL_YEAR_TO_DATE', '2026-09-30', { purpose });
        const code = res.body.errors?.[0]?.extensions?.code;
        // Either the token is refused for a purpose its role may not claim, or the figures are the same.
        if (res.body.data?.scorecard == null) expect({ persona, purpose, code }).toEqual({ persona, purpose, code: expect.stringMatching(/UNAUTHENTICATED|FORBIDDEN/) });
        else expect(res.body.data.scorecard).toEqual(analyst);
        const records = await t.http<any>(persona, RECORDS, { input: { code: 'REFERRALS', periodType: 'QUARTER', periodEnd: '2026-09-30' } }, { purpose });
        expect(records.body.data?.measureRecords ?? null).toBeNull();
        expect(records.body.errors?.[0]?.extensions?.code).toMatch(/SUPPRESSED|UNAUTHENTICATED|FORBIDDEN/);
      }
    }
  });

  it('gives the same child unrelated pseudonyms in two releases, and the same one within a release', async () => {
    const records = async (persona: string, code: string, periodType: string, periodEnd: string, claims?: Record<string, unknown>) => {
      const res = await t.http<any>(persona, RECORDS, { input: { code, periodType, periodEnd } }, claims);
      return res.body;
    };
    const keys = (body: any): string[] => body.data.measureRecords.records.map((r: any) => r.pseudonym);
    // CP_PLANS and CP_PLAN_RATE count the same plans (8 children at 30 September 2026, shown in full).
    const plans = await records('board-analyst', 'CP_PLANS', 'QUARTER', '2026-09-30');
    expect(plans.errors).toBeUndefined();
    expect(keys(plans).length).toBeGreaterThan(4);
    const again = await records('board-analyst', 'CP_PLANS', 'QUARTER', '2026-09-30');
    const bi = await records('bi-service', 'CP_PLANS', 'QUARTER', '2026-09-30');
    expect(keys(again)).toEqual(keys(plans)); // stable within one release
    expect(keys(bi)).toEqual(keys(plans)); // the release is the extract, whoever pulls it
    expect(bi.data.measureRecords.release).toBe(plans.data.measureRecords.release);

    // The same units in other releases: another measure, another period type (the same snapshot day), another period.
    const others = {
      measure: await records('bi-service', 'CP_PLAN_RATE', 'QUARTER', '2026-09-30'),
      periodType: await records('board-analyst', 'CP_PLANS', 'FINANCIAL_YEAR_TO_DATE', '2026-09-30'),
      period: await records('board-analyst', 'CP_PLANS', 'QUARTER', '2026-06-30'),
    };
    for (const [what, body] of Object.entries(others)) {
      expect({ what, errors: body.errors }).toEqual({ what, errors: undefined });
      expect(keys(body).length).toBeGreaterThan(4);
      expect({ what, shared: keys(body).filter((k) => keys(plans).includes(k)) }).toEqual({ what, shared: [] });
      expect(body.data.measureRecords.release).not.toBe(plans.data.measureRecords.release);
    }
    // Same release, same units: the multiset of in/out flags is identical, only the keys differ.
    expect(keys(others.measure).length).toBe(keys(plans).length);
    expect(keys(others.periodType).length).toBe(keys(plans).length);

    // Another purpose is another release (if the token is accepted at all): its keys join nothing.
    const purpose = await records('board-analyst', 'CP_PLANS', 'QUARTER', '2026-09-30', { purpose: Purpose.STATUTORY_RETURN });
    if (purpose.data?.measureRecords) {
      expect(purpose.data.measureRecords.release).toMatch(/^STATUTORY_RETURN /);
      expect(keys(purpose).filter((k: string) => keys(plans).includes(k))).toEqual([]);
    } else expect(purpose.errors?.[0]?.extensions?.code).toMatch(/UNAUTHENTICATED|FORBIDDEN/);
  });

  it('joins releases only where LINKABLE_RELEASES says so (the declaration decides the key scope)', () => {
    const period = periodEnding(PeriodType.QUARTER, '2026-09-30');
    const r = (code: string, end = '2026-09-30'): Release => ({
      purpose: Purpose.ANALYTICS,
      measure: measureByCode(code)!,
      area: 'LA-NORTHSHIRE',
      periodType: PeriodType.QUARTER,
      period: end === period.end ? period : periodEnding(PeriodType.QUARTER, end),
    });
    // As declared (none linkable): every measure and period has its own scope.
    expect(releaseScope(r('CP_PLANS'))).not.toBe(releaseScope(r('CP_PLAN_RATE')));
    expect(releaseScope(r('CP_PLANS'))).not.toBe(releaseScope(r('CP_PLANS', '2026-06-30')));
    // A group a DPO might declare: the plan measures share keys, across periods too; nothing else does.
    const group: LinkableReleases[] = [{ name: 'cp-plans', measures: ['CP_PLANS', 'CP_PLAN_RATE'], acrossPeriods: true, why: 'example' }];
    expect(releaseScope(r('CP_PLANS'), group)).toBe(releaseScope(r('CP_PLAN_RATE', '2026-06-30'), group));
    expect(releaseScope(r('CP_PLANS'), group)).not.toBe(releaseScope(r('CLA'), group));
    expect(releaseScope({ ...r('CP_PLANS'), purpose: Purpose.STATUTORY_RETURN }, group)).not.toBe(releaseScope(r('CP_PLANS'), group));
  });
});
