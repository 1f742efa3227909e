import { toGlobalId } from '../server/graphql/global-id';

/** An outbox row, as both channels read it. */
export interface EventRow {
  id: string;
  action: string;
  record_type: string;
  record_id: string;
  child_ids: string[];
  occurred_at: Date;
}

/** What a partner receives, by webhook or subscription: ids only, so it reads the record back with its own access. */
export interface WebhookEvent {
  eventId: string;
  type: string;
  recordType: string;
  recordId: string;
  childIds: string[];
  occurredAt: string;
}

/** The event as sent to one recipient, naming only the children it may see. */
export function eventFor(e: EventRow, visibleChildren: readonly string[]): WebhookEvent {
  return {
    eventId: e.id,
    type: `${e.record_type}.${e.action}`,
    recordType: e.record_type,
    recordId: toGlobalId(e.record_type, e.record_id),
    childIds: visibleChildren.map((c) => toGlobalId('Child', c)),
    occurredAt: new Date(e.occurred_at).toISOString(),
  };
}

/** Who received an event, as the audit records every principal. */
export interface Recipient {
  requestId: string;
  subject: string;
  agencyId: string;
  agencyCode: string;
  roles: readonly string[];
  purpose: string;
  clientId: string | null;
  operationName: string;
}

/**
 * Audits one event sent to one recipient as an EXPORT row naming the children it was told about: what left
 * the hub is evidence like a read, whichever channel carried it.
 */
export async function auditSent(query: (sql: string, params: unknown[]) => Promise<unknown>, e: EventRow, visibleChildren: readonly string[], to: Recipient, changes: Record<string, unknown>): Promise<void> {
  await query('select hub_append_audit($1::jsonb)', [
    JSON.stringify([
      {
        request_id: to.requestId,
        subject: to.subject,
        agency_id: to.agencyId,
        agency_code: to.agencyCode,
        roles: to.roles,
        purpose: to.purpose,
        client_id: to.clientId,
        operation_name: to.operationName,
        document_hash: null,
        action: 'EXPORT',
        record_type: e.record_type,
        record_id: e.record_id,
        child_ids: visibleChildren,
        fields: ['childIds', 'eventId', 'recordId', 'type'],
        changes: { ...changes, eventId: e.id },
        records: null,
      },
    ]),
  ]);
}
