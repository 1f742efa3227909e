import { startTestHub, type TestHub } from '../support/hub';
import { mutateOk, refusalCodes } from '../support/mutations';

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * Multi-agency child protection teams (issue 13 must-show 5), over HTTP: a team is set up by the local
 * authority with every statutory place filled; giving it a child gives each member's agency an
 * involvement, hence access; a membership or the case ending takes the access away the same day; bad
 * input is refused with typed errors and stores nothing; 24 concurrent assignments make one case.
 */
const ERR = 'userErrors { field code message }';
const CHILD = `mutation($input: CreateChildInput!) { createChild(input: $input) { record { id recordId } ${ERR} } }`;
const TEAM = `mutation($input: CreateChildProtectionTeamInput!) { createChildProtectionTeam(input: $input) { record { id recordId missingPlaces members { id recordId version role agency { code } } } ${ERR} } }`;
const ADD = `mutation($input: AddCpTeamMemberInput!) { addChildProtectionTeamMember(input: $input) { record { id version } ${ERR} } }`;
const END_MEMBER = `mutation($input: EndCpTeamRecordInput!) { endChildProtectionTeamMembership(input: $input) { record { id endedOn } ${ERR} } }`;
const ASSIGN = `mutation($input: AssignChildToCpTeamInput!) { assignChildToChildProtectionTeam(input: $input) { record { id version } ${ERR} } }`;
const END_CASE = `mutation($input: EndCpTeamRecordInput!) { endChildProtectionTeamCase(input: $input) { record { id endedOn } ${ERR} } }`;
// Identity is open for any child; involvements (summary detail) only where the access policy lets the agency in.
const READ = `query($id: ID!) { node(id: $id) { ... on Child { familyName involvements { role } } } }`;
const members = (without: string | null = null) =>
  [
    { agencyCode: 'LA-NORTHSHIRE', role: 'SOCIAL_WORKER', memberName: 'Amy Khan' },
    { agencyCode: 'NHS-NORTHSHIRE-CHT', role: 'HEALTH_PROFESSIONAL', memberName: 'Hana Novak' },
    { agencyCode: 'POLICE-NORTHSHIRE', role: 'POLICE_OFFICER', memberName: 'Ian Ross' },
    { agencyCode: 'SCH-CASTLEGATE-HIGH', role: 'EDUCATION_PROFESSIONAL', memberName: 'Kay Wood' },
  ].filter((m) => m.role !== without);

describe('multi-agency child protection teams: membership gives the involvement, and ends with it', () => {
  let t: TestHub;
  const sql = async <T = any>(q: string, params: unknown[] = []) => t.orm.em.fork().execute<T[]>(q, params);
  const ok = (persona: string, query: string, input: Record<string, unknown>) => mutateOk(t, persona, query, input);
  const sees = async (persona: string, childId: string) => {
    const body = (await t.http<any>(persona, READ, { id: childId })).body;
    return !body.errors?.length && Array.isArray(body.data?.node?.involvements);
  };
  const counts = async () => (await sql(`select (select count(*) from cp_team)::int t, (select count(*) from cp_team_member)::int m, (select count(*) from cp_team_case)::int c, (select count(*) from involvement)::int i`))[0];
  beforeAll(async () => {
    t = await startTestHub({ demo: false });
  });
  afterAll(() => t.close());

  it('refuses a team without every statutory place, or with a member from the wrong kind of agency, and stores nothing; only the authority sets teams up', async () => {
    const before = await counts();
    expect(await refusalCodes(t, 'team-manager', TEAM, { name: 'Gap', members: members('POLICE_OFFICER') })).toEqual(['input.members:REQUIRED']);
    const wrong = members();
    wrong[2] = { ...wrong[2]!, agencyCode: 'NHS-NORTHSHIRE-CHT' };
    expect(await refusalCodes(t, 'team-manager', TEAM, { name: 'Wrong', members: wrong })).toEqual(['input.members.2.agencyCode:INVALID_CODE']);
    expect(await refusalCodes(t, 'team-manager', TEAM, { name: ' ', members: members() })).toEqual(['input.name:REQUIRED']);
    expect((await refusalCodes(t, 'police-ppu', TEAM, { name: 'Police team', members: members() }))[0]).toMatch(/FORBIDDEN|GRAPHQL_VALIDATION_FAILED/);
    expect(await counts()).toEqual(before);
  });

  it('a child given to the team is open to every member agency; a membership ending closes it to that agency; the case ending closes it to all', async () => {
    const team = await ok('team-manager', TEAM, { name: 'North MACPT', members: members() });
    expect(team.missingPlaces).toEqual([]);
    const child = await ok('social-worker', CHILD, { familyName: 'Teamed', givenName: 'Kit', dateOfBirth: '2017-07-07' });
    for (const persona of ['police-ppu', 'health-visitor', 'school-dsl']) expect([persona, await sees(persona, child.id)]).toEqual([persona, false]);

    const c = await ok('team-manager', ASSIGN, { teamId: team.id, childId: child.id });
    for (const persona of ['police-ppu', 'health-visitor', 'school-dsl']) expect([persona, await sees(persona, child.id)]).toEqual([persona, true]);
    const given = await sql(`select a.code, i.status, i.ended_at from involvement i join agency a on a.id = i.agency_id where i.child_id = ? and i.via_team_member_id is not null order by a.code`, [child.recordId]);
    expect(given.map((g: any) => [g.code, g.status, g.ended_at])).toEqual([
      ['LA-NORTHSHIRE', 'ALLOCATED', null],
      ['NHS-NORTHSHIRE-CHT', 'ALLOCATED', null],
      ['POLICE-NORTHSHIRE', 'ALLOCATED', null],
      ['SCH-CASTLEGATE-HIGH', 'ALLOCATED', null],
    ]);
    // Twice is refused; a child the authority does not lead cannot be given.
    expect(await refusalCodes(t, 'team-manager', ASSIGN, { teamId: team.id, childId: child.id })).toEqual(['input.childId:DUPLICATE']);
    const policeLed = await ok('police-ppu', CHILD, { familyName: 'PoliceLed', givenName: 'Ed', dateOfBirth: '2014-04-04' });
    expect(await refusalCodes(t, 'team-manager', ASSIGN, { teamId: team.id, childId: policeLed.id })).toEqual(['input.childId:NOT_LEAD_AGENCY']);

    // The police officer leaves: the police lose access today.
    const police = team.members.find((m: any) => m.role === 'POLICE_OFFICER');
    await ok('team-manager', END_MEMBER, { id: police.id, expectedVersion: police.version });
    expect(await sees('police-ppu', child.id)).toBe(false);
    expect(await sees('health-visitor', child.id)).toBe(true);
    const [ended] = await sql(`select i.end_reason from involvement i join agency a on a.id = i.agency_id where i.child_id = ? and a.code = 'POLICE-NORTHSHIRE' and i.via_team_member_id is not null`, [child.recordId]);
    expect(ended.end_reason).toBe('LEFTRL');
    // With the place empty, the team takes no new child.
    const other = await ok('social-worker', CHILD, { familyName: 'Waiting', givenName: 'Lou', dateOfBirth: '2016-06-06' });
    expect(await refusalCodes(t, 'team-manager', ASSIGN, { teamId: team.id, childId: other.id })).toEqual(['input.teamId:INVALID_STATE']);
    // A new police member gets access to the team's children from today.
    await ok('team-manager', ADD, { teamId: team.id, agencyCode: 'POLICE-NORTHSHIRE', role: 'POLICE_OFFICER', memberName: 'Jo Marsh' });
    expect(await sees('police-ppu', child.id)).toBe(true);

    // The case leaves the team: every member agency loses access (the authority still leads).
    await ok('team-manager', END_CASE, { id: c.id, expectedVersion: c.version });
    for (const persona of ['police-ppu', 'health-visitor', 'school-dsl']) expect([persona, await sees(persona, child.id)]).toEqual([persona, false]);
    expect(await sees('social-worker', child.id)).toBe(true);
    const reasons = await sql(`select distinct i.end_reason from involvement i where i.child_id = ? and i.via_team_member_id is not null and i.end_reason is not null`, [child.recordId]);
    expect(reasons.map((r: any) => r.end_reason).sort()).toEqual(['CASECL', 'LEFTRL']);
  });

  it('24 concurrent assignments of one child make one case and one involvement per member', async () => {
    const team = await ok('team-manager', TEAM, { name: 'South MACPT', members: members() });
    const child = await ok('social-worker', CHILD, { familyName: 'Crowded', givenName: 'Max', dateOfBirth: '2015-05-05' });
    const results = await Promise.all(Array.from({ length: 24 }, () => t.http<any>('team-manager', ASSIGN, { input: { teamId: team.id, childId: child.id } })));
    const outcomes = results.map((r) => (r.body.data.assignChildToChildProtectionTeam.record ? 'OK' : r.body.data.assignChildToChildProtectionTeam.userErrors.map((e: any) => e.code).join()));
    expect(outcomes.filter((o) => o === 'OK')).toHaveLength(1);
    expect(outcomes.filter((o) => o !== 'OK').every((o) => o === 'DUPLICATE' || o === 'CONFLICT')).toBe(true);
    expect((await sql(`select count(*)::int n from cp_team_case where child_id = ?`, [child.recordId]))[0].n).toBe(1);
    expect((await sql(`select count(*)::int n from involvement where child_id = ? and via_team_member_id is not null`, [child.recordId]))[0].n).toBe(4);
  });
});
