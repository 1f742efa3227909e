import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, exportJWK, generateKeyPair, importJWK, type JWK, type JWTPayload, jwtVerify, SignJWT, errors as joseErrors } from 'jose';
import { z } from 'zod';
import type { HubConfig, TrustedIssuer } from '../config';
import { AgencyKind } from '../modules/agencies/agency.entity';
import { Purpose, Role, type Principal } from '../access/principal';
import { purposeAllowedFor, purposesFor, roleAllowedFor } from '../access/policy';

/** Issuer name of the development identity provider (exists only outside production). */
export const DEV_ISSUER = 'urn:safeguarding-hub:development';
const DEV_ALG = 'ES256';

export class AuthenticationError extends Error {
  override name = 'AuthenticationError';
  constructor(
    /**
     * Machine-readable reason: MISSING_TOKEN, MALFORMED_TOKEN, UNKNOWN_ISSUER, EXPIRED_TOKEN, BAD_SIGNATURE,
     * INVALID_CLAIMS (also: an agency the registry does not hold), AGENCY_KIND_MISMATCH, ROLE_NOT_ALLOWED, PURPOSE_NOT_ALLOWED.
     */
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

const claimsSchema = z.object({
  agency: z.string().min(1),
  // Optional: the agency registry decides the kind; a token that names one must agree with it.
  agencyKind: z.enum(AgencyKind).optional(),
  roles: z.array(z.enum(Role)).min(1),
  team: z.string().min(1).optional(),
  // Optional: when absent, the role's first allowed purpose (policy) applies.
  purpose: z.enum(Purpose).optional(),
  clientId: z.string().optional(),
});

type KeySet = ReturnType<typeof createLocalJWKSet> | ReturnType<typeof createRemoteJWKSet>;
interface IssuerEntry {
  config: TrustedIssuer;
  keys: KeySet;
  algorithms?: string[];
}

/** The local development signing key, kept in DATA_DIR so tokens survive restarts. */
export async function loadDevSigningKey(dataDir: string): Promise<{ privateJwk: JWK; publicJwk: JWK }> {
  const file = resolve(dataDir, 'dev-signing-key.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as { privateJwk: JWK; publicJwk: JWK };
  const { privateKey, publicKey } = await generateKeyPair(DEV_ALG, { extractable: true });
  const kid = `dev-${Date.now().toString(36)}`;
  const pair = { privateJwk: { ...(await exportJWK(privateKey)), kid, alg: DEV_ALG }, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: DEV_ALG } };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(pair), { mode: 0o600 });
  return pair;
}

export interface TokenClaims {
  sub: string;
  agency: string;
  agency_kind: AgencyKind;
  roles: Role[];
  team?: string;
  purpose: Purpose;
  azp?: string;
  name?: string;
}

/** Signs a development token; only the development issuer accepts it. */
export async function signDevToken(privateJwk: JWK, audience: string, claims: TokenClaims, ttlSeconds = 8 * 3600): Promise<string> {
  const key = await importJWK(privateJwk, DEV_ALG);
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: DEV_ALG, kid: privateJwk.kid })
    .setIssuer(DEV_ISSUER)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(key);
}

/**
 * What a verified token claims. Not yet a Principal: the agency kind and the purpose are only claims
 * until `principalFromClaims` has checked them against the agency registry and the policy.
 */
export type TokenIdentity = Omit<Principal, 'agencyKind' | 'purpose'> & { agencyKind?: AgencyKind; purpose?: Purpose };

export type Authenticator = (authorization: string | undefined) => Promise<TokenIdentity>;

/** The registry's entry for the agency a token names (the `agency` table). */
export interface RegisteredAgency {
  id: string;
  code: string;
  kind: AgencyKind;
}

/** The registry decides an agency's kind; a caller that names another is refused. */
export function checkAgencyKind(claimed: AgencyKind | undefined, agency: RegisteredAgency): void {
  if (claimed !== undefined && claimed !== agency.kind) {
    throw new AuthenticationError('AGENCY_KIND_MISMATCH', `The bearer token says agency ${agency.code} is of kind ${claimed}; the hub's agency registry says ${agency.kind}.`);
  }
}

/**
 * Turns verified claims into the Principal, deciding what the token may not: the agency kind comes from
 * the registry, the roles must be ones that kind of agency holds, and the purpose one the roles may claim
 * (ROLE_POLICY). Any disagreement is an AuthenticationError (HTTP 401) naming the reason.
 */
export function principalFromClaims(claims: TokenIdentity, agency: RegisteredAgency): Principal {
  checkAgencyKind(claims.agencyKind, agency);
  const misplaced = claims.roles.find((role) => !roleAllowedFor(role, agency.kind));
  if (misplaced) throw new AuthenticationError('ROLE_NOT_ALLOWED', `Role ${misplaced} cannot be held in agency ${agency.code} (kind ${agency.kind}).`);
  const purpose = claims.purpose ?? purposesFor(claims.roles)[0]!;
  if (!purposeAllowedFor(claims.roles, purpose)) {
    throw new AuthenticationError('PURPOSE_NOT_ALLOWED', `Role ${claims.roles.join(', ')} may not claim purpose ${purpose}; allowed: ${purposesFor(claims.roles).join(', ')}.`);
  }
  return { ...claims, agencyKind: agency.kind, purpose };
}

/**
 * Verifies bearer tokens against the trusted issuers (each with its JWKS and claim mapping)
 * and returns the claims; `principalFromClaims` makes them a Principal against the agency registry.
 * Any failure is an AuthenticationError (HTTP 401).
 */
export async function createAuthenticator(config: HubConfig): Promise<Authenticator> {
  const issuers = new Map<string, IssuerEntry>();
  for (const iss of config.AUTH_ISSUERS ?? []) {
    issuers.set(iss.issuer, { config: iss, keys: createRemoteJWKSet(new URL(iss.jwksUrl)) });
  }
  if (config.developmentAuth) {
    const { publicJwk } = await loadDevSigningKey(config.DATA_DIR);
    issuers.set(DEV_ISSUER, {
      config: { issuer: DEV_ISSUER, jwksUrl: 'http://localhost/unused', claims: { agency: 'agency', agencyKind: 'agency_kind', roles: 'roles', team: 'team', purpose: 'purpose', clientId: 'azp' } },
      keys: createLocalJWKSet({ keys: [publicJwk] }),
      algorithms: [DEV_ALG],
    });
  }

  return async (authorization) => {
    if (!authorization) throw new AuthenticationError('MISSING_TOKEN', 'Send a bearer token: "Authorization: Bearer <jwt>".');
    const m = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!m) throw new AuthenticationError('MALFORMED_TOKEN', 'The Authorization header must be "Bearer <jwt>".');
    const token = m[1]!;
    let unverified: JWTPayload;
    try {
      unverified = decodeJwt(token);
    } catch {
      throw new AuthenticationError('MALFORMED_TOKEN', 'The bearer token is not a well-formed JWT.');
    }
    const entry = unverified.iss ? issuers.get(unverified.iss) : undefined;
    if (!entry) throw new AuthenticationError('UNKNOWN_ISSUER', `Tokens from issuer "${String(unverified.iss ?? '(none)').slice(0, 100)}" are not trusted by this hub.`);
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, entry.keys, {
        issuer: entry.config.issuer,
        audience: entry.config.audience ?? config.AUTH_AUDIENCE,
        algorithms: entry.algorithms,
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) throw new AuthenticationError('EXPIRED_TOKEN', 'The bearer token has expired.');
      if (err instanceof joseErrors.JWSSignatureVerificationFailed || err instanceof joseErrors.JWKSNoMatchingKey) {
        throw new AuthenticationError('BAD_SIGNATURE', 'The bearer token signature does not verify against the issuer keys.');
      }
      if (err instanceof joseErrors.JWTClaimValidationFailed) throw new AuthenticationError('INVALID_CLAIMS', `The bearer token claim "${err.claim}" is invalid: ${err.reason}.`);
      throw new AuthenticationError('BAD_SIGNATURE', 'The bearer token could not be verified.');
    }
    const c = entry.config.claims;
    const parsed = claimsSchema.safeParse({
      agency: payload[c.agency],
      agencyKind: payload[c.agencyKind],
      roles: payload[c.roles],
      team: payload[c.team],
      purpose: payload[c.purpose],
      clientId: payload[c.clientId],
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new AuthenticationError('INVALID_CLAIMS', `The bearer token claim "${String(issue.path[0] ?? '?')}" is invalid: ${issue.message}.`);
    }
    const pinned = entry.config.agency === undefined ? undefined : [entry.config.agency].flat();
    if (pinned && !pinned.includes(parsed.data.agency)) {
      throw new AuthenticationError('INVALID_CLAIMS', `Issuer ${entry.config.issuer} may only speak for ${pinned.length > 1 ? 'agencies' : 'agency'} ${pinned.join(', ')}.`);
    }
    return {
      subject: payload.sub!,
      issuer: entry.config.issuer,
      agencyCode: parsed.data.agency,
      agencyKind: parsed.data.agencyKind,
      roles: parsed.data.roles,
      team: parsed.data.team,
      purpose: parsed.data.purpose,
      clientId: parsed.data.clientId,
    };
  };
}
