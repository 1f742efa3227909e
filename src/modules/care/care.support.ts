import type { EntityManager } from '@mikro-orm/postgresql';
import { ErrorCollector, UserErrorCode, ValidationFailed, userError } from '../../server/graphql/user-errors';
import { Child } from '../people/child.entity';

/** Classification tier for a `@FieldResolver` (the resolver-class counterpart of `@Expose`). */
export { Classify as Tier } from '../../access/expose';


/** Loads a referenced record by global id or refuses the mutation with NOT_FOUND on `field`. */
export async function loadRef<T extends object>(em: EntityManager, entity: new (...a: never[]) => T, id: string, field: string): Promise<T> {
  const uuid = parseId(id, entity.name);
  const found = uuid ? await em.findOne(entity, { id: uuid } as never) : null;
  if (!found) throw new ValidationFailed([userError(field, UserErrorCode.NOT_FOUND, `No ${entity.name} with that id is visible to you.`)]);
  return found as T;
}

/** IMPOSSIBLE_DATE when `date` is before the child's date of birth. */
export function notBeforeBirth(errors: ErrorCollector, child: Child, field: string, date: string | null | undefined, what: string): void {
  if (date && child.dateOfBirth && date < child.dateOfBirth) errors.add(field, UserErrorCode.IMPOSSIBLE_DATE, `${what} cannot be before the child's date of birth.`);
}

/** DATE_ORDER when `later` precedes `earlier` (ISO dates). */
export function inOrder(errors: ErrorCollector, field: string, earlier: string | null | undefined, later: string | null | undefined, message: string): void {
  if (earlier && later && later < earlier) errors.add(field, UserErrorCode.DATE_ORDER, message);
}

/** Global id to UUID: one definition, in src/server/graphql/global-id.ts. */
import { uuidOf as parseId } from '../../server/graphql/global-id';
export { parseId };
