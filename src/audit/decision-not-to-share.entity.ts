import { type Ref } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { ObjectType } from 'type-graphql';
import { GraphQLDateTime, GraphQLLocalDate } from 'graphql-scalars';
import { Classification } from '../access/classification';
import { Expose } from '../access/expose';
import { HubRecord } from '../db/hub-record';
import type { ChildScopeDeclaration } from '../access/child-of';
import { Node } from '../server/graphql/node';
import { Child } from '../modules/people/child.entity';

/**
 * Information-sharing golden rule 7: record the decision and the reasons, including decisions not to
 * share (and CWSA 2026 s16LA's exception: sharing judged more detrimental to the child). Owned by the
 * deciding agency, and seen by it alone: `withheldFrom` is the deciding agency's own description of who
 * was kept out (an agency, an agency kind, a person), so no rule keyed on it could be trusted to exclude
 * them; the record is therefore invisible to every other agency, involved with the child or not, the
 * one it was withheld from included. The DPO sees the decision through the audit log (its CREATE row).
 */
@Entity({ tableName: 'decision_not_to_share' })
@Index({ properties: ['child', 'decidedAt'] })
@ObjectType({ implements: Node, description: 'A recorded decision by an agency not to share information about a child, with its reason.' })
export class DecisionNotToShare extends HubRecord {
  static readonly childScope: ChildScopeDeclaration = { ownerOnly: true };

  @ManyToOne(() => Child, { ref: true })
  @Index()
  child!: Ref<Child>;

  @Property({ type: 'timestamptz' })
  @Expose(Classification.SUMMARY, () => GraphQLDateTime, { description: 'When the decision was made.' })
  decidedAt!: Date;

  @Property({ type: 'text' })
  @Expose(Classification.SUMMARY, { description: 'What kind of information was not shared (described without disclosing it).' })
  informationWithheld!: string;

  @Property({ type: 'text' })
  @Expose(Classification.SUMMARY, { description: 'Who it was not shared with (an agency or agency kind).' })
  withheldFrom!: string;

  @Property({ type: 'text' })
  @Expose(Classification.SUMMARY, { description: 'Why: e.g. sharing would be more detrimental to the child, or would put someone at risk.' })
  reason!: string;

  @Property({ type: 'date', nullable: true })
  @Expose(Classification.SUMMARY, () => GraphQLLocalDate, { nullable: true, description: 'When the decision should be looked at again.' })
  reviewBy?: string | null;

  @Property({ type: 'boolean', default: false })
  @Expose(Classification.SUMMARY, { description: 'The decision relies on the duty-to-share exception (Children Act 2004 s16LA, CWSA 2026): sharing was judged more detrimental to the child than not sharing; `reason` says why, and a reviewer is named.' })
  moreDetrimentalToChild: boolean = false;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.SUMMARY, () => String, { nullable: true, description: 'Who reviewed the decision (a manager, the designated safeguarding professional or the Caldicott guardian); required when it relies on the more-detrimental exception.' })
  reviewedByName?: string | null;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.SUMMARY, () => String, { nullable: true, description: "The reviewer's role." })
  reviewedByRole?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  @Expose(Classification.SUMMARY, () => GraphQLDateTime, { nullable: true, description: 'When it was reviewed (not before the decision).' })
  reviewedAt?: Date | null;
}
