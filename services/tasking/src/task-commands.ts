/**
 * Tasks over gRPC: created against a national action of this agency (planning confirms it exists) or a
 * request for assistance it accepted, then edited and moved along their lifecycle. They never leave the
 * agency's server. Starting the first task of an accepted request tells the requester work has begun.
 */
import { randomUUID } from 'node:crypto';
import type { TaskingServiceServer } from '@concord/contracts/tasking';
import { decideOne } from '@concord/decider';
import { Code, ConcordError } from '@concord/errors';
import { actionAnswerSchema, askInternal, InternalSubjects } from '@concord/federation';
import { parseRequest, unary } from '@concord/service-kit';
import { requestDecider } from './domain/assistance-request.js';
import { applyTransition, type TaskRecord } from './domain/task.js';
import { toTask } from './grpc-mapping.js';
import { publishRequestEvent, requireRequest, requireTask, type TaskingContext } from './tasking-context.js';
import { changeTaskRequest, createTaskRequest } from './request-schemas.js';

type TaskCommands = Pick<TaskingServiceServer, 'createTask' | 'changeTask'>;

export function taskCommands(context: TaskingContext): TaskCommands {
  const { agency, board, now, log } = context;

  const requireTarget = async (actionId: string, requestId: string) => {
    if (actionId) {
      const answer = await askInternal(context.nc, InternalSubjects.agencyAction, { actionId }, actionAnswerSchema, 'planning');
      if (!answer.ok) throw new ConcordError(Code.NotFound, answer.error);
      return;
    }
    const request = requireRequest(context, requestId);
    if (request.to !== agency) throw new ConcordError(Code.FailedPrecondition, `request ${requestId} was made by ${agency}; tasks answer requests addressed to ${agency}`);
    if (request.status !== 'accepted' && request.status !== 'in-progress') throw new ConcordError(Code.FailedPrecondition, `request ${requestId} is ${request.status}: accept it before tasking it`);
  };

  /** The requester hears that work began when the first task of its request starts. */
  const reportStart = async (task: TaskRecord) => {
    if (!task.requestId || task.status !== 'in-progress') return;
    const request = context.requests.state(task.requestId);
    if (request?.status !== 'accepted') return;
    await publishRequestEvent(context, decideOne(requestDecider, { type: 'ReportOnRequest', requestId: request.id, by: agency, status: 'in-progress', note: `work started: ${task.title}`, now: now() }, request));
  };

  return {
    createTask: unary(log, 'CreateTask', async (request) => {
      const input = parseRequest(createTaskRequest, request);
      await requireTarget(input.actionId, input.requestId);
      const at = now();
      const task: TaskRecord = {
        id: randomUUID(),
        actionId: input.actionId,
        requestId: input.requestId,
        title: input.title,
        team: input.team,
        assignee: input.assignee,
        resources: input.resources,
        instructions: input.instructions,
        communications: input.communications,
        ...(input.dueAt ? { dueAt: input.dueAt } : {}),
        status: 'created',
        reason: '',
        createdAt: at,
        updatedAt: at,
        history: [{ status: 'created', at, reason: '' }],
      };
      await board.save(task);
      log.info({ task: task.id, action: task.actionId || undefined, request: task.requestId || undefined }, 'task created');
      return { task: toTask(task, at) };
    }),

    changeTask: unary(log, 'ChangeTask', async (request) => {
      const input = parseRequest(changeTaskRequest, request);
      const current = requireTask(context, input.taskId);
      const at = now();
      let next: TaskRecord = {
        ...current,
        ...(input.title !== undefined ? { title: input.title } : {}),
        ...(input.team !== undefined ? { team: input.team } : {}),
        ...(input.assignee !== undefined ? { assignee: input.assignee } : {}),
        ...(input.instructions !== undefined ? { instructions: input.instructions } : {}),
        ...(input.communications !== undefined ? { communications: input.communications } : {}),
        ...(input.dueAt ? { dueAt: input.dueAt } : {}),
        ...(input.setResources ? { resources: input.resources } : {}),
        updatedAt: at,
      };
      if (input.transition) next = applyTransition(next, input.transition, { reason: input.reason, at });
      else if (current.status === 'cancelled' || current.status === 'done') throw new ConcordError(Code.FailedPrecondition, `task ${current.id} is ${current.status}: it can no longer change`);
      await board.save(next);
      await reportStart(next);
      return { task: toTask(next, at) };
    }),
  };
}
