/** Which column of the tasks board each request and task status falls in; closed ones share one. */
import { RequestStatus, TaskStatus, type AssistanceRequest, type Task } from '@concord/web-contracts/tasking';
import type { BoardColumn } from '../../components/status-board';
import type { MessageId } from '../../i18n/locales';

type Stage<S> = readonly [key: string, label: MessageId, statuses: readonly S[]];

const requestStages: readonly Stage<RequestStatus>[] = [
  ['requested', 'tasks.column.requested', [RequestStatus.REQUESTED]],
  ['accepted', 'tasks.column.accepted', [RequestStatus.ACCEPTED]],
  ['in-progress', 'tasks.column.inProgress', [RequestStatus.IN_PROGRESS]],
  ['closed', 'tasks.column.closed', [RequestStatus.FULFILLED, RequestStatus.DECLINED, RequestStatus.UNABLE, RequestStatus.CANCELLED]],
];

const taskStages: readonly Stage<TaskStatus>[] = [
  ['to-do', 'tasks.column.toDo', [TaskStatus.CREATED, TaskStatus.ASSIGNED]],
  ['accepted', 'tasks.column.accepted', [TaskStatus.ACCEPTED]],
  ['in-progress', 'tasks.column.inProgress', [TaskStatus.IN_PROGRESS]],
  ['blocked', 'tasks.column.blocked', [TaskStatus.BLOCKED]],
  ['closed', 'tasks.column.closed', [TaskStatus.DONE, TaskStatus.CANCELLED]],
];

function columnsOf<T extends { status: S }, S>(stages: readonly Stage<S>[], items: readonly T[]): BoardColumn<T>[] {
  return stages.map(([key, label, statuses]) => ({ key, label, items: items.filter((item) => statuses.includes(item.status)) }));
}

export const requestColumns = (requests: readonly AssistanceRequest[]) => columnsOf(requestStages, requests);
export const taskColumns = (tasks: readonly Task[]) => columnsOf(taskStages, tasks);
