/**
 * THE measures catalogue of the partnership scorecard, as data (issue 5). docs/measures.md is
 * generated from it (src/analytics/render-doc.ts). `MEASURES` below is the whole catalogue: the first
 * slice in this file, the rest in ./measures-more.ts; the types and SQL helpers (time limits from the
 * rule table, working days, ages) are in ./measures-base.ts and re-exported here.
 *
 * Each measure has metadata and ONE SQL builder, `rows(scope)`, returning one row per counted unit
 * (a referral, a conference, a plan...) with:
 *   child_id    the child it is about (null for units that are not about one child, e.g. LADO referrals)
 *   record_id   the unit's own id
 *   in_num      true when the unit is in the numerator
 *   in_den      true when the unit is in the denominator (false for plain counts and rates)
 * The scorecard aggregates these rows in SQL (COUNT ... FILTER, see ./scorecard.ts) and the analyst
 * drill-down lists them as pseudonymised keys (./drilldown.ts): the figure and its records cannot drift.
 * No measure loads child rows into Node to count them.
 *
 * `scope` holds SQL expressions (bound parameters): the period's first and last day (dates, both
 * included) and the area's agency id. Instants (timestamptz) are compared on their date in England.
 * Working days come from `hub_working_days_between` (migration Migration20261122920000_analytics_reference,
 * generated from src/timescales/bank-holidays.ts) and limits from the timescale rule table.
 */
import { isMultiAgencySql, kindAttendedSql } from '../modules/protection/multi-agency';
import { AgencyKind } from '../modules/agencies/agency.entity';
import { TimescaleRuleCode } from '../timescales';
import { CIN, CLA, discussionsHeldIn, hourLimit, instantIn, londonDate, MeasureUnit, PeriodBasis, Polarity, workingDayLimit, type Measure, type SqlScope } from './measures-base';
import { MORE_MEASURES } from './measures-more';

export * from './measures-base';

export const REFERRAL_DECISION_WD = workingDayLimit(TimescaleRuleCode.REFERRAL_DECISION);
export const ASSESSMENT_WD = workingDayLimit(TimescaleRuleCode.ASSESSMENT);
export const ICPC_WD = workingDayLimit(TimescaleRuleCode.ICPC);
export const IHA_WD = workingDayLimit(TimescaleRuleCode.IHA_COMPLETION);
export const RHI_HOURS = hourLimit(TimescaleRuleCode.RHI_OFFER);

const referralsIn = (s: SqlScope) =>
  `from referral r where r.deleted_at is null and r.owning_agency_id = ${s.area} and r.referral_date between ${s.start} and ${s.end}`;
const cpPlansOpenAtEnd = (s: SqlScope) =>
  `select p.child_id, p.id as record_id, true as in_num, false as in_den from child_protection_plan p
    where p.deleted_at is null and p.owning_agency_id = ${s.area} and p.start_date <= ${s.end} and (p.end_date is null or p.end_date > ${s.end})`;
const inCareAtEnd = (s: SqlScope) =>
  `select e.child_id, e.id as record_id, true as in_num, false as in_den from care_episode e
    where e.deleted_at is null and e.owning_agency_id = ${s.area} and e.start_date <= ${s.end} and (e.end_date is null or e.end_date > ${s.end})`;

const BASE_MEASURES: readonly Measure[] = [
  {
    code: 'REFERRALS',
    name: 'Referrals to children’s social care',
    definition: 'Referrals received by the local authority’s children’s social care in the period (each referral counts, so a child referred twice counts twice).',
    numerator: 'Referrals whose referral date is in the period.',
    denominator: null,
    unit: MeasureUnit.COUNT,
    polarity: Polarity.NEUTRAL,
    periodBasis: PeriodBasis.IN_PERIOD,
    usualPeriod: 'Quarter and financial year to date',
    source: { kind: 'DfE', reference: `${CIN}: referrals (ReferralDate)` },
    scorecardWording: '1.2 "Number of referrals" (seeds/000.md §3.1)',
    countsChildren: false,
    accessPath: 'analytics_referral_owner_date_index (owning_agency_id, referral_date)',
    rows: (s) => `select r.child_id, r.id as record_id, true as in_num, false as in_den ${referralsIn(s)}`,
  },
  {
    code: 'CONTACT_TO_REFERRAL_PCT',
    name: 'Contacts that became referrals',
    definition: 'Of the contacts received in the period, the percentage whose outcome was a referral to children’s social care.',
    numerator: 'Contacts received in the period with outcome REFERRAL.',
    denominator: 'Contacts received in the period (date in England of the contact).',
    unit: MeasureUnit.PERCENT,
    polarity: Polarity.NEUTRAL,
    periodBasis: PeriodBasis.IN_PERIOD,
    usualPeriod: 'Quarter',
    source: { kind: 'Local', reference: 'Local front door measure (contacts are not collected by the DfE)' },
    scorecardWording: '1.3 "% contacts to referrals", there computed as referrals ÷ contacts; here per contact, by its recorded outcome (seeds/000.md §3.1)',
    countsChildren: false,
    accessPath: 'analytics_contact_owner_at_index (owning_agency_id, contact_at)',
    rows: (s) => `select c.child_id, c.id as record_id, coalesce(c.outcome = 'REFERRAL', false) as in_num, true as in_den
      from contact c where c.deleted_at is null and c.owning_agency_id = ${s.area} and ${instantIn('c.contact_at', s)}`,
  },
  {
    code: 'RE_REFERRAL_12M_PCT',
    name: 'Re-referrals within 12 months',
    definition:
      'Of the referrals received in the period, the percentage about a child who had another referral in the 12 months before it (an earlier referral date from the same date 12 months earlier; same-day referrals do not count as each other’s previous referral; 29 February looks back to 28 February).',
    numerator: 'Referrals in the period with an earlier referral of the same child within the previous 12 months (any local authority record in the hub).',
    denominator: 'Referrals whose referral date is in the period.',
    unit: MeasureUnit.PERCENT,
    polarity: Polarity.LOW_IS_GOOD,
    periodBasis: PeriodBasis.IN_PERIOD,
    usualPeriod: 'Financial year to date',
    source: { kind: 'DfE', reference: `${CIN}: "re-referrals within 12 months of a previous referral" (Characteristics of children in need)` },
    scorecardWording: '1.5 "% repeat referrals" (polarity L; SN 22.1%, England 21.9%, target <20%) (seeds/000.md §3.1)',
    countsChildren: false,
    accessPath: 'analytics_referral_owner_date_index; referral_child_id_referral_date_index (child_id, referral_date) for the look-back',
    rows: (s) => `select r.child_id, r.id as record_id,
        exists (select 1 from referral r2 where r2.child_id = r.child_id and r2.deleted_at is null and r2.id <> r.id
                 and r2.referral_date < r.referral_date and r2.referral_date >= (r.referral_date - interval '12 months')::date) as in_num,
        true as in_den ${referralsIn(s)}`,
  },
  {
    code: 'REFERRAL_DECISION_1WD_PCT',
    name: `Referral decisions within ${REFERRAL_DECISION_WD} working day`,
    definition: `Of the referrals received in the period whose decision is due by the end of the period (decided by then, or more than ${REFERRAL_DECISION_WD} working day old), the percentage decided within ${REFERRAL_DECISION_WD} working day of receipt (rule REFERRAL_DECISION; the decision time is taken as its date in England). Referrals still within the timescale at period end are left out.`,
    numerator: `Referrals decided by the period end, on or before the ${REFERRAL_DECISION_WD}st working day after the referral date.`,
    denominator: 'Referrals received in the period, decided by the period end or past the timescale at the period end.',
    unit: MeasureUnit.PERCENT,
    polarity: Polarity.HIGH_IS_GOOD,
    periodBasis: PeriodBasis.IN_PERIOD,
    usualPeriod: 'Quarter',
    source: { kind: 'Local', reference: 'Working Together 2023 ch.3 (1 working day); not a DfE published indicator' },
    countsChildren: false,
    accessPath: 'analytics_referral_owner_date_index',
    rows: (s) => `select r.child_id, r.id as record_id,
        (d.decided is not null and d.decided <= ${s.end} and hub_working_days_between(r.referral_date, d.decided) <= ${REFERRAL_DECISION_WD}) as in_num,
        true as in_den
      from referral r cross join lateral (select ${londonDate('r.decision_at')} as decided) d
     where r.deleted_at is null and r.owning_agency_id = ${s.area} and r.referral_date between ${s.start} and ${s.end}
       and ((d.decided is not null and d.decided <= ${s.end}) or hub_working_days_between(r.referral_date, ${s.end}) > ${REFERRAL_DECISION_WD})`,
  },
  {
    code: 'ASSESSMENT_45WD_PCT',
    name: `Assessments completed within ${ASSESSMENT_WD} working days`,
    definition: `Of the child and family assessments completed (authorised) in the period, the percentage authorised within ${ASSESSMENT_WD} working days of the referral date (rule ASSESSMENT: measured from the referral, not its acceptance).`,
    numerator: `Assessments authorised in the period no more than ${ASSESSMENT_WD} working days after the referral date.`,
    denominator: 'Assessments whose authorisation date is in the period.',
    unit: MeasureUnit.PERCENT,
    polarity: Polarity.HIGH_IS_GOOD,
    periodBasis: PeriodBasis.IN_PERIOD,
    usualPeriod: 'Quarter and financial year to date',
    source: { kind: 'DfE', reference: `${CIN}: assessments completed within 45 working days (AssessmentAuthorisationDate)` },
    scorecardWording: '1.7 "% of assessments completed within 45 days" (polarity H; SN 85%, England 83%, target 85%) (seeds/000.md §3.1)',
    countsChildren: false,
    accessPath: 'analytics_assessment_authorised_date_index (authorised_date); referral primary key',
    rows: (s) => `select a.child_id, a.id as record_id,
        hub_working_days_between(r.referral_date, a.authorised_date) <= ${ASSESSMENT_WD} as in_num, true as in_den
      from assessment a join referral r on r.id = a.referral_id
     where a.deleted_at is null and a.owning_agency_id = ${s.area} and a.authorised_date between ${s.start} and ${s.end}`,
  },
  {
    code: 'STRATEGY_DISCUSSIONS',
    name: 'Strategy discussions',
    definition: 'Strategy discussions held in the period (date in England of the discussion).',
    numerator: 'Strategy discussions held in the period.',
    denominator: null,
    unit: MeasureUnit.COUNT,
    polarity: Polarity.NEUTRAL,
    periodBasis: PeriodBasis.IN_PERIOD,
    usualPeriod: 'Quarter',
    source: { kind: 'Local', reference: 'Local partnership measure (Working Together 2023 ch.3 strategy discussions)' },
    countsChildren: false,
    accessPath: 'analytics_strategy_discussion_owner_held_index (owning_agency_id, held_at)',
    rows: (s) => `select sd.child_id, sd.id as record_id, true as in_num, false as in_den ${discussionsHeldIn(s)}`,
  },
  {
    code: 'STRATEGY_MULTI_AGENCY_PCT',
    name: 'Strategy discussions that were multi-agency',
    definition:
      'Of the strategy discussions held in the period, the percentage at which at least one agency other than the local authority and the police attended (invited is not enough; the invited agency’s own response wins). The one definition: src/modules/protection/multi-agency.ts.',
    numerator: 'Discussions in the period satisfying isMultiAgency.',
    denominator: 'Strategy discussions held in the period.',
    unit: MeasureUnit.PERCENT,
    polarity: Polarity.HIGH_IS_GOOD,
    periodBasis: PeriodBasis.IN_PERIOD,
    usualPeriod: 'Quarter',
    source: { kind: 'Local', reference: 'Local partnership measure; inspection finding that discussions were "mostly phone calls between a team manager and the police, without health or other agencies"' },
    countsChildren: false,
    accessPath: 'analytics_strategy_discussion_owner_held_index; analytics_sd_participant_discussion_kind_index; analytics_sd_response_participant_index',
    rows: (s) => `select sd.child_id, sd.id as record_id, ${isMultiAgencySql('sd.id')} as in_num, true as in_den ${discussionsHeldIn(s)}`,
  },
  {
    code: 'STRATEGY_HEALTH_ATTENDED_PCT',
    name: 'Strategy discussions health attended',
    definition: 'Of the strategy discussions held in the period, the percentage at which a health agency attended (the invited agency’s own response wins over the convener’s entry, as in kindAttended).',
    numerator: 'Discussions in the period with a HEALTH participant whose effective status is ATTENDED.',
    denominator: 'Strategy discussions held in the period.',
    unit: MeasureUnit.PERCENT,
    polarity: Polarity.HIGH_IS_GOOD,
    periodBasis: PeriodBasis.IN_PERIOD,
    usualPeriod: 'Quarter',
    source: { kind: 'Local', reference: 'Local partnership measure (Working Together 2023 ch.3: health should attend strategy discussions)' },
    countsChildren: false,
    accessPath: 'analytics_strategy_discussion_owner_held_index; analytics_sd_participant_discussion_kind_index; analytics_sd_response_participant_index',
    rows: (s) => `select sd.child_id, sd.id as record_id,
        ${kindAttendedSql(AgencyKind.HEALTH, 'sd.id')} as in_num,
        true as in_den ${discussionsHeldIn(s)}`,
  },
  {
    code: 'ICPC_15WD_PCT',
    name: `Initial conferences within ${ICPC_WD} working days`,
    definition: `Of the initial child protection conferences held in the period, the percentage held within ${ICPC_WD} working days of the strategy discussion at which the section 47 enquiry was initiated (rule ICPC); when the enquiry names no discussion, from the enquiry's start date (as DfE statistics do). Conferences with neither are left out.`,
    numerator: `Initial conferences held no more than ${ICPC_WD} working days after the initiating strategy discussion.`,
    denominator: 'Initial child protection conferences held in the period with a known start (discussion or s47 start).',
    unit: MeasureUnit.PERCENT,
    polarity: Polarity.HIGH_IS_GOOD,
    periodBasis: PeriodBasis.IN_PERIOD,
    usualPeriod: 'Quarter and financial year to date',
    source: { kind: 'DfE', reference: `${CIN}: ICPCs within 15 working days of the start of the section 47 enquiry (S47ActualStartDate to DateOfInitialCPC)` },
    scorecardWording: '1.10 "% initial child protection conference (ICPC) within 15 days of Section 47 enquiry (S47)" (polarity H; SN 83%, England 77%, target 90%) (seeds/000.md §3.1)',
    countsChildren: false,
    accessPath: 'analytics_icpc_date_index (conference_date, INITIAL); section47_enquiry and strategy_discussion primary keys',
    rows: (s) => `select c.child_id, c.id as record_id, hub_working_days_between(st.started, c.conference_date) <= ${ICPC_WD} as in_num, true as in_den
      from child_protection_conference c
      left join section47_enquiry e on e.id = c.section47enquiry_id and e.deleted_at is null
      left join strategy_discussion sd on sd.id = e.strategy_discussion_id and sd.deleted_at is null
      cross join lateral (select coalesce(${londonDate('sd.held_at')}, e.start_date) as started) st
     where c.deleted_at is null and c.type = 'INITIAL' and c.owning_agency_id = ${s.area}
       and c.conference_date between ${s.start} and ${s.end} and st.started is not null`,
  },
  {
    code: 'CP_PLANS',
    name: 'Children subject to a child protection plan at period end',
    definition: 'Children with a child protection plan open on the last day of the period (started on or before it, not ended on or before it).',
    numerator: 'Distinct children with a plan open at the period end.',
    denominator: null,
    unit: MeasureUnit.COUNT,
    polarity: Polarity.NEUTRAL,
    periodBasis: PeriodBasis.SNAPSHOT_AT_PERIOD_END,
    usualPeriod: 'Snapshot at quarter end',
    source: { kind: 'DfE', reference: `${CIN}: children subject to a child protection plan at 31 March` },
    scorecardWording: '1.11 "Number of children subject to child protection (CP) plan" (target 260-300) (seeds/000.md §3.1)',
    countsChildren: true,
    accessPath: 'analytics_cp_plan_open_index (owning_agency_id, start_date, end_date)',
    rows: cpPlansOpenAtEnd,
  },
  {
    code: 'CP_PLAN_RATE',
    name: 'Rate of children subject to a child protection plan per 10,000',
    definition: 'Children with a child protection plan open on the last day of the period, per 10,000 children aged 0-17 in the area (reference population for the year of the period end).',
    numerator: 'Distinct children with a plan open at the period end.',
    denominator: 'Child population aged 0-17 (analytics_child_population, latest year not after the period end).',
    unit: MeasureUnit.RATE_PER_10000,
    polarity: Polarity.NEUTRAL,
    periodBasis: PeriodBasis.SNAPSHOT_AT_PERIOD_END,
    usualPeriod: 'Snapshot at quarter end',
    source: { kind: 'DfE', reference: `${CIN}: rate of children subject to a plan per 10,000 children` },
    scorecardWording: '1.12 "Rate of children subject to child protection (CP) plan per 10,000" (SN 38.8, England 43.3, target 35-40) (seeds/000.md §3.1)',
    countsChildren: true,
    accessPath: 'analytics_cp_plan_open_index',
    rows: cpPlansOpenAtEnd,
  },
  {
    code: 'CP_SECOND_SUBSEQUENT_PCT',
    name: 'Child protection plans for a second or subsequent time',
    definition: 'Of the child protection plans that started in the period, the percentage for a child who had had an earlier plan (started before this one, ever, recorded by any agency in the hub).',
    numerator: 'Plans started in the period whose child had an earlier plan.',
    denominator: 'Child protection plans started in the period.',
    unit: MeasureUnit.PERCENT,
    polarity: Polarity.LOW_IS_GOOD,
    periodBasis: PeriodBasis.IN_PERIOD,
    usualPeriod: 'Financial year to date',
    source: { kind: 'DfE', reference: `${CIN}: children becoming the subject of a plan for a second or subsequent time` },
    scorecardWording: '1.13 "% children becoming subject to a child protection (CP) plan for 2nd / subsequent time" (polarity L; SN 21.4%, England 18.7%, target <15%) (seeds/000.md §3.1)',
    countsChildren: false,
    accessPath: 'analytics_cp_plan_open_index; child_protection_plan_child_id_start_date_index for the look-back',
    rows: (s) => `select p.child_id, p.id as record_id,
        exists (select 1 from child_protection_plan p2 where p2.child_id = p.child_id and p2.deleted_at is null and p2.id <> p.id and p2.start_date < p.start_date) as in_num,
        true as in_den
      from child_protection_plan p where p.deleted_at is null and p.owning_agency_id = ${s.area} and p.start_date between ${s.start} and ${s.end}`,
  },
  {
    code: 'CLA',
    name: 'Children in care at period end',
    definition: 'Children looked after by the local authority on the last day of the period (an episode started on or before it and not ended on or before it).',
    numerator: 'Distinct children with a care episode open at the period end.',
    denominator: null,
    unit: MeasureUnit.COUNT,
    polarity: Polarity.NEUTRAL,
    periodBasis: PeriodBasis.SNAPSHOT_AT_PERIOD_END,
    usualPeriod: 'Snapshot at quarter end',
    source: { kind: 'DfE', reference: `${CLA}: children looked after at 31 March` },
    scorecardWording: '2.1 "Number of cared for children" (target 400-450) (seeds/000.md §3.1)',
    countsChildren: true,
    accessPath: 'analytics_care_episode_open_index (owning_agency_id, start_date, end_date)',
    rows: inCareAtEnd,
  },
  {
    code: 'CLA_RATE',
    name: 'Rate of children in care per 10,000',
    definition: 'Children looked after on the last day of the period, per 10,000 children aged 0-17 in the area.',
    numerator: 'Distinct children with a care episode open at the period end.',
    denominator: 'Child population aged 0-17 (analytics_child_population, latest year not after the period end).',
    unit: MeasureUnit.RATE_PER_10000,
    polarity: Polarity.NEUTRAL,
    periodBasis: PeriodBasis.SNAPSHOT_AT_PERIOD_END,
    usualPeriod: 'Snapshot at quarter end',
    source: { kind: 'DfE', reference: `${CLA}: rate per 10,000 children looked after at 31 March` },
    scorecardWording: '2.2 "Rate per 10,000 cared for children" (SN 58, England 62, target 53.1 - 59.7) (seeds/000.md §3.1)',
    countsChildren: true,
    accessPath: 'analytics_care_episode_open_index',
    rows: inCareAtEnd,
  },
  {
    code: 'IHA_20WD_PCT',
    name: `Initial health assessments within ${IHA_WD} working days`,
    definition: `Of the children who became looked after in the period and whose initial health assessment is due by the period end (done by then, or more than ${IHA_WD} working days in care), the percentage whose assessment was completed within ${IHA_WD} working days of becoming looked after (rule IHA_COMPLETION). Declined assessments are left out.`,
    numerator: `Initial health assessments completed by the period end, no more than ${IHA_WD} working days after the child entered care.`,
    denominator: 'Initial health assessments (not declined) for children entering care in the period, completed by or due before the period end.',
    unit: MeasureUnit.PERCENT,
    polarity: Polarity.HIGH_IS_GOOD,
    periodBasis: PeriodBasis.IN_PERIOD,
    usualPeriod: 'Quarter',
    source: { kind: 'Local', reference: 'Care Planning, Placement and Case Review Regulations 2010 reg 7 (20 working days); local indicator' },
    scorecardWording: '2.11 "% of initial health assessments completed by paediatricians within 20 days" (target 100%) (seeds/000.md §3.1)',
    countsChildren: false,
    accessPath: 'analytics_iha_entered_care_index (entered_care_date, INITIAL); care_episode primary key',
    rows: (s) => `select h.child_id, h.id as record_id,
        (h.completed_at is not null and h.completed_at <= ${s.end} and hub_working_days_between(h.entered_care_date, h.completed_at) <= ${IHA_WD}) as in_num,
        true as in_den
      from health_assessment h join care_episode e on e.id = h.care_episode_id
     where h.deleted_at is null and h.type = 'INITIAL' and not h.declined and e.owning_agency_id = ${s.area}
       and h.entered_care_date between ${s.start} and ${s.end}
       and ((h.completed_at is not null and h.completed_at <= ${s.end}) or hub_working_days_between(h.entered_care_date, ${s.end}) > ${IHA_WD})`,
  },
  {
    code: 'MISSING_EPISODES',
    name: 'Missing episodes',
    definition: 'Episodes of a child going missing (type MISSING, not ABSENT) that started in the period (date in England), reported by any partner. Every episode counts.',
    numerator: 'Missing episodes starting in the period.',
    denominator: null,
    unit: MeasureUnit.COUNT,
    polarity: Polarity.NEUTRAL,
    periodBasis: PeriodBasis.IN_PERIOD,
    usualPeriod: 'Quarter',
    source: { kind: 'Local', reference: 'Local partnership measure (police and local authority missing records)' },
    scorecardWording: 'cf. 1.6 / 2.9 "Number of children that went missing 5 times or more" (seeds/000.md §3.1)',
    countsChildren: false,
    accessPath: 'missing_episode_start_at_index (start_at)',
    rows: (s) => `select m.child_id, m.id as record_id, true as in_num, false as in_den
      from missing_episode m where m.deleted_at is null and m.episode_type = 'MISSING' and ${instantIn('m.start_at', s)}`,
  },
  {
    code: 'RHI_OFFERED_72H_PCT',
    name: `Return home interviews offered within ${RHI_HOURS} hours`,
    definition: `Of the missing episodes that ended (child found or returned) in the period, the percentage where a return home interview was offered within ${RHI_HOURS} hours of the return (exact elapsed time, rule RHI_OFFER).`,
    numerator: `Episodes with an interview offered no later than ${RHI_HOURS} hours after the episode ended.`,
    denominator: 'Missing episodes (type MISSING) ending in the period.',
    unit: MeasureUnit.PERCENT,
    polarity: Polarity.HIGH_IS_GOOD,
    periodBasis: PeriodBasis.IN_PERIOD,
    usualPeriod: 'Quarter',
    source: { kind: 'Local', reference: 'DfE statutory guidance: Children who run away or go missing from home or care (2014), 72 hours' },
    countsChildren: false,
    accessPath: 'analytics_missing_episode_end_index (end_at); return_home_interview_episode_id_index',
    rows: (s) => `select m.child_id, m.id as record_id,
        exists (select 1 from return_home_interview i where i.episode_id = m.id and i.deleted_at is null
                 and i.offered_at is not null and i.offered_at <= m.end_at + interval '${RHI_HOURS} hours') as in_num,
        true as in_den
      from missing_episode m where m.deleted_at is null and m.episode_type = 'MISSING' and m.end_at is not null and ${instantIn('m.end_at', s)}`,
  },
  {
    code: 'LADO_THRESHOLD_PCT',
    name: 'LADO referrals meeting the threshold',
    definition: 'Of the allegations referred to the LADO in the period on which a threshold decision has been recorded, the percentage that met the threshold (harm test).',
    numerator: 'LADO referrals in the period with threshold met.',
    denominator: 'LADO referrals in the period with a threshold decision recorded.',
    unit: MeasureUnit.PERCENT,
    polarity: Polarity.NEUTRAL,
    periodBasis: PeriodBasis.IN_PERIOD,
    usualPeriod: 'Financial year to date',
    source: { kind: 'Local', reference: 'Local LADO annual report measure (KCSIE Part 4; Working Together 2023 ch.2)' },
    countsChildren: false,
    accessPath: 'analytics_lado_owner_date_index (owning_agency_id, referral_date)',
    rows: (s) => `select null::uuid as child_id, l.id as record_id, l.threshold_met as in_num, true as in_den
      from lado_referral l where l.deleted_at is null and l.owning_agency_id = ${s.area}
       and l.referral_date between ${s.start} and ${s.end} and l.threshold_met is not null`,
  },
];

/** The whole catalogue, in scorecard order: the first slice (above), then ./measures-more.ts. */
export const MEASURES: readonly Measure[] = Object.freeze([...BASE_MEASURES, ...MORE_MEASURES]);

const BY_CODE = new Map(MEASURES.map((m) => [m.code, m]));

export function measureByCode(code: string): Measure | undefined {
  return BY_CODE.get(code);
}
