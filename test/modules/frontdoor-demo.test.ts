import { workingDaysBetween } from '../../src/timescales/working-days';
import { startTestHub, type TestHub } from '../support/hub';

/** The demo partnership's front door and LADO history: varied, coherent, and obeying the module's own date rules. */
describe('front door and LADO demo data', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(() => t.close());

  const sql = async (q: string) => t.orm.em.fork().execute(q);

  it('gives children contacts, referrals, assessments and CIN plans from varied sources', async () => {
    const [n] = await sql(`select (select count(*) from child)::int children, (select count(*) from contact)::int contacts, (select count(*) from referral)::int referrals,
                                  (select count(*) from assessment)::int assessments, (select count(*) from cin_plan)::int plans,
                                  (select count(distinct source) from referral)::int sources`);
    if (n.children === 0) return; // the people seed has not created children yet
    expect(n.contacts).toBeGreaterThan(0);
    expect(n.referrals).toBeGreaterThan(0);
    expect(n.assessments).toBeGreaterThan(0);
    expect(n.plans).toBeGreaterThan(0);
    expect(n.sources).toBeGreaterThanOrEqual(4);
  });

  it('has re-referrals, late decisions and assessments beyond 45 working days, but mostly on time', async () => {
    const referrals = await sql(`select id, referral_date::text rd, (decision_at at time zone 'Europe/London')::date::text dd from referral where decision_at is not null`);
    if (!referrals.length) return;
    const late = referrals.filter((r: any) => workingDaysBetween(r.rd, r.dd) > 1).length;
    expect(late).toBeGreaterThan(0);
    expect(late).toBeLessThan(referrals.length / 2);
    const assessments = await sql(`select r.referral_date::text rd, a.authorised_date::text ad from assessment a join referral r on r.id = a.referral_id where a.authorised_date is not null`);
    const overdue = assessments.filter((a: any) => workingDaysBetween(a.rd, a.ad) > 45).length;
    expect(overdue).toBeGreaterThan(0);
    expect(overdue).toBeLessThan(assessments.length / 2);
    const [re] = await sql(`select count(*)::int n from referral r where exists (select 1 from referral p where p.child_id = r.child_id and p.id <> r.id
                              and p.referral_date < r.referral_date and p.referral_date >= (r.referral_date - interval '12 months')::date)`);
    expect(re.n).toBeGreaterThan(0);
  });

  it('obeys the date rules the API enforces', async () => {
    const broken = await sql(`
      select 'referral before contact' rule, r.id from referral r join contact c on c.id = r.contact_id where r.referral_date < (c.contact_at at time zone 'Europe/London')::date
      union all select 'decision before referral', id from referral where (decision_at at time zone 'Europe/London')::date < referral_date
      union all select 'closure before referral', id from referral where closure_date < referral_date
      union all select 'closure without reason', id from referral where (closure_date is null) <> (closure_reason is null)
      union all select 'assessment before referral', a.id from assessment a join referral r on r.id = a.referral_id where a.start_date < r.referral_date
      union all select 'authorised before start', id from assessment where authorised_date < start_date
      union all select 'plan ends before start', id from cin_plan where end_date < start_date
      union all select 'referral before birth', r.id from referral r join child c on c.id = r.child_id where c.expected_date_of_birth is null and r.referral_date < c.date_of_birth
      union all select 'contact before birth', k.id from contact k join child c on c.id = k.child_id where c.expected_date_of_birth is null and (k.contact_at at time zone 'Europe/London')::date < c.date_of_birth
      union all select 'lado meeting before referral', id from lado_referral where strategy_meeting_date < referral_date
      union all select 'lado closed before referral', id from lado_referral where (closed_at at time zone 'Europe/London')::date < referral_date`);
    expect(broken).toEqual([]);
  });

  it('holds about eight LADO allegations with varied outcomes, some open', async () => {
    const rows = await sql(`select outcome, closed_at from lado_referral`);
    expect(rows.length).toBeGreaterThanOrEqual(8);
    expect(new Set(rows.map((r: any) => r.outcome).filter(Boolean)).size).toBe(5);
    expect(rows.some((r: any) => r.closed_at === null)).toBe(true);
    const res = await t.gql<any>('lado', `{ ladoReferrals(first: 20) { totalCount nodes { outcome adultRole childrenInvolved { id } } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.ladoReferrals.totalCount).toBe(rows.length);
  });

  it('serves a page of referrals with their children and re-referral flags without errors', async () => {
    const res = await t.gql<any>('front-door', `{ referrals(first: 50) { totalCount nodes { referralDate source primaryNeed isReReferralWithin12Months child { id } assessments { factors } cinPlans { startDate } } } }`);
    expect(res.errors).toBeUndefined();
  });
});
