import { startTestHub, type TestHub } from '../support/hub';
import { toGlobalId } from '../../src/server/graphql/global-id';

describe('status card, break-glass and myAccess', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(() => t.close());
  const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => t.orm.em.fork().execute<T[]>(q, p);

  const STATUS = `query($input: ChildStatusInput!) { childStatus(input: $input) { identifierKnown alerts { kind startDate endDate responsibleAuthority { name dutyContactPhone dutyContactEmail } } } }`;

  it('gives any partner practitioner the CP-IS style card for a child on a plan, found by NHS number, and nothing else', async () => {
    const [row] = await sql<{ nhs: string; start_date: string }>(
      `select i.value as nhs, p.start_date::text from child_protection_plan p join child_identifier i on i.child_id = p.child_id and i.type = 'NHS_NUMBER'
        where p.end_date is null and p.deleted_at is null order by p.start_date limit 1`,
    );
    expect(row).toBeDefined();
    const spaced = `${row!.nhs.slice(0, 3)} ${row!.nhs.slice(3, 6)} ${row!.nhs.slice(6)}`;
    // The school DSL and the health visitor are not necessarily involved: the card is for any practitioner.
    for (const persona of ['health-visitor', 'school-dsl', 'police-intel']) {
      const res = await t.gql<any>(persona, STATUS, { input: { nhsNumber: spaced } });
      expect(res.errors).toBeUndefined();
      expect(res.data.childStatus.identifierKnown).toBe(true);
      expect(res.data.childStatus.alerts).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            kind: expect.stringMatching(/CHILD_PROTECTION_PLAN/),
            startDate: row!.start_date,
            endDate: null,
            responsibleAuthority: { name: "Northshire County Council Children's Services", dutyContactPhone: '0300 555 0101', dutyContactEmail: 'mash@northshire.gov.example' },
          }),
        ]),
      );
    }
    // The card type has no name, address, category or reason in it at all.
    const fields = await t.gql<any>('school-dsl', `{ __type(name: "StatusAlert") { fields { name } } }`);
    expect(fields.data.__type.fields.map((f: any) => f.name).sort()).toEqual(['endDate', 'kind', 'responsibleAuthority', 'startDate']);
    // Each look-up is audited, as CP-IS notifies the responsible authority.
    const [audit] = await sql<any>(`select action, subject from audit_event where action = 'STATUS_CARD' order by seq desc limit 1`);
    expect(audit).toEqual({ action: 'STATUS_CARD', subject: 'pol.intel.jo.marsh' });
  });

  it('refuses an invalid NHS number with a typed error, and analysts have no status card at all', async () => {
    const bad = await t.gql<any>('health-visitor', STATUS, { input: { nhsNumber: '943 476 5910' } });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'nhsNumber'] });
    const analyst = await t.gql<any>('board-analyst', STATUS, { input: { nhsNumber: '9434765919' } });
    expect(analyst.errors?.map((e: any) => e.message).join(" ")).toMatch(/Cannot query field "childStatus"|Unknown type "ChildStatusInput"/);
  });

  it('break-glass: grants time-limited detail access on a stated reason, shows it to the owning authority and the DPO, and lapses at expiry', async () => {
    const [row] = await sql<{ id: string }>(
      `select c.id from child c join agency a on a.id = c.owning_agency_id where a.code = 'LA-NORTHSHIRE'
        and not hub_child_visible(c.id, (select id from agency where code = 'POLICE-NORTHSHIRE'), 'pol.ppu.ian.ross')
        and exists (select 1 from referral r where r.child_id = c.id) order by c.id limit 1`,
    );
    const childId = toGlobalId('Child', row!.id);
    const referrals = `query($id: ID!) { node(id: $id) { ... on Child { referrals { referralDate } } } }`;
    // Without involvement: the child's identity, but its referrals are refused (null + FORBIDDEN).
    const refused = async () => {
      const res = await t.gql<any>('police-ppu', referrals, { id: childId });
      expect(res.data.node.referrals).toBeNull();
      expect(res.errors).toEqual([expect.objectContaining({ path: ['node', 'referrals'], extensions: expect.objectContaining({ code: 'FORBIDDEN', reason: 'NO_INVOLVEMENT' }) })]);
    };
    await refused();

    const ask = `mutation($input: RequestEmergencyAccessInput!) { requestEmergencyAccess(input: $input) { record { id expiresAt } userErrors { field code } } }`;
    const short = await t.gql<any>('police-ppu', ask, { input: { childId, reason: 'urgent' } });
    expect(short.data.requestEmergencyAccess.userErrors).toEqual([{ field: ['input', 'reason'], code: 'REQUIRED' }]);
    const granted = await t.gql<any>('police-ppu', ask, { input: { childId, reason: 'Child found at an address linked to county lines at 02:00; need history now.' } });
    expect(granted.data.requestEmergencyAccess.userErrors).toEqual([]);
    expect((await t.gql<any>('police-ppu', referrals, { id: childId })).data.node.referrals.length).toBeGreaterThan(0);
    // roles without break-glass do not have the mutation
    const school = await t.gql<any>('school-dsl', ask, { input: { childId, reason: 'x'.repeat(30) } });
    expect(school.errors?.map((e: any) => e.message).join(' ')).toMatch(/Cannot query field "requestEmergencyAccess"/);

    for (const persona of ['dpo', 'team-manager']) {
      const list = await t.gql<any>(persona, `{ emergencyAccessGrants { id subject reason reviewedAt } }`);
      expect(list.errors).toBeUndefined();
      expect(list.data.emergencyAccessGrants).toEqual(expect.arrayContaining([expect.objectContaining({ subject: 'pol.ppu.ian.ross', reviewedAt: null })]));
    }
    const trail = await t.gql<any>('dpo', `query($id: ID!) { emergencyAccessTrail(grantId: $id) { action recordType fields } }`, { id: granted.data.requestEmergencyAccess.record.id });
    expect(trail.data.emergencyAccessTrail.map((e: any) => e.action)).toEqual(expect.arrayContaining(['EMERGENCY_ACCESS', 'READ']));
    const review = await t.gql<any>('dpo', `mutation($input: ReviewEmergencyAccessInput!) { reviewEmergencyAccess(input: $input) { record { reviewedAt reviewOutcome } userErrors { code } } }`, {
      input: { grantId: granted.data.requestEmergencyAccess.record.id, outcome: 'justified' },
    });
    expect(review.data.reviewEmergencyAccess.record.reviewOutcome).toBe('justified');

    // Expiry is enforced by the database rule itself.
    await sql(`update emergency_access set expires_at = now() - interval '1 minute' where id = ?`, [granted.data.requestEmergencyAccess.record.id]);
    await refused();
  });

  it('myAccess explains what the caller can see and change, and why', async () => {
    const res = await t.gql<any>('health-visitor', `{ myAccess { roles { role read write rowScope why } rowScope mutations mayRequestEmergencyAccess types { typeName readableFields hiddenFields } } }`);
    expect(res.errors).toBeUndefined();
    const me = res.data.myAccess;
    expect(me.roles[0]).toMatchObject({ role: 'HEALTH_PRACTITIONER', rowScope: 'INVOLVEMENT', why: expect.stringMatching(/Caldicott/) });
    expect(me.rowScope).toMatch(/HEALTH_CLINICAL detail only for children your agency \(NHS-NORTHSHIRE-CHT\)/);
    expect(me.mutations).toEqual(expect.arrayContaining(['completeHealthAssessment', 'requestEmergencyAccess']));
    expect(me.mutations).not.toContain('createReferral');
    const ha = me.types.find((x: any) => x.typeName === 'HealthAssessment');
    expect(ha.readableFields).toContain('clinicalDetail');
    const child = me.types.find((x: any) => x.typeName === 'Child');
    expect(child.hiddenFields).toEqual(expect.arrayContaining(['ethnicity (SOCIAL_CARE)']));
  });
});
