import { describe, expect, it } from 'vitest';
import { decodeBatch, decodeBatchReply, encodeBatch, encodeBatchReply, encodedSize, takeBatch, type BatchItem } from './delivery-batch.js';
import { encodeReply } from './delivery-reply.js';

const item = (n: number, bytes = 10): BatchItem => ({ type: 'operation.proposed', signature: `sig-${n}`, data: new Uint8Array(bytes).fill(n) });

describe('batch deliveries on the wire', () => {
  it('carry each event type, signature and signed bytes unchanged', () => {
    const items = [item(1), item(2, 0), item(3, 70_000)];
    const decoded = decodeBatch(encodeBatch(items));
    expect(decoded.ok && decoded.items).toEqual(items);
  });

  it.each([
    ['empty', new Uint8Array(0)],
    ['another version', Uint8Array.of(2, 0, 1)],
    ['no events', Uint8Array.of(1, 0, 0)],
    ['cut short', encodeBatch([item(1), item(2)]).subarray(0, 40)],
    ['bytes after the last event', Uint8Array.of(...encodeBatch([item(1)]), 0)],
    ['a count past what it holds', (() => {
      const bytes = encodeBatch([item(1)]);
      bytes[2] = 2;
      return bytes;
    })()],
  ])('are refused as a whole when malformed: %s', (_, bytes) => {
    expect(decodeBatch(bytes).ok).toBe(false);
  });

  it('are refused as a whole beyond the receiver limits', () => {
    expect(decodeBatch(encodeBatch([item(1), item(2), item(3)]), { maxItems: 2, maxBytes: 1_000 })).toMatchObject({ ok: false, detail: expect.stringMatching(/1 to 2 events/) });
    expect(decodeBatch(encodeBatch([item(1, 2_000)]), { maxItems: 2, maxBytes: 1_000 })).toMatchObject({ ok: false, detail: expect.stringMatching(/exceeds the limit/) });
  });

  it('are filled up to the count or the bytes, whichever comes first, and never empty', () => {
    const queue = Array.from({ length: 20 }, (_, n) => item(n, 100));
    expect(takeBatch(queue, (x) => x, { maxItems: 4, maxBytes: 10_000 })).toHaveLength(4);
    const fitting = Math.floor((1_000 - 3) / encodedSize(item(0, 100)));
    expect(takeBatch(queue, (x) => x, { maxItems: 64, maxBytes: 1_000 })).toHaveLength(fitting);
    expect(takeBatch([item(0, 5_000)], (x) => x, { maxItems: 64, maxBytes: 1_000 })).toHaveLength(1);
    expect(queue).toHaveLength(20 - 4 - fitting);
  });

  it('are answered with a verdict per event, in order; an answer that does not fit is a passing failure for all', () => {
    const replies = [encodeReply({ ok: true, duplicate: false }), encodeReply({ ok: false, reason: 'bad-signature', detail: 'no' })];
    expect(decodeBatchReply(encodeBatchReply(replies), 2)).toEqual({ each: [{ ok: true, duplicate: false }, { ok: false, reason: 'bad-signature', detail: 'no' }] });
    expect(decodeBatchReply(encodeBatchReply(replies), 3)).toMatchObject({ whole: { ok: false, reason: 'unavailable' } });
    expect(decodeBatchReply(encodeReply({ ok: false, reason: 'busy', detail: 'later' }), 2)).toEqual({ whole: { ok: false, reason: 'busy', detail: 'later' } });
    expect(decodeBatchReply(new TextEncoder().encode('[{"ok":"maybe"}]'), 1)).toMatchObject({ each: [{ ok: false, reason: 'unavailable' }] });
  });
});
