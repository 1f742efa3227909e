import { type Ref } from '@mikro-orm/core';
import { Check, Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTime, GraphQLLocalDate } from 'graphql-scalars';
import { Classification } from '../../access/classification';
import { Expose } from '../../access/expose';
import { HubRecord } from '../../db/hub-record';
import { Node } from '../../server/graphql/node';
import { TimescaleRuleCode } from '../../timescales';
import { Agency } from '../agencies/agency.entity';
import { Child } from '../people/child.entity';

/**
 * What a task asks for. A kind named after a timescale rule takes its due date from that rule
 * (src/timescales/rules.ts); the others are due when a practitioner said (a respond-by time, an agreed
 * action's due date).
 */
export enum TaskKind {
  IHA_REQUEST = TimescaleRuleCode.IHA_REQUEST,
  ICPC = TimescaleRuleCode.ICPC,
  FIRST_CORE_GROUP = TimescaleRuleCode.FIRST_CORE_GROUP,
  FIRST_REVIEW_CONFERENCE = TimescaleRuleCode.FIRST_REVIEW_CONFERENCE,
  RHI_OFFER = TimescaleRuleCode.RHI_OFFER,
  IHA_COMPLETION = TimescaleRuleCode.IHA_COMPLETION,
  RHA = TimescaleRuleCode.RHA,
  INVOLVEMENT_DECISION = TimescaleRuleCode.INVOLVEMENT_DECISION,
  OPERATION_ENCOMPASS = 'OPERATION_ENCOMPASS',
  STRATEGY_INVITATION = 'STRATEGY_INVITATION',
  AGREED_ACTION = 'AGREED_ACTION',
}
registerEnumType(TaskKind, {
  name: 'TaskKind',
  description: 'What a task asks the agency to do; each is due by the statutory or local timescale of the same name.',
  valuesConfig: {
    IHA_REQUEST: { description: 'Ask health for the initial health assessment of a child who has become looked after.' },
    ICPC: { description: 'Hold the initial child protection conference for a section 47 enquiry.' },
    FIRST_CORE_GROUP: { description: 'Hold the first core group meeting of a new child protection plan.' },
    FIRST_REVIEW_CONFERENCE: { description: 'Hold the first review conference of a new child protection plan.' },
    RHI_OFFER: { description: 'Offer the child a return home interview after a missing episode.' },
    IHA_COMPLETION: { description: 'Complete the initial health assessment of a child who has become looked after (the health agency asked; 20 working days from entering care).' },
    RHA: { description: "Complete the child's next review health assessment: within 6 months of the last one if the child was under 5 then, otherwise 12 months." },
    INVOLVEMENT_DECISION: { description: "Decide a partner agency's request to be involved with a child your agency leads for." },
    OPERATION_ENCOMPASS: { description: "Tell the child's school about a domestic abuse incident before 09:00 on the next school day (Operation Encompass; weekends and bank holidays are not school days)." },
    STRATEGY_INVITATION: { description: 'Respond to an invitation to a strategy discussion (accept, decline with a reason, or send a written contribution) by the time the convener asked.' },
    AGREED_ACTION: { description: 'Do an action agreed at a strategy discussion by its due date (`detail` says what).' },
  },
});

export enum TaskStatus {
  OPEN = 'OPEN',
  DONE = 'DONE',
  CANCELLED = 'CANCELLED',
}
registerEnumType(TaskStatus, {
  name: 'TaskStatus',
  description: 'Where a task stands.',
  valuesConfig: {
    OPEN: { description: 'Still to do.' },
    DONE: { description: 'Done: by the record that fulfils it, or marked done by the agency.' },
    CANCELLED: { description: 'No longer needed (for example the enquiry ended without a conference), with the reason.' },
  },
});

/**
 * Work one agency owes a child because of an event another record describes (issue 13): a child became
 * looked after, so the authority asks health for the initial health assessment; a section 47 enquiry
 * started, so the initial conference is due in 15 working days; a child came back from a missing
 * episode, so a return home interview is offered within 72 hours. Tasks are raised and fulfilled by the
 * rules of src/modules/workflow/task-rules.ts, in the transaction that writes the event, never typed in.
 *
 * Ownership: the task is owned by the agency that must do it (it reads and closes it); the agency whose
 * record raised it is its co-writer (`raisedByAgency`), so the police recording a child's return may
 * raise the local authority's return home interview task. Which child it is about comes from `child`,
 * so every agency that sees the child's records sees its tasks. A task reveals no more than the event that
 * raised it (section 47 enquiries, conferences, missing episodes and care episodes are summary or status
 * detail), so its fields are SUMMARY: each agency's worklist works under the same policy.
 */
@Entity({ tableName: 'task' })
@Check({ name: 'task_closed_when_closed', expression: `((status = 'OPEN') = (closed_at is null))` })
@Index({ name: 'task_raised_by_kind_unique', expression: 'create unique index "task_raised_by_kind_unique" on "task" ("raised_by_record_id", "kind") where "deleted_at" is null' })
@Index({ name: 'task_worklist_index', properties: ['owningAgency', 'dueAt', 'id'] })
@ObjectType({ implements: Node, description: 'Work an agency owes a child because of an event: what, by when (from the timescales), and whether it was done in time.' })
export class Task extends HubRecord {
  /** The agency whose record raised the task may write it too (row-level security, src/access/row-scope.ts). */
  static readonly coWriterAgency = 'raisedByAgency';

  @ManyToOne(() => Child, { ref: true, deleteRule: 'restrict' })
  @Index()
  child!: Ref<Child>;

  @Enum({ items: () => TaskKind, nativeEnumName: 'task_kind' })
  @Expose(Classification.SUMMARY, () => TaskKind, { description: 'What the task asks for; also the timescale rule its due date comes from.' })
  kind!: TaskKind;

  @Enum({ items: () => TaskStatus, nativeEnumName: 'task_status', default: TaskStatus.OPEN })
  @Expose(Classification.SUMMARY, () => TaskStatus, { description: 'Open, done or cancelled.' })
  status: TaskStatus = TaskStatus.OPEN;

  @ManyToOne(() => Agency, { ref: true, deleteRule: 'restrict' })
  @Index()
  raisedByAgency!: Ref<Agency>;

  @Property({ type: 'text' })
  @Expose(Classification.SUMMARY, { description: 'GraphQL type of the record whose event raised the task (e.g. `Section47Enquiry`).' })
  raisedByRecordType!: string;

  @Property({ type: 'uuid' })
  @Expose(Classification.SUMMARY, () => String, { description: 'Record id (recordId) of the record that raised the task.' })
  raisedByRecordId!: string;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.SUMMARY, () => String, { nullable: true, description: 'What exactly is asked, where the kind alone does not say (the wording of an agreed action).' })
  detail?: string | null;

  @Property({ type: 'timestamptz' })
  @Expose(Classification.SUMMARY, () => GraphQLDateTime, { description: 'When the clock started (a date is taken at its start in England).' })
  clockStartedAt!: Date;

  @Property({ type: 'date', nullable: true })
  @Expose(Classification.SUMMARY, () => GraphQLLocalDate, { nullable: true, description: 'The last day the task is in time, for timescales counted in days or months (working days skip weekends and bank holidays); null for timescales counted in hours.' })
  dueBy?: string | null;

  @Property({ type: 'timestamptz' })
  @Expose(Classification.SUMMARY, () => GraphQLDateTime, { description: 'The instant the task becomes late: the end of `dueBy` in England, or the exact deadline of an hours timescale.' })
  dueAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  @Expose(Classification.SUMMARY, () => GraphQLDateTime, { nullable: true, description: 'When it was done or cancelled: the time of the fulfilling event (e.g. the conference date), or when the agency marked it.' })
  closedAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.SUMMARY, () => String, { nullable: true, description: 'Subject who closed it (the writer of the fulfilling record, or who marked it).' })
  closedBy?: string | null;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.SUMMARY, () => String, { nullable: true, description: 'GraphQL type of the record that fulfilled the task, when one did.' })
  fulfilledByRecordType?: string | null;

  @Property({ type: 'uuid', nullable: true })
  @Expose(Classification.SUMMARY, () => String, { nullable: true, description: 'Record id of the record that fulfilled the task, when one did.' })
  fulfilledByRecordId?: string | null;

  @Property({ type: 'text', nullable: true })
  @Expose(Classification.SUMMARY, () => String, { nullable: true, description: 'What was done, or why the task was cancelled, in the words of who closed it (read by every agency working with the child: no case detail).' })
  closingNote?: string | null;

  @Expose(Classification.SUMMARY, () => Boolean, { nullable: true, description: 'Whether it was closed by its deadline (null while open; a cancelled task is never late).' })
  get closedInTime(): boolean | null {
    if (!this.closedAt) return null;
    return this.status === TaskStatus.CANCELLED || this.closedAt.getTime() < this.dueAt.getTime();
  }
}
