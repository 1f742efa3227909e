import pg from 'pg';
import { startTestHub, type TestHub } from '../support/hub';
import { Child } from '../../src/modules/people/child.entity';
import { Referral } from '../../src/modules/frontdoor/referral.entity';

/**
 * Row scope is enforced twice: by PostgreSQL row-level security (proved here with raw SQL, no ORM) and
 * by the ORM filter (proved with a superuser connection, where RLS does not apply).
 */
describe('row scope in the database and in the ORM', () => {
  let t: TestHub;
  let agencies: Record<string, string>;
  beforeAll(async () => {
    t = await startTestHub();
    const rows = await t.orm.em.fork().execute<{ code: string; id: string }[]>('select code, id from agency');
    agencies = Object.fromEntries(rows.map((r) => [r.code, r.id]));
  });
  afterAll(() => t.close());

  /** Runs SQL as the application role with a principal's transaction settings, like a request does. */
  async function asPrincipal<T>(agencyCode: string, subject: string, sql: string, params: unknown[] = [], scope = 'involvement'): Promise<T[]> {
    const client = new pg.Client({ connectionString: t.databaseUrl });
    await client.connect();
    try {
      await client.query('begin');
      await client.query('set local role hub_app');
      await client.query(`select set_config('hub.agency_id', $1, true), set_config('hub.subject', $2, true), set_config('hub.row_scope', $3, true)`, [agencies[agencyCode], subject, scope]);
      const { rows } = await client.query(sql, params);
      return rows as T[];
    } finally {
      await client.query('rollback').catch(() => undefined);
      await client.end();
    }
  }

  /** A child with referrals whose only involvements are the local authority's. */
  async function laOnlyChild(): Promise<string> {
    const rows = await t.orm.em.fork().execute<{ id: string }[]>(
      `select c.id from child c
        where exists (select 1 from referral r where r.child_id = c.id)
          and not exists (select 1 from involvement i where i.child_id = c.id and i.agency_id <> ?)
          and c.owning_agency_id = ?
        order by c.id limit 1`,
      [agencies['LA-NORTHSHIRE'], agencies['LA-NORTHSHIRE']],
    );
    expect(rows).toHaveLength(1);
    return rows[0]!.id;
  }

  it("hides another agency's child-level rows from raw SQL run as the application role", async () => {
    const childId = await laOnlyChild();
    const sql = 'select count(*)::int as n from referral where child_id = $1';
    const [asLa] = await asPrincipal<{ n: number }>('LA-NORTHSHIRE', 'la.sw.amy.khan', sql, [childId]);
    const [asPolice] = await asPrincipal<{ n: number }>('POLICE-NORTHSHIRE', 'pol.ppu.ian.ross', sql, [childId]);
    const [asAnalyst] = await asPrincipal<{ n: number }>('NSCP', 'nscp.analyst.lee.hart', sql, [childId], 'none');
    expect(asLa!.n).toBeGreaterThan(0);
    expect(asPolice!.n).toBe(0);
    expect(asAnalyst!.n).toBe(0);
  });

  it('refuses to let the application role write a row owned by another agency, or delete anything', async () => {
    const childId = await laOnlyChild();
    await expect(asPrincipal('POLICE-NORTHSHIRE', 'pol.ppu.ian.ross', `insert into referral (id, owning_agency_id, created_by, updated_by, child_id, referral_date) values (gen_random_uuid(), $1, 'x', 'x', $2, '2026-01-01')`, [agencies['LA-NORTHSHIRE'], childId])).rejects.toThrow(/row-level security|violates/);
    const updated = await asPrincipal<{ id: string }>('POLICE-NORTHSHIRE', 'pol.ppu.ian.ross', `update child set family_name = 'X' where id = $1 returning id`, [childId]);
    expect(updated).toEqual([]);
    await expect(asPrincipal('LA-NORTHSHIRE', 'la.sw.amy.khan', 'delete from child where id = $1', [childId])).rejects.toThrow(/permission denied/);
  });

  it('an unexpired break-glass grant opens the child, an expired one does not', async () => {
    const childId = await laOnlyChild();
    const sql = 'select count(*)::int as n from referral where child_id = $1';
    await t.orm.em.fork().execute(
      `insert into emergency_access (id, child_id, subject, agency_id, reason, granted_at, expires_at) values
        (gen_random_uuid(), ?, 'pol.ppu.ian.ross', ?, 'test', now() - interval '2 hours', now() - interval '1 hour')`,
      [childId, agencies['POLICE-NORTHSHIRE']],
    );
    expect((await asPrincipal<{ n: number }>('POLICE-NORTHSHIRE', 'pol.ppu.ian.ross', sql, [childId]))[0]!.n).toBe(0);
    await t.orm.em.fork().execute(
      `insert into emergency_access (id, child_id, subject, agency_id, reason, granted_at, expires_at) values
        (gen_random_uuid(), ?, 'pol.ppu.ian.ross', ?, 'test', now(), now() + interval '1 hour')`,
      [childId, agencies['POLICE-NORTHSHIRE']],
    );
    expect((await asPrincipal<{ n: number }>('POLICE-NORTHSHIRE', 'pol.ppu.ian.ross', sql, [childId]))[0]!.n).toBeGreaterThan(0);
    expect((await asPrincipal<{ n: number }>('POLICE-NORTHSHIRE', 'pol.intel.jo.marsh', sql, [childId]))[0]!.n).toBe(0);
  });

  it('an agency invited to a strategy discussion sees that child (it must see what it is asked to contribute to)', async () => {
    const school = 'SCH-ASHFIELD-PRIMARY';
    const [sd] = await t.orm.em.fork().execute<{ id: string; child_id: string }[]>(
      `select s.id, s.child_id from strategy_discussion s
        where not exists (select 1 from involvement i where i.child_id = s.child_id and i.agency_id = ?)
        order by s.id limit 1`,
      [agencies[school]],
    );
    // An invitation opens the child for 12 months of PostgreSQL's clock; hold the discussion a month ago by
    // that clock, so the test does not depend on how far the calendar has moved past the demo's today.
    await t.orm.em.fork().execute(`update strategy_discussion set held_at = now() - interval '1 month' where id = ?`, [sd!.id]);
    const sql = 'select count(*)::int as n from strategy_discussion where child_id = $1';
    expect((await asPrincipal<{ n: number }>(school, 'sch.dsl.x', sql, [sd!.child_id]))[0]!.n).toBe(0);
    await t.orm.em.fork().execute(
      `insert into strategy_discussion_participant (id, owning_agency_id, created_by, updated_by, lawful_basis, discussion_id, agency_id, agency_kind, role, status)
       select gen_random_uuid(), s.owning_agency_id, 'test', 'test', 'x', s.id, ?, 'EDUCATION', 'Designated safeguarding lead', 'INVITED' from strategy_discussion s where s.id = ?`,
      [agencies[school], sd!.id],
    );
    expect((await asPrincipal<{ n: number }>(school, 'sch.dsl.x', sql, [sd!.child_id]))[0]!.n).toBeGreaterThan(0);
  });

  it('the ORM filter alone (superuser connection, so no RLS) applies the same rule', async () => {
    const childId = await laOnlyChild();
    const em = t.orm.em.fork();
    em.setFilterParams('rowScope', { agencyId: agencies['POLICE-NORTHSHIRE'], subject: 'pol.intel.jo.marsh' });
    expect(await em.count(Referral, { child: childId })).toBe(0);
    const la = t.orm.em.fork();
    la.setFilterParams('rowScope', { agencyId: agencies['LA-NORTHSHIRE'], subject: 'la.sw.amy.khan' });
    expect(await la.count(Referral, { child: childId })).toBeGreaterThan(0);
    // and with no principal (seeds, admin scripts) the filter adds nothing
    expect(await t.orm.em.fork().count(Child, { id: childId })).toBe(1);
  });

  it('every table with an owning agency has row-level security enabled', async () => {
    const rows = await t.orm.em.fork().execute<{ table_name: string; rls: boolean }[]>(
      `select c.table_name, cl.relrowsecurity as rls from information_schema.columns c
         join pg_class cl on cl.relname = c.table_name and cl.relkind = 'r'
        where c.column_name = 'owning_agency_id' and c.table_schema = 'public'`,
    );
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.filter((r) => !r.rls).map((r) => r.table_name)).toEqual([]);
  });
});
