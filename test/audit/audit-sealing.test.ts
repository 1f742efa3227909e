import pg from 'pg';
import { startTestHub, personaPrincipal, type TestHub } from '../support/hub';
import { AuditAction } from '../../src/audit/audit-event.entity';
import { sealAudit } from '../../src/audit/audit-sealer';

/**
 * Requests append audit rows without a global lock; the sealer chains them once their transactions have
 * ended (migration Migration20261203500000_audit_sealing). The chain must still hold every committed
 * request's rows exactly once, nothing of rolled-back work, and show any altered, removed or moved row.
 */
describe('audit sealing: appends without a global lock, one verifiable chain', () => {
  let t: TestHub;
  beforeAll(async () => {
    // One connection is held by a request transaction the test keeps open while 24 others run.
    t = await startTestHub({ env: { DB_POOL_SIZE: '6' } });
  });
  afterAll(() => t.close());

  const sql = <T = Record<string, unknown>>(q: string, params: unknown[] = []) => t.orm.em.fork().execute<T[]>(q, params);
  const verifyOverHttp = async () => {
    const res = await t.http<any>('dpo', '{ verifyAuditChain { ok checked unsealed brokenSeq reason } }');
    expect(res.body.errors).toBeUndefined();
    return res.body.data.verifyAuditChain as { ok: boolean; checked: string; unsealed: string; brokenSeq: string | null; reason: string | null };
  };
  /** Seals until the given rows are all sealed (a transaction of another test file's database can hold the horizon back briefly). */
  const sealUntil = async (where: string, params: unknown[]) => {
    for (let i = 0; i < 100; i++) {
      await sealAudit(t.orm.em.fork());
      const [{ n }] = await sql<{ n: number }>(`select count(*)::int n from audit_event a where not exists (select 1 from audit_chain c where c.seq = a.seq) and (${where})`, params);
      if (n === 0) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('rows still unsealed after 20 s');
  };
  const CREATE = (op: string) => `mutation ${op}($input: CreateChildInput!) { createChild(input: $input) { created record { recordId } userErrors { code } } }`;

  it('24 concurrent writing requests: every committed row sealed once, in one chain; a rolled-back request leaves nothing', async () => {
    const ops = Array.from({ length: 24 }, (_, i) => `SealingRace${i}`);
    // One request's transaction, appended then rolled back (the path of a request that fails at commit).
    const doomed = await t.hub.contextFor(personaPrincipal('social-worker'), 'sealing-rolled-back');
    await doomed.tx.begin();
    // Held open by the test while 24 requests run, however slowly a loaded machine runs them: not idle in the server's sense.
    await doomed.em.execute(`select set_config('idle_in_transaction_session_timeout', '0', true)`);
    doomed.audit.record(AuditAction.STATUS_CARD, null, null, []);
    await doomed.audit.flush(doomed.em);
    const results = await Promise.all(ops.map((op, i) => t.http<any>('social-worker', CREATE(op), { input: { familyName: `Sealing-${i}`, dateOfBirth: '2015-03-03' } })));
    await doomed.tx.rollback();
    for (const r of results) {
      expect(r.status).toBe(200);
      expect(r.body.data.createChild).toMatchObject({ created: true, userErrors: [] });
    }

    await sealUntil(`operation_name like 'SealingRace%'`, []);
    const rows = await sql<{ operation_name: string; record_id: string; chain_pos: string; n: number }>(
      `select operation_name, record_id, chain_pos, count(*) over (partition by operation_name)::int n from audit_event join audit_chain using (seq) where action = 'CREATE' and operation_name like 'SealingRace%' order by chain_pos`,
    );
    // Exactly one CREATE per request, each the record the request answered with.
    expect(rows.map((r) => r.operation_name).sort()).toEqual([...ops].sort());
    expect(rows.every((r) => r.n === 1)).toBe(true);
    const created = new Set(results.map((r) => r.body.data.createChild.record.recordId));
    expect(new Set(rows.map((r) => r.record_id))).toEqual(created);
    // One chain: positions 1..n without a gap or a repeat, in (xid, seq) order.
    const [shape] = await sql<{ sealed: number; max_pos: number; distinct_rows: number; out_of_order: number }>(
      `select count(*)::int sealed, max(chain_pos)::int max_pos, count(distinct a.seq)::int distinct_rows,
              (select count(*)::int from (select xid, seq, lag(xid) over (order by chain_pos) px, lag(seq) over (order by chain_pos) ps from audit_chain join audit_event using (seq)) o where (xid, seq) <= (px, ps)) out_of_order
         from audit_chain c join audit_event a using (seq)`,
    );
    expect(shape).toEqual({ sealed: shape!.max_pos, max_pos: shape!.max_pos, distinct_rows: shape!.max_pos, out_of_order: 0 });
    // The rolled-back request's row is nowhere, and the chain is intact.
    expect(await sql(`select 1 from audit_event where request_id = 'sealing-rolled-back'`)).toEqual([]);
    const report = await verifyOverHttp();
    expect(report).toMatchObject({ ok: true, brokenSeq: null, reason: null });
    expect(Number(report.checked)).toBeGreaterThanOrEqual(shape!.sealed);
    const [direct] = await sql<{ checked: string; broken_seq: string | null }>('select * from hub_verify_audit_chain()');
    expect(direct!.broken_seq).toBeNull();
  });

  it("a request's append and commit do not wait for another request still open after its append; the open one is sealed once it commits", async () => {
    const held = await t.hub.contextFor(personaPrincipal('health-visitor'), 'sealing-held-open');
    await held.tx.begin();
    await held.em.execute(`select set_config('idle_in_transaction_session_timeout', '0', true)`);
    held.audit.record(AuditAction.STATUS_CARD, null, null, []);
    await held.audit.flush(held.em);
    try {
      // Before, this append queued on the chain lock until the held transaction ended (or its lock timeout).
      const started = Date.now();
      const res = await t.http<any>('social-worker', CREATE('SealingWhileHeld'), { input: { familyName: 'Sealing-Held', dateOfBirth: '2015-04-04' } });
      expect(res.body.data.createChild).toMatchObject({ created: true, userErrors: [] });
      expect(Date.now() - started).toBeLessThan(5000);
      // Committed and visible while the other transaction is still open.
      expect(await sql(`select 1 from audit_event where operation_name = 'SealingWhileHeld' and action = 'CREATE'`)).toHaveLength(1);
      // The sealer does not pass the open transaction: rows after it wait, they are not chained around it.
      await sealAudit(t.orm.em.fork());
      expect(await sql(`select 1 from audit_event join audit_chain using (seq) where operation_name = 'SealingWhileHeld'`)).toEqual([]);
      expect(Number((await verifyOverHttp()).unsealed)).toBeGreaterThan(0);
    } finally {
      await held.tx.commit();
    }
    await sealUntil(`request_id = 'sealing-held-open' or operation_name = 'SealingWhileHeld'`, []);
    // The held request appended first (smaller xid), so it is chained first although it committed last.
    const order = await sql<{ who: string }>(`select coalesce(operation_name, request_id) who from audit_event join audit_chain using (seq) where request_id = 'sealing-held-open' or (operation_name = 'SealingWhileHeld' and action = 'CREATE') order by chain_pos`);
    expect(order.map((r) => r.who)).toEqual(['sealing-held-open', 'SealingWhileHeld']);
    expect(await verifyOverHttp()).toMatchObject({ ok: true });
  });

  it('the application role can append rows of its own transaction only, and cannot change a row or touch the chain (only the sealer function does)', async () => {
    const client = new pg.Client({ connectionString: t.databaseUrl });
    await client.connect();
    const asApp = async (q: string) => {
      await client.query('begin');
      await client.query('set local role hub_app');
      try {
        return await client.query(q);
      } finally {
        await client.query('rollback');
      }
    };
    const cols = `(request_id, subject, agency_id, agency_code, roles, purpose, action, child_ids, fields`;
    const vals = `('forged', 'x', (select id from agency limit 1), 'X', '{}', 'DIRECT_CARE', 'READ', '{}', '{}'`;
    try {
      await expect(asApp(`insert into audit_event ${cols}, xid) values ${vals}, '3')`)).rejects.toThrow(/row-level security/);
      await expect(asApp(`insert into audit_chain (chain_pos, seq, hash) values (999999, 1, 'f00d')`)).rejects.toThrow(/permission denied/);
      await expect(asApp(`update audit_event set xid = null`)).rejects.toThrow(/permission denied/);
      await expect(asApp(`select * from audit_chain`)).rejects.toThrow(/permission denied/);
      // What it may do: append a row of its own transaction (what hub_append_audit does for it).
      expect((await asApp(`insert into audit_event ${cols}) values ${vals})`)).rowCount).toBe(1);
    } finally {
      await client.end();
    }
  });

  it('verification reports a sealed row altered, two rows swapped in the chain, and a sealed row removed', async () => {
    await t.http('social-worker', '{ children(first: 5) { nodes { familyName } } }');
    expect(await verifyOverHttp()).toMatchObject({ ok: true });
    const sealed = await sql<{ seq: string; chain_pos: string; subject: string }>('select seq, chain_pos, subject from audit_chain join audit_event using (seq) where xid is not null order by chain_pos');
    expect(sealed.length).toBeGreaterThan(4);
    const victim = sealed[sealed.length - 3]!;
    const after = sealed[sealed.length - 2]!;

    // Altered as a superuser (bypassing every grant): its hash no longer matches.
    await sql(`update audit_event set subject = 'covered-tracks' where seq = ?`, [victim.seq]);
    expect(await verifyOverHttp()).toMatchObject({ ok: false, brokenSeq: victim.seq, reason: expect.stringMatching(/altered/) });
    await sql(`update audit_event set subject = ? where seq = ?`, [victim.subject, victim.seq]);
    expect(await verifyOverHttp()).toMatchObject({ ok: true });

    // Two rows swapped in the chain, each with its hash and link: each hash covers its position.
    const place = async (v: string, a: string) => {
      await sql(`update audit_chain set chain_pos = -1 where seq = ?`, [victim.seq]);
      await sql(`update audit_chain set chain_pos = ? where seq = ?`, [a, after.seq]);
      await sql(`update audit_chain set chain_pos = ? where seq = ?`, [v, victim.seq]);
    };
    await place(after.chain_pos, victim.chain_pos);
    expect(await verifyOverHttp()).toMatchObject({ ok: false, brokenSeq: after.seq, reason: expect.stringMatching(/altered/) });
    // ...and the two rows' xids swapped as well, so the (xid, seq) order looks right: still their hashes.
    const swapXid = () => sql(`update audit_event a set xid = b.xid from audit_event b where (a.seq, b.seq) in ((?::bigint, ?::bigint), (?::bigint, ?::bigint))`, [victim.seq, after.seq, after.seq, victim.seq]);
    await swapXid();
    expect(await verifyOverHttp()).toMatchObject({ ok: false, brokenSeq: after.seq, reason: expect.stringMatching(/altered/) });
    await swapXid();
    await place(victim.chain_pos, after.chain_pos);
    expect(await verifyOverHttp()).toMatchObject({ ok: true });

    // Removed: its link has no row.
    await sql(`delete from audit_event where seq = ?`, [victim.seq]);
    expect(await verifyOverHttp()).toMatchObject({ ok: false, brokenSeq: victim.seq, reason: expect.stringMatching(/removed/) });
    // ...removed with its link: a gap in the positions at the next row.
    await sql(`delete from audit_chain where seq = ?`, [victim.seq]);
    expect(await verifyOverHttp()).toMatchObject({ ok: false, brokenSeq: after.seq, reason: expect.stringMatching(/removed/) });
    // ...and the rest renumbered to close the gap: the next row's hash (positions are hashed) and link break.
    await sql(`update audit_chain set chain_pos = 1 - chain_pos where chain_pos > ?::bigint`, [victim.chain_pos]);
    await sql(`update audit_chain set chain_pos = -chain_pos where chain_pos < 0`);
    expect(await verifyOverHttp()).toMatchObject({ ok: false, brokenSeq: after.seq });
  });
});
