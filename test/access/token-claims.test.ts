import { startTestHub, type TestHub } from '../support/hub';
import { PERSONAS as ALL_PERSONAS } from '../../src/server/personas';
import { TrustedDocuments } from '../../src/server/trusted-documents';

// Partner systems registered for trusted documents cannot send the free-text query used here; their
// tokens go through the same checks (test/hardening/trusted-documents.test.ts sends their documents).
const trusted = TrustedDocuments.load();
const PERSONAS = ALL_PERSONAS.filter((p) => !trusted.isRegistered(p.claims.azp));
import { AgencyKind } from '../../src/modules/agencies/agency.entity';
import { Purpose, Role } from '../../src/access/principal';
import { purposesFor } from '../../src/access/policy';

const VIEWER = '{ viewer { subject agencyCode agencyKind roles purpose } }';
const SCORECARD = `query($input: ScorecardInput!) { scorecard(input: $input) { suppressionApplied measures { numerator suppressed } } }`;

/**
 * A partner's identity provider signs the token, but the hub decides what the token may claim: the agency
 * kind is the registry's, roles must fit that kind, and the purpose must be one the role may declare.
 */
describe('token claims checked against the agency registry and the policy (over HTTP)', () => {
  let t: TestHub;
  let registryKind: Map<string, AgencyKind>;
  beforeAll(async () => {
    t = await startTestHub();
    const rows = (await t.orm.em.fork().execute(`select code, kind from agency`)) as { code: string; kind: AgencyKind }[];
    registryKind = new Map(rows.map((r) => [r.code, r.kind]));
  });
  afterAll(() => t.close());

  const refused = (res: { status: number; body: any }) => ({ status: res.status, code: res.body.errors?.[0]?.extensions?.code, reason: res.body.errors?.[0]?.extensions?.reason, data: res.body.data });

  it('refuses a police token claiming to be a local authority social worker (401, AGENCY_KIND_MISMATCH)', async () => {
    const res = await t.http('police-ppu', VIEWER, {}, { agency_kind: AgencyKind.LOCAL_AUTHORITY, roles: [Role.SOCIAL_WORKER] });
    expect(refused(res)).toEqual({ status: 401, code: 'UNAUTHENTICATED', reason: 'AGENCY_KIND_MISMATCH', data: undefined });
    expect(res.body.errors![0]!.message).toMatch(/POLICE-NORTHSHIRE.*LOCAL_AUTHORITY.*registry says POLICE/);
  });

  it('refuses the same police token when it leaves the kind out and only claims the role (401, ROLE_NOT_ALLOWED)', async () => {
    const res = await t.http('police-ppu', VIEWER, {}, { agency_kind: undefined, roles: [Role.SOCIAL_WORKER] });
    expect(refused(res)).toEqual({ status: 401, code: 'UNAUTHENTICATED', reason: 'ROLE_NOT_ALLOWED', data: undefined });
    // Smuggling the role in beside a legitimate one does not help either.
    const mixed = await t.http('police-ppu', VIEWER, {}, { roles: [Role.POLICE_PUBLIC_PROTECTION, Role.SOCIAL_WORKER] });
    expect(refused(mixed)).toMatchObject({ status: 401, reason: 'ROLE_NOT_ALLOWED' });
  });

  it('refuses a board analyst claiming DIRECT_CARE, so small-number suppression cannot be lifted', async () => {
    const input = { periodType: 'FINANCIAL_YEAR_TO_DATE', periodEnd: '2026-09-30' };
    for (const purpose of [Purpose.DIRECT_CARE, Purpose.STATUTORY_RETURN, Purpose.AUDIT]) {
      for (const persona of ['board-analyst', 'bi-service']) {
        const res = await t.http(persona, SCORECARD, { input }, { purpose });
        expect({ persona, purpose, ...refused(res) }).toEqual({ persona, purpose, status: 401, code: 'UNAUTHENTICATED', reason: 'PURPOSE_NOT_ALLOWED', data: undefined });
      }
    }
    // Leaving the purpose out gives the analyst its only purpose, ANALYTICS: figures of 1-4 stay withheld.
    const res = await t.http<any>('board-analyst', SCORECARD, { input }, { purpose: undefined });
    expect(res.status).toBe(200);
    expect(res.body.data.scorecard.suppressionApplied).toBe(true);
    const shown = res.body.data.scorecard.measures.filter((m: any) => !m.suppressed).map((m: any) => m.numerator);
    expect(shown.filter((n: number | null) => n !== null && n >= 1 && n <= 4)).toEqual([]);
    expect(res.body.data.scorecard.measures.some((m: any) => m.suppressed)).toBe(true);
  });

  it('refuses a data protection officer claiming ANALYTICS', async () => {
    const res = await t.http('dpo', VIEWER, {}, { purpose: Purpose.ANALYTICS });
    expect(refused(res)).toEqual({ status: 401, code: 'UNAUTHENTICATED', reason: 'PURPOSE_NOT_ALLOWED', data: undefined });
  });

  it("accepts every persona's own token, with the registry's agency kind and the persona's purpose", async () => {
    for (const p of PERSONAS) {
      const res = await t.http<any>(p.name, VIEWER);
      expect({ persona: p.name, status: res.status, viewer: res.body.data?.viewer }).toEqual({
        persona: p.name,
        status: 200,
        viewer: { subject: p.claims.sub, agencyCode: p.claims.agency, agencyKind: registryKind.get(p.claims.agency), roles: p.claims.roles, purpose: p.claims.purpose },
      });
    }
  });

  it('takes the kind from the registry and the first allowed purpose when the token names neither', async () => {
    for (const p of PERSONAS) {
      const res = await t.http<any>(p.name, VIEWER, {}, { agency_kind: undefined, purpose: undefined });
      expect({ persona: p.name, status: res.status, kind: res.body.data?.viewer?.agencyKind, purpose: res.body.data?.viewer?.purpose }).toEqual({
        persona: p.name,
        status: 200,
        kind: registryKind.get(p.claims.agency),
        purpose: purposesFor(p.claims.roles)[0],
      });
    }
  });

  it('refuses, for every persona, every agency kind but its own and every purpose its roles may not declare', async () => {
    for (const p of PERSONAS) {
      for (const kind of Object.values(AgencyKind).filter((k) => k !== registryKind.get(p.claims.agency))) {
        const res = await t.http(p.name, VIEWER, {}, { agency_kind: kind });
        expect({ persona: p.name, kind, ...refused(res) }).toEqual({ persona: p.name, kind, status: 401, code: 'UNAUTHENTICATED', reason: 'AGENCY_KIND_MISMATCH', data: undefined });
      }
      const allowed = purposesFor(p.claims.roles);
      expect(allowed).toContain(p.claims.purpose);
      for (const purpose of Object.values(Purpose).filter((x) => !allowed.includes(x))) {
        const res = await t.http(p.name, VIEWER, {}, { purpose });
        expect({ persona: p.name, purpose, ...refused(res) }).toEqual({ persona: p.name, purpose, status: 401, code: 'UNAUTHENTICATED', reason: 'PURPOSE_NOT_ALLOWED', data: undefined });
      }
    }
  });
});
