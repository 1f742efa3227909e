import { type Ref } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { Int, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Classification } from '../../access/classification';
import { Expose } from '../../access/expose';
import { HubRecord } from '../../db/hub-record';
import { Node } from '../../server/graphql/node';
import { Child } from '../people/child.entity';
import { PreProceedingsOutcome } from './codes';
import { Referral } from './referral.entity';

/**
 * A period of pre-proceedings under the Public Law Outline, with the family group decision-making offer
 * (SSD `ssd_pre_proceedings`; the CIN census 2026/27 `PreProceedingsandFGDM` module). Legal planning:
 * every field is social care detail.
 */
@Entity({ tableName: 'pre_proceedings' })
@ObjectType({ implements: Node, description: 'A period of pre-proceedings under the Public Law Outline, with family group decision-making (CIN census 2026/27 `PreProceedingsandFGDM`).' })
export class PreProceedings extends HubRecord {
  @ManyToOne(() => Child, { ref: true, deleteRule: 'restrict' })
  @Index()
  child!: Ref<Child>;

  @ManyToOne(() => Referral, { ref: true, nullable: true, deleteRule: 'restrict' })
  @Index()
  referral?: Ref<Referral> | null;

  @Property({ type: 'date' })
  @Expose(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { description: 'Date pre-proceedings started (CIN `PPStartDate`).' })
  startDate!: string;

  @Property({ type: 'date', nullable: true })
  @Expose(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { nullable: true, description: 'Date the letter before proceedings was sent to the parents (CIN `LBPSentDate`).' })
  letterBeforeProceedingsDate?: string | null;

  @Property({ type: 'boolean', nullable: true })
  @Expose(Classification.SOCIAL_CARE, () => Boolean, { nullable: true, description: 'Whether a family group decision-making meeting was offered (CIN `FGDMMeetingOffer`); null if not yet known.' })
  familyMeetingOffered?: boolean | null;

  @Property({ type: 'boolean', nullable: true })
  @Expose(Classification.SOCIAL_CARE, () => Boolean, { nullable: true, description: 'Whether a family group decision-making meeting took place (CIN `FGDMMeetingFac`); null if not yet known.' })
  familyMeetingHeld?: boolean | null;

  @Property({ type: 'date', nullable: true })
  @Expose(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { nullable: true, description: 'Date of the initial pre-proceedings meeting (CIN `InitialPPMeetingDate`).' })
  initialMeetingDate?: string | null;

  @Property({ type: 'integer', default: 0 })
  @Expose(Classification.SOCIAL_CARE, () => Int, { description: 'Pre-proceedings review meetings held (CIN `ReviewMeetingsCount`).' })
  reviewMeetings: number = 0;

  @Property({ type: 'date', nullable: true })
  @Expose(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { nullable: true, description: 'Date of the decision that ended pre-proceedings (CIN `StepDecisionDate`); null while they continue.' })
  decisionDate?: string | null;

  @Enum({ items: () => PreProceedingsOutcome, nativeEnumName: 'pre_proceedings_outcome', nullable: true })
  @Expose(Classification.SOCIAL_CARE, () => PreProceedingsOutcome, { nullable: true, description: 'What was decided; null while pre-proceedings continue.' })
  outcome?: PreProceedingsOutcome | null;

  @Property({ type: 'date', nullable: true })
  @Expose(Classification.SOCIAL_CARE, () => GraphQLLocalDate, { nullable: true, description: 'Date the care proceedings application was made to court (CIN `CourtAppDate`), after a decision to issue.' })
  courtApplicationDate?: string | null;
}
