/** Between the domain's tasks and requests and the generated gRPC messages. */
import { protoEnum } from '@concord/contracts';
import { AssistanceKind, ReportKind, RequestStatus, TaskChangeKind, TaskStatus, TaskTransition, type AssistanceRequest, type Task } from '@concord/contracts/tasking';
import { assistanceKinds, isRequestOverdue, requestStatuses, type AssistanceRequestRecord } from './domain/assistance-request.js';
import { isOverdue, taskStatuses, taskTransitions, type TaskRecord } from './domain/task.js';

export const taskStatus = protoEnum(TaskStatus, 'TASK_STATUS_', taskStatuses);
export const taskTransition = protoEnum(TaskTransition, 'TASK_TRANSITION_', taskTransitions);
export const assistanceKind = protoEnum(AssistanceKind, 'ASSISTANCE_KIND_', assistanceKinds);
export const requestStatus = protoEnum(RequestStatus, 'REQUEST_STATUS_', requestStatuses);
export const reportKind = protoEnum(ReportKind, 'REPORT_KIND_', ['progress', 'fulfilled', 'unable'] as const);
export const taskChangeKind = protoEnum(TaskChangeKind, 'TASK_CHANGE_KIND_', ['current', 'changed', 'overdue'] as const);

export function toTask(task: TaskRecord, now: Date): Task {
  return {
    id: task.id,
    actionId: task.actionId,
    requestId: task.requestId,
    title: task.title,
    team: task.team,
    assignee: task.assignee,
    resources: [...task.resources],
    instructions: task.instructions,
    communications: task.communications,
    dueAt: task.dueAt,
    status: taskStatus.toProto(task.status),
    reason: task.reason,
    createdAt: task.createdAt,
    updatedAt: task.updatedAt,
    history: task.history.map((h) => ({ status: taskStatus.toProto(h.status), at: h.at, reason: h.reason })),
    overdue: isOverdue(task, now),
  };
}

export function toAssistanceRequest(request: AssistanceRequestRecord, now: Date): AssistanceRequest {
  return {
    id: request.id,
    fromAgency: request.from,
    toAgency: request.to,
    kind: assistanceKind.toProto(request.kind),
    subject: request.subject,
    details: request.details,
    dueAt: request.dueAt,
    alertId: request.alertId,
    actionId: request.actionId,
    operationId: request.operationId,
    status: requestStatus.toProto(request.status),
    answer: request.answer,
    history: request.history.map((h) => ({ status: requestStatus.toProto(h.status), at: h.at, note: h.note, by: h.by })),
    createdAt: request.createdAt,
    updatedAt: request.updatedAt,
    overdue: isRequestOverdue(request, now),
  };
}
