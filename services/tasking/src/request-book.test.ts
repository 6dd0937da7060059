import { describe, expect, it } from 'vitest';
import { RequestBook } from './request-book.js';
import type { TaskingEvent } from './tasking-wire.js';

const at = new Date('2027-03-01T00:00:00.000Z');
const requestId = '6b9f1f3e-2a4c-4d5e-9f8a-1b2c3d4e5f60';
const sent = { type: 'request.sent', from: 'AU', at, recipients: ['ID'], requestId, dueAt: '2027-03-05T00:00:00.000Z', kind: 'inspect-vessel', subject: 'KM Bintang', details: '', alertId: '', actionId: '', operationId: '' } as TaskingEvent;
const answered = (from: string, accepted: boolean) => ({ type: 'request.answered', from, at, recipients: ['AU'], requestId, accepted, reason: accepted ? '' : 'no' }) as TaskingEvent;
const reported = (status: 'in-progress' | 'fulfilled' | 'unable') => ({ type: 'request.reported', from: 'ID', at, recipients: ['AU'], requestId, status, note: status }) as TaskingEvent;
const cancelled = { type: 'request.cancelled', from: 'AU', at, recipients: ['ID'], requestId, reason: 'no longer needed' } as TaskingEvent;

function given(...events: TaskingEvent[]): RequestBook {
  const book = new RequestBook();
  for (const event of events) book.apply(event);
  return book;
}

describe('the request book', () => {
  it('given a request, when accepted, reported and fulfilled, then both sides hold the same history', () => {
    const book = given(sent, answered('ID', true), reported('in-progress'), reported('fulfilled'));
    expect(book.get(requestId)).toMatchObject({ from: 'AU', to: 'ID', status: 'fulfilled', answer: 'fulfilled' });
    expect(book.get(requestId)!.history.map((h) => h.status)).toEqual(['requested', 'accepted', 'in-progress', 'fulfilled']);
  });

  it('refuses an answer from a third agency, a second answer, progress before acceptance, and a replayed request', () => {
    expect(given(sent).check(answered('TH', true))).toMatchObject({ reason: 'refused', detail: `request ${requestId} is addressed to ID; TH cannot answer it` });
    expect(given(sent, answered('ID', true)).check(answered('ID', false))).toMatchObject({ detail: `request ${requestId} is accepted: it cannot become declined` });
    expect(given(sent).check(reported('fulfilled'))).toMatchObject({ detail: `request ${requestId} is requested: it cannot become fulfilled` });
    expect(given(sent).check(sent)).toMatchObject({ reason: 'replay' });
  });

  it('ignores in the fold what the door would refuse, so that a late answer after a cancellation changes nothing', () => {
    const book = given(sent, cancelled, answered('ID', true));
    expect(book.get(requestId)).toMatchObject({ status: 'cancelled', answer: 'no longer needed' });
  });
});
