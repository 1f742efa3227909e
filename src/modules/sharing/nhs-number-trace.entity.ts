import { type Ref } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { ObjectType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { Classification } from '../../access/classification';
import { Expose } from '../../access/expose';
import { HubRecord } from '../../db/hub-record';
import { Node } from '../../server/graphql/node';
import { Child } from '../people/child.entity';
import { NhsNumberTraceStatus } from './codes';

/**
 * One agency's trace of a child's NHS number against the NHS Personal Demographics Service, or its note
 * that the number is not traced yet and why (CWSA 2026 s16LC: the NHS number as the consistent child
 * identifier; 2026-updates.md: "A hub should hold the NHS number's trace status"). Owned by the agency
 * that traced; the child's trace status is its latest trace, whoever made it. The number itself is
 * IDENTITY detail; the status is SUMMARY, so every agency can see whether it can rely on the number.
 */
@Entity({ tableName: 'nhs_number_trace' })
@Index({ name: 'nhs_number_trace_child_checked_index', properties: ['child', 'checkedAt'] })
@ObjectType({ implements: Node, description: "A trace of a child's NHS number against the NHS Personal Demographics Service (or a note that it is not traced yet, and why)." })
export class NhsNumberTrace extends HubRecord {
  @ManyToOne(() => Child, { ref: true, deleteRule: 'restrict' })
  @Index()
  child!: Ref<Child>;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.IDENTITY, () => String, { nullable: true, description: 'The NHS number traced (10 digits); null when none could be traced.' })
  nhsNumber?: string | null;

  @Enum({ items: () => NhsNumberTraceStatus, nativeEnumName: 'nhs_number_trace_status' })
  @Expose(Classification.SUMMARY, () => NhsNumberTraceStatus, { description: 'Traced, not found, or not yet traced.' })
  status!: NhsNumberTraceStatus;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.SUMMARY, () => String, { nullable: true, description: 'Why it was not found, or why it is not traced yet (required for those); no case detail.' })
  reason?: string | null;

  @Property({ type: 'timestamptz' })
  @Expose(Classification.SUMMARY, () => GraphQLDateTime, { description: 'When the trace was done, or when it was noted as not yet done.' })
  checkedAt!: Date;
}
