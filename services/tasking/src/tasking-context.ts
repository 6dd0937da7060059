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

/** What a decided event seals: all but its type, routing (the request id) and what the envelope carries. */
function secretOf<E extends RequestEvent>(event: E): Omit<E, 'type' | 'requestId' | 'from' | 'at' | 'recipients'> {
  const { type: _type, requestId: _requestId, from: _from, at: _at, recipients: _recipients, ...secret } = event;
  return secret;
}

/** One branch per type: only inside a narrowed branch does TypeScript tie an event's secret to its own wire row. */
function sealed(codec: TaskingCodec, event: RequestEvent) {
  const routing = { requestId: event.requestId };
  switch (event.type) {
    case 'request.sent':
      return codec.encode(event.type, routing, secretOf(event), event.recipients);
    case 'request.answered':
      return codec.encode(event.type, routing, secretOf(event), event.recipients);
    case 'request.reported':
      return codec.encode(event.type, routing, secretOf(event), event.recipients);
    case 'request.cancelled':
      return codec.encode(event.type, routing, secretOf(event), event.recipients);
  }
}

/** Signs, seals, stores and sends a decided request event to the other agency; resolves once applied here. */
export async function publishRequestEvent(context: TaskingContext, event: RequestEvent): Promise<void> {
  await context.link.publish({ scope: event.requestId, recipients: [...event.recipients], ...sealed(context.codec, event) });
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
