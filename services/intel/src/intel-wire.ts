/**
 * Intel events on the wire. Each has a routing part in clear (what the hub and the transport need, and
 * what each agency checks before it opens anything) and, where there is anything to keep secret, a box
 * sealed for the event's recipients and its sender. The box is bound to the routing part, its type and
 * its sender, so it cannot be moved under another alert, version or label.
 */
import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { Rejection, type Refusal, type SignedEvent } from '@concord/federation';
import type { TrustedManifest } from '@concord/manifest';
import { open, seal, sealedBoxSchema } from '@concord/sealing';
import { alertContentSchema } from './domain/alert-content.js';
import { feedbackKinds } from './domain/alert-record.js';
import { tlpLabels } from './domain/handling.js';

const alertId = z.uuid();
const text = (max: number) => z.string().max(max);

/** Per type: the routing part in clear, and the sealed part (absent where nothing is secret). */
export const intelWire = {
  'alert.version': {
    routing: z.strictObject({ alertId, version: z.number().int().positive(), label: z.enum(tlpLabels), expiresAt: z.iso.datetime(), forwardOf: z.uuid().optional() }),
    secret: alertContentSchema,
  },
  'alert.revoked': { routing: z.strictObject({ alertId }), secret: z.strictObject({ reason: text(2000) }) },
  'alert.receipt': { routing: z.strictObject({ alertId, version: z.number().int().positive(), status: z.enum(['delivered', 'acknowledged']) }), secret: undefined },
  'alert.feedback': {
    routing: z.strictObject({ alertId, feedbackId: z.uuid() }),
    secret: z.strictObject({ kind: z.enum(feedbackKinds), note: text(4000), place: z.string().max(5), observedAt: z.iso.datetime().optional() }),
  },
  'alert.forward-request': { routing: z.strictObject({ alertId, requestId: z.uuid() }), secret: z.strictObject({ to: z.string().min(1).max(32), reason: text(2000) }) },
  'alert.forward-decision': { routing: z.strictObject({ alertId, requestId: z.uuid(), approved: z.boolean() }), secret: z.strictObject({ reason: text(2000) }) },
} as const;

export type IntelType = keyof typeof intelWire;
type Wire = typeof intelWire;
type Routing<T extends IntelType> = z.output<Wire[T]['routing']>;
type Secret<T extends IntelType> = Wire[T]['secret'] extends z.ZodType ? z.output<Wire[T]['secret']> : Record<never, never>;
type SecretInput<T extends IntelType> = Wire[T]['secret'] extends z.ZodType ? z.input<Wire[T]['secret']> : Record<never, never>;

/** A decoded intel event: its type, sender and time, the routing part, and the opened secret. */
export type IntelEvent = { [T in IntelType]: { readonly type: T; readonly from: string; readonly at: Date; readonly recipients: readonly string[] } & Routing<T> & Secret<T> }[IntelType];
export type IntelEventOf<T extends IntelType> = Extract<IntelEvent, { type: T }>;

export const intelTypes = Object.keys(intelWire) as IntelType[];
export const isIntelType = (type: string): type is IntelType => type in intelWire;

const encoder = new TextEncoder();
const boundContext = (type: string, sender: string, routing: unknown) => encoder.encode(`concord/v1/intel|${type}|${sender}|${JSON.stringify(routing)}`);

export interface IntelCodec {
  /** The body of a new event: routing in clear, the secret sealed for the recipients and this agency. */
  encode<T extends IntelType>(type: T, routing: Routing<T>, secret: SecretInput<T>, recipients: readonly string[]): unknown;
  /** Checks and opens a stored or received event; throws a Refusal when it cannot. Cached per event. */
  decode(event: SignedEvent): IntelEvent;
  /** The same, for an inbound check: a Refusal instead of a throw. */
  refusalOf(event: SignedEvent): Refusal | undefined;
  /** The decoded event, once it has been applied: dropped from the cache. */
  forget(event: SignedEvent): void;
}

class IntelRefusal extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.detail);
  }
}
const refuse = (reason: Refusal['reason'], detail: string) => new IntelRefusal({ reason, detail });

export function createIntelCodec(me: { readonly agency: string; readonly encryptionKey: KeyObject }, trust: TrustedManifest): IntelCodec {
  const cache = new Map<string, IntelEvent>();
  const keyOf = (agency: string) => {
    const found = trust.agencies.find((a) => a.id === agency);
    if (!found) throw new Error(`${agency} is not in the manifest`);
    return found.keys.encryption;
  };

  const decodeFresh = (event: SignedEvent): IntelEvent => {
    const { type, origin, recipients, issuedAt, body } = event.envelope;
    if (!isIntelType(type)) throw refuse(Rejection.Refused, `${type} is not an intel event type`);
    const wire = intelWire[type];
    const outer = z.strictObject({ routing: wire.routing, box: wire.secret ? sealedBoxSchema : z.never().optional() }).safeParse(body);
    if (!outer.success) throw refuse(Rejection.Malformed, `${type}: ${outer.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    let secret: unknown = {};
    if (wire.secret && outer.data.box) {
      let opened: Buffer;
      try {
        opened = open(outer.data.box, { agency: me.agency, privateKey: me.encryptionKey }, boundContext(type, origin, outer.data.routing));
      } catch {
        throw refuse(Rejection.Undecryptable, `${type} from ${origin} does not open for ${me.agency}: altered, or not sealed for it`);
      }
      const parsed = (wire.secret as z.ZodType).safeParse(JSON.parse(opened.toString('utf8')));
      if (!parsed.success) throw refuse(Rejection.Malformed, `${type}: sealed content: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      secret = parsed.data;
    }
    return { type, from: origin, at: new Date(issuedAt), recipients, ...(outer.data.routing as object), ...(secret as object) } as unknown as IntelEvent;
  };

  const cacheKey = (event: SignedEvent) => `${event.envelope.origin}:${event.envelope.id}`;

  return {
    encode(type, routing, secret, recipients) {
      const wire = intelWire[type];
      if (!wire.secret) return { routing };
      const parties = [...new Set([...recipients, me.agency])].map((agency) => ({ agency, publicKey: keyOf(agency) }));
      return { routing, box: seal(encoder.encode(JSON.stringify(secret)), parties, boundContext(type, me.agency, routing)) };
    },
    decode(event) {
      const key = cacheKey(event);
      const cached = cache.get(key);
      if (cached) return cached;
      const decoded = decodeFresh(event);
      cache.set(key, decoded);
      return decoded;
    },
    refusalOf(event) {
      try {
        this.decode(event);
        return undefined;
      } catch (error) {
        if (error instanceof IntelRefusal) return error.refusal;
        throw error;
      }
    },
    forget(event) {
      cache.delete(cacheKey(event));
    },
  };
}

export { IntelRefusal };
