import { startTestHub, type TestHub } from '../support/hub';
import { budgetFor } from '../../src/server/query-cost';
import { Role } from '../../src/access/principal';

describe('query cost budgets', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(() => t.close());

  it('refuses a document over the role budget before running it, saying cost and budget', async () => {
    const nested = `{ children(first: 100) { nodes { strategyDiscussions { participants { agency { name code kind } } contributions { summary contributingAgency { name code } } } referrals { assessments { recordId startDate } cinPlans { recordId startDate } } childProtectionPlans { coreGroupMeetings { recordId } reviewConferences { recordId } } } } }`;
    // Five aliased copies of a page of 100 children with their nested records.
    const res = await t.gql<any>('social-worker', `{ ${[1, 2, 3, 4, 5].map((i) => `a${i}: ${nested.slice(2, -2)}`).join(' ')} }`);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', budget: budgetFor([Role.SOCIAL_WORKER]) });
    expect(res.errors?.[0]?.extensions?.cost).toBeGreaterThan(budgetFor([Role.SOCIAL_WORKER]));
    expect(res.data).toBeUndefined();
  });

  it('lets an ordinary child profile page through', async () => {
    const res = await t.gql<any>('social-worker', `{ children(first: 20) { nodes { familyName referrals { referralDate } strategyDiscussions { participants { status } } } } }`);
    expect(res.errors).toBeUndefined();
  });
});
