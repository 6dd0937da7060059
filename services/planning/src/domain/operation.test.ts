import { describe, expect, it } from 'vitest';
import { eventsOf } from '@concord/decider';
import { ConcordError } from '@concord/errors';
import { absent, dueTransition, evolve, nextTransitionAt, operationDecider, type OperationCommand, type OperationEvent, type OperationState, type TermsInput } from './operation.js';

const federation = {
  agencies: [
    { id: 'AU', role: 'participant' as const },
    { id: 'ID', role: 'participant' as const },
    { id: 'TH', role: 'participant' as const },
    { id: 'NZ', role: 'member' as const },
    { id: 'UNODC', role: 'international-organisation' as const },
  ],
};
const now = new Date('2027-01-01T00:00:00Z');
const period = { start: new Date('2027-02-01T00:00:00Z'), end: new Date('2027-03-01T00:00:00Z') };
const terms: TermsInput = { name: 'Coral Tide', coChairs: [], participants: ['ID', 'TH'], supporters: ['UNODC'], period };

/** Given these events, folded in order. */
function given(...events: OperationEvent[]): OperationState {
  return events.reduce<OperationState>((state, event) => evolve(state, event).state, absent);
}
/** When this command is decided against the state. */
const decider = operationDecider(federation);
/** When this command is decided against the state: its events, or its refusal thrown as the handler would. */
const when = (state: OperationState, command: OperationCommand) => eventsOf(decider.decide(command, state));

function violations(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConcordError) return error.violations.length > 0 ? error.violations.map((v) => `${v.path}: ${v.message}`) : [error.message];
    throw error;
  }
  return [];
}

const [proposed] = when(absent, { type: 'ProposeOperation', operationId: 'op-1', lead: 'AU', terms, now }) as [OperationEvent];
const respond = (by: string, kind: 'accepted' | 'declined', version = 1): OperationEvent =>
  kind === 'accepted'
    ? { type: 'operation.accepted', by, operationId: 'op-1', version, participant: by, at: now }
    : { type: 'operation.declined', by, operationId: 'op-1', version, participant: by, reason: 'dates clash', at: now };
const transition = (type: 'operation.agreed' | 'operation.activated' | 'operation.concluded', by = 'AU', version = 1): OperationEvent => ({ type, by, operationId: 'op-1', version, at: now });

describe('proposing an operation', () => {
  it('records the lead as participant and first co-chair, sorted lists, version 1, and the lead as accepted', () => {
    expect(proposed).toMatchObject({ type: 'operation.proposed', by: 'AU', operation: { id: 'op-1', version: 1, coChairs: ['AU'], participants: ['AU', 'ID', 'TH'], supporters: ['UNODC'] } });
    const state = given(proposed);
    expect(state).toMatchObject({ status: 'proposed' });
    expect(state.status !== 'absent' && [...state.responses.keys()]).toEqual(['AU']);
  });

  it('refuses members as participants, participants as supporters, strangers, and co-chairs who do not take part', () => {
    expect(violations(() => when(absent, { type: 'ProposeOperation', operationId: 'x', lead: 'AU', terms: { ...terms, participants: ['NZ', 'XX'], supporters: ['ID'], coChairs: ['AU', 'TH'] }, now }))).toEqual([
      'participants[0]: NZ is a member, not a participant',
      'participants[1]: XX is not an agency of the federation',
      'supporters[0]: ID is a participant, not a international-organisation',
      'co_chairs[1]: TH must be a participant',
    ]);
  });

  it('refuses a period that ends before it starts, or that has ended, and a co-chair list without the lead', () => {
    expect(violations(() => when(absent, { type: 'ProposeOperation', operationId: 'x', lead: 'AU', terms: { ...terms, period: { start: period.end, end: period.start } }, now }))).toEqual([
      'period.end: must be after period.start',
    ]);
    expect(violations(() => when(absent, { type: 'ProposeOperation', operationId: 'x', lead: 'AU', terms: { ...terms, coChairs: ['ID'] }, now }))).toEqual(['co_chairs: must include AU, who proposes']);
    const past = { start: new Date('2026-01-01T00:00:00Z'), end: new Date('2026-02-01T00:00:00Z') };
    expect(violations(() => when(absent, { type: 'ProposeOperation', operationId: 'x', lead: 'AU', terms: { ...terms, period: past }, now }))).toEqual(['period.end: must lie in the future (an operation that already took place is recorded after the fact)']);
  });

  it('honours the co-chairs in the order given, or refuses and says how to get a lead', () => {
    const [event] = when(absent, { type: 'ProposeOperation', operationId: 'x', lead: 'AU', terms: { ...terms, coChairs: ['AU', 'ID'] }, now });
    expect(event).toMatchObject({ operation: { coChairs: ['AU', 'ID'] } });
    expect(violations(() => when(absent, { type: 'ProposeOperation', operationId: 'x', lead: 'AU', terms: { ...terms, coChairs: ['ID', 'AU'] }, now }))).toEqual([
      'co_chairs[0]: the lead comes first and AU leads, as the agency that proposes: give AU,ID; for ID to lead, ID creates the operation',
    ]);
  });

  it('refuses a proposal from an agency that does not take part in operations', () => {
    expect(violations(() => when(absent, { type: 'ProposeOperation', operationId: 'x', lead: 'NZ', terms: { ...terms, participants: ['AU', 'ID'] }, now }))).toEqual(['NZ is not a participating agency (its role is member): only participating agencies create operations']);
  });

  it('records an operation after the fact only with a period in the past, and never concludes it on its own', () => {
    const past = { start: new Date('2026-01-01T00:00:00Z'), end: new Date('2026-02-01T00:00:00Z') };
    expect(violations(() => when(absent, { type: 'ProposeOperation', operationId: 'x', lead: 'AU', terms: { ...terms, recorded: true }, now }))).toEqual(['period.end: must lie in the past for an operation recorded after the fact']);
    const [recorded] = when(absent, { type: 'ProposeOperation', operationId: 'op-1', lead: 'AU', terms: { ...terms, period: past, recorded: true }, now }) as [OperationEvent];
    expect(recorded).toMatchObject({ operation: { recorded: true } });
    const agreed = given(recorded, respond('ID', 'accepted'), respond('TH', 'accepted'), transition('operation.agreed'));
    expect(dueTransition(agreed, now)).toBeUndefined();
    expect(when(agreed, { type: 'ConcludeOperation', by: 'AU', reason: 'recorded in full', now })).toMatchObject([{ type: 'operation.concluded', by: 'AU', reason: 'recorded in full' }]);
  });
});

describe('cancelling and concluding by hand', () => {
  const coChaired = when(absent, { type: 'ProposeOperation', operationId: 'op-1', lead: 'AU', terms: { ...terms, coChairs: ['AU', 'ID'] }, now }) as [OperationEvent];
  const agreed = given(...coChaired, respond('ID', 'accepted'), respond('TH', 'accepted'), transition('operation.agreed'));

  it('given an agreed operation, when the second co-chair concludes it early, then it is concluded everywhere', () => {
    const events = when(agreed, { type: 'ConcludeOperation', by: 'ID', reason: '', now });
    expect(events).toMatchObject([{ type: 'operation.concluded', by: 'ID', version: 1 }]);
    expect(evolve(agreed, events[0]!).state.status).toBe('concluded');
  });

  it('given a proposal, a co-chair cancels it; a participant who does not co-chair may not; nothing over is cancelled', () => {
    const state = given(...coChaired);
    expect(violations(() => when(state, { type: 'CancelOperation', by: 'TH', reason: '', now }))).toEqual(['only a co-chair (AU, ID) may cancel operation op-1']);
    expect(violations(() => when(state, { type: 'ConcludeOperation', by: 'AU', reason: '', now }))).toEqual(['operation op-1 is proposed: it concludes once every participant accepted it; to call it off, cancel it']);
    const [cancel] = when(state, { type: 'CancelOperation', by: 'ID', reason: 'funding withdrawn', now }) as [OperationEvent];
    const cancelled = evolve(state, cancel).state;
    expect(cancelled.status).toBe('cancelled');
    expect(violations(() => when(cancelled, { type: 'ConcludeOperation', by: 'AU', reason: '', now }))).toEqual(['operation op-1 is cancelled already']);
    expect(evolve(cancelled, transition('operation.agreed')).ignored).toBe('cannot become agreed from cancelled');
  });

  it('ignores a conclusion from a participant who does not co-chair', () => {
    expect(evolve(agreed, transition('operation.concluded', 'TH')).ignored).toBe('TH is not a co-chair');
  });
});

describe('responding', () => {
  it('given a proposal, when every participant accepts, then the lead owes "agreed", and the period brings "activated" then "concluded"', () => {
    const state = given(proposed, respond('ID', 'accepted'), respond('TH', 'accepted'));
    expect(dueTransition(state, now)).toBe('operation.agreed');
    const agreed = given(proposed, respond('ID', 'accepted'), respond('TH', 'accepted'), transition('operation.agreed'));
    expect(agreed.status).toBe('agreed');
    expect(dueTransition(agreed, now)).toBeUndefined();
    expect(dueTransition(agreed, period.start)).toBe('operation.activated');
    const active = evolve(agreed, transition('operation.activated')).state;
    expect(active.status).toBe('active');
    expect(dueTransition(active, period.end)).toBe('operation.concluded');
    expect(evolve(active, transition('operation.concluded')).state.status).toBe('concluded');
  });

  it('names the moment each transition falls due, so the lead sleeps until then: due exactly from that moment on', () => {
    const waiting = given(proposed, respond('ID', 'accepted'));
    const accepted = given(proposed, respond('ID', 'accepted'), respond('TH', 'accepted'));
    const agreed = evolve(accepted, transition('operation.agreed')).state;
    const active = evolve(agreed, transition('operation.activated')).state;
    const concluded = evolve(active, transition('operation.concluded')).state;
    expect(nextTransitionAt(waiting)).toBeUndefined();
    expect(nextTransitionAt(concluded)).toBeUndefined();
    expect(nextTransitionAt(agreed)).toEqual(period.start);
    expect(nextTransitionAt(active)).toEqual(period.end);
    expect(nextTransitionAt(accepted)).toEqual(new Date(0));
    for (const state of [agreed, active]) {
      const at = nextTransitionAt(state)!;
      expect(dueTransition(state, new Date(at.getTime() - 1))).toBeUndefined();
      expect(dueTransition(state, at)).toBeDefined();
    }
  });

  it('given a decline, nothing is agreed', () => {
    const state = given(proposed, respond('ID', 'accepted'), respond('TH', 'declined'));
    expect(dueTransition(state, now)).toBeUndefined();
    expect(evolve(state, transition('operation.agreed'))).toMatchObject({ ignored: 'not every participant has accepted' });
  });

  it('refuses a response from a non-participant, to an old version, or without a reason to decline', () => {
    const state = given(proposed);
    expect(violations(() => when(state, { type: 'RespondToOperation', by: 'NZ', version: 1, response: { kind: 'accepted' }, now }))).toEqual(['NZ is not a participant of operation op-1']);
    expect(violations(() => when(state, { type: 'RespondToOperation', by: 'ID', version: 2, response: { kind: 'accepted' }, now }))).toEqual(['the operation is at version 1; the response was to version 2']);
    expect(violations(() => when(state, { type: 'RespondToOperation', by: 'ID', version: 1, response: { kind: 'declined', reason: ' ' }, now }))).toEqual(['reason: is required to decline']);
  });

  it('ignores, everywhere alike, a response made for another agency or by an outsider', () => {
    const state = given(proposed);
    expect(evolve(state, { type: 'operation.accepted', by: 'AU', operationId: 'op-1', version: 1, participant: 'ID', at: now })).toMatchObject({ ignored: 'AU cannot respond for ID' });
    expect(evolve(state, respond('NZ', 'accepted'))).toMatchObject({ ignored: 'NZ is not a participant' });
  });
});

describe('changing', () => {
  const agreed = given(proposed, respond('ID', 'accepted'), respond('TH', 'accepted'), transition('operation.agreed'));
  const laterPeriod = { start: new Date('2027-02-08T00:00:00Z'), end: new Date('2027-03-08T00:00:00Z') };

  it('given agreement, when a co-chair changes the period, then acceptance reopens at version 2', () => {
    const [changed] = when(agreed, { type: 'ChangeOperation', by: 'AU', changes: { period: laterPeriod }, now });
    const state = evolve(agreed, changed!).state;
    expect(state).toMatchObject({ status: 'proposed', operation: { version: 2, period: laterPeriod } });
    expect(state.status !== 'absent' && [...state.responses.keys()]).toEqual(['AU']);
  });

  it('keeps agreement when only the name or the supporters change', () => {
    const [renamed] = when(agreed, { type: 'ChangeOperation', by: 'AU', changes: { name: 'Coral Tide II', supporters: [] }, now });
    expect(evolve(agreed, renamed!).state).toMatchObject({ status: 'agreed', operation: { version: 2, name: 'Coral Tide II' } });
  });

  it('refuses changes from a participant who is not a co-chair, empty changes, and dropping the lead', () => {
    expect(violations(() => when(agreed, { type: 'ChangeOperation', by: 'ID', changes: { period: laterPeriod }, now }))).toEqual(['only a co-chair (AU) may change the operation']);
    expect(violations(() => when(agreed, { type: 'ChangeOperation', by: 'AU', changes: { name: 'Coral Tide' }, now }))).toEqual(['changes: change nothing']);
    expect(violations(() => when(agreed, { type: 'ChangeOperation', by: 'AU', changes: { participants: ['ID', 'TH'] }, now }))).toContain('participants: must keep the lead AU');
  });

  it('an agency added by a change builds the operation from the change alone', () => {
    const [changed] = when(agreed, { type: 'ChangeOperation', by: 'AU', changes: { participants: ['AU', 'ID'] }, now });
    expect(given(changed!)).toMatchObject({ status: 'proposed', operation: { version: 2, participants: ['AU', 'ID'] } });
  });

  it('ignores a change or transition from an agency that is not a co-chair or lead', () => {
    const forged = { ...(when(agreed, { type: 'ChangeOperation', by: 'AU', changes: { period: laterPeriod }, now })[0] as OperationEvent), by: 'ID' } as OperationEvent;
    expect(evolve(agreed, forged)).toMatchObject({ ignored: 'ID is not a co-chair' });
    expect(evolve(agreed, transition('operation.activated', 'ID'))).toMatchObject({ ignored: 'ID is not the lead co-chair' });
  });
});

describe('refusals are data', () => {
  it('given no operation, when a co-chair changes it, then decide answers a not-found refusal instead of throwing', () => {
    expect(decider.decide({ type: 'ChangeOperation', by: 'AU', changes: { name: 'x' }, now }, absent)).toEqual({ refusal: { kind: 'not-found', message: 'operation not found' } });
  });

  it('given a proposal, when a stranger responds, then it is denied; when a participant declines without a reason, the field is named', () => {
    const state = given(proposed);
    expect(decider.decide({ type: 'RespondToOperation', by: 'NZ', version: 1, response: { kind: 'accepted' }, now }, state)).toEqual({ refusal: { kind: 'denied', message: 'NZ is not a participant of operation op-1' } });
    expect(decider.decide({ type: 'RespondToOperation', by: 'ID', version: 1, response: { kind: 'declined', reason: ' ' }, now }, state)).toEqual({
      refusal: { kind: 'invalid', subject: 'invalid input', violations: [{ path: 'reason', message: 'is required to decline' }] },
    });
  });
});
