import { stringify } from 'csv-stringify/sync';
import type pg from 'pg';
import { collectionYear, inReturnTransaction, laChildIdSql, withWindowDates, type ReturnCaller } from './statutory-return';

/**
 * The SSDA903 children looked after return: the DfE's CSV files for a collection year, with DfE column names
 * and codes, built in SQL from the shared records (the CIN census pattern: stage in temporary tables, then
 * read each file from them).
 *
 * 903 episodes. A 903 episode row starts on any change of legal status or placement, so the rows are the
 * hub's care episodes (legal status periods) cut by its placements, with consecutive pieces that change
 * neither merged (a new care episode with the same legal status, a new placement record with the same
 * type, provider, postcode and URN). Rows of a child follow one another: each starts the day the one before
 * ended. The reason for new episode comes from what changed: S (a new period of care), L (legal status),
 * P (placement), B (both); T and U (the same, with the same carer) when only the placement type changed at
 * the same address and provider (a foster placement becoming a placement for adoption, say). The reason the
 * episode ceased is the care episode's where it ends there, X1 where a placement ends inside it.
 *
 * What goes in, for collection year Y (1 April Y-1 to 31 March Y): the episodes open at some point in the
 * year; the header of every child in them and of every care leaver in the OC3 cohort; reviews and missing
 * periods in the year of children with episodes (a missing period only while looked after); UASC details of
 * children with episodes who were ever UASC; OC2 outcomes of those looked after continuously for 12 months
 * at 31 March (as the DfE defines it); OC3 for care leavers whose 17th to 21st birthday falls in the year.
 * Dates after 31 March are not yet dates (an episode ending in April is still open), so a past year's
 * return can be rebuilt.
 *
 * MOTHER and MC_DOB (header), CONVICTED, SUBSTANCE_MISUSE and the two INTERVENTION items (OC2) come from
 * the child's looked-after year records (`createLookedAfterYear`); blank where none was recorded, which the
 * DfE rules then report. Not held by the hub: deprivation of liberty orders (the 2026/27 DoLO table is sent
 * empty). The adoption tables (AD1, placed for adoption, previous permanence) and social worker episodes
 * are not built.
 */

export interface Ssda903Window {
  year: number;
  start: string;
  end: string;
}

/** Collection year 2026 is 1 April 2025 to 31 March 2026. */
export const ssda903Window = (year: number): Ssda903Window => collectionYear(year);

/** A postcode as the DfE writes it: upper case, one space before the inward code. */
const postcode = (expr: string) => `nullif(regexp_replace(upper(regexp_replace(coalesce(${expr}, ''), '\\s', '', 'g')), '^(.+)(.{3})$', '\\1 \\2'), '')`;
/** The 903 files' date format (the validator reads dd/mm/yyyy). */
const ddmmyyyy = (expr: string) => `to_char(${expr}, 'DD/MM/YYYY')`;
/** The order of a child's pieces of care: by start, then end ('infinity' while open). */
const SEGMENT_ORDER = 'order by s.decom, s.dec_any, s.episode_id, s.placement_id';

/**
 * The return's contents, staged: $1 the year's first day, $2 its last (31 March). One transaction; the
 * tables drop at its end.
 */
const STAGING: readonly string[] = [
  // Every piece of care up to 31 March: a care episode cut by the placements that overlap it (a care
  // episode without one still shows, with no placement, for the validator to flag). 'infinity' = open.
  `create temp table s903_seg on commit drop as
     select e.child_id, e.id as episode_id, p.id as placement_id,
            greatest(e.start_date, p.start_date) as decom,
            least(coalesce(e.end_date, 'infinity'), coalesce(p.end_date, 'infinity')) as dec_any,
            e.start_date as e_start, coalesce(e.end_date, 'infinity') as e_end,
            e.legal_status::text as ls, e.category_of_need::text as cin,
            e.reason_for_new_episode::text as e_rne, e.reason_episode_ceased::text as e_rec,
            p.placement_type::text as place, p.provider::text as provider, ${postcode('p.postcode')} as pl_post, nullif(upper(trim(p.urn)), '') as urn,
            p.change_reason::text as change_reason
       from care_episode e
       join child c on c.id = e.child_id and c.deleted_at is null
       left join care_placement p on p.child_id = e.child_id and p.deleted_at is null
            and p.start_date < coalesce(e.end_date, 'infinity') and coalesce(p.end_date, 'infinity') > e.start_date
      where e.deleted_at is null and e.start_date <= $2::date`,
  // What each piece changes from the one before it (same child, starting the day that one ended).
  `create temp table s903_piece on commit drop as
     with s as (
       select s.*, lag(s.dec_any) over w as prev_dec, lag(s.episode_id) over w as prev_episode, lag(s.e_end) over w as prev_e_end, lag(s.e_rec) over w as prev_e_rec,
              lag(s.ls) over w as prev_ls, lag(s.place) over w as prev_place, lag(s.provider) over w as prev_provider, lag(s.pl_post) over w as prev_pl_post, lag(s.urn) over w as prev_urn
         from s903_seg s window w as (partition by s.child_id ${SEGMENT_ORDER})
     ), f as (
       select s.*,
              -- A new period of care: nothing ends the day it starts, the care episode says so, or the one before left care.
              (s.prev_dec is distinct from s.decom or (s.decom = s.e_start and s.e_rne = 'S')
                or (s.prev_episode <> s.episode_id and s.prev_dec = s.prev_e_end and s.prev_e_rec is distinct from 'X1')) as new_period,
              s.ls is distinct from s.prev_ls as ls_changed,
              (s.place, s.provider, s.pl_post, s.urn) is distinct from (s.prev_place, s.prev_provider, s.prev_pl_post, s.prev_urn) as placement_changed,
              (s.place is distinct from s.prev_place and s.pl_post is not null
                and (s.provider, s.pl_post, s.urn) is not distinct from (s.prev_provider, s.prev_pl_post, s.prev_urn)) as same_carer
         from s
     )
     select s.*, sum((s.new_period or s.ls_changed or s.placement_changed)::int) over w as grp, sum(s.new_period::int) over w as period
       from f s window w as (partition by s.child_id ${SEGMENT_ORDER})`,
  // 903 episodes over the whole history (merged pieces); the first piece says how it began, the last how it ended.
  `create temp table s903_row on commit drop as
     select row_number() over (order by x.child_id, (x.f).decom, (x.l).dec_any) as rid, x.child_id, x.period, (x.f).decom, (x.l).dec_any, (x.f).e_start, (x.f).e_rne,
            (x.f).new_period, (x.f).ls_changed, (x.f).placement_changed, (x.f).same_carer,
            (x.f).ls, (x.f).cin, (x.f).place, (x.f).provider, (x.f).pl_post, (x.f).urn,
            (x.l).e_end as last_e_end, (x.l).e_rec as last_e_rec, (x.l).change_reason as last_change_reason
       from (select s.child_id, s.grp, min(s.period) as period,
                    (array_agg(s order by s.decom, s.dec_any, s.episode_id, s.placement_id))[1] as f,
                    (array_agg(s order by s.decom desc, s.dec_any desc, s.episode_id desc, s.placement_id desc))[1] as l
               from s903_piece s group by s.child_id, s.grp) x`,
  `alter table s903_row add column rne text, add column rec text, add column next_rne text, add column next_place text, add column period_start date, add column period_cin text`,
  // A recorded continuation with nothing before it keeps its recorded code, for the validator to flag.
  `update s903_row r set
       rne = case when r.new_period then case when r.decom = r.e_start and r.e_rne <> 'S' then r.e_rne else 'S' end
                  when r.ls_changed and r.placement_changed then case when r.same_carer then 'U' else 'B' end
                  when r.ls_changed then 'L'
                  when r.same_carer then 'T' else 'P' end,
       rec = case when r.dec_any = 'infinity' then null when r.dec_any = r.last_e_end then r.last_e_rec else 'X1' end`,
  // The category of need and home are those at the start of the period of care (rule 504).
  `update s903_row r set next_rne = n.next_rne, next_place = n.next_place, period_start = n.period_start, period_cin = n.period_cin
     from (select r2.rid, lead(r2.rne) over w as next_rne, lead(r2.place) over w as next_place,
                  first_value(r2.decom) over p as period_start, first_value(r2.cin) over p as period_cin
             from s903_row r2 window w as (partition by r2.child_id order by r2.decom, r2.rid), p as (partition by r2.child_id, r2.period order by r2.decom, r2.rid)) n
    where n.rid = r.rid`,
  // The return's episodes: open at some point in the year; an end after 31 March is not yet an end.
  `create temp table s903_episode on commit drop as
     select r.child_id, r.decom, case when r.dec_any <= $2::date then r.dec_any end as dec, r.rne, r.ls, r.period_cin as cin, r.place, r.provider,
            case when r.dec_any <= $2::date then r.rec end as rec,
            -- On the episode that ends with a move (not to or from a temporary placement: rule 226), the reason for it.
            case when r.dec_any <= $2::date and r.rec = 'X1' and r.next_rne in ('P', 'B', 'T', 'U') and r.place !~ '^T' and r.next_place !~ '^T' then r.last_change_reason end as reason_place_change,
            case when r.ls not in ('V3', 'V4') and not c.is_uasc and c.uasc_status_start_date is null then
              (select ${postcode('a.postcode')} from child_address a
                where a.child_id = r.child_id and a.deleted_at is null and a.address_type = 'HOME' and not a.confidential and a.postcode is not null
                order by (a.from_date is null or a.from_date <= r.period_start) desc, (a.to_date is null or a.to_date >= r.period_start) desc, a.from_date desc nulls last, a.id
                limit 1) end as home_post,
            case when r.ls not in ('V3', 'V4') then r.pl_post end as pl_post,
            case when r.ls not in ('V3', 'V4') then r.urn end as urn
       from s903_row r join child c on c.id = r.child_id
      where r.decom <= $2::date and r.dec_any >= $1::date`,
  // Care leavers: the 17th to 21st birthday in the year, a relevant or former relevant child (one still looked
  // after at 17 or 18, or leaving on or after the birthday, is not in the cohort: rules 1007, 1016). Their
  // situation is the contact nearest the birthday from 3 months before to 1 month after; none: not in touch.
  `create temp table s903_oc3 on commit drop as
     select c.id as child_id, b.birthday,
            case when c.date_of_death <= (b.birthday + interval '1 month')::date then 'DIED' when l.id is null then 'NO' else l.in_touch::text end as in_touch,
            l.activity::text as activity,
            case when l.accommodation::text in ('S', 'X') then l.accommodation::text || '2'
                 when l.accommodation_suitable then l.accommodation::text || '1' when not l.accommodation_suitable then l.accommodation::text || '2' end as accom
       from child c
       cross join lateral (select (c.date_of_birth + make_interval(years => k))::date as birthday, k as age from generate_series(17, 21) k) b
       left join lateral (select l.* from care_leaver l
                           where l.child_id = c.id and l.deleted_at is null
                             and l.contact_date between (b.birthday - interval '3 months')::date and (b.birthday + interval '1 month')::date
                           order by abs(l.contact_date - b.birthday), l.contact_date desc, l.id limit 1) l on true
      where c.deleted_at is null and b.birthday between $1::date and $2::date
        and exists (select 1 from care_leaver x where x.child_id = c.id and x.deleted_at is null and (x.eligibility is null or x.eligibility in ('RELEVANT', 'FORMER_RELEVANT')))
        and (b.age >= 19 or not exists (select 1 from s903_row r where r.child_id = c.id and r.decom <= $2::date and r.dec_any >= b.birthday))`,
  `update s903_oc3 set activity = case when in_touch in ('DIED', 'RHOM') then '0' else coalesce(activity, case when in_touch <> 'YES' then '0' end) end,
                       accom = case when in_touch in ('DIED', 'RHOM') then '0' else coalesce(accom, case when in_touch <> 'YES' then '0' end) end`,
  `create temp table s903_child on commit drop as
     select c.id as child_id,
            ${laChildIdSql('c')} as la_child_id,
            (select i.value from child_identifier i where i.child_id = c.id and i.type = 'UPN' and i.deleted_at is null and (i.valid_to is null or i.valid_to > $2::date) order by i.valid_from desc nulls last, i.id limit 1) as upn,
            coalesce(c.sex::text, 'U') as sex, c.date_of_birth as dob, coalesce(c.ethnicity::text, 'NOBT') as ethnic,
            (c.is_uasc or c.uasc_status_start_date is not null) as uasc,
            -- UASC status ends at 18 at the latest (rule 304).
            least(c.uasc_status_end_date, (c.date_of_birth + interval '18 years')::date) as duc,
            exists (select 1 from s903_episode e where e.child_id = c.id) as looked_after
       from child c
      where c.id in (select child_id from s903_episode union select child_id from s903_oc3)`,
  // UPN unknown: UN1 before compulsory school age as rule 209 counts it (4 by 31 August before the year
  // began); UN2 (never attended a state school in England) for a UASC; otherwise UN4, not yet obtained.
  `update s903_child k set upn = case
       when k.dob + interval '4 years' > make_date(extract(year from $1::date)::int - 1, 8, 31) then 'UN1'
       when k.uasc then 'UN2' else 'UN4' end
     where k.upn is null`,
  // OC2: looked after continuously for 12 months at 31 March, as the validator decides it (no start of care
  // after 1 April, no leaving before 31 March, no short breaks).
  `create temp table s903_oc2 on commit drop as
     select k.child_id from s903_child k
      where k.looked_after and not exists (select 1 from s903_episode e where e.child_id = k.child_id
              and ((e.rne = 'S' and e.decom > $1::date) or (e.rec <> 'X1' and e.dec < $2::date) or e.ls in ('V3', 'V4')))`,
];

/** One file of the return: its DfE name and columns (each with the SQL that fills it), and its rows. */
export interface Ssda903Table {
  file: string;
  /** The DfE column names in order, each with its SQL expression over the `from` clause. */
  columns: ReadonlyArray<readonly [string, string]>;
  /** The SQL after `select ... from` that gives the file's rows: tables, joins, conditions. */
  from: string;
  orderBy: string;
  /** The first collection year with this file. */
  sinceYear?: number;
}

const child = (alias = 'k') => ['CHILD', `${alias}.la_child_id`] as const;
const dob = (alias = 'k') => ['DOB', ddmmyyyy(`${alias}.dob`)] as const;
/** Latest health assessment completed by 31 March with the item recorded. */
const latestHealth = (item: string, where = 'true') =>
  `(select h.${item} from health_assessment h where h.child_id = k.child_id and h.deleted_at is null and h.completed_at <= $2::date and h.${item} is not null and ${where} order by h.completed_at desc, h.id desc limit 1)`;
/** An aggregate over the child's looked-after years (\`$Y\`: the collection year) the condition picks. */
const lookedAfterYears = (aggregate: string, condition: string) =>
  `(select ${aggregate} from looked_after_year y where y.child_id = k.child_id and y.deleted_at is null and ${condition.replaceAll('$Y', 'extract(year from $2::date)::int')})`;
/** A boolean as the 903's 1/0, blank when not recorded. */
const flag = (sql: string) => `case when ${sql} then '1' when not ${sql} then '0' end`;
/** Age window for the SDQ: 4 by 31 March and not 17 before 1 April (rules 186, 188, 189, 197B). */
const SDQ_AGE = `k.dob + interval '4 years' <= $2::date and k.dob + interval '17 years' >= $1::date`;

export const SSDA903_TABLES: readonly Ssda903Table[] = [
  {
    file: 'header.csv',
    columns: [child(), ['SEX', 'k.sex'], dob(), ['ETHNIC', 'k.ethnic'], ['UPN', 'k.upn'],
      // For a young woman looked after in the year: a mother once recorded as one in this or an earlier year
      // (rule 207: a mother stays one), else 0 when this year's record says not, else blank (not recorded).
      ['MOTHER', `case when k.sex = 'F' and k.looked_after then case when ${lookedAfterYears('bool_or(y.mother)', 'y.collection_year <= $Y')} then '1'
          when ${lookedAfterYears('bool_or(not y.mother)', 'y.collection_year = $Y')} then '0' end end`],
      ['MC_DOB', `case when k.sex = 'F' and k.looked_after then ${ddmmyyyy(lookedAfterYears('min(y.first_child_born_on) filter (where y.mother)', 'y.collection_year <= $Y'))} end`]],
    from: 's903_child k',
    orderBy: 'k.la_child_id',
  },
  {
    file: 'episodes.csv',
    columns: [child(), ['DECOM', ddmmyyyy('e.decom')], ['RNE', 'e.rne'], ['LS', 'e.ls'], ['CIN', 'e.cin'], ['PLACE', 'e.place'], ['PLACE_PROVIDER', 'e.provider'],
      ['DEC', ddmmyyyy('e.dec')], ['REC', 'e.rec'], ['REASON_PLACE_CHANGE', 'e.reason_place_change'], ['HOME_POST', 'e.home_post'], ['PL_POST', 'e.pl_post'], ['URN', 'e.urn']],
    from: 's903_episode e join s903_child k on k.child_id = e.child_id',
    orderBy: 'k.la_child_id, e.decom',
  },
  {
    file: 'reviews.csv',
    columns: [child(), dob(), ['REVIEW', ddmmyyyy('v.review_date')], ['REVIEW_CODE', 'v.participation::text']],
    from: `care_review v join s903_child k on k.child_id = v.child_id and k.looked_after
           where v.deleted_at is null and v.review_date between $1::date and $2::date`,
    orderBy: 'k.la_child_id, v.review_date, v.id',
  },
  {
    file: 'uasc.csv',
    columns: [child(), ['SEX', 'k.sex'], dob(), ['DUC', ddmmyyyy('k.duc')]],
    // Care leavers without episodes are left out (rule 1014).
    from: 's903_child k where k.uasc and k.looked_after',
    orderBy: 'k.la_child_id',
  },
  {
    file: 'missing.csv',
    columns: [child(), dob(), ['MISSING', `case m.episode_type when 'MISSING' then 'M' when 'ABSENT' then 'A' end`], ['MIS_START', ddmmyyyy('m.start_day')],
      ['MIS_END', ddmmyyyy('case when m.end_day <= $2::date then m.end_day end')]],
    // Missing or away from placement while looked after (police and other agencies record episodes out of care too).
    from: `(select m.*, (m.start_at at time zone 'Europe/London')::date as start_day, (m.end_at at time zone 'Europe/London')::date as end_day from missing_episode m where m.deleted_at is null) m
           join s903_child k on k.child_id = m.child_id and k.looked_after
           where m.start_day <= $2::date and (m.end_day is null or m.end_day >= $1::date)
             and exists (select 1 from s903_row r where r.child_id = m.child_id and r.decom <= m.start_day and r.dec_any >= m.start_day)`,
    orderBy: 'k.la_child_id, m.start_at, m.id',
  },
  {
    file: 'oc2.csv',
    columns: [child(), dob(),
      ['SDQ_SCORE', `case when ${SDQ_AGE} then ${latestHealth('sdq_score', 'h.completed_at >= $1::date')}::text end`],
      ['SDQ_REASON', `case when ${SDQ_AGE} and ${latestHealth('sdq_score', 'h.completed_at >= $1::date')} is null then ${latestHealth('sdq_reason', 'h.completed_at >= $1::date')}::text end`],
      // Asked from 10 (rule 543), the age of criminal responsibility.
      ['CONVICTED', `case when k.dob + interval '10 years' <= $2::date then ${flag('y.convicted')} end`],
      // Under 5: the six-monthly health reviews due by 31 March were all done (rules 545, 546).
      ['HEALTH_CHECK', `case when k.dob + interval '5 years' > $2::date then case when exists (select 1 from health_assessment h where h.child_id = k.child_id and h.deleted_at is null
          and h.due_by <= $2::date and (h.completed_at is null or h.completed_at > $2::date)) then '0' else '1' end end`],
      ['IMMUNISATIONS', `case when ${latestHealth('immunisations_up_to_date')} then '1' else '0' end`],
      ['TEETH_CHECK', `case when exists (select 1 from health_assessment h where h.child_id = k.child_id and h.deleted_at is null and h.dental_check_date between $1::date and $2::date) then '1' else '0' end`],
      ['HEALTH_ASSESSMENT', `case when exists (select 1 from health_assessment h where h.child_id = k.child_id and h.deleted_at is null and h.completed_at between $1::date and $2::date) then '1' else '0' end`],
      // The interventions only with a substance misuse problem identified (rules 192, 193); whether one was
      // offered and refused only when none was received (rule 158).
      ['SUBSTANCE_MISUSE', flag('y.substance_misuse')],
      ['INTERVENTION_RECEIVED', `case when y.substance_misuse then ${flag('y.intervention_received')} end`],
      ['INTERVENTION_OFFERED', `case when y.substance_misuse and y.intervention_received is not true then ${flag('y.intervention_offered')} end`]],
    // The child's looked-after year record for the collection year (at most one: a unique index).
    from: `s903_oc2 o join s903_child k on k.child_id = o.child_id
           left join looked_after_year y on y.child_id = k.child_id and y.deleted_at is null and y.collection_year = extract(year from $2::date)::int`,
    orderBy: 'k.la_child_id',
  },
  {
    file: 'oc3.csv',
    columns: [child(), dob(), ['IN_TOUCH', 'o.in_touch'], ['ACTIV', 'o.activity'], ['ACCOM', 'o.accom']],
    from: 's903_oc3 o join s903_child k on k.child_id = o.child_id',
    orderBy: 'k.la_child_id',
  },
  {
    // The validator's name for the 2026/27 deprivation of liberty order table (rules 700-710).
    file: 'DoLo.csv',
    columns: [child(), dob(), ['DOLO_START', 'null'], ['DOLO_END', 'null']],
    // The hub records no deprivation of liberty orders: the file holds its header only.
    from: 's903_child k where false',
    orderBy: 'k.la_child_id',
    sinceYear: 2027,
  },
];

const inWindow = (sql: string, w: Ssda903Window) => withWindowDates(sql, w.start, w.end);

/** The files of the return for a year (the DoLO table from 2026/27). */
export const ssda903Tables = (year: number) => SSDA903_TABLES.filter((t) => (t.sinceYear ?? 0) <= year);

/** The SELECT that reads one file's rows from the staged return. */
export const ssda903Select = (t: Ssda903Table, w: Ssda903Window) =>
  inWindow(`select ${t.columns.map(([name, sql]) => `(${sql})::text as "${name}"`).join(', ')} from ${t.from} order by ${t.orderBy}`, w);

/** Stages the year's return in the caller's open transaction. */
export async function stageSsda903(client: pg.ClientBase, w: Ssda903Window): Promise<void> {
  for (const sql of STAGING) await client.query(inWindow(sql, w));
}

export interface Ssda903RunOptions extends ReturnCaller {
  year: number;
  /** Build only this file (its DfE name); default: every file of the year. */
  only?: string;
}

export interface Ssda903RunResult {
  window: { start: string; end: string };
  /** CSV text by DfE file name. */
  files: Record<string, string>;
  /** Data rows (without the header line) by file name. */
  rows: Record<string, number>;
}

/**
 * Stages the year's return and writes each file as CSV. One transaction, with the audit row (EXPORT naming
 * every child in the return). Runs as the database owner: the return is the authority's, across every team.
 */
export async function runSsda903(client: pg.ClientBase, opts: Ssda903RunOptions): Promise<Ssda903RunResult> {
  const w = ssda903Window(opts.year);
  return inReturnTransaction(client, opts, async () => {
    await stageSsda903(client, w);
    const files: Record<string, string> = {};
    const rows: Record<string, number> = {};
    for (const t of ssda903Tables(w.year).filter((x) => !opts.only || x.file === opts.only)) {
      const result = await client.query<string[]>({ text: ssda903Select(t, w), rowMode: 'array' });
      files[t.file] = stringify([t.columns.map(([name]) => name), ...result.rows]);
      rows[t.file] = result.rows.length;
    }
    return { result: { window: { start: w.start, end: w.end }, files, rows }, audit: { action: 'EXPORT', recordType: 'ssda903', childIds: { sql: 'select child_id from s903_child' }, changes: { year: w.year, rows, ...(opts.only ? { file: opts.only } : {}) } } };
  });
}
