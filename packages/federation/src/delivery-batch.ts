/**
 * The wire form of a batch delivery: several signed events from one sender to one peer in one request,
 * and the peer's one answer with a verdict per event, in the same order. Each event keeps its own
 * signature and is checked on its own at the peer; the batch only saves the round trips.
 *
 * A batch is binary, not JSON, so an event's signed bytes travel as they are (no base64, no second
 * parse): a version byte, a 16-bit count, then per event a length-prefixed type, signature and data.
 */
import { decodeReply, deliveryReplySchema, type DeliveryReply } from './delivery-reply.js';

/** One event of a batch: what a single delivery carries in its subject, header and payload. */
export interface BatchItem {
  /** The event type, which a single delivery names in its subject. */
  readonly type: string;
  readonly signature: string;
  readonly data: Uint8Array;
}

export interface BatchLimits {
  readonly maxItems: number;
  readonly maxBytes: number;
}

/** What a relay puts in one batch: well under NATS's 1 MiB payload, and answered well inside a request timeout. */
export const sendLimits: BatchLimits = { maxItems: 64, maxBytes: 256 * 1024 };
/** What a receiver accepts: more than any relay sends, so a refusal means a broken or hostile sender. */
export const receiveLimits: BatchLimits = { maxItems: 256, maxBytes: 1024 * 1024 };

const version = 1;
const headerBytes = 3;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Bytes an item takes in a batch (type and signature are ASCII), for filling one to its limit. */
export function encodedSize(item: BatchItem): number {
  return 7 + item.type.length + item.signature.length + item.data.byteLength;
}

export function encodeBatch(items: readonly BatchItem[]): Uint8Array {
  const parts = items.map((item) => ({ type: encoder.encode(item.type), signature: encoder.encode(item.signature), data: item.data }));
  const size = parts.reduce((sum, part) => sum + 7 + part.type.byteLength + part.signature.byteLength + part.data.byteLength, headerBytes);
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  bytes[0] = version;
  view.setUint16(1, parts.length);
  let at = headerBytes;
  for (const part of parts) {
    bytes[at] = part.type.byteLength;
    bytes.set(part.type, at + 1);
    at += 1 + part.type.byteLength;
    view.setUint16(at, part.signature.byteLength);
    bytes.set(part.signature, at + 2);
    at += 2 + part.signature.byteLength;
    view.setUint32(at, part.data.byteLength);
    bytes.set(part.data, at + 4);
    at += 4 + part.data.byteLength;
  }
  return bytes;
}

export type DecodedBatch = { readonly ok: true; readonly items: BatchItem[] } | { readonly ok: false; readonly detail: string };

/** Splits a batch; any length that overruns the payload, or bytes left over, make it malformed as a whole. */
export function decodeBatch(bytes: Uint8Array, limits: BatchLimits = receiveLimits): DecodedBatch {
  const malformed = (detail: string): DecodedBatch => ({ ok: false, detail });
  if (bytes.byteLength > limits.maxBytes) return malformed(`batch of ${bytes.byteLength} bytes exceeds the limit of ${limits.maxBytes}`);
  if (bytes.byteLength < headerBytes || bytes[0] !== version) return malformed('not a batch of version 1');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint16(1);
  if (count === 0 || count > limits.maxItems) return malformed(`a batch holds 1 to ${limits.maxItems} events; this one claims ${count}`);
  const items: BatchItem[] = [];
  let at = headerBytes;
  const take = (length: number): Uint8Array | undefined => {
    if (at + length > bytes.byteLength) return undefined;
    const slice = bytes.subarray(at, at + length);
    at += length;
    return slice;
  };
  for (let index = 0; index < count; index++) {
    const type = at < bytes.byteLength ? take(bytes[at++]!) : undefined;
    const signatureLength = at + 2 <= bytes.byteLength ? view.getUint16(at) : undefined;
    if (type === undefined || signatureLength === undefined) return malformed(`event ${index} is cut short`);
    at += 2;
    const signature = take(signatureLength);
    const dataLength = at + 4 <= bytes.byteLength ? view.getUint32(at) : undefined;
    if (signature === undefined || dataLength === undefined) return malformed(`event ${index} is cut short`);
    at += 4;
    const data = take(dataLength);
    if (data === undefined) return malformed(`event ${index} is cut short`);
    items.push({ type: decoder.decode(type), signature: decoder.decode(signature), data });
  }
  if (at !== bytes.byteLength) return malformed(`${bytes.byteLength - at} bytes follow the last event`);
  return { ok: true, items };
}

/** The answer to a batch: each event's reply, as a single delivery would have had it, in batch order. */
export function encodeBatchReply(replies: readonly Uint8Array[]): Uint8Array {
  return encoder.encode(`[${replies.map((reply) => decoder.decode(reply)).join(',')}]`);
}

/**
 * A verdict per event, or one for the whole batch (the peer refused the batch itself, or is busy). An
 * answer that does not fit the batch counts as unreadable: its events go round again, and the peer's
 * de-duplication drops any it had stored.
 */
export type BatchAnswer = { readonly each: readonly DeliveryReply[] } | { readonly whole: DeliveryReply };

export function decodeBatchReply(data: Uint8Array, count: number): BatchAnswer {
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoder.decode(data));
  } catch {
    return { whole: decodeReply(data) };
  }
  if (!Array.isArray(parsed)) return { whole: decodeReply(data) };
  if (parsed.length !== count) return { whole: { ok: false, reason: 'unavailable', detail: `answer holds ${parsed.length} verdicts for ${count} events` } };
  return { each: parsed.map((reply) => deliveryReplySchema.safeParse(reply).data ?? { ok: false, reason: 'unavailable', detail: 'unreadable verdict' }) };
}

/** Takes from the front of `queue` as many as fit in one batch (at least one). */
export function takeBatch<T>(queue: T[], itemOf: (entry: T) => BatchItem, limits: BatchLimits = sendLimits): T[] {
  let bytes = headerBytes;
  let count = 0;
  for (; count < queue.length && count < limits.maxItems; count++) {
    bytes += encodedSize(itemOf(queue[count]!));
    if (count > 0 && bytes > limits.maxBytes) break;
  }
  return queue.splice(0, count);
}
