import { type Ref } from '@mikro-orm/core';
import { Check, Entity, Enum, Index, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { ObjectType } from 'type-graphql';
import { GraphQLDateTime, GraphQLLocalDate } from 'graphql-scalars';
import { Classification } from '../../access/classification';
import { Expose } from '../../access/expose';
import { HubRecord } from '../../db/hub-record';
import { Node } from '../../server/graphql/node';
import { Agency, AgencyKind } from '../agencies/agency.entity';
import { Referral } from '../frontdoor/referral.entity';
import { Child } from '../people/child.entity';
import { HandlingCode, IntelligenceAssessment, SourceEvaluation } from '../exploitation/exploitation-screening.entity';
import { ParticipantStatus, StrategyDiscussionDecision, StrategyDiscussionFormat, StrategyDiscussionStage, StrategyDiscussionUrgency } from './codes';

/**
 * A strategy discussion (hub extension: the SSD only sees the s47 start date). Owned by the convening
 * agency (usually the local authority), which alone changes it and manages its participant list.
 *
 * Lifecycle (issue 13): convened (reason, urgency, planned time, invitations with a respond-by time) →
 * each invited agency accepts, declines with a reason or sends a written contribution → held (attendance,
 * decision, actions assigned to agencies). A discussion recorded after the fact is HELD from the start.
 * Only a held discussion has a decision (check constraint), and the scorecard counts held ones only.
 */
@Entity({ tableName: 'strategy_discussion' })
@Check({ name: 'strategy_discussion_decided_when_held', expression: `((stage = 'HELD') = (decision is not null))` })
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

  @Enum({ items: () => StrategyDiscussionStage, nativeEnumName: 'strategy_discussion_stage', default: StrategyDiscussionStage.HELD })
  @Expose(Classification.SUMMARY, () => StrategyDiscussionStage, { description: 'Convened (invitations out, no decision yet) or held.' })
  stage: StrategyDiscussionStage = StrategyDiscussionStage.HELD;

  @Enum({ items: () => StrategyDiscussionUrgency, nativeEnumName: 'strategy_discussion_urgency', nullable: true })
  @Expose(Classification.SUMMARY, () => StrategyDiscussionUrgency, { nullable: true, description: 'How soon the convener needed it held; null for a discussion recorded after the fact.' })
  urgency?: StrategyDiscussionUrgency | null;

  @Property({ type: 'timestamptz', nullable: true })
  @Expose(Classification.SUMMARY, () => GraphQLDateTime, { nullable: true, description: 'When the discussion was convened (the invitations went out); null for a discussion recorded after the fact.' })
  convenedAt?: Date | null;

  @Property({ type: 'timestamptz' })
  @Expose(Classification.SUMMARY, () => GraphQLDateTime, { description: 'When the discussion was held; while it is only CONVENED, when it is planned.' })
  heldAt!: Date;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.SUMMARY, () => String, { nullable: true, description: 'Why no health agency was invited (required when none is on the participant list).' })
  healthNotInvitedReason?: string | null;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.SUMMARY, () => String, { nullable: true, description: 'Why no school or other education setting was invited (required when none is on the participant list).' })
  educationNotInvitedReason?: string | null;

  @Enum({ items: () => StrategyDiscussionFormat, nativeEnumName: 'strategy_discussion_format' })
  @Expose(Classification.SUMMARY, () => StrategyDiscussionFormat, { description: 'Meeting, telephone call or video conference.' })
  format!: StrategyDiscussionFormat;

  @Enum({ items: () => StrategyDiscussionDecision, nativeEnumName: 'strategy_discussion_decision', nullable: true })
  @Index()
  @Expose(Classification.SUMMARY, () => StrategyDiscussionDecision, { nullable: true, description: 'What was decided; null while the discussion is only convened.' })
  decision?: StrategyDiscussionDecision | null;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.SOCIAL_CARE, () => String, { nullable: true, description: 'Why that decision was made.' })
  decisionRationale?: string | null;
}

/**
 * One agency's place in a strategy discussion. Who may change what (each agency writes only rows it
 * owns, which the row-level security policies enforce as well):
 * - the convening agency owns these rows: it adds participants and records, as it understands them,
 *   the status (INVITED / ATTENDED / DECLINED / NOT_INVITED with the reason), role, name, invitedAt;
 * - the invited agency records its own account (ATTENDED, or DECLINED with a reason) as a
 *   StrategyDiscussionResponse row it owns; that account then wins over the convener's entry, and the
 *   convening agency can no longer change the status (a partner's account of its own attendance or
 *   decline is not rewritten by someone else);
 * - an agency recorded as NOT_INVITED cannot respond: it challenges the non-invitation with the convener.
 * The GraphQL fields `status`, `statusReason` and `practitionerName` show the effective values.
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

  /** As the convening agency recorded it; the GraphQL field prefers the agency's own response. */
  @Property({ type: 'text', nullable: true })
  practitionerName?: string | null;

  /** As the convening agency recorded it; the GraphQL field prefers the agency's own response. */
  @Enum({ items: () => ParticipantStatus, nativeEnumName: 'strategy_participant_status' })
  @Index()
  status!: ParticipantStatus;

  /** As the convening agency recorded it; the GraphQL field prefers the agency's own response. */
  @Property({ type: 'text', nullable: true })
  statusReason?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  @Expose(Classification.SUMMARY, () => GraphQLDateTime, { nullable: true, description: 'When the agency was invited; null when it was not invited.' })
  invitedAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  @Expose(Classification.SUMMARY, () => GraphQLDateTime, { nullable: true, description: 'By when the invited agency is asked to respond (accept, decline or send a written contribution); its worklist shows the invitation until then.' })
  respondBy?: Date | null;
}

/**
 * An action agreed when a strategy discussion was held, assigned to one agency with a due date. Owned by
 * the convening agency (it records the decision); the agency it is assigned to gets a task in its
 * worklist (src/modules/workflow/task-rules.ts) and closes that task when the action is done.
 */
@Entity({ tableName: 'strategy_discussion_action' })
@ObjectType({ implements: Node, description: 'An action agreed at a strategy discussion, assigned to an agency with a due date.' })
export class StrategyDiscussionAction extends HubRecord {
  @ManyToOne(() => StrategyDiscussion, { ref: true, deleteRule: 'restrict' })
  @Index()
  discussion!: Ref<StrategyDiscussion>;

  @ManyToOne(() => Agency, { ref: true, deleteRule: 'restrict' })
  @Index()
  assignedAgency!: Ref<Agency>;

  @Property({ type: 'text' })
  @Expose(Classification.SUMMARY, { description: 'What the agency is to do, in words every agency working with the child may read (no case detail).' })
  description!: string;

  @Property({ type: 'date' })
  @Expose(Classification.SUMMARY, () => GraphQLLocalDate, { description: 'The last day the action is in time (late from the end of that day in England).' })
  dueBy!: string;
}

/**
 * An invited agency's own account of its participation (ATTENDED, or DECLINED with a reason), owned by
 * that agency. At most one per participant row. Not a GraphQL type of its own: it shows through the
 * participant's effective fields.
 */
@Entity({ tableName: 'strategy_discussion_response' })
export class StrategyDiscussionResponse extends HubRecord {
  @ManyToOne(() => StrategyDiscussionParticipant, { ref: true, deleteRule: 'restrict' })
  @Unique()
  participant!: Ref<StrategyDiscussionParticipant>;

  @Enum({ items: () => ParticipantStatus, nativeEnumName: 'strategy_participant_status' })
  status!: ParticipantStatus;

  @Property({ type: 'text', nullable: true })
  statusReason?: string | null;

  @Property({ type: 'text', nullable: true })
  practitionerName?: string | null;
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

  @Enum({ items: () => SourceEvaluation, nativeEnumName: 'source_evaluation', nullable: true })
  @Expose(Classification.POLICE_INTELLIGENCE, () => SourceEvaluation, { nullable: true, description: '3x5x2 source evaluation of the police intelligence (immutable once recorded).' })
  sourceEvaluation?: SourceEvaluation | null;

  @Enum({ items: () => IntelligenceAssessment, nativeEnumName: 'intelligence_assessment', nullable: true })
  @Expose(Classification.POLICE_INTELLIGENCE, () => IntelligenceAssessment, { nullable: true, description: '3x5x2 intelligence assessment of the police intelligence (immutable once recorded).' })
  intelligenceAssessment?: IntelligenceAssessment | null;

  @Enum({ items: () => HandlingCode, nativeEnumName: 'handling_code', nullable: true })
  @Expose(Classification.POLICE_INTELLIGENCE, () => HandlingCode, { nullable: true, description: '3x5x2 handling code of the police intelligence (immutable once recorded).' })
  handlingCode?: HandlingCode | null;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.POLICE_INTELLIGENCE, () => String, { nullable: true, description: 'Conditions on sharing (required with handling code C).' })
  handlingConditions?: string | null;

  @Expose(Classification.POLICE_INTELLIGENCE, () => String, { nullable: true, description: 'The 3x5x2 grade in short form, e.g. "1A P"; null without police intelligence.' })
  get intelligenceGrade(): string | null {
    const source = this.sourceEvaluation ? { RELIABLE: '1', UNTESTED: '2', NOT_RELIABLE: '3' }[this.sourceEvaluation] : null;
    return source && this.intelligenceAssessment && this.handlingCode ? `${source}${this.intelligenceAssessment} ${this.handlingCode}` : null;
  }
}
