import { startTestHub, type TestHub } from '../support/hub';
import { toGlobalId } from '../../src/server/graphql/global-id';
import { STRATEGY_INVITATION_MONTHS } from '../../src/access/involvement-policy';

/**
 * Self-granted access, through the strategy discussion invitation route (src/access/involvement-policy.ts,
 * ACCESS_ROUTES): an invitation opens a child's records to the invited agency for
 * STRATEGY_INVITATION_MONTHS months, so it must come from an agency entitled to invite. A neighbouring local
 * authority (not the child's lead agency, not involved) that records a discussion about the child and names
 * itself, or the police, as invited gains nothing; the lead agency's invitation still opens access.
 */

const SD = `mutation($input: CreateStrategyDiscussionInput!) { createStrategyDiscussion(input: $input) { record { id } userErrors { field code } } }`;
const REFERRAL = `query($id: ID!) { node(id: $id) { ... on Referral { referralDate } } }`;
const CHILD = `query($id: ID!) { node(id: $id) { ... on Child { familyName ethnicity referrals { primaryNeed } } } }`;
const SOUTH = { agency: 'LA-SOUTHSHIRE', sub: 'south.sw.zoe.hale' };

describe(`strategy discussion invitations give access only when the lead or an involved agency invites (${STRATEGY_INVITATION_MONTHS} months)`, () => {
  let t: TestHub;
  let agencies: Record<string, string>;
  const sql = <T = any>(q: string, params: unknown[] = []) => t.orm.em.fork().execute<T[]>(q, params);

  beforeAll(async () => {
    t = await startTestHub();
    // A neighbouring authority: a registered partner, lead agency for none of the demo children.
    await sql(`insert into agency (id, code, name, kind) values (gen_random_uuid(), 'LA-SOUTHSHIRE', 'Southshire Council Children''s Services', 'LOCAL_AUTHORITY')`);
    agencies = Object.fromEntries((await sql<{ code: string; id: string }>('select code, id from agency')).map((r) => [r.code, r.id]));
  });
  afterAll(() => t.close());

  /** A Northshire child with a referral, seen in detail by none of these agencies. */
  async function unseenChild(codes: string[]): Promise<{ childId: string; referralId: string }> {
    const conds = codes.map(() => `not hub_child_visible(c.id, ?::uuid, 'x')`).join(' and ');
    const [row] = await sql<{ child_id: string; referral_id: string }>(
      `select c.id child_id, r.id referral_id from child c join referral r on r.child_id = c.id where ${conds} order by c.id limit 1`,
      codes.map((c) => agencies[c]),
    );
    expect(row).toBeDefined();
    return { childId: row!.child_id, referralId: row!.referral_id };
  }

  const discussion = (childId: string, invite: string[]) => ({
    input: {
      childId: toGlobalId('Child', childId),
      concernSummary: 'Child seen in our area with injuries.',
      convenedByName: 'Zoe Hale',
      convenedByRole: 'Social worker',
      heldAt: new Date(Date.now() - 3_600_000).toISOString(),
      format: 'CALL',
      decision: 'NFA',
      participants: invite.map((code) => ({ agencyId: agencies[code], role: 'Invited', status: 'INVITED', invitedAt: new Date(Date.now() - 7_200_000).toISOString() })),
      healthNotInvitedReason: 'Out of hours call.',
      educationNotInvitedReason: 'Out of hours call.',
    },
  });

  it('a neighbouring authority naming itself invited to a discussion about another authority’s child sees nothing more', async () => {
    const { childId, referralId } = await unseenChild(['LA-SOUTHSHIRE']);
    const denied = { node: { familyName: expect.any(String), ethnicity: null, referrals: null } };
    expect((await t.http('social-worker', CHILD, { id: toGlobalId('Child', childId) }, SOUTH)).body.data).toEqual(denied);

    const res = await t.http<any>('social-worker', SD, discussion(childId, ['LA-SOUTHSHIRE']), SOUTH);
    expect(res.body.data?.createStrategyDiscussion.userErrors).toEqual([]);

    const after = await t.http<any>('social-worker', CHILD, { id: toGlobalId('Child', childId) }, SOUTH);
    expect(after.body.data).toEqual(denied);
    expect(after.body.errors?.map((e: any) => e.extensions?.reason)).toEqual(['NO_INVOLVEMENT', 'NO_INVOLVEMENT']);
    expect((await t.http<any>('social-worker', REFERRAL, { id: toGlobalId('Referral', referralId) }, SOUTH)).body.data).toEqual({ node: null });
    const [db] = await sql<{ visible: boolean }>(`select hub_child_visible(?::uuid, ?::uuid, ?) visible`, [childId, agencies['LA-SOUTHSHIRE'], SOUTH.sub]);
    expect(db!.visible).toBe(false);
  });

  it('nor does the police force it names; the lead authority’s invitation still opens the record to the police', async () => {
    const { childId, referralId } = await unseenChild(['LA-SOUTHSHIRE', 'POLICE-NORTHSHIRE']);
    const res = await t.http<any>('social-worker', SD, discussion(childId, ['POLICE-NORTHSHIRE']), SOUTH);
    expect(res.body.data?.createStrategyDiscussion.userErrors).toEqual([]);
    expect((await t.http<any>('police-ppu', REFERRAL, { id: toGlobalId('Referral', referralId) })).body.data).toEqual({ node: null });

    const lead = await t.http<any>('social-worker', SD, discussion(childId, ['POLICE-NORTHSHIRE']));
    expect(lead.body.data?.createStrategyDiscussion.userErrors).toEqual([]);
    expect((await t.http<any>('police-ppu', REFERRAL, { id: toGlobalId('Referral', referralId) })).body.data).toEqual({ node: { referralDate: expect.any(String) } });
  });
});
