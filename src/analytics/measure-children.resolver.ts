/**
 * Drill-down for practitioners (issue 5 §5): `measureChildren(input)` names the children behind one
 * measure's figure for one period, so a team manager can act on the late reviews or the unseen children
 * on the team's caseload.
 *
 * Only children the caller may see in detail are listed: the unit rows (the same rows the scorecard
 * counts, ./measures.ts) are grouped per child inside `withAllRows`, and the row-scope test
 * (`childVisibleQuery`, src/access/row-scope.ts, the one behind row-level security; the same routes as
 * ctx.access.childDetailVisible) decides, in SQL, which children leave it. Children outside the caller's
 * scope are counted, never named: the response says how many were withheld (a count of 1-4 is itself
 * withheld, DISCLOSURE_POLICY['measureChildren.counts']; the listed children are exempt as direct care,
 * DISCLOSURE_POLICY['measureChildren.children'], ./disclosure.ts). The listed children are
 * ordinary `Child` objects, so the normal field guards apply and every field read is audited by them.
 * The root field is limited in ROOT_FIELD_ROLES (src/access/write-tiers.ts) to the roles that manage cases.
 */
import { Arg, Ctx, InputType, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Classification as C } from '../access/classification';
import { Expose } from '../access/expose';
import { childVisibleQuery } from '../access/row-scope';
import { Child } from '../modules/people/child.entity';
import type { HubContext } from '../server/context';
import { HubError } from '../server/graphql/errors';
import { measureByCode, MEASURES, PeriodBasis } from './measures';
import { PeriodType, periodEnding } from './periods';
import { areaId, UnknownAreaError, type Sql } from './scorecard';
import { assertReleasePeriodEnd } from './disclosure';
import { isSmall } from './rag';
import { FilterField, reads, readsNothing } from '../access/input-declarations';

@InputType({ description: 'Which measure, period and area to list the children of.' })
export class MeasureChildrenInput {
  @FilterField(reads(() => MeasureChildren, 'code'), () => String, { description: 'Measure code (see docs/measures.md).' })
  code!: string;
  @FilterField(reads(() => MeasureChildren, 'periodLabel'), () => PeriodType, { description: 'Kind of period.' })
  periodType!: PeriodType;
  @FilterField(reads(() => MeasureChildren, 'periodEnd'), () => GraphQLLocalDate, { description: 'Last day of the period (included): a financial quarter end.' })
  periodEnd!: string;
  @FilterField(readsNothing('a partnership area (reference data); the children listed stay within your row scope'), () => String, { defaultValue: 'LA-NORTHSHIRE', description: 'Agency code of the local authority the scorecard is for.' })
  area!: string;
}

@ObjectType({ description: 'A child counted by a measure, and where: numerator, denominator or both.' })
export class MeasureChild {
  @Expose(C.IDENTITY, () => Child, { description: 'The child (normal field guards apply to its fields).' })
  child!: Child;
  @Expose(C.SUMMARY, { description: 'At least one of the child’s units is in the numerator (e.g. the late review, the child seen in time).' })
  inNumerator!: boolean;
  @Expose(C.SUMMARY, { description: 'At least one of the child’s units is in the denominator (false for counts and rates).' })
  inDenominator!: boolean;
}

@ObjectType({ description: 'The children behind one measure for one period that the caller may see in detail; the others are counted, not named.' })
export class MeasureChildren {
  @Expose(C.SUMMARY, { description: 'Measure code.' })
  code!: string;
  @Expose(C.SUMMARY, { description: 'Measure name.' })
  name!: string;
  @Expose(C.SUMMARY, () => GraphQLLocalDate, { description: 'First day of the period (included); the period end for snapshot measures.' })
  periodStart!: string;
  @Expose(C.SUMMARY, () => GraphQLLocalDate, { description: 'Last day of the period (included).' })
  periodEnd!: string;
  @Expose(C.SUMMARY, { description: 'Label of the period, e.g. "Q2 2026-27".' })
  periodLabel!: string;
  @Expose(C.SUMMARY, () => Int, { nullable: true, description: 'Distinct children the measure counts in the period (numerator or denominator); null when childrenWithheld is withheld (it would give it back).' })
  childrenCounted!: number | null;
  @Expose(C.SUMMARY, () => Int, { nullable: true, description: 'Of those, children not listed because the caller’s agency is not involved with them (no involvement, ownership or break-glass grant); null when 1-4 (small-number suppression).' })
  childrenWithheld!: number | null;
  @Expose(C.SUMMARY, () => Int, { nullable: true, description: 'Units not about one child (e.g. LADO referrals), never listed; null when 1-4 (small-number suppression).' })
  unitsWithoutChild!: number | null;
  @Expose(C.SUMMARY, { description: 'True when a count above is withheld because it is between 1 and 4.' })
  countsSuppressed!: boolean;
  @Expose(C.SUMMARY, () => [MeasureChild], { description: 'The children the caller may see in detail, by family name.' })
  children!: MeasureChild[];
}

const badInput = (message: string) => new HubError('BAD_USER_INPUT', message);

/**
 * The measure's unit rows grouped per child, with the caller's visibility decided in SQL: only visible
 * children's ids come back; the others are only counted.
 */
export async function measureChildRows(
  sql: Sql,
  code: string,
  period: { start: string; end: string },
  area: string,
  caller: { agencyId: string; subject: string },
): Promise<{ visible: { childId: string; inNumerator: boolean; inDenominator: boolean }[]; counted: number; withheld: number; withoutChild: number }> {
  const measure = measureByCode(code)!;
  const start = measure.periodBasis === PeriodBasis.SNAPSHOT_AT_PERIOD_END ? period.end : period.start;
  const visible = childVisibleQuery('u.child_id', caller);
  const rows = await sql(
    `with hub_period (period_start, period_end, area_id) as (values (cast(? as date), cast(? as date), cast(? as uuid))),
          u as (select x.child_id, coalesce(x.in_num, false) as in_num, coalesce(x.in_den, false) as in_den
                  from hub_period cross join lateral (${measure.rows({ start: 'hub_period.period_start', end: 'hub_period.period_end', area: 'hub_period.area_id' })}) x),
          c as (select u.child_id, bool_or(u.in_num) as in_num, bool_or(u.in_den) as in_den,
                       ${visible.sql} as visible
                  from u where u.child_id is not null and (u.in_num or u.in_den) group by u.child_id)
     select 'child' as kind, c.child_id, c.in_num, c.in_den, null::bigint as n from c where c.visible
     union all select 'counted', null, null, null, count(*) from c
     union all select 'withheld', null, null, null, count(*) from c where not c.visible
     union all select 'without_child', null, null, null, count(*) from u where u.child_id is null and (u.in_num or u.in_den)`,
    [start, period.end, area, ...visible.params],
  );
  const n = (kind: string) => Number(rows.find((r) => r.kind === kind)?.n ?? 0);
  return {
    visible: rows.filter((r) => r.kind === 'child').map((r) => ({ childId: String(r.child_id), inNumerator: !!r.in_num, inDenominator: !!r.in_den })),
    counted: n('counted'),
    withheld: n('withheld'),
    withoutChild: n('without_child'),
  };
}

@Resolver()
export class MeasureChildrenResolver {
  @Query(() => MeasureChildren, {
    description:
      'Drill-down for practitioners: the named children in one measure’s numerator and denominator for one period, limited to children your agency may see in detail (involvement, ownership or break-glass). The others are counted in childrenWithheld, never named.',
  })
  async measureChildren(@Arg('input', () => MeasureChildrenInput, { description: 'Measure, period and area.' }) input: MeasureChildrenInput, @Ctx() ctx: HubContext): Promise<MeasureChildren> {
    const y = Number(input.periodEnd.slice(0, 4));
    if (!(y >= 2012 && y <= 2030)) throw badInput('periodEnd must fall in 2012-2030 (working days are counted over 2010-2030).');
    assertReleasePeriodEnd(input.periodEnd);
    const measure = measureByCode(input.code);
    if (!measure) throw badInput(`Unknown measure ${JSON.stringify(input.code)}; known: ${MEASURES.map((m) => m.code).join(', ')}.`);
    const period = periodEnding(input.periodType, input.periodEnd);
    // Only the ids of children the caller may see leave the all-rows block, with counts of the rest.
    const found = await ctx.tx.withAllRows(async (em) => {
      const sql: Sql = (q, params) => em.execute(q, params) as Promise<Record<string, unknown>[]>;
      let area: string;
      try {
        area = await areaId(sql, input.area);
      } catch (e) {
        if (e instanceof UnknownAreaError) throw badInput(e.message);
        throw e;
      }
      return measureChildRows(sql, measure.code, period, area, { agencyId: ctx.agencyId, subject: ctx.principal.subject });
    });
    const flags = new Map(found.visible.map((v) => [v.childId, v]));
    // Counts of children outside the caller's scope are aggregates: 1-4 is withheld, and the total with it.
    const withheldSmall = isSmall(found.withheld);
    const unitsSmall = isSmall(found.withoutChild);
    const children = flags.size ? await ctx.em.find(Child, { id: { $in: [...flags.keys()] } }, { orderBy: { familyName: 'asc', givenName: 'asc', id: 'asc' } }) : [];
    return {
      code: measure.code,
      name: measure.name,
      periodStart: measure.periodBasis === PeriodBasis.SNAPSHOT_AT_PERIOD_END ? period.end : period.start,
      periodEnd: period.end,
      periodLabel: period.label,
      childrenCounted: withheldSmall ? null : found.counted,
      childrenWithheld: withheldSmall ? null : found.withheld,
      unitsWithoutChild: unitsSmall ? null : found.withoutChild,
      countsSuppressed: withheldSmall || unitsSmall,
      children: children.map((child) => ({ child, inNumerator: flags.get(child.id)!.inNumerator, inDenominator: flags.get(child.id)!.inDenominator })),
    };
  }
}
