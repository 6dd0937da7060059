import { describe, expect, it } from 'vitest';
import { AlertBook, type AlertChange } from './alert-book.js';
import type { IntelEvent } from './intel-wire.js';

const at = new Date('2027-03-01T00:00:00.000Z');
const alertId = '6b9f1f3e-2a4c-4d5e-9f8a-1b2c3d4e5f60';
const content = { kind: 'other', title: 'Recruitment online', body: 'x', place: '', operationId: '', sourceReliability: 'c', informationCredibility: '3' } as const;
const version = (v: number, extra: Record<string, unknown> = {}) =>
  ({ type: 'alert.version', from: 'ID', at, recipients: ['AU', 'TH'], alertId, version: v, label: 'amber', expiresAt: '2027-04-01T00:00:00.000Z', ...content, ...extra }) as unknown as IntelEvent;
const revoked = (from = 'ID') => ({ type: 'alert.revoked', from, at, recipients: ['AU', 'TH'], alertId, reason: 'withdrawn' }) as IntelEvent;
const feedback = (from: string) => ({ type: 'alert.feedback', from, at, recipients: ['ID'], alertId, feedbackId: crypto.randomUUID(), kind: 'seen', note: '', place: '' }) as IntelEvent;

function given(...events: IntelEvent[]): { book: AlertBook; changes: AlertChange[] } {
  const book = new AlertBook('AU');
  const changes: AlertChange[] = [];
  book.subscribe((change) => changes.push(change));
  events.forEach((event, i) => book.apply(event, i + 1));
  return { book, changes };
}

describe('the alert book', () => {
  it('given version 1, when version 2 arrives, then it replaces the content and names version 1\'s event for erasure', () => {
    const { book, changes } = given(version(1), version(2, { body: 'second' }));
    expect(book.get(alertId)).toMatchObject({ version: 2, content: { body: 'second' } });
    expect(changes.map((c) => [c.kind, c.erase])).toEqual([
      ['published', []],
      ['updated', [1]],
    ]);
  });

  it('given an alert with feedback, when revoked, then every event that carried content is named for erasure', () => {
    const { book, changes } = given(version(1), feedback('TH'), revoked());
    expect(book.get(alertId)).toMatchObject({ status: 'revoked', content: undefined, feedback: [], revocationReason: 'withdrawn' });
    expect(changes.at(-1)).toMatchObject({ kind: 'revoked', erase: [1, 2] });
  });

  it('refuses at the door a replayed first version, an old version, a revived revoked alert, and another agency\'s revocation', () => {
    const now = new Date('2027-03-02T00:00:00.000Z');
    expect(given(version(1)).book.check(version(1), now)).toMatchObject({ reason: 'replay' });
    expect(given(version(1), version(3)).book.check(version(2), now)).toMatchObject({ reason: 'replay', detail: `alert ${alertId} version 2 is not newer than version 3, already held` });
    expect(given(version(1), revoked()).book.check(version(2), now)).toMatchObject({ reason: 'replay', detail: `alert ${alertId} was revoked` });
    expect(given(version(1)).book.check(revoked('MY'), now)).toMatchObject({ reason: 'replay', detail: `alert ${alertId} belongs to ID; MY cannot publish or revoke it` });
    expect(given().book.check(version(1, { expiresAt: '2027-03-01T12:00:00.000Z' }), now)).toMatchObject({ reason: 'refused' });
  });

  it('given a revocation before the alert itself, then the alert never shows its content', () => {
    const { book } = given(revoked(), version(1));
    expect(book.get(alertId)).toMatchObject({ status: 'revoked', content: undefined });
  });

  it('when its expiry passes, then the alert is expired and its content named for erasure', () => {
    const { book, changes } = given(version(1), feedback('TH'));
    book.expire(new Date('2027-04-01T00:00:00.000Z'));
    expect(book.get(alertId)).toMatchObject({ status: 'expired', content: undefined });
    expect(changes.at(-1)).toMatchObject({ kind: 'expired', erase: [1, 2] });
  });

  it('given a revoked alert with a forwarding request, when the book is rebuilt from what the store kept, then it shows the same alert', () => {
    const forwardRequest = { type: 'alert.forward-request', from: 'TH', at, recipients: ['ID'], alertId, requestId: crypto.randomUUID(), to: 'MY', reason: 'MY boards at Port Klang' } as IntelEvent;
    // As RevokeAlert publishes it: with what was revoked.
    const revocation = { ...revoked(), revokedAlert: { version: 2, label: 'amber', expiresAt: '2027-04-01T00:00:00.000Z', publishedAt: at.toISOString() } } as IntelEvent;
    const events = [version(1), version(2), forwardRequest, revocation];
    const live = new AlertBook('ID');
    const erased = new Set<number>();
    live.subscribe((change) => change.erase.forEach((seq) => erased.add(seq)));
    events.forEach((event, i) => live.apply(event, i + 1));
    const rebuilt = new AlertBook('ID');
    events.forEach((event, i) => (erased.has(i + 1) ? undefined : rebuilt.apply(event, i + 1)));

    const shown = (book: AlertBook) => {
      const { status, version: v, label, expiresAt, publishedAt, forwardRequests, revocationReason } = book.get(alertId)!;
      return { status, version: v, label, expiresAt, publishedAt, forwardRequests: [...forwardRequests.values()], revocationReason };
    };
    expect(shown(live)).toEqual({ status: 'revoked', version: 2, label: 'amber', expiresAt: new Date('2027-04-01T00:00:00.000Z'), publishedAt: at, forwardRequests: [], revocationReason: 'withdrawn' });
    expect(shown(rebuilt)).toEqual(shown(live));
  });
});

describe('a batch of delivery receipts, at the originator', () => {
  const second = '0c7d2b4e-9a1f-4c3b-8e2d-5f6a7b8c9d01';
  const now = new Date('2027-03-02T00:00:00.000Z');
  const published = (id: string, recipients: string[]) => ({ ...(version(1) as object), alertId: id, recipients }) as unknown as IntelEvent;
  const batch = (from: string, receipts: { alertId: string; version: number }[]) => ({ type: 'alert.receipts', from, at, recipients: ['ID'], receipts }) as unknown as IntelEvent;
  const originator = () => {
    const book = new AlertBook('ID');
    const changes: AlertChange[] = [];
    book.subscribe((change) => changes.push(change));
    book.apply(published(alertId, ['AU', 'TH']), 1);
    book.apply(published(second, ['TH']), 2);
    return { book, changes };
  };

  it('given two alerts, when a batch confirms both, then each shows delivered, one change per alert as a single receipt would make', () => {
    const { book, changes } = originator();
    book.apply(batch('TH', [{ alertId, version: 1 }, { alertId: second, version: 1 }]), 3);
    expect([alertId, second].map((id) => book.get(id)!.deliveries.get('TH'))).toEqual([
      { deliveredVersion: 1, acknowledgedVersion: 0, deliveredAt: at },
      { deliveredVersion: 1, acknowledgedVersion: 0, deliveredAt: at },
    ]);
    expect(changes.slice(2).map((c) => [c.kind, c.record.id, c.event?.type, c.event?.from])).toEqual([
      ['delivered', alertId, 'alert.receipt', 'TH'],
      ['delivered', second, 'alert.receipt', 'TH'],
    ]);
  });

  it('refuses at the door, whole, a batch with one receipt its sender may not give, or naming an alert twice', () => {
    const { book } = originator();
    expect(book.check(batch('TH', [{ alertId, version: 1 }, { alertId: second, version: 1 }]), now)).toBeUndefined();
    expect(book.check(batch('AU', [{ alertId, version: 1 }, { alertId: second, version: 1 }]), now)).toEqual({ reason: 'refused', detail: `in a batch of receipts: AU is not a recipient of alert ${second}` });
    expect(book.check(batch('TH', [{ alertId, version: 1 }, { alertId: crypto.randomUUID(), version: 1 }]), now)).toMatchObject({ reason: 'refused', detail: expect.stringMatching(/which ID did not publish$/) });
    expect(book.check(batch('TH', [{ alertId, version: 1 }, { alertId, version: 1 }]), now)).toEqual({ reason: 'refused', detail: `the batch of receipts names alert ${alertId} twice` });
  });
});
