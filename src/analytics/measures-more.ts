/**
 * The rest of the partnership scorecard catalogue (issue 5): front door volume, strategy discussion
 * attendance and outcome, child protection plan duration, reviews and visits, health of children in care,
 * placement stability, care reviews, missing children, return home interviews, exploitation screenings,
 * LADO strategy meetings, care leavers and partner contributions.
 *
 * Same contract as ./measures.ts: one SQL builder per measure returning unit rows (child_id, record_id,
 * in_num, in_den), aggregated in SQL. Every time limit comes from the timescale rule table
 * (src/timescales/rules.ts) through ./measures-base.ts (`limitOf`, `withinSql`, `dueDateSql`); local rules
 * read MEASURE_TIMESCALE_CONFIG. Cohort spans that are definitions rather than time limits (12 months in
 * care, "in the last year", plans of 2 years or more) are named constants below.
 *
 * Conventions used by several measures:
 * - "Due in the period": the unit is a deadline (a review, a visit, a health assessment) that fell due in
 *   the period; it is met when the action was done within the rule's limit. Every deadline is counted
 *   once, in the period it fell due, and its result is known at the period end (a deadline met late is
 *   late whenever it is looked at).
 * - "Done, or overdue at the period end": the unit is an event in the period (entering care, a LADO
 *   referral); units still inside their timescale at the period end are left out.
 * - Children moving between authorities: a period of care, a plan, a review chain belongs to the authority
 *   that owns it; health assessments and placements are counted whoever recorded them (the child's own
 *   history), and the authority accountable for a deadline is the one looking after the child on the
 *   day it fell due.
 */
import { AgencyKind } from '../modules/agencies/agency.entity';
import { effectiveStatusSql, kindAttendedSql } from '../modules/protection/multi-agency';
import { NEET_ACTIVITIES } from '../modules/care/care.codes';
import { ExploitationLevel } from '../modules/exploitation/exploitation-screening.entity';
import { TimescaleRuleCode, TimescaleUnit, timescaleRule, type Duration } from '../timescales';
import {
  ageSql,
  CIN,
  CLA,
  discussionHeldIn,
  discussionsHeldIn,
  dueDateSql,
  durationWords,
  instantIn,
  limitOf,
  londonDate,
  MEASURE_TIMESCALE_CONFIG,
  MeasureUnit,
  PeriodBasis,
  Polarity,
  withinSql,
  type Measure,
  type SqlScope,
} from './measures-base';
import { placementsInTwelveMonthsSql } from '../modules/care/placement-moves';
import { SCHOOL_DAY_STARTS_AT_HOUR } from '../modules/education/domestic-abuse-notification.entity';
import { ACCESS_GIVING_STATUSES } from '../access/involvement-policy';

/** Continuous care a child needs at the period end to join the annual health cohort (SSDA903 OC2). */
export const HEALTH_COHORT_MONTHS = 12;
/** Plans that lasted this long or longer (DfE CIN census, seeds/000.md §3.1 row 1.14). */
export const LONG_PLAN_YEARS = 2;
/** Children missing this many times or more (seeds/000.md §3.1 rows 1.6 and 2.9). */
export const MISSING_TIMES = 5;
/** Placements in the year that count as unstable (SSDA903 stability indicator; seeds/000.md row 2.3). */
export const PLACEMENTS_IN_YEAR = 3;
/** SDQ ages (standards §0 row 14: "aged 4–16"). */
export const SDQ_AGES: readonly [number, number] = [4, 16];
/** Care leaver ages reported (DfE SSDA903 care leaver tables: aged 17 to 21). */
export const CARE_LEAVER_AGES: readonly [number, number] = [17, 21];

const CP_VISIT = limitOf(TimescaleRuleCode.CP_VISIT);
const IHA_REQUEST = limitOf(TimescaleRuleCode.IHA_REQUEST);
const LADO_MEETING = limitOf(TimescaleRuleCode.LADO_STRATEGY_MEETING);
const FIRST_RCPC = limitOf(TimescaleRuleCode.FIRST_REVIEW_CONFERENCE);
const LATER_RCPC = limitOf(TimescaleRuleCode.SUBSEQUENT_REVIEW_CONFERENCE);
const CARE_REVIEW_1 = limitOf(TimescaleRuleCode.CARE_REVIEW_FIRST);
const CARE_REVIEW_2 = limitOf(TimescaleRuleCode.CARE_REVIEW_SECOND);
const CARE_REVIEW_N = limitOf(TimescaleRuleCode.CARE_REVIEW_SUBSEQUENT);

/** Calendar days that always cover a duration (to bound a look-back). */
function spanDays(d: Duration): number {
  switch (d.unit) {
    case TimescaleUnit.WORKING_DAYS:
      return d.amount * 2 + 20;
    case TimescaleUnit.CALENDAR_DAYS:
      return d.amount;
    case TimescaleUnit.MONTHS:
      return d.amount * 31 + 1;
    case TimescaleUnit.HOURS:
      return Math.ceil(d.amount / 24) + 1;
  }
}

/**
 * The RHA rule's age bands, read from the rule itself (its duration depends on the child's age at the
 * previous assessment): [minimum age, duration] pairs, youngest first.
 */
export function rhaBands(): { fromAge: number; duration: Duration }[] {
  const rule = timescaleRule(TimescaleRuleCode.RHA);
  const bands: { fromAge: number; duration: Duration }[] = [];
  for (let age = 0; age <= 25; age++) {
    const d = rule.durationFor('2020-06-01', { dateOfBirth: `${2020 - age}-01-01` }, MEASURE_TIMESCALE_CONFIG);
    const last = bands[bands.length - 1];
    if (!last || last.duration.unit !== d.unit || last.duration.amount !== d.amount) bands.push({ fromAge: age, duration: d });
  }
  return bands;
}
const RHA_BANDS = rhaBands();
const rhaWords = RHA_BANDS.map((b, i) => `${durationWords(b.duration)} ${i === 0 ? `under ${RHA_BANDS[1]?.fromAge ?? '∞'}` : `from age ${b.fromAge}`}`).join(', ');
/** SQL: a per-row choice of expression by RHA age band. */
function byRhaBand(age: string, f: (d: Duration) => string): string {
  const arms = RHA_BANDS.slice(1)
    .reverse()
    .map((b) => `when ${age} >= ${b.fromAge} then ${f(b.duration)}`)
    .join(' ');
  return `(case ${arms} else ${f(RHA_BANDS[0]!.duration)} end)`;
}



/** Episodes of care the area holds open on the period end (one row per episode; measures count distinct children). */
const openEpisodes = (s: SqlScope) =>
  `care_episode e where e.deleted_at is null and e.owning_agency_id = ${s.area} and e.start_date <= ${s.end} and (e.end_date is null or e.end_date > ${s.end})`;
/** ...and in care continuously for the cohort span by then (the period of care started that long ago). */
const healthCohort = (s: SqlScope) =>
  `${openEpisodes(s)} and (e.entered_care_date + interval '${HEALTH_COHORT_MONTHS} months')::date <= ${s.end}`;
/** A date in the 12 months ending on the period end (the day after the same date a year earlier, to the period end). */
const inLastYear = (col: string, s: SqlScope) => `(${col} > (${s.end} - interval '12 months')::date and ${col} <= ${s.end})`;

/** The latest care leaver record of each young person the area holds, on or before the period end, in the reported cohort. */
const careLeaverCohort = (s: SqlScope) => `from (select distinct on (x.child_id) x.* from care_leaver x
        where x.deleted_at is null and x.owning_agency_id = ${s.area} and x.contact_date <= ${s.end}
        order by x.child_id, x.contact_date desc, x.created_at desc) cl
      join child c on c.id = cl.child_id
     where cl.eligibility in ('RELEVANT', 'FORMER_RELEVANT') and cl.in_touch <> 'DIED'
       and ${ageSql('c.date_of_birth', s.end)} between ${CARE_LEAVER_AGES[0]} and ${CARE_LEAVER_AGES[1]}`;

const SSDA903_OC2 = `${CLA}: outcomes of children looked after continuously for ${HEALTH_COHORT_MONTHS} months at 31 March (OC2)`;
const COHORT_WORDS = `children looked after by the local authority on the last day of the period who had then been looked after continuously for at least ${HEALTH_COHORT_MONTHS} months (their period of care started on or before the same date ${HEALTH_COHORT_MONTHS} months earlier; 29 February counts 12 months to 28 February)`;

const healthMeasure = (m: Pick<Measure, 'code' | 'name' | 'definition' | 'numerator' | 'scorecardWording' | 'accessPath'> & { reference: string; inNum: (s: SqlScope) => string; extraCohort?: (s: SqlScope) => string; denominator?: string }): Measure => ({
  code: m.code,
  name: m.name,
  definition: m.definition,
  numerator: m.numerator,
  denominator: m.denominator ?? `Distinct ${COHORT_WORDS}.`,
  unit: MeasureUnit.PERCENT,
  polarity: Polarity.HIGH_IS_GOOD,
  periodBasis: PeriodBasis.SNAPSHOT_AT_PERIOD_END,
  usualPeriod: 'Snapshot at quarter end (annual at 31 March for the DfE return)',
  source: { kind: 'DfE', reference: m.reference },
  ...(m.scorecardWording ? { scorecardWording: m.scorecardWording } : {}),
  countsChildren: true,
  accessPath: m.accessPath,
  rows: (s) => `select e.child_id, e.id as record_id, ${m.inNum(s)} as in_num, true as in_den
      from ${healthCohort(s)}${m.extraCohort ? ` and ${m.extraCohort(s)}` : ''}`,
});

const SCREENING_LEVEL_WORDS: Record<ExploitationLevel, string> = {
  NO_CONCERN: 'no concern',
  LOW: 'low risk',
  MEDIUM: 'medium risk',
  HIGH: 'high risk',
};

/** Agency kinds whose contributions to strategy discussions are counted, one measure each. */
const CONTRIBUTING_KINDS: readonly AgencyKind[] = [AgencyKind.LOCAL_AUTHORITY, AgencyKind.HEALTH, AgencyKind.POLICE, AgencyKind.EDUCATION];
const KIND_WORDS: Record<string, string> = { LOCAL_AUTHORITY: 'local authority', HEALTH: 'health', POLICE: 'police', EDUCATION: 'education' };

export const MORE_MEASURES: readonly Measure[] = [
  {
    code: 'CONTACTS',
    name: 'Contacts to the front door',
    definition: 'Contacts received by the local authority’s front door in the period (date in England of the contact). Every contact counts, so a child contacted about twice counts twice.',
    numerator: 'Contacts whose date in England is in the period.',
    denominator: null,
    unit: MeasureUnit.COUNT,
    polarity: Polarity.NEUTRAL,
    periodBasis: PeriodBasis.IN_PERIOD,
    usualPeriod: 'Quarter and financial year to date',
    source: { kind: 'Local', reference: 'Local front door measure (contacts are not collected by the DfE)' },
    scorecardWording: '1.1 "Number of contacts" (seeds/000.md §3.1)',
    countsChildren: false,
    accessPath: 'analytics_contact_owner_at_index (owning_agency_id, contact_at)',
    rows: (s) => `select c.child_id, c.id as record_id, true as in_num, false as in_den
      from contact c where c.deleted_at is null and c.owning_agency_id = ${s.area} and ${instantIn('c.contact_at', s)}`,
  },
  {
    code: 'STRATEGY_EDUCATION_ATTENDED_PCT',
    name: 'Strategy discussions education attended',
    definition:
      'Of the strategy discussions held in the period, the percentage at which an education setting (school, college or nursery: an agency of kind EDUCATION) attended; the invited agency’s own response wins over the convener’s entry, as in kindAttended (src/modules/protection/multi-agency.ts). Every discussion is counted, whatever the child’s age: Working Together 2023 ch.3 asks for the school or nursery "as relevant", and the figure shows how often that happens.',
    numerator: 'Discussions in the period with an EDUCATION participant whose effective status is ATTENDED.',
    denominator: 'Strategy discussions held in the period.',
    unit: MeasureUnit.PERCENT,
    polarity: Polarity.HIGH_IS_GOOD,
    periodBasis: PeriodBasis.IN_PERIOD,
    usualPeriod: 'Quarter',
    source: { kind: 'Local', reference: 'Local partnership measure (Working Together 2023 ch.3: school/nursery join strategy discussions as relevant; CWSA 2026 s2 designated education agencies)' },
    scorecardWording: 'cf. inspection: strategy discussions "mostly phone calls between a team manager and the police, without health or other agencies" (seeds/000.md §2.2)',
    countsChildren: false,
    accessPath: 'analytics_strategy_discussion_owner_held_index; analytics_sd_participant_discussion_kind_index; analytics_sd_response_participant_index',
    rows: (s) => `select sd.child_id, sd.id as record_id, ${kindAttendedSql(AgencyKind.EDUCATION, 'sd.id')} as in_num, true as in_den ${discussionsHeldIn(s)}`,
  },
  {
    code: 'STRATEGY_PARTNER_ATTENDANCE_PCT',
    name: 'Invited partners attending strategy discussions',
    definition:
      'Of the partner agencies invited to the strategy discussions held in the period (every participant row of an agency other than the convening local authority, whose effective status is not NOT_INVITED), the percentage that attended. The invited agency’s own response wins over the convener’s entry, except that the attendance recorded when the discussion is held wins over an earlier ACCEPTED (effectiveStatus, src/modules/protection/multi-agency.ts). A written contribution sent instead of attending counts as not attending: the contribution measures count those.',
    numerator: 'Invitations whose effective status is ATTENDED.',
    denominator: 'Invitations of partner agencies (any effective status but NOT_INVITED: invited, accepted, attended, declined, written contribution, did not attend) to discussions held in the period.',
    unit: MeasureUnit.PERCENT,
    polarity: Polarity.HIGH_IS_GOOD,
    periodBasis: PeriodBasis.IN_PERIOD,
    usualPeriod: 'Quarter',
    source: { kind: 'Local', reference: 'Local partnership measure: "Partner invitation and attendance must be tracked ... and report trends to the LSCB Executive" (seeds/000.md §4 item 1)' },
    countsChildren: false,
    accessPath: 'analytics_strategy_discussion_owner_held_index; analytics_sd_participant_discussion_kind_index; analytics_sd_response_participant_index',
    rows: (s) => `select sd.child_id, p.id as record_id, ${effectiveStatusSql('p.status', 'rr.status')} = 'ATTENDED' as in_num, true as in_den
      from strategy_discussion sd
      join strategy_discussion_participant p on p.discussion_id = sd.id and p.deleted_at is null and p.agency_id <> sd.owning_agency_id
      left join strategy_discussion_response rr on rr.participant_id = p.id and rr.deleted_at is null
     where ${discussionHeldIn('sd', s)}
       and ${effectiveStatusSql('p.status', 'rr.status')} <> 'NOT_INVITED'`,
  },
  {
    code: 'STRATEGY_TO_S47_PCT',
    name: 'Strategy discussions leading to a section 47 enquiry',
    definition:
      'Of the strategy discussions held in the period, the percentage that led to a section 47 enquiry: the discussion decided S47_ENQUIRY, or an enquiry records it as the discussion that initiated it (whenever the enquiry started).',
    numerator: 'Discussions in the period with decision S47_ENQUIRY or an initiated section 47 enquiry.',
    denominator: 'Strategy discussions held in the period.',
    unit: MeasureUnit.PERCENT,
    polarity: Polarity.NEUTRAL,
    periodBasis: PeriodBasis.IN_PERIOD,
    usualPeriod: 'Quarter',
    source: { kind: 'Local', reference: 'Local partnership measure (CIN census holds s47 enquiries, not the discussions behind them)' },
    scorecardWording: 'IRO repeat audit Sep-Oct 2016: "progressed to S47 46% (was 38%)" (seeds/000.md §2.2)',
    countsChildren: false,
    accessPath: 'analytics_strategy_discussion_owner_held_index; section47_enquiry_strategy_discussion_id_index',
    rows: (s) => `select sd.child_id, sd.id as record_id,
        (sd.decision = 'S47_ENQUIRY' or exists (select 1 from section47_enquiry e where e.strategy_discussion_id = sd.id and e.deleted_at is null)) as in_num,
        true as in_den ${discussionsHeldIn(s)}`,
  },
  {
    code: 'CP_PLANS_ENDED_2Y_PCT',
    name: `Child protection plans ended after ${LONG_PLAN_YEARS} years or more`,
    definition: `Of the child protection plans that ended in the period, the percentage that had lasted ${LONG_PLAN_YEARS} years or more (ended on or after the same date ${LONG_PLAN_YEARS} years after the start; a plan started on 29 February reaches ${LONG_PLAN_YEARS} years on 28 February).`,
    numerator: `Plans ended in the period whose end date is on or after the start date plus ${LONG_PLAN_YEARS} years.`,
    denominator: 'Child protection plans whose end date is in the period.',
    unit: MeasureUnit.PERCENT,
    polarity: Polarity.LOW_IS_GOOD,
    periodBasis: PeriodBasis.IN_PERIOD,
    usualPeriod: 'Financial year to date',
    source: { kind: 'DfE', reference: `${CIN}: children who ceased to be the subject of a plan, who had been the subject of a plan for 2 years or more` },
    scorecardWording: '1.14 "Number of child protection (CP) plans over 2yrs" (polarity L; England 3.4%, target 0%; values are %, counting plans closed after more than 2 years) (seeds/000.md §3.1)',
    countsChildren: false,
    accessPath: 'analytics_cp_plan_owner_end_index (owning_agency_id, end_date)',
    rows: (s) => `select p.child_id, p.id as record_id, p.end_date >= (p.start_date + interval '${LONG_PLAN_YEARS} years')::date as in_num, true as in_den
      from child_protection_plan p where p.deleted_at is null and p.owning_agency_id = ${s.area} and p.end_date between ${s.start} and ${s.end}`,
  },
  {
    code: 'CP_REVIEWS_IN_TIME_PCT',
    name: 'Child protection reviews in timescale',
    definition: `Of the review child protection conferences that fell due in the period, the percentage held in time: the first review within ${durationWords(FIRST_RCPC)} of the initial conference (rule FIRST_REVIEW_CONFERENCE; the plan start when no initial conference is linked), later reviews within ${durationWords(LATER_RCPC)} of the previous review (rule SUBSEQUENT_REVIEW_CONFERENCE), months clamped to the month end. A review falls due only while the plan is open (a plan ended before its review was due needs none); one not held by its due date is late, whenever it is held.`,
    numerator: 'Reviews due in the period that were held on or before their due date.',
    denominator: 'Reviews that fell due in the period (plan open on the due date, or the review held).',
    unit: MeasureUnit.PERCENT,
    polarity: Polarity.HIGH_IS_GOOD,
    periodBasis: PeriodBasis.IN_PERIOD,
    usualPeriod: 'Financial year to date',
    source: { kind: 'DfE', reference: `${CIN}: CP plan reviews within the required timescales (CPPreviewDate); Working Together 2023 ch.3` },
    scorecardWording: '1.16 "% child protection (CP) children reviewed in timescales (year to date fig)" (polarity H; SN 92.8%, England 92.2%, target 100%) (seeds/000.md §3.1)',
    countsChildren: false,
    accessPath: 'analytics_cp_plan_open_index; child_protection_conference_reviewed_plan_id_index',
    rows: (s) => `select p.child_id, k.clock_id as record_id,
        (nx.held is not null and case when k.first_review then ${withinSql(FIRST_RCPC, 'k.held', 'nx.held')} else ${withinSql(LATER_RCPC, 'k.held', 'nx.held')} end) as in_num,
        true as in_den
      from child_protection_plan p
      left join child_protection_conference ic on ic.id = p.initial_conference_id and ic.deleted_at is null
      cross join lateral (
        select coalesce(ic.conference_date, p.start_date) as held, true as first_review, coalesce(ic.id, p.id) as clock_id
        union all
        select rc.conference_date, false, rc.id from child_protection_conference rc
         where rc.reviewed_plan_id = p.id and rc.type = 'REVIEW' and rc.deleted_at is null) k
      cross join lateral (select case when k.first_review then ${dueDateSql(FIRST_RCPC, 'k.held')} else ${dueDateSql(LATER_RCPC, 'k.held')} end as due) d
      left join lateral (select min(n.conference_date) as held from child_protection_conference n
         where n.reviewed_plan_id = p.id and n.type = 'REVIEW' and n.deleted_at is null and n.conference_date > k.held) nx on true
     where p.deleted_at is null and p.owning_agency_id = ${s.area} and p.start_date <= ${s.end}
       and (p.end_date is null or p.end_date >= ${s.start} - ${Math.max(spanDays(FIRST_RCPC), spanDays(LATER_RCPC))})
       and d.due between ${s.start} and ${s.end}
       and (nx.held is not null or p.end_date is null or p.end_date > d.due)`,
  },
  {
    code: 'CP_VISITS_IN_TIME_PCT',
    name: 'Children on a plan visited within timescale',
    definition: `Of the child protection plans open on the last day of the period, the percentage whose child had been seen on a statutory visit within the local visit frequency, ${durationWords(CP_VISIT)} (rule CP_VISIT, local configuration cpVisitInterval), before the period end: the latest visit at which the child was seen (or, with none yet, the plan start) was no more than that before the period end. Visits where the child was not seen do not count.`,
    numerator: `Open plans whose latest seen visit (or plan start) is within ${durationWords(CP_VISIT)} of the period end.`,
    denominator: 'Child protection plans open at the period end.',
    unit: MeasureUnit.PERCENT,
    polarity: Polarity.HIGH_IS_GOOD,
    periodBasis: PeriodBasis.SNAPSHOT_AT_PERIOD_END,
    usualPeriod: 'Snapshot at month or quarter end',
    source: { kind: 'Local', reference: 'Local child protection procedures (standards §0 row 9: "Not nationally prescribed ... every 10 WD (Camden, Liverpool, Central Beds), 15 WD (Wirral), 2 weeks (Walsall)")' },
    scorecardWording: 'cf. "Children on plans are generally visited in accordance with statutory timescales"; target evidence "no children unseen over the last 2 month period" (seeds/001.md §2.6-2.7)',
    countsChildren: false,
    accessPath: 'analytics_cp_plan_open_index; analytics_cp_visit_plan_seen_date_index (plan_id, visit_date) where seen',
    rows: (s) => `select p.child_id, p.id as record_id, ${withinSql(CP_VISIT, 'coalesce(v.last_seen, p.start_date)', s.end)} as in_num, true as in_den
      from child_protection_plan p
      left join lateral (select max(v.visit_date) as last_seen from child_protection_visit v
         where v.plan_id = p.id and v.deleted_at is null and v.seen and v.visit_date <= ${s.end}) v on true
     where p.deleted_at is null and p.owning_agency_id = ${s.area} and p.start_date <= ${s.end} and (p.end_date is null or p.end_date > ${s.end})`,
  },
  {
    code: 'IHA_REQUESTED_2WD_PCT',
    name: `Initial health assessments requested within ${durationWords(IHA_REQUEST)}`,
    definition: `Of the children who started a period of care with the local authority in the period and whose request is due by the period end (requested by then, or more than ${durationWords(IHA_REQUEST)} in care), the percentage for whom the authority asked health for the initial health assessment within ${durationWords(IHA_REQUEST)} of becoming looked after (rule IHA_REQUEST, local configuration ihaRequest; the request time is taken as its date in England). A child with no request at all counts as late once the timescale has passed. Children still within the timescale at the period end are left out.`,
    numerator: `Periods of care started in the period whose initial health assessment was requested by the period end, within ${durationWords(IHA_REQUEST)}.`,
    denominator: 'Periods of care started in the period (first episode: start date = date entered care), requested by the period end or past the timescale at the period end.',
    unit: MeasureUnit.PERCENT,
    polarity: Polarity.HIGH_IS_GOOD,
    periodBasis: PeriodBasis.IN_PERIOD,
    usualPeriod: 'Quarter',
    source: { kind: 'Local', reference: 'Local LA/health protocol (standards §2: local protocols add that the LA tells health within a few days); seeds/000.md §2.9: the social worker "requests the IHA within 48 hours"' },
    scorecardWording: '2.10 "% of initial health assessments requested within 48 hours of coming into care" (polarity H; target 70%) (seeds/000.md §3.1); here the rule table’s working days, not hours',
    countsChildren: false,
    accessPath: 'analytics_care_episode_open_index (owning_agency_id, start_date, ...); analytics_iha_entered_care_index (entered_care_date, INITIAL)',
    rows: (s) => `select e.child_id, e.id as record_id,
        (q.requested is not null and q.requested <= ${s.end} and ${withinSql(IHA_REQUEST, 'e.entered_care_date', 'q.requested')}) as in_num, true as in_den
      from care_episode e
      cross join lateral (select ${londonDate('min(h.requested_at)')} as requested from health_assessment h
         where h.child_id = e.child_id and h.type = 'INITIAL' and h.deleted_at is null and h.entered_care_date = e.entered_care_date) q
     where e.deleted_at is null and e.owning_agency_id = ${s.area} and e.start_date between ${s.start} and ${s.end} and e.start_date = e.entered_care_date
       and ((q.requested is not null and q.requested <= ${s.end}) or not ${withinSql(IHA_REQUEST, 'e.entered_care_date', s.end)})`,
  },
  {
    code: 'RHA_IN_TIME_PCT',
    name: 'Review health assessments in time',
    definition: `Of the review health assessments that fell due in the period for children looked after by the local authority on the due date, the percentage completed on or before the due date. An assessment (initial or review) completed, not declined, makes the next one due ${rhaWords} (rule RHA: age on the day of the previous assessment; a 29 February birthday counts from 1 March), months clamped to the month end. Any later completed assessment meets it; a review recorded as declined and due by then leaves it out. The authority accountable is the one looking after the child on the due date, wherever the previous assessment was done.`,
    numerator: 'Review health assessments due in the period completed on or before the due date.',
    denominator: 'Review health assessments due in the period while the child was looked after by the authority (declined ones left out).',
    unit: MeasureUnit.PERCENT,
    polarity: Polarity.HIGH_IS_GOOD,
    periodBasis: PeriodBasis.IN_PERIOD,
    usualPeriod: 'Quarter',
    source: { kind: 'Local', reference: 'Care Planning, Placement and Case Review Regulations 2010 reg 7 (standards §0 row 12: "≤ 6 months under 5; ≤ 12 months aged 5+"); local indicator' },
    scorecardWording: 'cf. "Review health assessment: health check in the last year" (seeds/000.md §2.9)',
    countsChildren: false,
    accessPath: 'health_assessment_completed_at_index; child primary key; health_assessment_child_id_index; care_episode_child_id_start_date_index',
    rows: (s) => `select a.child_id, a.id as record_id, (nx.completed is not null and nx.completed <= d.due) as in_num, true as in_den
      from health_assessment a
      join child c on c.id = a.child_id
      cross join lateral (select ${byRhaBand(ageSql('c.date_of_birth', 'a.completed_at'), (d) => dueDateSql(d, 'a.completed_at'))} as due) d
      left join lateral (select min(n.completed_at) as completed from health_assessment n
         where n.child_id = a.child_id and n.deleted_at is null and not n.declined and n.completed_at > a.completed_at) nx on true
     where a.deleted_at is null and not a.declined and a.completed_at is not null
       and a.completed_at between ${s.start} - ${Math.max(...RHA_BANDS.map((b) => spanDays(b.duration)))} and ${s.end}
       and d.due between ${s.start} and ${s.end}
       and exists (select 1 from care_episode e where e.child_id = a.child_id and e.deleted_at is null and e.owning_agency_id = ${s.area}
                    and e.start_date <= d.due and (e.end_date is null or e.end_date > d.due))
       and not exists (select 1 from health_assessment x where x.child_id = a.child_id and x.deleted_at is null and x.declined and x.type = 'REVIEW'
                        and x.due_by > a.completed_at and x.due_by <= d.due and (nx.completed is null or nx.completed > d.due))`,
  },
  healthMeasure({
    code: 'CLA_HEALTH_CHECK_PCT',
    name: `Children in care ${HEALTH_COHORT_MONTHS} months or more with a health check in the last year`,
    definition: `Of the ${COHORT_WORDS}, the percentage with a health assessment (initial or review, not declined, recorded by any health agency) completed in the 12 months ending on the period end.`,
    numerator: 'Children in the cohort with a health assessment completed in the 12 months ending on the period end.',
    reference: `${SSDA903_OC2}: health assessment up to date`,
    scorecardWording: '2.12 "% of children in care over 12 months with a health check in the last year" (polarity H; SN 84%, England 90%, target 100%) (seeds/000.md §3.1)',
    accessPath: 'analytics_care_episode_open_index; health_assessment_child_id_index',
    inNum: (s) => `exists (select 1 from health_assessment h where h.child_id = e.child_id and h.deleted_at is null and not h.declined and ${inLastYear('h.completed_at', s)})`,
  }),
  healthMeasure({
    code: 'CLA_DENTAL_CHECK_PCT',
    name: `Children in care ${HEALTH_COHORT_MONTHS} months or more with a dental check in the last year`,
    definition: `Of the ${COHORT_WORDS}, the percentage whose teeth were checked by a dentist in the 12 months ending on the period end (the dental check date recorded on any of the child’s health assessments).`,
    numerator: 'Children in the cohort with a dental check date in the 12 months ending on the period end.',
    reference: `${SSDA903_OC2}: teeth checked by a dentist`,
    scorecardWording: 'Not on the county scorecard: "Dental checks and immunisations are not mentioned" (seeds/000.md §2.9); an Ofsted-era report tracked "dentist registration" (seeds/001.md)',
    accessPath: 'analytics_care_episode_open_index; health_assessment_child_id_index',
    inNum: (s) => `exists (select 1 from health_assessment h where h.child_id = e.child_id and h.deleted_at is null and ${inLastYear('h.dental_check_date', s)})`,
  }),
  healthMeasure({
    code: 'CLA_IMMUNISATIONS_PCT',
    name: `Children in care ${HEALTH_COHORT_MONTHS} months or more with immunisations up to date`,
    definition: `Of the ${COHORT_WORDS}, the percentage whose immunisations were up to date at their latest health assessment completed by the period end that recorded it (unknown counts as not up to date).`,
    numerator: 'Children in the cohort whose latest recorded immunisation status (by the period end) is up to date.',
    reference: `${SSDA903_OC2}: immunisations up to date`,
    scorecardWording: '"Up-to-date immunisations (cared for children) 88% vs 87% nationally" (seeds/001.md §3)',
    accessPath: 'analytics_care_episode_open_index; health_assessment_child_id_index',
    inNum: (s) => `coalesce((select h.immunisations_up_to_date from health_assessment h where h.child_id = e.child_id and h.deleted_at is null
        and h.completed_at <= ${s.end} and h.immunisations_up_to_date is not null order by h.completed_at desc, h.created_at desc limit 1), false)`,
  }),
  healthMeasure({
    code: 'CLA_SDQ_PCT',
    name: 'Strengths and Difficulties Questionnaires returned',
    definition: `Of the ${COHORT_WORDS} and aged ${SDQ_AGES[0]} to ${SDQ_AGES[1]} on that day, the percentage with an SDQ score recorded on a health assessment completed in the 12 months ending on the period end (a reason code SDQ1-SDQ5 without a score does not count).`,
    numerator: 'Children in the cohort with an SDQ score on an assessment completed in the 12 months ending on the period end.',
    denominator: `Distinct ${COHORT_WORDS}, aged ${SDQ_AGES[0]}-${SDQ_AGES[1]} at the period end.`,
    reference: `${SSDA903_OC2}: SDQ score (standards §0 row 14: "For children looked after continuously ≥ 12 months at 31 March and aged 4–16")`,
    scorecardWording: 'Not on the county scorecard: "No SDQ scores are given" (seeds/000.md §2.9)',
    accessPath: 'analytics_care_episode_open_index; child primary key; health_assessment_child_id_index',
    extraCohort: (s) => `exists (select 1 from child c where c.id = e.child_id and ${ageSql('c.date_of_birth', s.end)} between ${SDQ_AGES[0]} and ${SDQ_AGES[1]})`,
    inNum: (s) => `exists (select 1 from health_assessment h where h.child_id = e.child_id and h.deleted_at is null and h.sdq_score is not null and ${inLastYear('h.completed_at', s)})`,
  }),
  {
    code: 'CLA_3PLUS_PLACEMENTS_PCT',
    name: `Children in care with ${PLACEMENTS_IN_YEAR} or more placements in the year`,
    definition: `Of the children looked after by the local authority on the last day of the period, the percentage who had ${PLACEMENTS_IN_YEAR} or more placements during the 12 months ending on the period end: placements that started in those 12 months or were current at their start (one that ended on their first day counts, the move happened that day). Temporary placements (T0-T4) are not counted, nor is a placement recorded again in the next care episode when only the legal status changed (same type, provider, recorded postcode and URN, starting the day the previous record ended). The child’s placements with any authority in the hub count (a child moving between authorities moved).`,
    numerator: `Children in care at the period end with ${PLACEMENTS_IN_YEAR} or more placements in the 12 months.`,
    denominator: 'Distinct children looked after at the period end.',
    unit: MeasureUnit.PERCENT,
    polarity: Polarity.LOW_IS_GOOD,
    periodBasis: PeriodBasis.SNAPSHOT_AT_PERIOD_END,
    usualPeriod: 'Annual at 31 March; quarterly as the 12 months to the quarter end',
    source: { kind: 'DfE', reference: `${CLA}: children looked after at 31 March with three or more placements during the year (former NI 62)` },
    scorecardWording: '2.3 "% cared for children with 3 or more placements in year" (polarity L; England 10%, target <12%) (seeds/000.md §3.1)',
    countsChildren: true,
    accessPath: 'analytics_care_episode_open_index; care_placement_child_id_start_date_index (child_id, start_date)',
    rows: (s) => `select e.child_id, e.id as record_id,
        ${placementsInTwelveMonthsSql('e.child_id', s.end)} >= ${PLACEMENTS_IN_YEAR} as in_num,
        true as in_den
      from ${openEpisodes(s)}`,
  },
  {
    code: 'CARE_REVIEWS_IN_TIME_PCT',
    name: 'Reviews of children in care in timescale',
    definition: `Of the looked-after reviews that fell due in the period, the percentage held in time: the first within ${durationWords(CARE_REVIEW_1)} of becoming looked after (rule CARE_REVIEW_FIRST), the second within ${durationWords(CARE_REVIEW_2)} of the first (CARE_REVIEW_SECOND), later ones within ${durationWords(CARE_REVIEW_N)} of the previous (CARE_REVIEW_SUBSEQUENT). Reviews are chained within one period of care (episodes sharing the date the child became looked after); a review falls due only while the child is still looked after by the authority (or was held). A child coming into the authority’s care from another authority starts a new chain.`,
    numerator: 'Reviews due in the period held within the limit (working days: held no more than the limit of working days after; months: on or before the due date).',
    denominator: 'Reviews that fell due in the period.',
    unit: MeasureUnit.PERCENT,
    polarity: Polarity.HIGH_IS_GOOD,
    periodBasis: PeriodBasis.IN_PERIOD,
    usualPeriod: 'Quarter and financial year to date',
    source: { kind: 'Local', reference: 'Care Planning, Placement and Case Review (England) Regulations 2010 reg 33 (standards §0 row 10); local indicator' },
    scorecardWording: '2.5 "% cared for children reviews in timescales" (polarity H; target 95%) (seeds/000.md §3.1)',
    countsChildren: false,
    accessPath: 'analytics_care_episode_open_index; care_review_review_date_index; analytics_care_review_child_date_index (child_id, review_date)',
    rows: (s) => {
      const within = (f: string, t: string) =>
        `case k.due_kind when 'FIRST' then ${withinSql(CARE_REVIEW_1, f, t)} when 'SECOND' then ${withinSql(CARE_REVIEW_2, f, t)} else ${withinSql(CARE_REVIEW_N, f, t)} end`;
      const back = Math.max(spanDays(CARE_REVIEW_1), spanDays(CARE_REVIEW_2), spanDays(CARE_REVIEW_N));
      return `select k.child_id, k.clock_id as record_id, (nx.held is not null and ${within('k.clock', 'nx.held')}) as in_num, true as in_den
      from (select e.child_id, e.id as clock_id, e.entered_care_date as care_from, e.entered_care_date as clock, 'FIRST' as due_kind
              from care_episode e
             where e.deleted_at is null and e.owning_agency_id = ${s.area} and e.start_date = e.entered_care_date
               and e.start_date between ${s.start} - ${back} and ${s.end}
            union all
            select r.child_id, r.id, ep.entered_care_date, r.review_date, case when r.type = 'FIRST' then 'SECOND' else 'SUBSEQUENT' end
              from care_review r join care_episode ep on ep.id = r.episode_id
             where r.deleted_at is null and ep.owning_agency_id = ${s.area} and r.review_date between ${s.start} - ${back} and ${s.end}) k
      cross join lateral (select case k.due_kind when 'FIRST' then ${dueDateSql(CARE_REVIEW_1, 'k.clock')} when 'SECOND' then ${dueDateSql(CARE_REVIEW_2, 'k.clock')}
                                else ${dueDateSql(CARE_REVIEW_N, 'k.clock')} end as due) d
      left join lateral (select min(r2.review_date) as held from care_review r2 join care_episode e2 on e2.id = r2.episode_id
         where r2.child_id = k.child_id and r2.deleted_at is null and e2.entered_care_date = k.care_from and r2.review_date > k.clock) nx on true
     where d.due between ${s.start} and ${s.end}
       and (nx.held is not null or exists (select 1 from care_episode e3 where e3.child_id = k.child_id and e3.deleted_at is null and e3.owning_agency_id = ${s.area}
              and e3.entered_care_date = k.care_from and e3.start_date <= d.due and (e3.end_date is null or e3.end_date > d.due)))`;
    },
  },
  {
    code: 'MISSING_5PLUS_CHILDREN',
    name: `Children missing ${MISSING_TIMES} times or more`,
    definition: `Children with ${MISSING_TIMES} or more missing episodes (type MISSING, not ABSENT) starting in the period (date in England), reported by any partner. A quarter counts episodes in the quarter, a year to date those in the year to date.`,
    numerator: `Distinct children with ${MISSING_TIMES} or more missing episodes starting in the period.`,
    denominator: null,
    unit: MeasureUnit.COUNT,
    polarity: Polarity.LOW_IS_GOOD,
    periodBasis: PeriodBasis.IN_PERIOD,
    usualPeriod: 'Quarter and financial year to date',
    source: { kind: 'Local', reference: 'Local partnership measure (police and local authority missing records)' },
    scorecardWording: '1.6 "Number of children that went missing 5 times or more from home (quarterly figure is 5 or more times in any quarter)"; 2.9 the same for cared for children (polarity L) (seeds/000.md §3.1)',
    countsChildren: true,
    accessPath: 'missing_episode_start_at_index (start_at)',
    rows: (s) => `select m.child_id, m.child_id as record_id, true as in_num, false as in_den
      from missing_episode m where m.deleted_at is null and m.episode_type = 'MISSING' and ${instantIn('m.start_at', s)}
     group by m.child_id having count(*) >= ${MISSING_TIMES}`,
  },
  {
    code: 'OPERATION_ENCOMPASS_IN_TIME_PCT',
    name: 'Operation Encompass notifications before the next school day',
    definition: `Of the Operation Encompass notifications about domestic abuse incidents in the period (date in England of the incident), the percentage the police sent the school before 09:00 UK time on the next school day after the incident: the next weekday that is not a bank holiday (school term dates are not held), as sentBeforeNextSchoolDay and the OPERATION_ENCOMPASS task compute it. Incidents recorded with no notification sent are not counted here: they are open or late tasks in the force's worklist.`,
    numerator: 'Notifications sent before 09:00 on the next school day after the incident.',
    denominator: 'Notifications about incidents in the period.',
    unit: MeasureUnit.PERCENT,
    polarity: Polarity.HIGH_IS_GOOD,
    periodBasis: PeriodBasis.IN_PERIOD,
    usualPeriod: 'Quarter',
    source: { kind: 'Local', reference: 'Operation Encompass (a statutory police duty under the Children’s Wellbeing and Schools Act 2026): the school is told before the start of the next school day' },
    countsChildren: false,
    accessPath: 'domestic_abuse_notification_incident_at_index (incident_at); hub_working_day_pkey',
    rows: (s) => `select n.child_id, n.id as record_id,
        n.notification_sent_at <= ((${dueDateSql({ unit: TimescaleUnit.WORKING_DAYS, amount: 1 }, londonDate('n.incident_at'))})::timestamp + interval '${SCHOOL_DAY_STARTS_AT_HOUR} hours') at time zone 'Europe/London' as in_num,
        true as in_den
      from domestic_abuse_notification n where n.deleted_at is null and ${instantIn('n.incident_at', s)}`,
  },
  {
    code: 'RHI_HELD_PCT',
    name: 'Return home interviews accepted (held) of those offered',
    definition:
      'Of the return home interviews the local authority offered in the period (date in England of the offer) whose outcome was recorded by the period end, the percentage held. A declined interview is never counted as held; offers still open at the period end (neither held nor declined) are left out until they have an outcome.',
    numerator: 'Interviews offered in the period and held by the period end.',
    denominator: 'Interviews offered in the period, held or declined by the period end.',
    unit: MeasureUnit.PERCENT,
    polarity: Polarity.HIGH_IS_GOOD,
    periodBasis: PeriodBasis.IN_PERIOD,
    usualPeriod: 'Quarter',
    source: { kind: 'Local', reference: 'DfE statutory guidance: Children who run away or go missing from home or care (2014), Annex A: RHI offered / accepted (SSD miss_missing_rhi_accepted)' },
    scorecardWording: 'cf. "Return Home Interviews (RHIs) in a dedicated ICS workflow, with trend reports"; decline forms had been recorded as interviews (seeds/000.md §2.8)',
    countsChildren: false,
    accessPath: 'analytics_rhi_owner_offered_index (owning_agency_id, offered_at); missing_episode primary key',
    rows: (s) => `select m.child_id, i.id as record_id, (i.held_at is not null and ${londonDate('i.held_at')} <= ${s.end}) as in_num, true as in_den
      from return_home_interview i join missing_episode m on m.id = i.episode_id and m.deleted_at is null
     where i.deleted_at is null and i.owning_agency_id = ${s.area} and ${instantIn('i.offered_at', s)}
       and ((i.held_at is not null and ${londonDate('i.held_at')} <= ${s.end}) or (i.declined_at is not null and ${londonDate('i.declined_at')} <= ${s.end}))`,
  },
  ...Object.values(ExploitationLevel).map(
    (level): Measure => ({
      code: `EXPLOITATION_SCREENINGS_${level}`,
      name: `Exploitation screenings: ${SCREENING_LEVEL_WORDS[level]}`,
      definition: `Exploitation screenings completed in the period (date in England, any screening agency) whose normalised level is ${level} (${SCREENING_LEVEL_WORDS[level]}). Each area’s tool keeps its own bands; the hub maps them to NO_CONCERN / LOW / MEDIUM / HIGH with a recorded note, and this counts the mapped level. One measure per level, so each has its own target, RAG, trend and small-number suppression; together they are the screenings by outcome.`,
      numerator: `Screenings in the period with level ${level}.`,
      denominator: null,
      unit: MeasureUnit.COUNT,
      polarity: Polarity.NEUTRAL,
      periodBasis: PeriodBasis.IN_PERIOD,
      usualPeriod: 'Quarter',
      source: { kind: 'Local', reference: 'Local partnership measure (no national exploitation screening scale: standards §4)' },
      scorecardWording: 'cf. "CSE Screening Tool (any partner can complete it)" and 1.15 "Number of children on a child sexual exploitation (CSE) plan" (seeds/000.md §2.7, §3.1)',
      countsChildren: false,
      accessPath: 'analytics_exploitation_screening_level_at_index (level, screened_at)',
      rows: (s) => `select x.child_id, x.id as record_id, true as in_num, false as in_den
      from exploitation_screening x where x.deleted_at is null and x.level = '${level}' and ${instantIn('x.screened_at', s)}`,
    }),
  ),
  {
    code: 'LADO_REFERRALS',
    name: 'LADO referrals',
    definition: 'Allegations against adults who work with children referred to the local authority designated officer with a referral date in the period, whatever the threshold decision.',
    numerator: 'LADO referrals with a referral date in the period.',
    denominator: null,
    unit: MeasureUnit.COUNT,
    polarity: Polarity.NEUTRAL,
    periodBasis: PeriodBasis.IN_PERIOD,
    usualPeriod: 'Financial year to date',
    source: { kind: 'Local', reference: 'Local LADO annual report measure (KCSIE Part 4; Working Together 2023 ch.2)' },
    countsChildren: false,
    accessPath: 'analytics_lado_owner_date_index (owning_agency_id, referral_date)',
    rows: (s) => `select null::uuid as child_id, l.id as record_id, true as in_num, false as in_den
      from lado_referral l where l.deleted_at is null and l.owning_agency_id = ${s.area}
       and l.referral_date between ${s.start} and ${s.end}`,
  },
  {
    code: 'LADO_STRATEGY_5WD_PCT',
    name: `LADO strategy meetings within ${durationWords(LADO_MEETING)}`,
    definition: `Of the allegations referred to the LADO in the period that met the threshold (a strategy meeting is needed) and whose meeting is due by the period end (held by then, or more than ${durationWords(LADO_MEETING)} after the referral), the percentage whose strategy meeting was held within ${durationWords(LADO_MEETING)} of the referral (rule LADO_STRATEGY_MEETING, local configuration ladoStrategyMeeting). Referrals still within the timescale at the period end are left out. Not about one child: no names in any drill-down.`,
    numerator: `Threshold-met referrals whose strategy meeting was held by the period end, within ${durationWords(LADO_MEETING)}.`,
    denominator: 'LADO referrals in the period with threshold met, held by the period end or past the timescale.',
    unit: MeasureUnit.PERCENT,
    polarity: Polarity.HIGH_IS_GOOD,
    periodBasis: PeriodBasis.IN_PERIOD,
    usualPeriod: 'Financial year to date',
    source: { kind: 'Local', reference: 'Local allegations-management procedure (KCSIE Part 4; Working Together 2023 ch.2); LADO annual report' },
    scorecardWording: '"LADO Strategy Meeting | within 5 working days of the decision" (seeds/000.md §2.10); measured here from the referral, as the rule table does',
    countsChildren: false,
    accessPath: 'analytics_lado_owner_date_index (owning_agency_id, referral_date)',
    rows: (s) => `select null::uuid as child_id, l.id as record_id,
        (l.strategy_meeting_date is not null and l.strategy_meeting_date <= ${s.end} and ${withinSql(LADO_MEETING, 'l.referral_date', 'l.strategy_meeting_date')}) as in_num,
        true as in_den
      from lado_referral l where l.deleted_at is null and l.owning_agency_id = ${s.area} and l.referral_date between ${s.start} and ${s.end} and l.threshold_met
       and ((l.strategy_meeting_date is not null and l.strategy_meeting_date <= ${s.end}) or not ${withinSql(LADO_MEETING, 'l.referral_date', s.end)})`,
  },
  {
    code: 'CARE_LEAVERS_NEET_PCT',
    name: 'Care leavers not in education, employment or training',
    definition: `Of the local authority’s care leavers (relevant and former relevant, aged ${CARE_LEAVER_AGES[0]} to ${CARE_LEAVER_AGES[1]} on the last day of the period, not died), the percentage whose latest care leaver record on or before the period end gives a NEET activity (${NEET_ACTIVITIES.join(', ')}; NEET_ACTIVITIES in src/modules/care/care.codes.ts). Activity not known (not in touch) stays in the denominator, as in the DfE tables.`,
    numerator: `Care leavers whose latest activity is ${NEET_ACTIVITIES.join(', ')}.`,
    denominator: `Distinct relevant and former relevant care leavers aged ${CARE_LEAVER_AGES[0]}-${CARE_LEAVER_AGES[1]} at the period end with a record on or before it.`,
    unit: MeasureUnit.PERCENT,
    polarity: Polarity.LOW_IS_GOOD,
    periodBasis: PeriodBasis.SNAPSHOT_AT_PERIOD_END,
    usualPeriod: 'Snapshot at quarter end',
    source: { kind: 'DfE', reference: `${CLA}: care leavers' activity (OC3)` },
    scorecardWording: '3.2 "% NOT In education, employment or training (NEET)" (polarity L; target 38%) (seeds/000.md §3.1); "% of care leavers who are not in education, employment or training (NEET)" (seeds/002.md)',
    countsChildren: true,
    accessPath: 'analytics_care_leaver_owner_child_date_index (owning_agency_id, child_id, contact_date); child primary key',
    rows: (s) => `select cl.child_id, cl.id as record_id, coalesce(cl.activity in (${NEET_ACTIVITIES.map((a) => `'${a}'`).join(', ')}), false) as in_num, true as in_den
      ${careLeaverCohort(s)}`,
  },
  {
    code: 'CARE_LEAVERS_SUITABLE_ACCOMMODATION_PCT',
    name: 'Care leavers in suitable accommodation',
    definition: `Of the local authority’s care leavers (relevant and former relevant, aged ${CARE_LEAVER_AGES[0]} to ${CARE_LEAVER_AGES[1]} on the last day of the period, not died), the percentage whose latest care leaver record on or before the period end says the accommodation is suitable. Not known (not in touch, not disclosing) counts as not suitable, as the county scorecard does.`,
    numerator: 'Care leavers whose latest record has accommodation suitable = true.',
    denominator: `Distinct relevant and former relevant care leavers aged ${CARE_LEAVER_AGES[0]}-${CARE_LEAVER_AGES[1]} at the period end with a record on or before it.`,
    unit: MeasureUnit.PERCENT,
    polarity: Polarity.HIGH_IS_GOOD,
    periodBasis: PeriodBasis.SNAPSHOT_AT_PERIOD_END,
    usualPeriod: 'Snapshot at quarter end',
    source: { kind: 'DfE', reference: `${CLA}: care leavers' accommodation suitability (OC3)` },
    scorecardWording: '3.3 "% in suitable accommodation" (polarity H; target 96%; "6 unsuitable: 1 custody, 5 not contactable or not disclosing") (seeds/000.md §3.1)',
    countsChildren: true,
    accessPath: 'analytics_care_leaver_owner_child_date_index; child primary key',
    rows: (s) => `select cl.child_id, cl.id as record_id, coalesce(cl.accommodation_suitable, false) as in_num, true as in_den
      ${careLeaverCohort(s)}`,
  },
  ...CONTRIBUTING_KINDS.map(
    (kind): Measure => ({
      code: `PARTNER_CONTRIBUTIONS_${kind}`,
      name: `Contributions to strategy discussions: ${KIND_WORDS[kind]}`,
      definition: `Written contributions by ${KIND_WORDS[kind]} agencies (agency kind ${kind}) to the strategy discussions held in the period (date in England of the discussion) by the local authority. One measure per agency kind, so each partner’s contribution is visible, with its own trend.`,
      numerator: `Contributions of kind ${kind} to discussions held in the period.`,
      denominator: null,
      unit: MeasureUnit.COUNT,
      polarity: Polarity.NEUTRAL,
      periodBasis: PeriodBasis.IN_PERIOD,
      usualPeriod: 'Quarter',
      source: { kind: 'Local', reference: 'Local partnership measure ("A more comprehensive LSCB performance pack is needed ... All partners need to contribute information", seeds/003-004.md)' },
      scorecardWording: 'cf. "Strategy meetings informed by partners" (Ofsted recommendation 5, not yet fully met) (seeds/000.md §3)',
      countsChildren: false,
      accessPath: 'analytics_strategy_discussion_owner_held_index; analytics_contribution_discussion_kind_index (discussion_id, agency_kind)',
      rows: (s) => `select sd.child_id, ac.id as record_id, true as in_num, false as in_den
      from strategy_discussion sd join agency_contribution ac on ac.discussion_id = sd.id and ac.deleted_at is null and ac.agency_kind = '${kind}'
     where ${discussionHeldIn('sd', s)}`,
    }),
  ),
  ...CONTRIBUTING_KINDS.map(
    (kind): Measure => ({
      code: `NHS_NUMBER_TRACED_PCT_${kind}`,
      name: `Children with a verified NHS number: ${KIND_WORDS[kind]}`,
      definition: `Of the children a ${KIND_WORDS[kind]} agency (agency kind ${kind}) is currently allocated to on the period end (an allocated or accepted involvement running then), the percentage whose NHS number was TRACED against the NHS Personal Demographics Service by the period end: the child's latest trace by then, by any agency, says TRACED. No trace at all counts as not traced. The NHS number is to be the consistent child identifier (Children Act 2004 s16LC, inserted by the Children's Wellbeing and Schools Act 2026); one measure per agency kind, so each partner sees how far it can rely on it.`,
      numerator: 'Those children whose latest trace by the period end is TRACED.',
      denominator: `Children with a current involvement of a ${KIND_WORDS[kind]} agency on the period end.`,
      unit: MeasureUnit.PERCENT,
      polarity: Polarity.HIGH_IS_GOOD,
      periodBasis: PeriodBasis.SNAPSHOT_AT_PERIOD_END,
      usualPeriod: 'Snapshot at quarter end',
      source: { kind: 'Local', reference: "Children's Wellbeing and Schools Act 2026 (Children Act 2004 s16LC consistent identifier: the NHS number); local partnership measure" },
      countsChildren: true,
      accessPath: 'involvement_agency_ended_at_index (agency_id, ended_at); nhs_number_trace_child_checked_index (child_id, checked_at)',
      rows: (s) => `select i.child_id, i.child_id as record_id,
        coalesce((select t.status = 'TRACED' from nhs_number_trace t
                   where t.child_id = i.child_id and t.deleted_at is null and t.checked_at < ((${s.end} + 1)::timestamp at time zone 'Europe/London')
                   order by t.checked_at desc, t.created_at desc limit 1), false) as in_num,
        true as in_den
      from (select distinct v.child_id from involvement v join agency a on a.id = v.agency_id
             where v.deleted_at is null and a.kind = '${kind}' and v.status in (${ACCESS_GIVING_STATUSES.map((x) => `'${x}'`).join(', ')})
               and v.started_at <= ${s.end} and (v.ended_at is null or v.ended_at > ${s.end})) i`,
    }),
  ),
];
