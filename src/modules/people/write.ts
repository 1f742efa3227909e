import { UniqueConstraintViolationException, type EntityClass, type RequiredEntityData } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { HubContext } from '../../server/context';
import { ErrorCollector, UserErrorCode, ValidationFailed } from '../../server/graphql/user-errors';
import { fromGlobalId } from '../../server/graphql/global-id';
import type { HubRecord } from '../../db/hub-record';
import { Child } from './child.entity';
import { ChildIdentifier } from './child-identifier.entity';
import { identifierActive, identifierKey, todayIso, type NormalisedIdentifier } from './validation';

/** Creates a row owned by the caller's agency (sub-rows of a child: identifiers, addresses, disabilities, links). */
export function newOwnedRow<T extends HubRecord>(em: EntityManager, ctx: HubContext, entity: EntityClass<T>, data: Record<string, unknown>): T {
  return em.create(entity, { ...data, owningAgency: ctx.agencyId, createdBy: ctx.principal.subject, updatedBy: ctx.principal.subject } as unknown as RequiredEntityData<T>);
}

/** The UUID behind a Relay global id (or a bare UUID). */
export function idOf(globalOrUuid: string): string {
  return fromGlobalId(globalOrUuid)?.id ?? globalOrUuid;
}

/** Loads a child visible to the caller, or fails with NOT_FOUND at `field`. */
export async function findChildOrFail(em: EntityManager, id: string, field: string[]): Promise<Child> {
  const uuid = idOf(id);
  const child = /^[0-9a-f-]{36}$/i.test(uuid) ? await em.findOne(Child, { id: uuid }) : null;
  if (!child) new ErrorCollector().add(field, UserErrorCode.NOT_FOUND, 'No child with that id is visible to you.').throwIfAny();
  return child!;
}

/**
 * DUPLICATE errors for identifiers that are already active on another live child record of the
 * caller's agency (or given twice in the same input). `items` carry their input path.
 */
export async function checkIdentifiersFree(
  em: EntityManager,
  ctx: HubContext,
  errors: ErrorCollector,
  items: { identifier: NormalisedIdentifier; path: string[] }[],
  forChildId?: string,
): Promise<void> {
  const today = todayIso();
  const seen = new Set<string>();
  const active = items.filter((i) => identifierActive(i.identifier, today));
  for (const item of active) {
    const key = identifierKey(item.identifier);
    if (seen.has(key)) errors.add([...item.path, 'value'], UserErrorCode.DUPLICATE, 'The same identifier is given twice.');
    seen.add(key);
  }
  if (!active.length) return;
  const rows = await em.find(ChildIdentifier, {
    owningAgency: ctx.agencyId,
    value: { $in: [...new Set(active.map((i) => i.identifier.value))] },
    $or: [{ validTo: null }, { validTo: { $gte: today } }],
    child: { deletedAt: null },
  });
  const taken = new Map(rows.filter((r) => r.child.id !== forChildId).map((r) => [identifierKey(r), r]));
  for (const item of active) {
    if (taken.has(identifierKey(item.identifier))) {
      errors.add([...item.path, 'value'], UserErrorCode.DUPLICATE, `Another child record of your agency already holds this ${item.identifier.type}; find it (findChildren) rather than creating a second record.`);
    }
  }
}

/** Flushes; a unique-index violation (a race the checks above could not see) becomes a DUPLICATE userError. */
export async function flushOrDuplicate(em: EntityManager, field: string[], message: string): Promise<void> {
  try {
    await em.flush();
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) throw new ValidationFailed(new ErrorCollector().add(field, UserErrorCode.DUPLICATE, message).errors);
    throw err;
  }
}
