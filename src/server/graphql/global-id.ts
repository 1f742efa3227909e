/** Relay global ids: base64url("Type:uuid"), opaque to clients, decodable to route `node(id)`. */
export function toGlobalId(type: string, id: string): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function fromGlobalId(globalId: string): { type: string; id: string } | null {
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const sep = decoded.indexOf(':');
  if (sep < 1) return null;
  const type = decoded.slice(0, sep);
  const id = decoded.slice(sep + 1);
  return UUID.test(id) ? { type, id } : null;
}

export function isUuid(s: string): boolean {
  return UUID.test(s);
}

/** Stands for an id that is not one of ours: looking it up finds nothing (NOT_FOUND), never a database error. */
export const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** A Relay global id (or a bare UUID) to the UUID; null when it is neither or names another type. */
export function uuidOf(id: string | null | undefined, type?: string): string | null {
  if (!id) return null;
  const decoded = fromGlobalId(id);
  if (decoded) return !type || decoded.type === type ? decoded.id : null;
  return isUuid(id) ? id : null;
}

/** The UUID named by an id, or the nil UUID (which matches nothing: NOT_FOUND, never a database error). */
export function idOrNil(id: string, typeName: string): string {
  return uuidOf(id, typeName) ?? NIL_UUID;
}
