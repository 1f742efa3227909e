import type { FilterQuery } from '@mikro-orm/core';
import { declaredFilters, type Condition } from '../access/input-declarations';
import { idOrNil } from '../server/graphql/global-id';

/** Escapes LIKE wildcards in user text. */
const likePrefix = (s: string): string => `${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** `{ a: { b: x } }` from the path `a.b` and x. */
function atPath(path: string, value: unknown): Record<string, unknown> {
  return path.split('.').reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as Record<string, unknown>;
}

/** The query one condition adds for the argument's value, or undefined when that value filters nothing. */
function conditionWhere(c: Condition, value: unknown): Record<string, unknown> | undefined {
  const at = (v: unknown) => atPath(c.property ?? c.field, v);
  switch (c.op) {
    case 'eq':
      return at(value);
    case 'in':
      return Array.isArray(value) && value.length ? at({ $in: value }) : undefined;
    case 'gte':
    case 'gt':
    case 'lte':
    case 'lt':
      return at({ [`$${c.op}`]: value });
    case 'contains':
      return at({ $contains: [value] });
    case 'prefix': {
      const text = String(value).trim();
      return text ? at({ $ilike: likePrefix(text) }) : undefined;
    }
    case 'nullOrGte':
      return { $or: [at(null), at({ $gte: value })] };
    case 'id':
      // An id of another type, or no id at all, matches no row.
      return at(idOrNil(String(value), c.type));
    case 'nullWhen':
      return at(value === c.when ? null : { $ne: null });
    case 'existsWhen':
      return at(value === c.when ? { $some: {} } : { $none: {} });
    case 'is':
      return at(c.value);
  }
}

/**
 * The query of a list's filters, derived from their declarations (`filters(...)` on the fields of the
 * filter input or `@ArgsType` class `cls`): every given filter applies, each as all of its conditions.
 * An omitted or null filter filters nothing.
 */
export function filterWhere<T extends object>(cls: object, values: object | null | undefined): FilterQuery<T> {
  const and: Record<string, unknown>[] = [];
  for (const [name, conditions] of declaredFilters(cls)) {
    const value = (values as Record<string, unknown> | null | undefined)?.[name];
    if (value === undefined || value === null) continue;
    for (const c of conditions) {
      const where = conditionWhere(c, value);
      if (where) and.push(where);
    }
  }
  return (and.length ? { $and: and } : {}) as FilterQuery<T>;
}
