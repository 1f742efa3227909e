import type pg from 'pg';

/**
 * Bulk loading for the synthetic partnership: rows are buffered per table and written with one
 * `INSERT ... SELECT ... FROM unnest($1::text[], $2::text[], ...)` per batch: every column travels as
 * one text array (one bind parameter per column, whatever the row count) and is cast by PostgreSQL to
 * the column type (uuid, date, enum, uuid[], enum[]...). No ORM, no per-row round trip.
 */
export type Value = string | number | boolean | null | undefined;

export interface Column {
  name: string;
  /** SQL type the text is cast to, e.g. `uuid`, `date`, `"sex"`, `"assessment_factor"[]`. */
  type: string;
}

export class BulkTable {
  private rows: Value[][] = [];
  count = 0;
  readonly columns: Column[];

  constructor(
    readonly name: string,
    columns: Array<[string, string]>,
  ) {
    this.columns = columns.map(([name, type]) => ({ name, type }));
  }

  /** Adds one row; `row` maps column names to values (missing ones are NULL). */
  add(row: Record<string, Value>): void {
    this.rows.push(this.columns.map((c) => row[c.name]));
    this.count++;
  }

  get pending(): number {
    return this.rows.length;
  }

  async flush(client: pg.ClientBase): Promise<void> {
    if (!this.rows.length) return;
    const rows = this.rows;
    this.rows = [];
    const cols = this.columns;
    const arrays = cols.map((_, i) => rows.map((r) => toText(r[i])));
    const names = cols.map((c) => `"${c.name}"`).join(', ');
    const select = cols.map((c, i) => `u.c${i}::${c.type}`).join(', ');
    const params = cols.map((_, i) => `$${i + 1}::text[]`).join(', ');
    const alias = cols.map((_, i) => `c${i}`).join(', ');
    await client.query(`insert into "${this.name}" (${names}) select ${select} from unnest(${params}) as u(${alias})`, arrays);
  }
}

function toText(v: Value): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v ? 't' : 'f';
  return String(v);
}

/** A PostgreSQL array literal of strings (`{"a","b"}`), for text[], enum[] and uuid[] columns. */
export function pgArray(items: readonly string[]): string {
  return `{${items.map((s) => `"${s.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}
