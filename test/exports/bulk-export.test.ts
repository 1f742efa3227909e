import { createHmac, randomBytes } from 'node:crypto';
import pg from 'pg';
import { startTestHub, type TestHub } from '../support/hub';
import { readFileSync } from 'node:fs';
import { toGlobalId } from '../../src/server/graphql/global-id';
import { ANALYTICS_VIEWS } from '../../src/exports/analytics-views';
import { renderAnalyticsViewsDoc } from '../../src/exports/render-doc';

/**
 * Bulk export for BI and the read-only analytics views (issue 12, must-shows 5 and 6): what a BI service
 * account receives, page by page, in NDJSON and CSV; that it is pseudonymised and free of free text;
 * who is refused; what the DPO sees in the audit; and a direct database login in the read-only role that
 * can read the views and nothing else.
 */

interface Res {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
}

describe('bulk export and analytics views', () => {
  let t: TestHub;
  const get = async (persona: string, url: string): Promise<Res> => {
    const token = await t.token(persona);
    const res = await t.hub.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
    return { status: res.statusCode, headers: res.headers, body: res.body };
  };
  const sql = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => t.orm.em.fork().execute<T[]>(text, params);
  const ndjson = (body: string) => body.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  const auditCount = async () => Number((await sql<{ n: string }>(`select count(*) as n from audit_event where action = 'EXPORT'`))[0]!.n);

  beforeAll(async () => {
    t = await startTestHub();
  }, 120_000);
  afterAll(() => t.close());

  it('lists every analytical view with its columns', async () => {
    const res = await get('bi-service', '/exports/analytics');
    expect(res.status).toBe(200);
    const views = JSON.parse(res.body) as Record<string, { columns: string[] }>;
    expect(Object.keys(views)).toEqual(expect.arrayContaining(['children', 'referrals', 'assessments', 'child_protection_plans', 'care_episodes', 'health_assessments', 'missing_episodes', 'strategy_discussion_participants']));
    expect(views.referrals!.columns).toEqual(['record_key', 'child_key', 'contact_key', 'agency', 'referral_date', 'source', 'primary_need', 'nfa', 'decision_at', 'closure_date', 'closure_reason', 'updated_at']);
  });

  it('exports every live referral once, pseudonymised with HMAC-SHA256 under the views key, with no id or name in it', async () => {
    const res = await get('bi-service', '/exports/analytics/referrals?format=ndjson');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/x-ndjson/);
    const rows = ndjson(res.body);
    const referrals = await sql<{ id: string; child_id: string }>('select id, child_id from referral where deleted_at is null');
    expect(rows).toHaveLength(referrals.length);
    expect(res.headers['x-export-rows']).toBe(String(referrals.length));
    expect(res.headers.link).toBeUndefined();
    const [{ key }] = await sql<{ key: Buffer }>('select key from analytics_private.pseudonym_key');
    const pseudonym = (id: string) => createHmac('sha256', key).update(id).digest('hex').slice(0, 32);
    expect(new Set(rows.map((r) => r.record_key))).toEqual(new Set(referrals.map((r) => pseudonym(r.id))));
    expect(new Set(rows.map((r) => r.child_key))).toEqual(new Set(referrals.map((r) => pseudonym(r.child_id))));
    const names = (await sql<{ family_name: string }>('select distinct family_name from child')).map((c) => c.family_name);
    const ids = (await sql<{ id: string }>('select id::text as id from child union all select id::text from referral')).map((r) => r.id);
    for (const secret of [...ids, ...names]) expect(res.body).not.toContain(secret);
  });

  it('pages with sealed continuation tokens: every row exactly once, and a retried page gives the same rows', async () => {
    const whole = ndjson((await get('bi-service', '/exports/analytics/children')).body);
    const seen: string[] = [];
    let url: string | undefined = '/exports/analytics/children?limit=7';
    let pages = 0;
    let firstNext: string | undefined;
    while (url) {
      const res = await get('bi-service', url);
      expect(res.status).toBe(200);
      const rows = ndjson(res.body);
      expect(res.headers['x-export-rows']).toBe(String(rows.length));
      seen.push(...rows.map((r) => r.child_key as string));
      const link = res.headers.link as string | undefined;
      url = link ? /<([^>]+)>/.exec(link)![1] : undefined;
      firstNext ??= url;
      pages++;
    }
    expect(pages).toBe(Math.ceil(whole.length / 7));
    expect(seen.sort()).toEqual(whole.map((r) => r.child_key as string).sort());
    // A page that ends exactly at the last row says no more follow.
    const exact = await get('bi-service', `/exports/analytics/children?limit=${whole.length}`);
    expect(ndjson(exact.body)).toHaveLength(whole.length);
    expect(exact.headers.link).toBeUndefined();
    const again1 = await get('bi-service', firstNext!);
    const again2 = await get('bi-service', firstNext!);
    expect(again1.body).toBe(again2.body);
  });

  it('CSV has the header and the same rows, every cell as the NDJSON gives it (code lists joined with ;, false apart from unknown)', async () => {
    const csv = await get('bi-service', '/exports/analytics/assessments?format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.body.trimEnd().split('\n');
    const json = ndjson((await get('bi-service', '/exports/analytics/assessments')).body);
    const header = 'record_key,child_key,referral_key,agency,start_date,authorised_date,child_seen,factors,outcome,updated_at';
    expect(lines[0]).toBe(header);
    expect(lines).toHaveLength(json.length + 1);
    // The views hold keys, codes, dates and flags only: no cell needs quoting, so a split reads them.
    const columns = header.split(',');
    const asCsv = (v: unknown) => (v === null ? '' : Array.isArray(v) ? v.join(';') : String(v));
    const expected = json.map((r) => columns.map((c) => asCsv(r[c])).join(','));
    expect(lines.slice(1)).toEqual(expected);
    expect(json.some((r) => Array.isArray(r.factors) && (r.factors as string[]).length > 1)).toBe(true);
  });

  it('refuses every other role and a missing token, and audits none of them', async () => {
    const before = await auditCount();
    for (const persona of ['social-worker', 'designated-nurse', 'police-ppu', 'school-dsl', 'dpo', 'admin']) {
      const res = await get(persona, '/exports/analytics/referrals');
      expect({ persona, status: res.status }).toEqual({ persona, status: 403 });
      expect(JSON.parse(res.body).errors[0].extensions.code).toBe('FORBIDDEN');
    }
    const anonymous = await t.hub.app.inject({ method: 'GET', url: '/exports/analytics/referrals' });
    expect(anonymous.statusCode).toBe(401);
    expect(await auditCount()).toBe(before);
  });

  it.each([
    ['an unknown view', '/exports/analytics/child', 404, 'NOT_FOUND'],
    ['a base table by name', '/exports/analytics/audit_event', 404, 'NOT_FOUND'],
    ['an unknown format', '/exports/analytics/referrals?format=xml', 400, 'BAD_USER_INPUT'],
    ['a zero limit', '/exports/analytics/referrals?limit=0', 400, 'BAD_USER_INPUT'],
    ['a limit over the maximum', '/exports/analytics/referrals?limit=500001', 400, 'BAD_USER_INPUT'],
    ['a forged token', `/exports/analytics/referrals?after=${randomBytes(40).toString('base64url')}`, 400, 'BAD_USER_INPUT'],
  ])('%s is a typed error and exports nothing', async (_name, url, status, code) => {
    const before = await auditCount();
    const res = await get('bi-service', url);
    expect(res.status).toBe(status);
    expect(JSON.parse(res.body).errors[0].extensions.code).toBe(code);
    expect(await auditCount()).toBe(before);
  });

  it('pages are charged to the caller’s rate-limit budget, a row a point: over it, 429 with Retry-After and nothing exported or audited', async () => {
    const limited = await startTestHub({ env: { RATE_LIMIT_PRINCIPAL_POINTS: '100' } });
    try {
      const token = await limited.token('bi-service');
      const page = (limit: number) => limited.hub.app.inject({ method: 'GET', url: `/exports/analytics/children?limit=${limit}`, headers: { authorization: `Bearer ${token}` } });
      const exports = async () => Number((await limited.orm.em.fork().execute<{ n: string }[]>(`select count(*) as n from audit_event where action = 'EXPORT'`))[0]!.n);
      expect((await page(60)).statusCode).toBe(200);
      const before = await exports();
      const refused = await page(60);
      expect(refused.statusCode).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.json().errors[0].extensions).toEqual(expect.objectContaining({ code: 'RATE_LIMITED', scope: 'PRINCIPAL', cost: 60, points: 100 }));
      expect(await exports()).toBe(before);
    } finally {
      await limited.close();
    }
  });

  it("a continuation token of one view is refused for another", async () => {
    const first = await get('bi-service', '/exports/analytics/children?limit=3');
    const token = first.headers['x-next-token'] as string;
    expect(token).toBeTruthy();
    const res = await get('bi-service', `/exports/analytics/referrals?after=${token}`);
    expect(res.status).toBe(400);
  });

  it('each page is audited before it is sent: an EXPORT row naming every child in it, seen by the DPO in the child’s access log', async () => {
    const res = await get('board-analyst', '/exports/analytics/child_protection_plans');
    expect(res.status).toBe(200);
    const [row] = await sql<{ child_ids: string[]; fields: string[]; subject: string; record_type: string; changes: { rows: number } }>(
      `select child_ids, fields, subject, record_type, changes from audit_event where action = 'EXPORT' order by seq desc limit 1`,
    );
    const plans = await sql<{ child_id: string }>('select distinct child_id::text as child_id from child_protection_plan where deleted_at is null');
    expect(row!.record_type).toBe('analytics.child_protection_plans');
    expect(row!.subject).toBe('nscp.analyst.lee.hart');
    expect([...row!.child_ids].sort()).toEqual(plans.map((p) => p.child_id).sort());
    expect(row!.changes.rows).toBe(ndjson(res.body).length);
    expect(row!.fields).toEqual(expect.arrayContaining(['child_key', 'category', 'start_date']));
    const log = await t.gql<{ childAccessLog: { nodes: { action: string; recordType: string }[] } }>('dpo', `query($id: ID!) { childAccessLog(childId: $id, first: 50) { nodes { action recordType } } }`, { id: toGlobalId('Child', plans[0]!.child_id) });
    expect(log.errors).toBeUndefined();
    expect(log.data!.childAccessLog.nodes).toContainEqual({ action: 'EXPORT', recordType: 'analytics.child_protection_plans' });
  });

  it('the catalogue is the declaration: every view, column and comment as declared, and docs/analytics-views.md is current (npm run docs:analytics)', async () => {
    const catalogue = await sql<{ view: string; columns: { name: string; meaning: string }[] }>(
      `select c.relname as view, json_agg(json_build_object('name', a.attname, 'meaning', col_description(c.oid, a.attnum)) order by a.attnum) as columns
         from pg_class c join pg_attribute a on a.attrelid = c.oid and a.attnum > 0
        where c.relnamespace = 'analytics'::regnamespace and c.relkind = 'v' group by c.relname`,
    );
    const declared = ANALYTICS_VIEWS.map((v) => ({ view: v.name, columns: v.columns.map(([name, , meaning]) => ({ name, meaning })) }));
    expect(catalogue.sort((a, b) => a.view.localeCompare(b.view))).toEqual(declared.sort((a, b) => a.view.localeCompare(b.view)));
    expect(readFileSync('docs/analytics-views.md', 'utf8')).toBe(renderAnalyticsViewsDoc());
  });

  it('the views hold no free text: text columns are keys or agency codes, and code lists hold codes', async () => {
    const columns = await sql<{ view: string; column: string; type: string }>(
      `select table_name as view, column_name as column, data_type as type from information_schema.columns where table_schema = 'analytics'`,
    );
    expect(columns.length).toBeGreaterThan(100);
    const text = columns.filter((c) => c.type === 'text' || c.type === 'character varying');
    expect(text.filter((c) => !/(_key|agency|school)$/.test(c.column))).toEqual([]);
    for (const c of columns.filter((x) => x.type === 'ARRAY')) {
      const values = await sql<{ v: string }>(`select distinct unnest(${c.column})::text as v from analytics.${c.view}`);
      expect({ column: `${c.view}.${c.column}`, bad: values.filter((v) => !/^[A-Z0-9_]+$/.test(v.v)) }).toEqual({ column: `${c.view}.${c.column}`, bad: [] });
    }
  });

  describe('a direct database login in the read-only role hub_analytics_reader', () => {
    let reader: pg.Client;
    const role = `bi_reader_${randomBytes(4).toString('hex')}`;
    beforeAll(async () => {
      await sql(`create role ${role} login password 'reader-password' in role hub_analytics_reader`);
      const url = new URL(t.databaseUrl);
      url.username = role;
      url.password = 'reader-password';
      reader = new pg.Client({ connectionString: url.toString() });
      await reader.connect();
    });
    afterAll(async () => {
      await reader.end();
      await sql(`drop role ${role}`);
    });
    const refused = async (text: string) => {
      try {
        await reader.query(text);
        return 'read';
      } catch (err) {
        return (err as { code?: string }).code;
      }
    };

    it('reads every analytics view', async () => {
      const views = (await sql<{ name: string }>(`select table_name as name from information_schema.views where table_schema = 'analytics'`)).map((v) => v.name);
      expect(views.length).toBeGreaterThanOrEqual(19);
      for (const v of views) expect((await reader.query(`select count(*)::int as n from analytics.${v}`)).rows[0].n).toBeGreaterThanOrEqual(0);
      expect((await reader.query('select count(*)::int as n from analytics.children')).rows[0].n).toBeGreaterThan(0);
    });

    it('reads no table, no private view, not the key, and runs no hub function', async () => {
      const tables = (await sql<{ name: string }>(`select table_name as name from information_schema.tables where table_schema = 'public'`)).map((r) => r.name);
      expect(tables.length).toBeGreaterThan(40);
      for (const table of tables) expect({ table, code: await refused(`select 1 from public.${table} limit 1`) }).toEqual({ table, code: '42501' });
      expect(await refused('select * from analytics_private.pseudonym_key')).toBe('42501');
      expect(await refused('select * from analytics_private.referrals')).toBe('42501');
      expect(await refused('select analytics_private.rotate_pseudonym_key()')).toBe('42501');
      const definers = (await sql<{ call: string }>(`select p.oid::regprocedure::text as call from pg_proc p where p.prosecdef and p.pronamespace = 'public'::regnamespace`)).map((r) => r.call);
      expect(definers.length).toBeGreaterThan(5);
      for (const fn of definers) {
        const args = fn.slice(fn.indexOf('(') + 1, -1).split(',').filter(Boolean).map((type) => `null::${type.trim()}`);
        expect({ fn, code: await refused(`select ${fn.slice(0, fn.indexOf('('))}(${args.join(', ')})`) }).toEqual({ fn, code: '42501' });
      }
    });

    it('writes nothing', async () => {
      const writable = await sql<{ view: string }>(
        `select table_name as view from information_schema.views where table_schema = 'analytics'
            and (has_table_privilege(?, format('%I.%I', table_schema, table_name), 'INSERT') or has_table_privilege(?, format('%I.%I', table_schema, table_name), 'UPDATE') or has_table_privilege(?, format('%I.%I', table_schema, table_name), 'DELETE'))`,
        [role, role, role],
      );
      expect(writable).toEqual([]);
      expect(await refused(`delete from analytics.children`)).not.toBe('read');
      expect(await refused(`create table analytics.mine (x int)`)).toBe('42501');
    });
  });
});
