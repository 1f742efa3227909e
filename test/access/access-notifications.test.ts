import { startTestHub, type TestHub } from '../support/hub';
import { mutateOk } from '../support/mutations';

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * CP-IS-like notices (issue 13 must-show 6), over HTTP as each persona: a practitioner outside a child's
 * involvement who opens the status card, or uses break-glass, is shown to the child's allocated social
 * worker (and their team) with who, when and why; an agency already involved, or the lead agency itself,
 * notifies nobody; nobody else sees the notices; the lead acknowledges once, 24 concurrent acknowledgements
 * give one; a refused look-up leaves no notice; each notice is in the audit as a write of its request.
 */
const ERR = 'userErrors { field code message }';
const CHILD = `mutation($input: CreateChildInput!) { createChild(input: $input) { record { id recordId } ${ERR} } }`;
const ALLOCATE = `mutation($input: AllocateInvolvementInput!) { allocateInvolvement(input: $input) { record { id } ${ERR} } }`;
const STATUS = `query($input: ChildStatusInput!) { childStatus(input: $input) { identifierKnown } }`;
const BREAK_GLASS = `mutation($input: RequestEmergencyAccessInput!) { requestEmergencyAccess(input: $input) { record { id } ${ERR} } }`;
const NOTICE = 'id recordId version kind accessedBySubject accessedByRoles purpose reason accessingAgency { code } notifiedPractitioner { name } notifiedTeam { code } child { recordId } acknowledgedAt acknowledgedBy';
const NOTICES = `query($scope: WorklistScope, $childId: ID, $unacknowledged: Boolean) { accessNotifications(scope: $scope, childId: $childId, unacknowledged: $unacknowledged, first: 50) { nodes { ${NOTICE} } } }`;
const ACK = `mutation($input: AcknowledgeAccessNotificationInput!) { acknowledgeAccessNotification(input: $input) { record { id acknowledgedAt acknowledgementNote } ${ERR} } }`;
const NHS = '9434765919';

describe('notices to the lead practitioner of access from outside the child’s involvement', () => {
  let t: TestHub;
  const sql = async <T = any>(q: string, params: unknown[] = []) => t.orm.em.fork().execute<T[]>(q, params);
  const ok = (persona: string, query: string, input: Record<string, unknown>) => mutateOk(t, persona, query, input);
  const notices = async (persona: string, vars: Record<string, unknown>) => {
    const res = await t.http<any>(persona, NOTICES, vars);
    return res.body;
  };
  let child: { id: string; recordId: string };

  beforeAll(async () => {
    t = await startTestHub({ demo: false });
    child = await ok('social-worker', CHILD, { familyName: 'Noticed', givenName: 'Ru', dateOfBirth: '2019-03-03', identifiers: [{ type: 'NHS_NUMBER', value: NHS }] });
    const amy = (await sql<{ id: string }>(`select id from practitioner where subject = 'la.sw.amy.khan'`))[0]!.id;
    await ok('team-manager', ALLOCATE, { childId: child.id, role: 'ALLOCATED_SOCIAL_WORKER', teamCode: 'ASSESS-1', practitionerId: amy });
    await ok('team-manager', ALLOCATE, { childId: child.id, agencyCode: 'SCH-CASTLEGATE-HIGH', role: 'SCHOOL_DSL' });
  });
  afterAll(() => t.close());

  it('a status card opened from outside the involvement tells the allocated social worker and the team who, when and why; involved agencies and the lead notify nobody', async () => {
    const before = (await sql(`select count(*)::int n from access_notification`))[0].n;
    // The lead authority and the involved school look: nobody is told.
    for (const persona of ['social-worker', 'school-dsl']) expect((await t.http<any>(persona, STATUS, { input: { nhsNumber: NHS } })).body.data.childStatus.identifierKnown).toBe(true);
    expect((await sql(`select count(*)::int n from access_notification`))[0].n).toBe(before);
    // A refused look-up (bad NHS number) and an unknown child leave nothing.
    expect((await t.http<any>('health-visitor', STATUS, { input: { nhsNumber: '9434765918' } })).body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await t.http<any>('health-visitor', STATUS, { input: { nhsNumber: '4010232137' } })).body.data.childStatus.identifierKnown).toBe(false);
    expect((await sql(`select count(*)::int n from access_notification`))[0].n).toBe(before);

    // Health, not involved, looks the child up at the emergency department.
    const seen = await t.http<any>('health-visitor', STATUS, { input: { nhsNumber: '943 476 5919', reason: 'Attended the emergency department with a head injury.' } });
    expect(seen.body.data.childStatus.identifierKnown).toBe(true);
    const mine = await notices('social-worker', { childId: child.id });
    expect(mine.errors).toBeUndefined();
    expect(mine.data.accessNotifications.nodes).toEqual([
      expect.objectContaining({
        kind: 'STATUS_CARD',
        accessedBySubject: 'cht.hv.grace.lee',
        accessedByRoles: 'HEALTH_PRACTITIONER',
        purpose: 'DIRECT_CARE',
        reason: 'Attended the emergency department with a head injury.',
        accessingAgency: { code: 'NHS-NORTHSHIRE-CHT' },
        notifiedPractitioner: { name: expect.stringMatching(/Amy/) },
        notifiedTeam: { code: 'ASSESS-1' },
        child: { recordId: child.recordId },
        acknowledgedAt: null,
      }),
    ]);
    expect((await notices('team-manager', { scope: 'TEAM', childId: child.id })).data.accessNotifications.nodes).toHaveLength(1);
    // The team manager is not the allocated worker: not in their own notices.
    expect((await notices('team-manager', { scope: 'MINE', childId: child.id })).data.accessNotifications.nodes).toEqual([]);
    // Nobody else sees the notice: the school (involved) and the police see none.
    for (const persona of ['school-dsl', 'police-ppu']) expect((await notices(persona, { scope: 'AGENCY', childId: child.id })).data?.accessNotifications?.nodes ?? []).toEqual([]);
    // The notice is in the audit as a write of the health visitor's request.
    const audited = await sql(`select action, subject from audit_event where record_type = 'AccessNotification' and record_id = ?`, [mine.data.accessNotifications.nodes[0].recordId]);
    expect(audited).toEqual([{ action: 'CREATE', subject: 'cht.hv.grace.lee' }]);
  });

  it('break-glass tells the allocated social worker with the reason given', async () => {
    const reason = 'Child found alone at a bus station at 02:00; need the plan and contacts.';
    await ok('police-ppu', BREAK_GLASS, { childId: child.id, reason });
    const mine = await notices('social-worker', { childId: child.id });
    expect(mine.data.accessNotifications.nodes.find((n: any) => n.kind === 'BREAK_GLASS')).toMatchObject({ reason, accessingAgency: { code: 'POLICE-NORTHSHIRE' }, accessedBySubject: 'pol.ppu.ian.ross' });
  });

  it('the lead acknowledges once: 24 concurrent acknowledgements give one; another agency cannot', async () => {
    const [notice] = (await notices('social-worker', { childId: child.id, unacknowledged: true })).data.accessNotifications.nodes;
    const police = await t.http<any>('police-ppu', ACK, { input: { id: notice.id, expectedVersion: notice.version } });
    expect(police.body.data?.acknowledgeAccessNotification?.record ?? null).toBeNull();
    const results = await Promise.all(Array.from({ length: 24 }, (_, i) => t.http<any>('social-worker', ACK, { input: { id: notice.id, expectedVersion: notice.version, note: `Called back (${i}).` } })));
    const outcomes = results.map((r) => (r.body.data.acknowledgeAccessNotification.record ? 'OK' : r.body.data.acknowledgeAccessNotification.userErrors.map((e: any) => e.code).join()));
    expect(outcomes.filter((o) => o === 'OK')).toHaveLength(1);
    expect(outcomes.filter((o) => o !== 'OK').every((o) => o === 'CONFLICT' || o === 'ALREADY_DECIDED')).toBe(true);
    const left = (await notices('social-worker', { childId: child.id, unacknowledged: true })).data.accessNotifications.nodes;
    expect(left.map((n: any) => n.id)).not.toContain(notice.id);
  });
});
