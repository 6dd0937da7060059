/** What a receiving agency answers to a delivery: stored (maybe already), or refused and why. */
import { z } from 'zod';
import { Rejection } from './rejection.js';

export const deliveryReplySchema = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), duplicate: z.boolean() }),
  z.strictObject({
    ok: z.literal(false),
    // unavailable: the store failed, try later; busy: too many deliveries at once, try again shortly;
    // over-quota: the sender used up its allowance at this recipient, try again after a pause.
    reason: z.union([z.enum(Object.values(Rejection) as [Rejection, ...Rejection[]]), z.literal('unavailable'), z.literal('busy'), z.literal('over-quota')]),
    detail: z.string().max(1000),
  }),
]);
export type DeliveryReply = z.infer<typeof deliveryReplySchema>;

const encoder = new TextEncoder();
export function encodeReply(reply: DeliveryReply): Uint8Array {
  return encoder.encode(JSON.stringify(reply));
}

/** A reply that does not parse is treated as a passing failure: the relay tries again later. */
export function decodeReply(data: Uint8Array): DeliveryReply {
  try {
    const parsed = deliveryReplySchema.safeParse(JSON.parse(new TextDecoder().decode(data)));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through
  }
  return { ok: false, reason: 'unavailable', detail: 'unreadable reply' };
}
