/**
 * Scorecard facts (src/analytics/facts.ts): stored per measure, area and period, maintained in the
 * transaction of every write, equal to the live figures of the same definitions, rebuilt from scratch
 * to the same rows, and readable by hub_app only as aggregates through the analytics path.
 */
import pg from 'pg';
import { factDefinitions, factPeriods, isSnapshot, rebuildFacts } from '../../src/analytics/facts';
import { MEASURES } from '../../src/analytics/measures';
import { countMeasure, type Sql } from '../../src/analytics/scorecard';
import { startTestHub, type TestHub } from '../support/hub';

/* eslint-disable @typescript-eslint/no-explicit-any */

const SCORECARD = `query($input: ScorecardInput!) { scorecard(input: $input) { measures { code numerator denominator suppressed trend { period { start end } numerator denominator } } } }`;
const CHILD = `mutation($input: CreateChildInput!) { createChild(input: $input) { record { id } userErrors { code message } } }`;
const REFERRAL = `mutation($input: CreateReferralInput!) { createReferral(input: $input) { record { id } userErrors { field code message } } }`;
const Q2 = { periodType: 'QUARTER', periodEnd: '2026-09-30' };

describe('scorecard facts', () => {
  let t: TestHub;
  let sql: Sql;
  let owner: pg.Client;
  let la: string;
  beforeAll(async () => {
    t = await startTestHub();
    sql = (q, p) => t.orm.em.fork().execute(q, p) as Promise<Record<string, unknown>[]>;
    owner = new pg.Client({ connectionString: t.databaseUrl });
    await owner.connect();
    la = String((await sql(`select id from agency where code = 'LA-NORTHSHIRE'`, []))[0]!.id);
  });
  afterAll(async () => {
    await owner.end();
    await t.close();
  });

  const stored = async (code: string, start: string, end: string, snapshot = false) => {
    const rows = await sql(
      `select f.numerator, f.denominator from analytics_fact f join analytics_fact_period p on p.id = f.period_id
        where f.measure_code = ? and f.area_id = ? and p.period_start = ? and p.period_end = ? and p.snapshot = ?`,
      [code, la, start, end, snapshot],
    );
    return rows.length ? { numerator: Number(rows[0]!.numerator), denominator: Number(rows[0]!.denominator) } : { numerator: 0, denominator: 0 };
  };
  const facts = async () =>
    (await owner.query(`select measure_code, area_id, period_id, numerator, denominator from analytics_fact where numerator <> 0 or denominator <> 0 order by 1, 2, 3`)).rows;
  const contributions = async () =>
    (await owner.query(`select measure_code, area_id, period_id, child_key, numerator, denominator from analytics_fact_child order by 1, 2, 3, 4`)).rows;

  it('hold every measure’s figures over the demo, equal to the live definitions, and are current', async () => {
    const stale = await sql(`select code from analytics_fact_measure where stale`, []);
    expect(stale).toEqual([]);
    // Every stored period from the demo's first year to a year after its "today".
    const periods = factPeriods().filter((p) => p.end >= '2023-01-01' && p.end <= '2027-12-31');
    let nonZero = 0;
    for (const m of MEASURES) {
      const ps = periods.filter((p) => p.snapshot === isSnapshot(m));
      const live = await countMeasure(sql, m, ps, la);
      const kept = await Promise.all(ps.map((p) => stored(m.code, p.start, p.end, p.snapshot)));
      expect({ code: m.code, counts: kept }).toEqual({ code: m.code, counts: live });
      nonZero += live.filter((c) => c.numerator || c.denominator).length;
    }
    expect(nonZero).toBeGreaterThan(100);
  });

  it('change with a write through GraphQL, in the next request', async () => {
    const referrals = (r: any) => r.data.scorecard.measures.find((m: any) => m.code === 'REFERRALS');
    const before = await t.gql<any>('board-analyst', SCORECARD, { input: Q2 });
    expect(before.errors).toBeUndefined();
    // A quarter of the trend whose referrals the analyst sees (small numbers are withheld).
    const point = referrals(before).trend.find((p: any) => p.numerator != null && p.numerator >= 5);
    expect(point).toBeDefined();
    const day = point.period.start.slice(0, 8) + '14';

    const child = await t.gql<any>('front-door', CHILD, { input: { familyName: 'Facts', givenName: 'Test', dateOfBirth: '2016-02-03' } });
    expect(child.data.createChild.userErrors).toEqual([]);
    const ref = await t.gql<any>('front-door', REFERRAL, { input: { childId: child.data.createChild.record.id, referralDate: day, source: 'SOURCE_1A' } });
    expect(ref.errors).toBeUndefined();
    expect(ref.data.createReferral.userErrors).toEqual([]);

    const after = await t.gql<any>('board-analyst', SCORECARD, { input: Q2 });
    const same = referrals(after).trend.find((p: any) => p.period.end === point.period.end);
    expect(same.numerator).toBe(point.numerator + 1);
    // Read from the facts (kept for this measure), and still what the definition gives live.
    const [live] = await countMeasure(sql, MEASURES.find((m) => m.code === 'REFERRALS')!, [{ ...point.period, label: '' }], la);
    expect(await stored('REFERRALS', point.period.start, point.period.end)).toEqual(live);
    expect(live!.numerator).toBe(same.numerator);
  });

  it('are written at commit of the writing transaction, and rolled back with it', async () => {
    const child = String((await sql(`select id from child where owning_agency_id = ? order by id limit 1`, [la]))[0]!.id);
    const q = { start: '2026-10-01', end: '2026-12-31' };
    const base = await stored('REFERRALS', q.start, q.end);
    const insert = `insert into referral (id, child_id, referral_date, source, owning_agency_id, created_by, updated_by, lawful_basis)
                    values (gen_random_uuid(), $1, $2, '1A', $3, 'facts-test', 'facts-test', 'fixture')`;
    // Rolled back: nothing reaches the facts, and the queue is left empty.
    await owner.query('begin');
    await owner.query(insert, [child, '2026-11-02', la]);
    await owner.query('rollback');
    expect(await stored('REFERRALS', q.start, q.end)).toEqual(base);
    // A failed step rolled back to its savepoint: only the step that stayed is counted, at commit.
    await owner.query('begin');
    await owner.query('savepoint step');
    await owner.query(insert, [child, '2026-11-03', la]);
    await owner.query('rollback to savepoint step');
    await owner.query(insert, [child, '2026-11-04', la]);
    const during = (await owner.query(`select count(*)::int as n from analytics_fact_dirty`)).rows[0].n;
    expect(during).toBeGreaterThan(0);
    await owner.query('commit');
    expect(await stored('REFERRALS', q.start, q.end)).toEqual({ numerator: base.numerator + 1, denominator: 0 });
    expect((await owner.query(`select (select count(*) from analytics_fact_dirty)::int + (select count(*) from analytics_fact_commit)::int as n`)).rows[0].n).toBe(0);
  });

  it('maintained through many kinds of change equal the facts rebuilt from scratch', async () => {
    // Updates, soft deletes, a child's date of birth, rows reached through parents, units about no child.
    await owner.query(`update referral set referral_date = referral_date + 40 where id in (select id from referral order by id limit 6)`);
    await owner.query(`update care_episode set end_date = null where id in (select id from care_episode where end_date is not null order by id limit 3)`);
    await owner.query(`update child_protection_plan set deleted_at = now() where id in (select id from child_protection_plan order by id desc limit 2)`);
    await owner.query(`update strategy_discussion_participant set status = 'ATTENDED' where id in (select id from strategy_discussion_participant order by id limit 6)`);
    await owner.query(`update child set date_of_birth = date_of_birth - 400 where id in (select child_id from care_leaver order by id limit 3)`);
    await owner.query(`update lado_referral set threshold_met = not coalesce(threshold_met, false) where id in (select id from lado_referral order by id limit 2)`);
    await owner.query(`delete from return_home_interview where id in (select id from return_home_interview order by id limit 2)`);
    expect((await sql(`select code from analytics_fact_measure where stale`, []))).toEqual([]);
    const incremental = { facts: await facts(), contributions: await contributions() };
    const exec = async (s: string) => (await owner.query(s)).rows as Record<string, unknown>[];
    const { rebuilt } = await rebuildFacts(exec, t.orm.getMetadata(), { all: true });
    expect(rebuilt).toHaveLength(MEASURES.length);
    expect({ facts: await facts(), contributions: await contributions() }).toEqual(incremental);
  });

  it('of a table truncated, or loaded with maintenance off, are read live until rebuilt', async () => {
    const scorecard = async () => (await t.gql<any>('board-analyst', SCORECARD, { input: Q2 })).data.scorecard.measures.map((m: any) => [m.code, m.numerator, m.denominator]);
    const shown = await scorecard();
    await owner.query('begin');
    await owner.query(`set local hub.facts = 'off'`);
    await owner.query(`update missing_episode set start_at = start_at where false`);
    await owner.query('commit');
    const stale = (await sql(`select code from analytics_fact_measure where stale order by code`, [])).map((r) => r.code);
    expect(stale).toEqual(expect.arrayContaining(['MISSING_EPISODES', 'RHI_OFFERED_72H_PCT']));
    expect(stale).not.toContain('REFERRALS');
    // The figures do not change: the stale measures are computed live from the same definitions.
    expect(await scorecard()).toEqual(shown);
    const exec = async (s: string) => (await owner.query(s)).rows as Record<string, unknown>[];
    expect((await rebuildFacts(exec, t.orm.getMetadata())).rebuilt.sort()).toEqual([...stale].sort());
    expect(await sql(`select code from analytics_fact_measure where stale`, [])).toEqual([]);
    // A truncate names no rows: what reads the table is stale, then rebuilt.
    await owner.query(`truncate exploitation_screening cascade`);
    expect((await sql(`select code from analytics_fact_measure where stale order by code`, [])).map((r) => r.code)).toEqual(MEASURES.filter((m) => m.code.startsWith('EXPLOITATION_')).map((m) => m.code).sort());
    await rebuildFacts(exec, t.orm.getMetadata());
    expect(await stored('EXPLOITATION_SCREENINGS_LOW', '2026-04-01', '2026-09-30')).toEqual({ numerator: 0, denominator: 0 });
  });

  it('are aggregates only to hub_app, and only with every row visible', async () => {
    const asApp = async (scope: string, q: string) => {
      const c = new pg.Client({ connectionString: t.databaseUrl });
      await c.connect();
      try {
        await c.query('begin');
        await c.query(`select set_config('role', 'hub_app', true), set_config('hub.row_scope', $1, true), set_config('hub.agency_id', $2, true)`, [scope, la]);
        return (await c.query(q)).rows;
      } finally {
        await c.query('rollback').catch(() => undefined);
        await c.end();
      }
    };
    expect((await asApp('all', `select count(*)::int as n from analytics_fact`))[0].n).toBeGreaterThan(0);
    expect((await asApp('involvement', `select count(*)::int as n from analytics_fact`))[0].n).toBe(0);
    await expect(asApp('all', `select * from analytics_fact_child limit 1`)).rejects.toThrow(/permission denied/);
    await expect(asApp('all', `select * from analytics_fact_dirty limit 1`)).rejects.toThrow(/permission denied/);
    await expect(asApp('all', `update analytics_fact set numerator = 0`)).rejects.toThrow(/permission denied/);
    await expect(asApp('all', `update analytics_fact_measure set stale = false`)).rejects.toThrow(/permission denied/);
  });

  it('watch every table a measure reads', async () => {
    const triggers = new Set(
      (await owner.query(`select tgrelid::regclass::text as t from pg_trigger where tgname = 'analytics_fact_ins'`)).rows.map((r) => r.t.replace(/"/g, '')),
    );
    const read = [...new Set(factDefinitions(t.orm.getMetadata()).flatMap((d) => d.tables))].sort();
    expect(read).toEqual(expect.arrayContaining(['referral', 'care_episode', 'strategy_discussion_participant', 'child', 'lado_referral']));
    expect(read.filter((x) => !triggers.has(x))).toEqual([]);
  });
});
