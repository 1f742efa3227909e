import { startTestHub, type TestHub } from '../support/hub';
import { evaluate, TimescaleRuleCode } from '../../src/timescales';
import { todayInEngland } from '../../src/server/scorecard-page';
import { todayInLondon } from '../../src/modules/care/dates';

/**
 * The suite must pass on any day: here the date-sensitive parts run with JavaScript's clock a year ahead
 * and give the answers a user would expect on that day. Only `Date` is faked; timers, I/O and PostgreSQL
 * run for real (PostgreSQL's now() cannot be moved; see the report of issue 10.8).
 */
const YEAR_MS = 365 * 86_400_000;
const ALL_BUT_DATE = [
  'hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback', 'cancelIdleCallback',
  'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout',
] as const;

/** The date in England of an instant, computed here independently of the code under test. */
const englandDate = (ms: number) => new Date(ms).toLocaleDateString('en-CA', { timeZone: 'Europe/London' });

/** The last day of the last financial quarter that ended before `day`. */
function quarterEndBefore(day: string): string {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  if (m <= 3) return `${y - 1}-12-31`;
  if (m <= 6) return `${y}-03-31`;
  if (m <= 9) return `${y}-06-30`;
  return `${y}-09-30`;
}

const HEALTH = `{ healthAssessments(first: 100) { nodes { recordId type dueBy declined completedAt overdue completionTimescale { dueBy status isOverdue daysLate } } } }`;
const CHILD = `mutation($input: CreateChildInput!) { createChild(input: $input) { record { id } userErrors { field code } } }`;
const EPISODE = `mutation($input: CreateCareEpisodeInput!) { createCareEpisode(input: $input) { record { id } userErrors { field code } } }`;
const REQUEST = `mutation($input: RequestHealthAssessmentInput!) { requestHealthAssessment(input: $input) { record { recordId dueBy } userErrors { field code } } }`;
const OVERDUE = `{ overdueHealthAssessments(first: 100) { nodes { recordId dueBy } } }`;

describe('the date-sensitive parts with the clock a year ahead', () => {
  let t: TestHub;
  let realNow: number;
  let ahead: number;
  let aheadDay: string;
  beforeAll(async () => {
    t = await startTestHub();
  });
  beforeEach(() => {
    realNow = Date.now();
    ahead = realNow + YEAR_MS;
    aheadDay = englandDate(ahead);
  });
  afterEach(() => jest.useRealTimers());
  afterAll(() => t.close());

  const moveClock = () => jest.useFakeTimers({ now: ahead, doNotFake: [...ALL_BUT_DATE] });

  it("today in England and the scorecard page's default quarter follow the clock", async () => {
    moveClock();
    expect(Date.now()).toBe(ahead);
    expect(todayInEngland()).toBe(aheadDay);
    expect(todayInLondon()).toBe(aheadDay);
    const page = await t.hub.app.inject({ url: '/scorecard' });
    expect(page.statusCode).toBe(200);
    const cfg = JSON.parse(/<script type="application\/json" id="scorecard-config">([\s\S]*?)<\/script>/.exec(page.body)![1]!);
    expect(cfg.defaults.periodEnd).toBe(quarterEndBefore(aheadDay));
  });

  it('an outstanding timescale evaluated as of now is overdue a year later, by the right number of days', () => {
    const from = englandDate(realNow);
    moveClock();
    // The return home interview offer: 72 hours, counted in calendar days once overdue.
    const rhi = evaluate(TimescaleRuleCode.RHI_OFFER, { from: new Date(realNow), completedAt: null, asOf: new Date() });
    expect(rhi).toMatchObject({ status: 'OVERDUE', isOverdue: true });
    expect(rhi.daysLate).toBeGreaterThanOrEqual(360);
    // A working-day rule still needs England's bank holidays for the coming year.
    const referral = evaluate(TimescaleRuleCode.REFERRAL_DECISION, { from, completedAt: null, asOf: new Date() });
    expect(referral).toMatchObject({ status: 'OVERDUE', isOverdue: true });
    expect(referral.daysLate).toBeGreaterThan(240);
  });

  it('health assessments read over GraphQL: done ones keep their status, outstanding ones are overdue exactly when their due date has passed, and the overdue worklist agrees', async () => {
    // A child entering care today, its initial health assessment requested now: due in 20 working days.
    const today = englandDate(realNow);
    const child = await t.gql<any>('social-worker', CHILD, { input: { familyName: 'Yearahead', dateOfBirth: '2016-04-04' } });
    const episode = await t.gql<any>('social-worker', EPISODE, { input: { childId: child.data.createChild.record.id, startDate: today, legalStatus: 'C1', categoryOfNeed: 'N1', reasonForNewEpisode: 'S' } });
    const request = await t.gql<any>('social-worker', REQUEST, { input: { careEpisodeId: episode.data.createCareEpisode.record.id, type: 'INITIAL', healthAgencyCode: 'NHS-NORTHSHIRE-CHT', requestedAt: new Date(realNow).toISOString() } });
    expect(request.data.requestHealthAssessment.userErrors).toEqual([]);
    const fresh = request.data.requestHealthAssessment.record;
    expect(fresh.dueBy > today).toBe(true);

    const before = await t.gql<any>('health-visitor', HEALTH);
    expect(before.errors).toBeUndefined();
    const freshBefore = before.data.healthAssessments.nodes.find((n: any) => n.recordId === fresh.recordId);
    expect(freshBefore).toMatchObject({ overdue: false, completionTimescale: { status: 'PENDING', isOverdue: false, daysLate: null } });
    expect((await t.gql<any>('social-worker', OVERDUE)).data.overdueHealthAssessments.nodes.map((n: any) => n.recordId)).not.toContain(fresh.recordId);

    moveClock();
    const after = await t.gql<any>('health-visitor', HEALTH);
    expect(after.errors).toBeUndefined();
    const freshAfter = after.data.healthAssessments.nodes.find((n: any) => n.recordId === fresh.recordId);
    expect(freshAfter).toMatchObject({ overdue: true, completionTimescale: { status: 'OVERDUE', isOverdue: true } });
    expect(freshAfter.completionTimescale.daysLate).toBeGreaterThan(220); // about a year of working days, less the 20 allowed
    const was = new Map(before.data.healthAssessments.nodes.map((n: any) => [n.recordId, n]));
    const timed = after.data.healthAssessments.nodes.filter((n: any) => n.completionTimescale);
    expect(timed.filter((n: any) => n.completedAt).length).toBeGreaterThan(0);
    for (const n of timed) {
      if (n.completedAt) {
        // Done: ON_TIME or LATE is measured to completion, whatever the day.
        expect({ id: n.recordId, ts: n.completionTimescale }).toEqual({ id: n.recordId, ts: (was.get(n.recordId) as any).completionTimescale });
      } else {
        const overdue = n.completionTimescale.dueBy < aheadDay;
        expect({ id: n.recordId, status: n.completionTimescale.status, isOverdue: n.completionTimescale.isOverdue }).toEqual({ id: n.recordId, status: overdue ? 'OVERDUE' : 'PENDING', isOverdue: overdue });
      }
    }

    // The social worker's overdue worklist: exactly the outstanding, not declined assessments (initial or review) it can see that are past due.
    const sw = await t.gql<any>('social-worker', HEALTH);
    const worklist = await t.gql<any>('social-worker', OVERDUE);
    expect(sw.errors ?? worklist.errors).toBeUndefined();
    const expected = sw.data.healthAssessments.nodes.filter((n: any) => !n.completedAt && !n.declined && n.dueBy < aheadDay);
    expect(expected.map((n: any) => n.recordId)).toContain(fresh.recordId);
    expect(worklist.data.overdueHealthAssessments.nodes.map((n: any) => n.recordId).sort()).toEqual(expected.map((n: any) => n.recordId).sort());
  });
});
