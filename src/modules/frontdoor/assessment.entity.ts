import { type Ref } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Classification } from '../../access/classification';
import { Expose } from '../../access/expose';
import { HubRecord } from '../../db/hub-record';
import { Node } from '../../server/graphql/node';
import { Child } from '../people/child.entity';
import { AssessmentFactor, AssessmentOutcome } from './codes';
import { Referral } from './referral.entity';

/**
 * A child and family (single) assessment under a referral (SSD `ssd_cin_assessments` with its
 * `ssd_assessment_factors` as an array of DfE factor codes).
 */
@Entity({ tableName: 'assessment' })
@Index({ properties: ['startDate'] })
@ObjectType({ implements: Node, description: 'A child and family (single) assessment under a referral (SSD `ssd_cin_assessments`).' })
export class Assessment extends HubRecord {
  @ManyToOne(() => Child, { ref: true, deleteRule: 'restrict' })
  @Index()
  child!: Ref<Child>;

  @ManyToOne(() => Referral, { ref: true, deleteRule: 'restrict' })
  @Index()
  referral!: Ref<Referral>;

  @Property({ type: 'date' })
  @Expose(Classification.SUMMARY, () => GraphQLLocalDate, { description: 'Actual start date of the continuous assessment (SSD `cina_assessment_start_date`).' })
  startDate!: string;

  @Property({ type: 'date', nullable: true })
  @Expose(Classification.SUMMARY, () => GraphQLLocalDate, { nullable: true, description: 'Date the assessment was authorised (completed) by a manager (SSD `cina_assessment_auth_date`); null while in progress.' })
  authorisedDate?: string | null;

  @Property({ type: 'boolean', nullable: true })
  @Expose(Classification.SOCIAL_CARE, () => Boolean, { nullable: true, description: 'Whether the child was seen during the assessment (SSD `cina_assessment_child_seen`).' })
  childSeen?: boolean | null;

  @Enum({ items: () => AssessmentFactor, array: true, nativeEnumName: 'assessment_factor' })
  @Expose(Classification.SOCIAL_CARE, () => [AssessmentFactor], { description: 'Factors identified at the end of the assessment: DfE CIN codes (SSD `ssd_assessment_factors`).' })
  factors: AssessmentFactor[] = [];

  @Enum({ items: () => AssessmentOutcome, nativeEnumName: 'assessment_outcome', nullable: true })
  @Expose(Classification.SUMMARY, () => AssessmentOutcome, { nullable: true, description: 'What the assessment concluded; null while in progress.' })
  outcome?: AssessmentOutcome | null;
}
