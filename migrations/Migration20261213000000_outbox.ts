import { Migration } from '@mikro-orm/migrations';

/**
 * Delivery to partner systems (issue 13 must-show 7), a transactional outbox:
 * - `outbox_event`: one row per committed write of a record about a child, inserted by the request's audit
 *   flush in the same transaction as the write and its audit rows (src/audit/audit-collector.ts), so an
 *   event exists exactly when its write committed. Its id is the event id receivers de-duplicate on.
 * - `webhook_subscription`: a partner agency's endpoint and signing secret.
 * - `webhook_delivery`: one per event and subscription, PENDING until delivered, DEAD after its last attempt
 *   (the dead-letter list an administrator replays).
 * A statement trigger on `outbox_event` asks the job queue (graphile-worker, whose own schema `migrateUp`
 * installs) to dispatch, in the writing transaction: the dispatch job exists exactly when the events do.
 * A row trigger NOTIFYs `hub_outbox` with the event id at commit, for the GraphQL subscriptions
 * (src/delivery/subscriptions.ts). The hub role may only insert events; the delivery worker runs as the owner.
 */
export class Migration20261213000000_outbox extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "outbox_event" ("id" uuid not null default gen_random_uuid(), "occurred_at" timestamptz not null default now(), "action" text not null, "record_type" text not null, "record_id" uuid not null, "child_ids" uuid[] not null, "request_id" text null, "dispatched_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "outbox_event_undispatched_index" on "outbox_event" ("occurred_at") where "dispatched_at" is null;`);
    this.addSql(`create table "webhook_subscription" ("id" uuid not null default gen_random_uuid(), "agency_id" uuid not null references "agency" ("id") on delete restrict, "url" text not null, "secret" text not null, "active" boolean not null default true, "created_at" timestamptz not null default now(), "created_by" text not null, primary key ("id"));`);
    this.addSql(`create index "webhook_subscription_agency_id_index" on "webhook_subscription" ("agency_id");`);
    this.addSql(`create table "webhook_delivery" ("id" uuid not null default gen_random_uuid(), "event_id" uuid not null references "outbox_event" ("id") on delete restrict, "subscription_id" uuid not null references "webhook_subscription" ("id") on delete restrict, "status" text not null default 'PENDING' check ("status" in ('PENDING', 'DELIVERED', 'DEAD')), "attempts" int not null default 0, "max_attempts" int not null default 8, "last_error" text null, "last_attempt_at" timestamptz null, "delivered_at" timestamptz null, "created_at" timestamptz not null default now(), primary key ("id"), unique ("event_id", "subscription_id"));`);
    this.addSql(`create index "webhook_delivery_dead_index" on "webhook_delivery" ("last_attempt_at") where "status" = 'DEAD';`);
    this.addSql(`create or replace function hub_outbox_dispatch() returns trigger language plpgsql security definer set search_path = public as $$
      begin
        -- One pending dispatch job at a time (job_key): many writes wake one dispatcher.
        perform graphile_worker.add_job('dispatch_outbox', '{}'::json, job_key := 'dispatch_outbox', job_key_mode := 'preserve_run_at');
        return null;
      end $$;`);
    this.addSql(`revoke all on function hub_outbox_dispatch() from public;`);
    this.addSql(`create trigger outbox_event_dispatch after insert on "outbox_event" for each statement execute function hub_outbox_dispatch();`);
    // Each committed event wakes the hub processes serving GraphQL subscriptions (NOTIFY is sent at commit).
    this.addSql(`create or replace function hub_outbox_notify() returns trigger language plpgsql as $$
      begin
        perform pg_notify('hub_outbox', new.id::text);
        return null;
      end $$;`);
    this.addSql(`create trigger outbox_event_notify after insert on "outbox_event" for each row execute function hub_outbox_notify();`);
    // The administrator's operations, for the hub role (which may not read the tables themselves: secrets).
    this.addSql(`create or replace function hub_register_webhook(p_agency uuid, p_url text, p_secret text, p_by text) returns uuid language sql security definer set search_path = public as $$
      insert into webhook_subscription (agency_id, url, secret, created_by) values (p_agency, p_url, p_secret, p_by) returning id $$;`);
    this.addSql(`create or replace function hub_webhook_dead_letters(p_limit int) returns table (id uuid, event_id uuid, action text, record_type text, record_id uuid, agency_code text, url text, attempts int, last_error text, last_attempt_at timestamptz)
      language sql stable security definer set search_path = public as $$
        select d.id, e.id, e.action, e.record_type, e.record_id, a.code, s.url, d.attempts, d.last_error, d.last_attempt_at
          from webhook_delivery d join outbox_event e on e.id = d.event_id join webhook_subscription s on s.id = d.subscription_id join agency a on a.id = s.agency_id
         where d.status = 'DEAD' order by d.last_attempt_at desc, d.id limit p_limit $$;`);
    this.addSql(`create or replace function hub_replay_webhook_delivery(p_id uuid) returns boolean language plpgsql security definer set search_path = public as $$
      begin
        update webhook_delivery set status = 'PENDING', attempts = 0, last_error = null where id = p_id and status = 'DEAD';
        if not found then return false; end if;
        perform graphile_worker.add_job('deliver_webhook', json_build_object('deliveryId', p_id::text), max_attempts := (select max_attempts from webhook_delivery where id = p_id), job_key := 'deliver:' || p_id::text);
        return true;
      end $$;`);
    for (const fn of ['hub_register_webhook(uuid, text, text, text)', 'hub_webhook_dead_letters(int)', 'hub_replay_webhook_delivery(uuid)']) {
      this.addSql(`revoke all on function ${fn} from public;`);
      this.addSql(`do $$ begin
        if exists (select 1 from pg_roles where rolname = 'hub_app') then grant execute on function ${fn} to hub_app; end if;
      end $$;`);
    }
    this.addSql(`do $$ begin
      if exists (select 1 from pg_roles where rolname = 'hub_app') then grant insert on "outbox_event" to hub_app; end if;
    end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table "webhook_delivery";');
    this.addSql('drop table "webhook_subscription";');
    this.addSql('drop table "outbox_event";');
    this.addSql('drop function hub_outbox_dispatch();');
    this.addSql('drop function hub_outbox_notify();');
    this.addSql('drop function hub_register_webhook(uuid, text, text, text);');
    this.addSql('drop function hub_webhook_dead_letters(int);');
    this.addSql('drop function hub_replay_webhook_delivery(uuid);');
  }
}
