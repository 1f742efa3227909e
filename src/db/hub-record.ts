import { randomUUID } from 'node:crypto';
import { type Ref } from '@mikro-orm/core';
import { Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { ID, Int, ObjectType } from 'type-graphql';
import { GraphQLDateTime, GraphQLUUID } from 'graphql-scalars';
import { Classification } from '../access/classification';
import { Expose } from '../access/expose';
import { toGlobalId } from '../server/graphql/global-id';
import { Agency, AgencyKind } from '../modules/agencies/agency.entity';
import { DEFAULT_LAWFUL_BASIS } from '../access/lawful-basis';

function lawfulBasisFor(owner: Ref<Agency> | Agency | undefined): string {
  const kind = (owner as { kind?: AgencyKind; unwrap?: () => Agency } | undefined)?.kind ?? (owner as { unwrap?: () => Agency } | undefined)?.unwrap?.().kind;
  return DEFAULT_LAWFUL_BASIS[kind ?? AgencyKind.LOCAL_AUTHORITY];
}

/**
 * What every shared record carries (DESIGN §5): id, owning agency, who/when, optimistic-lock version,
 * provenance from the partner system, and a soft-delete marker. Its GraphQL type is never emitted
 * on its own (type-graphql only emits reachable types); subclasses inherit its fields.
 */
@ObjectType('HubRecord', { description: 'Fields every shared record carries.' })

export abstract class HubRecord {
  @PrimaryKey({ type: 'uuid' })
  @Expose(Classification.SUMMARY, () => GraphQLUUID, { name: 'recordId', description: 'The record UUID (stable; use `id` for Relay `node`).' })
  id: string = randomUUID();

  @Expose(Classification.SUMMARY, () => ID, { name: 'id', description: 'Relay global id; pass to `node(id:)`.' })
  get globalId(): string {
    return toGlobalId(this.constructor.name, this.id);
  }

  /** The agency that owns the record and alone may change it. */
  @ManyToOne(() => Agency, { ref: true, deleteRule: 'restrict' })
  @Index()
  owningAgency!: Ref<Agency>;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  @Expose(Classification.SUMMARY, () => GraphQLDateTime, { description: 'When the hub first stored the record.' })
  createdAt: Date = new Date();

  @Property({ type: 'text' })
  @Expose(Classification.SUMMARY, { description: 'Subject (user or service) that created the record.' })
  createdBy!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()', onUpdate: () => new Date() })
  @Expose(Classification.SUMMARY, () => GraphQLDateTime, { description: 'When the record last changed.' })
  updatedAt: Date = new Date();

  @Property({ type: 'text' })
  @Expose(Classification.SUMMARY, { description: 'Subject that last changed the record.' })
  updatedBy!: string;

  @Property({ version: true, type: 'integer' })
  @Expose(Classification.SUMMARY, () => Int, { description: 'Optimistic-lock version; send it back as `expectedVersion` when updating.' })
  version!: number;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.SUMMARY, () => String, { nullable: true, description: 'Partner system the record came from (with `sourceRecordId`, unique per agency).' })
  sourceSystem?: string | null;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.SUMMARY, () => String, { nullable: true, description: "The record's id in its source system." })
  sourceRecordId?: string | null;

  // Defaulted by agency kind when the writer states none (services set it explicitly from the principal).
  @Property({ type: 'text', onCreate: (r: HubRecord) => r.lawfulBasis ?? lawfulBasisFor(r.owningAgency) })
  @Expose(Classification.SUMMARY, { description: 'Lawful basis on which the owning agency shares this record (defaulted from policy by agency kind; see src/access/lawful-basis.ts).' })
  lawfulBasis!: string;

  @Property({ type: 'timestamptz', nullable: true })
  @Expose(Classification.SUMMARY, () => GraphQLDateTime, { nullable: true, description: 'Set when the record was withdrawn (soft delete); withdrawn records are hidden from lists.' })
  deletedAt?: Date | null;
}
