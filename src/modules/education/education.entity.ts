import type { Ref } from '@mikro-orm/core';
import { Check, Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Classification } from '../../access/classification';
import { Expose } from '../../access/expose';
import { HubRecord } from '../../db/hub-record';
import { Node } from '../../server/graphql/node';
import { Agency } from '../agencies/agency.entity';
import { Child } from '../people/child.entity';

/**
 * Education records (+: the SSD has only SEND/EHCP placeholders and the UPN). Owned by the school or the
 * local authority that records them; their detail is EDUCATION tier.
 */

/** A child's enrolment at a school (the school is a hub agency, e.g. SCH-CASTLEGATE-HIGH). */
@Entity({ tableName: 'school_enrolment' })
@Check({ name: 'school_enrolment_dates', expression: '(to_date is null or to_date >= from_date)' })
@ObjectType({ implements: Node, description: 'A child on the roll of a school, from/to.' })
export class SchoolEnrolment extends HubRecord {
  @ManyToOne(() => Child, { ref: true, deleteRule: 'restrict' })
  @Index()
  child!: Ref<Child>;

  @ManyToOne(() => Agency, { ref: true, deleteRule: 'restrict' })
  @Index()
  school!: Ref<Agency>;

  @Property({ type: 'date' })
  @Expose(Classification.EDUCATION, () => GraphQLLocalDate, { description: 'First day on roll.' })
  fromDate!: string;

  @Property({ type: 'date', nullable: true })
  @Expose(Classification.EDUCATION, () => GraphQLLocalDate, { nullable: true, description: 'Last day on roll; null while enrolled.' })
  toDate?: string | null;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.IDENTITY, () => String, { nullable: true, description: 'Unique pupil number the school used for the child (check letter validated).' })
  upnUsed?: string | null;
}

/** Attendance over one period (term, half term or academic year), from the school's register. */
@Entity({ tableName: 'attendance_summary' })
@Check({ name: 'attendance_attended_le_possible', expression: '(attended_sessions <= possible_sessions)' })
@ObjectType({ implements: Node, description: 'Attendance of a child at a school over a period, in sessions (half days).' })
export class AttendanceSummary extends HubRecord {
  @ManyToOne(() => Child, { ref: true, deleteRule: 'restrict' })
  @Index()
  child!: Ref<Child>;

  @ManyToOne(() => Agency, { ref: true, deleteRule: 'restrict' })
  @Index()
  school!: Ref<Agency>;

  @Property({ type: 'text' })
  @Expose(Classification.EDUCATION, { description: 'Period label, e.g. "2026/27 autumn term".' })
  periodLabel!: string;

  @Property({ type: 'date' })
  @Index()
  @Expose(Classification.EDUCATION, () => GraphQLLocalDate, { description: 'First day of the period.' })
  periodStart!: string;

  @Property({ type: 'date' })
  @Expose(Classification.EDUCATION, () => GraphQLLocalDate, { description: 'Last day of the period.' })
  periodEnd!: string;

  @Property({ type: 'integer' })
  @Expose(Classification.EDUCATION, () => Int, { description: 'Possible sessions (half days) in the period.' })
  possibleSessions!: number;

  @Property({ type: 'integer' })
  @Expose(Classification.EDUCATION, () => Int, { description: 'Sessions attended (present or approved educational activity); at most possibleSessions.' })
  attendedSessions!: number;

  @Property({ type: 'integer', default: 0 })
  @Expose(Classification.EDUCATION, () => Int, { description: 'Sessions of authorised absence.' })
  authorisedAbsenceSessions: number = 0;

  @Property({ type: 'integer', default: 0 })
  @Expose(Classification.EDUCATION, () => Int, { description: 'Sessions of unauthorised absence.' })
  unauthorisedAbsenceSessions: number = 0;

  @Expose(Classification.EDUCATION, () => Float, { nullable: true, description: 'Attended / possible sessions as a percentage (one decimal); null when there were no possible sessions.' })
  get attendancePercent(): number | null {
    return this.possibleSessions > 0 ? Math.round((1000 * this.attendedSessions) / this.possibleSessions) / 10 : null;
  }

  @Expose(Classification.EDUCATION, () => Boolean, { description: 'Persistently absent: missed 10% or more of possible sessions (DfE definition).' })
  get persistentlyAbsent(): boolean {
    return this.possibleSessions > 0 && (this.possibleSessions - this.attendedSessions) * 10 >= this.possibleSessions;
  }
}

export enum ExclusionKind {
  SUSPENSION = 'SUSPENSION',
  PERMANENT_EXCLUSION = 'PERMANENT_EXCLUSION',
}
registerEnumType(ExclusionKind, {
  name: 'ExclusionKind',
  description: 'Suspension (fixed-period exclusion) or permanent exclusion (DfE school census).',
  valuesConfig: {
    SUSPENSION: { description: 'Suspension (formerly fixed-period exclusion), for a number of sessions.' },
    PERMANENT_EXCLUSION: { description: 'Permanent exclusion.' },
  },
});

/** DfE school census reason codes for suspensions and permanent exclusions. */
export enum ExclusionReason {
  PP = 'PP',
  PA = 'PA',
  VP = 'VP',
  VA = 'VA',
  OW = 'OW',
  BU = 'BU',
  RA = 'RA',
  AB = 'AB',
  AD = 'AD',
  DM = 'DM',
  TH = 'TH',
  MT = 'MT',
  DA = 'DA',
  SM = 'SM',
  PD = 'PD',
  WT = 'WT',
  OT = 'OT',
}
registerEnumType(ExclusionReason, {
  name: 'ExclusionReason',
  description: 'DfE school census reason for a suspension or permanent exclusion.',
  valuesConfig: {
    PP: { description: 'Physical assault against a pupil.' },
    PA: { description: 'Physical assault against an adult.' },
    VP: { description: 'Verbal abuse / threatening behaviour against a pupil.' },
    VA: { description: 'Verbal abuse / threatening behaviour against an adult.' },
    OW: { description: 'Use, or threat of use, of an offensive weapon or prohibited item.' },
    BU: { description: 'Bullying.' },
    RA: { description: 'Racist abuse.' },
    AB: { description: 'Abuse against sexual orientation and gender identity.' },
    AD: { description: 'Abuse relating to disability.' },
    DM: { description: 'Damage.' },
    TH: { description: 'Theft.' },
    MT: { description: 'Inappropriate use of social media or online technology.' },
    DA: { description: 'Drug and alcohol related.' },
    SM: { description: 'Sexual misconduct.' },
    PD: { description: 'Persistent or general disruptive behaviour.' },
    WT: { description: 'Wilful and repeated transgression of protective measures in place to protect public health.' },
    OT: { description: 'Other (legacy code; use a specific reason where one applies).' },
  },
});

@Entity({ tableName: 'exclusion' })
@ObjectType({ implements: Node, description: 'A suspension or permanent exclusion of a child from a school.' })
export class Exclusion extends HubRecord {
  @ManyToOne(() => Child, { ref: true, deleteRule: 'restrict' })
  @Index()
  child!: Ref<Child>;

  @ManyToOne(() => Agency, { ref: true, deleteRule: 'restrict' })
  @Index()
  school!: Ref<Agency>;

  @Enum({ items: () => ExclusionKind, nativeEnumName: 'exclusion_kind' })
  @Expose(Classification.EDUCATION, () => ExclusionKind, { description: 'Suspension or permanent exclusion.' })
  kind!: ExclusionKind;

  @Property({ type: 'date' })
  @Index()
  @Expose(Classification.EDUCATION, () => GraphQLLocalDate, { description: 'First day of the suspension or exclusion.' })
  startDate!: string;

  @Property({ type: 'integer', nullable: true })
  @Expose(Classification.EDUCATION, () => Int, { nullable: true, description: 'Length of a suspension in sessions (half days); null for a permanent exclusion.' })
  sessions?: number | null;

  @Enum({ items: () => ExclusionReason, nativeEnumName: 'exclusion_reason' })
  @Expose(Classification.EDUCATION, () => ExclusionReason, { description: 'DfE reason code.' })
  reason!: ExclusionReason;
}

export enum EhcPlanStatus {
  REQUESTED = 'REQUESTED',
  ASSESSING = 'ASSESSING',
  ISSUED = 'ISSUED',
  CEASED = 'CEASED',
}
registerEnumType(EhcPlanStatus, {
  name: 'EhcPlanStatus',
  description: 'Where an education, health and care plan stands (SEN2).',
  valuesConfig: {
    REQUESTED: { description: 'EHC needs assessment requested (SSD `ehcr_ehcp_req_date`).' },
    ASSESSING: { description: 'Needs assessment under way.' },
    ISSUED: { description: 'Final plan issued (due within 20 weeks of the request).' },
    CEASED: { description: 'Plan ceased (SSD `ehcn_named_plan_ceased_date`).' },
  },
});

export enum SenNeed {
  SPLD = 'SPLD',
  MLD = 'MLD',
  SLD = 'SLD',
  PMLD = 'PMLD',
  SEMH = 'SEMH',
  SLCN = 'SLCN',
  HI = 'HI',
  VI = 'VI',
  MSI = 'MSI',
  PD = 'PD',
  ASD = 'ASD',
  OTH = 'OTH',
}
registerEnumType(SenNeed, {
  name: 'SenNeed',
  description: 'SEN type (SSD `senn_active_ehcp_need_type`, SEN2).',
  valuesConfig: {
    SPLD: { description: 'Specific learning difficulty.' },
    MLD: { description: 'Moderate learning difficulty.' },
    SLD: { description: 'Severe learning difficulty.' },
    PMLD: { description: 'Profound and multiple learning difficulty.' },
    SEMH: { description: 'Social, emotional and mental health.' },
    SLCN: { description: 'Speech, language and communication needs.' },
    HI: { description: 'Hearing impairment.' },
    VI: { description: 'Vision impairment.' },
    MSI: { description: 'Multi-sensory impairment.' },
    PD: { description: 'Physical disability.' },
    ASD: { description: 'Autistic spectrum disorder.' },
    OTH: { description: 'Other difficulty or disability.' },
  },
});

/** Statutory time limit from EHC needs assessment request to final plan (SEND Regulations 2014 reg 13). */
export const EHCP_ISSUE_WEEKS = 20;

@Entity({ tableName: 'ehc_plan' })
@Check({ name: 'ehc_plan_issue_after_request', expression: '(issue_date is null or issue_date >= request_date)' })
@ObjectType({ implements: Node, description: 'An education, health and care plan: from the needs assessment request to issue and cessation.' })
export class EhcPlan extends HubRecord {
  @ManyToOne(() => Child, { ref: true, deleteRule: 'restrict' })
  @Index()
  child!: Ref<Child>;

  @Enum({ items: () => EhcPlanStatus, nativeEnumName: 'ehc_plan_status' })
  @Index()
  @Expose(Classification.EDUCATION, () => EhcPlanStatus, { description: 'Where the plan stands.' })
  status!: EhcPlanStatus;

  @Property({ type: 'date' })
  @Expose(Classification.EDUCATION, () => GraphQLLocalDate, { description: 'Date the EHC needs assessment request was received (SSD `ehcr_ehcp_req_date`).' })
  requestDate!: string;

  @Property({ type: 'date', nullable: true })
  @Expose(Classification.EDUCATION, () => GraphQLLocalDate, { nullable: true, description: 'Date the final plan was issued.' })
  issueDate?: string | null;

  @Property({ type: 'boolean', default: false })
  @Expose(Classification.EDUCATION, { description: 'Whether an exception to the 20-week time limit applies (SSD `ehca_ehcp_assessment_exceptions`).' })
  timeLimitExceptionApplies: boolean = false;

  @Enum({ items: () => SenNeed, nativeEnumName: 'sen_need', nullable: true })
  @Expose(Classification.EDUCATION, () => SenNeed, { nullable: true, description: 'Primary SEN need.' })
  primaryNeed?: SenNeed | null;

  @Property({ type: 'date', nullable: true })
  @Expose(Classification.EDUCATION, () => GraphQLLocalDate, { nullable: true, description: 'Date the plan ceased.' })
  ceasedDate?: string | null;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.EDUCATION, () => String, { nullable: true, description: 'SEN2 cease reason code 1-9 (1 max age, 2 needs met, 3 HE, 4 employment, 5 transferred LA, 6 disengaged, 7 moved outside England, 8 deceased, 9 other).' })
  ceasedReason?: string | null;

  @Expose(Classification.EDUCATION, () => GraphQLLocalDate, { description: 'The 20-week deadline for issuing the final plan (request date + 20 weeks).' })
  get issueDueDate(): string {
    const d = new Date(`${this.requestDate}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + EHCP_ISSUE_WEEKS * 7);
    return d.toISOString().slice(0, 10);
  }

  @Expose(Classification.EDUCATION, () => Boolean, { nullable: true, description: 'Whether the plan was issued within 20 weeks; null while not yet issued.' })
  get issuedWithin20Weeks(): boolean | null {
    return this.issueDate ? this.issueDate <= this.issueDueDate : null;
  }
}

/** A child missing education (CME): not on a school roll and not otherwise receiving suitable education. */
@Entity({ tableName: 'child_missing_education' })
@Check({ name: 'child_missing_education_dates', expression: '(resolved_date is null or resolved_date >= reported_date)' })
@ObjectType({ implements: Node, description: 'An episode of a child missing education, from report to resolution.' })
export class ChildMissingEducation extends HubRecord {
  @ManyToOne(() => Child, { ref: true, deleteRule: 'restrict' })
  @Index()
  child!: Ref<Child>;

  @Property({ type: 'date' })
  @Index()
  @Expose(Classification.EDUCATION, () => GraphQLLocalDate, { description: 'Date the child was reported as missing education.' })
  reportedDate!: string;

  @Property({ type: 'date', nullable: true })
  @Expose(Classification.EDUCATION, () => GraphQLLocalDate, { nullable: true, description: 'Date the episode was resolved (back on roll, suitable education found, left the area); null while open.' })
  resolvedDate?: string | null;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.EDUCATION, () => String, { nullable: true, description: 'How it was resolved, e.g. "Enrolled at Brookside Academy".' })
  resolution?: string | null;
}
