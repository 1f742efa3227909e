import { startTestHub, type TestHub } from '../support/hub';

const CREATE = `mutation($input: CreateChildInput!) { createChild(input: $input) { created record { id recordId version familyName sourceSystem sourceRecordId } userErrors { field code message } } }`;
const UPDATE = `mutation($input: UpdateChildInput!) { updateChild(input: $input) { record { version familyName } userErrors { field code message } } }`;

describe('record conventions (idempotent create, optimistic locking, all-or-nothing)', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ demo: false });
  });
  afterAll(() => t.close());

  const count = async () => Number((await t.orm.em.fork().execute('select count(*)::int as n from child'))[0]!.n);

  it('a retried create with the same source pair returns the existing record instead of a duplicate', async () => {
    const input = { familyName: 'Retry', dateOfBirth: '2015-03-01', sourceSystem: 'LiquidLogic', sourceRecordId: 'LL-1' };
    const first = await t.gql<any>('social-worker', CREATE, { input });
    const again = await t.gql<any>('social-worker', CREATE, { input });
    expect(first.errors).toBeUndefined();
    expect(first.data.createChild.created).toBe(true);
    expect(again.data.createChild).toMatchObject({ created: false, record: { recordId: first.data.createChild.record.recordId } });
    expect(await count()).toBe(1);
  });

  it('refuses an update at a stale version with CONFLICT and leaves the record as it was', async () => {
    const made = await t.gql<any>('social-worker', CREATE, { input: { familyName: 'Locke', dateOfBirth: '2016-01-01' } });
    const id = made.data.createChild.record.id;
    const ok = await t.gql<any>('social-worker', UPDATE, { input: { id, expectedVersion: 1, familyName: 'Locke-Smith' } });
    expect(ok.data.updateChild).toEqual({ record: { version: 2, familyName: 'Locke-Smith' }, userErrors: [] });
    const stale = await t.gql<any>('social-worker', UPDATE, { input: { id, expectedVersion: 1, familyName: 'Overwritten' } });
    expect(stale.data.updateChild.record).toBeNull();
    expect(stale.data.updateChild.userErrors).toEqual([expect.objectContaining({ field: ['input', 'expectedVersion'], code: 'CONFLICT' })]);
    const row = (await t.orm.em.fork().execute(`select family_name, version from child where family_name like 'Locke%'`))[0];
    expect(row).toEqual({ family_name: 'Locke-Smith', version: 2 });
  });

  it("refuses a change to another agency's record with FORBIDDEN", async () => {
    const made = await t.gql<any>('social-worker', CREATE, { input: { familyName: 'Owned', dateOfBirth: '2016-01-01' } });
    const res = await t.gql<any>('police-ppu', UPDATE, { input: { id: made.data.createChild.record.id, expectedVersion: 1, familyName: 'Hijack' } });
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const row = (await t.orm.em.fork().execute(`select family_name, version from child where family_name in ('Owned','Hijack')`))[0];
    expect(row).toEqual({ family_name: 'Owned', version: 1 });
  });

  it('a failed mutation in a multi-mutation request rolls back only itself', async () => {
    const before = await count();
    const res = await t.gql<any>(
      'social-worker',
      `mutation { a: createChild(input: { familyName: "Kept", dateOfBirth: "2017-05-05" }) { userErrors { code } }
                  b: createChild(input: { familyName: "NoDob" }) { userErrors { field code } } }`,
    );
    expect(res.data.a.userErrors).toEqual([]);
    expect(res.data.b.userErrors).toEqual([{ field: ['input', 'dateOfBirth'], code: 'REQUIRED' }]);
    expect(await count()).toBe(before + 1);
  });
});
