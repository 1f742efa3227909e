import { validateNhsNumber, validateUpn } from '../../src/modules/people/identifiers';
import { startTestHub, type TestHub } from '../support/hub';
import { DEMO_TODAY } from '../../seeds/world';
import { todayIso } from '../../src/modules/people/validation';

const CHILD_FIELDS = `id recordId familyName givenName dateOfBirth expectedDateOfBirth isUnborn sex isUasc version
  identifiers { type namespace value validFrom validTo }
  addresses { addressType postcode confidential fromDate toDate }
  disabilities { code }`;
const CREATE = `mutation($input: CreateChildInput!) { createChild(input: $input) { created record { ${CHILD_FIELDS} } userErrors { field code message } } }`;
const UPDATE = `mutation($input: UpdateChildInput!) { updateChild(input: $input) { record { ${CHILD_FIELDS} } userErrors { field code message } } }`;
const FIND = `query($input: FindChildrenInput!) { findChildren(input: $input) { score child { recordId givenName familyName dateOfBirth } evidence { field kind note } } }`;
const LINK = `mutation($input: LinkChildRecordsInput!) { linkChildRecords(input: $input) { record { id active reason linkedBy unlinkedAt unlinkedBy unlinkReason } userErrors { field code } } }`;
const UNLINK = `mutation($input: UnlinkChildRecordsInput!) { unlinkChildRecords(input: $input) { record { id active unlinkedAt unlinkedBy unlinkReason } userErrors { field code } } }`;
const LINKED = `query($id: ID!) { node(id: $id) { ... on Child { linkedRecords(includeUnlinked: true) { link { active reason } child { recordId } } } } }`;
const ALLOCATE = `mutation($input: AllocateInvolvementInput!) { allocateInvolvement(input: $input) { record { id version role status startedAt endedAt active agency { code } practitioner { name } } userErrors { field code } } }`;
const END = `mutation($input: EndInvolvementInput!) { endInvolvement(input: $input) { record { endedAt endReason active } userErrors { field code } } }`;

// The people module's own "today" (the clock it checks dates against), so the expectations hold on any day.
const today = todayIso();
const daysFrom = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe('people: children, identifiers, addresses, involvements, matching and links', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(() => t.close());

  const sql = async (q: string, params: unknown[] = []) => t.orm.em.fork().execute(q, params);
  const counts = async () => {
    const [r] = await sql(`select (select count(*)::int from child) c, (select count(*)::int from child_identifier) i, (select count(*)::int from child_address) a, (select count(*)::int from child_disability) d`);
    return r;
  };
  const create = async (persona: string, input: Record<string, unknown>) => {
    const res = await t.gql<any>(persona, CREATE, { input });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!.createChild;
  };

  it('creates a child with identifiers, addresses and disabilities in one go, normalised', async () => {
    const res = await t.gql<any>('social-worker', CREATE, {
      input: {
        givenName: 'Tobi',
        familyName: 'Okafor-Test',
        dateOfBirth: '2016-04-12',
        sex: 'M',
        ethnicity: 'BAFR',
        identifiers: [
          { type: 'NHS_NUMBER', value: '943 476 5919' },
          { type: 'UPN', value: 'h801200001001' },
          { type: 'LA_CHILD_ID', value: 'NC900001', namespace: '931', validFrom: '2016-05-01' },
        ],
        addresses: [
          { addressType: 'HOME', line1: '1 Mill Street', postcode: 'ns14ab', fromDate: '2016-04-12', toDate: '2024-01-31' },
          { addressType: 'PLACEMENT', line1: '3 Elm Grove', postcode: 'NS7 2PQ', fromDate: '2024-02-01' },
        ],
        disabilities: ['AUT', 'COMM'],
      },
    });
    expect(res.errors).toBeUndefined();
    const { record, userErrors, created } = res.data!.createChild;
    expect(userErrors).toEqual([]);
    expect(created).toBe(true);
    const eth = await t.gql<any>('social-worker', `query($id: ID!) { node(id: $id) { ... on Child { ethnicity sex } } }`, { id: record.id });
    expect(eth.data!.node).toEqual({ ethnicity: 'BAFR', sex: 'M' });
    expect(record.isUnborn).toBe(false);
    expect(record.identifiers).toEqual(
      expect.arrayContaining([
        { type: 'NHS_NUMBER', namespace: null, value: '9434765919', validFrom: null, validTo: null },
        { type: 'UPN', namespace: null, value: 'H801200001001', validFrom: null, validTo: null },
        { type: 'LA_CHILD_ID', namespace: '931', value: 'NC900001', validFrom: '2016-05-01', validTo: null },
      ]),
    );
    expect(record.addresses).toEqual([
      { addressType: 'PLACEMENT', postcode: 'NS7 2PQ', confidential: true, fromDate: '2024-02-01', toDate: null },
      { addressType: 'HOME', postcode: 'NS1 4AB', confidential: false, fromDate: '2016-04-12', toDate: '2024-01-31' },
    ]);
    expect(record.disabilities.map((d: any) => d.code).sort()).toEqual(['AUT', 'COMM']);
  });

  it('refuses an invalid identifier with the field path and writes nothing', async () => {
    const before = await counts();
    const res = await create('social-worker', {
      givenName: 'Partial',
      familyName: 'Write',
      dateOfBirth: '2015-01-01',
      identifiers: [
        { type: 'LA_CHILD_ID', value: 'NC900002', namespace: '931' },
        { type: 'NHS_NUMBER', value: '9434765918' },
        { type: 'UPN', value: 'Z801200001001' },
        { type: 'POLICE_PERSON_ID', value: 'NS1234' },
      ],
      addresses: [{ addressType: 'HOME', line1: '2 Mill Street', postcode: 'NS1 4AB' }],
      disabilities: ['NONE'],
    });
    expect(res.record).toBeNull();
    expect(res.userErrors.map((e: any) => ({ field: e.field, code: e.code }))).toEqual([
      { field: ['input', 'identifiers', '1', 'value'], code: 'INVALID_NHS_NUMBER' },
      { field: ['input', 'identifiers', '2', 'value'], code: 'INVALID_UPN' },
      { field: ['input', 'identifiers', '3', 'namespace'], code: 'INVALID_IDENTIFIER' },
    ]);
    expect(await counts()).toEqual(before);
  });

  it('refuses a second live record of the same agency with the same active identifier (DUPLICATE), but another agency may hold it', async () => {
    await create('social-worker', { familyName: 'Dupe', dateOfBirth: '2014-02-02', identifiers: [{ type: 'NHS_NUMBER', value: '4010232137' }] });
    const before = await counts();
    const again = await create('social-worker', { familyName: 'Dupe', givenName: 'Again', dateOfBirth: '2014-02-02', identifiers: [{ type: 'LA_CHILD_ID', value: 'NC900003', namespace: '931' }, { type: 'NHS_NUMBER', value: '401 023 2137' }] });
    expect(again.userErrors).toEqual([expect.objectContaining({ field: ['input', 'identifiers', '1', 'value'], code: 'DUPLICATE' })]);
    expect(await counts()).toEqual(before);
    const health = await create('health-visitor', { familyName: 'Dupe', dateOfBirth: '2014-02-02', identifiers: [{ type: 'NHS_NUMBER', value: '4010232137' }] });
    expect(health.userErrors).toEqual([]);
    // An ended identifier does not block.
    const ended = await create('social-worker', { familyName: 'Former', dateOfBirth: '2014-03-03', identifiers: [{ type: 'LA_CHILD_ID', value: 'NC777', namespace: '931', validFrom: '2014-03-03', validTo: '2015-01-01' }] });
    const reuse = await create('social-worker', { familyName: 'Reuse', dateOfBirth: '2014-03-03', identifiers: [{ type: 'LA_CHILD_ID', value: 'NC777', namespace: '931' }] });
    expect([ended.userErrors, reuse.userErrors]).toEqual([[], []]);
  });

  it('records an unborn child with an expected date of birth, then the birth', async () => {
    const edd = daysFrom(90);
    const res = await create('social-worker', { familyName: 'Unborn-Test', expectedDateOfBirth: edd });
    expect(res.userErrors).toEqual([]);
    expect(res.record).toMatchObject({ givenName: null, dateOfBirth: null, expectedDateOfBirth: edd, isUnborn: true });
    const unbornList = await t.gql<any>('social-worker', `{ children(filter: { isUnborn: true, familyName: "unborn-t" }) { totalCount nodes { familyName isUnborn } } }`);
    expect(unbornList.data!.children).toEqual({ totalCount: 1, nodes: [{ familyName: 'Unborn-Test', isUnborn: true }] });
    const born = await t.gql<any>('social-worker', UPDATE, { input: { id: res.record.id, expectedVersion: res.record.version, dateOfBirth: today, givenName: 'Rosie' } });
    expect(born.data!.updateChild.userErrors).toEqual([]);
    expect(born.data!.updateChild.record).toMatchObject({ dateOfBirth: today, expectedDateOfBirth: edd, isUnborn: false, givenName: 'Rosie' });
  });

  it('updates a child (disabilities replace the set) and adds identifiers and addresses afterwards', async () => {
    const made = await create('social-worker', { givenName: 'Maja', familyName: 'Nowak-Test', dateOfBirth: '2013-10-10', disabilities: ['HEAR'], identifiers: [{ type: 'NHS_NUMBER', value: '9990000026' }] });
    expect(made.userErrors).toEqual([]);
    const upd = await t.gql<any>('social-worker', UPDATE, { input: { id: made.record.id, expectedVersion: made.record.version, disabilities: ['HEAR', 'COMM'], preferredName: 'Mai' } });
    expect(upd.data!.updateChild.userErrors).toEqual([]);
    expect(upd.data!.updateChild.record.disabilities.map((d: any) => d.code).sort()).toEqual(['COMM', 'HEAR']);
    const death = await t.gql<any>('social-worker', UPDATE, { input: { id: made.record.id, expectedVersion: upd.data!.updateChild.record.version, dateOfDeath: '2013-10-09' } });
    expect(death.data!.updateChild.userErrors).toEqual([expect.objectContaining({ field: ['input', 'dateOfDeath'], code: 'DATE_ORDER' })]);
    const ADD_ID = `mutation($input: AddChildIdentifierInput!) { addChildIdentifier(input: $input) { record { type value } userErrors { field code } } }`;
    const badUpn = await t.gql<any>('social-worker', ADD_ID, { input: { childId: made.record.id, identifier: { type: 'FORMER_UPN', value: 'Z801200001001' } } });
    expect(badUpn.data!.addChildIdentifier.userErrors).toEqual([{ field: ['input', 'identifier', 'value'], code: 'INVALID_UPN' }]);
    const upn = await t.gql<any>('social-worker', ADD_ID, { input: { childId: made.record.id, identifier: { type: 'FORMER_UPN', value: 'G80120000101A' } } });
    expect(upn.data!.addChildIdentifier).toEqual({ record: { type: 'FORMER_UPN', value: 'G80120000101A' }, userErrors: [] });
    const other = await create('social-worker', { familyName: 'Other-Test', dateOfBirth: '2012-01-01' });
    const taken = await t.gql<any>('social-worker', ADD_ID, { input: { childId: other.record.id, identifier: { type: 'FORMER_UPN', value: 'G80120000101A' } } });
    expect(taken.data!.addChildIdentifier.userErrors).toEqual([{ field: ['input', 'identifier', 'value'], code: 'DUPLICATE' }]);
    const ADD_ADDR = `mutation($input: AddChildAddressInput!) { addChildAddress(input: $input) { record { addressType confidential postcode } userErrors { field code } } }`;
    const refuge = await t.gql<any>('social-worker', ADD_ADDR, { input: { childId: made.record.id, address: { addressType: 'REFUGE', line1: 'Confidential', postcode: 'NS9 9ZZ', confidential: false } } });
    expect(refuge.data!.addChildAddress).toEqual({ record: { addressType: 'REFUGE', confidential: true, postcode: 'NS9 9ZZ' }, userErrors: [] });
    const notMine = await t.gql<any>('health-visitor', ADD_ADDR, { input: { childId: made.record.id, address: { addressType: 'HOME', line1: '1 Road' } } });
    expect(notMine.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('applies the date rules with precise userErrors', async () => {
    const before = await counts();
    const errs = async (input: Record<string, unknown>) => (await create('social-worker', { familyName: 'Dates', ...input })).userErrors.map((e: any) => `${e.field.join('.')}:${e.code}`);
    expect(await errs({})).toEqual(['input.dateOfBirth:REQUIRED']);
    expect(await errs({ dateOfBirth: daysFrom(2) })).toEqual(['input.dateOfBirth:DATE_IN_FUTURE']);
    expect(await errs({ expectedDateOfBirth: daysFrom(400) })).toEqual(['input.expectedDateOfBirth:IMPOSSIBLE_DATE']);
    expect(await errs({ dateOfBirth: '2015-06-01', expectedDateOfBirth: daysFrom(30) })).toEqual(['input.expectedDateOfBirth:IMPOSSIBLE_DATE']);
    expect(await errs({ dateOfBirth: '2015-06-01', dateOfDeath: '2015-05-31' })).toEqual(['input.dateOfDeath:DATE_ORDER']);
    expect(await errs({ dateOfBirth: '2015-06-01', addresses: [{ addressType: 'HOME', line1: '1 A Road', fromDate: '2020-01-02', toDate: '2020-01-01' }] })).toEqual(['input.addresses.0.toDate:DATE_ORDER']);
    expect(await errs({ dateOfBirth: '2015-06-01', addresses: [{ addressType: 'HOME', line1: '1 A Road', postcode: 'NOT A POSTCODE' }] })).toEqual(['input.addresses.0.postcode:INVALID_FORMAT']);
    expect(await errs({ dateOfBirth: '2015-06-01', identifiers: [{ type: 'NHS_NUMBER', value: '9434765919', validFrom: '2020-01-02', validTo: '2020-01-01' }] })).toEqual(['input.identifiers.0.validTo:DATE_ORDER']);
    expect(await errs({ dateOfBirth: '2015-06-01', disabilities: ['NONE', 'AUT'] })).toEqual(['input.disabilities:INVALID_CODE']);
    expect(await counts()).toEqual(before);
  });

  it('findChildren puts exact NHS number matches first, then fuzzy name + date of birth candidates in row scope, with evidence', async () => {
    const la = await create('social-worker', { givenName: 'Amelia', familyName: 'Zedkhan', dateOfBirth: '2019-03-07', identifiers: [{ type: 'NHS_NUMBER', value: '9990000018' }], addresses: [{ addressType: 'HOME', line1: '4 Castle View', postcode: 'NS4 1AB' }] });
    const health = await create('health-visitor', { givenName: 'Amelia', familyName: 'Zedkhan', dateOfBirth: '2019-07-03', identifiers: [{ type: 'NHS_NUMBER', value: '9990000018' }] });
    // A fuzzy candidate in the social worker's row scope (its own record), and one outside it (police's).
    const fuzzy = await create('social-worker', { givenName: 'Amelia', familyName: 'Zedkahn', dateOfBirth: '2019-03-07' });
    const police = await create('police-ppu', { givenName: 'Amelia', familyName: 'Zedkahn', dateOfBirth: '2019-03-07' });
    const other = await create('social-worker', { givenName: 'Amelie', familyName: 'Zedkhan', dateOfBirth: '2011-11-30' });
    expect([la, health, fuzzy, police, other].map((r) => r.userErrors)).toEqual([[], [], [], [], []]);

    const res = await t.gql<any>('social-worker', FIND, { input: { nhsNumber: '999 000 0018', givenName: 'Amelia', familyName: 'Zedkhan', dateOfBirth: '2019-03-07', postcode: 'ns41ab', reason: 'Referral from the health visitor' } });
    expect(res.errors).toBeUndefined();
    const rows = res.data!.findChildren as any[];
    const ids = rows.map((r) => r.child.recordId);
    expect(rows.slice(0, 2).map((r) => r.score)).toEqual([1, 1]);
    expect(new Set(ids.slice(0, 2))).toEqual(new Set([la.record.recordId, health.record.recordId]));
    expect(rows[0].evidence).toEqual(expect.arrayContaining([{ field: 'nhsNumber', kind: 'EXACT', note: expect.any(String) }]));
    const healthRow = rows.find((r) => r.child.recordId === health.record.recordId);
    expect(healthRow.evidence).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'dateOfBirth', kind: 'FUZZY' })]));
    // Outside row scope and not an exact match: not a candidate at all.
    expect(ids).not.toContain(police.record.recordId);
    const fuzzyRow = rows.find((r) => r.child.recordId === fuzzy.record.recordId);
    expect(ids.indexOf(fuzzy.record.recordId)).toBe(2);
    expect(fuzzyRow.score).toBeGreaterThan(0.5);
    expect(fuzzyRow.score).toBeLessThan(1);
    expect(fuzzyRow.evidence).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'familyName', kind: 'FUZZY' }), expect.objectContaining({ field: 'dateOfBirth', kind: 'EXACT' })]));
    const otherRow = rows.find((r) => r.child.recordId === other.record.recordId);
    if (otherRow) expect(otherRow.score).toBeLessThan(fuzzyRow.score);
    // Nothing was merged.
    expect(Number((await sql(`select count(*)::int n from child where family_name in ('Zedkhan','Zedkahn')`))[0].n)).toBe(5);
  });

  it('findChildren refuses an invalid NHS number and an empty search', async () => {
    const bad = await t.gql<any>('social-worker', FIND, { input: { nhsNumber: '9434765918' } });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const empty = await t.gql<any>('social-worker', FIND, { input: { givenName: 'Amelia' } });
    expect(empty.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('links two records of the same child (shown on both), and unlinking is reversible without deleting', async () => {
    const a = await create('social-worker', { givenName: 'Kai', familyName: 'Linktest', dateOfBirth: '2018-08-08' });
    const b = await create('social-worker', { givenName: 'Kye', familyName: 'Linktest', dateOfBirth: '2018-08-08' });
    const linked = await t.gql<any>('social-worker', LINK, { input: { childId: a.record.id, otherChildId: b.record.id, reason: 'Same mother and address; confirmed with the school.' } });
    expect(linked.errors).toBeUndefined();
    expect(linked.data!.linkChildRecords.userErrors).toEqual([]);
    expect(linked.data!.linkChildRecords.record).toMatchObject({ active: true, linkedBy: 'la.sw.amy.khan', unlinkedAt: null });
    const again = await t.gql<any>('social-worker', LINK, { input: { childId: b.record.id, otherChildId: a.record.id, reason: 'again' } });
    expect(again.data!.linkChildRecords.userErrors).toEqual([{ field: ['input', 'otherChildId'], code: 'DUPLICATE' }]);
    for (const [from, to] of [[a, b], [b, a]] as const) {
      const seen = await t.gql<any>('social-worker', LINKED, { id: from.record.id });
      expect(seen.data!.node.linkedRecords).toEqual([{ link: { active: true, reason: expect.any(String) }, child: { recordId: to.record.recordId } }]);
    }
    const linkId = linked.data!.linkChildRecords.record.id;
    const unlinked = await t.gql<any>('social-worker', UNLINK, { input: { linkId, reason: 'Different children: twins.' } });
    expect(unlinked.data!.unlinkChildRecords.record).toMatchObject({ active: false, unlinkedBy: 'la.sw.amy.khan', unlinkReason: 'Different children: twins.' });
    const twice = await t.gql<any>('social-worker', UNLINK, { input: { linkId, reason: 'again' } });
    expect(twice.data!.unlinkChildRecords.userErrors).toEqual([{ field: ['input', 'linkId'], code: 'INVALID_STATE' }]);
    const after = await t.gql<any>('social-worker', LINKED, { id: a.record.id });
    expect(after.data!.node.linkedRecords).toEqual([{ link: { active: false, reason: expect.any(String) }, child: { recordId: b.record.recordId } }]);
    expect(Number((await sql(`select count(*)::int n from child_link where child_id = ?`, [a.record.recordId]))[0].n)).toBe(1);
    // Linking again after an unlink is allowed (a new assertion).
    const relink = await t.gql<any>('social-worker', LINK, { input: { childId: a.record.id, otherChildId: b.record.id, reason: 'Twins confusion resolved: same child after all.' } });
    expect(relink.data!.linkChildRecords.userErrors).toEqual([]);
  });

  it("the child's lead agency allocates and ends an involvement; active is derived from the status and dates", async () => {
    // Health records the child, so health is its lead agency (full lifecycle: test/access/involvement-lifecycle.test.ts).
    const c = await create('health-visitor', { givenName: 'Nia', familyName: 'Involve', dateOfBirth: daysFrom(-3) });
    const [grace] = await sql(`select id from practitioner where subject = 'cht.hv.grace.lee'`);
    const started = await t.gql<any>('health-visitor', ALLOCATE, { input: { childId: c.record.id, role: 'HEALTH_VISITOR', startedAt: daysFrom(-2), practitionerId: grace.id } });
    expect(started.data!.allocateInvolvement.userErrors).toEqual([]);
    const inv = started.data!.allocateInvolvement.record;
    expect(inv).toMatchObject({ role: 'HEALTH_VISITOR', status: 'ALLOCATED', startedAt: daysFrom(-2), endedAt: null, active: true, agency: { code: 'NHS-NORTHSHIRE-CHT' }, practitioner: { name: 'Grace Lee' } });
    const dup = await t.gql<any>('health-visitor', ALLOCATE, { input: { childId: c.record.id, role: 'HEALTH_VISITOR', practitionerId: grace.id } });
    expect(dup.data!.allocateInvolvement.userErrors).toEqual([{ field: ['input', 'role'], code: 'DUPLICATE' }]);
    const early = await t.gql<any>('health-visitor', ALLOCATE, { input: { childId: c.record.id, role: 'OTHER', startedAt: daysFrom(-5) } });
    expect(early.data!.allocateInvolvement.userErrors).toEqual([{ field: ['input', 'startedAt'], code: 'IMPOSSIBLE_DATE' }]);
    const badEnd = await t.gql<any>('health-visitor', END, { input: { id: inv.id, expectedVersion: inv.version, endedAt: daysFrom(-3) } });
    expect(badEnd.data!.endInvolvement.userErrors).toEqual([{ field: ['input', 'endedAt'], code: 'DATE_ORDER' }]);
    const notMine = await t.gql<any>('social-worker', END, { input: { id: inv.id, expectedVersion: inv.version } });
    expect(notMine.errors?.[0]?.extensions?.code ?? notMine.data?.endInvolvement?.userErrors?.[0]?.code).toMatch(/FORBIDDEN|NOT_FOUND/);
    const ended = await t.gql<any>('health-visitor', END, { input: { id: inv.id, expectedVersion: inv.version, reason: 'CASECL' } });
    expect(ended.data!.endInvolvement).toEqual({ record: { endedAt: today, endReason: 'CASECL', active: false }, userErrors: [] });
    const list = await t.gql<any>('health-visitor', `query($id: ID!) { node(id: $id) { ... on Child { all: involvements { role active } current: involvements(activeOnly: true) { role } } } }`, { id: c.record.id });
    expect(list.data!.node).toEqual({ all: [{ role: 'HEALTH_VISITOR', active: false }], current: [] });
  });

  it('lists children with filters and orderings', async () => {
    const res = await t.gql<any>('social-worker', `{ children(first: 5, filter: { dateOfBirthFrom: "2010-01-01", dateOfBirthTo: "2012-12-31" }, orderBy: { field: DATE_OF_BIRTH, direction: DESC }) { totalCount nodes { dateOfBirth } pageInfo { endCursor hasNextPage } } }`);
    expect(res.errors).toBeUndefined();
    const dobs = res.data!.children.nodes.map((n: any) => n.dateOfBirth);
    expect(dobs).toEqual([...dobs].sort().reverse());
    expect(dobs.every((d: string) => d >= '2010-01-01' && d <= '2012-12-31')).toBe(true);
    const page2 = await t.gql<any>('social-worker', `query($after: String) { children(first: 5, after: $after, filter: { dateOfBirthFrom: "2010-01-01", dateOfBirthTo: "2012-12-31" }, orderBy: { field: DATE_OF_BIRTH, direction: DESC }) { nodes { dateOfBirth } } }`, { after: res.data!.children.pageInfo.endCursor });
    expect(page2.errors).toBeUndefined();
    if (page2.data!.children.nodes.length) expect(page2.data!.children.nodes[0].dateOfBirth <= dobs[dobs.length - 1]).toBe(true);
    const byName = await t.gql<any>('social-worker', `{ children(first: 100, orderBy: { field: FAMILY_NAME }) { nodes { familyName } } }`);
    const names = byName.data!.children.nodes.map((n: any) => n.familyName);
    expect(names).toEqual([...names].sort((x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0)));
  });

  it('the demo partnership has about 60 LA children on every pathway, with involvements for the personas', async () => {
    const [row] = await sql(`select count(*)::int n from child c join agency a on a.id = c.owning_agency_id where a.code = 'LA-NORTHSHIRE' and c.source_system = 'Mosaic'`);
    expect(row.n).toBe(60);
    const [ages] = await sql(`select count(*) filter (where date_of_birth is null)::int unborn, count(*) filter (where date_of_birth <= date '${DEMO_TODAY}' - interval '18 years')::int adults,
      count(*) filter (where date_of_birth > date '${DEMO_TODAY}' - interval '18 years')::int children, count(distinct ethnicity)::int ethnicities from child where source_system = 'Mosaic'`);
    expect(ages).toEqual({ unborn: 2, adults: 4, children: 54, ethnicities: expect.any(Number) });
    expect(ages.ethnicities).toBeGreaterThan(6);
    const persona = async (subject: string) => Number((await sql(`select count(distinct i.child_id)::int n from involvement i join practitioner p on p.id = i.practitioner_id where p.subject = ?`, [subject]))[0].n);
    expect(await persona('la.sw.amy.khan')).toBeGreaterThan(20);
    expect(await persona('sch.dsl.kay.wood')).toBeGreaterThanOrEqual(2);
    expect(await persona('cht.hv.grace.lee')).toBeGreaterThanOrEqual(2);
    const bad = await sql(`select value from child_identifier where type = 'NHS_NUMBER'`);
    expect(bad.filter((r: any) => !validateNhsNumber(r.value).ok)).toEqual([]);
    const upns = await sql(`select value from child_identifier where type = 'UPN'`);
    expect(upns.length).toBeGreaterThan(20);
    expect(upns.filter((r: any) => !validateUpn(r.value).ok)).toEqual([]);
    const [conf] = await sql(`select count(*)::int n from child_address where confidential and address_type = 'PLACEMENT'`);
    expect(conf.n).toBeGreaterThan(5);
    const [nonLa] = await sql(`select count(*)::int n from child c join agency a on a.id = c.owning_agency_id where a.code <> 'LA-NORTHSHIRE' and c.source_system in ('SystmOne', 'Niche')`);
    expect(nonLa.n).toBe(5);
  });
});
