import { BANK_HOLIDAYS, fromDayNumber, toDayNumber, workingDaysBetween } from '../../src/timescales';
import { startTestHub, type TestHub } from '../support/hub';

/** hub_working_days_between (SQL, migration Migration20261122920000_analytics_reference) must agree with workingDaysBetween. */
describe('hub_working_days_between', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ demo: false });
  });
  afterAll(() => t.close());

  const sqlBetween = async (pairs: [string, string][]): Promise<number[]> => {
    const rows = (await t.orm.em.fork().execute(
      `select hub_working_days_between((x.e->>0)::date, (x.e->>1)::date) as n from jsonb_array_elements(cast(? as jsonb)) with ordinality as x(e, i) order by x.i`,
      [JSON.stringify(pairs)],
    )) as { n: number }[];
    return rows.map((r) => Number(r.n));
  };

  it('holds the bank holiday list exactly', async () => {
    const rows = (await t.orm.em.fork().execute(`select to_char(holiday_date, 'YYYY-MM-DD') as d from hub_bank_holiday order by 1`)) as { d: string }[];
    expect(rows.map((r) => r.d)).toEqual(BANK_HOLIDAYS.map((b) => b.date));
  });

  it('matches the TypeScript on 3,000 random date pairs 2010-2030 (and on hand-picked edges)', async () => {
    // Deterministic pseudo-random generator (mulberry32), so a failure reproduces.
    let seed = 20261122;
    const rand = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
      return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
    };
    const [lo, hi] = [toDayNumber('2010-01-01'), toDayNumber('2030-12-31')];
    const pairs: [string, string][] = [
      ['2024-02-28', '2024-03-01'], // leap day
      ['2024-03-28', '2024-04-02'], // Easter
      ['2020-05-07', '2020-05-11'], // VE day moved bank holiday
      ['2010-01-01', '2030-12-31'], // whole range
      ['2030-12-31', '2010-01-01'], // antisymmetric
      ['2026-11-21', '2026-11-21'], // same day
      ['2026-11-21', '2026-11-22'], // Sat -> Sun
    ];
    for (let i = 0; i < 3000; i++) {
      const a = lo + Math.floor(rand() * (hi - lo + 1));
      // Mostly short spans (as timescales are), some long ones.
      const span = rand() < 0.8 ? Math.floor(rand() * 120) - 20 : Math.floor(rand() * (hi - lo + 1)) - (a - lo);
      const b = Math.min(hi, Math.max(lo, a + span));
      pairs.push([fromDayNumber(a), fromDayNumber(b)]);
    }
    const got = await sqlBetween(pairs);
    const mismatches = pairs.map((p, i) => ({ p, sql: got[i], ts: workingDaysBetween(p[0], p[1]) })).filter((x) => x.sql !== x.ts);
    expect(mismatches).toEqual([]);
  });

  it('refuses dates outside the covered years, as the TypeScript does', async () => {
    await expect(t.orm.em.fork().execute(`select hub_working_days_between('2009-12-31', '2010-01-04')`)).rejects.toThrow(/outside the years covered/);
  });
});
