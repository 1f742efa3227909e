import { Arg, Args, ArgsType, Ctx, ID, InputType, Int, Mutation, Query, Resolver } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Classification } from '../../access/classification';
import { BelongsTo, HasMany } from '../../reads/relations';
import type { HubContext } from '../../server/context';
import { Connection, PageArgs, paginate, SortDirection } from '../../server/graphql/connection';
import { ErrorCollector, UserErrorCode } from '../../server/graphql/user-errors';
import { MutationPayload, type MutationResult } from '../../db/records';
import { Agency, AgencyKind } from '../agencies/agency.entity';
import { Child } from '../people/child.entity';
import { createChildRecord, findAgency, notBeforeBirth, notInFuture, updateChildRecord } from '../exploitation/child-records';
import { AttendanceSummary, ChildMissingEducation, EhcPlan, EhcPlanStatus, Exclusion, ExclusionKind, ExclusionReason, SchoolEnrolment, SenNeed } from './education.entity';
import { validateUpn } from '../people/identifiers';
import { FilterField, filters, InputField, match, reads } from '../../access/input-declarations';
import { filterWhere } from '../../reads/filters';

/*
 * Education records: enrolments, attendance, suspensions and exclusions, EHC plans and children missing
 * education. Each is owned by the school or local authority that records it; the school of an enrolment,
 * attendance summary or exclusion defaults to the caller's agency when the caller is a school.
 */

const dirOf = (d?: SortDirection) => (d === SortDirection.ASC ? 'asc' : 'desc');

/** Sets `draft.school` from a school code (or the calling school); the agency must be an education setting. */
async function resolveSchool(em: EntityManager, ctx: HubContext, errors: ErrorCollector, draft: Record<string, unknown>, schoolCode: string | null | undefined): Promise<void> {
  if (schoolCode === undefined && draft.school) return;
  let school: Agency | null = null;
  if (schoolCode) school = await findAgency(em, schoolCode, errors, 'schoolCode');
  else if (ctx.principal.agencyKind === AgencyKind.EDUCATION) school = await em.findOne(Agency, { id: ctx.agencyId });
  else errors.add('schoolCode', UserErrorCode.REQUIRED, 'Give the school (agency code).');
  if (school && school.kind !== AgencyKind.EDUCATION) errors.add('schoolCode', UserErrorCode.INVALID_CODE, `${school.code} is not a school or education setting.`);
  if (school) draft.school = school;
}

const CREATE_SOURCE = 'Id of the record in that system; a retried create with the same pair returns the existing record.';

// ---------------------------------------------------------------------------------------------------
// School enrolment

@InputType({ description: 'Fields of a school enrolment that may be set when recording it and changed later.' })
class SchoolEnrolmentFields {
  @InputField(Classification.EDUCATION, () => GraphQLLocalDate, { nullable: true, description: 'First day on roll (required on create).' })
  fromDate?: string;
  @InputField(Classification.EDUCATION, () => GraphQLLocalDate, { nullable: true, description: 'Last day on roll; not before fromDate.' })
  toDate?: string | null;
  @InputField(Classification.IDENTITY, () => String, { nullable: true, description: 'UPN the school used for the child (check letter validated).' })
  upnUsed?: string | null;
}
@InputType({ description: 'A new school enrolment.' })
class CreateSchoolEnrolmentInput extends SchoolEnrolmentFields {
  @InputField(Classification.EDUCATION, () => ID, { description: 'Global id of the child.' })
  childId!: string;
  @InputField(Classification.EDUCATION, () => String, { nullable: true, description: 'School agency code; defaults to your agency when you are a school.' })
  schoolCode?: string;
  @InputField(Classification.EDUCATION, () => String, { nullable: true, description: 'Partner system the record comes from.' })
  sourceSystem?: string;
  @InputField(Classification.EDUCATION, () => String, { nullable: true, description: CREATE_SOURCE })
  sourceRecordId?: string;
}
@InputType({ description: 'Changes to a school enrolment your agency owns; omitted fields stay as they are, null clears.' })
class UpdateSchoolEnrolmentInput extends SchoolEnrolmentFields {
  @InputField(Classification.EDUCATION, () => ID, { description: 'Global id of the enrolment.' })
  id!: string;
  @InputField(Classification.EDUCATION, () => Int, { description: 'The version you read; a stale version is refused with CONFLICT.' })
  expectedVersion!: number;
}
@ArgsType()
class SchoolEnrolmentArgs extends PageArgs {
  @FilterField(filters(() => SchoolEnrolment, match.id('child', 'Child')), () => ID, { nullable: true, description: 'Only enrolments of this child.' })
  childId?: string;
  @FilterField(filters(() => SchoolEnrolment, match.eq('school', 'school.code')), () => String, { nullable: true, description: 'Only enrolments at this school (agency code).' })
  schoolCode?: string;
  @FilterField(filters(() => SchoolEnrolment, match.nullWhen('toDate', true)), () => Boolean, { nullable: true, description: 'true: only current enrolments (no end date); false: only ended ones.' })
  current?: boolean;
  @FilterField(reads(() => SchoolEnrolment, 'fromDate'), () => SortDirection, { nullable: true, description: 'Order by fromDate (default DESC).' })
  direction?: SortDirection;
}

const ENROLMENT_FIELDS = ['fromDate', 'toDate', 'upnUsed'] as const;
function checkEnrolment(errors: ErrorCollector, e: Record<string, unknown> | SchoolEnrolment, child: Child | null): void {
  const r = e as Partial<SchoolEnrolment>;
  if (!r.fromDate) errors.add('fromDate', UserErrorCode.REQUIRED, 'Give the first day on roll.');
  errors.order('toDate', r.fromDate, r.toDate, 'The enrolment ends before it starts.');
  notBeforeBirth(errors, child, 'fromDate', r.fromDate);
  notInFuture(errors, 'toDate', r.toDate);
  if (r.upnUsed) {
    const upn = validateUpn(r.upnUsed);
    if (upn.ok) r.upnUsed = upn.value;
    else errors.add('upnUsed', UserErrorCode.INVALID_UPN, upn.reason);
  }
}

// ---------------------------------------------------------------------------------------------------
// Attendance

@InputType({ description: 'Fields of an attendance summary that may be set when recording it and changed later.' })
class AttendanceFields {
  @InputField(Classification.EDUCATION, () => String, { nullable: true, description: 'Period label, e.g. "2026/27 autumn term" (required on create).' })
  periodLabel?: string;
  @InputField(Classification.EDUCATION, () => GraphQLLocalDate, { nullable: true, description: 'First day of the period (required on create).' })
  periodStart?: string;
  @InputField(Classification.EDUCATION, () => GraphQLLocalDate, { nullable: true, description: 'Last day of the period (required on create).' })
  periodEnd?: string;
  @InputField(Classification.EDUCATION, () => Int, { nullable: true, description: 'Possible sessions (required on create).' })
  possibleSessions?: number;
  @InputField(Classification.EDUCATION, () => Int, { nullable: true, description: 'Sessions attended; at most possibleSessions (required on create).' })
  attendedSessions?: number;
  @InputField(Classification.EDUCATION, () => Int, { nullable: true, description: 'Sessions of authorised absence.' })
  authorisedAbsenceSessions?: number;
  @InputField(Classification.EDUCATION, () => Int, { nullable: true, description: 'Sessions of unauthorised absence.' })
  unauthorisedAbsenceSessions?: number;
}
@InputType({ description: 'A new attendance summary.' })
class CreateAttendanceSummaryInput extends AttendanceFields {
  @InputField(Classification.EDUCATION, () => ID, { description: 'Global id of the child.' })
  childId!: string;
  @InputField(Classification.EDUCATION, () => String, { nullable: true, description: 'School agency code; defaults to your agency when you are a school.' })
  schoolCode?: string;
  @InputField(Classification.EDUCATION, () => String, { nullable: true, description: 'Partner system the record comes from.' })
  sourceSystem?: string;
  @InputField(Classification.EDUCATION, () => String, { nullable: true, description: CREATE_SOURCE })
  sourceRecordId?: string;
}
@InputType({ description: 'Changes to an attendance summary your agency owns; omitted fields stay as they are.' })
class UpdateAttendanceSummaryInput extends AttendanceFields {
  @InputField(Classification.EDUCATION, () => ID, { description: 'Global id of the attendance summary.' })
  id!: string;
  @InputField(Classification.EDUCATION, () => Int, { description: 'The version you read; a stale version is refused with CONFLICT.' })
  expectedVersion!: number;
}
@ArgsType()
class AttendanceArgs extends PageArgs {
  @FilterField(filters(() => AttendanceSummary, match.id('child', 'Child')), () => ID, { nullable: true, description: 'Only attendance of this child.' })
  childId?: string;
  @FilterField(filters(() => AttendanceSummary, match.eq('school', 'school.code')), () => String, { nullable: true, description: 'Only attendance at this school (agency code).' })
  schoolCode?: string;
  @FilterField(filters(() => AttendanceSummary, match.gte('periodStart')), () => GraphQLLocalDate, { nullable: true, description: 'Only periods starting on or after this date.' })
  periodFrom?: string;
  @FilterField(filters(() => AttendanceSummary, match.lte('periodStart')), () => GraphQLLocalDate, { nullable: true, description: 'Only periods starting on or before this date.' })
  periodTo?: string;
  @FilterField(reads(() => AttendanceSummary, 'periodStart'), () => SortDirection, { nullable: true, description: 'Order by periodStart (default DESC).' })
  direction?: SortDirection;
}

const ATTENDANCE_FIELDS = ['periodLabel', 'periodStart', 'periodEnd', 'possibleSessions', 'attendedSessions', 'authorisedAbsenceSessions', 'unauthorisedAbsenceSessions'] as const;
function checkAttendance(errors: ErrorCollector, a: Record<string, unknown> | AttendanceSummary, child: Child | null): void {
  const r = a as Partial<AttendanceSummary>;
  r.authorisedAbsenceSessions ??= 0;
  r.unauthorisedAbsenceSessions ??= 0;
  if (!r.periodLabel?.trim()) errors.add('periodLabel', UserErrorCode.REQUIRED, 'Give the period, e.g. "2026/27 autumn term".');
  if (!r.periodStart) errors.add('periodStart', UserErrorCode.REQUIRED, 'Give the first day of the period.');
  if (!r.periodEnd) errors.add('periodEnd', UserErrorCode.REQUIRED, 'Give the last day of the period.');
  errors.order('periodEnd', r.periodStart, r.periodEnd, 'The period ends before it starts.');
  notBeforeBirth(errors, child, 'periodStart', r.periodStart);
  for (const key of ['possibleSessions', 'attendedSessions'] as const) if (r[key] == null) errors.add(key, UserErrorCode.REQUIRED, 'Give the number of sessions.');
  for (const key of ['possibleSessions', 'attendedSessions', 'authorisedAbsenceSessions', 'unauthorisedAbsenceSessions'] as const) {
    if (r[key] != null && r[key]! < 0) errors.add(key, UserErrorCode.OUT_OF_RANGE, 'Sessions cannot be negative.');
  }
  const possible = r.possibleSessions ?? 0;
  if (r.attendedSessions != null && r.attendedSessions > possible) errors.add('attendedSessions', UserErrorCode.OUT_OF_RANGE, 'More sessions attended than were possible.');
  else if ((r.attendedSessions ?? 0) + (r.authorisedAbsenceSessions ?? 0) + (r.unauthorisedAbsenceSessions ?? 0) > possible) {
    errors.add('unauthorisedAbsenceSessions', UserErrorCode.OUT_OF_RANGE, 'Attended and absent sessions add up to more than the possible sessions.');
  }
}

// ---------------------------------------------------------------------------------------------------
// Exclusions

@InputType({ description: 'Fields of a suspension or exclusion that may be set when recording it and changed later.' })
class ExclusionFields {
  @InputField(Classification.EDUCATION, () => ExclusionKind, { nullable: true, description: 'Suspension or permanent exclusion (required on create).' })
  kind?: ExclusionKind;
  @InputField(Classification.EDUCATION, () => GraphQLLocalDate, { nullable: true, description: 'First day (required on create).' })
  startDate?: string;
  @InputField(Classification.EDUCATION, () => Int, { nullable: true, description: 'Length of a suspension in sessions (required for a suspension, none for a permanent exclusion).' })
  sessions?: number | null;
  @InputField(Classification.EDUCATION, () => ExclusionReason, { nullable: true, description: 'DfE reason code (required on create).' })
  reason?: ExclusionReason;
}
@InputType({ description: 'A new suspension or permanent exclusion.' })
class CreateExclusionInput extends ExclusionFields {
  @InputField(Classification.EDUCATION, () => ID, { description: 'Global id of the child.' })
  childId!: string;
  @InputField(Classification.EDUCATION, () => String, { nullable: true, description: 'School agency code; defaults to your agency when you are a school.' })
  schoolCode?: string;
  @InputField(Classification.EDUCATION, () => String, { nullable: true, description: 'Partner system the record comes from.' })
  sourceSystem?: string;
  @InputField(Classification.EDUCATION, () => String, { nullable: true, description: CREATE_SOURCE })
  sourceRecordId?: string;
}
@InputType({ description: 'Changes to a suspension or exclusion your agency owns; omitted fields stay as they are.' })
class UpdateExclusionInput extends ExclusionFields {
  @InputField(Classification.EDUCATION, () => ID, { description: 'Global id of the exclusion.' })
  id!: string;
  @InputField(Classification.EDUCATION, () => Int, { description: 'The version you read; a stale version is refused with CONFLICT.' })
  expectedVersion!: number;
}
@ArgsType()
class ExclusionArgs extends PageArgs {
  @FilterField(filters(() => Exclusion, match.id('child', 'Child')), () => ID, { nullable: true, description: 'Only exclusions of this child.' })
  childId?: string;
  @FilterField(filters(() => Exclusion, match.eq('school', 'school.code')), () => String, { nullable: true, description: 'Only exclusions from this school (agency code).' })
  schoolCode?: string;
  @FilterField(filters(() => Exclusion, match.eq('kind')), () => ExclusionKind, { nullable: true, description: 'Only suspensions, or only permanent exclusions.' })
  kind?: ExclusionKind;
  @FilterField(filters(() => Exclusion, match.gte('startDate')), () => GraphQLLocalDate, { nullable: true, description: 'Only exclusions starting on or after this date.' })
  startFrom?: string;
  @FilterField(filters(() => Exclusion, match.lte('startDate')), () => GraphQLLocalDate, { nullable: true, description: 'Only exclusions starting on or before this date.' })
  startTo?: string;
  @FilterField(reads(() => Exclusion, 'startDate'), () => SortDirection, { nullable: true, description: 'Order by startDate (default DESC).' })
  direction?: SortDirection;
}

const EXCLUSION_FIELDS = ['kind', 'startDate', 'sessions', 'reason'] as const;
function checkExclusion(errors: ErrorCollector, x: Record<string, unknown> | Exclusion, child: Child | null): void {
  const r = x as Partial<Exclusion>;
  if (!r.kind) errors.add('kind', UserErrorCode.REQUIRED, 'Say whether this is a suspension or a permanent exclusion.');
  if (!r.startDate) errors.add('startDate', UserErrorCode.REQUIRED, 'Give the first day.');
  if (!r.reason) errors.add('reason', UserErrorCode.REQUIRED, 'Give the DfE reason code.');
  notBeforeBirth(errors, child, 'startDate', r.startDate);
  if (r.kind === ExclusionKind.SUSPENSION && !r.sessions) errors.add('sessions', UserErrorCode.REQUIRED, 'Give the length of the suspension in sessions.');
  if (r.kind === ExclusionKind.PERMANENT_EXCLUSION && r.sessions != null) errors.add('sessions', UserErrorCode.INVALID_STATE, 'A permanent exclusion has no length in sessions.');
  // A suspension may not exceed 45 school days (90 sessions) in a school year (DfE guidance).
  if (r.sessions != null && (r.sessions < 1 || r.sessions > 90)) errors.add('sessions', UserErrorCode.OUT_OF_RANGE, 'A suspension is 1 to 90 sessions (45 school days).');
}

// ---------------------------------------------------------------------------------------------------
// EHC plans

@InputType({ description: 'Fields of an EHC plan that may be set when recording it and changed later.' })
class EhcPlanFields {
  @InputField(Classification.EDUCATION, () => EhcPlanStatus, { nullable: true, description: 'Where the plan stands (required on create).' })
  status?: EhcPlanStatus;
  @InputField(Classification.EDUCATION, () => GraphQLLocalDate, { nullable: true, description: 'Date the needs assessment request was received (required on create).' })
  requestDate?: string;
  @InputField(Classification.EDUCATION, () => GraphQLLocalDate, { nullable: true, description: 'Date the final plan was issued; required once ISSUED.' })
  issueDate?: string | null;
  @InputField(Classification.EDUCATION, () => Boolean, { nullable: true, description: 'Whether an exception to the 20-week time limit applies.' })
  timeLimitExceptionApplies?: boolean;
  @InputField(Classification.EDUCATION, () => SenNeed, { nullable: true, description: 'Primary SEN need.' })
  primaryNeed?: SenNeed | null;
  @InputField(Classification.EDUCATION, () => GraphQLLocalDate, { nullable: true, description: 'Date the plan ceased; required once CEASED.' })
  ceasedDate?: string | null;
  @InputField(Classification.EDUCATION, () => String, { nullable: true, description: 'SEN2 cease reason code 1-9.' })
  ceasedReason?: string | null;
}
@InputType({ description: 'A new EHC plan (from the needs assessment request).' })
class CreateEhcPlanInput extends EhcPlanFields {
  @InputField(Classification.EDUCATION, () => ID, { description: 'Global id of the child.' })
  childId!: string;
  @InputField(Classification.EDUCATION, () => String, { nullable: true, description: 'Partner system the record comes from.' })
  sourceSystem?: string;
  @InputField(Classification.EDUCATION, () => String, { nullable: true, description: CREATE_SOURCE })
  sourceRecordId?: string;
}
@InputType({ description: 'Changes to an EHC plan your agency owns; omitted fields stay as they are, null clears.' })
class UpdateEhcPlanInput extends EhcPlanFields {
  @InputField(Classification.EDUCATION, () => ID, { description: 'Global id of the EHC plan.' })
  id!: string;
  @InputField(Classification.EDUCATION, () => Int, { description: 'The version you read; a stale version is refused with CONFLICT.' })
  expectedVersion!: number;
}
@ArgsType()
class EhcPlanArgs extends PageArgs {
  @FilterField(filters(() => EhcPlan, match.id('child', 'Child')), () => ID, { nullable: true, description: 'Only plans of this child.' })
  childId?: string;
  @FilterField(filters(() => EhcPlan, match.in('status')), () => [EhcPlanStatus], { nullable: true, description: 'Only plans in one of these states.' })
  statuses?: EhcPlanStatus[];
  @FilterField(filters(() => EhcPlan, match.gte('requestDate')), () => GraphQLLocalDate, { nullable: true, description: 'Only requests received on or after this date.' })
  requestedFrom?: string;
  @FilterField(filters(() => EhcPlan, match.lte('requestDate')), () => GraphQLLocalDate, { nullable: true, description: 'Only requests received on or before this date.' })
  requestedTo?: string;
  @FilterField(reads(() => EhcPlan, 'requestDate'), () => SortDirection, { nullable: true, description: 'Order by requestDate (default DESC).' })
  direction?: SortDirection;
}

const EHCP_FIELDS = ['status', 'requestDate', 'issueDate', 'timeLimitExceptionApplies', 'primaryNeed', 'ceasedDate', 'ceasedReason'] as const;
function checkEhcPlan(errors: ErrorCollector, p: Record<string, unknown> | EhcPlan, child: Child | null): void {
  const r = p as Partial<EhcPlan>;
  r.timeLimitExceptionApplies ??= false;
  if (!r.status) errors.add('status', UserErrorCode.REQUIRED, 'Give where the plan stands.');
  if (!r.requestDate) errors.add('requestDate', UserErrorCode.REQUIRED, 'Give the date the request was received.');
  notBeforeBirth(errors, child, 'requestDate', r.requestDate);
  notInFuture(errors, 'requestDate', r.requestDate);
  errors.order('issueDate', r.requestDate, r.issueDate, 'The plan is issued before it was requested.');
  errors.order('ceasedDate', r.issueDate, r.ceasedDate, 'The plan ceases before it was issued.');
  const issued = r.status === EhcPlanStatus.ISSUED || r.status === EhcPlanStatus.CEASED;
  if (issued && !r.issueDate) errors.add('issueDate', UserErrorCode.REQUIRED, 'An issued plan needs its issue date.');
  if (!issued && r.issueDate) errors.add('status', UserErrorCode.INVALID_STATE, 'A plan with an issue date is ISSUED (or CEASED).');
  if (r.status === EhcPlanStatus.CEASED && !r.ceasedDate) errors.add('ceasedDate', UserErrorCode.REQUIRED, 'A ceased plan needs its cease date.');
  if (r.status !== EhcPlanStatus.CEASED && (r.ceasedDate || r.ceasedReason)) errors.add('status', UserErrorCode.INVALID_STATE, 'A cease date or reason means the plan is CEASED.');
  if (r.ceasedReason && !/^[1-9]$/.test(r.ceasedReason)) errors.add('ceasedReason', UserErrorCode.INVALID_CODE, 'SEN2 cease reason is a code 1-9.');
}

// ---------------------------------------------------------------------------------------------------
// Children missing education

@InputType({ description: 'Fields of a child-missing-education episode that may be set when recording it and changed later.' })
class CmeFields {
  @InputField(Classification.EDUCATION, () => GraphQLLocalDate, { nullable: true, description: 'Date reported (required on create).' })
  reportedDate?: string;
  @InputField(Classification.EDUCATION, () => GraphQLLocalDate, { nullable: true, description: 'Date resolved; not before the report.' })
  resolvedDate?: string | null;
  @InputField(Classification.EDUCATION, () => String, { nullable: true, description: 'How it was resolved.' })
  resolution?: string | null;
}
@InputType({ description: 'A new child-missing-education episode.' })
class CreateChildMissingEducationInput extends CmeFields {
  @InputField(Classification.EDUCATION, () => ID, { description: 'Global id of the child.' })
  childId!: string;
  @InputField(Classification.EDUCATION, () => String, { nullable: true, description: 'Partner system the record comes from.' })
  sourceSystem?: string;
  @InputField(Classification.EDUCATION, () => String, { nullable: true, description: CREATE_SOURCE })
  sourceRecordId?: string;
}
@InputType({ description: 'Changes to a child-missing-education episode your agency owns; omitted fields stay as they are, null clears.' })
class UpdateChildMissingEducationInput extends CmeFields {
  @InputField(Classification.EDUCATION, () => ID, { description: 'Global id of the episode.' })
  id!: string;
  @InputField(Classification.EDUCATION, () => Int, { description: 'The version you read; a stale version is refused with CONFLICT.' })
  expectedVersion!: number;
}
@ArgsType()
class CmeArgs extends PageArgs {
  @FilterField(filters(() => ChildMissingEducation, match.id('child', 'Child')), () => ID, { nullable: true, description: 'Only episodes of this child.' })
  childId?: string;
  @FilterField(filters(() => ChildMissingEducation, match.nullWhen('resolvedDate', true)), () => Boolean, { nullable: true, description: 'true: only unresolved episodes; false: only resolved ones.' })
  open?: boolean;
  @FilterField(filters(() => ChildMissingEducation, match.gte('reportedDate')), () => GraphQLLocalDate, { nullable: true, description: 'Only episodes reported on or after this date.' })
  reportedFrom?: string;
  @FilterField(filters(() => ChildMissingEducation, match.lte('reportedDate')), () => GraphQLLocalDate, { nullable: true, description: 'Only episodes reported on or before this date.' })
  reportedTo?: string;
  @FilterField(reads(() => ChildMissingEducation, 'reportedDate'), () => SortDirection, { nullable: true, description: 'Order by reportedDate (default DESC).' })
  direction?: SortDirection;
}

const CME_FIELDS = ['reportedDate', 'resolvedDate', 'resolution'] as const;
function checkCme(errors: ErrorCollector, c: Record<string, unknown> | ChildMissingEducation, child: Child | null): void {
  const r = c as Partial<ChildMissingEducation>;
  if (!r.reportedDate) errors.add('reportedDate', UserErrorCode.REQUIRED, 'Give the date reported.');
  errors.order('resolvedDate', r.reportedDate, r.resolvedDate, 'The episode is resolved before it was reported.');
  notBeforeBirth(errors, child, 'reportedDate', r.reportedDate);
  notInFuture(errors, 'reportedDate', r.reportedDate);
  notInFuture(errors, 'resolvedDate', r.resolvedDate);
}

// ---------------------------------------------------------------------------------------------------

const Enrolments = Connection(SchoolEnrolment);
const Attendances = Connection(AttendanceSummary);
const Exclusions = Connection(Exclusion);
const EhcPlans = Connection(EhcPlan);
const CmeEpisodes = Connection(ChildMissingEducation);
const EnrolmentPayload = MutationPayload(SchoolEnrolment, 'SchoolEnrolmentMutation');
const AttendancePayload = MutationPayload(AttendanceSummary, 'AttendanceSummaryMutation');
const ExclusionPayload = MutationPayload(Exclusion, 'ExclusionMutation');
const EhcPlanPayload = MutationPayload(EhcPlan, 'EhcPlanMutation');
const CmePayload = MutationPayload(ChildMissingEducation, 'ChildMissingEducationMutation');

@Resolver()
export class EducationResolver {
  @Query(() => Enrolments, { description: 'School enrolments visible to you (default latest start first).' })
  schoolEnrolments(@Args() a: SchoolEnrolmentArgs, @Ctx() ctx: HubContext) {
    return paginate(ctx, SchoolEnrolment, filterWhere<SchoolEnrolment>(SchoolEnrolmentArgs, a), a, { fromDate: dirOf(a.direction) });
  }

  @Query(() => Attendances, { description: 'Attendance summaries visible to you (default latest period first).' })
  attendanceSummaries(@Args() a: AttendanceArgs, @Ctx() ctx: HubContext) {
    return paginate(ctx, AttendanceSummary, filterWhere<AttendanceSummary>(AttendanceArgs, a), a, { periodStart: dirOf(a.direction) });
  }

  @Query(() => Exclusions, { description: 'Suspensions and permanent exclusions visible to you (default latest first).' })
  exclusions(@Args() a: ExclusionArgs, @Ctx() ctx: HubContext) {
    return paginate(ctx, Exclusion, filterWhere<Exclusion>(ExclusionArgs, a), a, { startDate: dirOf(a.direction) });
  }

  @Query(() => EhcPlans, { description: 'EHC plans visible to you (default latest request first).' })
  ehcPlans(@Args() a: EhcPlanArgs, @Ctx() ctx: HubContext) {
    return paginate(ctx, EhcPlan, filterWhere<EhcPlan>(EhcPlanArgs, a), a, { requestDate: dirOf(a.direction) });
  }

  @Query(() => CmeEpisodes, { description: 'Child-missing-education episodes visible to you (default latest report first).' })
  childMissingEducationEpisodes(@Args() a: CmeArgs, @Ctx() ctx: HubContext) {
    return paginate(ctx, ChildMissingEducation, filterWhere<ChildMissingEducation>(CmeArgs, a), a, { reportedDate: dirOf(a.direction) });
  }

  @Mutation(() => EnrolmentPayload, { description: 'Records a child on the roll of a school.' })
  createSchoolEnrolment(@Arg('input', { description: 'The new record.' }) input: CreateSchoolEnrolmentInput, @Ctx() ctx: HubContext): Promise<MutationResult<SchoolEnrolment>> {
    return createChildRecord(ctx, SchoolEnrolment, input, ENROLMENT_FIELDS, {}, async (em, errors, draft, child) => {
      await resolveSchool(em, ctx, errors, draft, input.schoolCode);
      checkEnrolment(errors, draft, child);
    });
  }

  @Mutation(() => EnrolmentPayload, { description: 'Changes a school enrolment your agency owns (e.g. records the leaving date).' })
  updateSchoolEnrolment(@Arg('input', { description: 'The changes, with the version you read.' }) input: UpdateSchoolEnrolmentInput, @Ctx() ctx: HubContext): Promise<MutationResult<SchoolEnrolment>> {
    return updateChildRecord(ctx, SchoolEnrolment, input, ENROLMENT_FIELDS, (_em, errors, record, child) => checkEnrolment(errors, record, child));
  }

  @Mutation(() => AttendancePayload, { description: "Records a child's attendance over a period." })
  createAttendanceSummary(@Arg('input', { description: 'The new record.' }) input: CreateAttendanceSummaryInput, @Ctx() ctx: HubContext): Promise<MutationResult<AttendanceSummary>> {
    return createChildRecord(ctx, AttendanceSummary, input, ATTENDANCE_FIELDS, { authorisedAbsenceSessions: 0, unauthorisedAbsenceSessions: 0 }, async (em, errors, draft, child) => {
      await resolveSchool(em, ctx, errors, draft, input.schoolCode);
      checkAttendance(errors, draft, child);
    });
  }

  @Mutation(() => AttendancePayload, { description: 'Changes an attendance summary your agency owns.' })
  updateAttendanceSummary(@Arg('input', { description: 'The changes, with the version you read.' }) input: UpdateAttendanceSummaryInput, @Ctx() ctx: HubContext): Promise<MutationResult<AttendanceSummary>> {
    return updateChildRecord(ctx, AttendanceSummary, input, ATTENDANCE_FIELDS, (_em, errors, record, child) => checkAttendance(errors, record, child));
  }

  @Mutation(() => ExclusionPayload, { description: 'Records a suspension or permanent exclusion.' })
  createExclusion(@Arg('input', { description: 'The new record.' }) input: CreateExclusionInput, @Ctx() ctx: HubContext): Promise<MutationResult<Exclusion>> {
    return createChildRecord(ctx, Exclusion, input, EXCLUSION_FIELDS, {}, async (em, errors, draft, child) => {
      await resolveSchool(em, ctx, errors, draft, input.schoolCode);
      checkExclusion(errors, draft, child);
    });
  }

  @Mutation(() => ExclusionPayload, { description: 'Changes a suspension or exclusion your agency owns.' })
  updateExclusion(@Arg('input', { description: 'The changes, with the version you read.' }) input: UpdateExclusionInput, @Ctx() ctx: HubContext): Promise<MutationResult<Exclusion>> {
    return updateChildRecord(ctx, Exclusion, input, EXCLUSION_FIELDS, (_em, errors, record, child) => checkExclusion(errors, record, child));
  }

  @Mutation(() => EhcPlanPayload, { description: 'Records an EHC needs assessment request and the plan that follows.' })
  createEhcPlan(@Arg('input', { description: 'The new record.' }) input: CreateEhcPlanInput, @Ctx() ctx: HubContext): Promise<MutationResult<EhcPlan>> {
    return createChildRecord(ctx, EhcPlan, input, EHCP_FIELDS, { timeLimitExceptionApplies: false }, (_em, errors, draft, child) => checkEhcPlan(errors, draft, child));
  }

  @Mutation(() => EhcPlanPayload, { description: 'Changes an EHC plan your agency owns (e.g. records its issue).' })
  updateEhcPlan(@Arg('input', { description: 'The changes, with the version you read.' }) input: UpdateEhcPlanInput, @Ctx() ctx: HubContext): Promise<MutationResult<EhcPlan>> {
    return updateChildRecord(ctx, EhcPlan, input, EHCP_FIELDS, (_em, errors, record, child) => checkEhcPlan(errors, record, child));
  }

  @Mutation(() => CmePayload, { description: 'Records that a child is missing education.' })
  createChildMissingEducation(@Arg('input', { description: 'The new record.' }) input: CreateChildMissingEducationInput, @Ctx() ctx: HubContext): Promise<MutationResult<ChildMissingEducation>> {
    return createChildRecord(ctx, ChildMissingEducation, input, CME_FIELDS, {}, (_em, errors, draft, child) => checkCme(errors, draft, child));
  }

  @Mutation(() => CmePayload, { description: 'Changes a child-missing-education episode your agency owns (e.g. records its resolution).' })
  updateChildMissingEducation(@Arg('input', { description: 'The changes, with the version you read.' }) input: UpdateChildMissingEducationInput, @Ctx() ctx: HubContext): Promise<MutationResult<ChildMissingEducation>> {
    return updateChildRecord(ctx, ChildMissingEducation, input, CME_FIELDS, (_em, errors, record, child) => checkCme(errors, record, child));
  }
}

/** `child` on an education record, through the request's loaders. */
function childResolverFor<T extends { child: { id: string } }>(type: new (...args: never[]) => T) {
  @Resolver(() => type)
  class ChildOfRecord {
    @BelongsTo(Classification.SUMMARY, () => Child, { via: 'child', description: 'The child the record is about.' })
    child!: Child;
  }
  return ChildOfRecord;
}

/** `school` on an education record, through the request's loaders. */
function schoolResolverFor<T extends { school: { id: string } }>(type: new (...args: never[]) => T) {
  @Resolver(() => type)
  class SchoolOfRecord {
    @BelongsTo(Classification.EDUCATION, () => Agency, { via: 'school', description: 'The school.' })
    school!: Agency;
  }
  return SchoolOfRecord;
}

export const educationRelationResolvers = [
  ...[SchoolEnrolment, AttendanceSummary, Exclusion, EhcPlan, ChildMissingEducation].map((type) => childResolverFor(type as new () => { child: { id: string } })),
  ...[SchoolEnrolment, AttendanceSummary, Exclusion].map((type) => schoolResolverFor(type as new () => { school: { id: string } })),
];

@Resolver(() => Child)
export class ChildEducationResolver {
  @HasMany(Classification.EDUCATION, () => SchoolEnrolment, { via: 'child', orderBy: { fromDate: 'desc' }, description: "The child's school enrolments, latest first." })
  schoolEnrolments!: SchoolEnrolment[];

  @HasMany(Classification.EDUCATION, () => AttendanceSummary, { via: 'child', orderBy: { periodStart: 'desc' }, description: "The child's attendance summaries, latest period first." })
  attendance!: AttendanceSummary[];

  @HasMany(Classification.EDUCATION, () => Exclusion, { via: 'child', orderBy: { startDate: 'desc' }, description: "The child's suspensions and permanent exclusions, latest first." })
  exclusions!: Exclusion[];

  @HasMany(Classification.EDUCATION, () => EhcPlan, { via: 'child', orderBy: { requestDate: 'desc' }, description: "The child's EHC plans (and requests), latest request first." })
  ehcPlans!: EhcPlan[];

  @HasMany(Classification.EDUCATION, () => ChildMissingEducation, { via: 'child', orderBy: { reportedDate: 'desc' }, description: 'Episodes of the child missing education, latest first.' })
  childMissingEducation!: ChildMissingEducation[];
}
