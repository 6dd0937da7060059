/**
 * The signed event every agency shares. The bytes on the wire are the JSON of the envelope; the
 * Ed25519 signature over exactly those bytes travels in a header, so no canonical JSON is needed and
 * the stored copy can be verified again byte for byte.
 */
import { z } from 'zod';
import { createHash, randomUUID, type KeyObject } from 'node:crypto';
import { formatHlc, type HlcStamp } from '@concord/clock';
import { SignatureContext, signBytes } from '@concord/identity';
import { agencyIdSchema } from '@concord/manifest';
import { capabilities, type Capability } from './capability.js';

export const SignatureHeader = 'Concord-Signature';
export const MessageIdHeader = 'Nats-Msg-Id';

/** Scopes (operation ids) become subject tokens. */
export const scopeSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1 to 64 letters, digits, "-" or "_"');
export const eventTypeSchema = z
  .string()
  .max(64)
  .regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/, 'must be dot-separated lower-case words');

export const eventEnvelopeSchema = z.strictObject({
  v: z.literal(1),
  id: z.uuid(),
  origin: agencyIdSchema,
  capability: z.enum(capabilities as [Capability, ...Capability[]]),
  type: eventTypeSchema,
  scope: scopeSchema,
  recipients: z.array(agencyIdSchema).min(1).max(256),
  hlc: z.string().regex(/^\d{13}\.\d{6}$/),
  issuedAt: z.iso.datetime(),
  body: z.unknown(),
});

export type EventEnvelope = z.infer<typeof eventEnvelopeSchema>;

/** An envelope with the exact bytes it was signed as, and the signature. */
export interface SignedEvent {
  readonly envelope: EventEnvelope;
  readonly data: Uint8Array;
  readonly signature: string;
}

export interface NewEvent {
  readonly type: string;
  readonly scope: string;
  readonly recipients: readonly string[];
  readonly body: unknown;
}

export function signEvent(
  input: NewEvent,
  issuer: { readonly origin: string; readonly capability: Capability; readonly signingKey: KeyObject },
  stamp: HlcStamp,
  id: string = randomUUID(),
): SignedEvent {
  const envelope: EventEnvelope = {
    v: 1,
    id,
    origin: issuer.origin,
    capability: issuer.capability,
    type: input.type,
    scope: input.scope,
    recipients: [...new Set(input.recipients)].sort(),
    hlc: formatHlc(stamp),
    issuedAt: new Date(stamp.wall).toISOString(),
    body: input.body,
  };
  const data = new TextEncoder().encode(JSON.stringify(envelope));
  return { envelope, data, signature: signBytes(SignatureContext.Event, data, issuer.signingKey) };
}

/** The key JetStream de-duplicates on and replays are detected by: unique per origin. */
export function eventKey(envelope: Pick<EventEnvelope, 'origin' | 'id'>): string {
  return `${envelope.origin}:${envelope.id}`;
}

/**
 * The id of the n-th event a client request stores: the same on every attempt of the request, so the
 * store can tell whether an attempt that died had committed. A version 8 (custom) UUID from a hash
 * that names neither the person nor the request.
 */
export function eventIdFor(requestKey: string, ordinal: number): string {
  const bytes = createHash('sha256').update(`concord-event\n${requestKey}\n${ordinal}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
