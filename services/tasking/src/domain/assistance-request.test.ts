import { describe, expect, it } from 'vitest';
import { eventsOf, Projection } from '@concord/decider';
import { requestDecider, type RequestCommand, type RequestEvent, type RequestState } from './assistance-request.js';

const at = new Date('2027-03-01T00:00:00.000Z');
const requestId = '6b9f1f3e-2a4c-4d5e-9f8a-1b2c3d4e5f60';
const sent: RequestEvent = { type: 'request.sent', from: 'AU', at, recipients: ['ID'], requestId, dueAt: '2027-03-05T00:00:00.000Z', kind: 'inspect-vessel', subject: 'KM Bintang', details: '', alertId: '', actionId: '', operationId: '' };
const answered = (from: string, accepted: boolean): RequestEvent => ({ type: 'request.answered', from, at, recipients: ['AU'], requestId, accepted, reason: accepted ? '' : 'no' });
const reported = (status: 'in-progress' | 'fulfilled' | 'unable'): RequestEvent => ({ type: 'request.reported', from: 'ID', at, recipients: ['AU'], requestId, status, note: status });
const cancelled: RequestEvent = { type: 'request.cancelled', from: 'AU', at, recipients: ['ID'], requestId, reason: 'no longer needed' };

/** Given these events, folded by the service's projection. */
function given(...events: RequestEvent[]): Projection<RequestCommand, RequestEvent, RequestState> {
  const projection = new Projection(requestDecider, (event: RequestEvent) => event.requestId);
  for (const event of events) projection.apply(event);
  return projection;
}
/** What the fold (and so the door) makes of one more event. */
const judged = (state: RequestState, event: RequestEvent) => requestDecider.evolve(state, event);
const when = (state: RequestState, command: RequestCommand) => requestDecider.decide(command, state);

describe('a request for assistance: evolve', () => {
  it('given a request, when accepted, reported and fulfilled, then both sides hold the same history', () => {
    const held = given(sent, answered('ID', true), reported('in-progress'), reported('fulfilled')).state(requestId);
    expect(held).toMatchObject({ from: 'AU', to: 'ID', status: 'fulfilled', answer: 'fulfilled' });
    expect(held!.history.map((h) => h.status)).toEqual(['requested', 'accepted', 'in-progress', 'fulfilled']);
  });

  it('ignores (and the door refuses) an answer from a third agency, a second answer, progress before acceptance, and a replayed request', () => {
    const requested = given(sent).state(requestId);
    expect(judged(requested, answered('TH', true))).toMatchObject({ ignored: `request ${requestId} is addressed to ID; TH cannot answer it` });
    expect(judged(given(sent, answered('ID', true)).state(requestId), answered('ID', false))).toMatchObject({ ignored: `request ${requestId} is accepted: it cannot become declined` });
    expect(judged(requested, reported('fulfilled'))).toMatchObject({ ignored: `request ${requestId} is requested: it cannot become fulfilled` });
    expect(judged(requested, sent)).toMatchObject({ replay: true });
    expect(judged(undefined, answered('ID', true))).toMatchObject({ ignored: `no request ${requestId} is known here` });
  });

  it('ignores in the fold what the door would refuse, so that a late answer after a cancellation changes nothing', () => {
    expect(given(sent, cancelled, answered('ID', true)).state(requestId)).toMatchObject({ status: 'cancelled', answer: 'no longer needed' });
  });

  it('never changes the state it is given: judging an event leaves the held request as it was', () => {
    const requested = given(sent).state(requestId)!;
    judged(requested, answered('ID', true));
    expect([requested.status, requested.history.length]).toEqual(['requested', 1]);
  });
});

describe('a request for assistance: decide', () => {
  const now = at;
  const fields = { requestId, kind: 'inspect-vessel' as const, subject: 'KM Bintang', details: '', alertId: '', actionId: '', operationId: '' };
  const ask = (to: string, dueAt = new Date('2027-03-05T00:00:00.000Z')): RequestCommand => ({ type: 'RequestAssistance', by: 'AU', to, agencies: ['AU', 'ID', 'TH'], dueAt, now, fields });

  it('given nothing, when AU asks ID, then a request is sent to ID alone, due as asked', () => {
    expect(eventsOf(when(undefined, ask('ID')))).toEqual([sent]);
  });

  it('refuses asking itself, a stranger, or for a past due time, naming the field', () => {
    expect(when(undefined, ask('AU'))).toEqual({ refusal: { kind: 'invalid', subject: 'invalid request', violations: [{ path: 'to_agency', message: 'is this agency itself' }] } });
    expect(when(undefined, ask('XX'))).toMatchObject({ refusal: { kind: 'invalid', violations: [{ path: 'to_agency', message: 'XX is not an agency of the federation' }] } });
    expect(when(undefined, ask('ID', at))).toMatchObject({ refusal: { kind: 'invalid', violations: [{ path: 'due_at', message: 'must be in the future' }] } });
  });

  it('given a request, when the addressee accepts, then it answers the requester; when the requester answers its own request, it is denied', () => {
    const requested = given(sent).state(requestId);
    expect(eventsOf(when(requested, { type: 'AnswerRequest', requestId, by: 'ID', accept: true, reason: '', now }))).toEqual([answered('ID', true)]);
    expect(when(requested, { type: 'AnswerRequest', requestId, by: 'AU', accept: true, reason: '', now })).toEqual({ refusal: { kind: 'denied', message: `request ${requestId} is addressed to ID; AU cannot answer it` } });
  });

  it('given a request, when ID reports it fulfilled before accepting, then the status refuses it; when AU cancels, ID hears of it', () => {
    const requested = given(sent).state(requestId);
    expect(when(requested, { type: 'ReportOnRequest', requestId, by: 'ID', status: 'fulfilled', note: '', now })).toEqual({ refusal: { kind: 'precondition', message: `request ${requestId} is requested: it cannot become fulfilled` } });
    expect(eventsOf(when(requested, { type: 'CancelRequest', requestId, by: 'AU', reason: 'no longer needed', now }))).toEqual([cancelled]);
  });

  it('given no such request, when it is answered, then it is not found', () => {
    expect(when(undefined, { type: 'CancelRequest', requestId, by: 'AU', reason: 'x', now })).toEqual({ refusal: { kind: 'not-found', message: `AU has no request ${requestId}` } });
  });
});
