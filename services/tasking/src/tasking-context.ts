/** What the tasking handlers share: who we are, the task board, the requests' projection and the link. */
import type { NatsConnection } from 'nats';
import type { Projection } from '@concord/decider';
import { Code, ConcordError } from '@concord/errors';
import type { FederationLink } from '@concord/federation';
import type { TrustedManifest } from '@concord/manifest';
import type { Logger } from '@concord/service-kit';
import type { AssistanceRequestRecord, RequestCommand, RequestEvent, RequestState } from './domain/assistance-request.js';
import type { TaskRecord } from './domain/task.js';
import type { TaskBoard } from './task-board.js';
import type { TaskingCodec } from './tasking-wire.js';

export type RequestProjection = Projection<RequestCommand, RequestEvent, RequestState>;

export interface TaskingContext {
  readonly agency: string;
  readonly trust: TrustedManifest;
  readonly nc: NatsConnection;
  readonly link: FederationLink;
  readonly codec: TaskingCodec;
  readonly board: TaskBoard;
  readonly requests: RequestProjection;
  readonly now: () => Date;
  readonly log: Logger;
}

/** Signs, seals, stores and sends a decided request event to the other agency; resolves once applied here. */
export async function publishRequestEvent(context: TaskingContext, event: RequestEvent): Promise<void> {
  await context.link.publish({ scope: event.requestId, recipients: [...event.recipients], ...context.codec.encodeEvent(event) });
}

/** The requests this agency made or received. */
export const heldRequests = (context: Pick<TaskingContext, 'requests'>): AssistanceRequestRecord[] => context.requests.states().flatMap((request) => (request ? [request] : []));

export function requireTask(context: TaskingContext, taskId: string): TaskRecord {
  const task = context.board.get(taskId);
  if (!task) throw new ConcordError(Code.NotFound, `${context.agency} has no task ${taskId}`);
  return task;
}

export function requireRequest(context: TaskingContext, requestId: string): AssistanceRequestRecord {
  const request = context.requests.state(requestId);
  if (!request) throw new ConcordError(Code.NotFound, `${context.agency} has no request ${requestId}`);
  return request;
}
