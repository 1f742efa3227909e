import { randomBytes } from 'node:crypto';
import { startTestHub, type TestHub } from '../support/hub';

/**
 * The safety net under input bounds (issue: hardening §4): a value PostgreSQL itself refuses (too large
 * for its index, say) is a typed userError, never INTERNAL_SERVER_ERROR, and nothing is saved.
 */
describe('values the database refuses', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(async () => t?.close());

  it('a source record id too large for the provenance index is a userError and writes nothing', async () => {
    const count = async () => Number((await t.orm.em.fork().execute<{ n: number }[]>('select count(*)::int n from child'))[0]!.n);
    const before = await count();
    // Random text does not compress: 9,000 characters is within the 10,000 input bound but past the index's ~2.7 kB.
    const huge = randomBytes(4500).toString('hex');
    const res = await t.http<any>('social-worker', `mutation($input: CreateChildInput!) { createChild(input: $input) { record { id } userErrors { field code message } } }`, {
      input: { familyName: 'Index', givenName: 'Limit', dateOfBirth: '2015-05-05', sourceSystem: 'Mosaic', sourceRecordId: huge },
    });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.createChild.record).toBeNull();
    expect(res.body.data.createChild.userErrors).toEqual([expect.objectContaining({ field: ['input'], code: 'OUT_OF_RANGE' })]);
    expect(await count()).toBe(before);
  });
});
