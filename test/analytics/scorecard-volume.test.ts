/**
 * Scorecard timing at volume (measured and printed, not asserted). Opt-in, because loading takes a while:
 *   SCORECARD_VOLUME=50000 npm test -- test/analytics/scorecard-volume
 * loads that many synthetic children (seeds/generate) into an empty test database, then times the full
 * scorecard for each period type as the board analyst.
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { generatePartnership } from '../../seeds/generate/partnership';
import { MEASURES } from '../../src/analytics/measures';
import { periodSeries, PeriodType } from '../../src/analytics/periods';
import { countMeasure, TREND_LENGTH } from '../../src/analytics/scorecard';
import { startTestHub, type TestHub } from '../support/hub';

/* eslint-disable @typescript-eslint/no-explicit-any */

const CHILDREN = Number(process.env.SCORECARD_VOLUME ?? 0);
const maybe = CHILDREN > 0 ? describe : describe.skip;

maybe(`scorecard over ${CHILDREN} synthetic children`, () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ demo: false });
    const client = new pg.Client({ connectionString: t.databaseUrl });
    await client.connect();
    try {
      await client.query('begin');
      const r = await generatePartnership(client, { children: CHILDREN });
      await client.query('commit');
      await client.query('analyze');
      console.log(`generated in ${r.ms} ms: ${JSON.stringify(r.rows)}`);
    } finally {
      await client.end();
    }
  }, 1_200_000);
  afterAll(() => t.close());

  it('times each measure (8 rolling-12-month periods)', async () => {
    const sql = (q: string, p: unknown[]) => t.orm.em.fork().execute(q, p) as Promise<Record<string, unknown>[]>;
    const la = String((await sql(`select id from agency where code = 'LA-NORTHSHIRE'`, []))[0]!.id);
    const periods = periodSeries(PeriodType.ROLLING_12_MONTHS, '2026-09-30', TREND_LENGTH);
    const lines: string[] = [];
    for (const m of MEASURES) {
      const started = performance.now();
      await countMeasure(sql, m, periods, la);
      lines.push(`${m.code}: ${(performance.now() - started).toFixed(0)} ms`);
    }
    console.log(lines.join('\n'));
  }, 600_000);

  it('times the full scorecard', async () => {
    for (const periodType of ['QUARTER', 'FINANCIAL_YEAR_TO_DATE', 'ROLLING_12_MONTHS']) {
      const started = performance.now();
      const res = await t.gql<any>('board-analyst', `query($input: ScorecardInput!) { scorecard(input: $input) { measures { code numerator denominator value rag trend { value } } } }`, {
        input: { periodType, periodEnd: '2026-09-30' },
      });
      expect(res.errors).toBeUndefined();
      const ms = performance.now() - started;
      const brief = res.data.scorecard.measures.map((m: any) => `${m.code}=${m.value ?? '-'}`).join(' ');
      console.log(`scorecard ${periodType} to 2026-09-30, ${CHILDREN} children: ${ms.toFixed(0)} ms\n${brief}`);
    }
  }, 600_000);
});
