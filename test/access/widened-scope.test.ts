/**
 * Widened row scope (RequestTransaction.withAllRows, src/db/request-transaction.ts) must never widen it
 * for the rest of the request. GraphQL resolves sibling root fields concurrently on the request's one
 * transaction; when the aggregate SQL of `measureChildren` or `scorecard` switched that transaction to
 * row scope 'all', a sibling's raw SQL sent meanwhile read every row. The probe here is such a raw-SQL
 * read protected by row-level security alone: `Referral.isReReferralWithin12Months` looks for the same
 * child's earlier referrals in SQL, and may only count referrals the caller can see.
 */
import { startTestHub, personaPrincipal, type TestHub } from '../support/hub';
import { toGlobalId } from '../../src/server/graphql/global-id';

/* eslint-disable @typescript-eslint/no-explicit-any */

const YTD = { periodType: 'FINANCIAL_YEAR_TO_DATE', periodEnd: '2026-09-30' };
const REFERRAL = `n: node(id: $referral) { ... on Referral { referralDate isReReferralWithin12Months } }`;
const ROUNDS = 20;

describe('widened row scope is invisible to sibling fields of the same request', () => {
  let t: TestHub;
  let referral: string;
  const sql = <T = Record<string, unknown>>(q: string, params: unknown[] = []) => t.orm.em.fork().execute<T[]>(q, params);

  beforeAll(async () => {
    t = await startTestHub();
    // A child the police know and the local authority does not (no involvement, not its record): the
    // police referred first; the local authority's own referral a month later is all it can see.
    const [agencies] = await sql<{ la: string; police: string; source: string }>(
      `select (select id from agency where code = 'LA-NORTHSHIRE') as la, (select id from agency where code = 'POLICE-NORTHSHIRE') as police, (select source::text from referral limit 1) as source`,
    );
    const [child] = await sql<{ id: string }>(
      `insert into child (id, owning_agency_id, created_by, updated_by, lawful_basis, family_name, given_name, date_of_birth)
       values (gen_random_uuid(), ?, 'test', 'test', 'test', 'Widenedscope', 'Probe', '2015-05-05') returning id`,
      [agencies!.police],
    );
    const insertReferral = (agency: string, date: string) =>
      sql<{ id: string }>(
        `insert into referral (id, owning_agency_id, created_by, updated_by, lawful_basis, child_id, referral_date, source)
         values (gen_random_uuid(), ?, 'test', 'test', 'test', ?, ?, ?::referral_source) returning id`,
        [agency, child!.id, date, agencies!.source],
      );
    await insertReferral(agencies!.police, '2026-08-03');
    const [own] = await insertReferral(agencies!.la, '2026-09-01');
    referral = toGlobalId('Referral', own!.id);
  });
  afterAll(() => t.close());

  it('the probe: alone, the team manager sees only its own referral, so it is not a re-referral', async () => {
    const res = await t.http<any>('team-manager', `query($referral: ID!) { ${REFERRAL} }`, { referral });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.n).toEqual({ referralDate: '2026-09-01', isReReferralWithin12Months: false });
  });

  const widening = {
    measureChildren: `m: measureChildren(input: { code: "CLA", periodType: FINANCIAL_YEAR_TO_DATE, periodEnd: "${YTD.periodEnd}" }) { childrenCounted children { inNumerator } }`,
    scorecard: `s: scorecard(input: { periodType: FINANCIAL_YEAR_TO_DATE, periodEnd: "${YTD.periodEnd}" }) { measures { code } }`,
  };

  for (const [name, field] of Object.entries(widening)) {
    for (const order of ['before', 'after'] as const) {
      it(`with ${name} in the same document (probe ${order} it), ${ROUNDS} times: the probe still sees only the caller's scope`, async () => {
        const doc = `query($referral: ID!) { ${order === 'before' ? `${REFERRAL} ${field}` : `${field} ${REFERRAL}`} }`;
        const seen: unknown[] = [];
        for (let i = 0; i < ROUNDS; i++) {
          const res = await t.http<any>('team-manager', doc, { referral });
          expect(res.status).toBe(200);
          expect(res.body.errors).toBeUndefined();
          seen.push(res.body.data.n.isReReferralWithin12Months);
        }
        expect(seen).toEqual(Array(ROUNDS).fill(false));
      });
    }
  }

  it('inside withAllRows the request transaction keeps the caller’s scope; only the handed EntityManager sees every row', async () => {
    const ctx = await t.hub.contextFor(personaPrincipal('team-manager'));
    await ctx.tx.begin();
    try {
      const scope = async (em: typeof ctx.em) => (await em.execute<{ s: string }[]>(`select current_setting('hub.row_scope', true) as s, current_user as u`))[0];
      const inside = await ctx.tx.withAllRows(async (em) => ({ widened: await scope(em), request: await scope(ctx.em) }));
      expect(inside).toEqual({ widened: { s: 'all', u: 'hub_app' }, request: { s: 'involvement', u: 'hub_app' } });
      // Read-only: a write inside the block is refused by the database.
      await expect(ctx.tx.withAllRows((em) => em.execute(`update referral set nfa = nfa where false`))).rejects.toThrow(/read-only/);
      expect(await scope(ctx.em)).toEqual({ s: 'involvement', u: 'hub_app' });
    } finally {
      await ctx.tx.rollback();
    }
  });
});
