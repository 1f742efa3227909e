import { collectionYearBounds } from '../modules/care/dates';
import type pg from 'pg';

/**
 * What every statutory return shares (CIN census, SSDA903, Annex A, the DfE API payload): it is the
 * authority's, built on the owner's connection (every team's children, outside a caller's row scope) in
 * one transaction, and that transaction also writes its audit row, so the audit commits with the return
 * and only with it.
 */

/** The local authority making a return. */
export interface ReturnAuthority {
  id: string;
  code: string;
  /** The DfE three-digit LA number (agency.external_code), where recorded. */
  externalCode: string | null;
}

/** Who asked for a return, for its audit row. */
export interface ReturnCaller {
  /** A token's subject, or `cli:<user>`. */
  subject: string;
  /** The request's audit identity when it came over HTTP; the CLI names only the subject. */
  who?: Record<string, unknown>;
  /** The local authority making the return (agency code); default: the one local authority in the registry. */
  agencyCode?: string;
  operation: string;
}

/** The audit row of a return: what left the hub (EXPORT) or was read to check it (READ), about which children. */
export interface ReturnAudit {
  action: 'EXPORT' | 'READ';
  recordType: string;
  /** The children, as ids or as a SQL query (over the run's temporary tables) returning `child_id`. */
  childIds: string[] | { sql: string };
  changes: Record<string, unknown>;
}

/** Finds the returning authority: the named agency, or the only local authority there is. */
async function returnAuthority(client: pg.ClientBase, agencyCode: string | undefined): Promise<ReturnAuthority> {
  const { rows } = await client.query<ReturnAuthority>(
    `select id::text, code, external_code as "externalCode" from agency where kind = 'LOCAL_AUTHORITY' ${agencyCode ? 'and code = $1' : ''} order by code limit 2`,
    agencyCode ? [agencyCode] : [],
  );
  if (rows.length !== 1) throw new Error(agencyCode ? `No local authority ${agencyCode}.` : 'Name the local authority making the return (--agency): the registry holds more than one.');
  return rows[0]!;
}

/**
 * Runs `build` in one transaction with the returning authority, appends the audit row it names, and
 * commits; on any error nothing is kept (no audit row for a return that was not produced).
 */
export async function inReturnTransaction<T>(client: pg.ClientBase, caller: ReturnCaller, build: (authority: ReturnAuthority) => Promise<{ result: T; audit: ReturnAudit }>): Promise<T> {
  await client.query('begin');
  try {
    const authority = await returnAuthority(client, caller.agencyCode);
    const { result, audit } = await build(authority);
    const who = caller.who ?? { request_id: crypto.randomUUID(), subject: caller.subject, agency_id: authority.id, agency_code: authority.code, roles: [], purpose: 'STATUTORY_RETURN', client_id: null, operation_name: caller.operation, document_hash: null };
    // $2 is always read (an empty list when the query names the children), so its type is known.
    const children = Array.isArray(audit.childIds) ? `select unnest($2::text[]) as child_id` : `select unnest($2::text[]) as child_id union all select q.child_id::text from (${audit.childIds.sql}) q`;
    await client.query(
      `select hub_append_audit_for_children($1::jsonb || jsonb_build_object(
          'action', $3::text, 'record_type', $4::text, 'record_id', null, 'fields', '[]'::jsonb, 'records', null, 'changes', $5::jsonb),
          (select array_agg(distinct c.child_id::uuid) from (${children}) c))`,
      [JSON.stringify(who), Array.isArray(audit.childIds) ? audit.childIds : [], audit.action, audit.recordType, JSON.stringify(audit.changes)],
    );
    await client.query('commit');
    return result;
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  }
}

/**
 * A return's window in its SQL: `$1::date` the first day, `$2::date` the last, as literals. The dates are
 * made by the return from a whole-number year, never taken from input text.
 */
export const withWindowDates = (sql: string, first: string, last: string) => sql.replaceAll('$1::date', `date '${first}'`).replaceAll('$2::date', `date '${last}'`);

/** A DfE collection year: 2026 is 1 April 2025 to 31 March 2026 (the census reference date). */
export function collectionYear(year: number): { year: number; start: string; end: string } {
  if (!Number.isInteger(year) || year < 2020 || year > 2100) throw new Error(`The collection year is a year such as 2026 (for 2025/26); got "${String(year)}".`);
  return { year, ...collectionYearBounds(year) };
}

/**
 * The child's LA child id (CIN census, SSDA903 and Annex A key), `c` a child row: the authority's own
 * (LA_CHILD_ID identifier) where recorded, else the partner system's record id, else one made from the hub
 * id that meets the census format (alphanumeric, at most 20 characters: rules 1570, 1580).
 */
export const laChildIdSql = (c: string) =>
  `coalesce((select i.value from child_identifier i where i.child_id = ${c}.id and i.type = 'LA_CHILD_ID' and i.deleted_at is null order by i.valid_from desc nulls last, i.id limit 1),
            ${c}.source_record_id, 'H' || left(replace(${c}.id::text, '-', ''), 19))`;
