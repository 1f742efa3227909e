import { Migration } from '@mikro-orm/migrations';

/**
 * The append-only, hash-chained audit log (table from the schema migration):
 * - hub_audit_hash(row, prev): the SHA-256 of a row's canonical text chained to the previous hash;
 * - hub_append_audit(events): the only way rows are written: takes a transaction-scoped advisory lock
 *   so the chain is linear, then inserts the request's events in one statement;
 * - hub_app may insert and (for the DPO's queries) select, never update or delete; RLS limits reads to
 *   principals carrying the DATA_PROTECTION_OFFICER role.
 */
export class Migration20261122910000_audit extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create or replace function hub_audit_hash(a audit_event, prev text) returns text language sql immutable as $$
      select encode(sha256(convert_to(concat_ws('|',
        coalesce(prev, ''), to_char(a.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), a.request_id, a.subject,
        a.agency_id::text, a.agency_code, array_to_string(a.roles, ','), a.purpose, coalesce(a.client_id, ''),
        coalesce(a.operation_name, ''), coalesce(a.document_hash, ''), a.action, coalesce(a.record_type, ''),
        coalesce(a.record_id::text, ''), array_to_string(a.child_ids, ','), array_to_string(a.fields, ','),
        coalesce(a.changes::text, '')), 'UTF8')), 'hex')
    $$;`);
    this.addSql(`create or replace function hub_append_audit(p_events jsonb) returns void
      language plpgsql security definer set search_path = public as $$
      declare
        prev text;
        e jsonb;
        r audit_event;
      begin
        perform pg_advisory_xact_lock(hashtext('hub_audit_chain'));
        select hash into prev from audit_event order by seq desc limit 1;
        for e in select * from jsonb_array_elements(p_events) loop
          r := null;
          r.occurred_at := now();
          r.request_id := e->>'request_id';
          r.subject := e->>'subject';
          r.agency_id := (e->>'agency_id')::uuid;
          r.agency_code := e->>'agency_code';
          r.roles := array(select jsonb_array_elements_text(e->'roles'));
          r.purpose := e->>'purpose';
          r.client_id := e->>'client_id';
          r.operation_name := e->>'operation_name';
          r.document_hash := e->>'document_hash';
          r.action := e->>'action';
          r.record_type := e->>'record_type';
          r.record_id := nullif(e->>'record_id', '')::uuid;
          r.child_ids := array(select jsonb_array_elements_text(e->'child_ids'))::uuid[];
          r.fields := array(select jsonb_array_elements_text(e->'fields'));
          r.changes := case when jsonb_typeof(e->'changes') = 'object' then e->'changes' else null end;
          r.prev_hash := prev;
          r.hash := hub_audit_hash(r, prev);
          insert into audit_event (occurred_at, request_id, subject, agency_id, agency_code, roles, purpose, client_id, operation_name,
                                   document_hash, action, record_type, record_id, child_ids, fields, changes, prev_hash, hash)
          values (r.occurred_at, r.request_id, r.subject, r.agency_id, r.agency_code, r.roles, r.purpose, r.client_id, r.operation_name,
                  r.document_hash, r.action, r.record_type, r.record_id, r.child_ids, r.fields, r.changes, r.prev_hash, r.hash);
          prev := r.hash;
        end loop;
      end $$;`);
    // First broken row, or none: a changed row fails its own hash; a removed row breaks the next row's link.
    this.addSql(`create or replace function hub_verify_audit_chain()
      returns table (checked bigint, broken_seq bigint, reason text) language sql stable security definer set search_path = public as $$
      with chain as (
        select seq, hash, prev_hash, lag(hash) over (order by seq) as expected_prev, hub_audit_hash(a, a.prev_hash) as recomputed,
               row_number() over (order by seq) as n
          from audit_event a
      ), bad as (
        select seq, case when hash is distinct from recomputed then 'row altered: its contents no longer match its hash'
                         else 'chain broken: the previous row was removed or altered' end as reason
          from chain
         where hash is distinct from recomputed or (n > 1 and prev_hash is distinct from expected_prev)
         order by seq limit 1
      )
      select (select count(*) from audit_event), (select seq from bad), (select reason from bad)
    $$;`);
    this.addSql('revoke all on audit_event from hub_app;');
    this.addSql('grant select, insert on audit_event to hub_app;');
    this.addSql('grant usage, select on all sequences in schema public to hub_app;');
    this.addSql('alter table audit_event enable row level security;');
    this.addSql(`create policy audit_event_dpo_read on audit_event for select to hub_app
      using ('DATA_PROTECTION_OFFICER' = any(string_to_array(current_setting('hub.roles', true), ',')));`);
    this.addSql(`create policy audit_event_append on audit_event for insert to hub_app with check (true);`);
    this.addSql('revoke all on function hub_append_audit(jsonb) from public;');
    this.addSql('grant execute on function hub_append_audit(jsonb) to hub_app;');
    this.addSql('revoke all on function hub_verify_audit_chain() from public;');
    this.addSql('grant execute on function hub_verify_audit_chain() to hub_app;');
  }
}
