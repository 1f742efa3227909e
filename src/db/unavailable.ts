/**
 * Database failures that are the caller's cue to retry, not bugs: the server is down or restarting,
 * the pool is exhausted, a lock or statement ran out of time, or the request passed its deadline.
 * The hub answers them with HTTP 503, a `Retry-After` header and a retryable code, and rolls the whole
 * request back (nothing half-done is committed), so a partner system can safely send it again.
 */

export type UnavailableCode = 'DATABASE_UNAVAILABLE' | 'POOL_EXHAUSTED' | 'LOCK_TIMEOUT' | 'STATEMENT_TIMEOUT' | 'TRANSACTION_RETRY' | 'REQUEST_TIMEOUT';

export interface Unavailable {
  code: UnavailableCode;
  message: string;
  /** Seconds the caller should wait before retrying (the `Retry-After` header). */
  retryAfterSeconds: number;
}

const MESSAGES: Record<UnavailableCode, [string, number]> = {
  DATABASE_UNAVAILABLE: ['The database is unreachable or restarting; nothing was changed. Retry shortly.', 5],
  POOL_EXHAUSTED: ['The hub is at capacity (no free database connection); nothing was changed. Retry shortly.', 1],
  LOCK_TIMEOUT: ['A record you are changing is being changed by someone else right now; nothing was changed. Retry shortly.', 1],
  STATEMENT_TIMEOUT: ['The request took longer than the database allows; nothing was changed. Narrow it (smaller pages, fewer fields) or retry later.', 2],
  TRANSACTION_RETRY: ['The request collided with a concurrent change; nothing was changed. Retry it.', 1],
  REQUEST_TIMEOUT: ['The request ran past its deadline and was rolled back; nothing was changed. Narrow it or retry later.', 2],
};

export function unavailable(code: UnavailableCode): Unavailable {
  const [message, retryAfterSeconds] = MESSAGES[code];
  return { code, message, retryAfterSeconds };
}

/** The GraphQL error a caller receives for it: the code, `retryable: true` and how long to wait. */
export function unavailableError(u: Unavailable, requestId?: string): { message: string; extensions: Record<string, unknown> } {
  return { message: u.message, extensions: { code: u.code, retryable: true, retryAfterSeconds: u.retryAfterSeconds, ...(requestId ? { requestId } : {}) } };
}

/** PostgreSQL SQLSTATEs and Node socket codes, by what they mean for the caller. */
const BY_CODE: Record<string, UnavailableCode> = {
  '57014': 'STATEMENT_TIMEOUT', // query_canceled: statement_timeout
  '55P03': 'LOCK_TIMEOUT', // lock_not_available: lock_timeout
  '40001': 'TRANSACTION_RETRY', // serialization_failure
  '40P01': 'TRANSACTION_RETRY', // deadlock_detected
  '25P03': 'DATABASE_UNAVAILABLE', // idle_in_transaction_session_timeout ended the session
  '57P01': 'DATABASE_UNAVAILABLE', // admin_shutdown
  '57P02': 'DATABASE_UNAVAILABLE', // crash_shutdown
  '57P03': 'DATABASE_UNAVAILABLE', // cannot_connect_now (starting up, recovering)
  '53300': 'DATABASE_UNAVAILABLE', // too_many_connections
  '08000': 'DATABASE_UNAVAILABLE',
  '08003': 'DATABASE_UNAVAILABLE',
  '08006': 'DATABASE_UNAVAILABLE',
  '08001': 'DATABASE_UNAVAILABLE',
  '08004': 'DATABASE_UNAVAILABLE',
  ECONNREFUSED: 'DATABASE_UNAVAILABLE',
  ECONNRESET: 'DATABASE_UNAVAILABLE',
  ETIMEDOUT: 'DATABASE_UNAVAILABLE',
  EPIPE: 'DATABASE_UNAVAILABLE',
  EHOSTUNREACH: 'DATABASE_UNAVAILABLE',
  ENOTFOUND: 'DATABASE_UNAVAILABLE',
};

/** pg and pg-pool report these as plain Errors without a code. */
const BY_MESSAGE: [RegExp, UnavailableCode][] = [
  [/timeout exceeded when trying to connect/i, 'POOL_EXHAUSTED'],
  [/Connection terminated|connection timeout|Client has encountered a connection error|Connection ended|not queryable/i, 'DATABASE_UNAVAILABLE'],
];

/** The retryable failure behind an error (looking through wrappers), or null for anything else. */
export function classifyUnavailable(err: unknown): Unavailable | null {
  const seen = new Set<unknown>();
  let e: unknown = err;
  while (e && typeof e === 'object' && !seen.has(e)) {
    seen.add(e);
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && BY_CODE[code]) return unavailable(BY_CODE[code]!);
    if (typeof code === 'string' && code.startsWith('08')) return unavailable('DATABASE_UNAVAILABLE');
    if (typeof message === 'string') for (const [re, c] of BY_MESSAGE) if (re.test(message)) return unavailable(c);
    const next = e as { originalError?: unknown; cause?: unknown; previous?: unknown };
    e = next.originalError ?? next.cause ?? next.previous;
  }
  return null;
}
