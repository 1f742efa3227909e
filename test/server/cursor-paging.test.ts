import { startTestHub, type TestHub } from '../support/hub';

/**
 * Cursors keep the ordering value at full database precision (issue 11): PostgreSQL stores timestamps to
 * the microsecond, a JS Date to the millisecond. Records that share a timestamp, or differ only in
 * microseconds, must each come back exactly once, in order, when a client pages with `after: endCursor`.
 */
const PAGE = `query Page($after: String, $order: ChildOrder) {
  children(first: 7, after: $after, filter: { familyName: "Cursorpage" }, orderBy: $order) {
    nodes { recordId }
    pageInfo { endCursor hasNextPage }
  }
}`;

describe('children paging with records sharing a timestamp', () => {
  let t: TestHub;
  const sql = <R = Record<string, unknown>>(q: string, p: unknown[] = []) => t.orm.em.fork().execute<R[]>(q, p);

  beforeAll(async () => {
    t = await startTestHub();
    // Copies of one child the social worker's agency owns (so in their row scope), inserted in SQL:
    // 300 share one timestamp to the microsecond, 40 sit in the same millisecond and differ only in
    // microseconds, 20 in the neighbouring milliseconds.
    const cols = (await sql<{ column_name: string }>(`select column_name from information_schema.columns where table_name = 'child' and table_schema = 'public' and is_generated = 'NEVER' order by ordinal_position`)).map((r) => r.column_name);
    const copy = async (n: number, updatedAt: string) => {
      const values = cols.map((c) =>
        c === 'id' ? 'gen_random_uuid()' : c === 'family_name' ? `'Cursorpage'` : c === 'updated_at' ? updatedAt : /source_(system|record_id)$/.test(c) ? 'null' : `c."${c}"`,
      );
      await sql(`insert into child (${cols.map((c) => `"${c}"`).join(',')})
        select ${values.join(',')} from child c cross join generate_series(1, ${n}) g
        where c.id = (select c2.id from child c2 join agency a on a.id = c2.owning_agency_id where a.code = 'LA-NORTHSHIRE' and c2.deleted_at is null order by c2.id limit 1)`);
    };
    await copy(300, `timestamptz '2031-01-01 10:00:00.123456+00'`);
    await copy(40, `timestamptz '2031-01-01 10:00:00.123000+00' + g * interval '1 microsecond'`);
    await copy(20, `timestamptz '2031-01-01 10:00:00.120000+00' + g * interval '500 microseconds'`);
  });
  afterAll(() => t.close());

  /** Every page as the social worker over HTTP, following endCursor until hasNextPage is false. */
  async function pageThrough(order?: { field: string; direction: string }): Promise<{ ids: string[]; pages: number }> {
    const ids: string[] = [];
    let after: string | null = null;
    for (let pages = 1; pages <= 100; pages++) {
      type Page = { children: { nodes: { recordId: string }[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } } };
      const res: { status: number; body: { data?: Page | null; errors?: unknown } } = await t.http<Page>('social-worker', PAGE, { after, order });
      expect(res.status).toBe(200);
      expect(res.body.errors).toBeUndefined();
      const page = res.body.data!.children;
      ids.push(...page.nodes.map((n) => n.recordId));
      if (!page.pageInfo.hasNextPage) return { ids, pages };
      expect(page.nodes).toHaveLength(7);
      after = page.pageInfo.endCursor;
    }
    throw new Error('paging did not end within 100 pages');
  }

  it.each([
    ['default order (last changed first)', undefined, 'desc'],
    ['UPDATED_AT ASC', { field: 'UPDATED_AT', direction: 'ASC' }, 'asc'],
  ] as const)('%s: every record exactly once, in order, and the last page has no next page', async (_name, order, dir) => {
    const expected = (await sql<{ id: string }>(`select id from child where family_name = 'Cursorpage' and deleted_at is null order by updated_at ${dir}, id ${dir}`)).map((r) => r.id);
    expect(expected).toHaveLength(360);
    const { ids, pages } = await pageThrough(order);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expected);
    expect(pages).toBe(Math.ceil(360 / 7));
  });

  it('an edge cursor in the middle of a shared timestamp resumes right after that edge; totalCount counts every row', async () => {
    const q = `query($after: String) { children(first: 7, after: $after, filter: { familyName: "Cursorpage" }) { totalCount edges { cursor node { recordId } } } }`;
    const one = await t.http<{ children: { totalCount: number; edges: { cursor: string; node: { recordId: string } }[] } }>('social-worker', q, { after: null });
    expect(one.body.errors).toBeUndefined();
    expect(one.body.data!.children.totalCount).toBe(360);
    const edges = one.body.data!.children.edges;
    const two = await t.http<{ children: { edges: { node: { recordId: string } }[] } }>('social-worker', q, { after: edges[3]!.cursor });
    expect(two.body.errors).toBeUndefined();
    const { ids } = await pageThrough();
    expect(two.body.data!.children.edges.map((e) => e.node.recordId)).toEqual(ids.slice(4, 11));
  });

  it('a cursor altered by the client is refused with BAD_USER_INPUT', async () => {
    const first = await t.http<{ children: { pageInfo: { endCursor: string } } }>('social-worker', PAGE, { after: null });
    const cursor = first.body.data!.children.pageInfo.endCursor;
    const tampered = `${cursor.slice(0, -2)}${cursor.endsWith('A') ? 'B' : 'A'}A`;
    const res = await t.http('social-worker', PAGE, { after: tampered });
    expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
