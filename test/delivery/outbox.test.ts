import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Runner } from 'graphile-worker';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { EVENTS_PATH } from '../../src/delivery/subscriptions';
import { startDeliveryWorker } from '../../src/delivery/queue';
import { verifySignature } from '../../src/delivery/signing';
import { startTestHub, type TestHub } from '../support/hub';
import { mutateOk } from '../support/mutations';

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * Delivery to partner systems from the transactional outbox (issue 13 must-shows 7 and 8), against real
 * PostgreSQL and a real HTTP receiver: events written while no worker runs (the process killed after the
 * commit) are delivered when one starts; each delivery is signed (HMAC-SHA256 over the timestamp and the
 * body) and carries the event id; an agency receives events only about children it may see; a refused
 * mutation makes no event; a receiver that is down is retried, dead-lettered, shown to the administrator
 * and delivered on replay with the same event id.
 */
const ERR = 'userErrors { field code message }';
const CHILD = `mutation($input: CreateChildInput!) { createChild(input: $input) { record { id recordId } ${ERR} } }`;
const ALLOCATE = `mutation($input: AllocateInvolvementInput!) { allocateInvolvement(input: $input) { record { id } ${ERR} } }`;
const S47 = `mutation($input: CreateSection47EnquiryInput!) { createSection47Enquiry(input: $input) { record { id recordId } ${ERR} } }`;
const REGISTER = `mutation($input: RegisterWebhookInput!) { registerWebhook(input: $input) { id secret } }`;
const DEAD = `{ webhookDeadLetters { id eventId type recordId agencyCode attempts lastError } }`;
const REPLAY = `mutation($id: ID!) { replayWebhookDelivery(input: { id: $id }) { id } }`;

interface Received {
  body: any;
  raw: string;
  headers: Record<string, string | string[] | undefined>;
}

/** A partner system's endpoint: records what it gets, or answers 503 while down. */
async function receiver(): Promise<{ url: string; got: Received[]; down: boolean; server: Server }> {
  const r = { url: '', got: [] as Received[], down: false, server: null as unknown as Server };
  r.server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      if (r.down) {
        res.writeHead(503).end();
        return;
      }
      r.got.push({ body: JSON.parse(raw), raw, headers: req.headers });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((ok) => r.server.listen(0, '127.0.0.1', ok));
  r.url = `http://127.0.0.1:${(r.server.address() as AddressInfo).port}/hooks`;
  return r;
}

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

describe('delivery to partner systems: transactional outbox, signed webhooks, retries, dead letters', () => {
  let t: TestHub;
  let police: Awaited<ReturnType<typeof receiver>>;
  let school: Awaited<ReturnType<typeof receiver>>;
  let policeSecret: string;
  let worker: Runner | null = null;
  const sql = async <T = any>(q: string, params: unknown[] = []) => t.orm.em.fork().execute<T[]>(q, params);
  const ok = (persona: string, query: string, input: Record<string, unknown>) => mutateOk(t, persona, query, input);
  const start = async (maxAttempts = 8) => (worker = await startDeliveryWorker(t.databaseUrl, { maxAttempts, pollInterval: 100, concurrency: 2 }));
  const stop = async () => {
    await worker?.stop();
    worker = null;
  };

  beforeAll(async () => {
    t = await startTestHub({ demo: false });
    police = await receiver();
    school = await receiver();
    const reg = await t.gql<any>('admin', REGISTER, { input: { agencyCode: 'POLICE-NORTHSHIRE', url: police.url } });
    expect(reg.errors).toBeUndefined();
    policeSecret = reg.data.registerWebhook.secret;
    await t.gql<any>('admin', REGISTER, { input: { agencyCode: 'SCH-CASTLEGATE-HIGH', url: school.url } });
  });
  afterAll(async () => {
    await stop();
    police.server.close();
    school.server.close();
    await t.close();
  });

  it('events committed while no worker runs are delivered, signed, once started; an agency gets only children it may see; a refused write makes no event', async () => {
    const child = await ok('social-worker', CHILD, { familyName: 'Delivered', givenName: 'Dee', dateOfBirth: '2014-01-01' });
    await ok('team-manager', ALLOCATE, { childId: child.id, agencyCode: 'POLICE-NORTHSHIRE', role: 'POLICE_OIC' });
    const before = (await sql(`select count(*)::int n from outbox_event where ? = any(child_ids)`, [child.recordId]))[0].n;
    const refused = await t.gql<any>('social-worker', S47, { input: { childId: child.id, startDate: '2026-05-10', endDate: '2026-05-01' } });
    expect(refused.data.createSection47Enquiry.record).toBeNull();
    expect((await sql(`select count(*)::int n from outbox_event where ? = any(child_ids)`, [child.recordId]))[0].n).toBe(before);
    const s47 = await ok('social-worker', S47, { childId: child.id, startDate: '2026-05-11' });
    // Committed, not delivered: no worker is running (as if the process died right after the commit).
    const [event] = await sql(`select id, dispatched_at from outbox_event where record_id = ?`, [s47.recordId]);
    expect(event.dispatched_at).toBeNull();
    expect(police.got).toEqual([]);

    await start();
    const got = await until('the s47 event at the police endpoint', async () => police.got.find((g) => g.body.eventId === event.id));
    expect(got.body).toMatchObject({ type: 'Section47Enquiry.CREATE', recordType: 'Section47Enquiry', recordId: s47.id, childIds: [child.id] });
    expect(got.headers['hub-event-id']).toBe(event.id);
    expect(verifySignature(policeSecret, got.raw, String(got.headers['hub-signature']))).toBe(true);
    expect(verifySignature(policeSecret, got.raw.replace('CREATE', 'UPDATE'), String(got.headers['hub-signature']))).toBe(false);
    expect(verifySignature('another secret', got.raw, String(got.headers['hub-signature']))).toBe(false);
    // What left the hub is in the audit, as an export to the subscription's agency.
    const audited = await until('the delivery audit row', async () => (await sql(`select action, subject, agency_code, child_ids from audit_event where changes->>'eventId' = ? and changes->>'channel' = 'webhook'`, [event.id]))[0]);
    expect(audited).toMatchObject({ action: 'EXPORT', subject: expect.stringMatching(/^webhook:/), agency_code: 'POLICE-NORTHSHIRE', child_ids: [child.recordId] });
    // A record only its owner sees (a decision not to share) is no event at all: its id would betray it.
    const DNTS = `mutation($input: RecordDecisionNotToShareInput!) { recordDecisionNotToShare(input: $input) { record { recordId } ${ERR} } }`;
    const decision = await ok('social-worker', DNTS, { childId: child.id, informationWithheld: 'The new address.', withheldFrom: 'POLICE-NORTHSHIRE', reason: 'A risk to the parent who fled: more detrimental to the child.' });
    expect(await sql(`select count(*)::int n from outbox_event where record_id = ?`, [decision.recordId])).toEqual([{ n: 0 }]);
    // The school is not involved with the child: nothing about it reaches the school.
    await until('the outbox to be dispatched', async () => (await sql(`select dispatched_at from outbox_event where id = ?`, [event.id]))[0].dispatched_at);
    expect(school.got.filter((g) => g.body.childIds.includes(child.id))).toEqual([]);
    expect(await sql(`select count(*)::int n from webhook_delivery d join webhook_subscription s on s.id = d.subscription_id join agency a on a.id = s.agency_id where d.event_id = ? and a.code = 'SCH-CASTLEGATE-HIGH'`, [event.id])).toEqual([{ n: 0 }]);
    await stop();
  }, 60_000);

  it('a receiver that is down is retried, then dead-lettered, shown to the administrator, and delivered on replay with the same event id', async () => {
    police.down = true;
    await start(2);
    const child = await ok('social-worker', CHILD, { familyName: 'Retried', givenName: 'Rae', dateOfBirth: '2013-03-03' });
    await ok('team-manager', ALLOCATE, { childId: child.id, agencyCode: 'POLICE-NORTHSHIRE', role: 'POLICE_OIC' });
    const s47 = await ok('social-worker', S47, { childId: child.id, startDate: '2026-06-01' });
    const [event] = await sql(`select id from outbox_event where record_id = ?`, [s47.recordId]);
    const dead = await until('the delivery to be dead-lettered', async () => {
      const res = await t.gql<any>('admin', DEAD);
      return res.data?.webhookDeadLetters.find((d: any) => d.eventId === event.id);
    });
    expect(dead).toMatchObject({ type: 'Section47Enquiry.CREATE', recordId: s47.id, agencyCode: 'POLICE-NORTHSHIRE', attempts: 2, lastError: 'HTTP 503' });
    // Only the administrator sees the dead letters or replays.
    expect((await t.http<any>('social-worker', DEAD)).body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');

    police.down = false;
    const replay = await t.gql<any>('admin', REPLAY, { id: dead.id });
    expect(replay.errors).toBeUndefined();
    const got = await until('the replayed delivery', async () => police.got.find((g) => g.body.eventId === event.id));
    expect(got.headers['hub-event-id']).toBe(event.id);
    expect((await t.gql<any>('admin', DEAD)).data.webhookDeadLetters.find((d: any) => d.id === dead.id)).toBeUndefined();
    // A delivery that is not dead cannot be replayed.
    expect((await t.gql<any>('admin', REPLAY, { id: dead.id })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    await stop();
  }, 60_000);

  it('GraphQL subscriptions over WebSocket: a subscriber gets events about the children it may see, never about others; analysts may not subscribe', async () => {
    const address = await t.hub.app.listen({ port: 0, host: '127.0.0.1' });
    const url = `${address.replace('http', 'ws')}${EVENTS_PATH}`;
    const connect = async (persona: string): Promise<Client> =>
      createClient({ url, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${await t.token(persona)}` }, retryAttempts: 0, lazy: false, onNonLazyError: () => undefined });
    const listen = (client: Client) => {
      const got: any[] = [];
      const errors: unknown[] = [];
      const stop = client.subscribe({ query: 'subscription { childEvents { eventId type recordType recordId childIds } }' }, { next: (m) => got.push(m.data?.childEvents), error: (e) => errors.push(e), complete: () => undefined });
      return { got, errors, stop };
    };
    const policeClient = await connect('police-ppu');
    const schoolClient = await connect('school-dsl');
    const police = listen(policeClient);
    const school = listen(schoolClient);
    await new Promise((r) => setTimeout(r, 300));

    const child = await ok('social-worker', CHILD, { familyName: 'Subscribed', givenName: 'Sol', dateOfBirth: '2012-02-02' });
    await ok('team-manager', ALLOCATE, { childId: child.id, agencyCode: 'POLICE-NORTHSHIRE', role: 'POLICE_OIC' });
    const s47 = await ok('social-worker', S47, { childId: child.id, startDate: '2026-07-01' });
    const [event] = await sql(`select id from outbox_event where record_id = ?`, [s47.recordId]);
    const got = await until('the s47 event on the police subscription', async () => police.got.find((e) => e.eventId === event.id));
    expect(got).toEqual({ eventId: event.id, type: 'Section47Enquiry.CREATE', recordType: 'Section47Enquiry', recordId: s47.id, childIds: [child.id] });
    const pushed = await sql(`select action, subject, operation_name, child_ids from audit_event where changes->>'eventId' = ? and changes->>'channel' = 'subscription'`, [event.id]);
    expect(pushed).toEqual([{ action: 'EXPORT', subject: 'pol.ppu.ian.ross', operation_name: 'childEvents', child_ids: [child.recordId] }]);
    // The school may not see the child: none of its events reach the school's subscription.
    await new Promise((r) => setTimeout(r, 500));
    expect(school.got.filter((e) => e.childIds.includes(child.id))).toEqual([]);
    expect([police.errors, school.errors]).toEqual([[], []]);

    // An analyst's role has no child row scope: the connection is refused.
    const analyst = await connect('board-analyst');
    const refused = listen(analyst);
    await until('the analyst to be refused', async () => refused.errors.length > 0 || null, 5_000);
    for (const c of [policeClient, schoolClient, analyst]) await c.dispose();
  }, 60_000);
});
