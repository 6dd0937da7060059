/**
 * Checks one inbound delivery before anything of it is stored: size, signature present, shape,
 * subject consistent with the signed content, origin known to the manifest, signature valid, and this
 * agency among the recipients. Pure: the link adds the checks that need state (clock, replays).
 */
import { publicKeyFromText, SignatureContext, verifyBytes } from '@concord/identity';
import { findAgency, type TrustedManifest } from '@concord/manifest';
import type { KeyObject } from 'node:crypto';
import type { Capability } from './capability.js';
import { eventEnvelopeSchema, type SignedEvent } from './event-envelope.js';
import { Rejection, type Refusal } from './rejection.js';
import { parseDeliverySubject } from './subjects.js';

export interface DeliveryContext {
  readonly me: string;
  readonly capability: Capability;
  readonly trust: TrustedManifest;
  readonly maxBytes: number;
}

export interface Delivery {
  readonly subject: string;
  readonly data: Uint8Array;
  readonly signature: string | undefined;
}

export type Verified = { readonly ok: true; readonly event: SignedEvent } | ({ readonly ok: false } & Refusal);

const refuse = (reason: Rejection, detail: string): Verified => ({ ok: false, reason, detail });
/** Fatal on bad UTF-8, and without state between calls (no streaming): one serves every delivery. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

const signingKeys = new WeakMap<TrustedManifest, Map<string, KeyObject>>();

/** Public keys parsed once per manifest, not once per message. */
function signingKeyOf(trust: TrustedManifest, agencyId: string): KeyObject | undefined {
  let keys = signingKeys.get(trust);
  if (!keys) {
    keys = new Map(trust.agencies.map((a) => [a.id, publicKeyFromText(a.keys.signing, 'ed25519')]));
    signingKeys.set(trust, keys);
  }
  return keys.get(agencyId);
}

export function verifyDelivery(delivery: Delivery, context: DeliveryContext): Verified {
  if (delivery.data.byteLength > context.maxBytes) {
    return refuse(Rejection.Oversized, `${delivery.data.byteLength} bytes exceeds the limit of ${context.maxBytes}`);
  }
  if (!delivery.signature) return refuse(Rejection.Unsigned, 'no signature header');
  const address = parseDeliverySubject(delivery.subject);
  if (!address || address.to !== context.me || address.capability !== context.capability) {
    return refuse(Rejection.WrongSubject, `subject ${delivery.subject} is not a ${context.capability} delivery to ${context.me}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(utf8.decode(delivery.data));
  } catch {
    return refuse(Rejection.Malformed, 'payload is not UTF-8 JSON');
  }
  const parsed = eventEnvelopeSchema.safeParse(json);
  if (!parsed.success) {
    return refuse(Rejection.Malformed, parsed.error.issues.map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`).join('; '));
  }
  const envelope = parsed.data;
  if (envelope.origin !== address.from || envelope.type !== address.type || envelope.capability !== address.capability) {
    return refuse(Rejection.WrongSubject, `subject ${delivery.subject} does not match the signed origin, capability and type`);
  }
  if (!findAgency(context.trust, envelope.origin)) {
    return refuse(Rejection.UnknownOrigin, `origin ${envelope.origin} is not in the federation manifest`);
  }
  const key = signingKeyOf(context.trust, envelope.origin);
  if (!key || !verifyBytes(SignatureContext.Event, delivery.data, delivery.signature, key)) {
    return refuse(Rejection.BadSignature, `signature does not verify with ${envelope.origin}'s key`);
  }
  if (!envelope.recipients.includes(context.me)) {
    return refuse(Rejection.NotRecipient, `${context.me} is not among the recipients`);
  }
  return { ok: true, event: { envelope, data: delivery.data, signature: delivery.signature } };
}
