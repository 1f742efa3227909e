import pg from 'pg';
import { startTestHub, type TestHub } from '../support/hub';
import { toGlobalId } from '../../src/server/graphql/global-id';
import { runSsda903 } from '../../src/exports/ssda903';
import { laChildIdSql } from '../../src/exports/statutory-return';

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * A looked-after child's collection year (issue 12: the SSDA903 items no other record held), over HTTP as
 * the social worker who records it: motherhood, convictions, substance misuse and interventions go into the
 * 903's header and OC2 files; impossible combinations are refused field by field and store nothing; one
 * record per child and year (DUPLICATE, also for 24 concurrent creates); a stale version is CONFLICT; other
 * agencies' schemas have neither the mutation nor the field.
 */
const ERR = 'userErrors { field code message }';
const CREATE = `mutation($input: CreateLookedAfterYearInput!) { createLookedAfterYear(input: $input) { created record { id recordId version collectionYear mother firstChildBornOn convicted substanceMisuse interventionReceived interventionOffered } ${ERR} } }`;
const UPDATE = `mutation($input: UpdateLookedAfterYearInput!) { updateLookedAfterYear(input: $input) { record { id version convicted substanceMisuse interventionReceived interventionOffered } ${ERR} } }`;

interface InCare { id: string; gid: string; dob: string }

describe('looked-after years (SSDA903 motherhood and OC2 outcomes)', () => {
  let t: TestHub;
  let girl: InCare;
  let boy: InCare;
  const sql = <T = any>(q: string, params: unknown[] = []) => t.orm.em.fork().execute<T[]>(q, params);
  const count = async () => (await sql<{ n: number }>(`select count(*)::int as n from looked_after_year where deleted_at is null`))[0]!.n;
  const send = async (persona: string, query: string, input: Record<string, unknown>) => {
    const res = await t.http<any>(persona, query, { input });
    expect(res.status).toBe(200);
    return res.body;
  };
  const errorsOf = (body: any) => (Object.values(body.data ?? {})[0] as any)?.userErrors?.map((e: any) => `${e.field.join('.')}:${e.code}`) ?? body.errors.map((e: any) => e.extensions.code);

  /** A child the social worker works with, looked after in 2025/26 (a girl: for all of it, so in OC2) and in 2026/27, aged 12 or more, with the seeded years withdrawn. */
  const inCare = async (sex: string): Promise<InCare> => {
    const [row] = await sql<{ id: string; dob: string }>(
      `select c.id, c.date_of_birth::text as dob from child c
        where c.sex = ? and c.date_of_birth <= '2014-03-31' and c.deleted_at is null
          and exists (select 1 from involvement i join practitioner p on p.id = i.practitioner_id and p.subject = 'la.sw.amy.khan'
                       where i.child_id = c.id and i.ended_at is null and i.deleted_at is null)
          and exists (select 1 from care_episode e where e.child_id = c.id and e.deleted_at is null and e.start_date <= '2026-03-31' and (e.end_date is null or e.end_date >= '2025-04-01')
                        and (? = 'M' or (e.entered_care_date <= '2025-03-31' and (e.end_date is null or e.end_date >= '2026-03-31'))))
          and exists (select 1 from care_episode e where e.child_id = c.id and e.deleted_at is null and e.start_date <= '2027-03-31' and (e.end_date is null or e.end_date >= '2026-04-01'))
        order by c.date_of_birth, c.id limit 1`, [sex, sex]);
    expect(row).toBeDefined();
    await sql(`update looked_after_year set deleted_at = now() where child_id = ?`, [row!.id]);
    return { id: row!.id, gid: toGlobalId('Child', row!.id), dob: row!.dob };
  };

  beforeAll(async () => {
    t = await startTestHub();
    girl = await inCare('F');
    boy = await inCare('M');
  });
  afterAll(() => t.close());

  it('a social worker records a young woman’s year; the child lists it; the 903 header and OC2 carry it; a stale version is refused', async () => {
    const created = await send('social-worker', CREATE, { childId: girl.gid, collectionYear: 2026, mother: true, firstChildBornOn: '2025-11-02', convicted: false, substanceMisuse: true, interventionReceived: true });
    expect(errorsOf(created)).toEqual([]);
    const rec = created.data.createLookedAfterYear.record;
    expect(rec).toMatchObject({ version: 1, collectionYear: 2026, mother: true, firstChildBornOn: '2025-11-02', substanceMisuse: true, interventionReceived: true, interventionOffered: null });
    const read = await t.http<any>('social-worker', `query($id: ID!) { node(id: $id) { ... on Child { lookedAfterYears { collectionYear mother substanceMisuse } } } }`, { id: girl.gid });
    expect(read.body.data.node.lookedAfterYears).toEqual([{ collectionYear: 2026, mother: true, substanceMisuse: true }]);

    const client = new pg.Client({ connectionString: t.databaseUrl });
    await client.connect();
    try {
      const { rows: [{ la }] } = await client.query<{ la: string }>(`select ${laChildIdSql('c')} as la from child c where c.id = $1`, [girl.id]);
      const { files } = await runSsda903(client, { year: 2026, subject: 'test:903', operation: 'test' });
      const line = (file: string) => {
        const [header, ...rows] = files[file]!.trimEnd().split('\n');
        const cols = header!.split(',');
        const row = rows.find((r) => r.startsWith(`${la},`));
        return row ? Object.fromEntries(row.split(',').map((v, i) => [cols[i], v])) : undefined;
      };
      expect(line('header.csv')).toMatchObject({ MOTHER: '1', MC_DOB: '02/11/2025' });
      expect(line('oc2.csv')).toMatchObject({ CONVICTED: '0', SUBSTANCE_MISUSE: '1', INTERVENTION_RECEIVED: '1', INTERVENTION_OFFERED: '' });
      // The next year, with no record yet, she is still a mother with the same first child (rule 207).
      expect((await runSsda903(client, { year: 2027, subject: 'test:903', operation: 'test' })).files['header.csv']).toContain(`,1,02/11/2025`);
    } finally {
      await client.end();
    }

    const updated = await send('social-worker', UPDATE, { id: rec.id, expectedVersion: 1, interventionReceived: false, interventionOffered: true });
    expect(errorsOf(updated)).toEqual([]);
    expect(updated.data.updateLookedAfterYear.record).toMatchObject({ version: 2, interventionReceived: false, interventionOffered: true });
    const stale = await send('social-worker', UPDATE, { id: rec.id, expectedVersion: 1, convicted: true });
    expect(errorsOf(stale)).toEqual(['input.expectedVersion:CONFLICT']);
    expect(await sql(`select convicted, version from looked_after_year where id = ?`, [rec.recordId])).toEqual([{ convicted: false, version: 2 }]);
  });

  it('refuses impossible years, naming each field, and stores nothing', async () => {
    const before = await count();
    const cases: Array<[InCare, Record<string, unknown>, string[]]> = [
      [boy, { mother: false }, ['input.mother:INVALID_STATE']],
      [girl, { mother: false, firstChildBornOn: '2025-06-01' }, ['input.firstChildBornOn:INVALID_STATE']],
      [girl, { mother: true, firstChildBornOn: '2026-05-01' }, ['input.firstChildBornOn:DATE_ORDER']],
      [boy, { substanceMisuse: true }, ['input.interventionReceived:REQUIRED']],
      [boy, { substanceMisuse: false, interventionReceived: false }, ['input.interventionReceived:INVALID_STATE']],
      [boy, { substanceMisuse: true, interventionReceived: true, interventionOffered: false }, ['input.interventionOffered:INVALID_STATE']],
      [boy, { collectionYear: 2031 }, ['input.collectionYear:OUT_OF_RANGE']],
      [boy, { collectionYear: 2012 }, ['input.collectionYear:INVALID_STATE']],
    ];
    for (const [child, input, expected] of cases) {
      const body = await send('social-worker', CREATE, { childId: child.gid, collectionYear: 2026, ...input });
      expect({ input, errors: errorsOf(body) }).toEqual({ input, errors: expected });
    }
    const [{ dob }] = await sql<{ dob: string }>(`select date_of_birth::text as dob from child where id = ?`, [girl.id]);
    expect(errorsOf(await send('social-worker', CREATE, { childId: girl.gid, collectionYear: 2027, mother: true, firstChildBornOn: `${Number(dob.slice(0, 4)) - 1}-01-01` }))).toEqual(['input.firstChildBornOn:IMPOSSIBLE_DATE']);
    for (const bad of [{ collectionYear: 2026.5 }, { collectionYear: 2026, firstChildBornOn: '2025-02-30', mother: true }, { collectionYear: 2026, convicted: 'yes' }]) {
      const res = await t.http<any>('social-worker', CREATE, { input: { childId: boy.gid, ...bad } });
      expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect(await count()).toBe(before);
  });

  it('one record per child and year: 24 concurrent creates make one, the others are told DUPLICATE', async () => {
    const input = { childId: boy.gid, collectionYear: 2026, convicted: true, substanceMisuse: false };
    const responses = await Promise.all(Array.from({ length: 24 }, () => t.http<any>('social-worker', CREATE, { input })));
    const payloads = responses.map((r) => r.body.data.createLookedAfterYear);
    expect(payloads.filter((p) => p.created && p.userErrors.length === 0)).toHaveLength(1);
    expect(payloads.filter((p) => p.userErrors.some((e: any) => e.code === 'DUPLICATE'))).toHaveLength(23);
    expect(await sql(`select count(*)::int as n from looked_after_year where child_id = ? and collection_year = 2026 and deleted_at is null`, [boy.id])).toEqual([{ n: 1 }]);
  });

  it('other agencies are not offered the mutation or the field: their schemas do not have them, and nothing is stored', async () => {
    const before = await count();
    const refusedCode = (res: { status: number; body: any }) => [res.status, res.body.errors?.[0]?.extensions?.code];
    for (const persona of ['police-ppu', 'health-visitor', 'designated-nurse', 'school-dsl', 'lado']) {
      expect({ persona, write: refusedCode(await t.http<any>(persona, CREATE, { input: { childId: boy.gid, collectionYear: 2026, convicted: true } })) }).toEqual({ persona, write: [400, 'GRAPHQL_VALIDATION_FAILED'] });
      // Not in the schema, or (for a role that reads some social care detail) refused for this child: never the data.
      const read = await t.http<any>(persona, `query($id: ID!) { node(id: $id) { ... on Child { lookedAfterYears { convicted } } } }`, { id: boy.gid });
      expect({ persona, read: read.body.data?.node?.lookedAfterYears ?? null }).toEqual({ persona, read: null });
      expect(['GRAPHQL_VALIDATION_FAILED', 'FORBIDDEN']).toContain(refusedCode(read)[1]);
    }
    expect(await count()).toBe(before);
  });
});
