import type pg from 'pg';
import { collectionYear, inReturnTransaction, laChildIdSql, withWindowDates, type ReturnCaller } from './statutory-return';

/**
 * The Children in Need census (issue 12): the XML return for a collection year, built from the shared
 * records in SQL, checked before it is produced.
 *
 * One selection, two uses. `stageCinCensus` picks what the return holds into temporary tables (one per
 * module of the specification, each row keeping the hub record it came from); the pre-export checks
 * (`CIN_CENSUS_CHECKS`) and the XML are both read from those tables. A check therefore judges exactly what
 * would be sent, and names the hub record to fix.
 *
 * What goes in, for collection year Y (1 April Y-1 to the reference date 31 March Y):
 *  - a CINdetails module per referral open at some point in the year (referred on or before the reference
 *    date, not closed before the year began); a closure after the reference date is not yet a closure;
 *  - its assessments (by their referral) open in the year; factors only once authorised (rule 8614);
 *  - its CIN plans open in the year; section 47 enquiries that started in the year or held their initial
 *    conference in it; child protection plans open in the year with their review conferences in the year.
 *    Section 47 enquiries and plans belong to the child's latest referral on or before their start (as in
 *    the DfE API payload, `hub_dfe_episode_of`);
 *  - the child's identifiers and characteristics as at the reference date (a child born after it is sent
 *    as unborn, sex U).
 * Anything dated after the reference date is left out, so a past year's return can be rebuilt.
 *
 * The 2026/27 specification adds a PreProceedingsandFGDM module per CINdetails: sent for collection
 * years from 2027 (or when asked for), from the hub's pre-proceedings records. PPOutcome is not sent: the
 * hub records the decision (issue care proceedings, or step down), but the 2026/27 code set for it is not
 * available here, and a guessed code would be worse than none. The unconfirmed LetterInitCPDate is not sent either.
 */

export interface CinCensusWindow {
  year: number;
  start: string;
  referenceDate: string;
}

/** Collection year 2026 is 1 April 2025 to 31 March 2026 (rule 100: the reference date is 31/03/Year). */
export function cinCensusWindow(year: number): CinCensusWindow {
  const { start, end } = collectionYear(year);
  return { year, start, referenceDate: end };
}

/**
 * The return's contents, staged: $1 the year's first day, $2 the reference date. Run in one transaction;
 * the tables drop at its end.
 */
const STAGING: readonly string[] = [
  `create temp table census_episode on commit drop as
     select r.id, r.child_id, r.referral_date, r.source::text as source, r.primary_need::text as primary_need,
            case when r.closure_date <= $2::date then r.closure_date end as closure_date,
            case when r.closure_date <= $2::date then r.closure_reason::text end as closure_reason,
            r.nfa, null::date as icpc_date
       from referral r join child c on c.id = r.child_id and c.deleted_at is null
      where r.deleted_at is null and r.referral_date <= $2::date and (r.closure_date is null or r.closure_date >= $1::date)`,
  `create temp table census_child on commit drop as
     select c.id as child_id,
            ${laChildIdSql('c')} as la_child_id,
            (select i.value from child_identifier i where i.child_id = c.id and i.type = 'UPN' and i.deleted_at is null and (i.valid_to is null or i.valid_to > $2::date) order by i.valid_from desc nulls last, i.id limit 1) as upn,
            (select i.value from child_identifier i where i.child_id = c.id and i.type = 'FORMER_UPN' and i.deleted_at is null order by i.valid_from desc nulls last, i.id limit 1) as former_upn,
            case when c.date_of_birth <= $2::date then c.date_of_birth end as birth_date,
            case when c.date_of_birth is null or c.date_of_birth > $2::date then coalesce(c.expected_date_of_birth, c.date_of_birth) end as expected_birth_date,
            -- Unborn on the reference date: U (rule 8750); otherwise as recorded, U when not known.
            case when c.date_of_birth is null or c.date_of_birth > $2::date then 'U' else coalesce(c.sex::text, 'U') end as sex,
            case when c.date_of_death <= $2::date then c.date_of_death end as death_date,
            -- NOBT is the code set's "information not yet obtained".
            coalesce(c.ethnicity::text, 'NOBT') as ethnicity,
            coalesce(nullif(array(select distinct d.code::text from child_disability d where d.child_id = c.id and d.deleted_at is null and d.code <> 'NONE' order by 1), '{}'), '{NONE}') as disabilities,
            c.is_uasc
       from child c where c.id in (select child_id from census_episode)`,
  // UPN unknown: UN1 under 6 (or unborn), UN7 every episode a referral with no further action, otherwise
  // UN2 (never attended a state-funded school in England); a school-age child without a UPN is a query.
  `alter table census_child add column upn_unknown text`,
  `update census_child k set upn_unknown = case
       when k.birth_date is null or k.birth_date > ($2::date - interval '6 years') then 'UN1'
       when not exists (select 1 from census_episode e where e.child_id = k.child_id and not e.nfa) then 'UN7'
       else 'UN2' end
     where k.upn is null`,
  `create temp table census_assessment on commit drop as
     select a.id, e.id as episode_id, a.child_id, a.start_date,
            case when a.authorised_date <= $2::date then a.authorised_date end as authorised_date,
            case when a.authorised_date <= $2::date then a.factors::text[] end as factors
       from assessment a join census_episode e on e.id = a.referral_id
      where a.deleted_at is null and a.start_date <= $2::date and (a.authorised_date is null or a.authorised_date >= $1::date)`,
  `create temp table census_plan on commit drop as
     select p.id, e.id as episode_id, p.child_id, p.start_date, case when p.end_date <= $2::date then p.end_date end as end_date
       from cin_plan p join census_episode e on e.id = coalesce(p.referral_id, hub_dfe_episode_of(p.child_id, p.start_date))
      where p.deleted_at is null and p.start_date <= $2::date and (p.end_date is null or p.end_date >= $1::date)`,
  `create temp table census_s47 on commit drop as
     select s.id, e.id as episode_id, s.child_id, s.start_date,
            -- The 15th working day after the start: ordinals count working days up to each date.
            (select w2.day from hub_working_day w1 join hub_working_day w2 on w2.ordinal = w1.ordinal + 15 where w1.day = s.start_date order by w2.day limit 1) as icpc_target,
            k.conference_date as icpc_date,
            coalesce(k.conference_date is null and not s.conference_required and s.end_date <= $2::date, false) as icpc_not_required
       from section47_enquiry s
       join census_episode e on e.id = hub_dfe_episode_of(s.child_id, s.start_date)
       left join lateral (select min(k.conference_date) as conference_date from child_protection_conference k
                           where k.section47enquiry_id = s.id and k.type = 'INITIAL' and k.deleted_at is null and k.conference_date <= $2::date) k on true
      where s.deleted_at is null and s.start_date <= $2::date
        and (s.start_date >= $1::date or k.conference_date >= $1::date)`,
  // An initial conference without an enquiry in the return is reported on the episode (never both: 2884).
  `update census_episode e set icpc_date = x.conference_date
     from (select hub_dfe_episode_of(k.child_id, k.conference_date) as episode_id, min(k.conference_date) as conference_date
             from child_protection_conference k
            where k.type = 'INITIAL' and k.deleted_at is null and k.conference_date between $1::date and $2::date
              and not exists (select 1 from census_s47 s where s.id = k.section47enquiry_id)
            group by 1) x
    where x.episode_id = e.id`,
  `create temp table census_cpp on commit drop as
     select p.id, e.id as episode_id, p.child_id, p.start_date, case when p.end_date <= $2::date then p.end_date end as end_date,
            p.category::text as initial_category,
            coalesce((select k.category_of_abuse::text from child_protection_conference k
                       where k.reviewed_plan_id = p.id and k.type = 'REVIEW' and k.deleted_at is null and k.category_of_abuse is not null and k.conference_date <= $2::date
                       order by k.conference_date desc, k.id desc limit 1), p.category::text) as latest_category,
            (select count(*) from child_protection_plan q where q.child_id = p.child_id and q.deleted_at is null and q.start_date < p.start_date)::int as previous_plans
       from child_protection_plan p join census_episode e on e.id = hub_dfe_episode_of(p.child_id, p.start_date)
      where p.deleted_at is null and p.start_date <= $2::date and (p.end_date is null or p.end_date >= $1::date)`,
  `create temp table census_review on commit drop as
     select k.id, p.id as plan_id, k.child_id, k.conference_date as review_date
       from child_protection_conference k join census_cpp p on p.id = k.reviewed_plan_id
      where k.type = 'REVIEW' and k.deleted_at is null and k.conference_date between $1::date and $2::date
        and (p.end_date is null or k.conference_date <= p.end_date)`,
  // Pre-proceedings open in the year (CIN 2026/27 PreProceedingsandFGDM), in their referral's module.
  `create temp table census_pre_proceedings on commit drop as
     select p.id, e.id as episode_id, p.child_id, p.start_date,
            case when p.letter_before_proceedings_date <= $2::date then p.letter_before_proceedings_date end as letter_date,
            p.family_meeting_offered, p.family_meeting_held,
            case when p.initial_meeting_date <= $2::date then p.initial_meeting_date end as initial_meeting_date,
            p.review_meetings,
            case when p.decision_date <= $2::date then p.decision_date end as decision_date,
            case when p.court_application_date <= $2::date then p.court_application_date end as court_application_date
       from pre_proceedings p join census_episode e on e.id = coalesce(p.referral_id, hub_dfe_episode_of(p.child_id, p.start_date))
      where p.deleted_at is null and p.start_date <= $2::date and (p.decision_date is null or p.decision_date >= $1::date)`,
  // Work in the year that no CINdetails module can hold (no referral open when it began): the return would
  // leave it out, so it is reported for the authority to record the referral or correct the dates.
  `create temp table census_unplaced on commit drop as
     select x.id, x.child_id, x.record_type, ${laChildIdSql('c')} as la_child_id from (
       select p.id, p.child_id, 'ChildProtectionPlan' as record_type from child_protection_plan p
        where p.deleted_at is null and p.start_date <= $2::date and (p.end_date is null or p.end_date >= $1::date) and not exists (select 1 from census_cpp y where y.id = p.id)
       union all
       select s.id, s.child_id, 'Section47Enquiry' from section47_enquiry s
        where s.deleted_at is null and s.start_date between $1::date and $2::date and not exists (select 1 from census_s47 y where y.id = s.id)
       union all
       select p.id, p.child_id, 'CinPlan' from cin_plan p
        where p.deleted_at is null and p.start_date <= $2::date and (p.end_date is null or p.end_date >= $1::date) and not exists (select 1 from census_plan y where y.id = p.id)
       union all
       select p.id, p.child_id, 'PreProceedings' from pre_proceedings p
        where p.deleted_at is null and p.start_date <= $2::date and (p.decision_date is null or p.decision_date >= $1::date) and not exists (select 1 from census_pre_proceedings y where y.id = p.id)) x
     join child c on c.id = x.child_id and c.deleted_at is null`,
];

/** The staged module each check reads, with the hub record type a finding names. */
export type CinModule = 'child' | 'episode' | 'assessment' | 'cin_plan' | 's47' | 'cpp' | 'review' | 'unplaced';
const MODULE_TABLE: Record<CinModule, { table: string; recordType: string }> = {
  child: { table: 'census_child', recordType: 'Child' },
  episode: { table: 'census_episode', recordType: 'Referral' },
  assessment: { table: 'census_assessment', recordType: 'Assessment' },
  cin_plan: { table: 'census_plan', recordType: 'CinPlan' },
  s47: { table: 'census_s47', recordType: 'Section47Enquiry' },
  cpp: { table: 'census_cpp', recordType: 'ChildProtectionPlan' },
  review: { table: 'census_review', recordType: 'ChildProtectionConference' },
  // Rows name their own record type.
  unplaced: { table: 'census_unplaced', recordType: '(named per row)' },
};

export interface CinCensusCheck {
  /**
   * DfE's validation rule number (a Q suffix: a query, which asks for a reason rather than blocking), or
   * HUBn for the hub's own check that nothing in the year falls outside the return.
   */
  rule: string;
  message: string;
  /** The module whose rows are judged: every finding names one of its records. */
  on: CinModule;
  /** A condition on that module's row `x` (its episode `e` and child `k` are joined): true where it fails. */
  fails: string;
}

const error = (rule: string, on: CinModule, message: string, fails: string): CinCensusCheck => ({ rule, on, message, fails });

/**
 * The DfE rules (2025/26 specification, as data-to-insight's csc-validator-be-cin states them) that data
 * held in the hub can break. Rules about code lists and formats are not repeated: the hub stores codes as
 * enums and dates as dates, so a stored value cannot fail them.
 */
export const CIN_CENSUS_CHECKS: readonly CinCensusCheck[] = [
  error('1570', 'child', 'LA Child ID must not be longer than 20 characters', `length(x.la_child_id) > 20`),
  error('1580', 'child', 'LA Child ID must not contain any non-alphanumeric characters', `x.la_child_id !~ '^[A-Za-z0-9]+$'`),
  error('8510', 'child', 'More than one child record with the same LA Child ID', `(select count(*) from census_child o where o.la_child_id = x.la_child_id) > 1`),
  error('1520', 'child', 'More than one record with the same UPN.', `x.upn is not null and (select count(*) from census_child o where o.upn = x.upn) > 1`),
  error('1510', 'child', 'UPN invalid (wrong check letter, characters 5-12 not all numeric, or character 13 not a recognised value)', `x.upn is not null and x.upn !~ '^[A-HJ-NP-RT-Z][0-9]{11}[0-9A-HJ-NP-RT-Z]$'`),
  error('8520', 'child', 'Date of Birth is after data collection period (must be on or before the end of the census period)', `x.birth_date > $2::date`),
  error('8535Q', 'child', 'Child’s date of death should not be prior to the date of birth', `x.death_date < x.birth_date`),
  error('8606', 'episode', 'Child referral date is more than 40 weeks before DOB or expected DOB', `x.referral_date < coalesce(k.birth_date, k.expected_birth_date) - 280`),
  error('8630', 'episode', 'CIN Closure Date is before CIN Referral Date for the same CIN episode', `x.closure_date < x.referral_date`),
  error('8805', 'episode', 'A CIN case cannot have a CIN closure date without a Reason for Closure', `x.closure_date is not null and x.closure_reason is null`),
  error('8810', 'episode', 'A CIN case cannot have a Reason for Closure without a CIN Closure Date', `x.closure_date is null and x.closure_reason is not null`),
  error('8815', 'episode', 'More than one open CIN Details episode (a module with no CIN Closure Date) has been provided for this child and case is not a referral with no further action.',
    `x.closure_date is null and not x.nfa and exists (select 1 from census_episode o where o.child_id = x.child_id and o.id <> x.id and o.closure_date is null and not o.nfa)`),
  error('8816', 'episode', 'An open CIN episode is shown and case is not a referral with no further action, but it is not the latest episode.',
    `x.closure_date is null and not x.nfa and exists (select 1 from census_episode o where o.child_id = x.child_id and o.referral_date > x.referral_date)`),
  error('8820', 'episode', 'The dates on the CIN episodes for this child overlap',
    `exists (select 1 from census_episode o where o.child_id = x.child_id and o.id <> x.id and o.referral_date >= x.referral_date and (o.referral_date, o.id) > (x.referral_date, x.id)
              and (x.closure_date is null or o.referral_date < x.closure_date))`),
  error('8569Q', 'episode', 'A case with referral date before one working day prior to the collection start date must not be flagged as a no further action case', `x.nfa and x.referral_date < $1::date - 1`),
  error('8831', 'episode', 'Activity is recorded against a case marked as a referral with no further action',
    `x.nfa and (exists (select 1 from census_assessment a where a.episode_id = x.id) or exists (select 1 from census_s47 s where s.episode_id = x.id) or x.icpc_date is not null)`),
  error('4000', 'episode', 'CIN Plan details provided for a referral with no further action', `x.nfa and exists (select 1 from census_plan p where p.episode_id = x.id)`),
  error('8832', 'episode', 'Child Protection details provided for a referral with no further action', `x.nfa and exists (select 1 from census_cpp p where p.episode_id = x.id)`),
  error('2990', 'episode', 'Activity is recorded against a case marked as ‘Case closed after assessment, no further action’ or ‘case closed after assessment, referred to early help’.',
    `x.closure_reason in ('RC8', 'RC9') and (exists (select 1 from census_plan p where p.episode_id = x.id) or exists (select 1 from census_s47 s where s.episode_id = x.id) or exists (select 1 from census_cpp p where p.episode_id = x.id) or x.icpc_date is not null)`),
  error('8825Q', 'episode', 'Reason for Closure RC8 or RC9 (case closed after assessment) has been returned but there is no assessment present for the episode.',
    `x.closure_reason in ('RC8', 'RC9') and not exists (select 1 from census_assessment a where a.episode_id = x.id)`),
  error('8565', 'episode', 'Activity shown after a case has been closed',
    `x.closure_date is not null and (exists (select 1 from census_assessment a where a.episode_id = x.id and (a.start_date > x.closure_date or a.authorised_date > x.closure_date))
      or exists (select 1 from census_plan p where p.episode_id = x.id and (p.start_date > x.closure_date or p.end_date > x.closure_date))
      or exists (select 1 from census_s47 s where s.episode_id = x.id and (s.start_date > x.closure_date or s.icpc_date > x.closure_date))
      or exists (select 1 from census_cpp p where p.episode_id = x.id and (p.start_date > x.closure_date or p.end_date > x.closure_date))
      or exists (select 1 from census_review v join census_cpp p on p.id = v.plan_id where p.episode_id = x.id and v.review_date > x.closure_date))`),
  error('8867', 'episode', 'CIN episode is shown as closed, however Assessment is not shown as completed',
    `x.closure_date is not null and exists (select 1 from census_assessment a where a.episode_id = x.id and a.authorised_date is null)`),
  error('8868', 'episode', 'CIN episode is shown as closed, however Section 47 enquiry is not shown as completed by ICPC date or ICPC not required flag',
    `x.closure_date is not null and exists (select 1 from census_s47 s where s.episode_id = x.id and s.icpc_date is null and not s.icpc_not_required)`),
  error('1103', 'assessment', 'The assessment start date cannot be before the referral date', `x.start_date < e.referral_date`),
  error('8608', 'assessment', 'Assessment Start Date cannot be later than its End Date', `x.authorised_date < x.start_date`),
  error('8736', 'assessment', 'For an Assessment that has not been completed, the start date must fall within the census year', `x.authorised_date is null and x.start_date < $1::date`),
  error('8869', 'assessment', 'The assessment factors code “21” cannot be used in conjunction with any other assessment factors.', `'21' = any(x.factors) and cardinality(x.factors) > 1`),
  error('8896', 'assessment', 'Within one CINDetails group there are 2 or more open Assessments groups',
    `x.authorised_date is null and exists (select 1 from census_assessment o where o.episode_id = x.episode_id and o.id <> x.id and o.authorised_date is null)`),
  error('8863Q', 'assessment', 'An Assessment is shown as starting when there is another Assessment ongoing.',
    `exists (select 1 from census_assessment o where o.child_id = x.child_id and o.id <> x.id and o.start_date < x.start_date and (o.authorised_date is null or o.authorised_date > x.start_date))`),
  error('8670Q', 'assessment', 'Assessment started more than 45 working days before the end of the census year. However, there is no Assessment end date.',
    `x.authorised_date is null and hub_working_days_between(x.start_date, $2::date) > 45`),
  error('8897Q', 'assessment', 'Parental or child factors at assessment information is missing from a completed assessment', `x.authorised_date is not null and cardinality(coalesce(x.factors, '{}')) = 0`),
  error('4015', 'cin_plan', 'The CIN Plan start date cannot be before the referral date', `x.start_date < e.referral_date`),
  error('4011', 'cin_plan', 'CIN Plan End Date earlier than Start Date', `x.end_date < x.start_date`),
  error('4004', 'cin_plan', 'This child is showing more than one open CIN Plan, i.e. with no End Date',
    `x.end_date is null and exists (select 1 from census_plan o where o.child_id = x.child_id and o.id <> x.id and o.end_date is null)`),
  error('4014', 'cin_plan', 'CIN Plan data contains overlapping dates',
    `exists (select 1 from census_plan o where o.episode_id = x.episode_id and o.id <> x.id and (o.start_date, o.id) > (x.start_date, x.id) and (x.end_date is null or o.start_date < x.end_date))`),
  error('4001', 'cin_plan', 'A CIN Plan cannot run concurrently with a Child Protection Plan',
    `exists (select 1 from census_cpp p where p.child_id = x.child_id and x.start_date < coalesce(p.end_date, 'infinity') and p.start_date < coalesce(x.end_date, 'infinity') and x.start_date <> coalesce(p.end_date, 'infinity') and p.start_date <> coalesce(x.end_date, 'infinity'))`),
  error('4008', 'cin_plan', 'CIN Plan shown as starting after the child’s Date of Death.', `x.start_date > k.death_date`),
  error('2889', 's47', 'The S47 start date cannot be before the referral date.', `x.start_date < e.referral_date`),
  error('8615', 's47', 'Section 47 Enquiry Start Date must be present and cannot be later than the date of the initial Child Protection Conference', `x.start_date > x.icpc_date`),
  error('1104', 's47', 'The date of the initial child protection conference cannot be before the referral date', `x.icpc_date < e.referral_date`),
  error('8740', 's47', 'For a Section 47 Enquiry that has not held the Initial Child Protection Conference by the end of the census year, the start date must fall within the census year', `x.icpc_date is null and x.start_date < $1::date`),
  error('8875', 's47', 'The Date of Initial Child Protection Conference cannot be a weekend', `extract(isodow from x.icpc_date) > 5`),
  error('8839', 's47', 'Within one CINDetails group there are 2 or more open S47 Assessments',
    `x.icpc_date is null and not x.icpc_not_required and exists (select 1 from census_s47 o where o.episode_id = x.episode_id and o.id <> x.id and o.icpc_date is null and not o.icpc_not_required)`),
  error('8890', 's47', 'A Section 47 enquiry is shown as starting when there is another Section 47 Enquiry ongoing',
    `exists (select 1 from census_s47 o where o.child_id = x.child_id and o.id <> x.id and o.start_date < x.start_date and o.icpc_date is null and not o.icpc_not_required)`),
  error('8675Q', 's47', 'S47 Enquiry started more than 15 working days before the end of the census year. However, there is no date of Initial Child Protection Conference.',
    `x.icpc_date is null and not x.icpc_not_required and hub_working_days_between(x.start_date, $2::date) > 15`),
  error('8875', 'episode', 'The Date of Initial Child Protection Conference cannot be a weekend', `extract(isodow from x.icpc_date) > 5`),
  error('1104', 'episode', 'The date of the initial child protection conference cannot be before the referral date', `x.icpc_date < x.referral_date`),
  error('1105', 'cpp', 'The child protection plan start date cannot be before the referral date', `x.start_date < e.referral_date`),
  error('8925', 'cpp', 'Child Protection Plan End Date earlier than Start Date', `x.end_date < x.start_date`),
  error('8840', 'cpp', 'Child Protection Plan cannot start and end on the same day', `x.end_date = x.start_date`),
  error('8935', 'cpp', 'This child is showing more than one open Child Protection plan, i.e. with no End Date',
    `x.end_date is null and exists (select 1 from census_cpp o where o.child_id = x.child_id and o.id <> x.id and o.end_date is null)`),
  error('8940', 'cpp', 'Child Protection Plan data contains overlapping dates',
    `exists (select 1 from census_cpp o where o.child_id = x.child_id and o.id <> x.id and (o.start_date, o.id) > (x.start_date, x.id) and (x.end_date is null or o.start_date < x.end_date))`),
  error('8915', 'cpp', 'Child Protection Plan shown as starting after the child’s Date of Death', `x.start_date > k.death_date`),
  error('8920', 'cpp', 'Child Protection Plan cannot end after the child’s Date of Death', `x.end_date > k.death_date`),
  error('2885', 'cpp', 'Child protection plan shown as starting a different day to the initial child protection conference.',
    `x.start_date >= $1::date and not exists (select 1 from census_s47 s where s.episode_id = x.episode_id and s.icpc_date = x.start_date) and e.icpc_date is distinct from x.start_date`),
  error('HUB1', 'unplaced', 'Child protection plan, section 47 enquiry, CIN plan or pre-proceedings in the census year with no referral (CIN episode) open when it began: the return cannot hold it. Record the referral or correct the dates.', `true`),
  error('8841', 'review', 'The review date cannot be on the same day or before the Child protection Plan start date.', `x.review_date <= (select p.start_date from census_cpp p where p.id = x.plan_id)`),
];

export interface CinCensusFinding {
  rule: string;
  /** ERROR blocks the return; QUERY asks for a reason or a correction and does not. */
  severity: 'ERROR' | 'QUERY';
  message: string;
  childId: string;
  laChildId: string;
  /** The hub record to correct. */
  recordType: string;
  recordId: string;
}

const inWindow = (sql: string, w: CinCensusWindow) => withWindowDates(sql, w.start, w.referenceDate);

/** Stages the year's return in the caller's open transaction. */
export async function stageCinCensus(client: pg.ClientBase, w: CinCensusWindow): Promise<void> {
  for (const sql of STAGING) await client.query(inWindow(sql, w));
  await client.query('analyze census_episode, census_child, census_assessment, census_plan, census_s47, census_cpp, census_review, census_pre_proceedings, census_unplaced');
}

/** Every check over the staged return, in one statement: the findings, per child and record. */
export async function checkCinCensus(client: pg.ClientBase, w: CinCensusWindow): Promise<CinCensusFinding[]> {
  const parts = CIN_CENSUS_CHECKS.map((c, i) => {
    const m = MODULE_TABLE[c.on];
    const withEpisode = ['assessment', 'cin_plan', 's47', 'cpp'].includes(c.on);
    const joins = [withEpisode ? `left join census_episode e on e.id = x.episode_id` : '', c.on === 'child' || c.on === 'unplaced' ? '' : `join census_child k on k.child_id = x.child_id`].join(' ');
    const recordType = c.on === 'unplaced' ? 'x.record_type' : `'${m.recordType}'`;
    const la = c.on === 'unplaced' || c.on === 'child' ? 'x.la_child_id' : 'k.la_child_id';
    return `select ${i} as n, x.child_id::text as child_id, x.${c.on === 'child' ? 'child_id' : 'id'}::text as record_id, ${recordType} as record_type, ${la} as la_child_id from ${m.table} x ${joins} where ${c.fails}`;
  });
  const { rows } = await client.query<{ n: number; child_id: string; record_id: string; record_type: string; la_child_id: string }>(
    inWindow(`select * from (${parts.join('\nunion all\n')}) f order by f.la_child_id, f.n`, w),
  );
  return rows.map((r) => {
    const c = CIN_CENSUS_CHECKS[r.n]!;
    return { rule: c.rule, severity: c.rule.endsWith('Q') ? 'QUERY' : 'ERROR', message: c.message, childId: r.child_id, laChildId: r.la_child_id, recordType: r.record_type, recordId: r.record_id };
  });
}

const dateTime = `to_char(now() at time zone 'Europe/London', 'YYYY-MM-DD"T"HH24:MI:SS')`;

/** The staged return as the specification's XML: Message > Header, Children > Child > modules. */
export async function renderCinCensusXml(client: pg.ClientBase, w: CinCensusWindow, source: { lea: string; release: string; serialNo: string }, preProceedings = w.year >= 2027): Promise<string> {
  const { rows } = await client.query<{ xml: string }>(
    `select xmlelement(name "Message",
       xmlelement(name "Header",
         xmlelement(name "CollectionDetails", xmlforest('CIN' as "Collection", $1::int as "Year", $2::date as "ReferenceDate")),
         xmlelement(name "Source", xmlforest('L' as "SourceLevel", $3::text as "LEA", 'Safeguarding Partnership Data Hub' as "SoftwareCode", $4::text as "Release", $5::text as "SerialNo", ${dateTime} as "DateTime"))),
       xmlelement(name "Children", (select xmlagg(xmlelement(name "Child",
         xmlelement(name "ChildIdentifiers", xmlforest(k.la_child_id as "LAchildID", k.upn as "UPN", k.former_upn as "FormerUPN", k.upn_unknown as "UPNunknown",
           k.birth_date as "PersonBirthDate", k.expected_birth_date as "ExpectedPersonBirthDate", k.sex as "Sex", k.death_date as "PersonDeathDate")),
         xmlelement(name "ChildCharacteristics", xmlforest(k.ethnicity as "Ethnicity"),
           xmlelement(name "Disabilities", (select xmlagg(xmlelement(name "Disability", d) order by d) from unnest(k.disabilities) d))),
         (select xmlagg(xmlelement(name "CINdetails",
            xmlforest(e.referral_date as "CINreferralDate", e.source as "ReferralSource", e.primary_need as "PrimaryNeedCode", e.closure_date as "CINclosureDate",
                      e.closure_reason as "ReasonForClosure", e.icpc_date as "DateOfInitialCPC"),
            (select xmlagg(xmlelement(name "Assessments", xmlforest(a.start_date as "AssessmentActualStartDate", a.authorised_date as "AssessmentAuthorisationDate"),
                 case when cardinality(a.factors) > 0 then xmlelement(name "FactorsIdentifiedAtAssessment", (select xmlagg(xmlelement(name "AssessmentFactors", f) order by f) from unnest(a.factors) f)) end)
               order by a.start_date, a.id) from census_assessment a where a.episode_id = e.id),
            (select xmlagg(xmlelement(name "CINPlanDates", xmlforest(p.start_date as "CINPlanStartDate", p.end_date as "CINPlanEndDate")) order by p.start_date, p.id)
               from census_plan p where p.episode_id = e.id),
            (select xmlagg(xmlelement(name "Section47", xmlforest(s.start_date as "S47ActualStartDate", s.icpc_target as "InitialCPCtarget", s.icpc_date as "DateOfInitialCPC", s.icpc_not_required as "ICPCnotRequired"))
               order by s.start_date, s.id) from census_s47 s where s.episode_id = e.id),
            xmlforest(e.nfa as "ReferralNFA"),
            (select xmlagg(xmlelement(name "ChildProtectionPlans",
                 xmlforest(p.start_date as "CPPstartDate", p.end_date as "CPPendDate", p.initial_category as "InitialCategoryOfAbuse", p.latest_category as "LatestCategoryOfAbuse", p.previous_plans as "NumberOfPreviousCPP"),
                 (select xmlagg(xmlelement(name "Reviews", xmlforest(v.review_date as "CPPreviewDate")) order by v.review_date, v.id) from census_review v where v.plan_id = p.id))
               order by p.start_date, p.id) from census_cpp p where p.episode_id = e.id),
            -- FGDM flags as 1/0, as the specification's sample; PPOutcome is not sent (see the header comment).
            (select xmlagg(xmlelement(name "PreProceedingsandFGDM",
                 xmlforest(x.start_date as "PPStartDate", x.letter_date as "LBPSentDate", x.family_meeting_offered::int as "FGDMMeetingOffer", x.family_meeting_held::int as "FGDMMeetingFac",
                           x.initial_meeting_date as "InitialPPMeetingDate", x.review_meetings as "ReviewMeetingsCount", x.decision_date as "StepDecisionDate", x.court_application_date as "CourtAppDate"))
               order by x.start_date, x.id) from census_pre_proceedings x where $6::boolean and x.episode_id = e.id))
          order by e.referral_date, e.id) from census_episode e where e.child_id = k.child_id))
         order by k.la_child_id) from census_child k)))::text as xml`,
    [w.year, w.referenceDate, source.lea, source.release, source.serialNo, preProceedings],
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n${rows[0]!.xml}\n`;
}

export interface CinCensusRunOptions extends ReturnCaller {
  year: number;
  /** Report the findings without producing the return. */
  checkOnly?: boolean;
  /** Send the 2026/27 PreProceedingsandFGDM modules; default: for collection years from 2027. */
  preProceedings?: boolean;
}

export interface CinCensusRunResult {
  window: CinCensusWindow;
  children: number;
  episodes: number;
  findings: CinCensusFinding[];
  errors: number;
  queries: number;
  /** The return, when asked for and no ERROR finding stands in its way. */
  xml?: string;
}

/**
 * Stages the year's return, checks it, and (unless a check fails with an ERROR, or only the checks were
 * asked for) renders it. One transaction with its audit row: EXPORT naming every child in the return, or
 * READ naming the children the findings are about.
 */
export async function runCinCensus(client: pg.ClientBase, opts: CinCensusRunOptions): Promise<CinCensusRunResult> {
  const w = cinCensusWindow(opts.year);
  return inReturnTransaction(client, opts, async (authority) => {
    if (!authority.externalCode || !/^\d{3}$/.test(authority.externalCode)) throw new Error(`${authority.code} has no three-digit DfE LA number (agency.external_code): the census header needs it.`);
    await stageCinCensus(client, w);
    const findings = await checkCinCensus(client, w);
    const errors = findings.filter((f) => f.severity === 'ERROR').length;
    const counts = (await client.query<{ children: number; episodes: number }>(`select (select count(*) from census_child)::int as children, (select count(*) from census_episode)::int as episodes`)).rows[0]!;
    const produce = !opts.checkOnly && errors === 0;
    const xml = produce ? await renderCinCensusXml(client, w, { lea: authority.externalCode, release: '1', serialNo: '001' }, opts.preProceedings ?? w.year >= 2027) : undefined;
    return {
      result: { window: w, ...counts, findings, errors, queries: findings.length - errors, xml },
      audit: {
        action: produce ? 'EXPORT' : 'READ',
        recordType: 'cin_census',
        childIds: produce ? { sql: 'select child_id from census_child' } : [...new Set(findings.map((f) => f.childId))],
        changes: { year: w.year, children: counts.children, errors, queries: findings.length - errors },
      },
    };
  });
}
