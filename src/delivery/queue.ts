import { Logger, run, runMigrations, type Runner, type Task } from 'graphile-worker';
import { signatureHeader } from './signing';
import { auditSent, eventFor, type EventRow } from './events';

/** Attempts per delivery before it is dead-lettered (graphile-worker backs off exponentially between them). */
export const DEFAULT_WEBHOOK_MAX_ATTEMPTS = 8;
const DELIVERY_TIMEOUT_MS = 10_000;

type LogFn = (level: string, message: string) => void;
const quietLogger = (log?: LogFn) => new Logger(() => (level, message) => log?.(level, message));

/** Installs (or upgrades) the job queue's own schema, `graphile_worker`: called by `migrateUp`. */
export async function installDeliveryQueue(connectionString: string): Promise<void> {
  await runMigrations({ connectionString, logger: quietLogger() });
}

/**
 * Expands undispatched outbox events into one delivery per active subscription whose agency may see a
 * child the event is about (the access policy's own function, as if the agency asked), and queues each.
 * One transaction: an event is marked dispatched exactly when its deliveries exist.
 */
const dispatchOutbox = (maxAttempts: number): Task => async (_payload, helpers) => {
  await helpers.withPgClient(async (client) => {
    await client.query('begin');
    try {
      const { rows: events } = await client.query<EventRow>(
        `select id from outbox_event where dispatched_at is null order by occurred_at, id limit 500 for update skip locked`,
      );
      if (events.length) {
        const ids = events.map((e) => e.id);
        const { rows: deliveries } = await client.query<{ id: string }>(
          `insert into webhook_delivery (event_id, subscription_id, max_attempts)
             select e.id, s.id, $2 from outbox_event e join webhook_subscription s on s.active
              where e.id = any($1::uuid[])
                and exists (select 1 from unnest(e.child_ids) c where hub_child_visible(c, s.agency_id, 'webhook:' || s.id))
           on conflict (event_id, subscription_id) do nothing
           returning id`,
          [ids, maxAttempts],
        );
        for (const d of deliveries) await client.query(`select graphile_worker.add_job('deliver_webhook', json_build_object('deliveryId', $1::text), max_attempts := $2, job_key := 'deliver:' || $1)`, [d.id, maxAttempts]);
        await client.query(`update outbox_event set dispatched_at = now() where id = any($1::uuid[])`, [ids]);
      }
      await client.query('commit');
      // More than a batch waiting: go round again.
      if (events.length === 500) await helpers.addJob('dispatch_outbox', {}, { jobKey: 'dispatch_outbox', jobKeyMode: 'preserve_run_at' });
    } catch (err) {
      await client.query('rollback');
      throw err;
    }
  });
};

/** Posts one delivery, signed; a failure is recorded and thrown (the queue retries it), the last one dead-letters it. */
const deliverWebhook: Task = async (payload, helpers) => {
  const { deliveryId } = payload as { deliveryId: string };
  // Only the children the subscription's agency may see are named (an event may be about several).
  const { rows } = await helpers.query<EventRow & { url: string; secret: string; status: string; attempts: number; max_attempts: number; subscription_id: string; agency_id: string; agency_code: string }>(
    `select e.id, e.action, e.record_type, e.record_id, e.occurred_at, s.url, s.secret, d.status, d.attempts, d.max_attempts, s.id as subscription_id, a.id as agency_id, a.code as agency_code,
            array(select c from unnest(e.child_ids) c where hub_child_visible(c, s.agency_id, 'webhook:' || s.id)) as child_ids
       from webhook_delivery d join outbox_event e on e.id = d.event_id join webhook_subscription s on s.id = d.subscription_id join agency a on a.id = s.agency_id where d.id = $1`,
    [deliveryId],
  );
  const row = rows[0];
  // Delivered already, or the agency may no longer see any child it is about: nothing to send.
  if (!row || row.status === 'DELIVERED' || !row.child_ids.length) return;
  const event = eventFor(row, row.child_ids);
  const body = JSON.stringify(event);
  let failure: string | null = null;
  try {
    const res = await fetch(row.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'hub-event-id': row.id, 'hub-signature': signatureHeader(row.secret, body) },
      body,
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
    });
    if (res.status < 200 || res.status >= 300) failure = `HTTP ${res.status}`;
  } catch (err) {
    failure = (err as Error).message || String(err);
  }
  const attempts = row.attempts + 1;
  if (!failure) {
    await helpers.query(`update webhook_delivery set status = 'DELIVERED', attempts = $2, delivered_at = now(), last_attempt_at = now(), last_error = null where id = $1`, [deliveryId, attempts]);
    // What left the hub, to whom, is audited like any export: the subscription's agency as the recipient.
    await auditSent((sql, params) => helpers.query(sql, params), row, row.child_ids, {
      requestId: `webhook:${deliveryId}`,
      subject: `webhook:${row.subscription_id}`,
      agencyId: row.agency_id,
      agencyCode: row.agency_code,
      roles: [],
      purpose: 'DIRECT_CARE',
      clientId: null,
      operationName: 'webhook',
    }, { channel: 'webhook', url: row.url });
    return;
  }
  const dead = attempts >= row.max_attempts;
  await helpers.query(`update webhook_delivery set status = $3, attempts = $2, last_attempt_at = now(), last_error = $4 where id = $1`, [deliveryId, attempts, dead ? 'DEAD' : 'PENDING', failure]);
  if (!dead) throw new Error(`delivery ${deliveryId} failed: ${failure}`);
};

export interface DeliveryWorkerOptions {
  maxAttempts?: number;
  concurrency?: number;
  pollInterval?: number;
  log?: LogFn;
}

/** Starts delivering: the dispatcher and the senders, in this process, until `stop()`. */
export async function startDeliveryWorker(connectionString: string, opts: DeliveryWorkerOptions = {}): Promise<Runner> {
  const maxAttempts = opts.maxAttempts ?? DEFAULT_WEBHOOK_MAX_ATTEMPTS;
  return run({
    connectionString,
    concurrency: opts.concurrency ?? 4,
    pollInterval: opts.pollInterval ?? 1000,
    noHandleSignals: true,
    logger: quietLogger(opts.log),
    taskList: { dispatch_outbox: dispatchOutbox(maxAttempts), deliver_webhook: deliverWebhook },
  });
}
