/**
 * THE statutory (and local) due-date rules, in one table. Every `dueBy` in the hub comes from here.
 *
 * Figures are taken from the statutory guidance as summarised in the partnership's standards notes, §0 ("Headline:
 * statutory timescales"); each rule quotes the row it comes from in `source.standardsNote`. Rules
 * marked basis `Local` take their duration from `TimescaleConfig` (defaults below), so an area can
 * set its own figure without touching the statutory rules, which are code and cannot be overridden.
 *
 * Counting: the event day is day 0. "15 working days from the strategy discussion" is the 15th
 * working day after the day of the discussion (./working-days.ts). Month rules use the same day of
 * the month, clamped to a shorter month's last day, with no weekend adjustment. Hour rules are exact
 * elapsed time from the instant of the event.
 */
import {
  addCalendarDays,
  addHours,
  addMonths,
  addWorkingDays,
  ageInYears,
  asCalendarDate,
  InvalidDateError,
  toInstant,
} from './working-days';

/** Codes of the due-date rules (GraphQL enum `TimescaleRuleCode`). */
export enum TimescaleRuleCode {
  REFERRAL_DECISION = 'REFERRAL_DECISION',
  ASSESSMENT = 'ASSESSMENT',
  ICPC = 'ICPC',
  FIRST_CORE_GROUP = 'FIRST_CORE_GROUP',
  FIRST_REVIEW_CONFERENCE = 'FIRST_REVIEW_CONFERENCE',
  SUBSEQUENT_REVIEW_CONFERENCE = 'SUBSEQUENT_REVIEW_CONFERENCE',
  CP_VISIT = 'CP_VISIT',
  CARE_REVIEW_FIRST = 'CARE_REVIEW_FIRST',
  CARE_REVIEW_SECOND = 'CARE_REVIEW_SECOND',
  CARE_REVIEW_SUBSEQUENT = 'CARE_REVIEW_SUBSEQUENT',
  IHA_REQUEST = 'IHA_REQUEST',
  IHA_COMPLETION = 'IHA_COMPLETION',
  RHA = 'RHA',
  RHI_OFFER = 'RHI_OFFER',
  LADO_STRATEGY_MEETING = 'LADO_STRATEGY_MEETING',
  INVOLVEMENT_DECISION = 'INVOLVEMENT_DECISION',
}

/** Units a timescale is measured in. */
export enum TimescaleUnit {
  WORKING_DAYS = 'WORKING_DAYS',
  CALENDAR_DAYS = 'CALENDAR_DAYS',
  MONTHS = 'MONTHS',
  HOURS = 'HOURS',
}

export interface Duration {
  unit: TimescaleUnit;
  /** A positive whole number of units. */
  amount: number;
}

/** Legal force of the figure, as tagged in the standards notes. */
export type Basis = 'Act' | 'SG' | 'NSG' | 'Local';

export interface TimescaleSource {
  /** Statutory instrument or guidance (with chapter / regulation). */
  guidance: string;
  basis: Basis;
  /** The row of the standards notes (uk-safeguarding-standards.md §0) this figure comes from, quoted. */
  standardsNote: string;
}

/** Local variations. Only rules with basis `Local` read this; statutory figures are not configurable. */
export interface TimescaleConfig {
  /** CP statutory home visit frequency, from the plan start / previous visit. Default every 10 working days. */
  cpVisitInterval: Duration;
  /** LA asks health for the initial health assessment, from the day the child became looked after. Default 2 working days. */
  ihaRequest: Duration;
  /** LADO strategy meeting, from the LADO referral. Default 5 working days. */
  ladoStrategyMeeting: Duration;
  /** The lead agency decides a partner's request to be involved with a child, from the request. Default 1 working day. */
  involvementDecision: Duration;
}

const wd = (amount: number): Duration => ({ unit: TimescaleUnit.WORKING_DAYS, amount });
const months = (amount: number): Duration => ({ unit: TimescaleUnit.MONTHS, amount });
const hours = (amount: number): Duration => ({ unit: TimescaleUnit.HOURS, amount });

export const DEFAULT_TIMESCALE_CONFIG: Readonly<TimescaleConfig> = Object.freeze({
  cpVisitInterval: wd(10),
  ihaRequest: wd(2),
  ladoStrategyMeeting: wd(5),
  involvementDecision: wd(1),
});

/** Returns a complete, validated config: the defaults with the given local variations applied. */
export function defineTimescaleConfig(overrides: Partial<TimescaleConfig> = {}): TimescaleConfig {
  const config: TimescaleConfig = { ...DEFAULT_TIMESCALE_CONFIG, ...overrides };
  for (const [key, d] of Object.entries(config) as [keyof TimescaleConfig, Duration][]) {
    if (!d || !Object.values(TimescaleUnit).includes(d.unit) || !Number.isInteger(d.amount) || d.amount < 1) {
      throw new RangeError(`TimescaleConfig.${key}: expected { unit: ${Object.values(TimescaleUnit).join('|')}, amount: positive integer }, got ${JSON.stringify(d)}`);
    }
  }
  return config;
}

/** Facts some rules need besides the start event. */
export interface RuleContext {
  /** Child's date of birth (YYYY-MM-DD): RHA frequency depends on age at the last assessment. */
  dateOfBirth?: string;
}

export interface TimescaleRule {
  code: TimescaleRuleCode;
  name: string;
  /** The event the clock starts at (day 0). */
  measuredFrom: string;
  /** Human wording of the limit, for the docs table. */
  limit: string;
  /** Present for `Local` rules: the TimescaleConfig key holding the duration. */
  configKey?: keyof TimescaleConfig;
  /** True when the clock runs on instants (timestamps), false for calendar dates. */
  usesInstants: boolean;
  source: TimescaleSource;
  notes: string;
  /** The duration that applies to a clock started at `from`, given context and config. */
  durationFor(from: string | Date, context: RuleContext, config: TimescaleConfig): Duration;
  /**
   * The due date: `YYYY-MM-DD` for day and month rules (a timestamp `from` is first turned into its
   * date in England), or an ISO UTC timestamp for hour rules.
   */
  dueBy(from: string | Date, context?: RuleContext, config?: TimescaleConfig): string;
}

/** Applies a duration to a start: ISO date (or instant for hours) in, ISO string out. */
export function applyDuration(from: string | Date, d: Duration): string {
  switch (d.unit) {
    case TimescaleUnit.WORKING_DAYS:
      return addWorkingDays(asCalendarDate(from), d.amount);
    case TimescaleUnit.CALENDAR_DAYS:
      return addCalendarDays(asCalendarDate(from), d.amount);
    case TimescaleUnit.MONTHS:
      return addMonths(asCalendarDate(from), d.amount);
    case TimescaleUnit.HOURS:
      if (typeof from === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(from)) {
        throw new InvalidDateError(from, 'a timestamp with offset (an hour rule needs the time of the event, not only its date)');
      }
      return addHours(toInstant(from), d.amount).toISOString();
  }
}

const UNIT_WORDS: Record<TimescaleUnit, [string, string]> = {
  WORKING_DAYS: ['working day', 'working days'],
  CALENDAR_DAYS: ['calendar day', 'calendar days'],
  MONTHS: ['month', 'months'],
  HOURS: ['hour', 'hours'],
};

/** "15 working days", "3 months", "72 hours". */
export function describeDuration(d: Duration): string {
  return `${d.amount} ${UNIT_WORDS[d.unit][d.amount === 1 ? 0 : 1]}`;
}

type RuleSpec = Omit<TimescaleRule, 'durationFor' | 'dueBy' | 'limit' | 'usesInstants'> & {
  /** Fixed statutory duration, or a function for rules that depend on context/config. */
  duration: Duration | ((from: string | Date, context: RuleContext, config: TimescaleConfig) => Duration);
  limit?: string;
};

function rule(spec: RuleSpec): TimescaleRule {
  const { duration, ...rest } = spec;
  const durationFor = typeof duration === 'function' ? duration : () => duration;
  const sample = durationFor('2020-01-01T00:00:00Z', { dateOfBirth: '2000-01-01' }, DEFAULT_TIMESCALE_CONFIG);
  return {
    ...rest,
    limit:
      spec.limit ??
      (spec.configKey ? `${describeDuration(sample)} (default; local config \`${spec.configKey}\`)` : describeDuration(sample)),
    usesInstants: sample.unit === TimescaleUnit.HOURS,
    durationFor,
    dueBy(from, context = {}, config = DEFAULT_TIMESCALE_CONFIG) {
      return applyDuration(from, durationFor(from, context, config));
    },
  };
}

const WT2023_CH3 = 'Working Together to Safeguard Children 2023 (DfE statutory guidance), chapter 3 "Providing help, support and protection"';
const CPPCR_REGS = 'Care Planning, Placement and Case Review (England) Regulations 2010 (SI 2010/959)';

/** The rule table, in the order a child's record meets them. */
export const TIMESCALE_RULES: readonly TimescaleRule[] = Object.freeze([
  rule({
    code: TimescaleRuleCode.REFERRAL_DECISION,
    name: 'Decision on a referral',
    measuredFrom: 'Referral received by children’s social care',
    duration: wd(1),
    source: {
      guidance: WT2023_CH3,
      basis: 'SG',
      standardsNote: '§0 row 1: "Decision on a referral (acknowledge to referrer + decide next steps) | Referral received | 1 WD | WT 2018/2023 [SG]"',
    },
    notes: 'Decision types: NFA, signpost, early help, C&F assessment (s17), strategy discussion (s47), immediate protection.',
  }),
  rule({
    code: TimescaleRuleCode.ASSESSMENT,
    name: 'Child and family assessment',
    measuredFrom: 'Referral date (not the date the referral was accepted)',
    duration: wd(45),
    source: {
      guidance: WT2023_CH3,
      basis: 'SG',
      standardsNote: '§0 row 2: "Child & family assessment (single assessment; since WT 2013) | Referral date (not the acceptance date) | ≤ 45 WD | WT [SG]"',
    },
    notes: 'If exceeded, the reasons must be recorded. CIN census: AssessmentActualStartDate, AssessmentAuthorisationDate.',
  }),
  rule({
    code: TimescaleRuleCode.ICPC,
    name: 'Initial child protection conference',
    measuredFrom: 'The strategy discussion at which the section 47 enquiry was initiated',
    duration: wd(15),
    source: {
      guidance: WT2023_CH3,
      basis: 'SG',
      standardsNote: '§0 row 5: "Initial child protection conference (ICPC) | Strategy discussion at which the s47 was initiated, if more than one was held | ≤ 15 WD | WT [SG]"',
    },
    notes:
      'Measure from the discussion that initiated the s47, not the last one (some manuals differ). DfE statistics measure S47ActualStartDate to DateOfInitialCPC.',
  }),
  rule({
    code: TimescaleRuleCode.FIRST_CORE_GROUP,
    name: 'First core group meeting',
    measuredFrom: 'Initial child protection conference',
    duration: wd(10),
    source: { guidance: WT2023_CH3, basis: 'SG', standardsNote: '§0 row 6: "First core group | ICPC date | ≤ 10 WD | WT [SG]"' },
    notes: 'Later core groups follow local frequency (monthly / 4-weekly / 6-weekly).',
  }),
  rule({
    code: TimescaleRuleCode.FIRST_REVIEW_CONFERENCE,
    name: 'First review child protection conference',
    measuredFrom: 'Initial child protection conference',
    duration: months(3),
    source: { guidance: WT2023_CH3, basis: 'SG', standardsNote: '§0 row 7: "First review CP conference (RCPC) | ICPC date | ≤ 3 months | WT [SG]"' },
    notes: 'Calendar months, clamped to month end (30 Nov + 3 months = 28/29 Feb); no weekend adjustment.',
  }),
  rule({
    code: TimescaleRuleCode.SUBSEQUENT_REVIEW_CONFERENCE,
    name: 'Subsequent review child protection conference',
    measuredFrom: 'Previous review child protection conference',
    duration: months(6),
    source: { guidance: WT2023_CH3, basis: 'SG', standardsNote: '§0 row 8: "Subsequent RCPCs | Previous RCPC | ≤ 6 months | WT [SG]"' },
    notes: 'CIN census CPPreviewDate.',
  }),
  rule({
    code: TimescaleRuleCode.CP_VISIT,
    name: 'Child protection statutory visit',
    measuredFrom: 'Child protection plan start, then the previous visit',
    configKey: 'cpVisitInterval',
    duration: (_from, _ctx, config) => config.cpVisitInterval,
    source: {
      guidance: 'Local child protection procedures (frequency set in the plan / by the conference chair)',
      basis: 'Local',
      standardsNote:
        '§0 row 9: "CP statutory home visits | CP plan start | Not nationally prescribed | [Local] | Seen: every 10 WD (Camden, Liverpool, Central Beds), 15 WD (Wirral), 2 weeks (Walsall), 4 weeks (Bolton/Southwark minimum)"',
    },
    notes: 'Configurable: e.g. { unit: CALENDAR_DAYS, amount: 14 } for "every 2 weeks". Record seen and seen alone.',
  }),
  rule({
    code: TimescaleRuleCode.CARE_REVIEW_FIRST,
    name: 'First looked-after child review',
    measuredFrom: 'Date the child became looked after',
    duration: wd(20),
    source: {
      guidance: `${CPPCR_REGS}, regulation 33`,
      basis: 'Act',
      standardsNote: '§0 row 10: "Looked-after child (LAC) review | Date became looked after | 1st ≤ 20 WD; 2nd ≤ 3 months after 1st; then ≤ 6-monthly | Regs 2010 reg 33 [Act]"',
    },
    notes: '',
  }),
  rule({
    code: TimescaleRuleCode.CARE_REVIEW_SECOND,
    name: 'Second looked-after child review',
    measuredFrom: 'First looked-after child review (date held)',
    duration: months(3),
    source: {
      guidance: `${CPPCR_REGS}, regulation 33`,
      basis: 'Act',
      standardsNote: '§0 row 10: "… 2nd ≤ 3 months after 1st …" (Regs 2010 reg 33 [Act])',
    },
    notes: '',
  }),
  rule({
    code: TimescaleRuleCode.CARE_REVIEW_SUBSEQUENT,
    name: 'Subsequent looked-after child review',
    measuredFrom: 'Previous looked-after child review (date held)',
    duration: months(6),
    source: {
      guidance: `${CPPCR_REGS}, regulation 33`,
      basis: 'Act',
      standardsNote: '§0 row 10: "… then ≤ 6-monthly" (Regs 2010 reg 33 [Act])',
    },
    notes: '',
  }),
  rule({
    code: TimescaleRuleCode.IHA_REQUEST,
    name: 'Initial health assessment requested from health',
    measuredFrom: 'Date the child became looked after',
    configKey: 'ihaRequest',
    duration: (_from, _ctx, config) => config.ihaRequest,
    source: {
      guidance: 'Local LA/health protocol (the statutory duty is only that the IHA is done before the first review)',
      basis: 'Local',
      standardsNote:
        '§2: "Notification timing: local protocols add that the LA tells health within a few days of a child becoming looked after, and some run 28-day IHA targets (e.g. Thurrock). [Local]"',
    },
    notes:
      'The 2 working-day default is the common local figure, not a national one (the standards notes give no number): confirm with the area. Late notification is why IHAs miss the 20-WD limit.',
  }),
  rule({
    code: TimescaleRuleCode.IHA_COMPLETION,
    name: 'Initial health assessment completed',
    measuredFrom: 'Date the child became looked after',
    duration: wd(20),
    source: {
      guidance: `${CPPCR_REGS}, regulation 7; Promoting the health and wellbeing of looked-after children (DfE/DHSC statutory guidance, 2015, updated 2022)`,
      basis: 'Act',
      standardsNote:
        '§0 row 11: "Initial health assessment (IHA), LAC | Becoming looked after | Before first placement or, if not practicable, before the first review (i.e. in effect ≤ 20 WD) | Regs 2010 reg 7 [Act] + Promoting the health and wellbeing of looked-after children [SG]"',
    },
    notes: 'Done by a registered medical practitioner. Aligned with CARE_REVIEW_FIRST (20 WD).',
  }),
  rule({
    code: TimescaleRuleCode.RHA,
    name: 'Review health assessment',
    measuredFrom: 'Previous health assessment (initial or review)',
    duration: (from, ctx) => {
      if (!ctx.dateOfBirth) throw new TypeError('RHA needs context.dateOfBirth: the frequency depends on the child’s age at the previous assessment.');
      return months(ageInYears(ctx.dateOfBirth, asCalendarDate(from)) < 5 ? 6 : 12);
    },
    limit: '6 months if under 5 at the previous assessment, otherwise 12 months',
    source: {
      guidance: `${CPPCR_REGS}, regulation 7; Promoting the health and wellbeing of looked-after children`,
      basis: 'Act',
      standardsNote: '§0 row 12: "Review health assessment (RHA) | Previous assessment | ≤ 6 months under 5; ≤ 12 months aged 5+ | Regs 2010 reg 7 [Act] / SG"',
    },
    notes: 'Age is taken on the day of the previous assessment. May be done by a registered nurse or midwife under medical supervision.',
  }),
  rule({
    code: TimescaleRuleCode.RHI_OFFER,
    name: 'Return home interview offered',
    measuredFrom: 'Time the child was found or returned (instant)',
    duration: hours(72),
    source: {
      guidance: 'Children who run away or go missing from home or care (DfE statutory guidance, January 2014)',
      basis: 'SG',
      standardsNote: '§0 row 15: "Return home interview (RHI) after a missing episode | Child found / returns | Offered; within 72 hours | DfE Children who run away or go missing from home or care (Jan 2014) [SG]"',
    },
    notes: 'Exact elapsed time: across a clock change the wall-clock time of the deadline moves by an hour. Record offered / accepted / declined separately.',
  }),
  rule({
    code: TimescaleRuleCode.LADO_STRATEGY_MEETING,
    name: 'LADO allegation strategy meeting',
    measuredFrom: 'Referral of the allegation to the LADO',
    configKey: 'ladoStrategyMeeting',
    duration: (_from, _ctx, config) => config.ladoStrategyMeeting,
    source: {
      guidance: 'Local allegations-management procedure (Working Together 2023 chapter 4 "Organisational responsibilities" and KCSIE Part 4 set the process, not a number)',
      basis: 'Local',
      standardsNote: 'Not in the standards notes: no national figure was found. [verify] the area’s procedure.',
    },
    notes: 'Default 5 working days; configurable.',
  }),
  rule({
    code: TimescaleRuleCode.INVOLVEMENT_DECISION,
    name: "Partner's request for involvement decided",
    measuredFrom: 'Time the partner agency asked to be involved with the child',
    configKey: 'involvementDecision',
    duration: (_from, _ctx, config) => config.involvementDecision,
    source: {
      guidance: 'Local partnership protocol (no national timescale)',
      basis: 'Local',
      standardsNote: '§0 row 1, by analogy: "Decision on a referral (acknowledge to referrer + decide next steps) | Referral received | **1 WD** | WT 2018/2023 [SG]"',
    },
    notes: 'No national figure: the hub defaults to the 1 working day Working Together gives a referral decision, since a partner asking to be involved is asking the lead agency to decide about its work with the child. Confirm with the area.',
  }),
]);

const BY_CODE: ReadonlyMap<TimescaleRuleCode, TimescaleRule> = new Map(TIMESCALE_RULES.map((r) => [r.code, r]));

/** The rule for a code; throws for an unknown code. */
export function timescaleRule(code: TimescaleRuleCode | `${TimescaleRuleCode}`): TimescaleRule {
  const found = BY_CODE.get(code as TimescaleRuleCode);
  if (!found) throw new RangeError(`Unknown timescale rule ${JSON.stringify(code)}; known: ${[...BY_CODE.keys()].join(', ')}`);
  return found;
}
