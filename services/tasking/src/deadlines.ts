/**
 * Watches due times: once a task or a request passes its due time while still open, it raises a notice,
 * logged and streamed to every watch, once. Both agencies of a request raise their own notice. The
 * clock is injected; it is checked when the earliest open due time arrives (and when a task or request
 * changes), not every second.
 */
import { DueTimer } from '@concord/service-kit';
import { isRequestOpen, isRequestOverdue } from './domain/assistance-request.js';
import { isClosed, isOverdue } from './domain/task.js';
import { toAssistanceRequest, toTask } from './grpc-mapping.js';
import { heldRequests, type TaskingContext } from './tasking-context.js';
import type { TaskingQueries } from './tasking-queries.js';

/** `longestSleepMs`: the longest the watch sleeps between two checks (default 60 s). */
export function deadlines(context: TaskingContext, queries: Pick<TaskingQueries, 'announceOverdue'>, longestSleepMs?: number): { stop(): void } {
  const { board, requests, now, log } = context;
  const raised = new Set<string>();
  const check = () => {
    const at = now();
    for (const task of board.all()) {
      if (!isOverdue(task, at) || raised.has(`task:${task.id}`)) continue;
      raised.add(`task:${task.id}`);
      log.warn({ task: task.id, due: task.dueAt }, 'task overdue');
      queries.announceOverdue({ task: toTask(task, at), request: undefined });
    }
    for (const request of heldRequests(context)) {
      if (!isRequestOverdue(request, at) || raised.has(`request:${request.id}`)) continue;
      raised.add(`request:${request.id}`);
      log.warn({ request: request.id, due: request.dueAt, from: request.from, to: request.to }, 'request for assistance overdue');
      queries.announceOverdue({ task: undefined, request: toAssistanceRequest(request, at) });
    }
  };
  /** The earliest due time of an open task or request not yet announced. */
  const nextDue = () => {
    let earliest: Date | undefined;
    const consider = (key: string, dueAt: Date | undefined) => {
      if (dueAt && !raised.has(key) && (!earliest || dueAt < earliest)) earliest = dueAt;
    };
    for (const task of board.all()) if (!isClosed(task)) consider(`task:${task.id}`, task.dueAt);
    for (const request of heldRequests(context)) if (isRequestOpen(request)) consider(`request:${request.id}`, request.dueAt);
    return earliest;
  };
  const timer = new DueTimer(check, nextDue, { now, ...(longestSleepMs === undefined ? {} : { longestSleepMs }) });
  // A new or changed task or request may fall due before the one the timer waits for.
  const offTasks = board.subscribe((task) => task.dueAt && timer.wakeBy(task.dueAt));
  const offRequests = requests.subscribe((request) => request && timer.wakeBy(request.dueAt));
  timer.start();
  return {
    stop: () => {
      offTasks();
      offRequests();
      timer.stop();
    },
  };
}
