import { ArrayType, type Ref } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Classification } from '../../access/classification';
import { Expose } from '../../access/expose';
import { HubRecord } from '../../db/hub-record';
import { Node } from '../../server/graphql/node';
import { Child } from '../people/child.entity';
import { CategoryOfAbuse, ConferenceOutcome, ConferenceType, PlanEndReason, Section47Outcome } from './codes';
import { StrategyDiscussion } from './strategy-discussion.entity';

/** A section 47 enquiry (SSD `ssd_s47_enquiry`), owned by the local authority that leads it. */
@Entity({ tableName: 'section47_enquiry' })
@Index({ properties: ['startDate'] })
@ObjectType({ implements: Node, description: 'A section 47 (Children Act 1989) child protection enquiry (SSD `ssd_s47_enquiry`).' })
export class Section47Enquiry extends HubRecord {
  @ManyToOne(() => Child, { ref: true, deleteRule: 'restrict' })
  @Index()
  child!: Ref<Child>;

  @ManyToOne(() => StrategyDiscussion, { ref: true, nullable: true, deleteRule: 'restrict' })
  @Index()
  strategyDiscussion?: Ref<StrategyDiscussion> | null;

  @Property({ type: 'date' })
  @Expose(Classification.SUMMARY, () => GraphQLLocalDate, { description: 'Start date: the date of the strategy discussion that initiated the enquiry (SSD `s47e_s47_start_date`).' })
  startDate!: string;

  @Property({ type: 'date', nullable: true })
  @Expose(Classification.SUMMARY, () => GraphQLLocalDate, { nullable: true, description: 'Date the enquiry was completed and authorised (SSD `s47e_s47_end_date`); null while open.' })
  endDate?: string | null;

  @Enum({ items: () => Section47Outcome, nativeEnumName: 's47_outcome', nullable: true })
  @Expose(Classification.SUMMARY, () => Section47Outcome, { nullable: true, description: 'Outcome (SSD `s47e_s47_outcome_json`); null while open.' })
  outcome?: Section47Outcome | null;

  @Property({ type: 'boolean', default: false })
  @Expose(Classification.SUMMARY, () => Boolean, { description: 'Whether an initial child protection conference is required (SSD CP_CONFERENCE_FLAG).' })
  conferenceRequired: boolean = false;
}

/** A child protection conference, initial or review (SSD `ssd_initial_cp_conference`, `ssd_cp_reviews`). */
@Entity({ tableName: 'child_protection_conference' })
@Index({ properties: ['conferenceDate'] })
@ObjectType({ implements: Node, description: 'An initial or review child protection conference (SSD `ssd_initial_cp_conference`, `ssd_cp_reviews`).' })
export class ChildProtectionConference extends HubRecord {
  @ManyToOne(() => Child, { ref: true, deleteRule: 'restrict' })
  @Index()
  child!: Ref<Child>;

  @Enum({ items: () => ConferenceType, nativeEnumName: 'cp_conference_type' })
  @Expose(Classification.SUMMARY, () => ConferenceType, { description: 'Initial (ICPC) or review (RCPC).' })
  type!: ConferenceType;

  @ManyToOne(() => Section47Enquiry, { ref: true, nullable: true, deleteRule: 'restrict' })
  @Index()
  section47Enquiry?: Ref<Section47Enquiry> | null;

  /** For a review conference: the plan it reviews. */
  @ManyToOne(() => ChildProtectionPlan, { ref: true, nullable: true, deleteRule: 'restrict' })
  @Index()
  reviewedPlan?: Ref<ChildProtectionPlan> | null;

  @Property({ type: 'date' })
  @Expose(Classification.SUMMARY, () => GraphQLLocalDate, { description: 'Date the conference took place (SSD `icpc_icpc_date` / `cppr_cp_review_date`).' })
  conferenceDate!: string;

  @Enum({ items: () => ConferenceOutcome, nativeEnumName: 'cp_conference_outcome' })
  @Expose(Classification.SUMMARY, () => ConferenceOutcome, { description: 'Child protection plan (made or continued) or no plan.' })
  outcome!: ConferenceOutcome;

  @Enum({ items: () => CategoryOfAbuse, nativeEnumName: 'category_of_abuse', nullable: true })
  @Expose(Classification.SUMMARY, () => CategoryOfAbuse, { nullable: true, description: 'Category of abuse under which the plan is made or continued; null when no plan.' })
  categoryOfAbuse?: CategoryOfAbuse | null;

  @Property({ type: 'text' })
  @Expose(Classification.SUMMARY, { description: 'Name of the independent chair.' })
  chairName!: string;

  /** Agencies that attended (ids of Agency rows); resolved through the agency loader. */
  @Property({ type: ArrayType, columnType: 'uuid[]', defaultRaw: "'{}'" })
  attendingAgencyIds: string[] = [];
}

/** A child protection plan (SSD `ssd_cp_plans`), owned by the local authority. */
@Entity({ tableName: 'child_protection_plan' })
@Index({ properties: ['child', 'startDate'] })
@Index({ properties: ['startDate'] })
@ObjectType({ implements: Node, description: 'A child protection plan (SSD `ssd_cp_plans`).' })
export class ChildProtectionPlan extends HubRecord {
  @ManyToOne(() => Child, { ref: true, deleteRule: 'restrict' })
  @Index()
  child!: Ref<Child>;

  @ManyToOne(() => ChildProtectionConference, { ref: true, nullable: true, deleteRule: 'restrict' })
  @Index()
  initialConference?: Ref<ChildProtectionConference> | null;

  @Property({ type: 'date' })
  @Expose(Classification.STATUS, () => GraphQLLocalDate, { description: 'Start date of the plan (SSD `cppl_cp_plan_start_date`).' })
  startDate!: string;

  @Property({ type: 'date', nullable: true })
  @Index()
  @Expose(Classification.STATUS, () => GraphQLLocalDate, { nullable: true, description: 'End date of the plan (SSD `cppl_cp_plan_end_date`); null while active.' })
  endDate?: string | null;

  @Enum({ items: () => CategoryOfAbuse, nativeEnumName: 'category_of_abuse' })
  @Index()
  @Expose(Classification.STATUS, () => CategoryOfAbuse, { description: 'Initial category of abuse (SSD `cppl_cp_plan_initial_category`; CIN codes).' })
  category!: CategoryOfAbuse;

  @Enum({ items: () => PlanEndReason, nativeEnumName: 'cp_plan_end_reason', nullable: true })
  @Expose(Classification.SUMMARY, () => PlanEndReason, { nullable: true, description: 'Why the plan ended; null while active.' })
  endReason?: PlanEndReason | null;
}

/** A statutory child protection visit (SSD `ssd_cp_visits`). */
@Entity({ tableName: 'child_protection_visit' })
@Index({ properties: ['visitDate'] })
@ObjectType({ implements: Node, description: 'A statutory visit to a child on a child protection plan (SSD `ssd_cp_visits`).' })
export class ChildProtectionVisit extends HubRecord {
  @ManyToOne(() => Child, { ref: true, deleteRule: 'restrict' })
  @Index()
  child!: Ref<Child>;

  @ManyToOne(() => ChildProtectionPlan, { ref: true, deleteRule: 'restrict' })
  @Index()
  plan!: Ref<ChildProtectionPlan>;

  @Property({ type: 'date' })
  @Expose(Classification.SUMMARY, () => GraphQLLocalDate, { description: 'Date of the visit (SSD `cppv_cp_visit_date`).' })
  visitDate!: string;

  @Property({ type: 'boolean' })
  @Expose(Classification.SUMMARY, () => Boolean, { description: 'Whether the child was seen (SSD `cppv_cp_visit_seen`).' })
  seen!: boolean;

  @Property({ type: 'boolean' })
  @Expose(Classification.SUMMARY, () => Boolean, { description: 'Whether the child was seen alone (SSD `cppv_cp_visit_seen_alone`).' })
  seenAlone!: boolean;

  @Property({ type: 'boolean', nullable: true })
  @Expose(Classification.SUMMARY, () => Boolean, { nullable: true, description: "Whether the child's bedroom was seen (SSD `cppv_cp_visit_bedroom`)." })
  bedroomSeen?: boolean | null;

  @Property({ type: 'text' })
  @Expose(Classification.SUMMARY, { description: 'Role of the practitioner who visited, e.g. "Social worker".' })
  practitionerRole!: string;
}

/** A core group meeting of a child protection plan (first within 10 working days of the ICPC). */
@Entity({ tableName: 'core_group_meeting' })
@Index({ properties: ['meetingDate'] })
@ObjectType({ implements: Node, description: 'A core group meeting: the professionals and family who carry out a child protection plan.' })
export class CoreGroupMeeting extends HubRecord {
  @ManyToOne(() => ChildProtectionPlan, { ref: true, deleteRule: 'restrict' })
  @Index()
  plan!: Ref<ChildProtectionPlan>;

  @Property({ type: 'date' })
  @Expose(Classification.SUMMARY, () => GraphQLLocalDate, { description: 'Date of the meeting.' })
  meetingDate!: string;
}
