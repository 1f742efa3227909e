import type { EntityClass } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DEFAULT_LAWFUL_BASIS } from '../../access/lawful-basis';
import { AgencyKind } from '../agencies/agency.entity';
import type { HubRecord } from '../../db/hub-record';
import type { HubContext } from '../../server/context';
import { forbidden } from '../../server/graphql/errors';
import { ErrorCollector, UserErrorCode, ValidationFailed, userError } from '../../server/graphql/user-errors';


/** Loads a visible record named in an input, or records NOT_FOUND on `field` and returns null. */
export async function findReferenced<T extends object>(em: EntityManager, errors: ErrorCollector, entity: EntityClass<T>, id: string | null | undefined, field: string): Promise<T | null> {
  if (!id) return null;
  const uuid = uuidOf(id, entity.name);
  const record = uuid ? await em.findOne(entity, { id: uuid } as never) : null;
  if (!record) errors.add(field, UserErrorCode.NOT_FOUND, `No ${entity.name} with that id is visible to you.`);
  return record;
}

/** Refuses an update made at a version other than the one stored (optimistic locking). */
export function assertVersion(record: HubRecord, expectedVersion: number, entityName: string): void {
  if (record.version !== expectedVersion) {
    throw new ValidationFailed([
      userError(
        'expectedVersion',
        UserErrorCode.CONFLICT,
        `The ${entityName} is at version ${record.version}, not ${expectedVersion}: someone changed it since you read it. Reload and reapply your change.`,
      ),
    ]);
  }
}

/** Section 47 enquiries, conferences, plans and their visits are local authority duties. */
export function assertLocalAuthority(ctx: HubContext, what: string): void {
  if (ctx.principal.agencyKind !== AgencyKind.LOCAL_AUTHORITY) throw forbidden(`Only a local authority records ${what}.`);
}

/** The owner/audit stamp for a row the caller's agency creates outside createOwned (rows hanging off an owned record). */
export function ownedBy(ctx: HubContext) {
  return { owningAgency: ctx.agencyId, createdBy: ctx.principal.subject, updatedBy: ctx.principal.subject, lawfulBasis: DEFAULT_LAWFUL_BASIS[ctx.principal.agencyKind] };
}

/** `{ field: 'asc' | 'desc' }` from a GraphQL ordering input. */
export function orderOf(field: string, direction: 'ASC' | 'DESC' | undefined): Record<string, 'asc' | 'desc'> {
  return { [field]: direction === 'ASC' ? 'asc' : 'desc' };
}

/** Tier of a `@FieldResolver` field (what `@Expose` is for entity fields). */
export { Classify as Classified } from '../../access/expose';

/** Global id to UUID: one definition, in src/server/graphql/global-id.ts. */
import { uuidOf } from '../../server/graphql/global-id';
export { idOrNil } from '../../server/graphql/global-id';
export { uuidOf };
