import pg from 'pg';
import { startTestHub, type TestHub } from '../support/hub';
import { toGlobalId } from '../../src/server/graphql/global-id';
import { childVisibleFunctionBody, INVOLVEMENT_BACKDATE_DAYS, lifecycleTriggerBody } from '../../src/access/involvement-policy';

/**
 * The involvement lifecycle (src/access/involvement-policy.ts, DESIGN §5), as each persona would meet it
 * over HTTP: no agency gives itself access; the lead agency allocates, or accepts a partner's request.
 */

const RECORD = 'id recordId version status role startedAt endedAt active requestReason decidedBy decisionReason agency { code }';
const ALLOCATE = `mutation($input: AllocateInvolvementInput!) { allocateInvolvement(input: $input) { record { ${RECORD} } userErrors { field code message } } }`;
const REQUEST = `mutation($input: RequestInvolvementInput!) { requestInvolvement(input: $input) { created record { ${RECORD} } userErrors { field code message } } }`;
const DECIDE = `mutation($input: DecideInvolvementRequestInput!) { decideInvolvementRequest(input: $input) { record { ${RECORD} } userErrors { field code message } } }`;
const END = `mutation($input: EndInvolvementInput!) { endInvolvement(input: $input) { record { ${RECORD} } userErrors { field code message } } }`;
const MY_REQUESTS = `query($status: InvolvementStatus) { involvementRequests(first: 50, status: $status) { nodes { id status requestReason decisionReason child { recordId } agency { code } leadAgency { code } } } }`;
const REFERRAL = `query($id: ID!) { node(id: $id) { ... on Referral { referralDate primaryNeed source } } }`;
const ATTENDANCE = `query($id: ID!) { node(id: $id) { ... on Child { familyName attendance { attendancePercent } } } }`;

const ICB = 'NHS-NORTHSHIRE-ICB';
const CASTLEGATE = 'SCH-CASTLEGATE-HIGH';
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe('involvement lifecycle: no self-granted access', () => {
  let t: TestHub;
  let agencies: Record<string, string>;
  const used = new Set<string>();

  beforeAll(async () => {
    t = await startTestHub();
    const rows = await t.orm.em.fork().execute<{ code: string; id: string }[]>('select code, id from agency');
    agencies = Object.fromEntries(rows.map((r) => [r.code, r.id]));
  });
  afterAll(() => t.close());

  const sql = <T = any>(q: string, params: unknown[] = []) => t.orm.em.fork().execute<T[]>(q, params);

  /** What an attacker would change: every involvement row, its state, version and dates. */
  const snapshot = async () => ({
    involvements: await sql(`select id, status, version, started_at::text, ended_at::text from involvement order by id`),
  });

  /** A local authority child with a referral that `agencyCode` cannot see today (a fresh one per call). */
  async function unseenReferral(agencyCode: string, subject: string): Promise<{ childId: string; referralId: string }> {
    const rows = await sql<{ child_id: string; referral_id: string }>(
      `select r.child_id, r.id as referral_id from referral r join child c on c.id = r.child_id
        where c.owning_agency_id = ? and r.deleted_at is null and not hub_child_visible(r.child_id, ?, ?)
        order by r.child_id, r.id`,
      [agencies['LA-NORTHSHIRE'], agencies[agencyCode], subject],
    );
    const row = rows.find((r) => !used.has(r.child_id))!;
    used.add(row.child_id);
    return { childId: row.child_id, referralId: row.referral_id };
  }

  /** A local authority child whose attendance another school recorded, unseen by Castlegate. */
  async function otherSchoolsPupil(): Promise<string> {
    const rows = await sql<{ child_id: string }>(
      `select distinct a.child_id from attendance_summary a join child c on c.id = a.child_id
        where a.owning_agency_id <> ? and c.owning_agency_id = ? and not hub_child_visible(a.child_id, ?, 'sch.dsl.kay.wood') order by a.child_id`,
      [agencies[CASTLEGATE], agencies['LA-NORTHSHIRE'], agencies[CASTLEGATE]],
    );
    const row = rows.find((r) => !used.has(r.child_id))!;
    used.add(row.child_id);
    return row.child_id;
  }

  const child = (uuid: string) => toGlobalId('Child', uuid);
  const referralVisible = async (persona: string, referralId: string) => (await t.http(persona, REFERRAL, { id: toGlobalId('Referral', referralId) })).body.data?.node as any;
  const attendance = async (childId: string) => {
    const res = await t.http('school-dsl', ATTENDANCE, { id: child(childId) });
    return { node: (res.body.data as any)?.node, codes: (res.body.errors ?? []).map((e: any) => e.extensions?.reason ?? e.extensions?.code) };
  };
  const errorsOf = (res: { body: any }, field: string) => res.body.data?.[field]?.userErrors?.map((e: any) => ({ field: e.field, code: e.code }));
  const audit = (recordId: string) => sql<{ action: string; subject: string; changes: any }>(`select action, subject, changes from audit_event where record_type = 'Involvement' and record_id = ? and action <> 'READ' order by seq`, [recordId]);

  it('the designated nurse cannot give itself an involvement: refused, nothing written, referrals stay closed', async () => {
    const { childId, referralId } = await unseenReferral(ICB, 'icb.dn.hana.novak');
    expect(await referralVisible('designated-nurse', referralId)).toBeNull();
    const before = await snapshot();
    // For itself, naming its own agency, backdated to look long-standing: all refused as "not the lead agency".
    for (const input of [
      { childId: child(childId), role: 'OTHER' },
      { childId: child(childId), role: 'OTHER', agencyCode: ICB, startedAt: day(-400) },
    ]) {
      const res = await t.http('designated-nurse', ALLOCATE, { input });
      expect(res.status).toBe(200);
      expect(errorsOf(res, 'allocateInvolvement')).toEqual(expect.arrayContaining([{ field: ['input', 'childId'], code: 'NOT_LEAD_AGENCY' }]));
      expect((res.body.data as any).allocateInvolvement.record).toBeNull();
    }
    // The old self-service mutation is gone from the API.
    const old = await t.http('designated-nurse', `mutation($id: ID!) { startInvolvement(input: { childId: $id, role: OTHER }) { record { id } } }`, { id: child(childId) });
    expect(old.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(await snapshot()).toEqual(before);
    expect(await referralVisible('designated-nurse', referralId)).toBeNull();
  });

  it("the school DSL cannot give itself an involvement, and still cannot read another school's attendance", async () => {
    const pupil = await otherSchoolsPupil();
    expect(await attendance(pupil)).toEqual({ node: expect.objectContaining({ attendance: null }), codes: ['NO_INVOLVEMENT'] });
    const before = await snapshot();
    const res = await t.http('school-dsl', ALLOCATE, { input: { childId: child(pupil), role: 'SCHOOL_DSL', agencyCode: CASTLEGATE } });
    expect(errorsOf(res, 'allocateInvolvement')).toEqual([{ field: ['input', 'childId'], code: 'NOT_LEAD_AGENCY' }]);
    expect(await snapshot()).toEqual(before);
    expect(await attendance(pupil)).toEqual({ node: expect.objectContaining({ attendance: null }), codes: ['NO_INVOLVEMENT'] });
  });

  it('the database itself refuses a self-granted involvement, whatever the application sends', async () => {
    const { childId } = await unseenReferral(ICB, 'icb.dn.hana.novak');
    const client = new pg.Client({ connectionString: t.databaseUrl });
    await client.connect();
    try {
      await client.query('begin');
      await client.query('set local role hub_app');
      await client.query(`select set_config('hub.agency_id', $1, true), set_config('hub.subject', 'icb.dn.hana.novak', true), set_config('hub.row_scope', 'involvement', true)`, [agencies[ICB]]);
      await expect(
        client.query(
          `insert into involvement (id, owning_agency_id, created_by, updated_by, lawful_basis, child_id, agency_id, lead_agency_id, role, started_at, status)
           values (gen_random_uuid(), $1, 'x', 'x', 'x', $2, $1, $3, 'OTHER', current_date, 'ALLOCATED')`,
          [agencies[ICB], childId, agencies['LA-NORTHSHIRE']],
        ),
      ).rejects.toThrow(/only the lead agency allocates/);
    } finally {
      await client.query('rollback').catch(() => undefined);
      await client.end();
    }
    // The deployed SQL is exactly what the declaration generates.
    const [fn] = await sql<{ visible: string; trigger: string }>(
      `select (select prosrc from pg_proc where proname = 'hub_child_visible') visible, (select prosrc from pg_proc where proname = 'hub_involvement_lifecycle') trigger`,
    );
    expect(fn).toEqual({ visible: childVisibleFunctionBody(), trigger: lifecycleTriggerBody() });
  });

  it(`the lead agency allocates to a partner, backdated at most ${INVOLVEMENT_BACKDATE_DAYS} days; the allocation opens access and ending it closes it`, async () => {
    const { childId, referralId } = await unseenReferral(ICB, 'icb.dn.hana.novak');
    const before = await snapshot();
    const tooFar = await t.http('social-worker', ALLOCATE, { input: { childId: child(childId), agencyCode: ICB, role: 'OTHER', startedAt: day(-INVOLVEMENT_BACKDATE_DAYS - 1) } });
    expect(errorsOf(tooFar, 'allocateInvolvement')).toEqual([{ field: ['input', 'startedAt'], code: 'BACKDATED_TOO_FAR' }]);
    const future = await t.http('social-worker', ALLOCATE, { input: { childId: child(childId), agencyCode: ICB, role: 'OTHER', startedAt: day(1) } });
    expect(errorsOf(future, 'allocateInvolvement')).toEqual([{ field: ['input', 'startedAt'], code: 'DATE_IN_FUTURE' }]);
    const analysts = await t.http('social-worker', ALLOCATE, { input: { childId: child(childId), agencyCode: 'NSCP', role: 'OTHER' } });
    expect(errorsOf(analysts, 'allocateInvolvement')).toEqual([{ field: ['input', 'agencyCode'], code: 'INVALID_STATE' }]);
    expect(await snapshot()).toEqual(before);
    expect(await referralVisible('designated-nurse', referralId)).toBeNull();

    const ok = await t.http('social-worker', ALLOCATE, { input: { childId: child(childId), agencyCode: ICB, role: 'OTHER', startedAt: day(-INVOLVEMENT_BACKDATE_DAYS) } });
    const inv = (ok.body.data as any).allocateInvolvement.record;
    expect(inv).toMatchObject({ status: 'ALLOCATED', active: true, startedAt: day(-INVOLVEMENT_BACKDATE_DAYS), decidedBy: 'la.sw.amy.khan', agency: { code: ICB } });
    expect(await referralVisible('designated-nurse', referralId)).toMatchObject({ primaryNeed: expect.any(String) });
    // The involved agency ends it; access ends with it.
    const ended = await t.http('designated-nurse', END, { input: { id: inv.id, expectedVersion: inv.version, reason: 'CASECL' } });
    expect((ended.body.data as any).endInvolvement.record).toMatchObject({ endedAt: day(0), active: false });
    expect(await referralVisible('designated-nurse', referralId)).toBeNull();
    expect((await audit(inv.recordId)).map((a) => [a.action, a.subject])).toEqual([
      ['CREATE', 'la.sw.amy.khan'],
      ['UPDATE', 'icb.dn.hana.novak'],
    ]);
  });

  it('a request gives nothing until the lead agency accepts; the partner cannot decide it; ending removes access; every step is audited', async () => {
    const { childId, referralId } = await unseenReferral(ICB, 'icb.dn.hana.novak');
    const noReason = await t.http('designated-nurse', REQUEST, { input: { childId: child(childId), role: 'OTHER', reason: '  ' } });
    expect(errorsOf(noReason, 'requestInvolvement')).toEqual([{ field: ['input', 'reason'], code: 'REQUIRED' }]);
    const asked = await t.http('designated-nurse', REQUEST, { input: { childId: child(childId), role: 'OTHER', reason: 'Named nurse advice requested by the GP practice.' } });
    const req = (asked.body.data as any).requestInvolvement.record;
    expect(req).toMatchObject({ status: 'REQUESTED', active: false, requestReason: 'Named nurse advice requested by the GP practice.' });
    expect(await referralVisible('designated-nurse', referralId)).toBeNull();

    // The partner sees its own pending request; it cannot accept it itself.
    const mine = await t.http('designated-nurse', MY_REQUESTS, { status: 'REQUESTED' });
    expect((mine.body.data as any).involvementRequests.nodes).toEqual(expect.arrayContaining([expect.objectContaining({ id: req.id, status: 'REQUESTED', child: { recordId: childId }, leadAgency: { code: 'LA-NORTHSHIRE' } })]));
    const before = await snapshot();
    const self = await t.http('designated-nurse', DECIDE, { input: { id: req.id, decision: 'ACCEPT', reason: 'We need it.' } });
    expect(errorsOf(self, 'decideInvolvementRequest')).toEqual([{ field: ['input', 'id'], code: 'NOT_LEAD_AGENCY' }]);
    // Nor can another partner (the school), nor can the lead accept without a reason.
    const school = await t.http('school-dsl', DECIDE, { input: { id: req.id, decision: 'ACCEPT', reason: 'Fine by us.' } });
    expect(errorsOf(school, 'decideInvolvementRequest')).toEqual([{ field: ['input', 'id'], code: 'NOT_FOUND' }]);
    const bare = await t.http('team-manager', DECIDE, { input: { id: req.id, decision: 'ACCEPT', reason: '' } });
    expect(errorsOf(bare, 'decideInvolvementRequest')).toEqual([{ field: ['input', 'reason'], code: 'REQUIRED' }]);
    expect(await snapshot()).toEqual(before);
    expect(await referralVisible('designated-nurse', referralId)).toBeNull();

    // The lead agency (the authority owning the child record) accepts: access from today.
    const accepted = await t.http('team-manager', DECIDE, { input: { id: req.id, decision: 'ACCEPT', reason: 'Health advice needed for the strategy discussion.' } });
    const acc = (accepted.body.data as any).decideInvolvementRequest.record;
    expect(acc).toMatchObject({ status: 'ACCEPTED', active: true, startedAt: day(0), decidedBy: 'la.tm.ben.okafor', decisionReason: 'Health advice needed for the strategy discussion.' });
    expect(await referralVisible('designated-nurse', referralId)).toMatchObject({ primaryNeed: expect.any(String) });
    const again = await t.http('team-manager', DECIDE, { input: { id: req.id, decision: 'DECLINE', reason: 'Changed our mind.' } });
    expect(errorsOf(again, 'decideInvolvementRequest')).toEqual([{ field: ['input', 'id'], code: 'ALREADY_DECIDED' }]);
    const seen = await t.http('designated-nurse', MY_REQUESTS, { status: 'ACCEPTED' });
    expect((seen.body.data as any).involvementRequests.nodes).toEqual(expect.arrayContaining([expect.objectContaining({ id: req.id, decisionReason: 'Health advice needed for the strategy discussion.' })]));

    // The lead agency ends it: access goes.
    const ended = await t.http('social-worker', END, { input: { id: req.id, expectedVersion: acc.version } });
    expect((ended.body.data as any).endInvolvement.record).toMatchObject({ active: false, endedAt: day(0) });
    expect(await referralVisible('designated-nurse', referralId)).toBeNull();

    const trail = await audit(req.recordId);
    expect(trail.map((a) => [a.action, a.subject])).toEqual([
      ['CREATE', 'icb.dn.hana.novak'],
      ['UPDATE', 'la.tm.ben.okafor'],
      ['UPDATE', 'la.sw.amy.khan'],
    ]);
    expect(trail[0]!.changes).toMatchObject({ status: { new: 'REQUESTED' }, requestReason: { new: 'Named nurse advice requested by the GP practice.' } });
    expect(trail[1]!.changes).toMatchObject({ status: { old: 'REQUESTED', new: 'ACCEPTED' }, decisionReason: { new: 'Health advice needed for the strategy discussion.' } });
    expect(trail[2]!.changes).toMatchObject({ endedAt: { old: null, new: day(0) } });
  });

  it("a declined request gives nothing: the school still cannot read the other school's attendance, and sees why", async () => {
    const pupil = await otherSchoolsPupil();
    const asked = await t.http('school-dsl', REQUEST, { input: { childId: child(pupil), role: 'SCHOOL_DSL', reason: 'Sibling on our roll; attendance pattern concerns.' } });
    const req = (asked.body.data as any).requestInvolvement.record;
    expect(req.status).toBe('REQUESTED');
    expect(await attendance(pupil)).toEqual({ node: expect.objectContaining({ attendance: null }), codes: ['NO_INVOLVEMENT'] });
    const declined = await t.http('social-worker', DECIDE, { input: { id: req.id, decision: 'DECLINE', reason: 'The pupil is on another school roll; ask that school.' } });
    expect((declined.body.data as any).decideInvolvementRequest.record).toMatchObject({ status: 'DECLINED', active: false });
    expect(await attendance(pupil)).toEqual({ node: expect.objectContaining({ attendance: null }), codes: ['NO_INVOLVEMENT'] });
    const mine = await t.http('school-dsl', MY_REQUESTS, { status: 'DECLINED' });
    expect((mine.body.data as any).involvementRequests.nodes).toEqual([expect.objectContaining({ id: req.id, decisionReason: 'The pupil is on another school roll; ask that school.' })]);
    // A declined involvement cannot be "ended" into anything, nor accepted later.
    const accept = await t.http('social-worker', DECIDE, { input: { id: req.id, decision: 'ACCEPT', reason: 'On reflection.' } });
    expect(errorsOf(accept, 'decideInvolvementRequest')).toEqual([{ field: ['input', 'id'], code: 'ALREADY_DECIDED' }]);
    expect((await audit(req.recordId)).map((a) => a.action)).toEqual(['CREATE', 'UPDATE']);
  });

  it('24 concurrent identical requests make exactly one pending request; 24 concurrent decisions, exactly one decision', async () => {
    const { childId } = await unseenReferral(ICB, 'icb.dn.hana.novak');
    const input = { childId: child(childId), role: 'OTHER', reason: 'Looked-after health review.' };
    const results = await Promise.all(Array.from({ length: 24 }, () => t.http('designated-nurse', REQUEST, { input })));
    const payloads = results.map((r) => (r.body.data as any)?.requestInvolvement);
    expect(payloads.every((p) => p?.userErrors.length === 0)).toBe(true);
    expect(new Set(payloads.map((p) => p.record.id)).size).toBe(1);
    expect(payloads.filter((p) => p.created).length).toBe(1);
    const rows = await sql(`select status from involvement where child_id = ? and agency_id = ?`, [childId, agencies[ICB]]);
    expect(rows).toEqual([{ status: 'REQUESTED' }]);

    const id = payloads[0].record.id;
    const decisions = await Promise.all(Array.from({ length: 24 }, (_, i) => t.http('social-worker', DECIDE, { input: { id, decision: i % 2 ? 'ACCEPT' : 'DECLINE', reason: `Decision ${i}` } })));
    const codes = decisions.map((d) => (d.body.data as any)?.decideInvolvementRequest?.userErrors?.[0]?.code ?? 'OK');
    expect(codes.filter((c) => c === 'OK').length).toBe(1);
    expect(codes.filter((c) => c === 'ALREADY_DECIDED').length).toBe(23);
    expect((await audit(payloads[0].record.recordId)).map((a) => a.action)).toEqual(['CREATE', 'UPDATE']);
  });

  it('24 concurrent identical allocations make exactly one involvement (the rest are DUPLICATE)', async () => {
    const { childId } = await unseenReferral(ICB, 'icb.dn.hana.novak');
    const input = { childId: child(childId), agencyCode: ICB, role: 'OTHER' };
    const results = await Promise.all(Array.from({ length: 24 }, () => t.http('social-worker', ALLOCATE, { input })));
    const codes = results.map((r) => (r.body.data as any)?.allocateInvolvement?.userErrors?.[0]?.code ?? 'OK');
    expect(codes.filter((c) => c === 'OK').length).toBe(1);
    expect(codes.filter((c) => c === 'DUPLICATE').length).toBe(23);
    expect(await sql(`select status from involvement where child_id = ? and agency_id = ?`, [childId, agencies[ICB]])).toEqual([{ status: 'ALLOCATED' }]);
  });
});
