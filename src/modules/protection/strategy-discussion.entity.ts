import { type Ref } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { ObjectType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { Classification } from '../../access/classification';
import { Expose } from '../../access/expose';
import { HubRecord } from '../../db/hub-record';
import { Node } from '../../server/graphql/node';
import { Agency, AgencyKind } from '../agencies/agency.entity';
import { Referral } from '../frontdoor/referral.entity';
import { Child } from '../people/child.entity';
import {
  IntelligenceAssessment,
  IntelligenceHandlingCode,
  IntelligenceSourceEvaluation,
  ParticipantStatus,
  StrategyDiscussionDecision,
  StrategyDiscussionFormat,
} from './codes';

/**
 * A strategy discussion (hub extension: the SSD only sees the s47 start date). Owned by the convening
 * agency (usually the local authority), which alone changes it and manages its participant list.
 */
@Entity({ tableName: 'strategy_discussion' })
@Index({ properties: ['heldAt'] })
@ObjectType({ implements: Node, description: 'A strategy discussion or meeting about a child where significant harm is suspected: who took part, what each agency contributed, and what was decided.' })
export class StrategyDiscussion extends HubRecord {
  @ManyToOne(() => Child, { ref: true, deleteRule: 'restrict' })
  @Index()
  child!: Ref<Child>;

  @ManyToOne(() => Referral, { ref: true, nullable: true, deleteRule: 'restrict' })
  @Index()
  referral?: Ref<Referral> | null;

  @Property({ type: 'text' })
  @Expose(Classification.SOCIAL_CARE, { description: 'Why the discussion was convened: the concern about significant harm.' })
  concernSummary!: string;

  @Property({ type: 'text' })
  @Expose(Classification.SUMMARY, { description: 'Name of the practitioner who convened the discussion.' })
  convenedByName!: string;

  @Property({ type: 'text' })
  @Expose(Classification.SUMMARY, { description: 'Role of the convening practitioner, e.g. "Team manager".' })
  convenedByRole!: string;

  @Property({ type: 'timestamptz' })
  @Expose(Classification.SUMMARY, () => GraphQLDateTime, { description: 'When the discussion was held.' })
  heldAt!: Date;

  @Enum({ items: () => StrategyDiscussionFormat, nativeEnumName: 'strategy_discussion_format' })
  @Expose(Classification.SUMMARY, () => StrategyDiscussionFormat, { description: 'Meeting, telephone call or video conference.' })
  format!: StrategyDiscussionFormat;

  @Enum({ items: () => StrategyDiscussionDecision, nativeEnumName: 'strategy_discussion_decision' })
  @Index()
  @Expose(Classification.SUMMARY, () => StrategyDiscussionDecision, { description: 'What was decided.' })
  decision!: StrategyDiscussionDecision;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Why that decision was made.' })
  decisionRationale?: string | null;
}

/**
 * One agency's place in a strategy discussion. Who may change what:
 * - the convening agency (the discussion's owner, which also owns these rows) adds participants and
 *   changes any field, including recording NOT_INVITED with the reason;
 * - the invited agency itself may record its own response (ATTENDED, or DECLINED with a reason), its
 *   practitioner's name and role, on a row naming it; it cannot mark itself NOT_INVITED or INVITED,
 *   nor touch other agencies' rows;
 * - once the invited agency has recorded its own response (`statusRecordedByAgency` is the participant
 *   agency), the convening agency may no longer overwrite that status: a partner's account of its own
 *   attendance or decline is not rewritten by someone else (partners may challenge non-invitation).
 */
@Entity({ tableName: 'strategy_discussion_participant' })
@ObjectType({ implements: Node, description: 'An agency invited to (or left out of) a strategy discussion, and whether it took part.' })
export class StrategyDiscussionParticipant extends HubRecord {
  @ManyToOne(() => StrategyDiscussion, { ref: true, deleteRule: 'restrict' })
  @Index()
  discussion!: Ref<StrategyDiscussion>;

  @ManyToOne(() => Agency, { ref: true, deleteRule: 'restrict' })
  @Index()
  agency!: Ref<Agency>;

  /** Copied from the agency when the row is made (agency kinds do not change): the scorecard counts by it in SQL. */
  @Enum({ items: () => AgencyKind, nativeEnumName: 'agency_kind' })
  @Expose(Classification.SUMMARY, () => AgencyKind, { description: 'Kind of the participating agency (local authority, health, police, education).' })
  agencyKind!: AgencyKind;

  @Property({ type: 'text' })
  @Expose(Classification.SUMMARY, { description: 'Role in which the agency takes part, e.g. "Health visitor", "Designated safeguarding lead".' })
  role!: string;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.SUMMARY, () => String, { nullable: true, description: 'Name of the practitioner representing the agency.' })
  practitionerName?: string | null;

  @Enum({ items: () => ParticipantStatus, nativeEnumName: 'strategy_participant_status' })
  @Index()
  @Expose(Classification.SUMMARY, () => ParticipantStatus, { description: 'Invited, attended, declined or not invited.' })
  status!: ParticipantStatus;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.SUMMARY, () => String, { nullable: true, description: 'Why the agency declined or was not invited (required for DECLINED and NOT_INVITED).' })
  statusReason?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  @Expose(Classification.SUMMARY, () => GraphQLDateTime, { nullable: true, description: 'When the agency was invited; null when it was not invited.' })
  invitedAt?: Date | null;

  /** Which agency last recorded the status: the convening agency or the participant agency itself. */
  @ManyToOne(() => Agency, { ref: true, deleteRule: 'restrict' })
  @Index()
  statusRecordedByAgency!: Ref<Agency>;
}

/**
 * What one agency brought to a strategy discussion. Owned by the CONTRIBUTING agency (owningAgency =
 * contributor): nobody else may change it. The detail sits in the one field of the contributor's own
 * domain, each carrying its own tier; police intelligence keeps its 3x5x2 grading.
 */
@Entity({ tableName: 'agency_contribution' })
@ObjectType({ implements: Node, description: "One agency's contribution to a strategy discussion; only that agency may change it." })
export class AgencyContribution extends HubRecord {
  @ManyToOne(() => StrategyDiscussion, { ref: true, deleteRule: 'restrict' })
  @Index()
  discussion!: Ref<StrategyDiscussion>;

  @Enum({ items: () => AgencyKind, nativeEnumName: 'agency_kind' })
  @Expose(Classification.SUMMARY, () => AgencyKind, { description: 'Kind of the contributing agency; decides which detail field it may fill.' })
  agencyKind!: AgencyKind;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.SUMMARY, () => String, { nullable: true, description: 'Name of the practitioner who gave the contribution.' })
  contributorName?: string | null;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.SUMMARY, () => String, { nullable: true, description: 'Role of the practitioner who gave the contribution.' })
  contributorRole?: string | null;

  @Property({ type: 'text' })
  @Expose(Classification.SUMMARY, { description: 'Shareable summary of what the agency knows and recommends, without professional detail.' })
  summary!: string;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.HEALTH_CLINICAL, () => String, { nullable: true, description: 'Clinical detail (health contributors only).' })
  healthDetail?: string | null;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.POLICE_INTELLIGENCE, () => String, { nullable: true, description: 'Police intelligence (police contributors only), graded 3x5x2.' })
  policeIntelligence?: string | null;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.EDUCATION, () => String, { nullable: true, description: 'School and education detail (education contributors only).' })
  educationDetail?: string | null;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.SOCIAL_CARE, () => String, { nullable: true, description: "Children's social care detail (local authority contributors only)." })
  socialCareDetail?: string | null;

  @Enum({ items: () => IntelligenceSourceEvaluation, nativeEnumName: 'intelligence_source_evaluation', nullable: true })
  @Expose(Classification.POLICE_INTELLIGENCE, () => IntelligenceSourceEvaluation, { nullable: true, description: '3x5x2 source evaluation of the police intelligence.' })
  sourceEvaluation?: IntelligenceSourceEvaluation | null;

  @Enum({ items: () => IntelligenceAssessment, nativeEnumName: 'intelligence_assessment', nullable: true })
  @Expose(Classification.POLICE_INTELLIGENCE, () => IntelligenceAssessment, { nullable: true, description: '3x5x2 intelligence assessment of the police intelligence.' })
  intelligenceAssessment?: IntelligenceAssessment | null;

  @Enum({ items: () => IntelligenceHandlingCode, nativeEnumName: 'intelligence_handling_code', nullable: true })
  @Expose(Classification.POLICE_INTELLIGENCE, () => IntelligenceHandlingCode, { nullable: true, description: '3x5x2 handling code of the police intelligence.' })
  handlingCode?: IntelligenceHandlingCode | null;

  @Expose(Classification.POLICE_INTELLIGENCE, () => String, { nullable: true, description: 'The 3x5x2 grade in short form, e.g. "1A P"; null without police intelligence.' })
  get intelligenceGrade(): string | null {
    return this.sourceEvaluation && this.intelligenceAssessment && this.handlingCode ? `${this.sourceEvaluation}${this.intelligenceAssessment} ${this.handlingCode}` : null;
  }
}
