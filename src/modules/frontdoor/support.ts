import type { EntityClass } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ErrorCollector, UserErrorCode } from '../../server/graphql/user-errors';
import { Child } from '../people/child.entity';
import { Referral } from './referral.entity';

/**
 * Helpers of the front door and LADO modules: ids in inputs, the date rules (nothing happens to a child
 * before birth, except pre-birth work for an unborn child; instants compare as calendar dates in UK
 * time) and filter building.
 */

/** Tier of a `@FieldResolver` (what `@Expose` is for entity fields). */
export { Classify as Classified } from '../../access/expose';


/** Loads the record named by a global id, or adds NOT_FOUND and returns null. */
export async function findByGlobalId<T extends object>(em: EntityManager, entity: EntityClass<T>, globalId: string, errors: ErrorCollector, field: string): Promise<T | null> {
  const id = uuidOf(globalId, entity.name);
  const record = id ? await em.findOne(entity, { id } as never) : null;
  if (!record) errors.add(field, UserErrorCode.NOT_FOUND, `No ${entity.name} with that id is visible to you.`);
  return record;
}

const londonDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Calendar date (YYYY-MM-DD) of an instant in UK time, or the date itself. */
export function calendarDate(value: Date | string): string {
  return typeof value === 'string' ? value.slice(0, 10) : londonDay.format(value);
}

/** ISO date `days` after `iso`. */
export function plusDays(iso: string, days: number): string {
  const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Longest pregnancy the hub accepts pre-birth work for: 42 weeks before the (expected) birth. */
const PRE_BIRTH_DAYS = 42 * 7;

/**
 * IMPOSSIBLE_DATE when a date falls before the child existed. Work before birth is allowed for a child
 * recorded as unborn (with an expected date of birth), back to 42 weeks before the birth or expected
 * birth; for a child recorded only with a date of birth, nothing precedes it.
 */
export function notBeforeBirth(errors: ErrorCollector, child: Child | null | undefined, field: string, value: Date | string | null | undefined): void {
  if (!child || !value) return;
  const day = calendarDate(value);
  const birth = child.dateOfBirth ?? null;
  const expected = child.expectedDateOfBirth ?? null;
  if (expected) {
    const earliest = plusDays(birth && birth < expected ? birth : expected, -PRE_BIRTH_DAYS);
    if (day < earliest) errors.add(field, UserErrorCode.IMPOSSIBLE_DATE, 'The date is more than 42 weeks before the (expected) birth of the child.');
    return;
  }
  if (birth && day < birth) errors.add(field, UserErrorCode.IMPOSSIBLE_DATE, "The date is before the child's date of birth.");
}

/** DATE_ORDER on `laterField` when `later` (a date or instant) falls on a calendar day before `earlier`. */
export function notBefore(errors: ErrorCollector, laterField: string, later: Date | string | null | undefined, earlier: Date | string | null | undefined, message: string): void {
  if (!later || !earlier) return;
  if (calendarDate(later) < calendarDate(earlier)) errors.add(laterField, UserErrorCode.DATE_ORDER, message);
}

/** Copies the keys the caller sent (null clears, absent leaves unchanged) from an update input onto a record. */
export function assignSent<T extends object, I extends object>(record: T, input: I, keys: readonly (keyof I & keyof T)[]): void {
  for (const key of keys) {
    const value = input[key];
    if (value !== undefined) (record as Record<string, unknown>)[key as string] = value as unknown;
  }
}

/** Value of a key after an update: the sent value when sent (null clears), else the stored one. */
export function after<T, K extends keyof T>(record: T, input: Partial<Record<K, unknown>>, key: K): T[K] {
  return (input[key] !== undefined ? input[key] : record[key]) as T[K];
}

export { timescaleOrNull } from '../../timescales/evaluate';

/** Global id to UUID: one definition, in src/server/graphql/global-id.ts. */
import { uuidOf } from '../../server/graphql/global-id';
export { uuidOf };

/**
 * The referral (CIN episode) and child a new record belongs to, from `referralId` (preferred) or
 * `childId`; refuses neither, or a referral about another child. `what` names the record in messages.
 */
export async function referralAndChild(em: EntityManager, input: { referralId?: string; childId?: string }, errors: ErrorCollector, what: string): Promise<{ referral: Referral | null; child: Child | null }> {
  const referral = input.referralId ? await findByGlobalId(em, Referral, input.referralId, errors, 'referralId') : null;
  let child: Child | null = null;
  if (input.childId) child = await findByGlobalId(em, Child, input.childId, errors, 'childId');
  else if (referral) child = await em.findOne(Child, { id: referral.child.id });
  else if (!input.referralId) errors.add('childId', UserErrorCode.REQUIRED, `Give the referral ${what} belongs to, or the child.`);
  if (child && referral && referral.child.id !== child.id) errors.add('childId', UserErrorCode.INVALID_STATE, 'The referral is about another child.');
  return { referral, child };
}
