import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ChangeSet } from '@mikro-orm/core';
import type { Principal } from '../access/principal';
import { AuditAction } from './audit-event.entity';
import { runPrepared } from '../db/prepared';
import { isRestrictedProperty } from './restricted-fields';
import { childIdOf, childPathOfClass, childScopeOf, resolveChildIds } from '../access/child-of';

interface PendingEvent {
  action: AuditAction;
  recordType: string | null;
  recordId: string | null;
  childIds: Set<string>;
  fields: Set<string>;
  changes?: Record<string, unknown>;
}

/** What a restricted-tier value becomes in the audit log (src/audit/restricted-fields.ts). */
const NOT_COPIED = 'changed (value not copied: restricted tier)';

/** Bookkeeping columns every record carries; the audit row has who and when already. */
const NOT_AUDITED = new Set(['id', 'updatedAt', 'updatedBy', 'version', 'createdAt', 'createdBy']);

interface WriteEvent {
  action: AuditAction.CREATE | AuditAction.UPDATE | AuditAction.DELETE;
  recordType: string;
  recordId: string;
  childIds: Set<string>;
  /** Per property: the value before the mutation (null for a create) and after it. */
  changes: Map<string, { old: unknown; new: unknown }>;
}

/**
 * One mutation's writes, held until its savepoint commits. Every flush inside the savepoint stages its
 * change sets before writing (`stage`, from onFlush) and keeps them once written (`keep`, from
 * afterFlush); a record written by several flushes of one mutation gives one event (created, or
 * changed from its first old value to its last new value).
 */
export class MutationWrites {
  readonly writes = new Map<string, WriteEvent>();
  /** Events recorded by hand (collector.record) while the mutation was open. */
  readonly events: PendingEvent[] = [];
  private staged: WriteEvent[] = [];

  stage(changeSets: Iterable<ChangeSet<object>>): void {
    this.staged = [];
    for (const cs of changeSets) {
      const entity = cs.entity as Record<string, unknown> & { id?: string };
      const type = cs.meta.className;
      const childId = childIdOf(entity, type);
      const payload = (cs.payload ?? {}) as Record<string, unknown>;
      const original = (cs.originalEntity ?? {}) as Record<string, unknown>;
      const create = cs.type === 'create';
      const changes = new Map<string, { old: unknown; new: unknown }>();
      for (const f of Object.keys(payload)) if (!NOT_AUDITED.has(f)) changes.set(f, { old: create ? null : (original[f] ?? null), new: payload[f] ?? null });
      const action = create ? AuditAction.CREATE : payload.deletedAt ? AuditAction.DELETE : AuditAction.UPDATE;
      this.staged.push({ action, recordType: type, recordId: String(entity.id ?? ''), childIds: new Set(childId ? [childId] : []), changes });
    }
  }

  /** The staged flush reached the database (inside the savepoint, which may still roll back). */
  keep(): void {
    for (const w of this.staged) {
      const key = `${w.recordType}:${w.recordId}`;
      const before = this.writes.get(key);
      if (!before) {
        this.writes.set(key, w);
        continue;
      }
      if (before.action !== AuditAction.CREATE && w.action === AuditAction.DELETE) before.action = AuditAction.DELETE;
      for (const id of w.childIds) before.childIds.add(id);
      for (const [f, c] of w.changes) {
        const earlier = before.changes.get(f);
        before.changes.set(f, { old: earlier ? earlier.old : c.old, new: c.new });
      }
    }
    this.staged = [];
  }
}

/**
 * Collects one request's audit events (reads from the field guard, writes from the change sets of each
 * mutation whose savepoint committed) and writes them in one batched call at the end of the request,
 * inside the request transaction: a write without its audit row cannot be committed, and a write that
 * was rolled back leaves none.
 */
export class AuditCollector {
  private readonly reads = new Map<string, PendingEvent>();
  private readonly events: PendingEvent[] = [];
  /** The mutation whose savepoint is open, if any (see openMutation). */
  private mutation: MutationWrites | null = null;
  private operationName: string | null = null;
  private documentHash: string | null = null;

  constructor(
    private readonly principal: Principal,
    private readonly agencyId: string,
    private readonly requestId: string,
    /** Only the audit-overhead benchmark turns this off; the server always audits. */
    private readonly enabled = true,
  ) {}

  /**
   * Who did it, as every audit row records it (hub_append_audit's input). Exports write their row in SQL,
   * with the children computed there, from this.
   */
  who(): Record<string, unknown> {
    const p = this.principal;
    return {
      request_id: this.requestId,
      subject: p.subject,
      agency_id: this.agencyId,
      agency_code: p.agencyCode,
      roles: p.roles,
      purpose: p.purpose,
      client_id: p.clientId ?? null,
      operation_name: this.operationName,
      document_hash: this.documentHash,
    };
  }

  setOperation(name: string | null | undefined, document: string | undefined): void {
    this.operationName = name ?? null;
    this.documentHash = document ? createHash('sha256').update(document).digest('hex') : null;
  }

  /** A field of a child-level record was returned. */
  read(recordType: string, recordId: string, childIds: readonly string[], field: string): void {
    this.readFields(recordType, recordId, childIds, [field]);
  }

  /** Fields of a child-level record were returned (the compiled path records a record's fields at once). */
  readFields(recordType: string, recordId: string, childIds: readonly string[], fields: readonly string[]): void {
    if (!fields.length) return;
    const key = `${recordType}:${recordId}`;
    let e = this.reads.get(key);
    if (!e) {
      e = { action: AuditAction.READ, recordType, recordId, childIds: new Set(), fields: new Set() };
      this.reads.set(key, e);
    }
    for (const id of childIds) e.childIds.add(id);
    for (const f of fields) e.fields.add(f);
  }

  record(action: AuditAction, recordType: string | null, recordId: string | null, childIds: string[], fields: string[] = [], changes?: Record<string, unknown>): void {
    const event = { action, recordType, recordId, childIds: new Set(childIds), fields: new Set(fields), changes };
    // Inside a mutation the event waits for the mutation's savepoint, like its writes.
    if (this.mutation) this.mutation.events.push(event);
    else this.events.push(event);
  }

  /**
   * Opens the write buffer of one mutation (runMutation). Mutations of a request run one after another,
   * so at most one is open. Writes reach the audit only through `closeMutation(buffer, true)`.
   */
  openMutation(): MutationWrites {
    if (this.mutation) throw new Error('A mutation is already open in this request.');
    this.mutation = new MutationWrites();
    return this.mutation;
  }

  /** Ends the mutation: committed, its writes become audit events; rolled back, they are dropped. */
  closeMutation(buffer: MutationWrites, committed: boolean): void {
    if (this.mutation !== buffer) throw new Error('Closing a mutation that is not the open one.');
    this.mutation = null;
    if (!committed) return;
    for (const w of buffer.writes.values()) {
      const changes: Record<string, unknown> = {};
      for (const [f, c] of w.changes) changes[f] = isRestrictedProperty(w.recordType, f) ? NOT_COPIED : c;
      this.events.push({ action: w.action, recordType: w.recordType, recordId: w.recordId, childIds: w.childIds, fields: new Set(w.changes.keys()), changes });
    }
    this.events.push(...buffer.events);
  }

  get size(): number {
    return this.reads.size + this.events.length;
  }

  /**
   * Events about records whose child was not established while the request ran (a write to a
   * contribution whose discussion was not loaded; a record the caller owns whose parents its row scope
   * no longer shows, such as a police contribution to a discussion it was invited to long ago; a LADO
   * referral's children) get it from the one child path, one statement per type. These look-ups see
   * every row: they only name, in the audit log, the child of records the caller has already read or
   * written, and nothing else runs on the connection once execution has finished.
   */
  private async resolveChildren(em: EntityManager, events: PendingEvent[]): Promise<void> {
    const byType = new Map<string, PendingEvent[]>();
    for (const e of events) {
      if (e.childIds.size || !e.recordType || !e.recordId || !childPathOfClass(e.recordType)) continue;
      byType.set(e.recordType, [...(byType.get(e.recordType) ?? []), e]);
    }
    if (!byType.size) return;
    const [{ scope }] = await em.execute<{ scope: string | null }[]>(`select current_setting('hub.row_scope', true) as scope`);
    await em.execute(`select set_config('hub.row_scope', 'all', true)`);
    try {
      for (const [type, list] of byType) {
        const found = await resolveChildIds(em, childPathOfClass(type)!, [...new Set(list.map((e) => e.recordId!))]);
        for (const e of list) for (const id of found.get(e.recordId!) ?? []) e.childIds.add(id);
      }
    } finally {
      await em.execute(`select set_config('hub.row_scope', ?, true)`, [scope ?? '']);
    }
  }

  /**
   * One statement for the whole request. Its reads are one READ row (`records` lists each record with its
   * children and fields): a row per record cost more PostgreSQL time than a 100-record page itself.
   */
  async flush(em: EntityManager): Promise<void> {
    const reads = this.enabled ? [...this.reads.values()] : [];
    const events = this.enabled ? [...this.events] : [];
    this.events.length = 0;
    this.reads.clear();
    if (!events.length && !reads.length) return;
    await this.resolveChildren(em, [...events, ...reads]);
    const row = (e: Omit<PendingEvent, 'changes'> & { changes?: Record<string, unknown> | null; records?: unknown[] }) => ({
      ...this.who(),
      action: e.action,
      record_type: e.recordType,
      record_id: e.recordId || null,
      child_ids: [...e.childIds],
      fields: [...e.fields].sort(),
      changes: e.changes ?? null,
      records: e.records ?? null,
    });
    const rows = events.map(row);
    if (reads.length) rows.push(row(readsRow(reads)));
    await runPrepared(em, 'hub_append_audit', 'select hub_append_audit($1::jsonb)', [JSON.stringify(rows)]);
    // Every committed write of a record about a child is an event for partner systems, in this same
    // transaction (the transactional outbox, migrations/Migration20261213000000_outbox.ts).
    // A record only its owner may see (a decision not to share, a disclosure, an access notice) is no event:
    // even its id would tell another agency that it exists.
    const written = rows.filter((r) => OUTBOX_ACTIONS.has(r.action) && r.record_id && r.child_ids.length && !ownerOnlyType(em, String(r.record_type)));
    if (written.length) {
      await runPrepared(
        em,
        'hub_outbox_append',
        `insert into outbox_event (action, record_type, record_id, child_ids, request_id)
           select x.action, x.record_type, x.record_id, x.child_ids, x.request_id from jsonb_to_recordset($1::jsonb) as x(action text, record_type text, record_id uuid, child_ids uuid[], request_id text)`,
        [JSON.stringify(written.map((r) => ({ action: r.action, record_type: r.record_type, record_id: r.record_id, child_ids: r.child_ids, request_id: (r as { request_id?: string }).request_id ?? null })))],
      );
    }
  }
}

/** The record types seen by their owner alone (childScope.ownerOnly), from the ORM metadata, derived once. */
const ownerOnlyTypes = new WeakMap<object, ReadonlySet<string>>();
function ownerOnlyType(em: EntityManager, recordType: string): boolean {
  const storage = em.getMetadata();
  let types = ownerOnlyTypes.get(storage);
  if (!types) ownerOnlyTypes.set(storage, (types = new Set([...storage.getAll().values()].filter((m) => childScopeOf(m).ownerOnly).map((m) => m.className))));
  return types.has(recordType);
}

/** The audited actions that are events for partner systems: committed writes. */
const OUTBOX_ACTIONS: ReadonlySet<string> = new Set([AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE]);

/** The request's reads as one event: unions of children and fields, type and id when the same for all. */
function readsRow(reads: PendingEvent[]): Omit<PendingEvent, 'changes'> & { records: unknown[] } {
  const types = new Set(reads.map((r) => r.recordType));
  const childIds = new Set<string>();
  const fields = new Set<string>();
  for (const r of reads) {
    for (const c of r.childIds) childIds.add(c);
    for (const f of r.fields) fields.add(f);
  }
  return {
    action: AuditAction.READ,
    recordType: types.size === 1 ? reads[0]!.recordType : null,
    recordId: reads.length === 1 ? reads[0]!.recordId : null,
    childIds,
    fields,
    records: reads.map((r) => ({ recordType: r.recordType, recordId: r.recordId, childIds: [...r.childIds], fields: [...r.fields].sort() })),
  };
}
