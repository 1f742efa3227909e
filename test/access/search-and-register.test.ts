import { findPersona } from '../../src/server/personas';
import { startTestHub, type TestHub } from '../support/hub';

/**
 * Search and the children list see only what the caller may see (issue: "Search leaks what it must not
 * show", "The whole register is browsable"): lists hold only children in row scope; findChildren
 * finds a child outside it only by an exact identifier or exact identifying details, with identity and
 * the status card only; confidential addresses of other agencies are never matched or mentioned; every
 * search is audited with its criteria. All over HTTP, as each persona.
 */
const PAGE = `query($after: String) { children(first: 100, after: $after) { totalCount nodes { recordId } pageInfo { hasNextPage endCursor } } }`;
const FIND = `query($input: FindChildrenInput!) { findChildren(input: $input) { score inRowScope child { recordId givenName familyName dateOfBirth } evidence { field kind note } } }`;
const CREATE = `mutation($input: CreateChildInput!) { createChild(input: $input) { record { id recordId } userErrors { field code } } }`;

describe('search and the children register see only what the caller may see', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(() => t.close());

  const sql = <T = any>(q: string, params: unknown[] = []) => t.orm.em.fork().execute<T[]>(q, params);
  const agencyOf = async (persona: string) => (await sql<{ id: string }>(`select id from agency where code = ?`, [findPersona(persona)!.claims.agency]))[0]!.id;
  const subjectOf = (persona: string) => findPersona(persona)!.claims.sub;
  const find = async (persona: string, input: Record<string, unknown>, query = FIND) => {
    const res = await t.http<any>(persona, query, { input });
    expect(res.status).toBe(200);
    return res.body;
  };
  const found = async (persona: string, input: Record<string, unknown>, query = FIND) => {
    const body = await find(persona, input, query);
    expect(body.errors).toBeUndefined();
    return body.data!.findChildren as any[];
  };
  const create = async (persona: string, input: Record<string, unknown>) => {
    const res = await t.http<any>(persona, CREATE, { input });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.createChild.userErrors).toEqual([]);
    return res.body.data!.createChild.record as { id: string; recordId: string };
  };
  const involve = async (persona: string, childId: string) => {
    const agency = await agencyOf(persona);
    await sql(
      // An allocation by the child's lead agency (the only way an involvement gives access).
      `insert into involvement (id, owning_agency_id, created_by, updated_by, lawful_basis, child_id, agency_id, role, started_at, lead_agency_id, status)
       values (gen_random_uuid(), ?, 'test', 'test', 'test fixture', ?, ?, 'OTHER', current_date - 3, (select owning_agency_id from child where id = ?), 'ALLOCATED')`,
      [agency, childId, agency, childId],
    );
  };
  const lastSearch = async (persona: string) =>
    (await sql<{ child_ids: string[]; fields: string[]; changes: any; record_type: string }>(`select child_ids, fields, changes, record_type from audit_event where action = 'SEARCH' and subject = ? order by seq desc limit 1`, [subjectOf(persona)]))[0];
  const auditCount = async () => Number((await sql<{ n: number }>(`select count(*)::int n from audit_event`))[0]!.n);

  it('the school DSL and the health visitor page through children and get exactly the children in their row scope', async () => {
    const [{ n: all }] = await sql<{ n: number }>(`select count(*)::int n from child where deleted_at is null`);
    for (const persona of ['school-dsl', 'health-visitor']) {
      const expected = (await sql<{ id: string }>(`select id from child where deleted_at is null and hub_child_visible(id, ?::uuid, ?)`, [await agencyOf(persona), subjectOf(persona)])).map((r) => r.id);
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(all);
      const seen: string[] = [];
      let after: string | null = null;
      let total: number | undefined;
      do {
        const res: any = await t.http<any>(persona, PAGE, { after });
        expect(res.status).toBe(200);
        expect(res.body.errors).toBeUndefined();
        const page = res.body.data.children;
        total ??= page.totalCount;
        expect(page.totalCount).toBe(total);
        seen.push(...page.nodes.map((n: any) => n.recordId));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      expect(total).toBe(expected.length);
      expect([...seen].sort()).toEqual([...expected].sort());
    }
  });

  it('a filter naming a child outside row scope finds nothing in the list', async () => {
    const [stranger] = await sql<{ family_name: string }>(
      `select family_name from child c where deleted_at is null and not hub_child_visible(c.id, ?::uuid, ?)
          and not exists (select 1 from child d where d.family_name = c.family_name and hub_child_visible(d.id, ?::uuid, ?)) limit 1`,
      [await agencyOf('school-dsl'), subjectOf('school-dsl'), await agencyOf('school-dsl'), subjectOf('school-dsl')],
    );
    const res = await t.http<any>('school-dsl', `query($f: String) { children(filter: { familyName: $f }) { totalCount nodes { recordId } } }`, { f: stranger!.family_name });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.children).toEqual({ totalCount: 0, nodes: [] });
  });

  it('a refuge or placement address recorded by the local authority is never matched or mentioned for police or health searching by its postcode', async () => {
    const refugePostcode = 'NS9 9QZ';
    const hidden = await create('social-worker', {
      givenName: 'Refugia',
      familyName: 'Hidewell',
      dateOfBirth: '2015-02-02',
      addresses: [
        { addressType: 'REFUGE', line1: '1 Safe House Lane', postcode: refugePostcode, fromDate: '2025-01-01' },
        { addressType: 'PLACEMENT', line1: '2 Carer Close', postcode: 'NS9 9QY', fromDate: '2024-01-01', toDate: '2024-12-31' },
      ],
    });
    await involve('police-ppu', hidden.recordId); // in police's row scope, not in health's
    // Control: an ordinary home address with the same postcode, recorded by health (so postcode matching works).
    const open = await create('health-visitor', { givenName: 'Postia', familyName: 'Openshaw', dateOfBirth: '2016-03-03', addresses: [{ addressType: 'HOME', line1: '3 Open Road', postcode: refugePostcode }] });

    const mentionsAddress = (rows: any[]) => rows.flatMap((r) => r.evidence).filter((e: any) => e.field === 'postcode' || /postcode|address/i.test(e.note));

    // Police, involved with the child: found by name, but the postcode is neither matched nor mentioned.
    for (const input of [
      { familyName: 'Hidewell', postcode: refugePostcode },
      { familyName: 'Hidewel', postcode: 'ns99qz' },
      { familyName: 'Otherwise', dateOfBirth: '2015-02-02', postcode: refugePostcode },
      { familyName: 'Hidewell', postcode: 'NS9 9AA' },
    ]) {
      const rows = await found('police-ppu', input);
      const row = rows.find((r) => r.child.recordId === hidden.recordId);
      expect(row).toBeDefined();
      expect(row.inRowScope).toBe(true);
      expect(mentionsAddress([row])).toEqual([]);
      // The health record with the same postcode is outside police's scope: not a candidate.
      expect(rows.map((r) => r.child.recordId)).not.toContain(open.recordId);
    }
    const police = await found('police-ppu', { familyName: 'Hidewell', postcode: refugePostcode });
    const withPostcodeOnly = await found('police-ppu', { familyName: 'Hidewell', postcode: 'NS9 9AA' });
    expect(police.find((r) => r.child.recordId === hidden.recordId).score).toBe(withPostcodeOnly.find((r) => r.child.recordId === hidden.recordId).score);

    // Health, not involved: the refuge child is not found by postcode (nor by a name-only search), the
    // health record is, with the postcode as evidence.
    const health = await found('health-visitor', { familyName: 'Openshaw', postcode: refugePostcode });
    expect(health.map((r) => r.child.recordId)).toEqual([open.recordId]);
    expect(health[0].evidence).toEqual(expect.arrayContaining([{ field: 'postcode', kind: 'EXACT', note: expect.any(String) }]));
    for (const input of [{ familyName: 'Hidewell', postcode: refugePostcode }, { dateOfBirth: '2015-02-02', postcode: refugePostcode }, { familyName: 'Hidewel', postcode: 'NS9 9QY' }]) {
      const rows = await found('health-visitor', input);
      expect(rows.map((r) => r.child.recordId)).not.toContain(hidden.recordId);
      expect(mentionsAddress(rows.filter((r) => r.child.recordId !== open.recordId))).toEqual([]);
    }

    // The local authority that recorded the refuge address matches on it.
    const la = await found('social-worker', { familyName: 'Hidewell', postcode: refugePostcode });
    expect(la.find((r) => r.child.recordId === hidden.recordId).evidence).toEqual(expect.arrayContaining([{ field: 'postcode', kind: 'EXACT', note: expect.any(String) }]));
  });

  it('a child outside row scope is found by exact NHS number (identity and status card only, detail FORBIDDEN) but not by a fuzzy name', async () => {
    const dsl = 'school-dsl';
    const [c] = await sql<{ id: string; given_name: string; family_name: string; date_of_birth: string; nhs: string }>(
      `select c.id, c.given_name, c.family_name, to_char(c.date_of_birth, 'YYYY-MM-DD') date_of_birth, i.value nhs
         from child c join child_identifier i on i.child_id = c.id and i.type = 'NHS_NUMBER' and i.deleted_at is null and i.valid_to is null
        where c.deleted_at is null and c.given_name is not null and c.date_of_birth is not null
          and exists (select 1 from child_protection_plan p where p.child_id = c.id and p.end_date is null and p.deleted_at is null)
          and not hub_child_visible(c.id, ?::uuid, ?)
          and (select count(*) from child_identifier j where j.value = i.value and j.deleted_at is null) = 1
          and (select count(*) from child d where d.date_of_birth = c.date_of_birth and lower(d.family_name) = lower(c.family_name)) = 1
        order by c.id limit 1`,
      [await agencyOf(dsl), subjectOf(dsl)],
    );
    expect(c).toBeDefined();
    const reason = 'Operation Encompass notification received this morning';
    const DETAIL = `query($input: FindChildrenInput!) { findChildren(input: $input) {
      score inRowScope evidence { field kind note }
      statusCard { identifierKnown alerts { kind startDate endDate responsibleAuthority { name } } }
      child { recordId givenName familyName dateOfBirth isUasc disabilities { code } identifiers { value } addresses { postcode } schoolEnrolments { fromDate } }
    } }`;
    const body = await find(dsl, { nhsNumber: c!.nhs, reason }, DETAIL);
    const rows = body.data!.findChildren as any[];
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row).toMatchObject({ score: 1, inRowScope: false, evidence: [{ field: 'nhsNumber', kind: 'EXACT', note: expect.any(String) }] });
    expect(row.child).toMatchObject({ recordId: c!.id, givenName: c!.given_name, familyName: c!.family_name, dateOfBirth: c!.date_of_birth, isUasc: null, disabilities: null, schoolEnrolments: null });
    // Another agency's identifiers and addresses are not shown at all.
    expect(row.child.identifiers).toEqual([]);
    expect(row.child.addresses).toEqual([]);
    expect(row.statusCard.identifierKnown).toBe(true);
    expect(row.statusCard.alerts.map((a: any) => a.kind)).toEqual(expect.arrayContaining([expect.stringMatching(/CHILD_PROTECTION_PLAN$/)]));
    const forbiddenPaths = (body.errors ?? []).filter((e: any) => e.extensions?.code === 'FORBIDDEN' && e.extensions?.reason === 'NO_INVOLVEMENT').map((e: any) => e.path.join('.'));
    expect(forbiddenPaths.sort()).toEqual(['findChildren.0.child.disabilities', 'findChildren.0.child.isUasc', 'findChildren.0.child.schoolEnrolments']);
    expect(body.errors).toHaveLength(3);

    // The same child through the list or by fuzzy details: nowhere.
    const fuzzy = [
      { familyName: c!.family_name, dateOfBirth: c!.date_of_birth },
      { familyName: c!.family_name.slice(0, -1) + 'x' },
      { givenName: c!.given_name + 'a', familyName: c!.family_name, dateOfBirth: c!.date_of_birth, reason },
      { familyName: c!.family_name, dateOfBirth: c!.date_of_birth, postcode: 'NS1 1AA' },
    ];
    for (const input of fuzzy) expect((await found(dsl, input)).map((r) => r.child.recordId)).not.toContain(c!.id);
    // Exact identifying details (given name + family name + date of birth) do find it, identity only.
    const exact = await found(dsl, { givenName: c!.given_name.toUpperCase(), familyName: ` ${c!.family_name} `, dateOfBirth: c!.date_of_birth, reason });
    expect(exact.filter((r) => r.child.recordId === c!.id)).toEqual([expect.objectContaining({ inRowScope: false })]);

    // The search is audited with its criteria, reason and the child returned.
    const audit = await lastSearch(dsl);
    expect(audit).toMatchObject({ record_type: 'Child', child_ids: [c!.id] });
    expect(audit!.changes).toEqual({ criteria: expect.objectContaining({ givenName: c!.given_name.toUpperCase(), familyName: c!.family_name }), reason, outsideRowScope: [c!.id] });
    const byNhs = await sql<{ changes: any; child_ids: string[] }>(`select changes, child_ids from audit_event where action = 'SEARCH' and subject = ? and changes->'criteria'->>'nhsNumber' = ?`, [subjectOf(dsl), c!.nhs]);
    expect(byNhs).toEqual([{ child_ids: [c!.id], changes: { criteria: { nhsNumber: c!.nhs }, reason, outsideRowScope: [c!.id] } }]);
    // The status card read is recorded as such.
    expect(Number((await sql<{ n: number }>(`select count(*)::int n from audit_event where action = 'STATUS_CARD' and subject = ? and ? = any(child_ids)`, [subjectOf(dsl), c!.id]))[0]!.n)).toBe(1);
  });

  it('local identifiers match only within their namespace', async () => {
    const child = await create('social-worker', {
      givenName: 'Localia',
      familyName: 'Namespacer',
      dateOfBirth: '2013-09-09',
      identifiers: [{ type: 'LA_CHILD_ID', value: 'NSX4711', namespace: '931' }],
    });
    const reason = 'Strategy discussion preparation';
    const hit = await found('police-ppu', { laChildId: { namespace: '931', value: 'NSX4711' }, reason });
    expect(hit).toEqual([expect.objectContaining({ score: 1, inRowScope: false, child: expect.objectContaining({ recordId: child.recordId }), evidence: [expect.objectContaining({ field: 'laChildId', kind: 'EXACT' })] })]);
    expect(await found('police-ppu', { laChildId: { namespace: '932', value: 'NSX4711' }, reason })).toEqual([]);
  });

  it('a score-only search, and one matching nothing, each leave an audit row with the criteria', async () => {
    const before = await auditCount();
    const none = await found('health-visitor', { familyName: 'Nosuchnamezzq' }, `query($input: FindChildrenInput!) { findChildren(input: $input) { score } }`);
    expect(none).toEqual([]);
    expect(await lastSearch('health-visitor')).toMatchObject({ child_ids: [], fields: ['familyName'], changes: { criteria: { familyName: 'Nosuchnamezzq' }, reason: null, outsideRowScope: [] } });

    const mine = await create('health-visitor', { givenName: 'Scora', familyName: 'Onlyscore', dateOfBirth: '2020-01-20' });
    const [{ seq }] = await sql<{ seq: string }>(`select max(seq) seq from audit_event`);
    const scores = await found('health-visitor', { familyName: 'Onlyscore', dateOfBirth: '2020-01-20' }, `query($input: FindChildrenInput!) { findChildren(input: $input) { score } }`);
    expect(scores.length).toBeGreaterThan(0);
    const audit = await lastSearch('health-visitor');
    expect(audit).toMatchObject({ fields: ['dateOfBirth', 'familyName'], changes: { criteria: { familyName: 'Onlyscore', dateOfBirth: '2020-01-20' }, reason: null } });
    expect(audit!.child_ids).toContain(mine.recordId);
    expect(audit!.child_ids).toHaveLength(scores.length);
    // Only scores were selected: no field of the child was read, yet the search is on record.
    expect((await sql(`select 1 from audit_event where seq > ? and action = 'READ' and ? = any(child_ids)`, [seq, mine.recordId])).length).toBe(0);
    expect(await auditCount()).toBeGreaterThan(before);
  });

  it('24 concurrent searches leave exactly 24 search audit rows, chained', async () => {
    const subject = subjectOf('police-intel');
    const count = async () => Number((await sql<{ n: number }>(`select count(*)::int n from audit_event where action = 'SEARCH' and subject = ?`, [subject]))[0]!.n);
    const before = await count();
    const results = await Promise.all(Array.from({ length: 24 }, (_, i) => t.http<any>('police-intel', FIND, { input: { familyName: `Concurrentq${i}` } })));
    expect(results.map((r) => [r.status, r.body.errors])).toEqual(Array.from({ length: 24 }, () => [200, undefined]));
    expect(await count()).toBe(before + 24);
    const [chain] = await sql<{ broken_seq: string | null }>(`select broken_seq from hub_verify_audit_chain()`);
    expect(chain!.broken_seq).toBeNull();
  });

  it('refused and invalid searches get typed errors and write nothing', async () => {
    const before = await auditCount();
    const cases: [string, Record<string, unknown>, string[], string][] = [
      ['social-worker', { nhsNumber: '9434765918', reason: 'Checking a referral' }, ['input', 'nhsNumber'], 'INVALID_NHS_NUMBER'],
      ['social-worker', { nhsNumber: '9434765919' }, ['input', 'reason'], 'REQUIRED'],
      ['police-ppu', { upn: 'H801200001001', reason: 'too short' }, ['input', 'reason'], 'REQUIRED'],
      ['school-dsl', { givenName: 'Amelia', familyName: 'Zedkhan', dateOfBirth: '2019-03-07' }, ['input', 'reason'], 'REQUIRED'],
      ['police-ppu', { laChildId: { namespace: 'NS', value: 'NSX4711' }, reason: 'Strategy discussion preparation' }, ['input', 'laChildId', 'namespace'], 'INVALID_IDENTIFIER'],
      ['health-visitor', { postcode: 'not a postcode', familyName: 'Smith' }, ['input', 'postcode'], 'INVALID_FORMAT'],
      ['health-visitor', { givenName: 'Amelia' }, ['input'], 'REQUIRED'],
    ];
    for (const [persona, input, field, userErrorCode] of cases) {
      const body = await find(persona, input);
      expect(body.data?.findChildren ?? null).toBeNull();
      expect(body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field, userErrorCode }) })]);
    }
    // Roles without child-level access do not even have the query.
    const analyst = await t.http<any>('board-analyst', FIND, { input: { familyName: 'Smith' } });
    expect(analyst.body.errors?.[0]?.message).toMatch(/findChildren|FindChildrenInput/);
    expect(await auditCount()).toBe(before);
  });
});
