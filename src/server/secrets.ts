import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { HubConfig } from '../config';

/**
 * The deployment secret: seals paging cursors (so a cursor never reveals the values it orders by)
 * and keys pseudonyms (one derived key per scope: per purpose and release for analytics). HUB_SECRET in production;
 * generated once into DATA_DIR elsewhere.
 */
export function resolveHubSecret(config: HubConfig): string {
  if (config.HUB_SECRET) return config.HUB_SECRET;
  const file = resolve(config.DATA_DIR, 'hub-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export class Sealer {
  private readonly key: Buffer;
  constructor(private readonly secret: string) {
    this.key = createHash('sha256').update(`cursor:${secret}`).digest();
  }

  /** AES-256-GCM: opaque and tamper-evident. */
  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  /** Null when the token was not sealed by this deployment or was altered. */
  unseal(token: string): string | null {
    try {
      const raw = Buffer.from(token, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }

  /**
   * Keyed pseudonym of `id` within `scope` (HMAC-SHA256): a key is derived from the hub secret for the
   * scope, then the id is hashed under it. The same id gets unrelated keys in different scopes, and
   * nobody without the hub secret can compute or reverse one. Analytics passes its release key
   * (src/analytics/disclosure.ts), so two extracts cannot be joined unless the policy says so.
   */
  pseudonym(scope: string, id: string): string {
    const scopeKey = createHmac('sha256', this.secret).update(`pseudonym-scope:${scope}`).digest();
    return createHmac('sha256', scopeKey).update(id).digest('base64url').slice(0, 22);
  }
}

let hubSealer: Sealer | undefined;

/** Records the hub's Sealer (createHub) so modules without the config (analytics pseudonyms) can reach it. */
export function setHubSealer(s: Sealer): Sealer {
  hubSealer = s;
  return s;
}

/** The Sealer of the running hub; throws before createHub has set it. */
export function currentSealer(): Sealer {
  if (!hubSealer) throw new Error('The hub secret is not loaded yet (createHub sets it).');
  return hubSealer;
}
