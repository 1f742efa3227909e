import type { Principal } from '../../src/access/principal';
import type { TestHub } from './hub';

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * Sends a mutation (its one `input` variable) as `persona` and expects it accepted: no GraphQL error, no
 * user error. Returns the payload's `record` as a client receives it (JSON: instants as ISO strings).
 */
export async function mutateOk(t: TestHub, persona: string | Principal, query: string, input: Record<string, unknown>): Promise<any> {
  const res = await t.gql<any>(persona, query, { input });
  expect(res.errors).toBeUndefined();
  const payload = Object.values(res.data as Record<string, any>)[0];
  expect(payload.userErrors).toEqual([]);
  return JSON.parse(JSON.stringify(payload.record));
}

/** The `field:CODE` user errors of a refused mutation (its record null), or the GraphQL error codes. */
export async function refusalCodes(t: TestHub, persona: string | Principal, query: string, input: Record<string, unknown>): Promise<string[]> {
  const res = await t.gql<any>(persona, query, { input });
  if (res.errors) return res.errors.map((e: any) => String(e.extensions?.code));
  const payload = Object.values(res.data as Record<string, any>)[0];
  expect(payload.record).toBeNull();
  return payload.userErrors.map((e: any) => `${e.field.join('.')}:${e.code}`);
}
