/**
 * A request for assistance between two agencies, as both see it, as a pure decider (`requestDecider`).
 * Its status follows the events the two exchange; an event that does not fit the current status is
 * refused at the door and ignored in the fold (one rule, `evolve`), so both agencies end in the same state.
 *
 *   requested -> accepted | declined (the requested agency)
 *   accepted | in-progress -> in-progress | fulfilled | unable (the requested agency)
 *   requested | accepted | in-progress -> cancelled (the requester)
 */
import { applied, decided, ignored, refuse, type Decider, type Decision, type Evolved } from '@concord/decider';

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
  readonly status: RequestStatus;
  readonly answer: string;
  readonly history: readonly RequestStatusChange[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
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

export type ReportedStatus = 'in-progress' | 'fulfilled' | 'unable';

/** The events both agencies hold, as their wire table decodes them (`recipients`: the other agency). */
export type RequestEvent =
  | {
      readonly type: 'request.sent';
      readonly requestId: string;
      readonly from: string;
      readonly recipients: readonly string[];
      readonly at: Date;
      /** ISO 8601, as the wire carries it. */
      readonly dueAt: string;
      readonly kind: AssistanceKind;
      readonly subject: string;
      readonly details: string;
      readonly alertId: string;
      readonly actionId: string;
      readonly operationId: string;
    }
  | { readonly type: 'request.answered'; readonly requestId: string; readonly from: string; readonly recipients: readonly string[]; readonly at: Date; readonly accepted: boolean; readonly reason: string }
  | { readonly type: 'request.reported'; readonly requestId: string; readonly from: string; readonly recipients: readonly string[]; readonly at: Date; readonly status: ReportedStatus; readonly note: string }
  | { readonly type: 'request.cancelled'; readonly requestId: string; readonly from: string; readonly recipients: readonly string[]; readonly at: Date; readonly reason: string };

type SentFields = Omit<Extract<RequestEvent, { type: 'request.sent' }>, 'type' | 'from' | 'recipients' | 'at' | 'dueAt'>;

/** `by` is the acting agency; `now` its clock; `agencies` the federation's, to check the addressee. */
export type RequestCommand =
  | { readonly type: 'RequestAssistance'; readonly by: string; readonly to: string; readonly agencies: readonly string[]; readonly dueAt: Date; readonly now: Date; readonly fields: SentFields }
  | { readonly type: 'AnswerRequest'; readonly requestId: string; readonly by: string; readonly accept: boolean; readonly reason: string; readonly now: Date }
  | { readonly type: 'ReportOnRequest'; readonly requestId: string; readonly by: string; readonly status: ReportedStatus; readonly note: string; readonly now: Date }
  | { readonly type: 'CancelRequest'; readonly requestId: string; readonly by: string; readonly reason: string; readonly now: Date };

/** Absent until its request.sent is folded. */
export type RequestState = AssistanceRequestRecord | undefined;

function statusOf(event: Exclude<RequestEvent, { type: 'request.sent' }>): RequestStatus {
  switch (event.type) {
    case 'request.answered':
      return event.accepted ? 'accepted' : 'declined';
    case 'request.reported':
      return event.status;
    case 'request.cancelled':
      return 'cancelled';
  }
}

/** A move of the request by `by`, refused as the other agency would refuse it, with the status code that says who can act. */
function move(request: AssistanceRequestRecord, to: RequestStatus, by: string, event: Exclude<RequestEvent, { type: 'request.sent' }>): Decision<RequestEvent> {
  const refusal = requestMoveRefusal(request, to, by);
  if (refusal) return refusal.kind === 'not-yours' ? refuse.denied(refusal.detail) : refuse.precondition(refusal.detail);
  return decided(event);
}

function decide(command: RequestCommand, state: RequestState): Decision<RequestEvent> {
  if (command.type === 'RequestAssistance') {
    if (command.to === command.by || !command.agencies.includes(command.to)) {
      return refuse.invalid([{ path: 'to_agency', message: command.to === command.by ? 'is this agency itself' : `${command.to} is not an agency of the federation` }], 'invalid request');
    }
    if (command.dueAt <= command.now) return refuse.invalid([{ path: 'due_at', message: 'must be in the future' }], 'invalid request');
    if (state) return refuse.alreadyExists(`request ${state.id} exists already`);
    return decided({ type: 'request.sent', from: command.by, recipients: [command.to], at: command.now, dueAt: command.dueAt.toISOString(), ...command.fields });
  }
  if (!state) return refuse.notFound(`${command.by} has no request ${command.requestId}`);
  const base = { requestId: state.id, from: command.by, at: command.now };
  switch (command.type) {
    case 'AnswerRequest':
      return move(state, command.accept ? 'accepted' : 'declined', command.by, { type: 'request.answered', ...base, recipients: [state.from], accepted: command.accept, reason: command.reason });
    case 'ReportOnRequest':
      return move(state, command.status, command.by, { type: 'request.reported', ...base, recipients: [state.from], status: command.status, note: command.note });
    case 'CancelRequest':
      return move(state, 'cancelled', command.by, { type: 'request.cancelled', ...base, recipients: [state.to], reason: command.reason });
  }
}

function evolve(state: RequestState, event: RequestEvent): Evolved<RequestState> {
  if (event.type === 'request.sent') {
    if (state) return ignored(state, `request ${event.requestId} was already received`, true);
    return applied({
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
    });
  }
  if (!state) return ignored(state, `no request ${event.requestId} is known here`);
  const to = statusOf(event);
  const refusal = requestMoveRefusal(state, to, event.from);
  if (refusal) return ignored(state, refusal.detail);
  const note = event.type === 'request.reported' ? event.note : event.reason;
  return applied({ ...state, status: to, answer: note, updatedAt: event.at, history: [...state.history, { status: to, at: event.at, note, by: event.from }] });
}

export const requestDecider: Decider<RequestCommand, RequestEvent, RequestState> = { initialState: () => undefined, decide, evolve };
