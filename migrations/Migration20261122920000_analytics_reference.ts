import { Migration } from '@mikro-orm/migrations';
import { BANK_HOLIDAYS, FIRST_COVERED_YEAR, LAST_COVERED_YEAR } from '../src/timescales/bank-holidays';

/**
 * Reference data and SQL helpers for the partnership scorecard (src/analytics, docs/measures.md):
 *
 * - `hub_bank_holiday`: the England and Wales bank holidays, generated from src/timescales/bank-holidays.ts
 *   (the one source of truth) when this migration runs.
 * - `hub_working_day`: the working-day ordinal of every covered date, derived from `hub_bank_holiday`.
 * - `hub_working_days_between(a, b)`: working days after `a` up to and including `b`, antisymmetric,
 *   exactly as `workingDaysBetween` in src/timescales/working-days.ts (a test cross-checks the two);
 *   raises for a date outside the covered years, as the TypeScript does, so a missing year is never
 *   silently counted as a year without bank holidays.
 * - `analytics_child_population`, `analytics_comparator`, `analytics_target`: reference data with their
 *   own period and source. The demo rows are ILLUSTRATIVE figures, plausible for an English county
 *   (the comparators echo the shape of a real county scorecard); they
 *   are not published statistics and must be replaced with the area's own before real use.
 * - one index per measure access path not already indexed by the schema migration.
 */
export class Migration20261122920000_analytics_reference extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table hub_bank_holiday (holiday_date date primary key, title text not null, notes text not null default '');`);
    const values = BANK_HOLIDAYS.map((b) => `('${b.date}', '${b.title.replace(/'/g, "''")}', '${b.notes.replace(/'/g, "''")}')`).join(',\n  ');
    this.addSql(`insert into hub_bank_holiday (holiday_date, title, notes) values\n  ${values};`);

    // Working-day ordinal of every covered date (working days in [first covered 1 Jan, day]): the difference
    // of two ordinals is the working days after a up to and including b, found with two index lookups.
    this.addSql(`create table hub_working_day (day date primary key, ordinal integer not null);`);
    this.addSql(`insert into hub_working_day (day, ordinal)
      select d::date, sum(case when extract(isodow from d) < 6 and not exists (select 1 from hub_bank_holiday h where h.holiday_date = d::date) then 1 else 0 end)
                      over (order by d)
        from generate_series(date '${FIRST_COVERED_YEAR}-01-01', date '${LAST_COVERED_YEAR}-12-31', interval '1 day') d;`);
    // Volatile so the planner never folds it: it runs only when a date has no ordinal.
    this.addSql(`create or replace function hub_uncovered_date(a date, b date) returns integer language plpgsql volatile as $$
      begin
        if a is null or b is null then return null; end if;
        raise exception 'Date % is outside the years covered by the England and Wales bank holiday list (${FIRST_COVERED_YEAR}-${LAST_COVERED_YEAR}); append that year to src/timescales/bank-holidays.ts',
          case when extract(year from a) between ${FIRST_COVERED_YEAR} and ${LAST_COVERED_YEAR} then b else a end;
      end
    $$;`);
    this.addSql(`create or replace function hub_working_days_between(a date, b date) returns integer language sql stable parallel safe as $$
      select coalesce((select w.ordinal from hub_working_day w where w.day = b) - (select w.ordinal from hub_working_day w where w.day = a), hub_uncovered_date(a, b))
    $$;`);

    this.addSql(`create table analytics_child_population (
      area_code text not null, year integer not null, population integer not null check (population > 0),
      age_band text not null default '0-17', source text not null, primary key (area_code, year));`);
    this.addSql(`create table analytics_comparator (
      measure_code text not null, comparator text not null check (comparator in ('STATISTICAL_NEIGHBOURS', 'ENGLAND')),
      period_label text not null, value numeric not null, source text not null, published_on date null,
      primary key (measure_code, comparator, period_label));`);
    this.addSql(`create table analytics_target (
      measure_code text not null, area_code text not null, valid_from date not null,
      kind text not null check (kind in ('VALUE', 'RANGE', 'BOUND')),
      value numeric null, low numeric null, high numeric null,
      bound_operator text null check (bound_operator in ('LT', 'LE', 'GT', 'GE')),
      amber_margin numeric null, source text not null,
      primary key (measure_code, area_code, valid_from),
      check ((kind = 'VALUE' and value is not null) or (kind = 'RANGE' and low is not null and high is not null and low <= high)
          or (kind = 'BOUND' and value is not null and bound_operator is not null)));`);
    // Reference data is maintained by migrations / administrators, never by request traffic.
    for (const t of ['hub_bank_holiday', 'hub_working_day', 'analytics_child_population', 'analytics_comparator', 'analytics_target']) {
      this.addSql(`revoke insert, update, delete on ${t} from hub_app;`);
      this.addSql(`grant select on ${t} to hub_app;`);
    }

    // ILLUSTRATIVE demo reference rows (see the class comment): a county of ~118,000 children aged 0-17.
    const pop = 'ILLUSTRATIVE demo figure (mid-year estimate style, ONS 0-17); replace with the ONS mid-year estimate for the area';
    this.addSql(`insert into analytics_child_population (area_code, year, population, source) values
      ('LA-NORTHSHIRE', 2022, 117450, '${pop}'), ('LA-NORTHSHIRE', 2023, 117900, '${pop}'),
      ('LA-NORTHSHIRE', 2024, 118300, '${pop}'), ('LA-NORTHSHIRE', 2025, 118650, '${pop}'),
      ('LA-NORTHSHIRE', 2026, 118900, '${pop}');`);
    const sn = 'ILLUSTRATIVE demo figure in the style of the DfE CIN census / SSDA903 statistical-neighbour average';
    const en = 'ILLUSTRATIVE demo figure in the style of the DfE CIN census / SSDA903 England average';
    const comparators: [string, number, number][] = [
      ['CONTACT_TO_REFERRAL_PCT', 33.0, 31.0],
      ['RE_REFERRAL_12M_PCT', 22.1, 21.9],
      ['ASSESSMENT_45WD_PCT', 85.0, 83.0],
      ['ICPC_15WD_PCT', 83.0, 77.0],
      ['CP_PLAN_RATE', 38.8, 43.3],
      ['CP_SECOND_SUBSEQUENT_PCT', 21.4, 18.7],
      ['CLA_RATE', 58.0, 62.0],
    ];
    this.addSql(`insert into analytics_comparator (measure_code, comparator, period_label, value, source) values
      ${comparators.flatMap(([m, s, e]) => [`('${m}', 'STATISTICAL_NEIGHBOURS', '2024-25', ${s}, '${sn}')`, `('${m}', 'ENGLAND', '2024-25', ${e}, '${en}')`]).join(',\n      ')};`);
    const tgt = 'ILLUSTRATIVE demo local target (shape as in a county scorecard: value, range or bound)';
    this.addSql(`insert into analytics_target (measure_code, area_code, valid_from, kind, value, low, high, bound_operator, amber_margin, source) values
      ('RE_REFERRAL_12M_PCT', 'LA-NORTHSHIRE', '2020-04-01', 'BOUND', 20, null, null, 'LT', 3, '${tgt}'),
      ('REFERRAL_DECISION_1WD_PCT', 'LA-NORTHSHIRE', '2020-04-01', 'VALUE', 95, null, null, null, 5, '${tgt}'),
      ('ASSESSMENT_45WD_PCT', 'LA-NORTHSHIRE', '2020-04-01', 'VALUE', 85, null, null, null, 5, '${tgt}'),
      ('STRATEGY_MULTI_AGENCY_PCT', 'LA-NORTHSHIRE', '2020-04-01', 'VALUE', 80, null, null, null, 10, '${tgt}'),
      ('STRATEGY_HEALTH_ATTENDED_PCT', 'LA-NORTHSHIRE', '2020-04-01', 'VALUE', 60, null, null, null, 10, '${tgt}'),
      ('ICPC_15WD_PCT', 'LA-NORTHSHIRE', '2020-04-01', 'VALUE', 90, null, null, null, 7, '${tgt}'),
      ('CP_PLAN_RATE', 'LA-NORTHSHIRE', '2020-04-01', 'RANGE', null, 35, 40, null, 3, '${tgt}'),
      ('CP_SECOND_SUBSEQUENT_PCT', 'LA-NORTHSHIRE', '2020-04-01', 'BOUND', 15, null, null, 'LT', 3, '${tgt}'),
      ('CLA_RATE', 'LA-NORTHSHIRE', '2020-04-01', 'RANGE', null, 53.1, 59.7, null, 3, '${tgt}'),
      ('IHA_20WD_PCT', 'LA-NORTHSHIRE', '2020-04-01', 'VALUE', 100, null, null, null, 10, '${tgt}'),
      ('RHI_OFFERED_72H_PCT', 'LA-NORTHSHIRE', '2020-04-01', 'VALUE', 90, null, null, null, 10, '${tgt}');`);

    // Access paths of the measures (docs/measures.md names each measure's path) not covered by the schema migration.
    this.addSql('create index if not exists analytics_assessment_authorised_date_index on assessment (authorised_date) where deleted_at is null;');
    this.addSql('create index if not exists analytics_referral_owner_date_index on referral (owning_agency_id, referral_date) where deleted_at is null;');
    this.addSql('create index if not exists analytics_contact_owner_at_index on contact (owning_agency_id, contact_at) where deleted_at is null;');
    this.addSql('create index if not exists analytics_strategy_discussion_owner_held_index on strategy_discussion (owning_agency_id, held_at) where deleted_at is null;');
    this.addSql('create index if not exists analytics_sd_participant_discussion_kind_index on strategy_discussion_participant (discussion_id, agency_kind) where deleted_at is null;');
    this.addSql('create index if not exists analytics_sd_response_participant_index on strategy_discussion_response (participant_id) where deleted_at is null;');
    this.addSql("create index if not exists analytics_icpc_date_index on child_protection_conference (conference_date) where type = 'INITIAL' and deleted_at is null;");
    this.addSql('create index if not exists analytics_cp_plan_open_index on child_protection_plan (owning_agency_id, start_date, end_date) where deleted_at is null;');
    this.addSql('create index if not exists analytics_care_episode_open_index on care_episode (owning_agency_id, start_date, end_date) where deleted_at is null;');
    this.addSql("create index if not exists analytics_iha_entered_care_index on health_assessment (entered_care_date) where type = 'INITIAL' and deleted_at is null;");
    this.addSql('create index if not exists analytics_missing_episode_end_index on missing_episode (end_at) where deleted_at is null;');
    this.addSql('create index if not exists analytics_lado_owner_date_index on lado_referral (owning_agency_id, referral_date) where deleted_at is null;');
  }
}
