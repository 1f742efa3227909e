import { type Ref } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { ObjectType } from 'type-graphql';
import { GraphQLDateTime, GraphQLLocalDate } from 'graphql-scalars';
import { Classification } from '../../access/classification';
import { Expose } from '../../access/expose';
import { HubRecord } from '../../db/hub-record';
import type { ChildScopeDeclaration } from '../../access/child-of';
import { Node } from '../../server/graphql/node';
import { Child } from '../people/child.entity';
import { LadoAdultRole, LadoHarmCategory, LadoOutcome } from './codes';

/**
 * An allegation against a person who works with children, managed by the LADO (hub extension; the SSD
 * has no such record). Every field but the record id and timestamps is LADO-classified.
 */
@Entity({ tableName: 'lado_referral' })
@Index({ properties: ['referralDate'] })
@ObjectType({ implements: Node, description: 'An allegation against a person who works with children, managed by the local authority designated officer (LADO).' })
export class LadoReferral extends HubRecord {
  /**
   * The children involved are listed in lado_referral_child (several, or none when not known to the
   * hub): reads and writes are audited against all of them. Row scope: the LADO's own authority only;
   * an involvement with one of the children does not open an allegation against an adult.
   */
  static readonly childScope: ChildScopeDeclaration = { childrenThrough: { entity: 'LadoReferralChild', relation: 'ladoReferral' }, ownerOnly: true };

  @Property({ type: 'date' })
  @Expose(Classification.LADO, () => GraphQLLocalDate, { description: 'Date the allegation was referred to the LADO.' })
  referralDate!: string;

  @Property({ type: 'text' })
  @Expose(Classification.LADO, { description: 'Summary of the allegation.' })
  allegationSummary!: string;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.LADO, () => String, { nullable: true, description: 'Given name(s) of the adult the allegation is about.' })
  adultGivenName?: string | null;

  @Property({ type: 'text' })
  @Expose(Classification.LADO, { description: 'Family name of the adult the allegation is about.' })
  adultFamilyName!: string;

  @Property({ type: 'text' })
  @Expose(Classification.LADO, { description: 'Employer, or organisation the adult volunteers for (school, fostering agency, club...).' })
  employer!: string;

  @Enum({ items: () => LadoAdultRole, nativeEnumName: 'lado_adult_role' })
  @Expose(Classification.LADO, () => LadoAdultRole, { description: 'Role in which the adult works with children.' })
  adultRole!: LadoAdultRole;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.LADO, () => String, { nullable: true, description: 'Detail of the role (e.g. "PE teacher", "under-12s football coach").' })
  roleDetail?: string | null;

  @Enum({ items: () => LadoHarmCategory, nativeEnumName: 'lado_harm_category' })
  @Expose(Classification.LADO, () => LadoHarmCategory, { description: 'Category of harm alleged.' })
  harmCategory!: LadoHarmCategory;

  @Property({ type: 'boolean', nullable: true })
  @Expose(Classification.LADO, () => Boolean, { nullable: true, description: 'Whether the allegation meets the harm threshold for LADO management; null until decided.' })
  thresholdMet?: boolean | null;

  @Property({ type: 'date', nullable: true })
  @Expose(Classification.LADO, () => GraphQLLocalDate, { nullable: true, description: 'Date of the allegations management (strategy) meeting, if held.' })
  strategyMeetingDate?: string | null;

  @Enum({ items: () => LadoOutcome, nativeEnumName: 'lado_outcome', nullable: true })
  @Expose(Classification.LADO, () => LadoOutcome, { nullable: true, description: 'Outcome of the allegation; null until concluded.' })
  outcome?: LadoOutcome | null;

  @Property({ type: 'timestamptz', nullable: true })
  @Index()
  @Expose(Classification.LADO, () => GraphQLDateTime, { nullable: true, description: 'When the LADO closed the case; null while open.' })
  closedAt?: Date | null;
}

/** A child involved in a LADO allegation (optional: the child may not be known to the hub). */
@Entity({ tableName: 'lado_referral_child' })
@Unique({ properties: ['ladoReferral', 'child'] })
export class LadoReferralChild extends HubRecord {
  @ManyToOne(() => LadoReferral, { ref: true, deleteRule: 'cascade' })
  @Index()
  ladoReferral!: Ref<LadoReferral>;

  @ManyToOne(() => Child, { ref: true, deleteRule: 'restrict' })
  @Index()
  child!: Ref<Child>;
}
