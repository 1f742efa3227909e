import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startTestHub, type TestHub } from '../support/hub';
import { dfeWindow, runDfeCscApiExport, DFE_BATCH_SIZE, type DfeApiMode } from '../../src/exports/dfe-csc-api';

/**
 * The DfE children's social care API payload (issue 12, must-show 4) on the demo partnership: the
 * structure and codes of the spec's records (data-to-insight's dfe-csc-api-data-flows, DfE v0.8, as its
 * pre-flight checks state them), batches of at most 100, and runs that send only what changed, with a
 * purge record for a child who is gone, each run audited.
 */

type Rec = Record<string, unknown>;
const ID = /^[A-Za-z0-9_-]{1,36}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const REFERRAL_SOURCES = ['1A', '1B', '1C', '1D', '2A', '2B', '3A', '3B', '3C', '3D', '3E', '3F', '4', '5A', '5B', '5C', '5D', '6', '7', '8', '9', '10'];
const ACTIVITY = ['F1', 'P1', 'F2', 'P2', 'F4', 'P4', 'F5', 'P5', 'G4', 'G5', 'G6'];

describe('DfE CSC API payload', () => {
  let t: TestHub;
  let client: pg.Client;
  const TODAY = '2026-12-03';
  const run = async (mode: DfeApiMode, dryRun = false) => {
    const out = mkdtempSync(join(tmpdir(), 'dfe-'));
    const result = await runDfeCscApiExport(client, { date: TODAY, mode, out, dryRun, subject: 'test:dfe' });
    const records = readdirSync(out).filter((f) => f.startsWith('batch-')).sort().flatMap((f) => JSON.parse(readFileSync(join(out, f), 'utf8')) as Rec[]);
    return { result, records, out };
  };

  beforeAll(async () => {
    t = await startTestHub();
    client = new pg.Client({ connectionString: t.databaseUrl });
    await client.connect();
  }, 120_000);
  afterAll(async () => {
    await client.end();
    await t.close();
  });

  it('the window starts 1 April of the financial year two years back and ends the day after the run', () => {
    expect(dfeWindow('2026-12-03')).toEqual({ from: '2024-04-01', to: '2026-12-04' });
    expect(dfeWindow('2026-03-31')).toEqual({ from: '2023-04-01', to: '2026-04-01' });
    expect(() => dfeWindow('2026-02-30')).toThrow(/real date/);
  });

  it('a full run: one record per child in the cohort, in the spec’s structure and codes, in batches of at most 100', async () => {
    const { result, records } = await run('full');
    expect(result.cohort).toBeGreaterThan(10);
    expect(records).toHaveLength(result.cohort);
    expect(result.batches).toBe(Math.ceil(result.cohort / DFE_BATCH_SIZE));
    const problems: string[] = [];
    const check = (ok: boolean, what: string) => ok || problems.push(what);
    let episodes = 0;
    let assessments = 0;
    for (const r of records) {
      const who = String(r.la_child_id);
      check(ID.test(who) && ID.test(String(r.mis_child_id)) && r.purge === false, `${who}: ids or purge`);
      const d = r.child_details as Rec;
      check(!!d && d.purge === false && ['M', 'F', 'U'].includes(String(d.sex)), `${who}: child_details.sex`);
      check(d.date_of_birth === undefined || DATE.test(String(d.date_of_birth)), `${who}: date_of_birth`);
      check(d.ethnicity === undefined || /^[A-Z]{4}$/.test(String(d.ethnicity)), `${who}: ethnicity`);
      check(Array.isArray(d.disabilities) && (d.disabilities as string[]).length >= 1 && (d.disabilities as string[]).length <= 12, `${who}: disabilities`);
      check(d.unique_pupil_number === undefined || /^[A-Z0-9]{13}$/.test(String(d.unique_pupil_number)), `${who}: UPN`);
      check(d.postcode === undefined || String(d.postcode).length <= 8, `${who}: postcode`);
      check(!('nhs_number' in d), `${who}: no NHS number is sent`);
      for (const e of r.social_care_episodes as Rec[]) {
        episodes++;
        check(ID.test(String(e.social_care_episode_id)) && DATE.test(String(e.referral_date)) && e.purge === false, `${who}: episode id/date`);
        check(e.referral_source === undefined || REFERRAL_SOURCES.includes(String(e.referral_source)), `${who}: referral_source ${String(e.referral_source)}`);
        check(e.closure_reason === undefined || /^RC[1-9]$/.test(String(e.closure_reason)), `${who}: closure_reason`);
        for (const a of e.child_and_family_assessments as Rec[]) {
          assessments++;
          check(ID.test(String(a.child_and_family_assessment_id)) && (a.factors === undefined || ((a.factors as string[]).length <= 41 && (a.factors as string[]).every((f) => /^\d{1,2}[A-Z]?$/.test(f)))), `${who}: assessment`);
        }
        for (const p of e.child_looked_after_placements as Rec[]) {
          check(p.start_reason === undefined || /^[SLPTUB]$/.test(String(p.start_reason)), `${who}: start_reason`);
          check(p.placement_type === undefined || String(p.placement_type).length <= 2, `${who}: placement_type`);
          check(p.end_reason === undefined || String(p.end_reason).length <= 3, `${who}: end_reason`);
          check(p.change_reason === undefined || String(p.change_reason).length <= 6, `${who}: change_reason`);
        }
        for (const s of e.section_47_assessments as Rec[]) check(typeof s.icpc_required_flag === 'boolean' || s.icpc_required_flag === undefined, `${who}: icpc flag`);
        const leaver = e.care_leavers as Rec | undefined;
        check(!leaver || leaver.activity === undefined || ACTIVITY.includes(String(leaver.activity)), `${who}: care leaver activity ${String(leaver?.activity)}`);
      }
      const sdq = (r.health_and_wellbeing as Rec | undefined)?.sdq_assessments as Rec[] | undefined;
      for (const s of sdq ?? []) check(Number.isInteger(s.score) && (s.score as number) >= 0 && (s.score as number) <= 40, `${who}: SDQ score`);
    }
    expect(problems).toEqual([]);
    expect(episodes).toBeGreaterThan(10);
    expect(assessments).toBeGreaterThan(5);
  });

  it('delta runs send nothing unchanged, a changed record whole, and a purge record for a child who is gone; every run is audited', async () => {
    await run('full');
    expect((await run('delta')).records).toEqual([]);
    const { rows: [open] } = await client.query<{ id: string; child_id: string }>(`select r.id, r.child_id from referral r join dfe_csc_api_staging s on s.child_id = r.child_id where r.closure_date is null and r.deleted_at is null and s.row_state <> 'DELETED' order by r.id limit 1`);
    await client.query(`update referral set closure_date = $2, closure_reason = 'RC1' where id = $1`, [open!.id, TODAY]);
    const { rows: [gone] } = await client.query<{ child_id: string; la_child_id: string; mis_child_id: string }>(`select child_id, la_child_id, mis_child_id from dfe_csc_api_staging where row_state <> 'DELETED' and child_id <> $1 order by la_child_id limit 1`, [open!.child_id]);
    await client.query(`update child set deleted_at = now() where id = $1`, [gone!.child_id]);
    const before = Number((await client.query(`select count(*) as n from audit_event where record_type = 'dfe_csc_api'`)).rows[0].n);

    const dry = await run('delta', true);
    expect(dry.records).toHaveLength(2);
    const delta = await run('delta');
    expect(delta.result.byState).toEqual({ UPDATED: 1, DELETED: 1 });
    expect(delta.records).toContainEqual({ la_child_id: gone!.la_child_id, mis_child_id: gone!.mis_child_id, purge: true });
    const changed = delta.records.find((r) => r.purge === false)!;
    expect((changed.social_care_episodes as Rec[]).some((e) => e.closure_date === TODAY && e.closure_reason === 'RC1')).toBe(true);
    // Sent: the next delta is empty again, and a full run does not resend the purge.
    expect((await run('delta')).records).toEqual([]);
    const full = await run('full');
    expect(full.records.some((r) => r.purge === true)).toBe(false);

    const audits = await client.query<{ child_ids: string[]; changes: { mode: string; records: number; dryRun: boolean }; purpose: string }>(`select child_ids, changes, purpose from audit_event where record_type = 'dfe_csc_api' order by seq offset $1`, [before]);
    expect(audits.rows.map((a) => [a.changes.mode, a.changes.records, a.changes.dryRun])).toEqual([['delta', 2, true], ['delta', 2, false], ['delta', 0, false], ['full', full.records.length, false]]);
    expect(audits.rows[1]!.child_ids.sort()).toEqual([open!.child_id, gone!.child_id].sort());
    expect(audits.rows[1]!.purpose).toBe('STATUTORY_RETURN');
  });

  it('refuses a folder that already holds a run, and sends nothing', async () => {
    const { out } = await run('full', true);
    await expect(runDfeCscApiExport(client, { date: TODAY, mode: 'full', out, subject: 'test:dfe' })).rejects.toThrow(/already holds a run/);
  });

  it('the same data gives the same content hash: a rebuilt record is not re-sent', async () => {
    const { rows: a } = await client.query(`select child_id, content_hash from dfe_csc_api_staging order by child_id`);
    await run('delta', true);
    const { rows: b } = await client.query(`select child_id, content_hash from dfe_csc_api_staging order by child_id`);
    expect(b).toEqual(a);
  });
});
