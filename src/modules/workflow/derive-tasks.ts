import { LockMode, type FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { addCalendarDays, startOfLondonDay, timescaleRule, toInstant, type RuleContext, type TimescaleRuleCode } from '../../timescales';
import type { HubRecord } from '../../db/hub-record';
import { Child } from '../people/child.entity';
import { CLOSE_RULES, RAISE_RULES } from './task-rules';
import { Task, TaskKind, TaskStatus } from './task.entity';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** An event's time as an instant: a calendar date counts from its start in England. */
export function instantOf(at: string | Date): Date {
  return typeof at === 'string' && ISO_DATE.test(at) ? startOfLondonDay(at) : toInstant(at);
}

/**
 * When a task of `kind` whose clock starts at `start` is due, from the timescale rule of the same name: a
 * day or month rule gives the last day in time (`dueBy`) and the task becomes late when that day ends in
 * England; an hours rule gives the exact instant.
 */
export function dueOf(kind: TaskKind, start: string | Date, context?: RuleContext): { clockStartedAt: Date; dueBy: string | null; dueAt: Date } {
  return setDue(start, timescaleRule(kind as unknown as TimescaleRuleCode).dueBy(start, context));
}

/** A due time a practitioner set: an instant is the deadline; a date is in time until it ends in England. */
function setDue(start: string | Date, due: string | Date): { clockStartedAt: Date; dueBy: string | null; dueAt: Date } {
  const clockStartedAt = instantOf(start);
  return typeof due === 'string' && ISO_DATE.test(due) ? { clockStartedAt, dueBy: due, dueAt: startOfLondonDay(addCalendarDays(due, 1)) } : { clockStartedAt, dueBy: null, dueAt: toInstant(due) };
}

/** Who wrote a record: the agency and subject the tasks it raises or closes are written as. */
export interface TaskActor {
  agencyId: string;
  subject: string;
}

/**
 * Applies the task rules to the records one mutation wrote (src/db/records.ts `runMutation`, before its
 * savepoint is released; the demo seed for its records): raises the tasks they call for (once per record
 * and kind; an open task whose clock moved is re-timed), writes them, then closes the open tasks they
 * fulfil. What it writes is flushed, audited and committed or rolled back with the mutation.
 */
export async function deriveTasks(em: EntityManager, written: Iterable<object>, actorOf: (record: HubRecord) => TaskActor): Promise<void> {
  const records = [...new Set(written)].filter((r): r is HubRecord => !(r instanceof Task) && typeof (r as HubRecord).id === 'string');
  for (const record of records) for (const rule of RAISE_RULES) if (record instanceof rule.on()) await raise(em, actorOf(record), rule, record);
  await em.flush();
  for (const record of records) for (const rule of CLOSE_RULES) if (record instanceof rule.on()) await close(em, actorOf(record), rule, record);
  await em.flush();
}

async function raise(em: EntityManager, actor: TaskActor, rule: (typeof RAISE_RULES)[number], record: HubRecord): Promise<void> {
  const start = rule.clockStart(record as never);
  if (start === null || start === undefined || record.deletedAt) return;
  const context = rule.context ? await rule.context(record as never, em) : undefined;
  if (context === null) return;
  const due = rule.due ? setDue(start, rule.due(record as never)) : dueOf(rule.kind, start, context);
  const detail = rule.detail?.(record as never) ?? null;
  const existing = await em.findOne(Task, { raisedByRecordId: record.id, kind: rule.kind });
  if (existing) {
    if (existing.status === TaskStatus.OPEN && (existing.dueAt.getTime() !== due.dueAt.getTime() || existing.detail !== detail)) {
      Object.assign(existing, due, { detail, updatedBy: actor.subject });
    }
    return;
  }
  const childId = await rule.child(record as never, em);
  const assignee =
    rule.assignee === 'RECORD_OWNER'
      ? record.owningAgency.id
      : rule.assignee === 'CHILD_LEAD'
        ? (await em.findOneOrFail(Child, { id: childId }, { filters: false })).owningAgency.id
        : rule.assignee.agency(record as never);
  em.create(Task, {
    child: childId,
    kind: rule.kind,
    status: TaskStatus.OPEN,
    owningAgency: assignee,
    raisedByAgency: actor.agencyId,
    raisedByRecordType: record.constructor.name,
    raisedByRecordId: record.id,
    detail,
    ...due,
    createdBy: actor.subject,
    updatedBy: actor.subject,
  } as never);
}

async function close(em: EntityManager, actor: TaskActor, rule: (typeof CLOSE_RULES)[number], record: HubRecord): Promise<void> {
  const target = rule.closes(record as never);
  if (!target || record.deletedAt) return;
  const at = instantOf(rule.at(record as never));
  // A record never closes a task it raised itself by the child rule (a completed review starts the next one's clock).
  const which = 'raisedByRecordId' in target ? { raisedByRecordId: target.raisedByRecordId } : { child: target.childId, clockStartedAt: { $lte: at }, raisedByRecordId: { $ne: record.id } };
  // Tasks this agency may write (it owns them, or its record raised them). SKIP LOCKED: a task another
  // request is closing right now is left to it, so two fulfilling records never fail each other.
  const open = await em.find(
    Task,
    { kind: rule.kind, status: TaskStatus.OPEN, ...which, $or: [{ owningAgency: actor.agencyId }, { raisedByAgency: actor.agencyId }] } as FilterQuery<Task>,
    { lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE, refresh: true },
  );
  for (const task of open) {
    Object.assign(task, {
      status: rule.status,
      closedAt: at,
      closedBy: actor.subject,
      fulfilledByRecordType: rule.status === TaskStatus.DONE ? record.constructor.name : null,
      fulfilledByRecordId: rule.status === TaskStatus.DONE ? record.id : null,
      closingNote: rule.note?.(record as never) ?? null,
      updatedBy: actor.subject,
    });
  }
}
