import * as ExcelJS from 'exceljs';
import type pg from 'pg';
import { inReturnTransaction, laChildIdSql, type ReturnCaller } from './statutory-return';
import { isCalendarDate } from '../modules/care/dates';
import { placementsInTwelveMonthsSql } from '../modules/care/placement-moves';

/**
 * Ofsted ILACS "Annex A" child-level lists for a date window, as an XLSX workbook with one sheet per list
 * (the 2023 onwards template; headers as the template words them, values as DfE codes where a code set
 * exists: CIN census and SSDA903).
 *
 * The lists are declared once, as data (`ANNEX_A_LISTS`): each names its rows (a `from` and a `where` over
 * the hub's tables, $1 the window's first day, $2 its last) and its columns (header, kind, SQL). The SQL
 * that reads a list and the sheet that shows it are both derived from that declaration, so a header can
 * never drift from the value under it.
 *
 * Every row starts with the same child columns (`CHILD_COLUMNS`): LA child id, gender, ethnicity, date of
 * birth, age at the row's relevant date (`asOf`: the event's date, or for a case open in the window the
 * window's last day or the day it closed, if earlier) and disability.
 *
 * Which rows: an event list (contacts, referrals, section 47 enquiries, care leavers' latest contact) holds
 * the events dated in the window; a case list (assessments, CIN plans, CP plans, children in care) holds the
 * cases open at some point in it. Anything dated after the window's end is shown as not yet happened (no
 * authorisation, no end date), so a past window can be rebuilt. Soft-deleted records (and children) are
 * never shown.
 *
 * Not produced, because the hub does not hold the records: List 2 (early help assessments: the hub records
 * a contact's early help outcome, not the assessment), List 10 (adoption) and List 11 (adopters).
 */

export interface AnnexAColumn {
  header: string;
  /** text and code: as text; date: a real Excel date; int: a whole number; yesno: "Yes", "No" or blank. */
  kind: 'text' | 'code' | 'date' | 'int' | 'yesno';
  /** SQL over the list's aliases (`k` is the child: see CHILD_TABLE). */
  sql: string;
}

export interface AnnexAList {
  list: number;
  /** The worksheet's name (at most 31 characters). */
  sheet: string;
  /** What the template asks for, and how the hub reads it. */
  description: string;
  /** The rows' tables (with their joins); the row's child must be `child`. */
  from: string;
  where: string;
  child: string;
  /** The date the child's age is given at. */
  asOf: string;
  order: string;
  columns: readonly AnnexAColumn[];
}

/** London calendar date of a timestamp, and the bounds of the window as instants (so an index on the timestamp is used). */
const londonDate = (ts: string) => `(${ts} at time zone 'Europe/London')::date`;
const windowStartsAt = `($1::date::timestamp at time zone 'Europe/London')`;
const windowEndsBefore = `(($2::date + 1)::timestamp at time zone 'Europe/London')`;

/**
 * The children the lists can name, with what every row shows about them; $1 is the window's last day.
 * LA child id as in the other returns (`laChildIdSql`). The allocated team and worker are the child's latest LA social worker allocation
 * started by the window's end (the current one, or the last before the case closed), as Ofsted asks.
 */
const CHILD_TABLE = `create temp table annexa_child on commit drop as
  select c.id as child_id,
         ${laChildIdSql('c')} as la_child_id,
         coalesce(c.sex::text, 'U') as sex,
         -- NOBT is the code set's "information not yet obtained".
         coalesce(c.ethnicity::text, 'NOBT') as ethnicity,
         c.date_of_birth as birth_date,
         coalesce(c.date_of_birth, c.expected_date_of_birth) as shown_birth_date,
         exists (select 1 from child_disability d where d.child_id = c.id and d.deleted_at is null and d.code <> 'NONE') as disabled,
         c.is_uasc,
         a.team_name as allocated_team, a.worker_name as allocated_worker
    from child c
    left join lateral (select t.name as team_name, p.name as worker_name
                         from involvement v left join team t on t.id = v.team_id left join practitioner p on p.id = v.practitioner_id
                        where v.child_id = c.id and v.role = 'ALLOCATED_SOCIAL_WORKER' and v.status = 'ALLOCATED' and v.deleted_at is null and v.started_at <= $1::date
                        order by v.started_at desc, v.id desc limit 1) a on true
   where c.deleted_at is null`;

/** The columns every list starts with; `asOf` is the list's relevant date. */
const CHILD_COLUMNS = (asOf: string): AnnexAColumn[] => [
  { header: 'Child Unique ID', kind: 'text', sql: 'k.la_child_id' },
  { header: 'Gender', kind: 'code', sql: 'k.sex' },
  { header: 'Ethnicity', kind: 'code', sql: 'k.ethnicity' },
  { header: 'Date of Birth', kind: 'date', sql: 'k.shown_birth_date' },
  // The template's convention: an unborn child's age is -1.
  { header: 'Age of Child (Years)', kind: 'int', sql: `case when k.birth_date is null or k.birth_date > ${asOf} then -1 else extract(year from age(${asOf}, k.birth_date)) end` },
  { header: 'Does the Child have a Disability', kind: 'yesno', sql: 'k.disabled' },
];

const ALLOCATED: AnnexAColumn[] = [
  { header: 'Allocated Team', kind: 'text', sql: 'k.allocated_team' },
  { header: 'Allocated Worker', kind: 'text', sql: 'k.allocated_worker' },
];

const UASC: AnnexAColumn = { header: 'Unaccompanied Asylum Seeking Child (UASC)', kind: 'yesno', sql: 'k.is_uasc' };

/** A case open in the window: its end as at the window's end (null while open then), and the date it is reported at. */
const endedBy = (end: string) => `case when ${end} <= $2::date then ${end} end`;
const caseAsOf = (end: string) => `coalesce(${endedBy(end)}, $2::date)`;

export const ANNEX_A_LISTS: readonly AnnexAList[] = [
  {
    list: 1,
    sheet: 'List 1 Contacts',
    description: 'Every contact received in the window, one row per child in the contact.',
    from: 'contact x',
    where: `x.deleted_at is null and x.contact_at >= ${windowStartsAt} and x.contact_at < ${windowEndsBefore}`,
    child: 'x.child_id',
    asOf: londonDate('x.contact_at'),
    order: 'x.contact_at, x.id',
    columns: [
      { header: 'Date of Contact', kind: 'date', sql: londonDate('x.contact_at') },
      { header: 'Contact Source', kind: 'code', sql: 'x.source' },
    ],
  },
  {
    list: 3,
    sheet: 'List 3 Referrals',
    description: 'Every referral received in the window; a child referred twice appears twice.',
    from: 'referral x',
    where: 'x.deleted_at is null and x.referral_date between $1::date and $2::date',
    child: 'x.child_id',
    asOf: 'x.referral_date',
    order: 'x.referral_date, x.id',
    columns: [
      { header: 'Date of Referral', kind: 'date', sql: 'x.referral_date' },
      { header: 'Referral Source', kind: 'code', sql: 'x.source' },
      { header: 'Referral NFA?', kind: 'yesno', sql: 'x.nfa' },
      // Earlier referrals of the child in the 12 months up to this one (not counting it).
      { header: 'Number of Referrals in Last 12 Months', kind: 'int',
        sql: `(select count(*) from referral o where o.child_id = x.child_id and o.deleted_at is null and o.id <> x.id
                  and o.referral_date between (x.referral_date - interval '12 months')::date and x.referral_date)` },
      ...ALLOCATED,
    ],
  },
  {
    list: 4,
    sheet: 'List 4 Assessments',
    description: 'Every child and family assessment open at some point in the window: started in it, completed in it, or still open.',
    from: 'assessment x',
    where: 'x.deleted_at is null and x.start_date <= $2::date and (x.authorised_date is null or x.authorised_date >= $1::date)',
    child: 'x.child_id',
    asOf: 'x.start_date',
    order: 'x.start_date, x.id',
    columns: [
      { header: 'Continuous Assessment Start Date', kind: 'date', sql: 'x.start_date' },
      { header: 'Child Seen During Continuous Assessment', kind: 'yesno', sql: 'x.child_seen' },
      { header: 'Continuous Assessment Date of Authorisation', kind: 'date', sql: endedBy('x.authorised_date') },
      // The outcome read as the template's question; OTHER (or not yet authorised) is left blank.
      { header: "Was the child assessed as requiring LA children's social care support?", kind: 'yesno',
        sql: `case when x.authorised_date <= $2::date then case when x.outcome in ('CIN_PLAN', 'STRATEGY_DISCUSSION', 'CLA_REQUEST') then true
                   when x.outcome in ('NFA', 'STEP_DOWN_EARLY_HELP', 'REFERRAL_TO_OTHER_AGENCY') then false end end` },
      // CIN census factor codes, once authorised (rule 8614).
      { header: 'Factors Identified at Assessment', kind: 'code', sql: `case when x.authorised_date <= $2::date then nullif(array_to_string(x.factors, ','), '') end` },
      ...ALLOCATED,
    ],
  },
  {
    list: 5,
    sheet: 'List 5 Section 47 and ICPC',
    description: 'Every section 47 enquiry that started in the window or held its initial child protection conference in it.',
    // The enquiry's first initial conference held by the window's end.
    from: `section47_enquiry x
      left join lateral (select i.conference_date, i.outcome from child_protection_conference i
                          where i.section47enquiry_id = x.id and i.type = 'INITIAL' and i.deleted_at is null and i.conference_date <= $2::date
                          order by i.conference_date, i.id limit 1) icpc on true`,
    where: 'x.deleted_at is null and x.start_date <= $2::date and (x.start_date >= $1::date or icpc.conference_date >= $1::date)',
    child: 'x.child_id',
    asOf: 'x.start_date',
    order: 'x.start_date, x.id',
    columns: [
      { header: 'Strategy discussion initiating Section 47 Enquiry Start Date', kind: 'date', sql: 'x.start_date' },
      // Yes: ended without a conference being required; No: one was required or held; blank: not decided by the window's end.
      { header: 'Was an Initial Child Protection Conference deemed unnecessary?', kind: 'yesno',
        sql: `case when icpc.conference_date is not null or x.conference_required then false when x.end_date <= $2::date then true end` },
      { header: 'Date of Initial Child Protection Conference', kind: 'date', sql: 'icpc.conference_date' },
      // As DfE statistics count it: S47ActualStartDate to DateOfInitialCPC, in England and Wales working days.
      { header: 'Initial Child Protection Conference within 15 Working Days', kind: 'yesno',
        sql: 'case when icpc.conference_date is not null then hub_working_days_between(x.start_date, icpc.conference_date) <= 15 end' },
      { header: 'Did the Initial Child Protection Conference Result in a Child Protection Plan', kind: 'yesno',
        sql: `case when icpc.conference_date is not null then icpc.outcome = 'CP_PLAN' end` },
      // Earlier ones in the 12 months up to this enquiry's start, not counting it.
      { header: 'Number of Section 47 Enquiries in the last 12 months', kind: 'int',
        sql: `(select count(*) from section47_enquiry o where o.child_id = x.child_id and o.deleted_at is null and o.id <> x.id
                  and o.start_date between (x.start_date - interval '12 months')::date and x.start_date)` },
      { header: 'Number of ICPCs in the last 12 months', kind: 'int',
        sql: `(select count(*) from child_protection_conference o where o.child_id = x.child_id and o.deleted_at is null and o.type = 'INITIAL'
                  and o.conference_date >= (x.start_date - interval '12 months')::date and o.conference_date < x.start_date)` },
      ...ALLOCATED,
    ],
  },
  {
    list: 6,
    sheet: 'List 6 Children in need',
    description: 'Every CIN plan open at some point in the window (children on child protection plans and in care are on lists 7 and 8).',
    // The plan's CIN episode (referral): its own, else the child's latest referral by the plan's start, as in the CIN census.
    from: `cin_plan x left join referral r on r.id = coalesce(x.referral_id, hub_dfe_episode_of(x.child_id, x.start_date)) and r.deleted_at is null`,
    where: 'x.deleted_at is null and x.start_date <= $2::date and (x.end_date is null or x.end_date >= $1::date)',
    child: 'x.child_id',
    asOf: caseAsOf('x.end_date'),
    order: 'x.start_date, x.id',
    columns: [
      { header: 'CIN Plan Start Date', kind: 'date', sql: 'x.start_date' },
      { header: 'Primary Need Code', kind: 'code', sql: 'r.primary_need' },
      { header: 'CIN Plan End Date', kind: 'date', sql: endedBy('x.end_date') },
      // The episode's reason (CIN census RC code), once both the plan and the episode have closed.
      { header: 'Reason for Closure', kind: 'code', sql: `case when x.end_date <= $2::date and r.closure_date <= $2::date then r.closure_reason end` },
      ...ALLOCATED,
    ],
  },
  {
    list: 7,
    sheet: 'List 7 Child protection',
    description: 'Every child protection plan open at some point in the window.',
    // The latest visit on the plan by the row's date.
    from: `child_protection_plan x
      left join lateral (select v.visit_date, v.seen_alone from child_protection_visit v
                          where v.plan_id = x.id and v.deleted_at is null and v.seen and v.visit_date <= ${caseAsOf('x.end_date')}
                          order by v.visit_date desc, v.id desc limit 1) visit on true`,
    where: 'x.deleted_at is null and x.start_date <= $2::date and (x.end_date is null or x.end_date >= $1::date)',
    child: 'x.child_id',
    asOf: caseAsOf('x.end_date'),
    order: 'x.start_date, x.id',
    columns: [
      { header: 'Child Protection Plan Start Date', kind: 'date', sql: 'x.start_date' },
      { header: 'Initial Category of Abuse', kind: 'code', sql: 'x.category' },
      // The latest review conference's category by the window's end, else the initial one (as the CIN census).
      { header: 'Latest Category of Abuse', kind: 'code',
        sql: `coalesce((select o.category_of_abuse from child_protection_conference o where o.reviewed_plan_id = x.id and o.type = 'REVIEW' and o.deleted_at is null
                           and o.category_of_abuse is not null and o.conference_date <= $2::date order by o.conference_date desc, o.id desc limit 1), x.category)` },
      { header: 'Date of the Last Statutory Visit', kind: 'date', sql: 'visit.visit_date' },
      { header: 'Was the Child Seen Alone?', kind: 'yesno', sql: 'visit.seen_alone' },
      { header: 'Date of latest review conference', kind: 'date',
        sql: `(select max(o.conference_date) from child_protection_conference o where o.reviewed_plan_id = x.id and o.type = 'REVIEW' and o.deleted_at is null and o.conference_date <= $2::date)` },
      { header: 'Child Protection Plan End Date', kind: 'date', sql: endedBy('x.end_date') },
      { header: 'Number of Previous Child Protection Plans', kind: 'int',
        sql: `(select count(*) from child_protection_plan o where o.child_id = x.child_id and o.deleted_at is null and o.start_date < x.start_date)` },
      ...ALLOCATED,
    ],
  },
  {
    list: 8,
    sheet: 'List 8 Children in care',
    description: 'Every period of care open at some point in the window, one row per period, as it stood at the window’s end (or when it ceased).',
    // A period of care is the SSDA903 episodes sharing its start (entered_care_date); the row is its latest
    // episode started by the window's end, which ceases the period unless it ended with X1 (a change within care).
    from: `care_episode x
      cross join lateral (select case when x.end_date <= $2::date and x.reason_episode_ceased is distinct from 'X1' then x.end_date end as ceased) c
      cross join lateral (select coalesce(c.ceased, $2::date) as as_of) d
      left join lateral (select p.start_date, p.placement_type, p.provider from care_placement p
                          where p.child_id = x.child_id and p.deleted_at is null and p.start_date between x.entered_care_date and d.as_of
                          order by p.start_date desc, p.id desc limit 1) pl on true
      left join lateral (select m.id from missing_episode m
                          where m.child_id = x.child_id and m.deleted_at is null and m.episode_type = 'MISSING'
                            and ${londonDate('m.start_at')} between greatest($1::date, x.entered_care_date) and d.as_of
                          order by m.start_at desc, m.id desc limit 1) lastmissing on true
      left join lateral (select bool_or(h.offered_at is not null) as offered,
                                case when bool_or(h.held_at is not null) then true when bool_or(h.declined_at is not null) then false end as accepted
                           from return_home_interview h where h.episode_id = lastmissing.id and h.deleted_at is null) rhi on true`,
    where: `x.deleted_at is null and x.start_date <= $2::date and (x.end_date is null or x.end_date >= $1::date)
      and not exists (select 1 from care_episode n where n.child_id = x.child_id and n.entered_care_date = x.entered_care_date and n.deleted_at is null
                         and n.start_date <= $2::date and (n.start_date, n.id) > (x.start_date, x.id))`,
    child: 'x.child_id',
    asOf: 'd.as_of',
    order: 'x.entered_care_date, x.id',
    columns: [
      UASC,
      { header: 'Date Started to be Looked After', kind: 'date', sql: 'x.entered_care_date' },
      { header: "Child's Legal Status", kind: 'code', sql: 'x.legal_status' },
      { header: "Child's Category of Need", kind: 'code', sql: 'x.category_of_need' },
      { header: 'Date of Latest Statutory Review', kind: 'date',
        sql: `(select max(v.review_date) from care_review v where v.child_id = x.child_id and v.deleted_at is null and v.review_date between x.entered_care_date and d.as_of)` },
      // Counted as the scorecard's placement stability measure counts them (one SQL for both).
      { header: 'Number of Placements in the Last 12 months', kind: 'int', sql: placementsInTwelveMonthsSql('x.child_id', 'd.as_of') },
      { header: 'Start Date of Most Recent Placement', kind: 'date', sql: 'pl.start_date' },
      { header: 'Placement Type', kind: 'code', sql: 'pl.placement_type' },
      { header: 'Placement Provider', kind: 'code', sql: 'pl.provider' },
      { header: 'Date Ceased to be Looked After', kind: 'date', sql: 'c.ceased' },
      { header: 'Reason Ceased to be Looked After', kind: 'code', sql: 'case when c.ceased is not null then x.reason_episode_ceased end' },
      // Episodes that began while in care within the window.
      { header: "Number of Episodes the Child has been 'Missing' from their Placement in the Window", kind: 'int',
        sql: `(select count(*) from missing_episode m where m.child_id = x.child_id and m.deleted_at is null and m.episode_type = 'MISSING'
                  and ${londonDate('m.start_at')} between greatest($1::date, x.entered_care_date) and d.as_of)` },
      { header: "Number of Episodes the Child has been 'Absent' from their Placement in the Window", kind: 'int',
        sql: `(select count(*) from missing_episode m where m.child_id = x.child_id and m.deleted_at is null and m.episode_type = 'ABSENT'
                  and ${londonDate('m.start_at')} between greatest($1::date, x.entered_care_date) and d.as_of)` },
      { header: 'Was the child offered a Return Interview after their last missing episode (Y/N)?', kind: 'yesno',
        sql: 'case when lastmissing.id is not null then coalesce(rhi.offered, false) end' },
      { header: 'Did the child accept the offer of a Return Interview following their last missing episode (Y/N)?', kind: 'yesno', sql: 'rhi.accepted' },
      { header: 'Date of Last Health Assessment', kind: 'date',
        sql: `(select max(h.completed_at) from health_assessment h where h.child_id = x.child_id and h.deleted_at is null and h.completed_at <= d.as_of)` },
      { header: 'Date of Last Dental Check', kind: 'date',
        sql: `(select max(h.dental_check_date) from health_assessment h where h.child_id = x.child_id and h.deleted_at is null and h.dental_check_date <= d.as_of)` },
      ...ALLOCATED,
    ],
  },
  {
    list: 9,
    sheet: 'List 9 Care leavers',
    description: 'Every care leaver in touch (or recorded as not) in the window: one row per young person, from their latest record in it.',
    from: 'care_leaver x',
    where: `x.deleted_at is null and x.contact_date between $1::date and $2::date
      and not exists (select 1 from care_leaver n where n.child_id = x.child_id and n.deleted_at is null and n.contact_date <= $2::date
                         and (n.contact_date, n.id) > (x.contact_date, x.id))`,
    child: 'x.child_id',
    asOf: 'x.contact_date',
    order: 'x.contact_date, x.id',
    columns: [
      UASC,
      { header: 'Eligibility Category', kind: 'code', sql: 'x.eligibility' },
      { header: 'LA in Touch', kind: 'code', sql: 'x.in_touch' },
      { header: 'Latest Date of Contact', kind: 'date', sql: 'x.contact_date' },
      { header: 'Type of Accommodation', kind: 'code', sql: 'x.accommodation' },
      { header: 'Suitability of Accommodation', kind: 'yesno', sql: 'x.accommodation_suitable' },
      { header: 'Activity Status', kind: 'code', sql: 'x.activity' },
      { header: 'Latest Pathway Plan Review Date', kind: 'date', sql: 'x.pathway_plan_review_date' },
    ],
  },
];

/** Every column of a list, the child's first. */
export function annexAColumns(list: AnnexAList): AnnexAColumn[] {
  return [...CHILD_COLUMNS(list.asOf), ...list.columns];
}

/** Dates leave PostgreSQL as text (the pg driver would make them local-time instants), and become UTC midnights here. */
const typed = (c: AnnexAColumn): string => {
  switch (c.kind) {
    case 'date': return `to_char(${c.sql}, 'YYYY-MM-DD')`;
    case 'int': return `(${c.sql})::int`;
    case 'yesno': return `(${c.sql})::boolean`;
    default: return `(${c.sql})::text`;
  }
};

/** The list's query: the hub child id first (for the audit), then one value per column, in order. $1 from, $2 to. */
export function annexAListSql(list: AnnexAList): string {
  const cols = annexAColumns(list).map((c, i) => `${typed(c)} as c${i}`);
  return `select k.child_id::text as child_id, ${cols.join(',\n       ')}
  from ${list.from}
  join annexa_child k on k.child_id = ${list.child}
 where ${list.where}
 order by k.la_child_id, ${list.order}`;
}

export interface AnnexAWindow {
  from: string;
  to: string;
}

/** The window, checked: two real dates, the first not after the last. */
export function annexAWindow(from: string, to: string): AnnexAWindow {
  for (const [name, d] of [['from', from], ['to', to]] as const) {
    if (typeof d !== 'string' || !isCalendarDate(d)) throw new Error(`The window's ${name} date must be a real date as YYYY-MM-DD (got "${String(d)}").`);
  }
  if (from > to) throw new Error(`The window's from date (${from}) is after its to date (${to}).`);
  return { from, to };
}

export interface AnnexARunOptions extends ReturnCaller {
  from: string;
  to: string;
}

export interface AnnexARunResult {
  window: AnnexAWindow;
  /** Rows per sheet, by sheet name. */
  lists: Record<string, number>;
  workbook: Buffer;
}

const toCell = (c: AnnexAColumn, v: unknown): ExcelJS.CellValue => {
  if (v === null || v === undefined) return null;
  if (c.kind === 'date') return new Date(`${String(v)}T00:00:00Z`);
  if (c.kind === 'yesno') return v ? 'Yes' : 'No';
  return v as ExcelJS.CellValue;
};

/** One sheet: a bold, frozen, filterable header row, then the rows; dates shown dd/mm/yyyy. */
function addSheet(wb: ExcelJS.Workbook, list: AnnexAList, rows: unknown[][]): void {
  const columns = annexAColumns(list);
  const ws = wb.addWorksheet(list.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({
    header: c.header,
    width: c.kind === 'date' ? 13 : Math.min(40, Math.max(10, Math.ceil(c.header.length * 0.6))),
    style: c.kind === 'date' ? { numFmt: 'dd/mm/yyyy' } : {},
  }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'top' };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  // Column 0 of each row is the hub's child id: audited, not shown.
  ws.addRows(rows.map((r) => columns.map((c, i) => toCell(c, r[i + 1]))));
}

/**
 * Reads every list, writes the audit row (EXPORT naming every child in any list) and builds the workbook,
 * in one transaction: the audit commits only with an export that was built. Runs as the database owner (the
 * lists are the authority's, across every team); the caller decides who may ask.
 */
export async function runAnnexA(client: pg.ClientBase, opts: AnnexARunOptions): Promise<AnnexARunResult> {
  const window = annexAWindow(opts.from, opts.to);
  return inReturnTransaction(client, opts, async () => {
    await client.query(CHILD_TABLE, [window.to]);
    await client.query('analyze annexa_child');
    const wb = new ExcelJS.Workbook();
    wb.creator = 'Safeguarding Partnership Data Hub';
    wb.created = new Date();
    const lists: Record<string, number> = {};
    const children = new Set<string>();
    for (const list of ANNEX_A_LISTS) {
      const { rows } = await client.query<unknown[]>({ text: annexAListSql(list), values: [window.from, window.to], rowMode: 'array' });
      for (const r of rows) children.add(r[0] as string);
      lists[list.sheet] = rows.length;
      addSheet(wb, list, rows);
    }
    const workbook = Buffer.from(await wb.xlsx.writeBuffer());
    return { result: { window, lists, workbook }, audit: { action: 'EXPORT', recordType: 'annex_a', childIds: [...children], changes: { from: window.from, to: window.to, lists } } };
  });
}
