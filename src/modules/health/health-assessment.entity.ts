import { type Ref } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Int, ObjectType } from 'type-graphql';
import { GraphQLDateTime, GraphQLLocalDate } from 'graphql-scalars';
import { Classification } from '../../access/classification';
import { Expose } from '../../access/expose';
import { HubRecord } from '../../db/hub-record';
import { Node } from '../../server/graphql/node';
import { Agency } from '../agencies/agency.entity';
import { CareEpisode } from '../care/care-episode.entity';
import { Child } from '../people/child.entity';
import { HealthAssessmentType, HealthAssessorRole, SdqReason } from './health.codes';

/**
 * A statutory health assessment of a looked-after child (IHA or RHA).
 *
 * Ownership (two parties, one row): the record is owned (`owningAgency`) by the HEALTH agency that
 * performs the assessment. The local authority that looks after the child creates it by
 * `requestHealthAssessment`: the request facts (`requestingAgency`, `requestedAt`, `dueBy`, the care
 * episode) are the authority's and only it may change them, and only before completion
 * (`updateHealthAssessmentRequest`). The assessment facts (completion, who performed it, outcome,
 * clinical detail, dental, immunisations, SDQ, declined) are health's and only the owning agency may
 * write them (`completeHealthAssessment`, `updateHealthAssessment`). So "when was health told" cannot be
 * rewritten by health, and clinical detail cannot be written by the authority. Each party's provenance is
 * kept apart: the inherited `sourceSystem`/`sourceRecordId` are health's; `requestSource*` are the authority's.
 *
 * The overdue worklist reads the partial index `health_assessment_overdue_idx` on (due_by, id) where
 * completed_at is null (only outstanding rows are in it, so it stays small as history grows).
 */
@Entity({ tableName: 'health_assessment' })
@Index({
  name: 'health_assessment_overdue_idx',
  expression: 'create index "health_assessment_overdue_idx" on "health_assessment" ("due_by", "id") where "completed_at" is null and "deleted_at" is null',
})
@Unique({ properties: ['requestingAgency', 'requestSourceSystem', 'requestSourceRecordId'] })
@ObjectType({ implements: Node, description: 'A statutory health assessment of a looked-after child (initial or review): requested by the local authority, performed and owned by a health agency.' })
export class HealthAssessment extends HubRecord {
  /** The requesting authority also writes the row (its request facts): row-level security admits it (src/access/row-scope.ts). */
  static readonly coWriterAgency = 'requestingAgency';

  @ManyToOne(() => Child, { ref: true, deleteRule: 'restrict' })
  @Index()
  child!: Ref<Child>;

  @ManyToOne(() => CareEpisode, { ref: true, deleteRule: 'restrict' })
  @Index()
  careEpisode!: Ref<CareEpisode>;

  /** The local authority that asked for the assessment (null when health arranged it without a hub request). */
  @ManyToOne(() => Agency, { ref: true, nullable: true, deleteRule: 'restrict' })
  @Index()
  requestingAgency?: Ref<Agency> | null;

  /**
   * Copied from the care episode when the assessment is requested, so the health agency can check its
   * dates (completion not before entering care) without reading the authority's episode, which row
   * security may hide from it.
   */
  @Property({ type: 'date' })
  @Expose(Classification.SUMMARY, () => GraphQLLocalDate, { description: 'Date the child entered care (from the care episode when the assessment was requested).' })
  enteredCareDate!: string;

  @Enum({ items: () => HealthAssessmentType, nativeEnumName: 'health_assessment_type' })
  @Expose(Classification.SUMMARY, () => HealthAssessmentType, { description: 'Initial (IHA) or review (RHA) health assessment.' })
  type!: HealthAssessmentType;

  @Property({ type: 'timestamptz', nullable: true })
  @Index()
  @Expose(Classification.SUMMARY, () => GraphQLDateTime, { nullable: true, description: 'When the local authority asked health for the assessment (recorded by the authority).' })
  requestedAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.SUMMARY, () => String, { nullable: true, description: "The requesting authority's system the request came from." })
  requestSourceSystem?: string | null;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.SUMMARY, () => String, { nullable: true, description: "The request's id in the authority's system; a retried request with the same pair returns the existing record." })
  requestSourceRecordId?: string | null;

  @Property({ type: 'date' })
  @Expose(Classification.SUMMARY, () => GraphQLLocalDate, { description: 'Date the assessment is due by (IHA: 20 working days after entering care; RHA: 6 or 12 months after the last).' })
  dueBy!: string;

  @Property({ type: 'date', nullable: true })
  @Index()
  @Expose(Classification.SUMMARY, () => GraphQLLocalDate, { nullable: true, description: 'Date the assessment was completed; null while outstanding.' })
  completedAt?: string | null;

  @Enum({ items: () => HealthAssessorRole, nativeEnumName: 'health_assessor_role', nullable: true })
  @Expose(Classification.SUMMARY, () => HealthAssessorRole, { nullable: true, description: 'Professional role of whoever performed the assessment.' })
  performedBy?: HealthAssessorRole | null;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.SUMMARY, () => String, { nullable: true, description: 'Shareable outcome summary for the care plan and review (no clinical detail).' })
  outcomeSummary?: string | null;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.HEALTH_CLINICAL, () => String, { nullable: true, description: 'Clinical detail of the assessment (health roles only).' })
  clinicalDetail?: string | null;

  @Property({ type: 'date', nullable: true })
  @Expose(Classification.SUMMARY, () => GraphQLLocalDate, { nullable: true, description: 'Date of the latest dental check known at the assessment (SSDA903 OC2 teeth checked).' })
  dentalCheckDate?: string | null;

  @Property({ type: 'boolean', nullable: true })
  @Expose(Classification.SUMMARY, () => Boolean, { nullable: true, description: 'Whether immunisations were up to date at the assessment (SSDA903 OC2); null when not known.' })
  immunisationsUpToDate?: boolean | null;

  @Property({ type: 'smallint', nullable: true })
  @Expose(Classification.SUMMARY, () => Int, { nullable: true, description: "Strengths and Difficulties Questionnaire total difficulties score, 0-40 (carer's SDQ)." })
  sdqScore?: number | null;

  @Enum({ items: () => SdqReason, nativeEnumName: 'health_sdq_reason', nullable: true })
  @Expose(Classification.SUMMARY, () => SdqReason, { nullable: true, description: 'SSDA903 reason no SDQ score is given (SDQ1-SDQ5).' })
  sdqReason?: SdqReason | null;

  @Property({ type: 'boolean', default: false })
  @Expose(Classification.SUMMARY, { description: 'True when the child or young person (or carer) declined or refused the assessment.' })
  declined: boolean = false;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.SUMMARY, () => String, { nullable: true, description: 'Why the assessment was declined or refused.' })
  declinedReason?: string | null;
}
