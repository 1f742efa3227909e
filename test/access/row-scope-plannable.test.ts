import { startTestHub, type TestHub } from '../support/hub';
import { rowScopePolicies } from '../../src/access/row-scope';
import { visibleChildrenFunctionBody } from '../../src/access/involvement-policy';

/**
 * Row scope in a form PostgreSQL can plan (issue 11, Migration20261203600000_rls_plannable): the deployed
 * policies are exactly what src/access/row-scope.ts derives, and the per-statement set of visible children
 * plus the lead-agency test answer exactly as hub_child_visible, the per-row function they replace.
 */
describe('row scope PostgreSQL can plan', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(() => t.close());

  it('every row-scope policy in the database is the one derived from the metadata', async () => {
    const statements = rowScopePolicies(t.orm.getMetadata()).map((p) => p.create);
    expect(statements.length).toBeGreaterThan(100);
    const em = t.orm.em.fork();
    const differing: string[] = [];
    await em.transactional(async (tx) => {
      for (const statement of statements) {
        const [, name, table] = /^create policy "([^"]+)" on "([^"]+)"/.exec(statement)!;
        // The derived policy under another name, deparsed by PostgreSQL like the deployed one, then compared.
        await tx.execute(statement.replace(`"${name}"`, '"derived_check"'));
        const [row] = await tx.execute<{ same: boolean }[]>(
          `select d.qual is not distinct from c.qual and d.with_check is not distinct from c.with_check and d.cmd = c.cmd and d.roles = c.roles as same
             from pg_policies d join pg_policies c on c.tablename = d.tablename
            where d.tablename = ? and d.policyname = ? and c.policyname = 'derived_check'`,
          [table, name],
        );
        if (!row?.same) differing.push(name!);
        await tx.execute(`drop policy "derived_check" on "${table}"`);
      }
      throw new Rollback();
    }).catch((e) => {
      if (!(e instanceof Rollback)) throw e;
    });
    expect(differing).toEqual([]);
    const [fn] = await em.execute<{ body: string }[]>(`select prosrc as body from pg_proc where proname = 'hub_visible_children'`);
    expect(fn!.body).toBe(visibleChildrenFunctionBody());
  });

  it('the lead test plus hub_visible_children() answer exactly as hub_child_visible() for every child, agency and grant', async () => {
    const em = t.orm.em.fork();
    // Give one partner practitioner a live break-glass grant, and another an expired one, so every route occurs.
    await em.execute(
      `insert into emergency_access (id, child_id, subject, agency_id, reason, granted_at, expires_at)
       select gen_random_uuid(), (select id from child order by id limit 1), 'pol.ppu.ian.ross', (select id from agency where code = 'POLICE-NORTHSHIRE'), 'test', now(), now() + interval '1 hour'
       union all
       select gen_random_uuid(), (select id from child order by id desc limit 1), 'pol.intel.jo.marsh', (select id from agency where code = 'POLICE-NORTHSHIRE'), 'test', now() - interval '2 hours', now() - interval '1 hour'`,
    );
    const rows = await em.execute<{ n: number; visible: number; differ: number }[]>(
      `with principal as (select a.id as agency_id, s.subject from agency a cross join (values ('pol.ppu.ian.ross'), ('pol.intel.jo.marsh'), ('someone')) s(subject)),
            answers as (select hub_child_visible(c.id, p.agency_id, p.subject) as old,
                               (c.owning_agency_id = p.agency_id or c.id = any(hub_visible_children(p.agency_id, p.subject))) as new
                          from child c cross join principal p)
       select count(*)::int as n, count(*) filter (where old)::int as visible, count(*) filter (where old is distinct from new)::int as differ from answers`,
    );
    expect(rows[0]!.differ).toBe(0);
    // Not vacuous: some pairs are visible and some are not.
    expect(rows[0]!.visible).toBeGreaterThan(0);
    expect(rows[0]!.visible).toBeLessThan(rows[0]!.n);
  });

  it('hub_app may call hub_visible_children, nobody else', async () => {
    const [row] = await t.orm.em.fork().execute<{ app: boolean; pub: boolean }[]>(
      `select has_function_privilege('hub_app', 'hub_visible_children(uuid, text)', 'execute') as app,
              exists (select 1 from pg_proc p, aclexplode(p.proacl) a where p.proname = 'hub_visible_children' and a.grantee = 0) as pub`,
    );
    expect(row).toEqual({ app: true, pub: false });
  });
});

class Rollback extends Error {}
