import { Migration } from '@mikro-orm/migrations';

/**
 * The audit log without a global lock on every request (issue 11). Before, hub_append_audit took an
 * advisory lock to chain each request's rows to the last row, and held it until the request committed:
 * every request in the hub queued behind every other's commit.
 *
 * Now appending and chaining are separate:
 * - hub_append_audit inserts the request's rows with their transaction id (`xid`), in the request's own
 *   transaction, without any lock (a write still never commits without its audit rows, and rolled-back
 *   work leaves none). audit_event rows are never updated afterwards, not even by the sealer;
 * - hub_seal_audit chains rows once they are final: a row whose xid is below the oldest transaction still
 *   running can no longer change, and no row with a smaller xid can appear after it, so sealing in
 *   (xid, seq) order gives one linear chain. The links go in their own insert-only table, audit_chain
 *   (position, the row's seq, previous hash, hash). Only the sealer takes the advisory lock, for its own
 *   short transaction. The hub runs it every few seconds (src/audit/audit-sealer.ts) and before verifying;
 * - a sealed row's hash covers its position, seq and xid besides its content and the previous hash, so
 *   altering, removing or reordering sealed rows is detected by hub_verify_audit_chain, which also says
 *   how many rows are not sealed yet.
 * Rows chained before this migration (xid null) keep their hashes, moved to audit_chain: they are the
 * sealed prefix, in seq order, verified with the original formula.
 */
export class Migration20261203500000_audit_sealing extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table audit_event add column xid xid8 null default pg_current_xact_id();');
    // Where the sealer resumes: the rows after the last sealed one, in chaining order.
    this.addSql('create index audit_event_xid_seq_index on audit_event (xid, seq);');
    this.addSql(`create table audit_chain (chain_pos bigint primary key, seq bigint not null, prev_hash text null, hash text not null);`);
    this.addSql('create unique index audit_chain_seq_unique on audit_chain (seq);');
    // The existing chain, in the order it was chained, is the sealed prefix.
    this.addSql('insert into audit_chain (chain_pos, seq, prev_hash, hash) select row_number() over (order by seq), seq, prev_hash, hash from audit_event order by seq;');
    this.addSql('alter table audit_event drop column prev_hash, drop column hash;');
    // Nobody but the sealer and verifier functions (security definer) touches the chain.
    this.addSql('revoke all on audit_chain from hub_app;');
    this.addSql('alter table audit_chain enable row level security;');

    this.addSql(`create or replace function hub_audit_seal_hash(a audit_event, pos bigint, prev text) returns text language sql immutable as $$
      select hub_audit_hash(a, concat_ws('|', coalesce(prev, ''), pos::text, a.seq::text, a.xid::text))
    $$;`);

    this.addSql(`create or replace function hub_append_audit(p_events jsonb) returns void
      language plpgsql security definer set search_path = public as $$
      begin
        insert into audit_event (occurred_at, xid, request_id, subject, agency_id, agency_code, roles, purpose, client_id, operation_name,
                                 document_hash, action, record_type, record_id, child_ids, fields, changes)
        select now(), pg_current_xact_id(), e->>'request_id', e->>'subject', (e->>'agency_id')::uuid, e->>'agency_code',
               array(select jsonb_array_elements_text(e->'roles')), e->>'purpose', e->>'client_id', e->>'operation_name',
               e->>'document_hash', e->>'action', e->>'record_type', nullif(e->>'record_id', '')::uuid,
               array(select jsonb_array_elements_text(e->'child_ids'))::uuid[], array(select jsonb_array_elements_text(e->'fields')),
               case when jsonb_typeof(e->'changes') = 'object' then e->'changes' else null end
          from jsonb_array_elements(p_events) with ordinality as x(e, i)
         order by x.i;
      end $$;`);

    // Seals every final row (at most p_limit per call), returns how many. The bound excludes the calling
    // transaction's own xid: its rows are not final until it commits. Every row before the last sealed
    // one in (xid, seq) order is sealed already, so the sealer resumes after it.
    this.addSql(`create or replace function hub_seal_audit(p_limit integer default 100000) returns bigint
      language plpgsql security definer set search_path = public as $$
      declare
        bound xid8;
        prev text;
        pos bigint;
        last_xid xid8;
        last_seq bigint;
        r audit_event;
        h text;
        sealed bigint := 0;
      begin
        perform pg_advisory_xact_lock(hashtext('hub_audit_chain'));
        bound := least(pg_snapshot_xmin(pg_current_snapshot()), pg_current_xact_id_if_assigned());
        select c.chain_pos, c.hash, a.xid, a.seq into pos, prev, last_xid, last_seq
          from audit_chain c left join audit_event a on a.seq = c.seq order by c.chain_pos desc limit 1;
        pos := coalesce(pos, 0);
        for r in select * from audit_event a
                  where a.xid < bound and (last_xid is null or (a.xid, a.seq) > (last_xid, last_seq))
                  order by a.xid, a.seq limit p_limit loop
          pos := pos + 1;
          h := hub_audit_seal_hash(r, pos, prev);
          insert into audit_chain (chain_pos, seq, prev_hash, hash) values (pos, r.seq, prev, h);
          prev := h;
          sealed := sealed + 1;
        end loop;
        return sealed;
      end $$;`);

    // First broken link in chain order, or none: a changed row fails its hash (its position, seq and xid
    // included, so a row moved elsewhere fails too); a removed row leaves its link without a row, or (link
    // and row removed) a gap in the positions and the next row's link broken; sealed rows must follow
    // (xid, seq) order, and rows from before sealing (xid null) only the prefix.
    this.addSql('drop function hub_verify_audit_chain();');
    this.addSql(`create function hub_verify_audit_chain()
      returns table (checked bigint, broken_seq bigint, reason text, unsealed bigint) language sql stable security definer set search_path = public as $$
      with chain as (
        select c.chain_pos, c.seq, c.hash, c.prev_hash, a.seq as event_seq, a.xid,
               lag(c.hash) over w as expected_prev, lag(a.xid) over w as prev_xid, lag(c.seq) over w as prev_seq,
               case when a.seq is null then null when a.xid is null then hub_audit_hash(a, c.prev_hash)
                    else hub_audit_seal_hash(a, c.chain_pos, c.prev_hash) end as recomputed,
               row_number() over w as n
          from audit_chain c left join audit_event a on a.seq = c.seq
        window w as (order by c.chain_pos)
      ), bad as (
        select seq, case when event_seq is null then 'row removed: its link in the chain has no row'
                         when hash is distinct from recomputed then 'row altered: its contents or position no longer match its hash'
                         when chain_pos <> n then 'chain broken: a row before it was removed'
                         when prev_hash is distinct from expected_prev then 'chain broken: the previous row was removed or altered'
                         else 'chain out of order: rows were moved' end as reason
          from chain
         where event_seq is null or hash is distinct from recomputed or chain_pos <> n or prev_hash is distinct from expected_prev
            or (n > 1 and prev_xid is not null and (xid is null or (xid, seq) <= (prev_xid, prev_seq)))
         order by chain_pos limit 1
      )
      select (select count(*) from chain), (select seq from bad), (select reason from bad),
             (select count(*) from audit_event a where not exists (select 1 from audit_chain c where c.seq = a.seq))
    $$;`);

    // Grants as before; hub_app inserts only rows of its own transaction.
    this.addSql('drop policy audit_event_append on audit_event;');
    this.addSql(`create policy audit_event_append on audit_event for insert to hub_app with check (xid = pg_current_xact_id());`);
    this.addSql('revoke all on function hub_append_audit(jsonb) from public;');
    this.addSql('grant execute on function hub_append_audit(jsonb) to hub_app;');
    this.addSql('revoke all on function hub_seal_audit(integer) from public;');
    this.addSql('grant execute on function hub_seal_audit(integer) to hub_app;');
    this.addSql('revoke all on function hub_verify_audit_chain() from public;');
    this.addSql('grant execute on function hub_verify_audit_chain() to hub_app;');
  }
}
