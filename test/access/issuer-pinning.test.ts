import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { startTestHub, type TestHub } from '../support/hub';
import { ConfigError, loadConfig } from '../../src/config';

/**
 * Token claiming another agency: each agency's identity provider speaks for its own agency only. A police
 * IdP (a partner the hub trusts, with its own JWKS) that signs a token naming the local authority is
 * refused over HTTP, and production refuses to start with an issuer that is not pinned to its agency (an
 * unpinned issuer could sign for any agency in the registry).
 */
describe('an identity provider speaks only for the agency it is pinned to', () => {
  let t: TestHub;
  let jwks: Server;
  let sign: (claims: Record<string, unknown>) => Promise<string>;
  const ISSUER = 'https://idp.police.example';

  beforeAll(async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'police-1', alg: 'ES256', use: 'sig' };
    jwks = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
    await new Promise<void>((ok) => jwks.listen(0, '127.0.0.1', ok));
    const url = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks`;
    t = await startTestHub({ env: { AUTH_ISSUERS: JSON.stringify([{ issuer: ISSUER, jwksUrl: url, agency: 'POLICE-NORTHSHIRE' }]) } });
    sign = (claims) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'police-1' }).setIssuer(ISSUER).setAudience(t.config.AUTH_AUDIENCE).setSubject('pol.ppu.ian.ross').setIssuedAt().setExpirationTime('5m').sign(privateKey);
  });
  afterAll(async () => {
    await t?.close();
    await new Promise((ok) => jwks?.close(ok));
  });

  const call = async (claims: Record<string, unknown>) => {
    const res = await t.hub.app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', authorization: `Bearer ${await sign(claims)}` }, payload: { query: '{ viewer { agencyCode roles } }' } });
    return { status: res.statusCode, body: res.json() as any };
  };

  it('the police IdP signs for the police; the same IdP naming the local authority is refused (401 INVALID_CLAIMS)', async () => {
    expect((await call({ agency: 'POLICE-NORTHSHIRE', roles: ['POLICE_PUBLIC_PROTECTION'] })).body.data).toEqual({ viewer: { agencyCode: 'POLICE-NORTHSHIRE', roles: ['POLICE_PUBLIC_PROTECTION'] } });
    const forged = await call({ agency: 'LA-NORTHSHIRE', roles: ['SOCIAL_WORKER'] });
    expect(forged.status).toBe(401);
    expect(forged.body.errors[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'INVALID_CLAIMS' });
    expect(forged.body.data).toBeUndefined();
  });

  it('production refuses to start with a trusted issuer not pinned to an agency', () => {
    const env = { NODE_ENV: 'production', HUB_SECRET: 'x'.repeat(40) };
    const unpinned = JSON.stringify([
      { issuer: ISSUER, jwksUrl: 'https://idp.police.example/jwks', agency: 'POLICE-NORTHSHIRE' },
      { issuer: 'https://login.nhs.example', jwksUrl: 'https://login.nhs.example/jwks' },
    ]);
    expect(() => loadConfig({ ...env, AUTH_ISSUERS: unpinned })).toThrow(ConfigError);
    expect(() => loadConfig({ ...env, AUTH_ISSUERS: unpinned })).toThrow(/AUTH_ISSUERS.*https:\/\/login\.nhs\.example.*agency/);
    expect(loadConfig({ ...env, AUTH_ISSUERS: JSON.stringify([JSON.parse(unpinned)[0]]) }).AUTH_ISSUERS?.[0]?.agency).toBe('POLICE-NORTHSHIRE');
  });
});
