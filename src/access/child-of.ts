/**
 * The child a record is about, when it is about one child: the Child itself, or the record's `child`.
 * Used by the field guard (row scope, read audit) and the audit collector (write audit).
 */
export function childIdOf(record: unknown, className = (record as { constructor?: { name?: string } } | null)?.constructor?.name): string | null {
  if (!record || typeof record !== 'object') return null;
  const r = record as { id?: string; child?: { id?: string } | null };
  if (className === 'Child') return r.id ?? null;
  return r.child?.id ?? null;
}
