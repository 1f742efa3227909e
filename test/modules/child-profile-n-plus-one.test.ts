import { openOrm } from '../../src/db/orm';
import { createAuthenticator } from '../../src/server/auth';
import { createHub, type Hub } from '../../src/server/app';
import { createLogger } from '../../src/server/logger';
import { personaPrincipal, startTestHub, type TestHub } from '../support/hub';
import { copyRow } from '../support/fixtures';
import { COST_BUDGETS } from '../../src/server/query-cost';
import { Role } from '../../src/access/principal';
import type { MikroORM } from '@mikro-orm/postgresql';

/**
 * No N+1 (issue 3 §6): the child profile costs the same number of SQL statements for 1 child as for
 * 50, because every relation loads through a per-request DataLoader (one query per relation level).
 */
const PROFILE = `query Profile($n: Int!) {
  children(first: $n) {
    nodes {
      recordId familyName dateOfBirth
      identifiers { type value }
      referrals { referralDate primaryNeed assessments { startDate } }
      childProtectionPlans { startDate category coreGroupMeetings { meetingDate } }
      strategyDiscussions {
        heldAt format decision isMultiAgency
        participants { status agency { name } }
        contributions { summary contributingAgency { name } }
      }
      healthAssessments { type dueBy completedAt }
      exploitationScreenings { screenedAt level }
      missingEpisodes { startAt endAt returnHomeInterview { status offeredAt } }
    }
  }
}`;

describe('child profile: SQL statements do not grow with the number of children', () => {
  let t: TestHub;
  let orm: MikroORM;
  let hub: Hub;
  let counting = false;
  let statements: string[] = [];

  const budget = COST_BUDGETS[Role.SOCIAL_WORKER];
  beforeAll(async () => {
    // 50 profiles with every nested list at its cap cost far more than a practitioner's budget allows
    // (src/server/query-cost.ts refuses it); what is measured here is batching, not the budget.
    COST_BUDGETS[Role.SOCIAL_WORKER] = 10_000_000;
    t = await startTestHub();
    // The richest child: a strategy discussion with participants and contributions. Top up any relation
    // it lacks by copying a row from another child, so 1 child exercises every relation level.
    const sql = (q: string, p: unknown[] = []) => t.orm.em.fork().execute<Record<string, unknown>[]>(q, p);
    const [rich] = await sql(`select s.child_id from strategy_discussion s
      where exists (select 1 from strategy_discussion_participant p where p.discussion_id = s.id)
        and exists (select 1 from agency_contribution c where c.discussion_id = s.id)
      order by s.child_id limit 1`);
    const childId = rich!.child_id as string;
    for (const table of ['referral', 'child_protection_plan', 'health_assessment', 'exploitation_screening', 'missing_episode', 'child_identifier']) {
      const [{ n }] = (await sql(`select count(*)::int as n from ${table} where child_id = ?`, [childId])) as [{ n: number }];
      if (n > 0) continue;
      await copyRow(t.orm, table, { child_id: `'${childId}'::uuid` });
    }
    // Make it first in the list (ordered by last change, newest first).
    await sql(`update child set updated_at = now() + interval '1 day' where id = ?`, [childId]);

    orm = await openOrm(t.databaseUrl, {
      debug: ['query'],
      logger: (message: string) => {
        if (counting) statements.push(message);
      },
      pool: { min: 0, max: 4 },
    });
    // The audit sealer's background statement (every few seconds) is not the request's: keep it out of the count.
    hub = await createHub({ config: t.config, orm, logger: createLogger('silent'), authenticate: await createAuthenticator(t.config), auditSealIntervalMs: 3_600_000 });
  });

  afterAll(async () => {
    COST_BUDGETS[Role.SOCIAL_WORKER] = budget;
    await hub.app.close();
    await orm.close(true);
    await t.close();
  });

  async function statementsFor(n: number): Promise<number> {
    statements = [];
    counting = true;
    const res = await hub.execute(personaPrincipal('social-worker'), PROFILE, { n });
    counting = false;
    expect(res.errors).toBeUndefined();
    expect((res.data as { children: { nodes: unknown[] } }).children.nodes).toHaveLength(n);
    return statements.length;
  }

  it('1 child and 50 children cost the same number of statements', async () => {
    await statementsFor(1); // warm-up: the agency-code lookup is cached after the first request
    const one = await statementsFor(1);
    const oneList = statements.map((s) => s.replace(/\s+/g, ' ').slice(0, 160));
    const fifty = await statementsFor(50);
    const fiftyList = statements.map((s) => s.replace(/\s+/g, ' ').slice(0, 160));
    if (one !== fifty) console.log(JSON.stringify({ oneList, fiftyList }, null, 1));
    // Printed for the closing note: the absolute count is one per relation level plus the request frame.
    console.log(`child profile SQL statements: 1 child = ${one}, 50 children = ${fifty}`);
    expect(fifty).toBe(one);
    expect(one).toBeLessThan(40);
  });
});
