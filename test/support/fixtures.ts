import type { MikroORM } from '@mikro-orm/postgresql';

/**
 * Test fixture only (superuser, bypasses RLS): copies one live row of `table` with a new id, clearing
 * the provenance pair (unique per agency) and applying `overrides` (column -> SQL expression).
 * Returns the new id.
 */
export async function copyRow(orm: MikroORM, table: string, overrides: Record<string, string> = {}): Promise<string> {
  const em = orm.em.fork();
  const cols = (
    await em.execute<{ column_name: string }[]>(
      `select column_name from information_schema.columns where table_name = ? and table_schema = 'public' and is_generated = 'NEVER' order by ordinal_position`,
      [table],
    )
  ).map((r) => r.column_name);
  const id = (await em.execute<{ id: string }[]>('select gen_random_uuid() as id'))[0]!.id;
  const values = cols.map((c) => (c === 'id' ? `'${id}'::uuid` : c in overrides ? overrides[c] : /source_(system|record_id)$/.test(c) ? 'null' : `"${c}"`));
  await em.execute(`insert into ${table} (${cols.map((c) => `"${c}"`).join(',')}) select ${values.join(',')} from ${table} where deleted_at is null limit 1`);
  return id;
}
