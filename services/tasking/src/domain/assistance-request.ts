/**
 * A request for assistance between two agencies, as both see it. Its status follows the events the two
 * exchange; an event that does not fit the current status is refused at the door and ignored in the
 * fold, so both agencies end in the same state.
 *
 *   requested -> accepted | declined (the requested agency)
 *   accepted | in-progress -> in-progress | fulfilled | unable (the requested agency)
 *   requested | accepted | in-progress -> cancelled (the requester)
 */
export const assistanceKinds = ['inspect-vessel', 'verify-passport', 'trace-phone', 'share-records', 'hold-for-interview', 'other'] as const;
export type AssistanceKind = (typeof assistanceKinds)[number];
export const requestStatuses = ['requested', 'accepted', 'declined', 'in-progress', 'fulfilled', 'unable', 'cancelled'] as const;
export type RequestStatus = (typeof requestStatuses)[number];

export interface RequestStatusChange {
  readonly status: RequestStatus;
  readonly at: Date;
  readonly note: string;
  readonly by: string;
}

export interface AssistanceRequestRecord {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly kind: AssistanceKind;
  readonly subject: string;
  readonly details: string;
  readonly dueAt: Date;
  readonly alertId: string;
  readonly actionId: string;
  readonly operationId: string;
  status: RequestStatus;
  answer: string;
  readonly history: RequestStatusChange[];
  readonly createdAt: Date;
  updatedAt: Date;
}

const open: readonly RequestStatus[] = ['requested', 'accepted', 'in-progress'];
export const isRequestOpen = (request: Pick<AssistanceRequestRecord, 'status'>) => open.includes(request.status);
export const isRequestOverdue = (request: Pick<AssistanceRequestRecord, 'status' | 'dueAt'>, now: Date) => isRequestOpen(request) && request.dueAt <= now;

/** Why a move is refused: it is not this agency's to make, or the request's status does not allow it. */
export interface RequestMoveRefusal {
  readonly kind: 'not-yours' | 'status';
  readonly detail: string;
}

/** Who may move a request to `to`, and from where; undefined when the move is allowed. */
export function requestMoveRefusal(request: AssistanceRequestRecord, to: RequestStatus, by: string): RequestMoveRefusal | undefined {
  const requester = to === 'cancelled';
  if (requester && by !== request.from) return { kind: 'not-yours', detail: `only ${request.from}, which made request ${request.id}, may cancel it` };
  if (!requester && by !== request.to) return { kind: 'not-yours', detail: `request ${request.id} is addressed to ${request.to}; ${by} cannot answer it` };
  const from: readonly RequestStatus[] = to === 'accepted' || to === 'declined' ? ['requested'] : to === 'cancelled' ? open : ['accepted', 'in-progress'];
  if (!from.includes(request.status)) return { kind: 'status', detail: `request ${request.id} is ${request.status}: it cannot become ${to}` };
  return undefined;
}
