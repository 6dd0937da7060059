/**
 * One alert, as its originator and every recipient see it, as a pure decider (`alertDecider`):
 * `decide` turns an analyst's command and the alert's state into the events to send (or a typed
 * refusal); `evolve` folds one stored event, from any agency, into the next state. The door's stricter
 * rule for what another agency sends (`admitAlertEvent`) is pure too: it also knows the time and who
 * is judging.
 *
 *   (none) -> active (alert.version 1) -> active (newer versions) -> revoked (alert.revoked, its origin)
 *   active -> expired (alert.expired: local, when its expiry passes; never stored nor sent)
 */
import { applied, decided, ignored, refuse, type Decider, type Decision, type Evolved } from '@concord/decider';
import type { AlertEvent } from '../intel-wire.js';
import type { AlertContent } from './alert-content.js';
import type { AlertRecord, FeedbackKind, RecipientState } from './alert-record.js';
import { feedbackMayReachRecipients, forwardRefusal, forwardRule, tlpText, type TlpLabel } from './handling.js';

export type AlertState = AlertRecord | undefined;

/** Expiry, as the agency's own clock sees it: folded like an event, but never stored nor sent. */
export interface AlertExpired {
  readonly type: 'alert.expired';
  readonly alertId: string;
  readonly at: Date;
}

/** What the projection folds: a stored event about one alert, or its expiry. */
export type AlertFact = AlertEvent | AlertExpired;

const day = 24 * 60 * 60_000;
export const defaultLifetimeMs = 30 * day;
export const maxLifetimeMs = 90 * day;

interface Issued {
  readonly alertId: string;
  /** The agency deciding: this one. */
  readonly by: string;
  readonly now: Date;
}

export type AlertCommand =
  | (Issued & { readonly type: 'PublishAlert'; readonly recipients: readonly string[]; readonly content: AlertContent; readonly label: TlpLabel; readonly expiresAt: Date | undefined })
  | (Issued & { readonly type: 'UpdateAlert'; readonly content: AlertContent; readonly label: TlpLabel | undefined; readonly expiresAt: Date | undefined })
  | (Issued & { readonly type: 'RevokeAlert'; readonly reason: string })
  | (Issued & { readonly type: 'AcknowledgeAlert' })
  | (Issued & { readonly type: 'AddFeedback'; readonly feedbackId: string; readonly originatorOnly: boolean; readonly kind: FeedbackKind; readonly note: string; readonly place: string; readonly observedAt: Date | undefined })
  | (Issued & { readonly type: 'RequestForward'; readonly requestId: string; readonly to: string; readonly reason: string; /** Whether `to` is an agency of the federation. */ readonly toIsMember: boolean })
  | (Issued & { readonly type: 'DecideForward'; readonly requestId: string; readonly approve: boolean; readonly reason: string });

type Sent<T extends AlertEvent['type']> = Extract<AlertEvent, { type: T }>;

export const alertDecider: Decider<AlertCommand, AlertFact, AlertState> = {
  initialState: () => undefined,
  decide,
  evolve,
};

function decide(command: AlertCommand, state: AlertState): Decision<AlertFact> {
  const sent = { from: command.by, at: command.now, alertId: command.alertId };
  if (command.type === 'PublishAlert') {
    if (state) return refuse.alreadyExists(`alert ${command.alertId} exists already`);
    const expiresAt = expiryOf(command.expiresAt, command.now);
    if (typeof expiresAt !== 'string') return expiresAt;
    return decided<Sent<'alert.version'>>({ type: 'alert.version', ...sent, recipients: command.recipients, ...command.content, version: 1, label: command.label, expiresAt });
  }
  if (!state) return refuse.notFound(`${command.by} holds no alert ${command.alertId}`);
  switch (command.type) {
    case 'UpdateAlert': {
      const own = requireOwn(state, command.by);
      if (own) return own;
      const expiresAt = command.expiresAt ? expiryOf(command.expiresAt, command.now) : state.expiresAt.toISOString();
      if (typeof expiresAt !== 'string') return expiresAt;
      return decided<Sent<'alert.version'>>({ type: 'alert.version', ...sent, recipients: [...state.recipients], ...command.content, version: state.version + 1, label: command.label ?? state.label, expiresAt });
    }
    case 'RevokeAlert': {
      if (state.origin !== command.by) return refuse.denied(`alert ${state.id} was published by ${state.origin}; only it may revoke it`);
      if (state.status === 'revoked') return refuse.precondition(`alert ${state.id} is already revoked`);
      const revokedAlert = { version: state.version, label: state.label, expiresAt: state.expiresAt.toISOString(), publishedAt: state.publishedAt.toISOString() };
      return decided<Sent<'alert.revoked'>>({ type: 'alert.revoked', ...sent, recipients: [...state.recipients], reason: command.reason, revokedAlert });
    }
    case 'AcknowledgeAlert': {
      const received = requireReceived(state, command.by);
      if (received) return received;
      // Acknowledged already: nothing to send, and no error either.
      if ((state.deliveries.get(command.by)?.acknowledgedVersion ?? 0) >= state.version) return decided();
      return decided<Sent<'alert.receipt'>>({ type: 'alert.receipt', ...sent, recipients: [state.origin], version: state.version, status: 'acknowledged' });
    }
    case 'AddFeedback': {
      const active = requireActive(state);
      if (active) return active;
      const others = !command.originatorOnly && feedbackMayReachRecipients(state.label) ? [...state.recipients] : [];
      const audience = [state.origin, ...others].filter((id) => id !== command.by);
      if (audience.length === 0) {
        return refuse.precondition(`${tlpText(state.label)}: feedback on your own alert would reach nobody; it goes to other recipients only under CLEAR, GREEN or AMBER`);
      }
      const observed = command.observedAt ? { observedAt: command.observedAt.toISOString() } : {};
      return decided<Sent<'alert.feedback'>>({ type: 'alert.feedback', ...sent, recipients: audience, feedbackId: command.feedbackId, kind: command.kind, note: command.note, place: command.place, ...observed });
    }
    case 'RequestForward': {
      const received = requireReceived(state, command.by);
      if (received) return received;
      if (forwardRule(state.label) === 'forbidden') return refuse.precondition(forwardRefusal(state.label));
      if (!command.toIsMember) return refuse.invalid([{ path: 'to_agency', message: `${command.to} is not an agency of the federation` }], 'invalid request');
      if (command.to === command.by || command.to === state.origin || state.recipients.has(command.to)) return refuse.alreadyExists(`${command.to} already holds alert ${state.id}`);
      return decided<Sent<'alert.forward-request'>>({ type: 'alert.forward-request', ...sent, recipients: [state.origin], requestId: command.requestId, to: command.to, reason: command.reason });
    }
    case 'DecideForward':
      return decideForward(command, state);
  }
}

/** Approval seals the current version anew for the new recipient alone, then tells the requester. */
function decideForward(command: Extract<AlertCommand, { type: 'DecideForward' }>, state: AlertRecord): Decision<AlertFact> {
  const own = requireOwn(state, command.by);
  if (own) return own;
  const request = state.forwardRequests.get(command.requestId);
  if (!request) return refuse.notFound(`alert ${state.id} has no forwarding request ${command.requestId}`);
  if (request.status !== 'pending') return refuse.precondition(`forwarding request ${command.requestId} is already ${request.status}`);
  if (command.approve && forwardRule(state.label) === 'forbidden') return refuse.precondition(forwardRefusal(state.label));
  const sent = { from: command.by, at: command.now, alertId: state.id };
  const decision: Sent<'alert.forward-decision'> = { type: 'alert.forward-decision', ...sent, recipients: [request.requestedBy], requestId: request.id, approved: command.approve, reason: command.reason };
  if (!command.approve || state.recipients.has(request.to) || !state.content) return decided(decision);
  const copy: Sent<'alert.version'> = { type: 'alert.version', ...sent, recipients: [request.to], ...state.content, version: state.version, label: state.label, expiresAt: state.expiresAt.toISOString(), forwardOf: request.id };
  return decided<AlertFact>(copy, decision);
}

function expiryOf(requested: Date | undefined, now: Date): string | Decision<never> {
  const at = now.getTime();
  const expiresAt = requested ?? new Date(at + defaultLifetimeMs);
  if (expiresAt.getTime() <= at) return refuse.invalid([{ path: 'expires_at', message: 'must be in the future' }], 'invalid request');
  if (expiresAt.getTime() > at + maxLifetimeMs) return refuse.invalid([{ path: 'expires_at', message: 'must be at most 90 days ahead' }], 'invalid request');
  return expiresAt.toISOString();
}

function requireActive(state: AlertRecord): Decision<never> | undefined {
  return state.status === 'active' ? undefined : refuse.precondition(`alert ${state.id} is ${state.status}`);
}

function requireOwn(state: AlertRecord, by: string): Decision<never> | undefined {
  return requireActive(state) ?? (state.origin === by ? undefined : refuse.denied(`alert ${state.id} was published by ${state.origin}; only it may change it`));
}

function requireReceived(state: AlertRecord, by: string): Decision<never> | undefined {
  return requireActive(state) ?? (state.origin === by ? refuse.precondition(`alert ${state.id} is ${by}'s own`) : undefined);
}

function evolve(state: AlertState, fact: AlertFact): Evolved<AlertState> {
  if (fact.type === 'alert.version') return evolveVersion(state, fact);
  if (fact.type === 'alert.revoked') {
    const target = state ?? tombstone(fact);
    if (target.origin !== fact.from) return ignored(state, `alert ${fact.alertId} belongs to ${target.origin}; ${fact.from} cannot revoke it`);
    return applied(withoutContent({ ...target, status: 'revoked', revocationReason: fact.reason, updatedAt: fact.at }));
  }
  if (!state) return ignored(state, `no alert ${fact.alertId} is held`);
  switch (fact.type) {
    case 'alert.expired':
      if (state.status !== 'active' || state.expiresAt > fact.at) return ignored(state, `alert ${state.id} is ${state.status}, to expire at ${state.expiresAt.toISOString()}`);
      return applied(withoutContent({ ...state, status: 'expired' }));
    case 'alert.receipt':
      return evolveReceipt(state, fact);
    // Without content (revoked, expired), an alert keeps neither feedback nor requests: they are erased.
    case 'alert.feedback': {
      if (!state.content) return applied(state);
      const observed = fact.observedAt ? { observedAt: new Date(fact.observedAt) } : {};
      return applied({ ...state, feedback: [...state.feedback, { id: fact.feedbackId, agency: fact.from, kind: fact.kind, note: fact.note, place: fact.place, ...observed, recordedAt: fact.at }] });
    }
    case 'alert.forward-request': {
      if (!state.content) return applied(state);
      const request = { id: fact.requestId, requestedBy: fact.from, to: fact.to, reason: fact.reason, requestedAt: fact.at, status: 'pending', decisionReason: '' } as const;
      return applied({ ...state, forwardRequests: new Map(state.forwardRequests).set(fact.requestId, request) });
    }
    case 'alert.forward-decision': {
      const request = state.forwardRequests.get(fact.requestId);
      if (!state.content || !request) return applied(state);
      const decidedRequest = { ...request, status: fact.approved ? 'approved' : 'refused', decisionReason: fact.reason } as const;
      return applied({ ...state, forwardRequests: new Map(state.forwardRequests).set(fact.requestId, decidedRequest) });
    }
  }
}

function evolveVersion(state: AlertState, event: Sent<'alert.version'>): Evolved<AlertState> {
  const { type: _type, from, at, recipients, alertId, version, label, expiresAt, forwardOf: _forwardOf, ...content } = event;
  if (!state) {
    return applied({
      id: alertId,
      origin: from,
      version,
      label,
      expiresAt: new Date(expiresAt),
      recipients: new Set(recipients),
      status: 'active',
      content,
      publishedAt: at,
      updatedAt: at,
      deliveries: new Map(),
      feedback: [],
      forwardRequests: new Map(),
      revocationReason: '',
    });
  }
  // Another agency's, an ended alert's or an older version: held as it was (its content is erased).
  if (state.origin !== from || state.status !== 'active' || version < state.version) return applied(state);
  const told = new Set([...state.recipients, ...recipients]);
  // The same version sealed anew for an agency it was forwarded to.
  if (version === state.version) return applied({ ...state, recipients: told });
  return applied({ ...state, version, label, expiresAt: new Date(expiresAt), content, updatedAt: at, recipients: told });
}

function evolveReceipt(state: AlertRecord, receipt: Sent<'alert.receipt'>): Evolved<AlertState> {
  const held: RecipientState = state.deliveries.get(receipt.from) ?? { deliveredVersion: 0, acknowledgedVersion: 0 };
  const delivered = receipt.status === 'delivered';
  if (receipt.version <= (delivered ? held.deliveredVersion : held.acknowledgedVersion)) {
    return ignored(state, `${receipt.from} reported version ${receipt.version} of alert ${state.id} ${receipt.status} already`, true);
  }
  const next: RecipientState = delivered ? { ...held, deliveredVersion: receipt.version, deliveredAt: receipt.at } : { ...held, acknowledgedVersion: receipt.version, acknowledgedAt: receipt.at };
  return applied({ ...state, deliveries: new Map(state.deliveries).set(receipt.from, next) });
}

/** A revoked alert whose versions this agency does not hold (erased, or never received). */
function tombstone(event: Sent<'alert.revoked'>): AlertRecord {
  const revoked = event.revokedAlert;
  return {
    id: event.alertId,
    origin: event.from,
    version: revoked?.version ?? 0,
    label: revoked?.label ?? 'red',
    expiresAt: revoked ? new Date(revoked.expiresAt) : event.at,
    recipients: new Set(event.recipients),
    status: 'revoked',
    content: undefined,
    publishedAt: revoked ? new Date(revoked.publishedAt) : event.at,
    updatedAt: event.at,
    deliveries: new Map(),
    feedback: [],
    forwardRequests: new Map(),
    revocationReason: '',
  };
}

/** Drops the content and everything that carried it: feedback and forwarding requests too. */
const withoutContent = (record: AlertRecord): AlertRecord => ({ ...record, content: undefined, feedback: [], forwardRequests: new Map() });

const replay = (detail: string) => ({ reason: 'replay', detail }) as const;
const refused = (detail: string) => ({ reason: 'refused', detail }) as const;
export type Admission = ReturnType<typeof replay> | ReturnType<typeof refused>;

/**
 * Whether `me` may store an event another agency sent about an alert it holds as `state`, at `now`:
 * undefined when it may. Stricter than the fold, which must take whatever is already stored.
 */
export function admitAlertEvent(state: AlertState, event: AlertEvent, me: string, now: Date): Admission | undefined {
  if (state && state.origin !== event.from && (event.type === 'alert.version' || event.type === 'alert.revoked')) {
    return replay(`alert ${event.alertId} belongs to ${state.origin}; ${event.from} cannot publish or revoke it`);
  }
  switch (event.type) {
    case 'alert.version':
      if (new Date(event.expiresAt) <= now) return refused(`alert ${event.alertId} expired at ${event.expiresAt}`);
      if (!state) return undefined;
      if (state.status === 'revoked') return replay(`alert ${event.alertId} was revoked`);
      if (state.status === 'expired') return replay(`alert ${event.alertId} has expired`);
      if (event.version <= state.version) return replay(`alert ${event.alertId} version ${event.version} is not newer than version ${state.version}, already held`);
      return undefined;
    case 'alert.revoked':
      return undefined;
    case 'alert.receipt':
      if (!state || state.origin !== me) return refused(`receipt for alert ${event.alertId}, which ${me} did not publish`);
      if (!state.recipients.has(event.from)) return refused(`${event.from} is not a recipient of alert ${event.alertId}`);
      return undefined;
    case 'alert.feedback':
      if (!state) return refused(`feedback on alert ${event.alertId}, which ${me} does not hold`);
      if (event.from !== state.origin && !state.recipients.has(event.from)) return refused(`${event.from} is not a recipient of alert ${event.alertId}`);
      return undefined;
    case 'alert.forward-request':
      if (!state || state.origin !== me) return refused(`forwarding request for alert ${event.alertId}, which ${me} did not publish`);
      if (!state.recipients.has(event.from)) return refused(`${event.from} is not a recipient of alert ${event.alertId}`);
      if (state.forwardRequests.has(event.requestId)) return replay(`forwarding request ${event.requestId} was already received`);
      return undefined;
    case 'alert.forward-decision':
      if (!state || state.origin !== event.from) return refused(`only the originator of alert ${event.alertId} decides on forwarding it`);
      return undefined;
  }
}

/** Only the stored events of these types carry sealed content that revocation and expiry erase. */
export const carriesContent = (fact: AlertFact): boolean => fact.type === 'alert.version' || fact.type === 'alert.feedback' || fact.type === 'alert.forward-request' || fact.type === 'alert.forward-decision';

