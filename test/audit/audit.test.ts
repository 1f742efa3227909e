import pg from 'pg';
import { startTestHub, type TestHub } from '../support/hub';
import { toGlobalId } from '../../src/server/graphql/global-id';
import { sealAudit } from '../../src/audit/audit-sealer';

describe('audit log: every access recorded, append-only, tamper-evident', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(() => t.close());

  const sql = <T = Record<string, unknown>>(q: string, params: unknown[] = []) => t.orm.em.fork().execute<T[]>(q, params);

  async function aChildOfTheSocialWorker(): Promise<{ id: string; globalId: string }> {
    const [row] = await sql<{ id: string }>(`select c.id from child c join agency a on a.id = c.owning_agency_id where a.code = 'LA-NORTHSHIRE' order by c.id limit 1`);
    return { id: row!.id, globalId: toGlobalId('Child', row!.id) };
  }

  it('records who read which fields of which child, with operation name and document hash (a single-record read: its type and id on the row)', async () => {
    const child = await aChildOfTheSocialWorker();
    const query = `query ReadOne($id: ID!) { node(id: $id) { ... on Child { familyName dateOfBirth } } }`;
    const before = Number((await sql<{ n: string }>('select count(*) as n from audit_event'))[0]!.n);
    const res = await t.gql<any>('social-worker', query, { id: child.globalId });
    expect(res.errors).toBeUndefined();
    const rows = await sql<any>('select * from audit_event order by seq desc limit 1');
    expect(Number((await sql<{ n: string }>('select count(*) as n from audit_event'))[0]!.n)).toBe(before + 1);
    expect(rows[0]).toMatchObject({
      subject: 'la.sw.amy.khan',
      agency_code: 'LA-NORTHSHIRE',
      roles: ['SOCIAL_WORKER'],
      purpose: 'DIRECT_CARE',
      operation_name: 'ReadOne',
      action: 'READ',
      record_type: 'Child',
      record_id: child.id,
      child_ids: [child.id],
      fields: ['dateOfBirth', 'familyName'],
    });
    expect(rows[0].document_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("records a request's reads in one READ row listing every record with its children and fields; the DPO sees them, and the chain covers them", async () => {
    // A child of the social worker's authority with identifiers and referrals (demo ids differ per build).
    const [found] = await sql<{ id: string }>(
      `select c.id from child c join agency a on a.id = c.owning_agency_id where a.code = 'LA-NORTHSHIRE' and c.deleted_at is null
          and exists (select 1 from referral r where r.child_id = c.id and r.deleted_at is null) and exists (select 1 from child_identifier i where i.child_id = c.id and i.deleted_at is null)
        order by c.id limit 1`,
    );
    const child = { id: found!.id, globalId: toGlobalId('Child', found!.id) };
    const query = `query Profile($id: ID!) { node(id: $id) { ... on Child { familyName identifiers { type value } referrals { referralDate } } } }`;
    const res = await t.http<any>('social-worker', query, { id: child.globalId });
    expect(res.body.errors).toBeUndefined();
    const [ids, refs] = await Promise.all([
      sql<{ id: string }>(`select id from child_identifier where child_id = ? and deleted_at is null`, [child.id]),
      sql<{ id: string }>(`select id from referral where child_id = ? and deleted_at is null`, [child.id]),
    ]);
    expect(ids.length * refs.length).toBeGreaterThan(0);
    const rows = await sql<any>(`select * from audit_event where operation_name = 'Profile' and action = 'READ'`);
    expect(rows).toHaveLength(1);
    const row = rows[0];
    // Several records of several types: no single type or id, the unions, and every record listed.
    expect(row).toMatchObject({ record_type: null, record_id: null, child_ids: [child.id] });
    expect(row.fields).toEqual(expect.arrayContaining(['familyName', 'type', 'value', 'referralDate']));
    const records = row.records as Array<{ recordType: string; recordId: string; childIds: string[]; fields: string[] }>;
    expect(records.filter((r) => r.recordType === 'Child')).toEqual([{ recordType: 'Child', recordId: child.id, childIds: [child.id], fields: expect.arrayContaining(['familyName']) }]);
    const others = records.filter((r) => r.recordType !== 'Child').map((r) => `${r.recordType}:${r.recordId}:${r.childIds.join(',')}:${r.fields.join(',')}`);
    expect(others.sort()).toEqual([...ids.map((i) => `ChildIdentifier:${i.id}:${child.id}:type,value`), ...refs.map((r) => `Referral:${r.id}:${child.id}:referralDate`)].sort());

    // The DPO's per-child log shows the request with its records.
    const log = await t.http<any>('dpo', `query($id: ID!) { childAccessLog(childId: $id, first: 1) { nodes { operationName action records { recordType recordId childIds fields } } } }`, { id: child.globalId });
    expect(log.body.errors).toBeUndefined();
    expect(log.body.data.childAccessLog.nodes[0]).toMatchObject({ operationName: 'Profile', action: 'READ' });
    expect(log.body.data.childAccessLog.nodes[0].records).toHaveLength(1 + ids.length + refs.length);

    // Sealed, a record taken out of the list (a read hidden after the fact) breaks the chain.
    const verify = async () => (await t.http<any>('dpo', '{ verifyAuditChain { ok brokenSeq reason } }')).body.data.verifyAuditChain;
    // Sealed once every transaction older than it has ended (another test file's may still be open).
    for (let i = 0; i < 100 && !(await sql(`select 1 from audit_chain where seq = ?`, [row.seq])).length; i++) {
      await sealAudit(t.orm.em.fork());
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(await verify()).toMatchObject({ ok: true });
    await sql(`update audit_event set records = records - 1 where seq = ?`, [row.seq]);
    expect(await verify()).toMatchObject({ ok: false, brokenSeq: String(row.seq), reason: expect.stringMatching(/altered/) });
    await sql(`update audit_event set records = ?::jsonb where seq = ?`, [JSON.stringify(row.records), row.seq]);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('records writes with old and new values, in the same transaction as the write', async () => {
    const child = await aChildOfTheSocialWorker();
    const current = await t.gql<any>('social-worker', `query($id: ID!) { node(id: $id) { ... on Child { version familyName } } }`, { id: child.globalId });
    const { version, familyName } = current.data.node;
    const res = await t.gql<any>('social-worker', `mutation Rename($input: UpdateChildInput!) { updateChild(input: $input) { userErrors { code } } }`, {
      input: { id: child.globalId, expectedVersion: version, familyName: `${familyName}-Audit` },
    });
    expect(res.data.updateChild.userErrors).toEqual([]);
    const [row] = await sql<any>(`select * from audit_event where action = 'UPDATE' and record_id = ? order by seq desc limit 1`, [child.id]);
    expect(row.operation_name).toBe('Rename');
    expect(row.changes.familyName).toEqual({ old: familyName, new: `${familyName}-Audit` });
  });

  it('lets the application role insert audit rows but never update or delete them', async () => {
    const client = new pg.Client({ connectionString: t.databaseUrl });
    await client.connect();
    try {
      await client.query('begin');
      await client.query('set local role hub_app');
      await expect(client.query(`update audit_event set subject = 'someone-else'`)).rejects.toThrow(/permission denied/);
      await client.query('rollback');
      await client.query('begin');
      await client.query('set local role hub_app');
      await expect(client.query('delete from audit_event')).rejects.toThrow(/permission denied/);
      await client.query('rollback');
    } finally {
      await client.end();
    }
  });

  it('verifyAuditChain finds a row altered, and a row removed, directly in the database', async () => {
    await aChildOfTheSocialWorker(); // ensure a few rows
    await aChildOfTheSocialWorker();
    const verify = () => t.gql<any>('dpo', '{ verifyAuditChain { ok checked unsealed brokenSeq reason } }');
    // Verifying seals what is final first; a transaction open elsewhere in the cluster (another test
    // file's) can hold the horizon back for a moment.
    for (let i = 0; i < 100; i++, await new Promise((r) => setTimeout(r, 200))) {
      const report = (await verify()).data.verifyAuditChain;
      expect(report).toMatchObject({ ok: true, brokenSeq: null });
      if (report.unsealed === '0') break;
    }
    const rows = await sql<{ seq: string }>('select seq from audit_chain order by chain_pos');
    const victim = rows[Math.floor(rows.length / 2)]!.seq;
    // A superuser (bypassing every grant) edits one row...
    await sql(`update audit_event set subject = 'covered-tracks' where seq = ?`, [victim]);
    expect((await verify()).data.verifyAuditChain).toMatchObject({ ok: false, brokenSeq: victim, reason: expect.stringMatching(/altered/) });
    // ...or deletes one: its link in the chain has no row (test/audit/audit-sealing.test.ts removes the link too).
    await sql(`delete from audit_event where seq = ?`, [victim]);
    expect((await verify()).data.verifyAuditChain).toMatchObject({ ok: false, brokenSeq: victim, reason: expect.stringMatching(/removed/) });
  });

  it("answers the DPO's question: who looked at this child's record", async () => {
    const child = await aChildOfTheSocialWorker();
    await t.gql<any>('social-worker', `query($id: ID!) { node(id: $id) { ... on Child { familyName } } }`, { id: child.globalId });
    const res = await t.gql<any>('dpo', `query($id: ID!) { childAccessLog(childId: $id, first: 5) { totalCount nodes { subject agencyCode purpose action fields occurredAt } } }`, { id: child.globalId });
    expect(res.errors).toBeUndefined();
    expect(res.data.childAccessLog.nodes[0]).toMatchObject({ subject: 'la.sw.amy.khan', agencyCode: 'LA-NORTHSHIRE', action: 'READ' });
    // and nobody else can ask: the query does not exist in a social worker's schema
    const denied = await t.gql<any>('social-worker', `query($id: ID!) { childAccessLog(childId: $id) { totalCount } }`, { id: child.globalId });
    expect(denied.errors?.[0]?.message).toMatch(/Cannot query field "childAccessLog"/);
  });
});
