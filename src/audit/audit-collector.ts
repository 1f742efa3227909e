import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ChangeSet } from '@mikro-orm/core';
import type { Principal } from '../access/principal';
import { AuditAction } from './audit-event.entity';
import { isRestrictedProperty } from './restricted-fields';
import { childIdOf, childPathOfClass, resolveChildIds } from '../access/child-of';

interface PendingEvent {
  action: AuditAction;
  recordType: string | null;
  recordId: string | null;
  childIds: Set<string>;
  fields: Set<string>;
  changes?: Record<string, unknown>;
}

/**
 * Collects one request's audit events (reads from the field guard, writes from each mutation's change
 * sets) and writes them in one batched call at the end of the request, inside the request
 * transaction: a write without its audit row cannot be committed.
 */
export class AuditCollector {
  private readonly reads = new Map<string, PendingEvent>();
  private readonly events: PendingEvent[] = [];
  private operationName: string | null = null;
  private documentHash: string | null = null;

  constructor(
    private readonly principal: Principal,
    private readonly agencyId: string,
    private readonly requestId: string,
    /** Only the audit-overhead benchmark turns this off; the server always audits. */
    private readonly enabled = true,
  ) {}

  setOperation(name: string | null | undefined, document: string | undefined): void {
    this.operationName = name ?? null;
    this.documentHash = document ? createHash('sha256').update(document).digest('hex') : null;
  }

  /** A field of a child-level record was returned. */
  read(recordType: string, recordId: string, childIds: readonly string[], field: string): void {
    const key = `${recordType}:${recordId}`;
    let e = this.reads.get(key);
    if (!e) {
      e = { action: AuditAction.READ, recordType, recordId, childIds: new Set(), fields: new Set() };
      this.reads.set(key, e);
    }
    for (const id of childIds) e.childIds.add(id);
    e.fields.add(field);
  }

  record(action: AuditAction, recordType: string | null, recordId: string | null, childIds: string[], fields: string[] = [], changes?: Record<string, unknown>): void {
    this.events.push({ action, recordType, recordId, childIds: new Set(childIds), fields: new Set(fields), changes });
  }

  /** Turns a mutation's change sets into write events (old/new values, restricted tiers redacted). */
  recordChangeSets(changeSets: ChangeSet<object>[]): void {
    for (const cs of changeSets) {
      const entity = cs.entity as Record<string, unknown> & { id?: string };
      const type = cs.meta.className;
      const childId = childIdOf(entity, type);
      const payload = (cs.payload ?? {}) as Record<string, unknown>;
      const original = (cs.originalEntity ?? {}) as Record<string, unknown>;
      const fields = Object.keys(payload).filter((f) => !['updatedAt', 'updatedBy', 'version', 'createdAt', 'createdBy'].includes(f));
      const changes: Record<string, unknown> = {};
      for (const f of fields) {
        changes[f] = isRestrictedProperty(type, f) ? 'changed (value not copied: restricted tier)' : { old: cs.type === 'create' ? null : (original[f] ?? null), new: payload[f] ?? null };
      }
      const action = cs.type === 'create' ? AuditAction.CREATE : payload.deletedAt ? AuditAction.DELETE : AuditAction.UPDATE;
      this.record(action, type, String(entity.id ?? ''), childId ? [childId] : [], fields, changes);
    }
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

  /** One statement for the whole request (at most one batched insert per request). */
  async flush(em: EntityManager): Promise<void> {
    const all = this.enabled ? [...this.events, ...this.reads.values()] : [];
    this.events.length = 0;
    this.reads.clear();
    if (!all.length) return;
    await this.resolveChildren(em, all);
    const p = this.principal;
    const rows = all.map((e) => ({
      request_id: this.requestId,
      subject: p.subject,
      agency_id: this.agencyId,
      agency_code: p.agencyCode,
      roles: p.roles,
      purpose: p.purpose,
      client_id: p.clientId ?? null,
      operation_name: this.operationName,
      document_hash: this.documentHash,
      action: e.action,
      record_type: e.recordType,
      record_id: e.recordId || null,
      child_ids: [...e.childIds],
      fields: [...e.fields].sort(),
      changes: e.changes ?? null,
    }));
    await em.execute('select hub_append_audit(?::jsonb)', [JSON.stringify(rows)]);
  }
}
