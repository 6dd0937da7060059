import { describe, expect, it } from 'vitest';
import type { Decision } from '@concord/decider';
import type { AlertEvent } from '../intel-wire.js';
import { alertDecider, type AlertCommand, type AlertFact, type AlertState } from './alert.js';
import type { TlpLabel } from './handling.js';

const decide = (command: AlertCommand, state: AlertState) => alertDecider.decide(command, state);
const evolve = (state: AlertState, fact: AlertFact) => alertDecider.evolve(state, fact);
const now = new Date('2027-03-01T00:00:00.000Z');
const alertId = '6b9f1f3e-2a4c-4d5e-9f8a-1b2c3d4e5f60';
const requestId = '0c7d2b4e-9a1f-4c3b-8e2d-5f6a7b8c9d01';
const content = { kind: 'other', title: 'Recruitment online', body: 'x', place: '', operationId: '', sourceReliability: 'c', informationCredibility: '3' } as const;

const foldOn = (from: AlertState, ...facts: AlertFact[]): AlertState => facts.reduce<AlertState>((state, fact) => evolve(state, fact).state, from);
const fold = (...facts: AlertFact[]): AlertState => foldOn(undefined, ...facts);
const eventsOf = (decision: Decision<AlertFact>) => ('events' in decision ? decision.events : decision.refusal);
const publish = (label: TlpLabel = 'amber', by = 'ID'): AlertCommand => ({ type: 'PublishAlert', alertId, by, now, recipients: ['AU', 'TH'], content, label, expiresAt: undefined });
const published = (label: TlpLabel = 'amber') => fold(...(eventsOf(decide(publish(label), undefined)) as AlertFact[]));
const received = (event: AlertEvent) => fold(...(eventsOf(decide(publish(event.type === 'alert.version' ? event.label : 'amber'), undefined)) as AlertFact[]), event);

describe('the alert decider: decide', () => {
  it('publishes version 1 for the named recipients, with a 30-day expiry by default, and refuses an expiry in the past or beyond 90 days, naming the field', () => {
    expect(eventsOf(decide(publish(), undefined))).toEqual([{ type: 'alert.version', from: 'ID', at: now, alertId, recipients: ['AU', 'TH'], ...content, version: 1, label: 'amber', expiresAt: '2027-03-31T00:00:00.000Z' }]);
    expect(eventsOf(decide({ ...publish(), expiresAt: now } as AlertCommand, undefined))).toMatchObject({ kind: 'invalid', violations: [{ path: 'expires_at', message: 'must be in the future' }] });
    expect(eventsOf(decide({ ...publish(), expiresAt: new Date('2027-06-01T00:00:00.000Z') } as AlertCommand, undefined))).toMatchObject({ kind: 'invalid', violations: [{ path: 'expires_at', message: 'must be at most 90 days ahead' }] });
  });

  it('lets only the originator update or revoke, an active alert only to update, and a revoked one not again', () => {
    const state = published();
    const update = { type: 'UpdateAlert', alertId, now, content, label: undefined, expiresAt: undefined } as const;
    expect(eventsOf(decide({ ...update, by: 'ID' }, state))).toMatchObject([{ type: 'alert.version', version: 2, label: 'amber', recipients: ['AU', 'TH'] }]);
    expect(eventsOf(decide({ ...update, by: 'AU' }, state))).toEqual({ kind: 'denied', message: `alert ${alertId} was published by ID; only it may change it` });
    expect(eventsOf(decide({ type: 'RevokeAlert', alertId, by: 'AU', now, reason: '' }, state))).toMatchObject({ kind: 'denied' });
    const revoked = foldOn(state, ...(eventsOf(decide({ type: 'RevokeAlert', alertId, by: 'ID', now, reason: 'withdrawn' }, state)) as AlertFact[]));
    expect(eventsOf(decide({ type: 'RevokeAlert', alertId, by: 'ID', now, reason: '' }, revoked))).toEqual({ kind: 'precondition', message: `alert ${alertId} is already revoked` });
    expect(eventsOf(decide({ ...update, by: 'ID' }, revoked))).toEqual({ kind: 'precondition', message: `alert ${alertId} is revoked` });
    expect(eventsOf(decide({ ...update, by: 'ID' }, undefined))).toEqual({ kind: 'not-found', message: `ID holds no alert ${alertId}` });
  });

  it('acknowledges a received version once, and never the agency\'s own alert', () => {
    const state = published();
    const acknowledge = { type: 'AcknowledgeAlert', alertId, now } as const;
    const [receipt] = eventsOf(decide({ ...acknowledge, by: 'AU' }, state)) as AlertFact[];
    expect(receipt).toMatchObject({ type: 'alert.receipt', recipients: ['ID'], version: 1, status: 'acknowledged' });
    expect(eventsOf(decide({ ...acknowledge, by: 'AU' }, foldOn(state, receipt!)))).toEqual([]);
    expect(eventsOf(decide({ ...acknowledge, by: 'ID' }, state))).toEqual({ kind: 'precondition', message: `alert ${alertId} is ID's own` });
  });

  it('sends feedback under AMBER to the originator and the other recipients, under RED to the originator alone', () => {
    const feedback = { type: 'AddFeedback', alertId, by: 'AU', now, feedbackId: requestId, originatorOnly: false, kind: 'seen', note: '', place: '', observedAt: undefined } as const;
    expect(eventsOf(decide(feedback, published('amber')))).toMatchObject([{ recipients: ['ID', 'TH'] }]);
    expect(eventsOf(decide(feedback, published('red')))).toMatchObject([{ recipients: ['ID'] }]);
    expect(eventsOf(decide({ ...feedback, by: 'ID' }, published('red')))).toMatchObject({ kind: 'precondition', message: expect.stringMatching(/^TLP:RED: feedback on your own alert would reach nobody/) });
  });

  it('asks to forward only what the label allows, to a member that does not hold it yet', () => {
    const ask = { type: 'RequestForward', alertId, by: 'AU', now, requestId, to: 'MY', reason: 'boards at Port Klang', toIsMember: true } as const;
    expect(eventsOf(decide(ask, published('amber')))).toMatchObject([{ type: 'alert.forward-request', recipients: ['ID'], to: 'MY' }]);
    expect(eventsOf(decide(ask, published('red')))).toMatchObject({ kind: 'precondition', message: 'TLP:RED is for its named recipients only: it cannot be forwarded' });
    expect(eventsOf(decide({ ...ask, toIsMember: false }, published('amber')))).toMatchObject({ kind: 'invalid', violations: [{ path: 'to_agency' }] });
    expect(eventsOf(decide({ ...ask, to: 'TH' }, published('amber')))).toEqual({ kind: 'already-exists', message: `TH already holds alert ${alertId}` });
  });

  it('approving a forward seals the current version for the new recipient alone, before the decision that tells the requester', () => {
    const request: AlertFact = { type: 'alert.forward-request', from: 'AU', at: now, recipients: ['ID'], alertId, requestId, to: 'MY', reason: 'boards at Port Klang' };
    const state = foldOn(published(), request);
    const approve = { type: 'DecideForward', alertId, by: 'ID', now, requestId, approve: true, reason: 'yes' } as const;
    expect(eventsOf(decide(approve, state))).toMatchObject([
      { type: 'alert.version', recipients: ['MY'], version: 1, forwardOf: requestId, title: content.title },
      { type: 'alert.forward-decision', recipients: ['AU'], approved: true },
    ]);
    const decidedState = foldOn(state, ...(eventsOf(decide(approve, state)) as AlertFact[]));
    expect(decidedState?.recipients.has('MY')).toBe(true);
    expect(eventsOf(decide(approve, decidedState))).toEqual({ kind: 'precondition', message: `forwarding request ${requestId} is already approved` });
  });
});

describe('the alert decider: evolve', () => {
  it('never changes a state in place: each event folds into a new record', () => {
    const state = published()!;
    const frozen = Object.freeze({ ...state, recipients: new Set(state.recipients), deliveries: new Map(state.deliveries) });
    const receipt: AlertFact = { type: 'alert.receipt', from: 'AU', at: now, recipients: ['ID'], alertId, version: 1, status: 'delivered' };
    const next = evolve(frozen, receipt).state!;
    expect(next).not.toBe(frozen);
    expect([frozen.deliveries.size, next.deliveries.get('AU')?.deliveredVersion]).toEqual([0, 1]);
  });

  it('ignores a repeated receipt as a replay, and a revocation by an agency not the originator', () => {
    const receipt: AlertFact = { type: 'alert.receipt', from: 'AU', at: now, recipients: ['ID'], alertId, version: 1, status: 'delivered' };
    expect(evolve(received(receipt), receipt)).toMatchObject({ ignored: expect.stringContaining('already'), replay: true });
    expect(evolve(published(), { type: 'alert.revoked', from: 'AU', at: now, recipients: ['ID'], alertId, reason: '' })).toMatchObject({ ignored: `alert ${alertId} belongs to ID; AU cannot revoke it` });
  });

  it('expires an active alert once its expiry passes, dropping its content, and not before', () => {
    const state = published();
    expect(evolve(state, { type: 'alert.expired', alertId, at: now }).ignored).toBeDefined();
    expect(evolve(state, { type: 'alert.expired', alertId, at: new Date('2027-03-31T00:00:00.000Z') }).state).toMatchObject({ status: 'expired', content: undefined });
  });
});
