import { startTestHub, type TestHub } from '../support/hub';
import { toGlobalId } from '../../src/server/graphql/global-id';

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * Concurrent requests that race for the same write (DESIGN §5 conventions, over real HTTP): exactly one
 * wins, every loser gets the answer a later retry would get (the existing record, CONFLICT or
 * DUPLICATE), and none gets INTERNAL_SERVER_ERROR.
 */
const RACERS = 24;
const ERR = 'userErrors { field code message }';
const CREATE_CHILD = `mutation($input: CreateChildInput!) { createChild(input: $input) { created record { recordId } ${ERR} } }`;
const UPDATE_CHILD = `mutation($input: UpdateChildInput!) { updateChild(input: $input) { record { version givenName } ${ERR} } }`;
const CREATE_CONTACT = `mutation($input: CreateContactInput!) { createContact(input: $input) { created record { recordId } ${ERR} } }`;
const RESPOND = `mutation($input: RespondToStrategyDiscussionInput!) { respondToStrategyDiscussion(input: $input) { record { status responseVersion } ${ERR} } }`;
const ALLOCATE_INVOLVEMENT = `mutation($input: AllocateInvolvementInput!) { allocateInvolvement(input: $input) { created record { recordId } ${ERR} } }`;
const ADD_IDENTIFIER = `mutation($input: AddChildIdentifierInput!) { addChildIdentifier(input: $input) { record { recordId } ${ERR} } }`;
const ACKNOWLEDGE = `mutation($input: AcknowledgeDomesticAbuseNotificationInput!) { acknowledgeDomesticAbuseNotification(input: $input) { record { recordId } ${ERR} } }`;

describe('races: concurrent requests for the same write get exact answers', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(() => t.close());

  const sql = <T = any>(q: string, params: unknown[] = []) => t.orm.em.fork().execute<T[]>(q, params);

  /** Fires the same request RACERS times at once; returns each mutation payload, after checking none failed as a whole. */
  async function race(persona: string, query: string, variables: (i: number) => Record<string, unknown>): Promise<any[]> {
    const responses = await Promise.all(Array.from({ length: RACERS }, (_, i) => t.http<any>(persona, query, variables(i))));
    for (const r of responses) {
      expect(r.body.errors).toBeUndefined();
      expect(r.status).toBe(200);
    }
    return responses.map((r) => Object.values(r.body.data as Record<string, any>)[0]);
  }

  const codesOf = (payloads: any[]) => payloads.map((p) => p.userErrors.map((e: any) => `${e.field.join('.')}:${e.code}`).join(',') || 'ok');
  const tally = (xs: string[]) => xs.reduce<Record<string, number>>((acc, x) => ({ ...acc, [x]: (acc[x] ?? 0) + 1 }), {});

  async function aChild(): Promise<{ id: string; uuid: string }> {
    const res = await t.http<any>('social-worker', CREATE_CHILD, { input: { familyName: 'Racer', dateOfBirth: '2015-06-01' } });
    const uuid = res.body.data.createChild.record.recordId;
    return { uuid, id: toGlobalId('Child', uuid) };
  }

  it('an idempotent child create with nested rows: one created, every other racer gets the same record back (created: false), not DUPLICATE for its own identifier', async () => {
    const input = { familyName: 'Sameday', dateOfBirth: '2016-02-02', sourceSystem: 'Mosaic', sourceRecordId: 'RACE-CHILD-1', identifiers: [{ type: 'LA_CHILD_ID', value: 'NC990001', namespace: '931' }], addresses: [{ addressType: 'HOME', line1: '9 Race Lane', postcode: 'NS1 4AB' }] };
    const payloads = await race('social-worker', CREATE_CHILD, () => ({ input }));
    expect(codesOf(payloads)).toEqual(Array(RACERS).fill('ok'));
    expect(payloads.filter((p) => p.created).length).toBe(1);
    expect(new Set(payloads.map((p) => p.record.recordId)).size).toBe(1);
    const rows = await sql(`select c.id, (select count(*)::int from child_address a where a.child_id = c.id) as addresses, (select count(*)::int from child_identifier i where i.child_id = c.id) as identifiers from child c where source_system = 'Mosaic' and source_record_id = 'RACE-CHILD-1'`);
    expect(rows).toEqual([{ id: payloads[0].record.recordId, addresses: 1, identifiers: 1 }]);
  });

  it('an idempotent contact create (another record type): one created, the others get it back', async () => {
    const child = await aChild();
    const input = { childId: child.id, contactAt: '2026-10-01T09:00:00Z', source: 'SOURCE_1A', sourceSystem: 'Mosaic', sourceRecordId: 'RACE-CONTACT-1' };
    const payloads = await race('front-door', CREATE_CONTACT, () => ({ input }));
    expect(codesOf(payloads)).toEqual(Array(RACERS).fill('ok'));
    expect(payloads.filter((p) => p.created).length).toBe(1);
    expect(new Set(payloads.map((p) => p.record.recordId)).size).toBe(1);
    expect(await sql(`select count(*)::int as n from contact where source_record_id = 'RACE-CONTACT-1'`)).toEqual([{ n: 1 }]);
  });

  it('updates at the same expectedVersion: one saved, every other racer gets CONFLICT and changed nothing', async () => {
    const child = await aChild();
    const payloads = await race('social-worker', UPDATE_CHILD, (i) => ({ input: { id: child.id, expectedVersion: 1, givenName: `Racer${i}` } }));
    expect(tally(codesOf(payloads))).toEqual({ ok: 1, 'input.expectedVersion:CONFLICT': RACERS - 1 });
    const winner = payloads.find((p) => p.record)!.record;
    expect(winner.version).toBe(2);
    expect(await sql(`select given_name, version from child where id = ?`, [child.uuid])).toEqual([{ given_name: winner.givenName, version: 2 }]);
  });

  it("an invited agency's response, sent 24 times at once and then updated 24 times at one version: one response, one update, the rest CONFLICT", async () => {
    // A demo discussion the community health trust was invited to (the convener recorded it), where health has not answered itself yet.
    const [participant] = await sql<{ id: string }>(
      `select p.id from strategy_discussion_participant p
         join agency a on a.id = p.agency_id and a.code = 'NHS-NORTHSHIRE-CHT'
         join strategy_discussion d on d.id = p.discussion_id
        where p.status <> 'NOT_INVITED' and p.deleted_at is null and d.deleted_at is null
          and not exists (select 1 from strategy_discussion_response r where r.participant_id = p.id)
          and exists (select 1 from involvement i where i.child_id = d.child_id and i.agency_id = a.id and i.ended_at is null and i.deleted_at is null)
        order by p.id limit 1`,
    );
    expect(participant).toBeDefined();
    const participantId = toGlobalId('StrategyDiscussionParticipant', participant!.id);

    const first = await race('health-visitor', RESPOND, () => ({ input: { participantId, status: 'ATTENDED' } }));
    expect(tally(codesOf(first))).toEqual({ ok: 1, 'input.expectedVersion:CONFLICT': RACERS - 1 });
    expect(await sql(`select status, version from strategy_discussion_response where participant_id = ?`, [participant!.id])).toEqual([{ status: 'ATTENDED', version: 1 }]);

    const again = await race('health-visitor', RESPOND, () => ({ input: { participantId, status: 'DECLINED', statusReason: 'Clinic overran.', expectedVersion: 1 } }));
    expect(tally(codesOf(again))).toEqual({ ok: 1, 'input.expectedVersion:CONFLICT': RACERS - 1 });
    expect(await sql(`select status, version from strategy_discussion_response where participant_id = ?`, [participant!.id])).toEqual([{ status: 'DECLINED', version: 2 }]);
  });

  it('allocating the same involvement at once (no source pair, no constraint can say "active"): one involvement, the rest DUPLICATE', async () => {
    const child = await aChild();
    const payloads = await race('social-worker', ALLOCATE_INVOLVEMENT, () => ({ input: { childId: child.id, role: 'IRO' } }));
    const codes = tally(codesOf(payloads));
    expect(codes.ok).toBe(1);
    expect(Object.entries(codes).filter(([k]) => k.endsWith(':DUPLICATE')).reduce((n, [, v]) => n + (v as number), 0)).toBe(RACERS - 1);
    expect(await sql(`select count(*)::int as n from involvement where child_id = ? and role = 'IRO'`, [child.uuid])).toEqual([{ n: 1 }]);
  });

  it('adding the same identifier at once (a partial unique index): one row, the rest DUPLICATE', async () => {
    const child = await aChild();
    const identifier = { type: 'LA_CHILD_ID', value: 'NC907777', namespace: '931' };
    const payloads = await race('social-worker', ADD_IDENTIFIER, () => ({ input: { childId: child.id, identifier } }));
    expect(tally(codesOf(payloads))).toEqual({ ok: 1, 'input.identifier.value:DUPLICATE': RACERS - 1 });
    expect(await sql(`select count(*)::int as n from child_identifier where value = 'NC907777'`)).toEqual([{ n: 1 }]);
  });

  it('a school acknowledging one notification at once: one acknowledgement, the rest told it is already acknowledged', async () => {
    const [notification] = await sql<{ id: string }>(
      `select n.id from domestic_abuse_notification n join agency s on s.id = n.school_id and s.code = 'SCH-CASTLEGATE-HIGH'
        where n.deleted_at is null and not exists (select 1 from domestic_abuse_notification_ack k where k.notification_id = n.id)
        order by n.id limit 1`,
    );
    expect(notification).toBeDefined();
    const id = toGlobalId('DomesticAbuseNotification', notification!.id);
    const payloads = await race('school-dsl', ACKNOWLEDGE, () => ({ input: { id } }));
    expect(tally(codesOf(payloads))).toEqual({ ok: 1, 'input.id:INVALID_STATE': RACERS - 1 });
    expect(await sql(`select count(*)::int as n from domestic_abuse_notification_ack where notification_id = ?`, [notification!.id])).toEqual([{ n: 1 }]);
  });
});
