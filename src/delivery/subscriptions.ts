import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { buildSchema, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import pg from 'pg';
import { WebSocketServer } from 'ws';
import type { Logger } from 'pino';
import { hasChildRowScope } from '../access/policy';
import { auditSent, eventFor, type EventRow, type WebhookEvent } from './events';

/** Where partner systems subscribe (GraphQL over WebSocket, the graphql-ws protocol). */
export const EVENTS_PATH = '/graphql/events';

/** The subscription schema: the same event the webhooks carry, ids only. */
const SDL = `
"""An event about a record about a child: a committed write, ids only; read the record back through /graphql with your own access."""
type ChildEvent {
  "The event id (also the webhook's Hub-Event-Id): de-duplicate on it."
  eventId: ID!
  "Record type and action, e.g. Section47Enquiry.CREATE."
  type: String!
  "GraphQL type of the record."
  recordType: String!
  "Global id of the record."
  recordId: ID!
  "Global ids of the children the record is about that you may see."
  childIds: [ID!]!
  "When the write committed (ISO 8601)."
  occurredAt: String!
}
type Query {
  "Subscriptions live here; queries are at /graphql."
  events: Boolean
}
type Subscription {
  "Events about the children your agency may see (the same access policy as every read), as their writes commit."
  childEvents: ChildEvent!
}`;

/** Who subscribed, as the audit records every principal. */
export interface SubscriberIdentity {
  agencyId: string;
  subject: string;
  agencyCode: string;
  roles: string[];
  purpose: string;
  clientId: string | null;
  connectionId: string;
}

interface Subscriber extends SubscriberIdentity {
  push: (e: WebhookEvent) => void;
}

/**
 * GraphQL subscriptions over WebSocket (issue 13 must-show 7), fed by the transactional outbox: one
 * connection per hub process LISTENs for committed events; each event goes to each subscriber whose agency
 * may see at least one of its children (`hub_child_visible`, the access policy's own function), with only
 * those children named. A subscriber authenticates in `connection_init` with the same bearer token as
 * /graphql; roles without child row scope (analysts, BI) may not subscribe.
 */
export function attachEventSubscriptions(
  server: Server,
  opts: { databaseUrl: string; logger: Logger; authenticate: (authorization: string | undefined) => Promise<Omit<SubscriberIdentity, 'connectionId'>> },
): { close(): Promise<void> } {
  const subscribers = new Set<Subscriber>();
  let listener: pg.Client | null = null;
  let checker: pg.Client | null = null;
  let starting: Promise<void> | null = null;

  const deliver = async (eventId: string) => {
    if (!checker || !subscribers.size) return;
    const { rows } = await checker.query<EventRow>(`select id, action, record_type, record_id, child_ids, occurred_at from outbox_event where id = $1`, [eventId]);
    const e = rows[0];
    if (!e) return;
    for (const s of [...subscribers]) {
      const { rows: visible } = await checker.query<{ c: string }>(`select c from unnest($1::uuid[]) c where hub_child_visible(c, $2::uuid, $3)`, [e.child_ids, s.agencyId, s.subject]);
      if (!visible.length) continue;
      // The audit is written before the event leaves.
      const children = visible.map((v) => v.c);
      await auditSent((sql, params) => checker!.query(sql, params), e, children, {
        requestId: `subscription:${s.connectionId}`,
        subject: s.subject,
        agencyId: s.agencyId,
        agencyCode: s.agencyCode,
        roles: s.roles,
        purpose: s.purpose,
        clientId: s.clientId,
        operationName: 'childEvents',
      }, { channel: 'subscription' });
      s.push(eventFor(e, children));
    }
  };

  const ensureListening = () =>
    (starting ??= (async () => {
      listener = new pg.Client({ connectionString: opts.databaseUrl });
      checker = new pg.Client({ connectionString: opts.databaseUrl });
      await Promise.all([listener.connect(), checker.connect()]);
      listener.on('notification', (n) => {
        if (n.payload) deliver(n.payload).catch((err) => opts.logger.warn({ err }, 'event subscription: delivery failed'));
      });
      await listener.query('listen hub_outbox');
    })());

  const schema: GraphQLSchema = buildSchema(SDL);
  const field = schema.getSubscriptionType()!.getFields().childEvents!;
  // A hand-written iterator rather than an async generator: a generator waiting for its next event would
  // run its `finally` (and leave the subscriber set) only when an event came, so a client that went away
  // would stay subscribed; `return()` here removes it at once.
  field.subscribe = ((_root: unknown, _args: unknown, ctx: { subscriber: SubscriberIdentity }) => {
    const queue: WebhookEvent[] = [];
    let pending: ((r: IteratorResult<{ childEvents: WebhookEvent }>) => void) | null = null;
    let done = false;
    const me: Subscriber = {
      ...ctx.subscriber,
      push: (e) => {
        if (!pending) return void queue.push(e);
        const resolve = pending;
        pending = null;
        resolve({ value: { childEvents: e }, done: false });
      },
    };
    subscribers.add(me);
    const ready = ensureListening();
    const iterator: AsyncIterableIterator<{ childEvents: WebhookEvent }> = {
      async next() {
        await ready;
        if (done) return { value: undefined, done: true };
        if (queue.length) return { value: { childEvents: queue.shift()! }, done: false };
        return new Promise((resolve) => (pending = resolve));
      },
      async return() {
        done = true;
        subscribers.delete(me);
        pending?.({ value: undefined, done: true });
        pending = null;
        return { value: undefined, done: true };
      },
      async throw(err: unknown) {
        await iterator.return!();
        throw err;
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }) as never;

  const wss = new WebSocketServer({ server, path: EVENTS_PATH });
  const disposable = useServer(
    {
      schema,
      onConnect: async (ctx) => {
        try {
          const who = await opts.authenticate(typeof ctx.connectionParams?.authorization === 'string' ? ctx.connectionParams.authorization : undefined);
          if (!hasChildRowScope(who.roles as never)) return false;
          (ctx.extra as unknown as { subscriber?: SubscriberIdentity }).subscriber = { ...who, connectionId: randomUUID() };
          return true;
        } catch {
          return false;
        }
      },
      context: (ctx) => ({ subscriber: (ctx.extra as unknown as { subscriber: SubscriberIdentity }).subscriber }),
    },
    wss,
  );

  return {
    async close() {
      await disposable.dispose();
      await new Promise<void>((r) => wss.close(() => r()));
      await listener?.end().catch(() => undefined);
      await checker?.end().catch(() => undefined);
    },
  };
}
