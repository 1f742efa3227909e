import { ChangeSetType, DeadlockException, LockWaitTimeoutException, OptimisticLockError, UniqueConstraintViolationException, type EntityClass, type EntityData, type FilterQuery, type RequiredEntityData } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ObjectType } from 'type-graphql';
import { Classification } from '../access/classification';
import { Expose } from '../access/expose';
import type { HubContext } from '../server/context';
import { forbidden } from '../server/graphql/errors';
import { ErrorCollector, UserError, UserErrorCode, ValidationFailed, userError } from '../server/graphql/user-errors';
import type { HubRecord } from './hub-record';
import { DEFAULT_LAWFUL_BASIS } from '../access/lawful-basis';
import { deriveTasks } from '../modules/workflow/derive-tasks';

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
 * mutation and becomes `userErrors`, as do the errors a concurrent request can cause (see
 * `raceUserErrors`); any other error propagates (and is masked by the server). The mutation's writes
 * reach the audit only when its savepoint commits.
 */
export async function runMutation<T>(ctx: HubContext, work: (em: EntityManager) => Promise<{ record: T; created?: boolean }>): Promise<MutationResult<T>> {
  await ctx.tx.begin();
  const writes = ctx.audit.openMutation();
  let committed = false;
  try {
    const out = await ctx.em.transactional(
      async (em) => {
        // The savepoint's fork has its own event manager: every flush in this mutation (createOwned's,
        // a helper's, the last one) reports its change sets here, and only flushes that wrote are kept.
        const written = new Set<object>();
        em.getEventManager().registerSubscriber({
          onFlush: ({ uow }) => {
            writes.stage(uow.getChangeSets());
            for (const cs of uow.getChangeSets()) if (cs.type === ChangeSetType.CREATE || cs.type === ChangeSetType.UPDATE) written.add(cs.entity);
          },
          afterFlush: () => writes.keep(),
        });
        const result = await work(em as EntityManager);
        await em.flush();
        // The work the records it wrote move to other agencies (task rules), in the same savepoint.
        await deriveTasks(em as EntityManager, written, () => ({ agencyId: ctx.agencyId, subject: ctx.principal.subject }));
        return result;
      },
      // A fresh identity map: what a failed mutation changed in memory cannot leak into the next one's flush.
      { clear: true },
    );
    committed = true;
    return { record: out.record, created: out.created, userErrors: [] };
  } catch (err) {
    if (err instanceof ValidationFailed) return { record: null, userErrors: err.errors };
    const refused = databaseInputErrors(err);
    if (refused) {
      ctx.log.info({ err }, 'mutation refused by a database constraint on a value');
      return { record: null, userErrors: refused };
    }
    const raced = raceUserErrors(err);
    if (raced) {
      ctx.log.info({ err }, 'mutation lost a race with a concurrent request');
      return { record: null, userErrors: raced };
    }
    throw err;
  } finally {
    ctx.audit.closeMutation(writes, committed);
  }
}

/**
 * What a mutation that lost a race with a concurrent request is told (its savepoint is already rolled
 * back). The request transaction runs at READ COMMITTED: a write that waited on a row another request
 * changed sees the change (a versioned update then matches no row: OptimisticLockError), an insert that
 * waited on another's uncommitted row hits the unique constraint, and two requests locking the same
 * rows in opposite orders get a deadlock (DeadlockException also covers serialization failures, which
 * only a stricter isolation level raises).
 */
export function raceUserErrors(err: unknown): UserError[] | null {
  if (err instanceof OptimisticLockError) {
    return [userError(['input', 'expectedVersion'], UserErrorCode.CONFLICT, 'Someone changed the record while you were saving your change: reload it and reapply your change.')];
  }
  if (err instanceof UniqueConstraintViolationException) {
    return [userError(['input'], UserErrorCode.DUPLICATE, 'A concurrent request saved the same record first: reload to see it.')];
  }
  if (err instanceof DeadlockException || err instanceof LockWaitTimeoutException) {
    return [userError(['input'], UserErrorCode.CONFLICT, 'A concurrent request was changing the same records: reload and try again.')];
  }
  return null;
}

/**
 * Values the database itself refuses (class 22 data exceptions: a string too long for its column, an
 * out-of-range date or number, a character PostgreSQL cannot store; 54000: a value too large for its
 * index). Input bounds (src/server/input-bounds.ts) catch these before SQL; this is the safety net, so
 * the caller still gets a typed answer and the savepoint, already rolled back, leaves nothing behind.
 */
export function databaseInputErrors(err: unknown): UserError[] | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !(code.startsWith('22') || code === '54000')) return null;
  const why = code === '54000' || code === '22001' ? 'a value is too long to store' : code === '22021' ? 'a value contains a character that cannot be stored' : 'a value is out of range or malformed';
  return [userError(['input'], code === '54000' || code === '22001' ? UserErrorCode.OUT_OF_RANGE : UserErrorCode.INVALID_FORMAT, `The database refused the change: ${why}. Nothing was saved.`)];
}

/**
 * Makes concurrent requests that would check for and then write the same thing take turns: the lock is
 * held until the request transaction ends, so whoever waited here then reads what the other committed
 * (READ COMMITTED takes a new snapshot per statement) and gets the answer a later retry would get.
 */
export async function takeTurns(em: EntityManager, ...key: string[]): Promise<void> {
  await em.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [JSON.stringify(key)]);
}

export interface SourceRef {
  sourceSystem?: string | null;
  sourceRecordId?: string | null;
}

function sourcePair(source: SourceRef): { sourceSystem: string | null; sourceRecordId: string | null } {
  const sourceSystem = source.sourceSystem?.trim() || null;
  const sourceRecordId = source.sourceRecordId?.trim() || null;
  if (!!sourceSystem !== !!sourceRecordId) {
    new ErrorCollector().add(sourceSystem ? 'sourceRecordId' : 'sourceSystem', UserErrorCode.REQUIRED, 'sourceSystem and sourceRecordId go together: send both or neither.').throwIfAny();
  }
  return { sourceSystem, sourceRecordId };
}

/**
 * The record the caller's agency already holds for this source pair (a retried create), or null.
 * Retries racing each other queue here, so the loser finds the winner's committed record instead of
 * colliding with it on the (agency, sourceSystem, sourceRecordId) unique constraint. createOwned calls
 * it; a resolver whose own checks would refuse a retry (a nested row's uniqueness) calls it before them.
 */
export async function findRetried<T extends HubRecord>(em: EntityManager, ctx: HubContext, entity: EntityClass<T>, source: SourceRef): Promise<T | null> {
  const { sourceSystem, sourceRecordId } = sourcePair(source);
  if (!sourceSystem) return null;
  await takeTurns(em, 'create', em.getMetadata().get(entity).className, ctx.agencyId, sourceSystem, sourceRecordId!);
  return em.findOne(entity, { owningAgency: ctx.agencyId, sourceSystem, sourceRecordId } as unknown as FilterQuery<T>, { filters: false });
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
  const existing = await findRetried(em, ctx, entity, source);
  if (existing) return { record: existing, created: false };
  const { sourceSystem, sourceRecordId } = sourcePair(source);
  const record = em.create(entity, {
    lawfulBasis: DEFAULT_LAWFUL_BASIS[ctx.principal.agencyKind],
    ...data,
    owningAgency: ctx.agencyId,
    createdBy: ctx.principal.subject,
    updatedBy: ctx.principal.subject,
    sourceSystem,
    sourceRecordId,
  } as unknown as RequiredEntityData<T>);
  // Written now so that a constraint it breaks fails here (runMutation turns a unique violation into DUPLICATE).
  await em.flush();
  return { record, created: true };
}

/**
 * Loads a record for change: it must exist, be the caller's agency's, and be at `expectedVersion`.
 * The row is locked until the request ends (FOR NO KEY UPDATE, so inserts referencing it are not
 * blocked): concurrent updates at the same version take turns, and each after the first sees the
 * version its predecessor committed and gets CONFLICT, never a lost update.
 */
export async function loadForUpdate<T extends HubRecord>(em: EntityManager, ctx: HubContext, entity: EntityClass<T>, id: string, expectedVersion: number, field = 'id'): Promise<T> {
  const notFound = () => new ValidationFailed([Object.assign(new UserError(), { field: ['input', field], code: UserErrorCode.NOT_FOUND, message: `No ${entity.name} with that id is visible to you.` })]);
  let record = await em.findOne(entity, { id } as FilterQuery<T>);
  if (!record) throw notFound();
  assertOwnedByCaller(ctx, record);
  const meta = em.getMetadata().get(entity);
  const column = (property: string) => `"${(meta.properties as Record<string, { fieldNames: string[] }>)[property]!.fieldNames[0]}"`;
  const [locked] = await em.execute<{ version: number }[]>(`select ${column('version')} as version from "${meta.tableName}" where ${column('id')} = ? for no key update`, [id]);
  if (!locked) throw notFound();
  // Another request committed between the read and the lock: work from what it committed.
  if (locked.version !== record.version) record = (await em.findOne(entity, { id } as FilterQuery<T>, { refresh: true })) ?? record;
  if (locked.version !== expectedVersion) {
    throw new ValidationFailed([
      Object.assign(new UserError(), {
        field: ['input', 'expectedVersion'],
        code: UserErrorCode.CONFLICT,
        message: `The ${entity.name} is at version ${locked.version}, not ${expectedVersion}: someone changed it since you read it. Reload and reapply your change.`,
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
