import { startTestHub, type TestHub } from '../support/hub';
import { toGlobalId } from '../../src/server/graphql/global-id';
import { recordsPastRetention, retentionRules } from '../../src/audit/retention';

describe('data protection: lawful basis, decisions not to share, retention, subject access', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(() => t.close());
  const sql = <T = Record<string, unknown>>(q: string, params: unknown[] = []) => t.orm.em.fork().execute<T[]>(q, params);

  async function laChild(): Promise<string> {
    const [row] = await sql<{ id: string }>(`select c.id from child c join agency a on a.id = c.owning_agency_id where a.code = 'LA-NORTHSHIRE' order by c.id limit 1`);
    return row!.id;
  }

  it('defaults the lawful basis by agency kind: UK GDPR + DPA Sch 1 para 18 for the LA', async () => {
    const res = await t.gql<any>('social-worker', `mutation { createChild(input: { familyName: "Basis", dateOfBirth: "2019-02-02" }) { record { lawfulBasis } userErrors { code } } }`);
    expect(res.data.createChild.record.lawfulBasis).toMatch(/Art 6\(1\)\(e\).*Sch 1 para 18/);
  });

  it('records a decision not to share, visible to the deciding agency only, and refuses one without a reason', async () => {
    const childId = await laChild();
    const mutation = `mutation($input: RecordDecisionNotToShareInput!) { recordDecisionNotToShare(input: $input) { record { reason withheldFrom lawfulBasis } userErrors { field code } } }`;
    const before = (await sql<{ n: number }>('select count(*)::int as n from decision_not_to_share'))[0]!.n;
    const bad = await t.gql<any>('social-worker', mutation, { input: { childId: toGlobalId('Child', childId), informationWithheld: 'x', withheldFrom: 'police', reason: 'short' } });
    expect(bad.data.recordDecisionNotToShare.userErrors).toEqual([{ field: ['input', 'reason'], code: 'REQUIRED' }]);
    expect((await sql<{ n: number }>('select count(*)::int as n from decision_not_to_share'))[0]!.n).toBe(before);
    const ok = await t.gql<any>('social-worker', mutation, {
      input: { childId: toGlobalId('Child', childId), informationWithheld: "Mother's refuge address", withheldFrom: 'NHS-NORTHSHIRE-CHT', reason: 'Sharing would put the mother at risk from the alleged abuser.' },
    });
    expect(ok.data.recordDecisionNotToShare.userErrors).toEqual([]);
    const q = `query($id: ID!) { node(id: $id) { ... on Child { decisionsNotToShare { reason } } } }`;
    expect((await t.gql<any>('social-worker', q, { id: toGlobalId('Child', childId) })).data.node.decisionsNotToShare).toHaveLength(1);
  });

  it('lists records past retention for review and deletes nothing', async () => {
    const em = t.orm.em.fork();
    const total = (await sql<{ n: number }>('select count(*)::int as n from referral'))[0]!.n;
    const now = await recordsPastRetention(em as never, '2026-11-22');
    const far = await recordsPastRetention(em as never, '2200-01-01', retentionRules(), 100000);
    expect(far.length).toBeGreaterThan(now.length);
    expect(far.some((i) => i.recordType === 'Referral')).toBe(true);
    expect(far.find((i) => i.recordType === 'CareEpisode')?.rule).toMatch(/75 years/);
    expect((await sql<{ n: number }>('select count(*)::int as n from referral'))[0]!.n).toBe(total);
    const viaApi = await t.gql<any>('dpo', `{ recordsPastRetention(asOf: "2200-01-01") { recordType retainUntil } }`);
    expect(viaApi.errors).toBeUndefined();
    expect(viaApi.data.recordsPastRetention.length).toBeGreaterThan(0);
  });

  it('produces a subject access extract across agencies, and audits it', async () => {
    const childId = await laChild();
    const res = await t.gql<any>('dpo', `query($id: ID!) { subjectAccessExtract(childId: $id) }`, { id: toGlobalId('Child', childId) });
    expect(res.errors).toBeUndefined();
    expect(res.data.subjectAccessExtract.child.id).toBe(childId);
    expect(Object.keys(res.data.subjectAccessExtract).length).toBeGreaterThan(2);
    const [row] = await sql<any>(`select action, fields from audit_event where action = 'EXPORT' and record_id = ? order by seq desc limit 1`, [childId]);
    expect(row.action).toBe('EXPORT');
  });
});
