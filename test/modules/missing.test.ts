import { startTestHub, type TestHub } from '../support/hub';

const CHILD = `mutation($input: CreateChildInput!) { createChild(input: $input) { record { id recordId } userErrors { code message } } }`;
const EPISODE = `mutation($input: CreateMissingEpisodeInput!) { createMissingEpisode(input: $input) { created record { id recordId version startAt endAt episodeType riskGrading riskGradingScheme reportingAgency { code } } userErrors { field code message } } }`;
const UPDATE_EPISODE = `mutation($input: UpdateMissingEpisodeInput!) { updateMissingEpisode(input: $input) { record { id version endAt } userErrors { field code message } } }`;
const RHI = `mutation($input: CreateReturnHomeInterviewInput!) { createReturnHomeInterview(input: $input) { record { id recordId version status offeredAt heldAt declinedAt conductedByAgency { code } } userErrors { field code message } } }`;
const UPDATE_RHI = `mutation($input: UpdateReturnHomeInterviewInput!) { updateReturnHomeInterview(input: $input) { record { id version status heldAt declinedAt } userErrors { field code message } } }`;

describe('missing episodes and return home interviews', () => {
  let t: TestHub;
  let childId: string;
  beforeAll(async () => {
    t = await startTestHub({ demo: false });
    const res = await t.gql<any>('social-worker', CHILD, { input: { familyName: 'Runaway', givenName: 'Sam', dateOfBirth: '2011-04-10' } });
    expect(res.errors).toBeUndefined();
    childId = res.data.createChild.record.id;
  });
  afterAll(() => t.close());

  /** DateTime values come back as Date objects through executeOperation (strings over HTTP). */
  const iso = (v: unknown) => new Date(v as string).toISOString();
  const sql = async (q: string, params: unknown[] = []) => t.orm.em.fork().execute(q, params);
  const counts = async () => (await sql(`select (select count(*) from missing_episode)::int e, (select count(*) from return_home_interview)::int r`))[0];

  async function ok(persona: string, query: string, input: Record<string, unknown>) {
    const res = await t.gql<any>(persona, query, { input });
    expect(res.errors).toBeUndefined();
    const payload = Object.values(res.data as Record<string, any>)[0];
    expect(payload.userErrors).toEqual([]);
    return payload.record;
  }
  /** A mutation that must be refused with `code` on `field`, leaving both tables exactly as they were. */
  async function refused(persona: string, query: string, input: Record<string, unknown>, field: string, code: string, snapshot?: () => Promise<unknown>) {
    const before = [await counts(), await snapshot?.()];
    const res = await t.gql<any>(persona, query, { input });
    expect(res.errors).toBeUndefined();
    const payload = Object.values(res.data as Record<string, any>)[0];
    expect(payload.record).toBeNull();
    expect(payload.userErrors).toEqual(expect.arrayContaining([expect.objectContaining({ field: ['input', field], code })]));
    expect([await counts(), await snapshot?.()]).toEqual(before);
  }
  const episode = (extra: Record<string, unknown> = {}) =>
    ok('police-ppu', EPISODE, { childId, episodeType: 'MISSING', startAt: '2026-03-01T20:00:00Z', endAt: '2026-03-02T09:00:00Z', riskGrading: 'MEDIUM', riskGradingScheme: 'College of Policing APP 2017', ...extra });

  it('records a police-reported episode with its risk grading and scheme, and the local authority’s interview offered within 72 hours', async () => {
    const e = await episode({ foundLocation: 'Bus station, Northby' });
    expect(e).toMatchObject({ episodeType: 'MISSING', riskGrading: 'MEDIUM', riskGradingScheme: 'College of Policing APP 2017', reportingAgency: { code: 'POLICE-NORTHSHIRE' } });
    const rhi = await ok('social-worker', RHI, { episodeId: e.id, offeredAt: '2026-03-03T10:00:00Z', conductedByRole: 'Independent RHI worker' });
    expect(rhi).toMatchObject({ status: 'OFFERED', conductedByAgency: { code: 'LA-NORTHSHIRE' } });
    const held = await ok('social-worker', UPDATE_RHI, { id: rhi.id, expectedVersion: rhi.version, heldAt: '2026-03-04T15:00:00Z', findings: 'Stayed with older peers.', pullFactors: ['Older peers'] });
    expect(held).toMatchObject({ status: 'HELD', version: rhi.version + 1 });

    const read = await t.gql<any>('social-worker', `query($id: ID!) { node(id: $id) { ... on MissingEpisode { rhiOfferedWithin72Hours returnHomeInterview { status findings pullFactors } } } }`, { id: e.id });
    expect(read.errors).toBeUndefined();
    expect(read.data.node).toEqual({ rhiOfferedWithin72Hours: true, returnHomeInterview: { status: 'HELD', findings: 'Stayed with older peers.', pullFactors: ['Older peers'] } });
  });

  it('a declined interview is DECLINED, never held; a late offer is not within 72 hours', async () => {
    const e = await episode({ startAt: '2026-04-01T20:00:00Z', endAt: '2026-04-02T06:00:00Z' });
    const rhi = await ok('social-worker', RHI, { episodeId: e.id, offeredAt: '2026-04-06T10:00:00Z', declinedAt: '2026-04-06T11:00:00Z', declineReason: 'Did not want to talk.' });
    expect(rhi).toMatchObject({ status: 'DECLINED', heldAt: null });
    const read = await t.gql<any>('social-worker', `query($id: ID!) { node(id: $id) { ... on MissingEpisode { rhiOfferedWithin72Hours } } }`, { id: e.id });
    expect(read.data.node.rhiOfferedWithin72Hours).toBe(false);
    // Turning the refusal into an interview is refused: held and declined are mutually exclusive.
    const row = () => sql(`select held_at, declined_at, version from return_home_interview where id = ?`, [rhi.recordId]);
    await refused('social-worker', UPDATE_RHI, { id: rhi.id, expectedVersion: rhi.version, heldAt: '2026-04-07T10:00:00Z' }, 'declinedAt', 'INVALID_STATE', row);
  });

  it('refuses an episode whose return is before its start (DATE_ORDER) and changes nothing', async () => {
    await refused('police-ppu', EPISODE, { childId, episodeType: 'MISSING', startAt: '2026-05-02T20:00:00Z', endAt: '2026-05-01T09:00:00Z' }, 'endAt', 'DATE_ORDER');
    const e = await episode({ startAt: '2026-05-10T20:00:00Z', endAt: null });
    const row = () => sql(`select end_at, version from missing_episode where id = ?`, [e.recordId]);
    await refused('police-ppu', UPDATE_EPISODE, { id: e.id, expectedVersion: e.version, endAt: '2026-05-09T20:00:00Z' }, 'endAt', 'DATE_ORDER', row);
  });

  it('refuses an episode before the child was born (IMPOSSIBLE_DATE) and a grading without its scheme', async () => {
    await refused('police-ppu', EPISODE, { childId, episodeType: 'MISSING', startAt: '2010-01-01T20:00:00Z' }, 'startAt', 'IMPOSSIBLE_DATE');
    await refused('police-ppu', EPISODE, { childId, episodeType: 'ABSENT', startAt: '2026-06-01T20:00:00Z', riskGrading: 'LOW' }, 'riskGradingScheme', 'REQUIRED');
  });

  it('refuses an interview offered before the return, on an open episode, held and declined together, or held without an offer', async () => {
    const e = await episode({ startAt: '2026-07-01T20:00:00Z', endAt: '2026-07-02T09:00:00Z' });
    await refused('social-worker', RHI, { episodeId: e.id, offeredAt: '2026-07-02T08:00:00Z' }, 'offeredAt', 'DATE_ORDER');
    await refused('social-worker', RHI, { episodeId: e.id, offeredAt: '2026-07-03T08:00:00Z', heldAt: '2026-07-04T08:00:00Z', declinedAt: '2026-07-04T08:00:00Z' }, 'declinedAt', 'INVALID_STATE');
    await refused('social-worker', RHI, { episodeId: e.id, heldAt: '2026-07-04T08:00:00Z' }, 'heldAt', 'INVALID_STATE');
    await refused('social-worker', RHI, { episodeId: e.id, offeredAt: '2026-07-03T08:00:00Z', findings: 'Refused to talk' }, 'findings', 'INVALID_STATE');
    const open = await episode({ startAt: '2026-07-10T20:00:00Z', endAt: null });
    await refused('social-worker', RHI, { episodeId: open.id, offeredAt: '2026-07-11T08:00:00Z' }, 'offeredAt', 'INVALID_STATE');
    // A return recorded after the interview was offered would put the offer before the return.
    const rhi = await ok('social-worker', RHI, { episodeId: e.id, offeredAt: '2026-07-03T08:00:00Z' });
    expect(rhi.status).toBe('OFFERED');
    const row = () => sql(`select end_at, version from missing_episode where id = ?`, [e.recordId]);
    await refused('police-ppu', UPDATE_EPISODE, { id: e.id, expectedVersion: e.version, endAt: '2026-07-03T09:00:00Z' }, 'endAt', 'DATE_ORDER', row);
    // One interview per episode.
    await refused('social-worker', RHI, { episodeId: e.id, offeredAt: '2026-07-03T09:00:00Z' }, 'episodeId', 'DUPLICATE');
  });

  it('only the reporting agency changes an episode (FORBIDDEN for others)', async () => {
    const e = await episode({ startAt: '2026-08-01T20:00:00Z', endAt: null });
    const res = await t.gql<any>('social-worker', UPDATE_EPISODE, { input: { id: e.id, expectedVersion: e.version, endAt: '2026-08-02T09:00:00Z' } });
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await sql(`select end_at from missing_episode where id = ?`, [e.recordId]))[0].end_at).toBeNull();
  });

  it("lists the child's episodes with their interviews, and filters the connection by grading, child and open episodes", async () => {
    const other = await t.gql<any>('social-worker', CHILD, { input: { familyName: 'Other', dateOfBirth: '2012-01-01' } });
    const otherId = other.data.createChild.record.id;
    await ok('police-ppu', EPISODE, { childId: otherId, episodeType: 'MISSING', startAt: '2026-09-01T20:00:00Z', riskGrading: 'HIGH', riskGradingScheme: 'College of Policing APP 2017' });

    const viaChild = await t.gql<any>('social-worker', `query($id: ID!) { node(id: $id) { ... on Child { missingEpisodes { startAt returnHomeInterview { status } } } } }`, { id: childId });
    expect(viaChild.errors).toBeUndefined();
    const starts = viaChild.data.node.missingEpisodes.map((e: any) => iso(e.startAt));
    expect(starts).toEqual([...starts].sort().reverse());
    expect(viaChild.data.node.missingEpisodes.map((e: any) => e.returnHomeInterview?.status ?? null)).toEqual(expect.arrayContaining(['HELD', 'DECLINED', 'OFFERED', null]));

    const high = await t.gql<any>('police-ppu', `{ missingEpisodes(riskGradings: [HIGH]) { totalCount nodes { child { familyName } } } }`);
    expect(high.errors).toBeUndefined();
    expect(high.data.missingEpisodes).toEqual({ totalCount: 1, nodes: [{ child: { familyName: 'Other' } }] });
    const open = await t.gql<any>('police-ppu', `query($c: ID!) { missingEpisodes(childId: $c, open: true, orderBy: START_AT, direction: ASC) { nodes { startAt endAt } } }`, { c: childId });
    expect(open.data.missingEpisodes.nodes.map((n: any) => iso(n.startAt))).toEqual(['2026-05-10T20:00:00.000Z', '2026-07-10T20:00:00.000Z', '2026-08-01T20:00:00.000Z']);
    const ranged = await t.gql<any>('police-ppu', `query($c: ID!) { missingEpisodes(childId: $c, startFrom: "2026-03-15T00:00:00Z", startTo: "2026-04-30T00:00:00Z") { totalCount } }`, { c: childId });
    expect(ranged.data.missingEpisodes.totalCount).toBe(1);
  });

  it('keeps the interview findings from roles not cleared for social care detail', async () => {
    const e = await episode({ startAt: '2026-10-01T20:00:00Z', endAt: '2026-10-02T09:00:00Z' });
    await ok('social-worker', RHI, { episodeId: e.id, offeredAt: '2026-10-02T10:00:00Z', heldAt: '2026-10-03T10:00:00Z', findings: 'Named an adult who gave them money.' });
    const res = await t.gql<any>('police-ppu', `query($id: ID!) { node(id: $id) { ... on MissingEpisode { returnHomeInterview { status findings } } } }`, { id: e.id });
    expect(res.data?.node?.returnHomeInterview?.findings ?? null).toBeNull();
    expect(res.errors?.length ?? 0).toBeGreaterThan(0);
  });
});
