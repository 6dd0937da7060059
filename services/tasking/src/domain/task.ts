/**
 * A task inside one agency and its lifecycle, as a pure function: a transition applied to a task gives
 * the next task, or a ConcordError saying why it cannot happen. No I/O.
 *
 *   created -> assigned -> accepted -> in-progress -> done
 *   assigned | accepted | in-progress -> blocked (reason) -> back where it was
 *   anything but done -> cancelled (reason); done and cancelled are final
 */
import { Code, ConcordError } from '@concord/errors';

export const taskStatuses = ['created', 'assigned', 'accepted', 'in-progress', 'done', 'blocked', 'cancelled'] as const;
export type TaskStatus = (typeof taskStatuses)[number];
export const taskTransitions = ['assign', 'accept', 'start', 'complete', 'block', 'resume', 'cancel'] as const;
export type TaskTransition = (typeof taskTransitions)[number];

export interface TaskStatusChange {
  readonly status: TaskStatus;
  readonly at: Date;
  readonly reason: string;
}

export interface TaskRecord {
  readonly id: string;
  readonly actionId: string;
  readonly requestId: string;
  readonly title: string;
  readonly team: string;
  readonly assignee: string;
  readonly resources: readonly string[];
  readonly instructions: string;
  readonly communications: string;
  readonly dueAt?: Date;
  readonly status: TaskStatus;
  readonly reason: string;
  /** Where a blocked task goes back to. */
  readonly blockedFrom?: TaskStatus;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly history: readonly TaskStatusChange[];
}

export const isClosed = (task: Pick<TaskRecord, 'status'>) => task.status === 'done' || task.status === 'cancelled';
export const isOverdue = (task: Pick<TaskRecord, 'status' | 'dueAt'>, now: Date) => !isClosed(task) && task.dueAt !== undefined && task.dueAt <= now;

/** From which statuses each transition may start, and where it leads. */
const moves: Record<Exclude<TaskTransition, 'resume'>, { readonly from: readonly TaskStatus[]; readonly to: TaskStatus }> = {
  assign: { from: ['created', 'assigned'], to: 'assigned' },
  accept: { from: ['assigned'], to: 'accepted' },
  start: { from: ['accepted'], to: 'in-progress' },
  complete: { from: ['in-progress'], to: 'done' },
  block: { from: ['assigned', 'accepted', 'in-progress'], to: 'blocked' },
  cancel: { from: ['created', 'assigned', 'accepted', 'in-progress', 'blocked'], to: 'cancelled' },
};

const refuse = (message: string) => new ConcordError(Code.FailedPrecondition, message);

export function applyTransition(task: TaskRecord, transition: TaskTransition, input: { readonly reason: string; readonly at: Date }): TaskRecord {
  if (task.status === 'cancelled') throw refuse(`task ${task.id} is cancelled: a cancelled task cannot be reopened`);
  if (task.status === 'done') throw refuse(`task ${task.id} is done: it cannot ${transition}`);
  let to: TaskStatus;
  if (transition === 'resume') {
    if (task.status !== 'blocked') throw refuse(`task ${task.id} is ${task.status}, not blocked: there is nothing to resume`);
    to = task.blockedFrom ?? 'assigned';
  } else {
    const move = moves[transition];
    if (!move.from.includes(task.status)) {
      throw refuse(`task ${task.id} is ${task.status}: it can ${transition} only when ${move.from.join(' or ')}${transition === 'complete' ? ' (a task is accepted and started before it is done)' : ''}`);
    }
    to = move.to;
  }
  if ((transition === 'block' || transition === 'cancel') && !input.reason.trim()) {
    throw ConcordError.invalid([{ path: 'reason', message: `is required to ${transition} a task` }], 'invalid request');
  }
  if (transition === 'assign' && !task.assignee.trim()) {
    throw ConcordError.invalid([{ path: 'assignee', message: 'is required to assign a task' }], 'invalid request');
  }
  const { blockedFrom: _previous, ...rest } = task;
  return {
    ...rest,
    ...(transition === 'block' ? { blockedFrom: task.status } : {}),
    status: to,
    reason: transition === 'block' || transition === 'cancel' ? input.reason : '',
    updatedAt: input.at,
    history: [...task.history, { status: to, at: input.at, reason: input.reason }],
  };
}
