/**
 * What an agency releases of a request for assistance to an operation's shared timeline: who asked whom,
 * and how it ended, with its times (for the debrief's turnaround figures). Never what was asked, nor the
 * tasks that answered it. Only a participant that is one of the two agencies releases it.
 */
import type { Lifecycle } from './operation.js';

export const requestOutcomes = ['fulfilled', 'declined', 'unable', 'cancelled'] as const;
export type RequestOutcome = (typeof requestOutcomes)[number];

export interface ReleasedRequest {
  readonly requestId: string;
  readonly from: string;
  readonly to: string;
  readonly outcome: RequestOutcome;
  readonly requestedAt: Date;
  readonly closedAt: Date;
}

export interface RequestOutcomeEvent {
  readonly type: 'request.released';
  readonly by: string;
  readonly operationId: string;
  readonly request: ReleasedRequest;
  readonly at: Date;
}

export function evolveRequestOutcomes(released: Map<string, ReleasedRequest>, lifecycle: Lifecycle | undefined, event: RequestOutcomeEvent): { released: Map<string, ReleasedRequest>; ignored?: string } {
  const ignore = (ignored: string) => ({ released, ignored });
  if (!lifecycle) return ignore('no such operation');
  const { request } = event;
  if (event.by !== request.from && event.by !== request.to) return ignore(`${event.by} is neither side of request ${request.requestId}`);
  if (!lifecycle.operation.participants.includes(event.by)) return ignore(`${event.by} is not a participant`);
  if (released.has(request.requestId)) return ignore('the request was released already');
  return { released: released.set(request.requestId, request) };
}
