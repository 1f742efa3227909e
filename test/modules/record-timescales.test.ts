import { startTestHub, type TestHub } from '../support/hub';
import { addWorkingDays } from '../../src/timescales/working-days';

/** Records expose dueBy / isOverdue / daysLate where a statutory rule applies (issue 5 §1). */
describe('timescales on records', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(() => t.close());

  it('initial health assessments: due 20 working days after entering care, late ones say by how much', async () => {
    const res = await t.gql<any>('health-visitor', `{ healthAssessments(first: 100) { nodes { type enteredCareDate completedAt completionTimescale { dueBy isOverdue daysLate status } requestTimescale { dueBy } } } }`);
    expect(res.errors).toBeUndefined();
    const initial = res.data.healthAssessments.nodes.filter((n: any) => n.type === 'INITIAL');
    expect(initial.length).toBeGreaterThan(0);
    for (const n of initial) {
      expect(n.completionTimescale.dueBy).toBe(addWorkingDays(n.enteredCareDate, 20));
      expect(n.requestTimescale.dueBy).toBe(addWorkingDays(n.enteredCareDate, 2));
      if (n.completedAt && n.completedAt > n.completionTimescale.dueBy) expect(n.completionTimescale).toMatchObject({ status: 'LATE', isOverdue: false, daysLate: expect.any(Number) });
      if (n.completedAt && n.completedAt <= n.completionTimescale.dueBy) expect(n.completionTimescale.status).toBe('ON_TIME');
    }
    expect(initial.some((n: any) => n.completionTimescale.status === 'LATE')).toBe(true);
    const review = res.data.healthAssessments.nodes.find((n: any) => n.type === 'REVIEW');
    if (review) expect(review.completionTimescale).toBeNull();
  });

  it('return home interviews: offer due 72 hours after the child came back', async () => {
    const res = await t.gql<any>('social-worker', `{ missingEpisodes(first: 100) { nodes { endAt returnHomeInterview { offeredAt offerTimescale { dueBy status } } } } }`);
    expect(res.errors).toBeUndefined();
    const withRhi = res.data.missingEpisodes.nodes.filter((n: any) => n.endAt && n.returnHomeInterview);
    expect(withRhi.length).toBeGreaterThan(0);
    for (const n of withRhi) {
      expect(new Date(n.returnHomeInterview.offerTimescale.dueBy).getTime()).toBe(new Date(n.endAt).getTime() + 72 * 3600_000);
      if (n.returnHomeInterview.offeredAt) expect(['ON_TIME', 'LATE']).toContain(n.returnHomeInterview.offerTimescale.status);
    }
  });
});
