/** Reading tasks and requests over gRPC: one, all, what is overdue, and a live watch. */
import type { TaskingServiceServer, TaskNotice, WatchTasksRequest, WatchTasksResponse } from '@concord/contracts/tasking';
import { parseRequest, ServerWatches, unary } from '@concord/service-kit';
import { isRequestOpen, isRequestOverdue } from './domain/assistance-request.js';
import { isClosed, isOverdue } from './domain/task.js';
import { taskChangeKind, toAssistanceRequest, toTask } from './grpc-mapping.js';
import { listRequestsRequest, listTasksRequest, requestIdRequest, taskIdRequest } from './request-schemas.js';
import { Code, ConcordError } from '@concord/errors';
import { taskReader } from './task-readers.js';
import { heldRequests, requireRequest, requireTask, type TaskingContext } from './tasking-context.js';

type QueryHandlers = Pick<TaskingServiceServer, 'getTask' | 'listTasks' | 'getRequest' | 'listRequests' | 'listTaskNotices' | 'watchTasks'>;

export interface TaskingQueries {
  readonly handlers: QueryHandlers;
  /** Sends an overdue notice to every watch. */
  announceOverdue(change: Pick<WatchTasksResponse, 'task' | 'request'>): void;
  closeWatches(): void;
}

const byDue = <T extends { dueAt?: Date; createdAt: Date }>(a: T, b: T) => (a.dueAt?.getTime() ?? Infinity) - (b.dueAt?.getTime() ?? Infinity) || a.createdAt.getTime() - b.createdAt.getTime();

export function taskingQueries(context: TaskingContext): TaskingQueries {
  const { agency, board, requests, now, log } = context;
  const watches = new ServerWatches<WatchTasksRequest, WatchTasksResponse>();

  const notices = async (at: Date): Promise<TaskNotice[]> => [
    ...(await taskReader(context.nc).readable(board.all()))
      .filter((t) => isOverdue(t, at))
      .sort(byDue)
      .map((t) => ({ kind: 'task', id: t.id, title: t.title, dueAt: t.dueAt, counterpart: '' })),
    ...heldRequests(context)
      .filter((r) => isRequestOverdue(r, at))
      .sort(byDue)
      .map((r) => ({ kind: 'request', id: r.id, title: `${r.kind}: ${r.subject}`, dueAt: r.dueAt, counterpart: r.from === agency ? r.to : r.from })),
  ];

  const handlers: QueryHandlers = {
    getTask: unary(log, 'GetTask', async (request) => {
      const task = requireTask(context, parseRequest(taskIdRequest, request).taskId);
      if (!(await taskReader(context.nc).allows(task))) throw new ConcordError(Code.PermissionDenied, `task ${task.id} belongs to an operation whose team you are not on in ${agency}: a planner on it adds you`);
      return { task: toTask(task, now()) };
    }),
    listTasks: unary(log, 'ListTasks', async (request) => {
      const input = parseRequest(listTasksRequest, request);
      const at = now();
      const tasks = (await taskReader(context.nc).readable(board.all()))
        .filter((t) => (input.includeClosed || !isClosed(t)) && (!input.actionId || t.actionId === input.actionId) && (!input.requestId || t.requestId === input.requestId))
        .sort(byDue);
      return { tasks: tasks.map((t) => toTask(t, at)) };
    }),
    getRequest: unary(log, 'GetRequest', (request) => ({ request: toAssistanceRequest(requireRequest(context, parseRequest(requestIdRequest, request).requestId), now()) })),
    listRequests: unary(log, 'ListRequests', (request) => {
      const input = parseRequest(listRequestsRequest, request);
      const at = now();
      return { requests: heldRequests(context).filter((r) => input.includeClosed || isRequestOpen(r)).sort(byDue).map((r) => toAssistanceRequest(r, at)) };
    }),
    listTaskNotices: unary(log, 'ListTaskNotices', async () => ({ notices: await notices(now()) })),
    watchTasks: (call) => {
      const at = now();
      const reader = taskReader(context.nc);
      // Writes go out in order, each task once the caller's right to read it is known.
      let writing = Promise.resolve();
      const writeTask = (task: Parameters<typeof toTask>[0], change: 'current' | 'changed') => {
        writing = writing.then(async () => {
          if (await reader.allows(task).catch(() => false)) call.write({ change: taskChangeKind.toProto(change), task: toTask(task, change === 'current' ? at : now()), request: undefined });
        });
      };
      // Current state and subscriptions in one synchronous step: nothing can arrive between them.
      for (const task of board.all()) writeTask(task, 'current');
      const writeRequest = (request: Parameters<typeof toAssistanceRequest>[0], change: 'current' | 'changed') => {
        writing = writing.then(() => void call.write({ change: taskChangeKind.toProto(change), task: undefined, request: toAssistanceRequest(request, change === 'current' ? at : now()) }));
      };
      for (const request of heldRequests(context)) writeRequest(request, 'current');
      const offTasks = board.subscribe((task) => writeTask(task, 'changed'));
      const offRequests = requests.subscribe((request) => request && writeRequest(request, 'changed'));
      watches.open(call, () => {
        offTasks();
        offRequests();
      });
    },
  };

  return {
    handlers,
    announceOverdue: (change) => watches.broadcast({ change: taskChangeKind.toProto('overdue'), task: change.task, request: change.request }),
    closeWatches: () => watches.closeAll(),
  };
}
