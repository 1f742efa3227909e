import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import { inReturnTransaction } from './statutory-return';
import { isCalendarDate } from '../modules/care/dates';

/**
 * The DfE children's social care API payload for a day (issue 12; data-to-insight's dfe-csc-api-data-flows,
 * DfE spec v0.8): one JSON record per child in the cohort, in files of at most 100 records (DfE's batch
 * limit), ready for the authority's sender to POST. The records are built in SQL
 * (`hub_dfe_csc_payload`, migrations/Migration20261207000000_dfe_csc_api.ts); this module keeps the
 * staging state that makes runs incremental:
 *  - every record's content hash (SHA-256 of its canonical JSON) is stored with the hash last sent;
 *  - `full` writes every record of the cohort (and deletions not yet sent); `delta` writes only records new
 *    or changed since they were last sent, and deletions;
 *  - a child who left the cohort or was deleted is sent once as `{la_child_id, mis_child_id, purge: true}`;
 *  - a run marks what it wrote as sent (unless `dryRun`), in the same transaction as its audit row.
 * Changed records are sent whole (DfE upserts by child), not as D2I's optional partial diff.
 */

export type DfeApiMode = 'full' | 'delta';
export const DFE_BATCH_SIZE = 100;

export interface DfeApiRunOptions {
  /** The run date (YYYY-MM-DD): the window ends the day after it. */
  date: string;
  mode: DfeApiMode;
  /** Folder for batch-0001.json … and manifest.json. */
  out: string;
  /** Build and write, but do not mark anything as sent. */
  dryRun?: boolean;
  /** Who ran it, for the audit row. */
  subject: string;
  /** The local authority making the return (agency code); default: the one local authority in the registry. */
  agencyCode?: string;
}

export interface DfeApiRunResult {
  window: { from: string; to: string };
  cohort: number;
  records: number;
  batches: number;
  byState: Record<string, number>;
  files: string[];
}

/** The window: from 1 April of the financial year 24 months before the run date, to the day after it. */
export function dfeWindow(date: string): { from: string; to: string } {
  if (!isCalendarDate(date)) {
    throw new Error(`The run date must be a real date as YYYY-MM-DD (got "${date}").`);
  }
  const d = new Date(`${date}T00:00:00Z`);
  const back = new Date(Date.UTC(d.getUTCFullYear() - 2, d.getUTCMonth(), d.getUTCDate()));
  const fyStart = back.getUTCMonth() >= 3 ? back.getUTCFullYear() : back.getUTCFullYear() - 1;
  const to = new Date(d.getTime() + 86_400_000).toISOString().slice(0, 10);
  return { from: `${fyStart}-04-01`, to };
}

/** Builds the day's records, writes the batches and the manifest, records the run. One transaction. */
export async function runDfeCscApiExport(client: pg.Client, opts: DfeApiRunOptions): Promise<DfeApiRunResult> {
  const window = dfeWindow(opts.date);
  mkdirSync(opts.out, { recursive: true });
  // Another run's files left beside this one's would be sent with it.
  if (readdirSync(opts.out).some((f) => f === 'manifest.json' || /^batch-\d+\.json$/.test(f))) throw new Error(`${opts.out} already holds a run's files: choose an empty folder.`);
  return inReturnTransaction(client, { subject: opts.subject, agencyCode: opts.agencyCode, operation: 'npm run export:dfe-api' }, async () => {
    // One run at a time: two runs would both send the same changes.
    await client.query(`select pg_advisory_xact_lock(hashtext('dfe_csc_api_staging'))`);
    await client.query(
      `create temp table dfe_current on commit drop as
         select x.child_id, x.p as payload, x.p->>'la_child_id' as la_child_id, x.p->>'mis_child_id' as mis_child_id,
                encode(sha256(convert_to(x.p::text, 'UTF8')), 'hex') as content_hash
           from (select c.child_id, hub_dfe_csc_payload(c.child_id, $1::date, $2::date) as p from hub_dfe_csc_cohort($1::date, $2::date) c) x`,
      [window.from, window.to],
    );
    // State relative to what was last sent: NEW never sent, UPDATED changed since, UNCHANGED the same.
    await client.query(
      `insert into dfe_csc_api_staging (child_id, la_child_id, mis_child_id, payload, content_hash, row_state, built_on)
       select child_id, la_child_id, mis_child_id, payload, content_hash, 'NEW', $1::date from dfe_current
       on conflict (child_id) do update set la_child_id = excluded.la_child_id, mis_child_id = excluded.mis_child_id, payload = excluded.payload,
         content_hash = excluded.content_hash, built_on = excluded.built_on,
         row_state = case when dfe_csc_api_staging.sent_hash is null then 'NEW' when dfe_csc_api_staging.sent_hash = excluded.content_hash then 'UNCHANGED' else 'UPDATED' end`,
      [opts.date],
    );
    // Left the cohort (or deleted): a purge record, sent once.
    await client.query(
      `update dfe_csc_api_staging s set row_state = 'DELETED', built_on = $1::date,
              payload = jsonb_build_object('la_child_id', s.la_child_id, 'mis_child_id', s.mis_child_id, 'purge', true),
              content_hash = encode(sha256(convert_to(jsonb_build_object('la_child_id', s.la_child_id, 'mis_child_id', s.mis_child_id, 'purge', true)::text, 'UTF8')), 'hex')
        where not exists (select 1 from dfe_current c where c.child_id = s.child_id) and s.row_state <> 'DELETED'`,
      [opts.date],
    );
    const due = opts.mode === 'full' ? `(s.row_state <> 'DELETED' or s.sent_hash is distinct from s.content_hash)` : `s.sent_hash is distinct from s.content_hash`;
    // Never sent and now gone: nothing to purge at DfE.
    // What this run sends, chosen once: the files, the counts, the audit row and the marking all use it.
    await client.query(
      `create temp table dfe_sending on commit drop as
         select s.child_id, s.la_child_id, s.row_state, s.payload from dfe_csc_api_staging s
          where ${due} and not (s.row_state = 'DELETED' and s.sent_hash is null)`,
    );
    await client.query(`declare dfe_out no scroll cursor for select child_id, payload::text as payload from dfe_sending order by la_child_id, child_id`);
    const files: string[] = [];
    let records = 0;
    for (;;) {
      const { rows } = await client.query<{ child_id: string; payload: string }>(`fetch forward ${DFE_BATCH_SIZE} from dfe_out`);
      if (!rows.length) break;
      const file = join(opts.out, `batch-${String(files.length + 1).padStart(4, '0')}.json`);
      writeFileSync(file, `[\n${rows.map((r) => r.payload).join(',\n')}\n]\n`);
      files.push(file);
      records += rows.length;
      if (rows.length < DFE_BATCH_SIZE) break;
    }
    await client.query('close dfe_out');
    const states = await client.query<{ row_state: string; n: number }>(`select row_state, count(*)::int as n from dfe_sending group by row_state`);
    const byState = Object.fromEntries(states.rows.map((r) => [r.row_state, r.n]));
    const cohort = (await client.query<{ n: number }>('select count(*)::int as n from dfe_current')).rows[0]!.n;
    if (!opts.dryRun) await client.query(`update dfe_csc_api_staging s set sent_hash = s.content_hash, sent_at = now() from dfe_sending x where x.child_id = s.child_id`);
    const result: DfeApiRunResult = { window, cohort, records, batches: files.length, byState, files };
    writeFileSync(join(opts.out, 'manifest.json'), `${JSON.stringify({ date: opts.date, mode: opts.mode, dryRun: !!opts.dryRun, ...result, files: files.map((f) => f.split('/').at(-1)) }, null, 2)}\n`);
    // The audit: which children's records left the hub, by whom, under which purpose.
    return { result, audit: { action: 'EXPORT', recordType: 'dfe_csc_api', childIds: { sql: 'select child_id from dfe_sending' }, changes: { date: opts.date, mode: opts.mode, records, batches: files.length, dryRun: !!opts.dryRun } } };
  });
}
