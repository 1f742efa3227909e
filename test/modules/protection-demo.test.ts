import { isMultiAgencySql } from '../../src/modules/protection/multi-agency';
import { workingDaysBetween } from '../../src/timescales/working-days';
import { startTestHub, type TestHub } from '../support/hub';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** The demo partnership's protection data tells the stories the partnership board asks about, and obeys the date rules. */
describe('protection demo data', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(() => t.close());
  const sql = async (q: string) => (await t.orm.em.fork().execute(q)) as any[];

  it('has discussions of every shape: mostly LA + police calls, some with health and schools, some with health declined or not invited (with reasons)', async () => {
    const [row] = await sql(`select count(*)::int as total,
        count(*) filter (where ${isMultiAgencySql('d.id')})::int as multi,
        count(*) filter (where d.format = 'CALL')::int as calls
      from strategy_discussion d`);
    expect(row.total).toBeGreaterThanOrEqual(10);
    expect(row.multi).toBeGreaterThan(0);
    expect(row.multi).toBeLessThan(row.total * 0.7);
    expect(row.calls).toBeGreaterThan(0);
    const statuses = await sql(`select coalesce(r.status, p.status) as status, p.agency_kind as kind, count(*)::int as n, bool_and(coalesce(r.status_reason, p.status_reason) is not null) as reasons
      from strategy_discussion_participant p left join strategy_discussion_response r on r.participant_id = p.id group by 1, 2`);
    const find = (status: string, kind: string) => statuses.find((s) => s.status === status && s.kind === kind);
    expect(find('ATTENDED', 'HEALTH')).toBeDefined();
    expect(find('NOT_INVITED', 'HEALTH')).toMatchObject({ reasons: true });
    expect(find('DECLINED', 'HEALTH')).toMatchObject({ reasons: true });
    for (const s of statuses.filter((x) => x.status === 'DECLINED' || x.status === 'NOT_INVITED')) expect(s.reasons).toBe(true);
    const [responses] = await sql(`select count(*)::int as n from strategy_discussion_response r join agency a on a.id = r.owning_agency_id where a.kind = 'HEALTH'`);
    expect(responses.n).toBeGreaterThan(0);
  });

  it('has graded police contributions and health and school contributions, each owned by its contributor and in its own field', async () => {
    const rows = await sql(`select c.agency_kind as kind, a.kind as owner_kind, c.health_detail, c.police_intelligence, c.education_detail, c.social_care_detail,
        c.source_evaluation, c.intelligence_assessment, c.handling_code, c.handling_conditions from agency_contribution c join agency a on a.id = c.owning_agency_id`);
    expect(new Set(rows.map((r) => r.kind))).toEqual(new Set(['POLICE', 'HEALTH', 'EDUCATION', 'LOCAL_AUTHORITY']));
    for (const r of rows) {
      expect(r.owner_kind).toBe(r.kind);
      const filled = ['health_detail', 'police_intelligence', 'education_detail', 'social_care_detail'].filter((f) => r[f]);
      expect(filled).toEqual([{ HEALTH: 'health_detail', POLICE: 'police_intelligence', EDUCATION: 'education_detail', LOCAL_AUTHORITY: 'social_care_detail' }[r.kind as string]]);
      if (r.kind === 'POLICE') {
        expect([r.source_evaluation, r.intelligence_assessment, r.handling_code].every(Boolean)).toBe(true);
        expect(r.handling_code === 'C').toBe(!!r.handling_conditions);
      } else expect(r.source_evaluation).toBeNull();
    }
  });

  it('has ICPCs within and beyond 15 working days of the initiating discussion, ended plans, second plans and one over two years', async () => {
    const icpcs = await sql(`select c.conference_date::text as icpc, (d.held_at at time zone 'Europe/London')::date::text as sd
      from child_protection_conference c join section47_enquiry s on s.id = c.section47enquiry_id join strategy_discussion d on d.id = s.strategy_discussion_id where c.type = 'INITIAL'`);
    const wd = icpcs.map((r) => workingDaysBetween(r.sd, r.icpc));
    expect(wd.some((n) => n <= 15)).toBe(true);
    expect(wd.some((n) => n > 15)).toBe(true);
    const [plans] = await sql(`select count(*)::int as total, count(end_date)::int as ended,
        count(*) filter (where coalesce(end_date, date '2026-11-01') - start_date > 730)::int as long_plans
      from child_protection_plan`);
    expect(plans.ended).toBeGreaterThan(0);
    expect(plans.ended).toBeLessThan(plans.total);
    expect(plans.long_plans).toBeGreaterThanOrEqual(1);
    const [second] = await sql(`select count(*)::int as n from (select child_id from child_protection_plan group by child_id having count(*) > 1) x`);
    expect(second.n).toBeGreaterThanOrEqual(1);
    const [visits] = await sql(`select count(*)::int as n, count(*) filter (where seen_alone)::int as alone from child_protection_visit`);
    expect(visits.n).toBeGreaterThan(0);
    expect(visits.alone).toBeGreaterThan(0);
    const [cg] = await sql(`select count(*)::int as n from core_group_meeting`);
    expect(cg.n).toBeGreaterThan(0);
  });

  it('obeys every date rule the API enforces', async () => {
    const broken = await sql(`
      select 's47 before discussion' as rule, s.id from section47_enquiry s join strategy_discussion d on d.id = s.strategy_discussion_id where s.start_date < (d.held_at at time zone 'Europe/London')::date
      union all select 's47 end before start', id from section47_enquiry where end_date < start_date
      union all select 'icpc before s47', c.id from child_protection_conference c join section47_enquiry s on s.id = c.section47enquiry_id where c.conference_date < s.start_date
      union all select 'plan end before start', id from child_protection_plan where end_date < start_date
      union all select 'plan before birth', p.id from child_protection_plan p join child ch on ch.id = p.child_id where ch.expected_date_of_birth is null and p.start_date < ch.date_of_birth
      union all select 'plan before its icpc', p.id from child_protection_plan p join child_protection_conference c on c.id = p.initial_conference_id where p.start_date < c.conference_date
      union all select 'visit outside plan', v.id from child_protection_visit v join child_protection_plan p on p.id = v.plan_id where v.visit_date < p.start_date or v.visit_date > coalesce(p.end_date, v.visit_date)
      union all select 'core group outside plan', m.id from core_group_meeting m join child_protection_plan p on p.id = m.plan_id where m.meeting_date < p.start_date or m.meeting_date > coalesce(p.end_date, m.meeting_date)
      union all select 'overlapping plans', a.id from child_protection_plan a join child_protection_plan b on a.child_id = b.child_id and a.id < b.id
        and a.start_date <= coalesce(b.end_date, '9999-12-31') and b.start_date <= coalesce(a.end_date, '9999-12-31')
      union all select 'seen alone but not seen', id from child_protection_visit where seen_alone and not seen
      union all select 'after today', id from child_protection_visit where visit_date > date '2026-11-01'`);
    expect(broken).toEqual([]);
  });

  it('a social worker sees a child\'s protection history through the API', async () => {
    const [row] = await sql(`select p.child_id from child_protection_plan p group by p.child_id having count(*) > 1 limit 1`);
    const id = Buffer.from(`Child:${row.child_id}`).toString('base64url');
    const res = await t.gql<any>(
      'social-worker',
      `query($id: ID!) { node(id: $id) { ... on Child { strategyDiscussions { isMultiAgency participants { status } contributions { summary } }
        childProtectionPlans { planNumber isSecondOrSubsequent visits { visitDate } } } } }`,
      { id },
    );
    expect(res.errors).toBeUndefined();
    const plans = res.data.node.childProtectionPlans;
    expect(plans.map((p: any) => p.planNumber).sort()).toEqual(plans.map((_: any, i: number) => i + 1));
    expect(plans.some((p: any) => p.isSecondOrSubsequent)).toBe(true);
    expect(res.data.node.strategyDiscussions.length).toBeGreaterThanOrEqual(2);
  });
});
