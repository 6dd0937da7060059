/** What the tasking handlers share: who we are, the task board, the request book and the link. */
import type { NatsConnection } from 'nats';
import { Code, ConcordError } from '@concord/errors';
import type { FederationLink } from '@concord/federation';
import type { TrustedManifest } from '@concord/manifest';
import type { Logger } from '@concord/service-kit';
import type { AssistanceRequestRecord } from './domain/assistance-request.js';
import type { TaskRecord } from './domain/task.js';
import type { RequestBook } from './request-book.js';
import type { TaskBoard } from './task-board.js';
import type { TaskingCodec, taskingWire } from './tasking-wire.js';
import type { SecretInputOf } from '@concord/sealing';
import type { z } from 'zod';

export interface TaskingContext {
  readonly agency: string;
  readonly trust: TrustedManifest;
  readonly nc: NatsConnection;
  readonly link: FederationLink;
  readonly codec: TaskingCodec;
  readonly board: TaskBoard;
  readonly requests: RequestBook;
  readonly now: () => Date;
  readonly log: Logger;
}

type Wire = typeof taskingWire;

/** Signs, seals, stores and sends a request event to the other agency; resolves once applied here. */
export async function publishRequestEvent<T extends keyof Wire>(
  context: TaskingContext,
  type: T,
  routing: z.output<Wire[T]['routing']>,
  secret: SecretInputOf<Wire, T>,
  to: string,
): Promise<void> {
  await context.link.publish({ scope: routing.requestId, recipients: [to], ...context.codec.encode(type, routing, secret, [to]) });
}

export function requireTask(context: TaskingContext, taskId: string): TaskRecord {
  const task = context.board.get(taskId);
  if (!task) throw new ConcordError(Code.NotFound, `${context.agency} has no task ${taskId}`);
  return task;
}

export function requireRequest(context: TaskingContext, requestId: string): AssistanceRequestRecord {
  const request = context.requests.get(requestId);
  if (!request) throw new ConcordError(Code.NotFound, `${context.agency} has no request ${requestId}`);
  return request;
}
