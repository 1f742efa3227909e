import { Arg, Args, ArgsType, Ctx, ID, InputType, Int, Mutation, Query, registerEnumType, Resolver } from 'type-graphql';
import type { EntityManager } from '@mikro-orm/postgresql';
import { GraphQLDateTime } from 'graphql-scalars';
import type { FilterQuery } from '@mikro-orm/core';
import { Classification } from '../../access/classification';
import { FilterField, filters, InputField, match, readsNothing } from '../../access/input-declarations';
import { BelongsTo, HasMany } from '../../reads/relations';
import { filterWhere } from '../../reads/filters';
import type { HubContext } from '../../server/context';
import { Connection, PageArgs, paginate } from '../../server/graphql/connection';
import { NIL_UUID } from '../../server/graphql/global-id';
import { ErrorCollector, UserErrorCode } from '../../server/graphql/user-errors';
import { loadForUpdate, MutationPayload, runMutation, type MutationResult } from '../../db/records';
import { Agency } from '../agencies/agency.entity';
import { Child } from '../people/child.entity';
import { parseId } from '../care/care.support';
import { Task, TaskKind, TaskStatus } from './task.entity';
import { Involvement } from '../people/involvement.entity';
import { Practitioner } from '../agencies/practitioner.entity';
import { Team } from '../agencies/team.entity';
import { ACCESS_GIVING_STATUSES } from '../../access/involvement-policy';
import { todayIso } from '../people/validation';
import { HubError } from '../../server/graphql/errors';

/** Whose worklist: the agency's, or only the children allocated to the caller's team or to the caller. */
export enum WorklistScope {
  AGENCY = 'AGENCY',
  TEAM = 'TEAM',
  MINE = 'MINE',
}
registerEnumType(WorklistScope, {
  name: 'WorklistScope',
  description: "Whose worklist to show. Tasks belong to an agency; a team's or a practitioner's are those about the children allocated to them (a current involvement of your agency naming the team or the practitioner).",
  valuesConfig: {
    AGENCY: { description: 'Every task your agency owes (the default).' },
    TEAM: { description: 'Tasks about children your team (the team in your token) is currently allocated.' },
    MINE: { description: 'Tasks about children you (the practitioner registered with your token subject) are currently allocated.' },
  },
});

/**
 * The children a team's or a practitioner's worklist covers: those with a current involvement of the
 * caller's agency naming the caller's team, or the caller (the allocation is the one record of who works
 * with whom). Null for the agency's whole worklist.
 */
async function allocatedChildren(em: EntityManager, ctx: HubContext, scope: WorklistScope): Promise<string[] | null> {
  if (scope === WorklistScope.AGENCY) return null;
  const today = todayIso();
  const current = { agency: ctx.agencyId, status: { $in: ACCESS_GIVING_STATUSES }, startedAt: { $lte: today }, $or: [{ endedAt: null }, { endedAt: { $gt: today } }] };
  let who: Record<string, string>;
  if (scope === WorklistScope.TEAM) {
    const team = ctx.principal.team ? await em.findOne(Team, { agency: ctx.agencyId, code: ctx.principal.team }) : null;
    if (!team) throw new HubError('BAD_USER_INPUT', 'Your token names no team of your agency: ask for the AGENCY or MINE worklist.', { field: 'scope' });
    who = { team: team.id };
  } else {
    const me = await em.findOne(Practitioner, { agency: ctx.agencyId, subject: ctx.principal.subject });
    if (!me) throw new HubError('BAD_USER_INPUT', 'You are not registered as a practitioner of your agency: ask for the AGENCY or TEAM worklist.', { field: 'scope' });
    who = { practitioner: me.id };
  }
  const rows = await em.find(Involvement, { ...current, ...who } as FilterQuery<Involvement>, { fields: ['child'] });
  return [...new Set(rows.map((r) => r.child.id))];
}

const TaskConnection = Connection(Task, 'Task', Classification.SUMMARY);
const TaskPayload = MutationPayload(Task, 'TaskMutation', Classification.SUMMARY);

@ArgsType()
class WorklistArgs extends PageArgs {
  @FilterField(filters(() => Task, match.eq('status')), () => TaskStatus, { nullable: true, description: 'Only tasks in this state (default: all).' })
  status?: TaskStatus;
  @FilterField(filters(() => Task, match.lt('dueAt'), match.is('status', TaskStatus.OPEN)), () => GraphQLDateTime, { nullable: true, description: 'Only open tasks already late at this instant (pass now for what is overdue).' })
  overdueAt?: Date;
  @FilterField(filters(() => Task, match.lt('dueAt')), () => GraphQLDateTime, { nullable: true, description: 'Only tasks due before this instant (e.g. the end of this week).' })
  dueBefore?: Date;
  @FilterField(filters(() => Task, match.in('kind')), () => [TaskKind], { nullable: true, description: 'Only tasks of these kinds.' })
  kinds?: TaskKind[];
  @FilterField(filters(() => Task, match.id('child', 'Child')), () => ID, { nullable: true, description: 'Only tasks about this child.' })
  childId?: string;
  @FilterField(readsNothing("whose worklist: the caller's own agency's allocations (involvements naming its team or the caller), not the tasks' fields"), () => WorklistScope, {
    nullable: true,
    description: 'Your agency’s worklist (default), your team’s, or yours: tasks about the children currently allocated to your team or to you.',
  })
  scope?: WorklistScope;
}

@InputType({ description: 'Closes a task your agency owns that no record closed: done, with what was done, or cancelled, with why.' })
class CloseTaskInput {
  @InputField(Classification.SUMMARY, () => ID, { description: 'Global id of the task.' })
  id!: string;
  @InputField(Classification.SUMMARY, () => Int, { description: 'The version you read; a stale version is refused with CONFLICT.' })
  expectedVersion!: number;
  @InputField(Classification.SUMMARY, () => TaskStatus, { description: 'DONE or CANCELLED.' })
  status!: TaskStatus;
  @InputField(Classification.SUMMARY, { description: 'What was done, or why it is no longer needed (required).' })
  note!: string;
  @InputField(Classification.SUMMARY, () => GraphQLDateTime, { nullable: true, description: 'When it was done (default now); not before the clock started, not in the future.' })
  closedAt?: Date;
}

@Resolver(() => Task)
export class TaskResolver {
  @Query(() => TaskConnection, {
    description:
      'Your agency’s worklist: the tasks it owes children, raised by events in any agency (a child entering care, a section 47 enquiry, a child returning from a missing episode), soonest due first.',
  })
  async myWorklist(@Args() a: WorklistArgs, @Ctx() ctx: HubContext) {
    const { scope, ...declared } = a;
    const children = await allocatedChildren(ctx.em, ctx, scope ?? WorklistScope.AGENCY);
    const filtered = filterWhere(WorklistArgs, declared as WorklistArgs) as Record<string, unknown>;
    const where = { ...filtered, owningAgency: ctx.agencyId, ...(children ? { $and: [{ child: { $in: children } }, ...(filtered.child ? [{ child: filtered.child }] : [])] } : {}) };
    return paginate(ctx, Task, where as FilterQuery<Task>, a, { dueAt: 'asc' });
  }

  @BelongsTo(Classification.SUMMARY, () => Child, { via: 'child', description: 'The child the task is about.' })
  child!: Child;

  @BelongsTo(Classification.SUMMARY, () => Agency, { via: 'owningAgency', description: 'The agency that must do it (owns the task).' })
  assignedAgency!: Agency;

  @BelongsTo(Classification.SUMMARY, () => Agency, { via: 'raisedByAgency', description: 'The agency whose record raised the task.' })
  raisedByAgency!: Agency;

  @Mutation(() => TaskPayload, { description: 'Closes a task your agency owns by hand (done or cancelled, with a note). Tasks a record fulfils close themselves when it is recorded.' })
  closeTask(@Arg('input', { description: 'The task, the version you read, and how it closed.' }) input: CloseTaskInput, @Ctx() ctx: HubContext): Promise<MutationResult<Task>> {
    return runMutation(ctx, async (em) => {
      const task = await loadForUpdate(em, ctx, Task, parseId(input.id, 'Task') ?? NIL_UUID, input.expectedVersion);
      const errors = new ErrorCollector();
      if (task.status !== TaskStatus.OPEN) errors.add('id', UserErrorCode.INVALID_STATE, `The task is already ${task.status.toLowerCase()}.`);
      if (input.status === TaskStatus.OPEN) errors.add('status', UserErrorCode.INVALID_STATE, 'Close a task as DONE or CANCELLED.');
      if (!input.note?.trim()) errors.add('note', UserErrorCode.REQUIRED, 'Say what was done, or why the task is no longer needed.');
      const closedAt = input.closedAt ?? new Date();
      errors.order('closedAt', task.clockStartedAt, closedAt, 'A task is closed after its clock started.');
      if (closedAt.getTime() > Date.now() + 60_000) errors.add('closedAt', UserErrorCode.OUT_OF_RANGE, 'closedAt is in the future.');
      errors.throwIfAny();
      Object.assign(task, { status: input.status, closedAt, closedBy: ctx.principal.subject, closingNote: input.note.trim() });
      return { record: task };
    });
  }
}

@Resolver(() => Child)
export class TaskChildResolver {
  @HasMany(Classification.SUMMARY, () => Task, { via: 'child', orderBy: { dueAt: 'asc' }, description: 'Tasks agencies owe the child, soonest due first (open and closed).' })
  tasks!: Task[];
}
