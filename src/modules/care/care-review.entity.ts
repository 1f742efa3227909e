import { type Ref } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Classification } from '../../access/classification';
import { Expose } from '../../access/expose';
import { HubRecord } from '../../db/hub-record';
import { Node } from '../../server/graphql/node';
import { Child } from '../people/child.entity';
import { CareReviewType, ReviewParticipation } from './care.codes';
import { CareEpisode } from './care-episode.entity';

/** A statutory looked-after review (SSD `ssd_cla_reviews`), chaired by the IRO; owned by the local authority. */
@Entity({ tableName: 'care_review' })
@ObjectType({ implements: Node, description: "A statutory review of a looked-after child's care plan (IRO review)." })
export class CareReview extends HubRecord {
  @ManyToOne(() => Child, { ref: true, deleteRule: 'restrict' })
  @Index()
  child!: Ref<Child>;

  @ManyToOne(() => CareEpisode, { ref: true, deleteRule: 'restrict' })
  @Index()
  episode!: Ref<CareEpisode>;

  @Enum({ items: () => CareReviewType, nativeEnumName: 'care_review_type' })
  @Expose(Classification.SUMMARY, () => CareReviewType, { description: 'First, second or subsequent statutory review.' })
  type!: CareReviewType;

  @Property({ type: 'date' })
  @Index()
  @Expose(Classification.SUMMARY, () => GraphQLLocalDate, { description: 'Date the review was held (SSD `clar_cla_review_date`).' })
  reviewDate!: string;

  @Property({ type: 'date', nullable: true })
  @Expose(Classification.SUMMARY, () => GraphQLLocalDate, { nullable: true, description: 'Date the review was due (SSD `clar_cla_review_due_date`).' })
  dueDate?: string | null;

  @Enum({ items: () => ReviewParticipation, nativeEnumName: 'care_review_participation', nullable: true })
  @Expose(Classification.SUMMARY, () => ReviewParticipation, { nullable: true, description: "SSDA903 child's participation (PN0-PN7)." })
  participation?: ReviewParticipation | null;

  @Expose(Classification.SUMMARY, () => Boolean, { description: 'True when the review was held after its due date.' })
  get heldLate(): boolean {
    return !!this.dueDate && this.reviewDate > this.dueDate;
  }
}
