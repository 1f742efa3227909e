import { type Ref } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { ObjectType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { Classification } from '../../access/classification';
import { Expose } from '../../access/expose';
import { HubRecord } from '../../db/hub-record';
import { Node } from '../../server/graphql/node';
import { Child } from '../people/child.entity';
import { ContactOutcome, ReferralSource } from './codes';

/** A contact received by the front door / MASH about a child (SSD `ssd_contacts`). */
@Entity({ tableName: 'contact' })
@Index({ properties: ['contactAt'] })
@ObjectType({ implements: Node, description: "A contact received by the local authority's front door (MASH) about a child (SSD `ssd_contacts`)." })
export class Contact extends HubRecord {
  @ManyToOne(() => Child, { ref: true, deleteRule: 'restrict' })
  @Index()
  child!: Ref<Child>;

  @Property({ type: 'timestamptz' })
  @Expose(Classification.SUMMARY, () => GraphQLDateTime, { description: 'When the contact was received into the local authority (SSD `cont_contact_date`).' })
  contactAt!: Date;

  @Enum({ items: () => ReferralSource, nativeEnumName: 'referral_source' })
  @Index()
  @Expose(Classification.SOCIAL_CARE, () => ReferralSource, { description: 'Who made the contact: DfE source code 1A..10 (SSD `cont_contact_source_code`).' })
  source!: ReferralSource;

  @Enum({ items: () => ContactOutcome, nativeEnumName: 'contact_outcome', nullable: true })
  @Expose(Classification.SUMMARY, () => ContactOutcome, { nullable: true, description: 'What the front door decided; null while the contact is being screened.' })
  outcome?: ContactOutcome | null;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Summary of the concern reported.' })
  summary?: string | null;
}
