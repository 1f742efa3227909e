import { Int, ObjectType, registerEnumType } from 'type-graphql';
import { Classification } from '../access/classification';
import { Expose } from '../access/expose';
import { TimescaleLatenessUnit, TimescaleStatus, type TimescaleResult } from './evaluate';
import { TIMESCALE_RULES, TimescaleRuleCode } from './rules';

registerEnumType(TimescaleRuleCode, {
  name: 'TimescaleRuleCode',
  description: 'A statutory or local due-date rule (docs/timescales.md lists each with its source).',
  valuesConfig: Object.fromEntries(
    TIMESCALE_RULES.map((r) => [r.code, { description: `${r.name}: ${r.limit} from ${r.measuredFrom.charAt(0).toLowerCase()}${r.measuredFrom.slice(1)} [${r.source.basis}].` }]),
  ),
});

registerEnumType(TimescaleStatus, {
  name: 'TimescaleStatus',
  description: 'Where a timescale stands.',
  valuesConfig: {
    ON_TIME: { description: 'Done within the timescale.' },
    LATE: { description: 'Done, but after the due date.' },
    OVERDUE: { description: 'Not done, and the due date has passed.' },
    PENDING: { description: 'Not done, and still within the timescale.' },
  },
});

registerEnumType(TimescaleLatenessUnit, {
  name: 'TimescaleLatenessUnit',
  description: 'Unit of `Timescale.daysLate`.',
  valuesConfig: {
    WORKING_DAYS: { description: 'Working days (weekdays that are not England and Wales bank holidays) after the due date.' },
    CALENDAR_DAYS: { description: 'Calendar days after the due date (for hour rules: started 24-hour periods after the due time).' },
  },
});

/** A computed timescale on a record: GraphQL object `Timescale` (built from `evaluate`). */
@ObjectType('Timescale', { description: 'A statutory or local timescale computed for a record: when it is due and whether it was met.' })
export class Timescale {
  @Expose(Classification.SUMMARY, () => TimescaleRuleCode, { description: 'The rule that sets this timescale.' })
  rule!: TimescaleRuleCode;

  @Expose(Classification.SUMMARY, () => String, {
    description:
      'When the action is due, as an ISO 8601 string: a calendar date YYYY-MM-DD for working-day, calendar-day and month rules; a UTC timestamp for hour rules (e.g. a return home interview).',
  })
  dueBy!: string;

  @Expose(Classification.SUMMARY, () => Boolean, { description: 'True when the action is still outstanding and the due date has passed (status OVERDUE).' })
  isOverdue!: boolean;

  @Expose(Classification.SUMMARY, () => Int, {
    nullable: true,
    description: 'How late, in `latenessUnit`: for LATE, at completion; for OVERDUE, as at now. Null when ON_TIME or PENDING.',
  })
  daysLate!: number | null;

  @Expose(Classification.SUMMARY, () => TimescaleLatenessUnit, { description: 'Unit of daysLate: working days for working-day rules, otherwise calendar days.' })
  latenessUnit!: TimescaleLatenessUnit;

  @Expose(Classification.SUMMARY, () => TimescaleStatus, { description: 'ON_TIME, LATE, OVERDUE or PENDING.' })
  status!: TimescaleStatus;

  static from(result: TimescaleResult): Timescale {
    return Object.assign(new Timescale(), result);
  }
}
