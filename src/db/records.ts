import { UniqueConstraintViolationException, type EntityClass, type EntityData, type EntityManager as CoreEm, type FilterQuery, type RequiredEntityData } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ObjectType } from 'type-graphql';
import { Classification } from '../access/classification';
import { Expose } from '../access/expose';
import type { HubContext } from '../server/context';
import { forbidden } from '../server/graphql/errors';
import { ErrorCollector, UserError, UserErrorCode, ValidationFailed } from '../server/graphql/user-errors';
import type { HubRecord } from './hub-record';
import { DEFAULT_LAWFUL_BASIS } from '../access/lawful-basis';

/**
 * The write conventions every module uses (DESIGN §5, issue 3 §4): records are owned by the caller's
 * agency, created idempotently by (sourceSystem, sourceRecordId), updated only at the version the
 * caller read, soft-deleted, and each mutation is all-or-nothing (a savepoint inside the request).
 */

export interface MutationResult<T> {
  record: T | null;
  userErrors: UserError[];
  /** False when a retried create returned the record made by an earlier identical request. */
  created?: boolean;
}

/** Builds `<Name>Payload { record, userErrors, created }`. */
export function MutationPayload<T extends object>(nodeType: new (...args: never[]) => T, name: string, tier: Classification = Classification.SUMMARY) {
  @ObjectType(`${name}Payload`, { description: `Result of ${name.charAt(0).toLowerCase() + name.slice(1)}: the record, or userErrors (and then nothing was saved).` })
  class Payload implements MutationResult<T> {
    @Expose(tier, () => nodeType, { nullable: true, description: 'The record as saved; null when userErrors is not empty.' })
    record!: T | null;
    @Expose(Classification.PUBLIC, () => [UserError], { description: 'Validation problems; empty on success.' })
    userErrors!: UserError[];
    @Expose(Classification.PUBLIC, () => Boolean, { nullable: true, description: 'For creates: false when a retried request (same sourceSystem + sourceRecordId) returned the existing record.' })
    created?: boolean;
  }
  return Payload;
}

/**
 * Runs one mutation in a savepoint of the request transaction. ValidationFailed rolls back just this
 * mutation and becomes `userErrors`; any other error propagates (and is masked by the server).
 */
export async function runMutation<T>(ctx: HubContext, work: (em: EntityManager) => Promise<{ record: T; created?: boolean }>): Promise<MutationResult<T>> {
  await ctx.tx.begin();
  try {
    const out = await ctx.em.transactional(async (em) => {
      const result = await work(em as EntityManager);
      // Capture what this mutation changes for the audit log before it is written.
      const uow = em.getUnitOfWork();
      uow.computeChangeSets();
      ctx.audit.recordChangeSets(uow.getChangeSets() as never);
      await em.flush();
      return result;
    });
    return { record: out.record, created: out.created, userErrors: [] };
  } catch (err) {
    if (err instanceof ValidationFailed) return { record: null, userErrors: err.errors };
    throw err;
  }
}

export interface SourceRef {
  sourceSystem?: string | null;
  sourceRecordId?: string | null;
}

/**
 * Creates a record owned by the caller's agency. When the partner system sends sourceSystem +
 * sourceRecordId and the agency already holds a record with that pair, returns it instead (a retried
 * create is not a duplicate).
 */
export async function createOwned<T extends HubRecord>(
  em: EntityManager,
  ctx: HubContext,
  entity: EntityClass<T>,
  data: EntityData<T>,
  source: SourceRef = {},
): Promise<{ record: T; created: boolean }> {
  const sourceSystem = source.sourceSystem?.trim() || null;
  const sourceRecordId = source.sourceRecordId?.trim() || null;
  if (!!sourceSystem !== !!sourceRecordId) {
    new ErrorCollector().add(sourceSystem ? 'sourceRecordId' : 'sourceSystem', UserErrorCode.REQUIRED, 'sourceSystem and sourceRecordId go together: send both or neither.').throwIfAny();
  }
  const findExisting = () =>
    sourceSystem ? em.findOne(entity, { owningAgency: ctx.agencyId, sourceSystem, sourceRecordId } as unknown as FilterQuery<T>, { filters: false }) : Promise.resolve(null);
  const existing = await findExisting();
  if (existing) return { record: existing, created: false };
  const record = em.create(entity, {
    lawfulBasis: DEFAULT_LAWFUL_BASIS[ctx.principal.agencyKind],
    ...data,
    owningAgency: ctx.agencyId,
    createdBy: ctx.principal.subject,
    updatedBy: ctx.principal.subject,
    sourceSystem,
    sourceRecordId,
  } as unknown as RequiredEntityData<T>);
  try {
    await em.flush();
  } catch (err) {
    // Two retries racing: the loser finds the winner's record.
    if (err instanceof UniqueConstraintViolationException && sourceSystem) {
      (em as unknown as CoreEm).clear();
      const winner = await findExisting();
      if (winner) return { record: winner, created: false };
    }
    throw err;
  }
  return { record, created: true };
}

/** Loads a record for change: it must exist, be the caller's agency's, and be at `expectedVersion`. */
export async function loadForUpdate<T extends HubRecord>(em: EntityManager, ctx: HubContext, entity: EntityClass<T>, id: string, expectedVersion: number, field = 'id'): Promise<T> {
  const record = await em.findOne(entity, { id } as FilterQuery<T>);
  if (!record) throw new ValidationFailed([Object.assign(new UserError(), { field: ['input', field], code: UserErrorCode.NOT_FOUND, message: `No ${entity.name} with that id is visible to you.` })]);
  assertOwnedByCaller(ctx, record);
  if (record.version !== expectedVersion) {
    throw new ValidationFailed([
      Object.assign(new UserError(), {
        field: ['input', 'expectedVersion'],
        code: UserErrorCode.CONFLICT,
        message: `The ${entity.name} is at version ${record.version}, not ${expectedVersion}: someone changed it since you read it. Reload and reapply your change.`,
      }),
    ]);
  }
  record.updatedBy = ctx.principal.subject;
  return record;
}

/** Nobody edits another agency's record or contribution. */
export function assertOwnedByCaller(ctx: HubContext, record: HubRecord): void {
  if (record.owningAgency.id !== ctx.agencyId) throw forbidden(`This record belongs to another agency; only its owner may change it.`);
}

/** Soft delete: the row stays for audit and retention; lists and lookups stop showing it. */
export function softDelete(ctx: HubContext, record: HubRecord): void {
  record.deletedAt = new Date();
  record.updatedBy = ctx.principal.subject;
}
