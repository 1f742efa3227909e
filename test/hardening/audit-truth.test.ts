import { startTestHub, type TestHub } from '../support/hub';
import { toGlobalId } from '../../src/server/graphql/global-id';

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * The audit tells what happened: after a concurrent run with failures mixed in (race losers, validation
 * failures, a failed mutation beside a committed one, creates that wrote their record and then failed
 * on a nested row), `audit_event` is reconciled against the data. Every record created has exactly one
 * CREATE row with its values (nested rows too, restricted tiers recorded as changed, not copied), every
 * committed update one UPDATE row, and nothing that rolled back left a row.
 */
const RACERS = 24;
const ERR = 'userErrors { field code }';
const CREATE_CHILD = `mutation($input: CreateChildInput!) { createChild(input: $input) { created record { recordId } ${ERR} } }`;
const UPDATE_CHILD = `mutation($input: UpdateChildInput!) { updateChild(input: $input) { record { version } ${ERR} } }`;
const CREATE_LADO = `mutation($input: CreateLadoReferralInput!) { createLadoReferral(input: $input) { created record { recordId } ${ERR} } }`;
const NOT_COPIED = 'changed (value not copied: restricted tier)';

describe('audit truth: the log reconciles with the data after a concurrent run', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ demo: false });
  });
  afterAll(() => t.close());

  const sql = <T = any>(q: string, params: unknown[] = []) => t.orm.em.fork().execute<T[]>(q, params);

  async function newChild(familyName: string): Promise<{ uuid: string; id: string }> {
    const res = await t.http<any>('social-worker', CREATE_CHILD, { input: { familyName, dateOfBirth: '2014-09-01' } });
    const uuid = res.body.data.createChild.record.recordId;
    return { uuid, id: toGlobalId('Child', uuid) };
  }

  it('one CREATE per created record with its values, one UPDATE per committed update, nothing for what failed', async () => {
    const raced = await newChild('Raced');
    const calm = await newChild('Calm');
    const [{ seq: seq0 }] = await sql<{ seq: string }>('select coalesce(max(seq), 0)::text as seq from audit_event');
    const t0 = new Date();

    const allegation = 'Pupil alleges the coach pushed him against a wall.';
    const childInput = {
      familyName: 'Audit-Truth',
      dateOfBirth: '2016-02-02',
      sourceSystem: 'Mosaic',
      sourceRecordId: 'AUDIT-1',
      identifiers: [{ type: 'LA_CHILD_ID', value: 'NC900501', namespace: '931' }],
      addresses: [
        { addressType: 'HOME', line1: '1 Ledger Row', postcode: 'NS1 4AB', fromDate: '2016-02-02', toDate: '2024-01-31' },
        { addressType: 'PLACEMENT', line1: '3 Elm Grove', postcode: 'NS7 2PQ', fromDate: '2024-02-01', confidential: true },
      ],
      disabilities: ['AUT'],
    };
    const ladoInput = {
      referralDate: '2026-05-04',
      allegationSummary: allegation,
      adultGivenName: 'Sam',
      adultFamilyName: 'Coachman',
      employer: 'Northshire Juniors FC',
      adultRole: 'SPORTS_COACH',
      harmCategory: 'PHYSICAL',
      childIds: [raced.id],
      sourceSystem: 'LadoLog',
      sourceRecordId: 'AUDIT-L1',
    };
    const many = <T>(n: number, f: (i: number) => Promise<T>) => Array.from({ length: n }, (_, i) => f(i));
    const results = await Promise.all([
      // Idempotent creates with nested rows: one wins, the rest get it back.
      ...many(RACERS, () => t.http<any>('social-worker', CREATE_CHILD, { input: childInput })),
      // Creates that write the child, then lose the race for its identifier (DUPLICATE): the child rolls back with it.
      ...many(RACERS, (i) => t.http<any>('social-worker', CREATE_CHILD, { input: { familyName: `Dup-${i}`, dateOfBirth: '2015-01-01', identifiers: [{ type: 'NHS_NUMBER', value: '9434765919' }] } })),
      // Updates at one version: one commits, the rest CONFLICT.
      ...many(RACERS, (i) => t.http<any>('social-worker', UPDATE_CHILD, { input: { id: raced.id, expectedVersion: 1, givenName: `Given-${i}` } })),
      // LADO (every value restricted), with a nested child row.
      ...many(RACERS, () => t.http<any>('lado', CREATE_LADO, { input: ladoInput })),
      // Validation failures, and one request where a committed mutation sits beside a failed one.
      ...many(6, (i) => t.http<any>('social-worker', CREATE_CHILD, { input: { familyName: `NoDob-${i}` } })),
      t.http<any>(
        'social-worker',
        `mutation($id: ID!) { a: updateChild(input: { id: $id, expectedVersion: 1, preferredName: "Cal" }) { ${ERR} } b: createChild(input: { familyName: "Half" }) { ${ERR} } }`,
        { id: calm.id },
      ),
    ]);
    for (const r of results) expect(r.body.errors).toBeUndefined();
    const payloads = results.flatMap((r) => Object.values(r.body.data as Record<string, any>));
    const failed = payloads.filter((p) => p.userErrors.length).length;
    expect(failed).toBe(RACERS - 1 + (RACERS - 1) + 6 + 1);
    // The idempotent creates all succeed (one created, the others get it back).
    expect(payloads.slice(0, RACERS).map((p) => p.created).filter(Boolean)).toEqual([true]);

    const audit = await sql<any>(`select action, record_type, record_id, child_ids, fields, changes from audit_event where seq > ?::bigint and action in ('CREATE', 'UPDATE', 'DELETE')`, [seq0]);

    // Every record type: the rows created since the run began are exactly the CREATE rows, one each.
    const created = new Map<string, string[]>();
    for (const meta of t.orm.getMetadata().getAll().values()) {
      if (meta.abstract || meta.embeddable || !meta.properties.createdAt) continue;
      const rows = await sql<{ id: string }>(`select id from "${meta.tableName}" where created_at >= ?`, [t0]);
      if (rows.length) created.set(meta.className, rows.map((r) => r.id).sort());
    }
    const createRows = new Map<string, string[]>();
    for (const row of audit.filter((a) => a.action === 'CREATE')) createRows.set(row.record_type, [...(createRows.get(row.record_type) ?? []), row.record_id].sort());
    expect(createRows).toEqual(created);
    expect([...created.keys()].sort()).toEqual(['Child', 'ChildAddress', 'ChildDisability', 'ChildIdentifier', 'LadoReferral', 'LadoReferralChild']);
    // One idempotent child with its nested rows, one child of the identifier race, nothing for the NoDob/Half failures.
    expect(created.get('Child')).toHaveLength(2);
    expect(created.get('ChildIdentifier')).toHaveLength(2);
    expect(created.get('ChildAddress')).toHaveLength(2);

    // The CREATE rows carry the values...
    const [child] = await sql<{ id: string }>(`select id from child where source_record_id = 'AUDIT-1'`);
    const childCreate = audit.find((a) => a.action === 'CREATE' && a.record_id === child!.id);
    expect(childCreate).toMatchObject({ record_type: 'Child', child_ids: [child!.id] });
    expect(childCreate.changes).toMatchObject({ familyName: { old: null, new: 'Audit-Truth' }, sourceRecordId: { old: null, new: 'AUDIT-1' } });
    const nested = audit.filter((a) => a.action === 'CREATE' && a.record_type !== 'Child' && a.child_ids.includes(child!.id));
    expect(nested.map((a) => a.record_type).sort()).toEqual(['ChildAddress', 'ChildAddress', 'ChildDisability', 'ChildIdentifier']);
    expect(nested.find((a) => a.record_type === 'ChildIdentifier').changes).toMatchObject({ type: { new: 'LA_CHILD_ID' }, value: { new: 'NC900501' } });
    expect(nested.find((a) => a.record_type === 'ChildDisability').changes).toMatchObject({ code: { new: 'AUT' } });
    for (const a of nested) expect(a.fields.length).toBeGreaterThan(1);

    // ...except LADO values, recorded as changed and never copied anywhere in the log.
    const lado = audit.find((a) => a.action === 'CREATE' && a.record_type === 'LadoReferral');
    expect(lado.changes).toMatchObject({ allegationSummary: NOT_COPIED, adultFamilyName: NOT_COPIED, employer: NOT_COPIED, harmCategory: NOT_COPIED });
    expect(audit.find((a) => a.action === 'CREATE' && a.record_type === 'LadoReferralChild')).toMatchObject({ child_ids: [raced.uuid] });
    const everything = JSON.stringify(await sql(`select changes from audit_event where seq > ?::bigint`, [seq0]));
    for (const secret of [allegation, 'Coachman', 'Northshire Juniors FC']) expect(everything).not.toContain(secret);

    // One UPDATE per committed update, with the value that was committed; none for the 23 that lost.
    const updates = audit.filter((a) => a.action === 'UPDATE');
    expect(updates.map((a) => a.record_id).sort()).toEqual([raced.uuid, calm.uuid].sort());
    const [racedRow] = await sql<{ given_name: string; version: number }>(`select given_name, version from child where id = ?`, [raced.uuid]);
    expect(racedRow!.version).toBe(2);
    expect(updates.find((a) => a.record_id === raced.uuid).changes).toEqual({ givenName: { old: null, new: racedRow!.given_name } });
    expect(updates.find((a) => a.record_id === calm.uuid).changes).toEqual({ preferredName: { old: null, new: 'Cal' } });
    expect(audit.filter((a) => a.action === 'DELETE')).toEqual([]);
  });
});
