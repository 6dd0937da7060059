/**
 * Watches due times: once a task or a request passes its due time while still open, it raises a notice,
 * logged and streamed to every watch, once. Both agencies of a request raise their own notice. The
 * clock is injected and checked every second.
 */
import { isRequestOverdue } from './domain/assistance-request.js';
import { isOverdue } from './domain/task.js';
import { toAssistanceRequest, toTask } from './grpc-mapping.js';
import { heldRequests, type TaskingContext } from './tasking-context.js';
import type { TaskingQueries } from './tasking-queries.js';

export function deadlines(context: TaskingContext, queries: Pick<TaskingQueries, 'announceOverdue'>, checkEveryMs = 1000): { stop(): void } {
  const { board, now, log } = context;
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
  const timer = setInterval(check, checkEveryMs);
  return { stop: () => clearInterval(timer) };
}
