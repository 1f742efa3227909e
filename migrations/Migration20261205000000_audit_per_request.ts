import { Migration } from '@mikro-orm/migrations';

/**
 * The audit's cost (issue 11, must-show 4). Measured on a 360-record export page: one row per record
 * read cost ~30 µs to append and ~160 µs to seal per row, more PostgreSQL time than the read itself.
 *
 * - Reads: a request's reads become one READ row whose `records` lists every record returned (type, id,
 *   children, fields); `child_ids` is the union (the DPO's per-child queries use its GIN index as
 *   before), `fields` the union, and `record_type` / `record_id` are set when they are the same for every
 *   record (a single-record read looks as it did). Writes keep one row per record.
 * - The chain hash covers `records`. concat_ws skips a NULL, so every row written before (records null)
 *   hashes exactly as it did and the existing chain still verifies.
 * - The hash functions are PL/pgSQL with the same formula: as SQL functions over a whole row they were not
 *   inlined and were planned on every call (2,160 rows: 346 ms → 23 ms).
 */
export class Migration20261205000000_audit_per_request extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table audit_event add column records jsonb null;');
    this.addSql(`create or replace function hub_audit_hash(a audit_event, prev text) returns text language plpgsql immutable as $$
      begin
        return encode(sha256(convert_to(concat_ws('|',
          coalesce(prev, ''), to_char(a.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), a.request_id, a.subject,
          a.agency_id::text, a.agency_code, array_to_string(a.roles, ','), a.purpose, coalesce(a.client_id, ''),
          coalesce(a.operation_name, ''), coalesce(a.document_hash, ''), a.action, coalesce(a.record_type, ''),
          coalesce(a.record_id::text, ''), array_to_string(a.child_ids, ','), array_to_string(a.fields, ','),
          coalesce(a.changes::text, ''), a.records::text), 'UTF8')), 'hex');
      end $$;`);
    this.addSql(`create or replace function hub_audit_seal_hash(a audit_event, pos bigint, prev text) returns text language plpgsql immutable as $$
      begin
        return hub_audit_hash(a, concat_ws('|', coalesce(prev, ''), pos::text, a.seq::text, a.xid::text));
      end $$;`);
    this.addSql(`create or replace function hub_append_audit(p_events jsonb) returns void
      language plpgsql security definer set search_path = public as $$
      begin
        insert into audit_event (occurred_at, xid, request_id, subject, agency_id, agency_code, roles, purpose, client_id, operation_name,
                                 document_hash, action, record_type, record_id, child_ids, fields, changes, records)
        select now(), pg_current_xact_id(), e->>'request_id', e->>'subject', (e->>'agency_id')::uuid, e->>'agency_code',
               array(select jsonb_array_elements_text(e->'roles')), e->>'purpose', e->>'client_id', e->>'operation_name',
               e->>'document_hash', e->>'action', e->>'record_type', nullif(e->>'record_id', '')::uuid,
               array(select jsonb_array_elements_text(e->'child_ids'))::uuid[], array(select jsonb_array_elements_text(e->'fields')),
               case when jsonb_typeof(e->'changes') = 'object' then e->'changes' else null end,
               case when jsonb_typeof(e->'records') = 'array' then e->'records' else null end
          from jsonb_array_elements(p_events) with ordinality as x(e, i)
         order by x.i;
      end $$;`);
  }
}
