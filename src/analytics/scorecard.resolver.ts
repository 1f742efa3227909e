/**
 * GraphQL for the partnership scorecard: `scorecard(input)` and the analysts' drill-down
 * `measureRecords(input)`. Every output field is AGGREGATE (analysts read only AGGREGATE and PUBLIC);
 * the root fields are further limited to named roles in ROOT_FIELD_ROLES (src/access/write-tiers.ts).
 */
import { Arg, Ctx, InputType, Int, ObjectType, Query, registerEnumType, Resolver } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Classification as C } from '../access/classification';
import { Expose } from '../access/expose';
import type { HubContext } from '../server/context';
import { HubError } from '../server/graphql/errors';
import { currentSealer } from '../server/secrets';
import { assertReleasePeriodEnd, DisclosureControl, DISCLOSURE_POLICY, releaseLabel, releasePseudonym, suppressedError, type Release } from './disclosure';
import { MeasureUnit, PeriodBasis, Polarity, measureByCode, MEASURES } from './measures';
import { PeriodType, periodEnding } from './periods';
import { DirectionOfTravel, Rag, SUPPRESSION_REASON_TEXT, SUPPRESSION_RULE, SuppressionReason, TargetKind } from './rag';
import { areaId, computeScorecard, loadPopulation, measureCells, UnknownAreaError, type MeasureResult, type Sql, type TrendPoint } from './scorecard';
import { measureRecordRows } from './drilldown';
import { AuditAction } from '../audit/audit-event.entity';
import { FilterField, reads } from '../access/input-declarations';

registerEnumType(PeriodType, {
  name: 'ScorecardPeriodType',
  description: 'Kind of reporting period (financial years start on 1 April).',
  valuesConfig: {
    QUARTER: { description: 'The financial quarter containing the period end, up to the period end.' },
    FINANCIAL_YEAR_TO_DATE: { description: 'From 1 April of the financial year containing the period end, to the period end.' },
    ROLLING_12_MONTHS: { description: 'The 12 months ending on the period end.' },
  },
});
registerEnumType(MeasureUnit, {
  name: 'MeasureUnit',
  description: 'Unit of a measure’s value.',
  valuesConfig: {
    COUNT: { description: 'A number of units or children.' },
    PERCENT: { description: 'Numerator ÷ denominator × 100, one decimal place.' },
    RATE_PER_10000: { description: 'Per 10,000 children aged 0-17 (reference population), one decimal place.' },
    DAYS: { description: 'Average days, one decimal place.' },
  },
});
registerEnumType(Polarity, {
  name: 'MeasurePolarity',
  description: 'Whether a higher or lower value is better.',
  valuesConfig: {
    HIGH_IS_GOOD: { description: 'Higher is better.' },
    LOW_IS_GOOD: { description: 'Lower is better.' },
    NEUTRAL: { description: 'Neither direction is better in itself.' },
  },
});
registerEnumType(PeriodBasis, {
  name: 'MeasurePeriodBasis',
  description: 'How a measure relates to the period.',
  valuesConfig: {
    IN_PERIOD: { description: 'Counts events in the period.' },
    SNAPSHOT_AT_PERIOD_END: { description: 'Counts what is open on the last day of the period.' },
  },
});
registerEnumType(Rag, {
  name: 'Rag',
  description: 'Red / amber / green rating against the target, computed on request from target and polarity (never stored).',
  valuesConfig: {
    RED: { description: 'Outside the target by more than its amber margin.' },
    AMBER: { description: 'Outside the target by no more than its amber margin.' },
    GREEN: { description: 'Meets the target.' },
    NONE: { description: 'No target, no value, or a single-value target on a neutral measure.' },
  },
});
registerEnumType(DirectionOfTravel, {
  name: 'DirectionOfTravel',
  description: 'Change from the previous period.',
  valuesConfig: {
    IMPROVING: { description: 'Moved in the good direction.' },
    WORSENING: { description: 'Moved in the bad direction.' },
    SAME: { description: 'Unchanged.' },
    UP: { description: 'Higher (neutral measure).' },
    DOWN: { description: 'Lower (neutral measure).' },
    UNKNOWN: { description: 'No previous value, or one of the two is withheld.' },
  },
});
registerEnumType(TargetKind, {
  name: 'TargetKind',
  description: 'Shape of a target.',
  valuesConfig: {
    VALUE: { description: 'A single figure; polarity says which side is good.' },
    RANGE: { description: 'Green inside [low, high].' },
    BOUND: { description: 'Green when the value is on the right side of the bound (operator).' },
  },
});
registerEnumType(SuppressionReason, {
  name: 'SuppressionReason',
  description: 'Why figures were withheld (small-number suppression; see docs/measures.md).',
  valuesConfig: {
    SMALL_DENOMINATOR: { description: SUPPRESSION_REASON_TEXT.SMALL_DENOMINATOR },
    SMALL_NUMERATOR: { description: SUPPRESSION_REASON_TEXT.SMALL_NUMERATOR },
    SMALL_COMPLEMENT: { description: SUPPRESSION_REASON_TEXT.SMALL_COMPLEMENT },
    SECONDARY_PERIOD: { description: SUPPRESSION_REASON_TEXT.SECONDARY_PERIOD },
  },
});

@InputType({ description: 'Which scorecard: period type, period end and area.' })
export class ScorecardInput {
  @FilterField(reads(() => Scorecard, 'periodType'), () => PeriodType, { description: 'Kind of period.' })
  periodType!: PeriodType;
  @FilterField(reads(() => Scorecard, 'period'), () => GraphQLLocalDate, { description: 'Last day of the period (included): a financial quarter end (30 June, 30 September, 31 December, 31 March).' })
  periodEnd!: string;
  @FilterField(reads(() => Scorecard, 'area'), () => String, { defaultValue: 'LA-NORTHSHIRE', description: 'Agency code of the local authority the scorecard is for.' })
  area!: string;
}

@InputType({ description: 'Which measure and period to drill into.' })
export class MeasureRecordsInput extends ScorecardInput {
  @FilterField(reads(() => MeasureRecords, 'code'), () => String, { description: 'Measure code (see docs/measures.md).' })
  code!: string;
}

@ObjectType({ description: 'A reporting period.' })
export class ScorecardPeriod {
  @Expose(C.AGGREGATE, () => GraphQLLocalDate, { description: 'First day (included).' })
  start!: string;
  @Expose(C.AGGREGATE, () => GraphQLLocalDate, { description: 'Last day (included).' })
  end!: string;
  @Expose(C.AGGREGATE, { description: 'Label, e.g. "Q2 2026-27".' })
  label!: string;
}

@ObjectType({ description: 'A target: a value, a range or a bound, with its source.' })
export class MeasureTarget {
  @Expose(C.AGGREGATE, () => TargetKind, { description: 'Shape of the target.' })
  kind!: TargetKind;
  @Expose(C.AGGREGATE, () => Number, { nullable: true, description: 'The figure (VALUE) or the bound (BOUND).' })
  value!: number | null;
  @Expose(C.AGGREGATE, () => Number, { nullable: true, description: 'Lower end (RANGE).' })
  low!: number | null;
  @Expose(C.AGGREGATE, () => Number, { nullable: true, description: 'Upper end (RANGE).' })
  high!: number | null;
  @Expose(C.AGGREGATE, () => String, { nullable: true, description: 'LT, LE, GT or GE (BOUND).' })
  boundOperator!: string | null;
  @Expose(C.AGGREGATE, () => Number, { nullable: true, description: 'How far on the wrong side is still AMBER.' })
  amberMargin!: number | null;
  @Expose(C.AGGREGATE, () => GraphQLLocalDate, { description: 'Applies to periods ending on or after this date.' })
  validFrom!: string;
  @Expose(C.AGGREGATE, { description: 'Who set it.' })
  source!: string;
}

@ObjectType({ description: 'A benchmark loaded as reference data, with its own period and source.' })
export class MeasureComparator {
  @Expose(C.AGGREGATE, { description: 'STATISTICAL_NEIGHBOURS or ENGLAND.' })
  comparator!: string;
  @Expose(C.AGGREGATE, { description: 'Period the comparator is for, e.g. "2024-25".' })
  periodLabel!: string;
  @Expose(C.AGGREGATE, () => Number, { description: 'The comparator value, in the measure’s unit.' })
  value!: number;
  @Expose(C.AGGREGATE, { description: 'Publication it comes from.' })
  source!: string;
}

@ObjectType({ description: 'A measure’s figures for one period.' })
export class MeasureTrendPoint {
  @Expose(C.AGGREGATE, () => ScorecardPeriod, { description: 'The period.' })
  period!: ScorecardPeriod;
  @Expose(C.AGGREGATE, () => Int, { nullable: true, description: 'Numerator (null when withheld).' })
  numerator!: number | null;
  @Expose(C.AGGREGATE, () => Int, { nullable: true, description: 'Denominator (null for counts, or when withheld).' })
  denominator!: number | null;
  @Expose(C.AGGREGATE, () => Number, { nullable: true, description: 'Value in the measure’s unit (null when withheld or not computable).' })
  value!: number | null;
  @Expose(C.AGGREGATE, { description: 'True when figures were withheld (small numbers).' })
  suppressed!: boolean;
  @Expose(C.AGGREGATE, () => SuppressionReason, { nullable: true, description: 'Why they were withheld.' })
  suppressionReason!: SuppressionReason | null;
}

@ObjectType({ description: 'One measure of the scorecard: definition, figures, target, RAG, trend and comparators.' })
export class ScorecardMeasure extends MeasureTrendPoint {
  @Expose(C.AGGREGATE, { description: 'Stable code.' })
  code!: string;
  @Expose(C.AGGREGATE, { description: 'Name.' })
  name!: string;
  @Expose(C.AGGREGATE, { description: 'Definition in plain English.' })
  definition!: string;
  @Expose(C.AGGREGATE, { description: 'What the numerator counts.' })
  numeratorDefinition!: string;
  @Expose(C.AGGREGATE, () => String, { nullable: true, description: 'What the denominator counts (null for counts).' })
  denominatorDefinition!: string | null;
  @Expose(C.AGGREGATE, () => MeasureUnit, { description: 'Unit of the value.' })
  unit!: MeasureUnit;
  @Expose(C.AGGREGATE, () => Polarity, { description: 'Which direction is good.' })
  polarity!: Polarity;
  @Expose(C.AGGREGATE, () => PeriodBasis, { description: 'Events in the period, or a snapshot at its end.' })
  periodBasis!: PeriodBasis;
  @Expose(C.AGGREGATE, { description: 'DfE or local source.' })
  source!: string;
  @Expose(C.AGGREGATE, () => MeasureTarget, { nullable: true, description: 'Target in force for the period.' })
  target!: MeasureTarget | null;
  @Expose(C.AGGREGATE, () => Rag, { description: 'RAG against the target (computed, never stored).' })
  rag!: Rag;
  @Expose(C.AGGREGATE, () => DirectionOfTravel, { description: 'Change from the previous period.' })
  directionOfTravel!: DirectionOfTravel;
  @Expose(C.AGGREGATE, () => MeasureTrendPoint, { nullable: true, description: 'The previous period.' })
  previous!: MeasureTrendPoint | null;
  @Expose(C.AGGREGATE, () => [MeasureTrendPoint], { description: 'The last 8 periods, newest first (this one included).' })
  trend!: MeasureTrendPoint[];
  @Expose(C.AGGREGATE, () => [MeasureComparator], { description: 'Statistical neighbours and England.' })
  comparators!: MeasureComparator[];
}

@ObjectType({ description: 'Something withheld, and why.' })
export class SuppressionNote {
  @Expose(C.AGGREGATE, { description: 'Measure code.' })
  measureCode!: string;
  @Expose(C.AGGREGATE, { description: 'Label of the period.' })
  periodLabel!: string;
  @Expose(C.AGGREGATE, () => [String], { description: 'Withheld figures: NUMERATOR, DENOMINATOR, VALUE.' })
  withheld!: string[];
  @Expose(C.AGGREGATE, () => SuppressionReason, { description: 'Reason code.' })
  reason!: SuppressionReason;
  @Expose(C.AGGREGATE, { description: 'Reason in words.' })
  explanation!: string;
}

@ObjectType({ description: 'The partnership scorecard for one period and area.' })
export class Scorecard {
  @Expose(C.AGGREGATE, { description: 'Agency code of the area.' })
  area!: string;
  @Expose(C.AGGREGATE, () => PeriodType, { description: 'Kind of period.' })
  periodType!: PeriodType;
  @Expose(C.AGGREGATE, () => ScorecardPeriod, { description: 'The period.' })
  period!: ScorecardPeriod;
  @Expose(C.AGGREGATE, { description: 'True when small-number suppression applies (always through the API: every caller, whatever its purpose).' })
  suppressionApplied!: boolean;
  @Expose(C.AGGREGATE, { description: 'The suppression rule, in words.' })
  suppressionRule!: string;
  @Expose(C.AGGREGATE, () => [SuppressionNote], { description: 'Everything withheld (this period and trend), and why.' })
  suppressions!: SuppressionNote[];
  @Expose(C.AGGREGATE, () => [ScorecardMeasure], { description: 'The measures, in catalogue order.' })
  measures!: ScorecardMeasure[];
}

@ObjectType({ description: 'One unit counted by a measure, as a pseudonymised key: never a name or an id.' })
export class MeasureRecord {
  @Expose(C.AGGREGATE, { description: 'Keyed pseudonym of the child (or, for units not about one child, of the record), keyed per release (see `release`): the same child has unrelated pseudonyms in two releases.' })
  pseudonym!: string;
  @Expose(C.AGGREGATE, { description: 'Counted in the numerator.' })
  inNumerator!: boolean;
  @Expose(C.AGGREGATE, { description: 'Counted in the denominator.' })
  inDenominator!: boolean;
}

@ObjectType({ description: 'The units behind one measure for one period.' })
export class MeasureRecords {
  @Expose(C.AGGREGATE, { description: 'Measure code.' })
  code!: string;
  @Expose(C.AGGREGATE, () => ScorecardPeriod, { description: 'The period.' })
  period!: ScorecardPeriod;
  @Expose(C.AGGREGATE, { description: 'The release the pseudonyms are keyed for: purpose, measure, area, period type and period. Pseudonyms of two different releases cannot be joined.' })
  release!: string;
  @Expose(C.AGGREGATE, () => [MeasureRecord], { description: 'The units, ordered by pseudonym.' })
  records!: MeasureRecord[];
}

const badInput = (message: string) => new HubError('BAD_USER_INPUT', message);

function point(p: TrendPoint): MeasureTrendPoint {
  return { period: p.period, numerator: p.numerator, denominator: p.denominator, value: p.value, suppressed: p.suppressed, suppressionReason: p.reason };
}

/** The figures a suppressed point withholds (a count has no denominator to withhold). */
function withheld(p: TrendPoint, unitIsCount: boolean): string[] {
  return ['NUMERATOR', ...(!unitIsCount && p.denominator == null ? ['DENOMINATOR'] : []), 'VALUE'];
}

function toGraphQL(m: MeasureResult): ScorecardMeasure {
  const d = m.measure;
  return {
    ...point({ ...m, period: m.period }),
    code: d.code,
    name: d.name,
    definition: d.definition,
    numeratorDefinition: d.numerator,
    denominatorDefinition: d.denominator,
    unit: d.unit,
    polarity: d.polarity,
    periodBasis: d.periodBasis,
    source: `${d.source.kind}: ${d.source.reference}`,
    target: m.target,
    rag: m.rag,
    directionOfTravel: m.direction,
    previous: m.previous ? point(m.previous) : null,
    trend: m.trend.map(point),
    comparators: m.comparators,
  };
}

function checkPeriod(periodEnd: string): void {
  const y = Number(periodEnd.slice(0, 4));
  if (!(y >= 2012 && y <= 2030)) throw badInput('periodEnd must fall in 2012-2030 (the trend reaches two years back and working days are counted over 2010-2030).');
}

@Resolver()
export class ScorecardResolver {
  @Query(() => Scorecard, { description: 'The partnership scorecard: each measure’s figures, target, RAG, direction of travel, trend and comparators. Small numbers are withheld for every caller (docs/measures.md).' })
  async scorecard(@Arg('input', () => ScorecardInput, { description: 'Period and area.' }) input: ScorecardInput, @Ctx() ctx: HubContext): Promise<Scorecard> {
    checkPeriod(input.periodEnd);
    assertReleasePeriodEnd(input.periodEnd);
    const result = await ctx.tx.withAllRows(async (em) => {
      const sql: Sql = (q, params) => em.execute(q, params) as Promise<Record<string, unknown>[]>;
      try {
        return await computeScorecard(sql, {
          periodType: input.periodType,
          periodEnd: input.periodEnd,
          areaCode: input.area,
          // DISCLOSURE_POLICY.scorecard: the figure decides, not the caller or the purpose its token claims.
          suppressSmallNumbers: DISCLOSURE_POLICY.scorecard!.control === DisclosureControl.SUPPRESS,
          // Stored facts where current (src/analytics/facts.ts): the same definitions, counted at write time.
          useFacts: true,
        });
      } catch (e) {
        if (e instanceof UnknownAreaError) throw badInput(e.message);
        throw e;
      }
    });
    const suppressions: SuppressionNote[] = result.measures.flatMap((m) =>
      m.trend
        .filter((p) => p.suppressed)
        .map((p) => ({
          measureCode: m.measure.code,
          periodLabel: p.period.label,
          withheld: withheld(p, m.measure.unit === MeasureUnit.COUNT),
          reason: p.reason!,
          explanation: SUPPRESSION_REASON_TEXT[p.reason!],
        })),
    );
    return {
      area: result.areaCode,
      periodType: result.periodType,
      period: result.period,
      suppressionApplied: result.suppressionApplied,
      suppressionRule: SUPPRESSION_RULE,
      suppressions,
      measures: result.measures.map(toGraphQL),
    };
  }

  @Query(() => MeasureRecords, {
    description:
      'Drill-down for analysts: the pseudonymised units in one measure’s numerator and denominator for one period, keyed for that release. Never names or ids. A cell with any figure withheld is refused (extensions.code SUPPRESSED).',
  })
  async measureRecords(@Arg('input', () => MeasureRecordsInput, { description: 'Measure, period and area.' }) input: MeasureRecordsInput, @Ctx() ctx: HubContext): Promise<MeasureRecords> {
    checkPeriod(input.periodEnd);
    assertReleasePeriodEnd(input.periodEnd);
    const measure = measureByCode(input.code);
    if (!measure) throw badInput(`Unknown measure ${JSON.stringify(input.code)}; known: ${MEASURES.map((m) => m.code).join(', ')}.`);
    const period = periodEnding(input.periodType, input.periodEnd);
    const sealer = currentSealer();
    const release: Release = { purpose: ctx.principal.purpose, measure, area: input.area, periodType: input.periodType, period };
    // Only pseudonyms leave the all-rows block, and only for a cell the scorecard shows in full.
    const records = await ctx.tx.withAllRows(async (em) => {
      const sql: Sql = (q, params) => em.execute(q, params) as Promise<Record<string, unknown>[]>;
      let area: string;
      try {
        area = await areaId(sql, input.area);
      } catch (e) {
        if (e instanceof UnknownAreaError) throw badInput(e.message);
        throw e;
      }
      // DISCLOSURE_POLICY.measureRecords: the same cell, by the same rule, as the scorecard shows.
      const [cell] = await measureCells(sql, measure, [period], area, await loadPopulation(sql, input.area), true);
      if (cell!.suppressed) throw suppressedError(measure.code, period, cell!.reason!);
      const rows = await measureRecordRows(sql, measure, period, area);
      // Pseudonymised, but still an extract about these children: the audit log (DPO only) says whose.
      const childIds = [...new Set(rows.flatMap((r) => (r.childId ? [r.childId] : [])))];
      ctx.audit.record(AuditAction.EXPORT, 'MeasureRecords', null, childIds, [releaseLabel(release)]);
      return rows.map((r) => ({ pseudonym: releasePseudonym(sealer, release, r), inNumerator: r.inNumerator, inDenominator: r.inDenominator }));
    });
    records.sort((a, b) => (a.pseudonym < b.pseudonym ? -1 : a.pseudonym > b.pseudonym ? 1 : 0));
    return { code: measure.code, period, release: releaseLabel(release), records };
  }
}
