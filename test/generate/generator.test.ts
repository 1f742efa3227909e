import pg from 'pg';
import { generatePartnership } from '../../seeds/generate';
import { startTestHub, type TestHub } from '../support/hub';

/**
 * Smoke test of the synthetic partnership generator (seeds/generate): a small load into a database with
 * the demo agencies only; rows plausible, date rules and constraints obeyed, same seed gives the same data.
 */
describe('synthetic partnership generator', () => {
  let t: TestHub;
  let client: pg.Client;

  beforeAll(async () => {
    t = await startTestHub({ demo: false });
    client = new pg.Client({ connectionString: t.databaseUrl });
    await client.connect();
  });

  afterAll(async () => {
    await client.end();
    await t.close();
  });

  const count = async (sql: string): Promise<number> => Number((await client.query<{ n: string }>(sql)).rows[0]!.n);

  it('loads 300 children deterministically and within the date rules', async () => {
    // Inside a transaction rolled back after the first run, so the second run sees the same empty database.
    await client.query('begin');
    const first = await generatePartnership(client, { children: 300, seed: 7, batchSize: 100 });
    const firstIds = (await client.query<{ id: string }>('select id from child order by id limit 5')).rows.map((r) => r.id);
    await client.query('rollback');
    await client.query('begin');
    const second = await generatePartnership(client, { children: 300, seed: 7, batchSize: 100 });
    const secondIds = (await client.query<{ id: string }>('select id from child order by id limit 5')).rows.map((r) => r.id);
    await client.query('commit');

    expect(second.rows).toEqual(first.rows);
    expect(secondIds).toEqual(firstIds);
    const rows = second.rows;
    expect(rows.child).toBe(300);
    expect(await count('select count(*) as n from child')).toBe(300);
    // Plausible shape: everyone has a contact; a minority are referred; few children are in care or on plans.
    expect(rows.contact).toBeGreaterThanOrEqual(300);
    expect(rows.referral).toBeGreaterThan(60);
    expect(rows.referral).toBeLessThan(250);
    expect(rows.child_identifier).toBeGreaterThan(500);
    expect(rows.strategy_discussion_participant).toBeGreaterThanOrEqual(rows.strategy_discussion! * 3);

    const violations = await client.query<{ rule: string; n: string }>(`
      select 'contact before birth' rule, count(*) n from contact c join child ch on ch.id = c.child_id where c.contact_at::date < coalesce(ch.date_of_birth, ch.expected_date_of_birth - 294)
      union all select 'referral before contact', count(*) from referral r join contact c on c.id = r.contact_id where r.referral_date < c.contact_at::date
      union all select 'assessment order', count(*) from assessment a join referral r on r.id = a.referral_id where a.start_date < r.referral_date or a.authorised_date < a.start_date
      union all select 's47 before discussion', count(*) from section47_enquiry s join strategy_discussion d on d.id = s.strategy_discussion_id where s.start_date < d.held_at::date
      union all select 'plan before conference', count(*) from child_protection_plan p join child_protection_conference c on c.id = p.initial_conference_id where p.start_date < c.conference_date or p.end_date < p.start_date
      union all select 'placement outside episode', count(*) from care_placement p join care_episode e on e.id = p.episode_id where p.start_date < e.start_date or (e.end_date is not null and (p.end_date is null or p.end_date > e.end_date))
      union all select 'health assessment order', count(*) from health_assessment where completed_at < requested_at::date or completed_at < entered_care_date or due_by < requested_at::date
      union all select 'review before episode', count(*) from care_review r join care_episode e on e.id = r.episode_id where r.review_date < e.start_date
      union all select 'care leaver under 16', count(*) from care_leaver l join child c on c.id = l.child_id where l.contact_date < c.date_of_birth + interval '16 years'
      union all select 'invalid NHS number', count(*) from child_identifier where type = 'NHS_NUMBER' and value !~ '^[0-9]{10}$'
      union all select 'RHI before return', count(*) from return_home_interview r join missing_episode m on m.id = r.episode_id where r.offered_at < m.end_at
      union all select 'dated after today', count(*) from (select referral_date d from referral union all select conference_date from child_protection_conference union all select start_date from care_episode union all select completed_at from health_assessment) x where d > '2026-11-01'`);
    expect(violations.rows.filter((r) => Number(r.n) > 0)).toEqual([]);

    // The hub serves the generated children to the local authority (row scope: it owns them).
    const res = await t.gql<{ children: { nodes: unknown[] } }>('social-worker', '{ children(first: 5) { nodes { familyName identifiers { type value } } } }');
    expect(res.errors).toBeUndefined();
    expect(res.data!.children.nodes).toHaveLength(5);
  });
});
