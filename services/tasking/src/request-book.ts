/**
 * The requests for assistance this agency made or received, folded from its tasking store in store
 * order. It also judges each inbound event against what it holds, so that an answer from the wrong
 * agency, or one that does not fit the request's status, is refused before it is stored.
 */
import { Rejection, type Refusal } from '@concord/federation';
import { requestMoveRefusal, type AssistanceRequestRecord, type RequestStatus } from './domain/assistance-request.js';
import type { TaskingEvent } from './tasking-wire.js';

export class RequestBook {
  readonly #requests = new Map<string, AssistanceRequestRecord>();
  readonly #listeners = new Set<(request: AssistanceRequestRecord) => void>();

  get(requestId: string): AssistanceRequestRecord | undefined {
    return this.#requests.get(requestId);
  }

  all(): AssistanceRequestRecord[] {
    return [...this.#requests.values()];
  }

  subscribe(listener: (request: AssistanceRequestRecord) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Whether an inbound event may be stored, given what this agency holds. */
  check(event: TaskingEvent): Refusal | undefined {
    const request = this.#requests.get(event.requestId);
    if (event.type === 'request.sent') {
      return request ? { reason: Rejection.Replay, detail: `request ${event.requestId} was already received` } : undefined;
    }
    if (!request) return { reason: Rejection.Refused, detail: `no request ${event.requestId} is known here` };
    const refusal = requestMoveRefusal(request, statusOf(event), event.from);
    return refusal ? { reason: Rejection.Refused, detail: refusal.detail } : undefined;
  }

  apply(event: TaskingEvent): void {
    const changed = this.#fold(event);
    if (changed) for (const listener of this.#listeners) listener(changed);
  }

  #fold(event: TaskingEvent): AssistanceRequestRecord | undefined {
    if (event.type === 'request.sent') {
      if (this.#requests.has(event.requestId)) return undefined;
      const created: AssistanceRequestRecord = {
        id: event.requestId,
        from: event.from,
        to: event.recipients[0]!,
        kind: event.kind,
        subject: event.subject,
        details: event.details,
        dueAt: new Date(event.dueAt),
        alertId: event.alertId,
        actionId: event.actionId,
        operationId: event.operationId,
        status: 'requested',
        answer: '',
        history: [{ status: 'requested', at: event.at, note: event.details, by: event.from }],
        createdAt: event.at,
        updatedAt: event.at,
      };
      this.#requests.set(created.id, created);
      return created;
    }
    const request = this.#requests.get(event.requestId);
    const to = statusOf(event);
    // The same rule as at the door: what does not fit is ignored, identically at both agencies.
    if (!request || requestMoveRefusal(request, to, event.from)) return undefined;
    const note = event.type === 'request.reported' ? event.note : event.reason;
    request.status = to;
    request.answer = note;
    request.updatedAt = event.at;
    request.history.push({ status: to, at: event.at, note, by: event.from });
    return request;
  }
}

function statusOf(event: Exclude<TaskingEvent, { type: 'request.sent' }>): RequestStatus {
  switch (event.type) {
    case 'request.answered':
      return event.accepted ? 'accepted' : 'declined';
    case 'request.reported':
      return event.status;
    case 'request.cancelled':
      return 'cancelled';
  }
}
