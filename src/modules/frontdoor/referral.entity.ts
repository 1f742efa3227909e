import { type Ref } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { ObjectType } from 'type-graphql';
import { GraphQLDateTime, GraphQLLocalDate } from 'graphql-scalars';
import { Classification } from '../../access/classification';
import { Expose } from '../../access/expose';
import { HubRecord } from '../../db/hub-record';
import { Node } from '../../server/graphql/node';
import { Child } from '../people/child.entity';
import { ClosureReason, PrimaryNeed, ReferralSource } from './codes';
import { Contact } from './contact.entity';

/**
 * A referral to children's social care: the spine of a child in need episode (SSD `ssd_cin_episodes`).
 * Assessments, CIN plans, strategy discussions, s47 enquiries and conferences hang off it.
 */
@Entity({ tableName: 'referral' })
@Index({ properties: ['child', 'referralDate'] })
@Index({ properties: ['referralDate'] })
@ObjectType({ implements: Node, description: "A referral to children's social care: the child in need episode (SSD `ssd_cin_episodes`)." })
export class Referral extends HubRecord {
  @ManyToOne(() => Child, { ref: true, deleteRule: 'restrict' })
  @Index()
  child!: Ref<Child>;

  @ManyToOne(() => Contact, { ref: true, nullable: true, deleteRule: 'restrict' })
  @Index()
  contact?: Ref<Contact> | null;

  @Property({ type: 'date' })
  @Expose(Classification.SUMMARY, () => GraphQLLocalDate, { description: 'Date the referral is effective from (SSD `cine_referral_date`).' })
  referralDate!: string;

  @Enum({ items: () => ReferralSource, nativeEnumName: 'referral_source' })
  @Index()
  @Expose(Classification.SOCIAL_CARE, () => ReferralSource, { description: 'Referral source: DfE code 1A..10 (SSD `cine_referral_source_code`).' })
  source!: ReferralSource;

  @Enum({ items: () => PrimaryNeed, nativeEnumName: 'primary_need' })
  @Index()
  @Expose(Classification.SOCIAL_CARE, () => PrimaryNeed, { description: 'Primary need at assessment: DfE code N0..N9 (SSD `cine_cin_primary_need_code`).' })
  primaryNeed: PrimaryNeed = PrimaryNeed.N0;

  @Property({ type: 'boolean', default: false })
  @Expose(Classification.SUMMARY, () => Boolean, { description: 'True when the referral led to no further action (SSD `cine_referral_nfa`).' })
  nfa: boolean = false;

  @Property({ type: 'timestamptz', nullable: true })
  @Expose(Classification.SUMMARY, () => GraphQLDateTime, { nullable: true, description: 'When the decision on the referral was made (timescale: within 1 working day of the referral); null while awaiting decision.' })
  decisionAt?: Date | null;

  @Property({ type: 'date', nullable: true })
  @Index()
  @Expose(Classification.SUMMARY, () => GraphQLLocalDate, { nullable: true, description: 'Date the episode closed (SSD `cine_close_date`); null while open.' })
  closureDate?: string | null;

  @Enum({ items: () => ClosureReason, nativeEnumName: 'closure_reason', nullable: true })
  @Expose(Classification.SUMMARY, () => ClosureReason, { nullable: true, description: 'Reason for closure: DfE code RC1..RC9 (SSD `cine_close_reason`).' })
  closureReason?: ClosureReason | null;
}
