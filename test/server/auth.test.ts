import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { startTestHub, type TestHub } from '../support/hub';
import { DEV_ISSUER, loadDevSigningKey, signDevToken } from '../../src/server/auth';

describe('HTTP authentication', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(() => t.close());

  const post = (headers: Record<string, string>, query = '{ viewer { subject agencyCode roles purpose } }') =>
    t.hub.app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', ...headers }, payload: { query } });

  it('answers a query for a valid development token and echoes the request id', async () => {
    const res = await post({ authorization: `Bearer ${await t.token('police-ppu')}`, 'x-request-id': 'req-123' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-request-id']).toBe('req-123');
    expect(res.json()).toEqual({ data: { viewer: { subject: 'pol.ppu.ian.ross', agencyCode: 'POLICE-NORTHSHIRE', roles: ['POLICE_PUBLIC_PROTECTION'], purpose: 'DIRECT_CARE' } } });
  });

  it('refuses a request with no token with 401 and a JSON error', async () => {
    const res = await post({});
    expect(res.statusCode).toBe(401);
    expect(res.json().errors[0].extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'MISSING_TOKEN' });
  });

  it('refuses malformed, unknown-issuer, badly signed and expired tokens with 401 and no stack trace', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ agency: 'LA-NORTHSHIRE', agency_kind: 'LOCAL_AUTHORITY', roles: ['SOCIAL_WORKER'] })
      .setProtectedHeader({ alg: 'ES256' }).setIssuer(DEV_ISSUER).setAudience('safeguarding-hub').setSubject('mallory').setExpirationTime('1h').sign(privateKey);
    const foreign = await new SignJWT({ agency: 'LA-NORTHSHIRE' })
      .setProtectedHeader({ alg: 'ES256' }).setIssuer('https://idp.example').setAudience('safeguarding-hub').setSubject('x').setExpirationTime('1h').sign(privateKey);
    const { privateJwk } = await loadDevSigningKey(t.config.DATA_DIR);
    const expired = await signDevToken(privateJwk, 'safeguarding-hub', { sub: 'x', agency: 'LA-NORTHSHIRE', agency_kind: 'LOCAL_AUTHORITY' as never, roles: ['SOCIAL_WORKER' as never], purpose: 'DIRECT_CARE' as never }, -60);
    const cases: [string, string][] = [
      ['Bearer not-a-jwt', 'MALFORMED_TOKEN'],
      ['Basic dXNlcjpwYXNz', 'MALFORMED_TOKEN'],
      [`Bearer ${foreign}`, 'UNKNOWN_ISSUER'],
      [`Bearer ${forged}`, 'BAD_SIGNATURE'],
      [`Bearer ${expired}`, 'EXPIRED_TOKEN'],
    ];
    for (const [authorization, reason] of cases) {
      const res = await post({ authorization });
      expect({ status: res.statusCode, reason: res.json().errors[0].extensions.reason }).toEqual({ status: 401, reason });
      expect(res.body).not.toMatch(/at .*\.(js|ts):\d+/);
    }
  });

  it('refuses a verified token whose claims are unusable', async () => {
    const { privateJwk } = await loadDevSigningKey(t.config.DATA_DIR);
    const badRole = await signDevToken(privateJwk, 'safeguarding-hub', { sub: 'x', agency: 'LA-NORTHSHIRE', agency_kind: 'LOCAL_AUTHORITY' as never, roles: ['SUPERUSER' as never], purpose: 'DIRECT_CARE' as never });
    const unknownAgency = await signDevToken(privateJwk, 'safeguarding-hub', { sub: 'x', agency: 'LA-ELSEWHERE', agency_kind: 'LOCAL_AUTHORITY' as never, roles: ['SOCIAL_WORKER' as never], purpose: 'DIRECT_CARE' as never });
    for (const token of [badRole, unknownAgency]) {
      const res = await post({ authorization: `Bearer ${token}` });
      expect(res.statusCode).toBe(401);
      expect(res.json().errors[0].extensions.reason).toBe('INVALID_CLAIMS');
    }
  });

  it('serves health endpoints without a token', async () => {
    expect((await t.hub.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await t.hub.app.inject({ url: '/readyz' })).json()).toEqual({ status: 'ready' });
  });
});
