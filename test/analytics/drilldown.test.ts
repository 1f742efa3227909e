/**
 * Practitioners' drill-down `measureChildren` (src/analytics/measure-children.resolver.ts) over the demo
 * partnership: the named children behind a figure, limited to the caller's row scope; the rest counted
 * as withheld; root field limited to case-managing roles; reads audited by the field guard.
 */
import { MEASURES, measureByCode } from '../../src/analytics/measures';
import { measureRecordRows } from '../../src/analytics/drilldown';
import { periodEnding, PeriodType } from '../../src/analytics/periods';
import { countMeasure, type Sql } from '../../src/analytics/scorecard';
import { isSmall } from '../../src/analytics/rag';
import { personaPrincipal, startTestHub, type TestHub } from '../support/hub';

/* eslint-disable @typescript-eslint/no-explicit-any */

const Q = `query($input: MeasureChildrenInput!) { measureChildren(input: $input) {
  code name periodStart periodEnd periodLabel childrenCounted childrenWithheld unitsWithoutChild countsSuppressed
  children { inNumerator inDenominator child { id familyName givenName } } } }`;
// The demo's "today" is 2026-11-01.
/** Child.id is a global (Relay) id: base64 of "Child:<uuid>". */
const uuid = (globalId: string) => Buffer.from(globalId, 'base64').toString('utf8').replace(/^Child:/, '');
const YTD = { periodType: 'FINANCIAL_YEAR_TO_DATE', periodEnd: '2026-09-30' };
/** A count of children outside the caller's scope as shown: 1-4 is withheld (DISCLOSURE_POLICY['measureChildren.counts']). */
const shown = (n: number) => (isSmall(n) ? null : n);

describe('measureChildren: practitioners’ drill-down over the demo partnership', () => {
  let t: TestHub;
  let sql: Sql;
  let la: string;
  beforeAll(async () => {
    t = await startTestHub();
    sql = (q, p) => t.orm.em.fork().execute(q, p) as Promise<Record<string, unknown>[]>;
    la = String((await sql(`select id from agency where code = 'LA-NORTHSHIRE'`, []))[0]!.id);
  });
  afterAll(() => t.close());

  /** The children behind a measure, and which of them a persona may see (computed independently of the resolver). */
  async function expected(code: string, persona: string, periodType = YTD.periodType, periodEnd = YTD.periodEnd) {
    const m = measureByCode(code)!;
    const period = periodEnding(periodType as PeriodType, periodEnd);
    const rows = await measureRecordRows(sql, m, period, la);
    const ids = [...new Set(rows.filter((r) => r.childId && (r.inNumerator || r.inDenominator)).map((r) => r.childId!))];
    const p = personaPrincipal(persona);
    const agency = String((await sql(`select id from agency where code = ?`, [p.agencyCode]))[0]!.id);
    const vis = ids.length
      ? await sql(`select c.id, hub_child_visible(c.id, ?::uuid, ?) as visible from unnest(?::uuid[]) as c(id)`, [agency, p.subject, `{${ids.join(',')}}`])
      : [];
    const visible = vis.filter((r) => r.visible).map((r) => String(r.id)).sort();
    return { rows, ids, visible, withheld: ids.length - visible.length, period, m };
  }

  it('lists the team manager’s visible children in a measure, counts the rest, and agrees with the scorecard', async () => {
    const code = 'CP_PLANS';
    const res = await t.gql<any>('team-manager', Q, { input: { code, ...YTD } });
    expect(res.errors).toBeUndefined();
    const out = res.data.measureChildren;
    const e = await expected(code, 'team-manager');
    expect(e.ids.length).toBeGreaterThan(0);
    // CP_PLANS counts distinct children: the figure and the drill-down are the same children.
    const [c] = await countMeasure(sql, e.m, [{ ...e.period, start: e.period.end }], la);
    expect(c!.numerator).toBe(e.ids.length);
    expect(out.childrenWithheld).toBe(shown(e.withheld));
    expect(out.childrenCounted).toBe(isSmall(e.withheld) ? null : e.ids.length);
    expect(out.children.map((x: any) => uuid(x.child.id)).sort()).toEqual(e.visible);
    if (out.childrenWithheld != null) expect(out.children.length + out.childrenWithheld).toBe(out.childrenCounted);
    expect(out).toMatchObject({ code, periodStart: '2026-09-30', periodEnd: '2026-09-30', unitsWithoutChild: 0 });
    for (const x of out.children) expect(x.child.familyName).toEqual(expect.any(String));
  });

  it('withholds the children a health professional’s agency is not involved with, across many measures', async () => {
    let sawWithheld = false;
    let sawListed = false;
    for (const code of ['CP_PLANS', 'CLA', 'REFERRALS', 'IHA_20WD_PCT', 'CLA_HEALTH_CHECK_PCT', 'STRATEGY_MULTI_AGENCY_PCT', 'MISSING_EPISODES']) {
      const res = await t.gql<any>('designated-nurse', Q, { input: { code, ...YTD } });
      expect(res.errors).toBeUndefined();
      const out = res.data.measureChildren;
      const e = await expected(code, 'designated-nurse');
      expect({ code, listed: out.children.map((x: any) => uuid(x.child.id)).sort(), withheld: out.childrenWithheld, counted: out.childrenCounted }).toEqual({
        code,
        listed: e.visible,
        withheld: shown(e.withheld),
        counted: isSmall(e.withheld) ? null : e.ids.length,
      });
      // Names of withheld children never appear.
      const text = JSON.stringify(out);
      for (const id of e.ids.filter((i) => !e.visible.includes(i))) expect(text).not.toContain(id);
      sawWithheld ||= e.withheld > 0;
      sawListed ||= e.visible.length > 0;
    }
    expect(sawWithheld).toBe(true);
    expect(sawListed).toBe(true);
  });

  it('flags numerator and denominator per child (a percentage measure)', async () => {
    const code = 'ASSESSMENT_45WD_PCT';
    const res = await t.gql<any>('social-worker', Q, { input: { code, ...YTD } });
    expect(res.errors).toBeUndefined();
    const e = await expected(code, 'social-worker');
    const byChild = new Map<string, { n: boolean; d: boolean }>();
    for (const r of e.rows) {
      if (!r.childId) continue;
      const v = byChild.get(r.childId) ?? { n: false, d: false };
      byChild.set(r.childId, { n: v.n || r.inNumerator, d: v.d || r.inDenominator });
    }
    for (const x of res.data.measureChildren.children) expect([uuid(x.child.id), x.inNumerator, x.inDenominator]).toEqual([uuid(x.child.id), byChild.get(uuid(x.child.id))!.n, byChild.get(uuid(x.child.id))!.d]);
    expect(res.data.measureChildren.children.every((x: any) => x.inDenominator)).toBe(true);
  });

  it('names no one for units that are not about a child (LADO referrals)', async () => {
    const res = await t.gql<any>('cp-chair', Q, { input: { code: 'LADO_THRESHOLD_PCT', ...YTD } });
    expect(res.errors).toBeUndefined();
    expect(res.data.measureChildren.children).toEqual([]);
    expect(res.data.measureChildren.childrenCounted).toBe(0);
    const e = await expected('LADO_THRESHOLD_PCT', 'cp-chair');
    const units = e.rows.filter((r) => r.inNumerator || r.inDenominator).length;
    expect(res.data.measureChildren).toMatchObject({ unitsWithoutChild: shown(units), countsSuppressed: isSmall(units) });
  });

  it('audits the child fields read, through the field guard', async () => {
    const res = await t.gql<any>('team-manager', Q, { input: { code: 'CLA', ...YTD } });
    expect(res.errors).toBeUndefined();
    const listed: string[] = res.data.measureChildren.children.map((x: any) => uuid(x.child.id));
    expect(listed.length).toBeGreaterThan(0);
    // The request's one READ row lists every record it returned.
    const audit = await sql(
      `select r->>'recordId' as record_id, r->'fields' as fields from audit_event a cross join jsonb_array_elements(a.records) r
        where a.action = 'READ' and a.subject = 'la.tm.ben.okafor' and r->>'recordType' = 'Child' and (r->>'recordId')::uuid = any(?::uuid[]) and (r->>'recordId') = any(a.child_ids::text[])`,
      [`{${listed.join(',')}}`],
    );
    expect(new Set(audit.map((a) => String(a.record_id)))).toEqual(new Set(listed));
    expect(audit.every((a) => (a.fields as string[]).includes('familyName'))).toBe(true);
  });

  it('is open only to the roles that manage cases', async () => {
    for (const persona of ['team-manager', 'social-worker', 'cp-chair', 'designated-nurse']) {
      const res = await t.gql<any>(persona, Q, { input: { code: 'CLA', ...YTD } });
      expect({ persona, errors: res.errors }).toEqual({ persona, errors: undefined });
    }
    for (const persona of ['board-analyst', 'bi-service', 'front-door', 'health-visitor', 'police-ppu', 'school-dsl', 'lado', 'dpo', 'admin']) {
      const res = await t.gql<any>(persona, Q, { input: { code: 'CLA', ...YTD } });
      expect({ persona, message: res.errors?.[0]?.message }).toEqual({ persona, message: expect.stringMatching(/measureChildren|MeasureChildrenInput/) });
      expect(res.data?.measureChildren ?? null).toBeNull();
    }
  });

  it('refuses an unknown measure and an unknown area', async () => {
    const bad = await t.gql<any>('team-manager', Q, { input: { code: 'NOPE', ...YTD } });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const area = await t.gql<any>('team-manager', Q, { input: { code: 'CLA', ...YTD, area: 'POLICE-NORTHSHIRE' } });
    expect(area.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('runs for every measure in the catalogue', async () => {
    for (const m of MEASURES) {
      const res = await t.gql<any>('team-manager', Q, { input: { code: m.code, periodType: 'QUARTER', periodEnd: '2026-09-30' } });
      expect({ code: m.code, errors: res.errors }).toEqual({ code: m.code, errors: undefined });
      const out = res.data.measureChildren;
      if (out.childrenWithheld != null) expect(out.children.length + out.childrenWithheld).toBe(out.childrenCounted);
      else expect(out).toMatchObject({ childrenCounted: null, countsSuppressed: true });
    }
  });

  it('withholds counts of 1-4 children outside the caller’s scope, and the total that would give them back', async () => {
    let sawSmall = false;
    for (const m of MEASURES) {
      const e = await expected(m.code, 'designated-nurse', 'QUARTER', '2026-09-30');
      const units = e.rows.filter((r) => !r.childId && (r.inNumerator || r.inDenominator)).length;
      if (!isSmall(e.withheld) && !isSmall(units)) continue;
      sawSmall = true;
      const res = await t.http<any>('designated-nurse', Q, { input: { code: m.code, periodType: 'QUARTER', periodEnd: '2026-09-30' } });
      const out = res.body.data!.measureChildren;
      expect({ code: m.code, ...out, children: out.children.length }).toMatchObject({
        code: m.code,
        countsSuppressed: true,
        childrenWithheld: shown(e.withheld),
        childrenCounted: isSmall(e.withheld) ? null : e.ids.length,
        unitsWithoutChild: shown(units),
        children: e.visible.length,
      });
    }
    expect(sawSmall).toBe(true);
  });

  it('refuses a period end that is not a financial quarter end (daily differencing)', async () => {
    const before = await sql(`select count(*)::int as n from audit_event`, []);
    const res = await t.http<any>('team-manager', Q, { input: { code: 'CLA', periodType: 'QUARTER', periodEnd: '2026-09-29' } });
    expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.body.data?.measureChildren ?? null).toBeNull();
    expect(await sql(`select count(*)::int as n from audit_event`, [])).toEqual(before);
  });
});
