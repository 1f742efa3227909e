import type { ErrorCollector } from '../../server/graphql/user-errors';
import { UserErrorCode } from '../../server/graphql/user-errors';
import type { Child } from '../people/child.entity';

const LONDON = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date (YYYY-MM-DD) of an instant in England, where these meetings happen. */
export function londonDate(at: Date): string {
  return LONDON.format(at);
}

/** YYYY-MM-DD of a date or an instant (instants read as the date in England). */
export function dayOf(value: Date | string): string {
  return typeof value === 'string' ? value.slice(0, 10) : londonDate(value);
}

/**
 * Adds IMPOSSIBLE_DATE when `date` is before the child's date of birth and the child has no expected
 * date of birth: only an unborn child (one with an expected date of birth) has pre-birth records.
 */
export function notBeforeBirth(errors: ErrorCollector, field: string, child: Child, date: string | null | undefined, what: string): void {
  if (!date || !child.dateOfBirth || child.expectedDateOfBirth) return;
  if (date < child.dateOfBirth) errors.add(field, UserErrorCode.IMPOSSIBLE_DATE, `${what} (${date}) is before the child's date of birth, and the child has no expected date of birth (only an unborn child can have pre-birth records).`);
}

/** Adds DATE_ORDER when calendar date `later` precedes `earlier`. */
export function notBefore(errors: ErrorCollector, field: string, earlier: Date | string | null | undefined, later: Date | string | null | undefined, message: string): void {
  if (!earlier || !later) return;
  if (dayOf(later) < dayOf(earlier)) errors.add(field, UserErrorCode.DATE_ORDER, message);
}
