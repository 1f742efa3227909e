import { type Ref } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { ObjectType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { Classification } from '../../access/classification';
import { Expose } from '../../access/expose';
import { HubRecord } from '../../db/hub-record';
import { Node } from '../../server/graphql/node';
import { Child } from './child.entity';

/**
 * An assertion that two child records (usually made by different agencies) describe the same child.
 * Records are never merged: a link is explicit, made by a person with a reason, and reversible
 * (unlinking sets unlinkedAt/By/Reason; the row is never deleted). One active link per pair (either
 * direction), enforced by a partial unique index over the ordered pair.
 */
@Entity({ tableName: 'child_link' })
@Index({
  name: 'child_link_active_pair_unique',
  expression:
    'create unique index "child_link_active_pair_unique" on "child_link" (least("child_id", "other_child_id"), greatest("child_id", "other_child_id")) where "unlinked_at" is null and "deleted_at" is null',
})
@ObjectType({ implements: Node, description: 'An explicit, reversible link between two records believed to be the same child.' })
export class ChildLink extends HubRecord {
  @ManyToOne(() => Child, { ref: true })
  @Index()
  child!: Ref<Child>;

  @ManyToOne(() => Child, { ref: true })
  @Index()
  otherChild!: Ref<Child>;

  @Property({ type: 'text' })
  @Expose(Classification.IDENTITY, { description: 'Why the records are believed to be the same child (e.g. "same NHS number and date of birth; confirmed with the health visitor").' })
  reason!: string;

  @Property({ type: 'timestamptz' })
  @Expose(Classification.IDENTITY, () => GraphQLDateTime, { description: 'When the link was made.' })
  linkedAt: Date = new Date();

  @Property({ type: 'text' })
  @Expose(Classification.IDENTITY, { description: 'Subject of the practitioner who made the link.' })
  linkedBy!: string;

  @Property({ type: 'timestamptz', nullable: true })
  @Expose(Classification.IDENTITY, () => GraphQLDateTime, { nullable: true, description: 'When the link was withdrawn; null while it stands.' })
  unlinkedAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.IDENTITY, () => String, { nullable: true, description: 'Subject of the practitioner who withdrew the link.' })
  unlinkedBy?: string | null;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.IDENTITY, () => String, { nullable: true, description: 'Why the link was withdrawn.' })
  unlinkReason?: string | null;

  @Expose(Classification.IDENTITY, () => Boolean, { description: 'Whether the link stands (not withdrawn).' })
  get active(): boolean {
    return !this.unlinkedAt;
  }
}
