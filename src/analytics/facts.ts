/**
 * Scorecard facts (issue 11 must-show 6): each measure's figures for every period the scorecard can ask
 * for, kept up to date in the transaction of every write, so a scorecard sums stored counts instead of
 * scanning the record tables.
 *
 * One definition per measure: the facts are the measure's own `rows(scope)` SQL (./measures.ts), run with
 * the scope bound to the columns of a stored period (`hub_period.period_start`, `.period_end`,
 * `.area_id`) instead of request parameters. Nothing here restates what a measure counts.
 *
 * Why periods, not days: a unit's membership depends on the period END, not only on its event date
 * ("decided by the period end", "due by the period end", "open on the last day", 12-month look-backs
 * from the end), and distinct-children measures cannot be added up across days. Summing daily facts
 * would need a second, hand-written, end-independent version of every measure. The periods a scorecard
 * can release are finite: through the API every period ends on a financial quarter end (suppression,
 * ./disclosure.ts) and is a quarter, a year to date or 12 rolling months, and a snapshot measure counts
 * the last day. `analytics_fact_period` holds all of them over the bank-holiday years; any other period
 * (or a measure whose facts are not current) is computed live from the same definition, so a figure is
 * never wrong, only slower.
 *
 * Tables (migration Migration20261204100000_analytics_facts):
 *  - analytics_fact_period  the periods (quarter ends over the covered years; snapshot = one day).
 *  - analytics_fact_area    the local authorities whose facts are kept.
 *  - analytics_fact_measure each measure's unit SQL as last built, the tables it reads, the refresh
 *                           statement derived from it, and `stale` (facts not current: read live).
 *  - analytics_fact_child   per measure, area, period and child: the child's contribution (its units,
 *                           or 1 for a distinct-children measure). Child-level: no grant to hub_app.
 *  - analytics_fact         per measure, area and period: numerator and denominator, the sums of the
 *                           contributions. What the scorecard reads, inside withAllRows only (RLS).
 * Maintenance: a statement-level trigger on every table a measure reads records the children the
 * statement touched (old and new rows, the child found through `childPathOf`, src/access/child-of.ts)
 * in an unlogged queue; a deferred constraint trigger, at COMMIT of that same transaction, re-runs each
 * affected measure's SQL for those children only, replaces their contributions and adds the difference
 * to the aggregate (so a rolled-back write never reaches the facts). Children are locked (advisory,
 * sorted) so two writers of one child apply their changes one after the other; aggregates are updated
 * by differences in a fixed order, so writers of different children never deadlock. A measure whose
 * refresh fails (or that a bulk load skipped, hub.facts = 'off') is marked stale and read live until
 * `rebuildFacts` (npm run facts:rebuild) rebuilds it.
 */
import { createHash } from 'node:crypto';
import type { EntityMetadata, MetadataStorage } from '@mikro-orm/core';
import { childIdSql, childPathOf } from '../access/child-of';
import { FIRST_COVERED_YEAR, LAST_COVERED_YEAR } from '../timescales/bank-holidays';
import { MEASURES, PeriodBasis, type Measure, type SqlScope } from './measures';
import { periodEnding, PeriodType, type Period } from './periods';
import type { Sql } from './scorecard';

/** The scope every fact statement binds a measure to: the columns of the stored period it runs for. */
export const FACT_SCOPE: SqlScope = { start: 'hub_period.period_start', end: 'hub_period.period_end', area: 'hub_period.area_id' };

/** The contribution key of units about no child (LADO referrals). */
export const NO_CHILD = '00000000-0000-0000-0000-000000000000';
/** Above this many children touched in one transaction, the facts of a measure are marked stale (a bulk load: rebuild). */
export const MAX_INCREMENTAL_CHILDREN = 5000;
/** Advisory lock namespaces (pg_advisory_xact_lock(int, int)): per measure (rebuild vs refresh), per child. */
const LOCK_MEASURE = 1179009876;
const LOCK_CHILD = 1179009877;

/** The measure's unit rows over a stored period (THE definition, ./measures.ts). */
export const unitSqlOf = (m: Measure): string => m.rows(FACT_SCOPE);
export const isSnapshot = (m: Measure): boolean => m.periodBasis === PeriodBasis.SNAPSHOT_AT_PERIOD_END;
export const sqlHash = (sql: string): string => createHash('md5').update(sql).digest('hex');

/** Tables named after FROM or JOIN in a measure's SQL that are record tables (metadata), sorted. */
export function tablesRead(sql: string, recordTables: ReadonlySet<string>): string[] {
  const names = [...sql.matchAll(/\b(?:from|join)\s+"?([a-z_][a-z0-9_]*)"?/gi)].map((x) => x[1]!);
  return [...new Set(names.filter((n) => recordTables.has(n)))].sort();
}

/** The record tables of the ORM metadata. */
export function recordTablesOf(storage: MetadataStorage): Map<string, EntityMetadata> {
  const out = new Map<string, EntityMetadata>();
  for (const meta of storage.getAll().values()) if (!meta.abstract && !meta.embeddable && meta.tableName) out.set(meta.tableName, meta);
  return out;
}

/**
 * SQL for the contribution key of a row aliased `t` of `table`: its child (directly or through its
 * parents), or NO_CHILD for a table whose rows are about no single child.
 */
export function childKeySql(table: string, storage: MetadataStorage): string {
  const meta = recordTablesOf(storage).get(table);
  const path = meta ? childPathOf(meta, storage) : null;
  if (path?.kind === 'SELF') return `coalesce(t.id, '${NO_CHILD}'::uuid)`;
  if (path?.kind === 'ONE') return `coalesce(${childIdSql(path, 't.')}, '${NO_CHILD}'::uuid)`;
  return `'${NO_CHILD}'::uuid`;
}

/** The periods of every measure's facts: each quarter end of the covered years, as quarter, year to date and 12 months; and the day itself for snapshots. */
export function factPeriods(): Array<Period & { snapshot: boolean }> {
  const out: Array<Period & { snapshot: boolean }> = [];
  const seen = new Set<string>();
  // From the first quarter end whose 12 months start inside the covered years, to the last covered day.
  for (let y = FIRST_COVERED_YEAR + 1; y <= LAST_COVERED_YEAR; y++) {
    for (const md of ['03-31', '06-30', '09-30', '12-31']) {
      const end = `${y}-${md}`;
      for (const type of [PeriodType.QUARTER, PeriodType.FINANCIAL_YEAR_TO_DATE, PeriodType.ROLLING_12_MONTHS]) {
        const p = periodEnding(type, end);
        if (!seen.has(`${p.start}/${p.end}`)) out.push({ ...p, snapshot: false });
        seen.add(`${p.start}/${p.end}`);
      }
      out.push({ start: end, end, label: end, snapshot: true });
    }
  }
  return out;
}

/** The periods and areas a measure's facts are kept for, as the relation `hub_period` its SQL reads. */
const periodsOf = (m: Measure) =>
  `(select p.id, p.period_start, p.period_end, a.area_id from analytics_fact_period p cross join analytics_fact_area a where p.snapshot = ${isSnapshot(m)}) hub_period`;

/**
 * Contributions of the units `u` grouped by (area, period, child key): units counted (or, for a
 * distinct-children measure, 1 when the child has any unit in it; units about no child count for no
 * child, as count(distinct child_id) ignores them). Summed over child keys this is exactly
 * ./scorecard.ts aggregateSql's COUNT ... FILTER.
 */
function contributionsSql(m: Measure, where: string): string {
  const n = (flag: string) => (m.countsChildren ? `(count(u.child_id) filter (where u.${flag}) > 0)::int` : `count(u.record_id) filter (where u.${flag})::int`);
  return `select hub_period.area_id, hub_period.id as period_id, coalesce(u.child_id, '${NO_CHILD}'::uuid) as child_key, ${n('in_num')} as numerator, ${n('in_den')} as denominator
      from ${periodsOf(m)} cross join lateral (${unitSqlOf(m)}) u ${where}
     group by 1, 2, 3`;
}

/**
 * The refresh of one measure for some children ($1 uuid[] of child keys, $2 the measure code), one
 * statement: their new contributions replace the old ones and the difference goes to the aggregate in
 * (area, period) order. The CTEs share one snapshot, so the delete removes only the old contributions.
 */
export function refreshSql(m: Measure): string {
  return `with fresh as (select * from (${contributionsSql(m, `where u.child_id = any($1::uuid[]) or (u.child_id is null and '${NO_CHILD}'::uuid = any($1::uuid[]))`)}) f
                      where f.numerator <> 0 or f.denominator <> 0),
    old as (delete from analytics_fact_child c where c.measure_code = $2 and c.child_key = any($1::uuid[]) returning c.area_id, c.period_id, c.numerator, c.denominator),
    added as (insert into analytics_fact_child (measure_code, area_id, period_id, child_key, numerator, denominator)
              select $2, area_id, period_id, child_key, numerator, denominator from fresh),
    delta as (select area_id, period_id, sum(n) as n, sum(d) as d
                from (select area_id, period_id, numerator as n, denominator as d from fresh
                      union all select area_id, period_id, -numerator, -denominator from old) x
               group by 1, 2 having sum(n) <> 0 or sum(d) <> 0)
  insert into analytics_fact (measure_code, area_id, period_id, numerator, denominator)
  select $2, area_id, period_id, n, d from delta order by area_id, period_id
  on conflict (measure_code, area_id, period_id) do update
    set numerator = analytics_fact.numerator + excluded.numerator, denominator = analytics_fact.denominator + excluded.denominator`;
}

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The statements rebuilding one measure's facts from scratch (run as the table owner, in one transaction). */
export function rebuildStatements(m: Measure): string[] {
  const code = lit(m.code);
  return [
    `select pg_advisory_xact_lock(${LOCK_MEASURE}, hashtext(${code}))`,
    `delete from analytics_fact_child where measure_code = ${code}`,
    `delete from analytics_fact where measure_code = ${code}`,
    `insert into analytics_fact_child (measure_code, area_id, period_id, child_key, numerator, denominator)
     select ${code}, f.* from (${contributionsSql(m, '')}) f where f.numerator <> 0 or f.denominator <> 0`,
    `insert into analytics_fact (measure_code, area_id, period_id, numerator, denominator)
     select measure_code, area_id, period_id, sum(numerator), sum(denominator) from analytics_fact_child where measure_code = ${code} group by 1, 2, 3`,
    `update analytics_fact_measure set stale = false, built_at = now() where code = ${code}`,
  ];
}

export interface FactDefinition {
  code: string;
  unitSql: string;
  refreshSql: string;
  tables: string[];
}

export function factDefinitions(storage: MetadataStorage, measures: readonly Measure[] = MEASURES): FactDefinition[] {
  const tables = new Set(recordTablesOf(storage).keys());
  return measures.map((m) => ({ code: m.code, unitSql: unitSqlOf(m), refreshSql: refreshSql(m), tables: tablesRead(unitSqlOf(m), tables) }));
}

/** Upserts a definition; a changed unit SQL leaves the measure stale until rebuilt. */
export function definitionUpsertSql(d: FactDefinition): string {
  return `insert into analytics_fact_measure (code, unit_sql, refresh_sql, tables, stale) values (${lit(d.code)}, ${lit(d.unitSql)}, ${lit(d.refreshSql)}, ${lit(`{${d.tables.join(',')}}`)}::text[], true)
    on conflict (code) do update set stale = analytics_fact_measure.stale or analytics_fact_measure.unit_sql <> excluded.unit_sql,
      unit_sql = excluded.unit_sql, refresh_sql = excluded.refresh_sql, tables = excluded.tables`;
}

/** Every table some measure reads (each gets the maintenance triggers). */
export function factTables(storage: MetadataStorage): string[] {
  return [...new Set(factDefinitions(storage).flatMap((d) => d.tables))].sort();
}

/** The marking function and triggers of one table. */
export function markTriggerStatements(table: string, storage: MetadataStorage): string[] {
  const fn = `analytics_fact_mark_${table}`;
  const key = childKeySql(table, storage);
  const mark = (rows: string) => `insert into analytics_fact_dirty (xid, table_name, child_key)
        select distinct pg_current_xact_id(), ${lit(table)}, ${key} from ${rows} t on conflict do nothing;
      get diagnostics n = row_count; marked := marked + n;`;
  return [
    `create or replace function ${fn}() returns trigger language plpgsql security definer set search_path = public, pg_temp as $$
    declare n bigint; marked bigint := 0;
    begin
      -- A truncate names no rows, and a bulk load may switch maintenance off: the facts of what reads the table are then stale until rebuilt.
      if tg_op = 'TRUNCATE' or current_setting('hub.facts', true) = 'off' then
        update analytics_fact_measure set stale = true where not stale and ${lit(table)} = any(tables);
        return null;
      end if;
      if tg_op in ('INSERT', 'UPDATE') then ${mark('new_rows')} end if;
      if tg_op in ('UPDATE', 'DELETE') then ${mark('old_rows')} end if;
      if marked > 0 then insert into analytics_fact_commit (xid) values (pg_current_xact_id()) on conflict do nothing; end if;
      return null;
    end $$`,
    `revoke all on function ${fn}() from public`,
    `drop trigger if exists analytics_fact_ins on "${table}"`,
    `drop trigger if exists analytics_fact_upd on "${table}"`,
    `drop trigger if exists analytics_fact_del on "${table}"`,
    `drop trigger if exists analytics_fact_trunc on "${table}"`,
    `create trigger analytics_fact_ins after insert on "${table}" referencing new table as new_rows for each statement execute function ${fn}()`,
    `create trigger analytics_fact_upd after update on "${table}" referencing old table as old_rows new table as new_rows for each statement execute function ${fn}()`,
    `create trigger analytics_fact_del after delete on "${table}" referencing old table as old_rows for each statement execute function ${fn}()`,
    `create trigger analytics_fact_trunc after truncate on "${table}" for each statement execute function ${fn}()`,
  ];
}

/** The tables, functions and grants (without the per-table triggers and definitions). */
export function factSchemaStatements(): string[] {
  const periods = factPeriods()
    .map((p, i) => `(${i + 1}, date '${p.start}', date '${p.end}', ${p.snapshot})`)
    .join(',\n  ');
  return [
    `create table analytics_fact_period (id integer primary key, period_start date not null, period_end date not null, snapshot boolean not null, unique (period_end, period_start, snapshot))`,
    `insert into analytics_fact_period (id, period_start, period_end, snapshot) values\n  ${periods}`,
    `create table analytics_fact_area (area_id uuid primary key references agency (id))`,
    `insert into analytics_fact_area (area_id) select id from agency where kind = 'LOCAL_AUTHORITY'`,
    `create table analytics_fact_measure (code text primary key, unit_sql text not null, refresh_sql text not null, tables text[] not null,
       stale boolean not null default true, built_at timestamptz null)`,
    `create table analytics_fact_child (measure_code text not null, area_id uuid not null, period_id integer not null, child_key uuid not null,
       numerator integer not null, denominator integer not null)`,
    `create index analytics_fact_child_key_index on analytics_fact_child (measure_code, child_key)`,
    `create table analytics_fact (measure_code text not null, area_id uuid not null, period_id integer not null,
       numerator bigint not null, denominator bigint not null, primary key (measure_code, area_id, period_id))`,
    `create index analytics_fact_area_period_index on analytics_fact (area_id, period_id)`,
    `create unlogged table analytics_fact_dirty (xid xid8 not null, table_name text not null, child_key uuid not null, primary key (xid, table_name, child_key))`,
    `create unlogged table analytics_fact_commit (xid xid8 primary key)`,
    // Aggregates only, and only with every row visible (the analytics path, RequestTransaction.withAllRows);
    // the child-level contributions and the queues are for the owner's functions alone.
    `revoke all on analytics_fact_child, analytics_fact_dirty, analytics_fact_commit from hub_app`,
    `revoke insert, update, delete on analytics_fact, analytics_fact_period, analytics_fact_area, analytics_fact_measure from hub_app`,
    `grant select on analytics_fact, analytics_fact_period, analytics_fact_area, analytics_fact_measure to hub_app`,
    `alter table analytics_fact enable row level security`,
    `create policy analytics_fact_read on analytics_fact for select to hub_app using ((select current_setting('hub.row_scope', true)) = 'all')`,
    // At COMMIT of a transaction that wrote records some measure reads (after every statement of it).
    `create or replace function analytics_fact_flush() returns trigger language plpgsql security definer set search_path = public, pg_temp as $$
    declare
      cur xid8 := pg_current_xact_id();
      m record;
      h integer;
      keys uuid[];
      touched text[];
    begin
      delete from analytics_fact_commit where xid = cur;
      if not found then return null; end if;
      select array_agg(distinct table_name) into touched from analytics_fact_dirty where xid = cur;
      begin
        -- Another statement's snapshot would miss a concurrent writer's commit: only READ COMMITTED refreshes.
        if current_setting('transaction_isolation') <> 'read committed' then raise exception 'facts are refreshed under read committed only'; end if;
        for h in select distinct hashtext(child_key::text) from analytics_fact_dirty where xid = cur order by 1 loop
          perform pg_advisory_xact_lock(${LOCK_CHILD}, h);
        end loop;
      exception when others then
        update analytics_fact_measure set stale = true where not stale and tables && touched;
        raise warning 'scorecard facts left stale (read live until rebuilt): %', sqlerrm;
        delete from analytics_fact_dirty where xid = cur;
        return null;
      end;
      for m in select f.code, f.refresh_sql, f.tables from analytics_fact_measure f where not f.stale and f.tables && touched order by f.code loop
        select array_agg(distinct child_key) into keys from analytics_fact_dirty where xid = cur and table_name = any(m.tables);
        begin
          perform pg_advisory_xact_lock_shared(${LOCK_MEASURE}, hashtext(m.code));
          if cardinality(keys) > ${MAX_INCREMENTAL_CHILDREN} then
            update analytics_fact_measure set stale = true where code = m.code;
          else
            execute m.refresh_sql using keys, m.code;
          end if;
        exception when others then
          update analytics_fact_measure set stale = true where code = m.code;
          raise warning 'scorecard facts of % left stale (read live until rebuilt): %', m.code, sqlerrm;
        end;
      end loop;
      delete from analytics_fact_dirty where xid = cur;
      return null;
    end $$`,
    `revoke all on function analytics_fact_flush() from public`,
    `create constraint trigger analytics_fact_flush after insert on analytics_fact_commit deferrable initially deferred for each row execute function analytics_fact_flush()`,
    // A new local authority has no records yet: its facts (none) are current at once. An agency that
    // becomes one may own records: every measure is stale until rebuilt.
    `create or replace function analytics_fact_area_mark() returns trigger language plpgsql security definer set search_path = public, pg_temp as $$
    begin
      insert into analytics_fact_area (area_id) select n.id from new_rows n where n.kind = 'LOCAL_AUTHORITY' on conflict do nothing;
      -- Nested: one expression naming old_rows would be planned for inserts too, which have none.
      if tg_op = 'UPDATE' then
        if exists (select 1 from new_rows n join old_rows o on o.id = n.id where n.kind = 'LOCAL_AUTHORITY' and o.kind <> 'LOCAL_AUTHORITY') then
          update analytics_fact_measure set stale = true where not stale;
        end if;
      end if;
      return null;
    end $$`,
    `revoke all on function analytics_fact_area_mark() from public`,
    `create trigger analytics_fact_area_ins after insert on agency referencing new table as new_rows for each statement execute function analytics_fact_area_mark()`,
    `create trigger analytics_fact_area_upd after update on agency referencing old table as old_rows new table as new_rows for each statement execute function analytics_fact_area_mark()`,
  ];
}

/**
 * What the facts migration runs: the schema only. The definitions, the triggers of the tables the measures
 * read and the build come from the measures as the code declares them now, so they are applied after every
 * migration has run (`migrateUp`, src/db/orm.ts, calls rebuildFacts): a measure reading a table or column
 * a later migration adds would otherwise fail the facts migration on a new database.
 */
export function factsMigrationStatements(): string[] {
  return factSchemaStatements();
}

/**
 * Rebuilds facts from scratch as the table owner: syncs every measure's definition and the triggers of
 * the tables it reads from the code first (a measure whose SQL changed since the last build is rebuilt), then rebuilds `codes` (default: every
 * stale measure; `all` every measure), one transaction per measure so writers wait at most one measure.
 * For bulk loads (seeds/generate, bench) and after a release that changed a measure.
 */
export async function rebuildFacts(exec: (sql: string) => Promise<Array<Record<string, unknown>>>, storage: MetadataStorage, opts: { all?: boolean; log?: (line: string) => void } = {}): Promise<{ rebuilt: string[]; ms: number }> {
  const t0 = Date.now();
  await exec(`insert into analytics_fact_area (area_id) select id from agency where kind = 'LOCAL_AUTHORITY' on conflict do nothing`);
  for (const d of factDefinitions(storage)) await exec(definitionUpsertSql(d));
  // A measure that now reads another table: that table gets its triggers (idempotent for the others).
  for (const table of factTables(storage)) for (const s of markTriggerStatements(table, storage)) await exec(s);
  const stale = new Set((await exec(`select code from analytics_fact_measure where stale`)).map((r) => String(r.code)));
  const rebuilt: string[] = [];
  for (const m of MEASURES) {
    if (!opts.all && !stale.has(m.code)) continue;
    const t = Date.now();
    await exec('begin');
    try {
      for (const s of rebuildStatements(m)) await exec(s);
      await exec('commit');
    } catch (e) {
      await exec('rollback');
      throw e;
    }
    rebuilt.push(m.code);
    opts.log?.(`  facts ${m.code}: ${Date.now() - t} ms`);
  }
  return { rebuilt, ms: Date.now() - t0 };
}

/** Counts for a measure over periods, from facts; null for a period that has none (not stored). */
export type FactCounts = (measure: Measure, periods: readonly Period[]) => Array<{ numerator: number; denominator: number } | null>;

/**
 * Loads the facts a scorecard needs in two statements (inside withAllRows: the aggregate is visible only
 * there): which measures' facts are current (not stale, built from the measure's SQL as it is now) and
 * kept for the area, and the stored counts of every period ending on one of `ends`.
 */
export async function loadFacts(sql: Sql, area: string, ends: readonly string[]): Promise<FactCounts> {
  const current = new Set<string>();
  const defs = await sql(
    `select m.code, md5(m.unit_sql) as h from analytics_fact_measure m where not m.stale and exists (select 1 from analytics_fact_area a where a.area_id = cast(? as uuid))`,
    [area],
  );
  const hashes = new Map(defs.map((r) => [String(r.code), String(r.h)]));
  for (const m of MEASURES) if (hashes.get(m.code) === sqlHash(unitSqlOf(m))) current.add(m.code);
  const periods = await sql(
    `select p.id, to_char(p.period_start, 'YYYY-MM-DD') as s, to_char(p.period_end, 'YYYY-MM-DD') as e, p.snapshot from analytics_fact_period p where p.period_end = any(cast(? as date[]))`,
    [`{${ends.join(',')}}`],
  );
  const periodId = new Map(periods.map((r) => [`${r.s}/${r.e}/${r.snapshot}`, Number(r.id)]));
  const counts = new Map<string, { numerator: number; denominator: number }>();
  if (periods.length && current.size) {
    const rows = await sql(
      `select f.measure_code, f.period_id, f.numerator, f.denominator from analytics_fact f
        where f.area_id = cast(? as uuid) and f.period_id = any(cast(? as integer[])) and f.measure_code = any(cast(? as text[]))`,
      [area, `{${periods.map((r) => r.id).join(',')}}`, `{${[...current].join(',')}}`],
    );
    for (const r of rows) counts.set(`${r.measure_code}/${r.period_id}`, { numerator: Number(r.numerator), denominator: Number(r.denominator) });
  }
  return (measure, ps) =>
    ps.map((p) => {
      if (!current.has(measure.code)) return null;
      const id = periodId.get(`${p.start}/${p.end}/${isSnapshot(measure)}`);
      if (id === undefined) return null;
      return counts.get(`${measure.code}/${id}`) ?? { numerator: 0, denominator: 0 };
    });
}
