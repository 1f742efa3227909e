import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTime, GraphQLJSON } from 'graphql-scalars';
import { Classification } from '../access/classification';
import { Expose } from '../access/expose';

export enum AuditAction {
  READ = 'READ',
  CREATE = 'CREATE',
  UPDATE = 'UPDATE',
  DELETE = 'DELETE',
  STATUS_CARD = 'STATUS_CARD',
  EMERGENCY_ACCESS = 'EMERGENCY_ACCESS',
  EXPORT = 'EXPORT',
  SEARCH = 'SEARCH',
}
registerEnumType(AuditAction, {
  name: 'AuditAction',
  description: 'What was done to a record.',
  valuesConfig: {
    READ: { description: 'Fields of a child-level record were returned to the caller.' },
    CREATE: { description: 'A record was created.' },
    UPDATE: { description: 'A record was changed.' },
    DELETE: { description: 'A record was withdrawn (soft delete).' },
    STATUS_CARD: { description: "A child's status card was looked up." },
    EMERGENCY_ACCESS: { description: 'Break-glass access was granted.' },
    EXPORT: { description: 'Data about the child was exported (e.g. subject access extract).' },
    SEARCH: { description: 'A search for a child (findChildren): the criteria and reason in `changes`, the children returned in `childIds` (empty when nothing matched).' },
  },
});

@ObjectType({ description: 'One record returned by a request, as its READ audit row lists it.' })
export class AuditRecordRead {
  @Expose(Classification.AUDIT, { description: 'Record type (GraphQL type name).' })
  recordType!: string;
  @Expose(Classification.AUDIT, { description: 'Record id.' })
  recordId!: string;
  @Expose(Classification.AUDIT, () => [String], { description: 'Children the record is about.' })
  childIds!: string[];
  @Expose(Classification.AUDIT, () => [String], { description: 'Fields of it that were returned.' })
  fields!: string[];
}

/**
 * One audited access (append-only). A request's reads are one READ row listing every record returned
 * (`records`); each write is a row of its own. Rows are written only through `hub_append_audit` (one call per
 * request, in the request transaction, with the transaction's id and no hash); `hub_seal_audit` later
 * chains each final row's hash to the previous one at its position, in the insert-only table
 * audit_chain (src/audit/audit-sealer.ts). The
 * application role can insert but never update or delete (migrations Migration20261122910000_audit,
 * Migration20261203500000_audit_sealing).
 */
@Entity({ tableName: 'audit_event' })
@Index({ properties: ['subject', 'occurredAt'] })
@Index({ properties: ['occurredAt'] })
@Index({ name: 'audit_event_xid_seq_index', properties: ['xid', 'seq'] })
@Index({ name: 'audit_event_child_ids_index', expression: 'create index "audit_event_child_ids_index" on "audit_event" using gin ("child_ids")' })
@ObjectType({ description: 'An audited read or write of child-level data.' })
export class AuditEvent {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  @Expose(Classification.AUDIT, () => String, { description: 'Position in the append-only log.' })
  seq!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  @Expose(Classification.AUDIT, () => GraphQLDateTime, { description: 'When it happened.' })
  occurredAt!: Date;

  @Property({ type: 'text' })
  @Expose(Classification.AUDIT, { description: 'Request id (x-request-id).' })
  requestId!: string;

  @Property({ type: 'text' })
  @Expose(Classification.AUDIT, { description: 'Token subject of the caller.' })
  subject!: string;

  @Property({ type: 'uuid' })
  @Expose(Classification.AUDIT, { description: "Caller's agency id." })
  agencyId!: string;

  @Property({ type: 'text' })
  @Expose(Classification.AUDIT, { description: "Caller's agency code." })
  agencyCode!: string;

  @Property({ type: 'text[]' })
  @Expose(Classification.AUDIT, () => [String], { description: "Caller's roles." })
  roles!: string[];

  @Property({ type: 'text' })
  @Expose(Classification.AUDIT, { description: 'Declared purpose.' })
  purpose!: string;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.AUDIT, () => String, { nullable: true, description: 'Partner system (client id), if any.' })
  clientId?: string | null;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.AUDIT, () => String, { nullable: true, description: 'GraphQL operation name.' })
  operationName?: string | null;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.AUDIT, () => String, { nullable: true, description: 'SHA-256 of the GraphQL document.' })
  documentHash?: string | null;

  @Property({ type: 'text' })
  @Expose(Classification.AUDIT, () => AuditAction, { description: 'What was done.' })
  action!: AuditAction;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.AUDIT, () => String, { nullable: true, description: 'Record type (GraphQL type name); for a READ, set when every record read was of this type.' })
  recordType?: string | null;

  @Property({ type: 'uuid', nullable: true })
  @Expose(Classification.AUDIT, () => String, { nullable: true, description: 'Record id; for a READ, set when one record was read (`records` lists them all).' })
  recordId?: string | null;

  @Property({ type: 'uuid[]' })
  @Expose(Classification.AUDIT, () => [String], { description: 'Children whose data was touched.' })
  childIds!: string[];

  @Property({ type: 'text[]' })
  @Expose(Classification.AUDIT, () => [String], { description: 'Fields read or changed (for a READ of several records, every field read of any of them).' })
  fields!: string[];

  @Property({ type: 'jsonb', nullable: true })
  @Expose(Classification.AUDIT, () => [AuditRecordRead], { nullable: true, description: 'For a READ: every record the request returned, with its children and the fields returned of it.' })
  records?: AuditRecordRead[] | null;

  @Property({ type: 'jsonb', nullable: true })
  @Expose(Classification.AUDIT, () => GraphQLJSON, { nullable: true, description: 'For writes: old and new values of changed fields; clinical, intelligence and LADO values are recorded as changed, not copied.' })
  changes?: Record<string, unknown> | null;

  /** The inserting transaction's id: sealing chains rows in (xid, seq) order once their transaction has ended; null for rows chained before sealing. */
  @Property({ type: 'string', columnType: 'xid8', nullable: true, defaultRaw: 'pg_current_xact_id()' })
  xid?: string | null;
}
