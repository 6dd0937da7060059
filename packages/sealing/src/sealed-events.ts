/**
 * Signed events whose secrets are sealed: each event type has a routing part in clear (what the hub,
 * the transport and the receiver's checks need) and, where there is anything to keep secret, a box
 * sealed for the event's recipients and its sender. The box is bound to the capability, the type, the
 * sender and the routing part, so it cannot be moved under another event. One codec serves every
 * capability that shares secrets (intel alerts, tasking requests); each brings its own wire table.
 */
import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { Rejection, type Refusal, type SignedEvent, type StoredEvent } from '@concord/federation';
import type { TrustedManifest } from '@concord/manifest';
import { open, seal, sealedBoxSchema } from './sealed-box.js';

/** Per type: the routing part in clear, and the sealed part (undefined where nothing is secret). */
export type WireTable = Record<string, { readonly routing: z.ZodType; readonly secret: z.ZodType | undefined }>;

type RoutingOf<W extends WireTable, T extends keyof W> = z.output<W[T]['routing']>;
type SecretOf<W extends WireTable, T extends keyof W> = W[T]['secret'] extends z.ZodType ? z.output<W[T]['secret']> : Record<never, never>;
export type SecretInputOf<W extends WireTable, T extends keyof W> = W[T]['secret'] extends z.ZodType ? z.input<W[T]['secret']> : Record<never, never>;

/** A decoded event: its type, sender, time and recipients, the routing part, and the opened secret. */
export type DecodedEvent<W extends WireTable> = {
  [T in keyof W & string]: { readonly type: T; readonly from: string; readonly at: Date; readonly recipients: readonly string[] } & RoutingOf<W, T> & SecretOf<W, T>;
}[keyof W & string];

export interface SealedEventCodec<W extends WireTable> {
  /** The body of a new event: routing in clear, the secret sealed for the recipients and this agency. */
  encode<T extends keyof W & string>(type: T, routing: RoutingOf<W, T>, secret: SecretInputOf<W, T>, recipients: readonly string[]): unknown;
  /** Checks and opens a stored or received event; throws a SealedEventRefusal when it cannot. Cached per event. */
  decode(event: SignedEvent): DecodedEvent<W>;
  /** The same, for an inbound check: a refusal instead of a throw. */
  refusalOf(event: SignedEvent): Refusal | undefined;
  /** The decoded event, once applied (or refused): dropped from the cache. */
  forget(event: SignedEvent): void;
}

export class SealedEventRefusal extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.detail);
  }
}

const encoder = new TextEncoder();
const issues = (error: z.ZodError) => error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');

export function createSealedEventCodec<W extends WireTable>(
  capability: string,
  wire: W,
  me: { readonly agency: string; readonly encryptionKey: KeyObject },
  trust: TrustedManifest,
): SealedEventCodec<W> {
  const cache = new Map<string, DecodedEvent<W>>();
  const bound = (type: string, sender: string, routing: unknown) => encoder.encode(`concord/v1/${capability}|${type}|${sender}|${JSON.stringify(routing)}`);
  const keyOf = (agency: string) => {
    const found = trust.agencies.find((a) => a.id === agency);
    if (!found) throw new Error(`${agency} is not in the manifest`);
    return found.keys.encryption;
  };
  const refuse = (reason: Refusal['reason'], detail: string) => new SealedEventRefusal({ reason, detail });

  const decodeFresh = (event: SignedEvent): DecodedEvent<W> => {
    const { type, origin, recipients, issuedAt, body } = event.envelope;
    const table = Object.hasOwn(wire, type) ? wire[type] : undefined;
    if (!table) throw refuse(Rejection.Refused, `${type} is not a ${capability} event type`);
    const outer = z.strictObject({ routing: table.routing, box: table.secret ? sealedBoxSchema : z.never().optional() }).safeParse(body);
    if (!outer.success) throw refuse(Rejection.Malformed, `${type}: ${issues(outer.error)}`);
    let secret: unknown = {};
    if (table.secret && outer.data.box) {
      let opened: Buffer;
      try {
        opened = open(outer.data.box, { agency: me.agency, privateKey: me.encryptionKey }, bound(type, origin, outer.data.routing));
      } catch {
        throw refuse(Rejection.Undecryptable, `${type} from ${origin} does not open for ${me.agency}: altered, or not sealed for it`);
      }
      const parsed = table.secret.safeParse(JSON.parse(opened.toString('utf8')));
      if (!parsed.success) throw refuse(Rejection.Malformed, `${type}: sealed content: ${issues(parsed.error)}`);
      secret = parsed.data;
    }
    return { type, from: origin, at: new Date(issuedAt), recipients, ...(outer.data.routing as object), ...(secret as object) } as unknown as DecodedEvent<W>;
  };

  const cacheKey = (event: SignedEvent) => `${event.envelope.origin}:${event.envelope.id}`;

  return {
    encode(type, routing, secret, recipients) {
      if (!wire[type]!.secret) return { routing };
      const parties = [...new Set([...recipients, me.agency])].map((agency) => ({ agency, publicKey: keyOf(agency) }));
      return { routing, box: seal(encoder.encode(JSON.stringify(secret)), parties, bound(type, me.agency, routing)) };
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
        if (error instanceof SealedEventRefusal) return error.refusal;
        throw error;
      }
    },
    forget(event) {
      cache.delete(cacheKey(event));
    },
  };
}

/**
 * What a federation link needs from a service whose events are sealed: open each stored event once and
 * apply it (a damaged one is logged, never thrown), and refuse at the door what does not open or what
 * the service's own rules refuse.
 */
export function sealedEventHandlers<W extends WireTable>(
  codec: SealedEventCodec<W>,
  rules: { readonly apply: (event: DecodedEvent<W>, stored: StoredEvent) => void; readonly check: (event: DecodedEvent<W>) => Refusal | undefined },
  log: { error(details: object, message: string): void },
): { onEvent: (stored: StoredEvent) => void; checkInbound: (event: SignedEvent) => Refusal | undefined } {
  return {
    onEvent: (stored) => {
      try {
        const decoded = codec.decode(stored);
        codec.forget(stored);
        rules.apply(decoded, stored);
      } catch (error) {
        log.error({ err: error, event: stored.envelope.id, scope: stored.envelope.scope }, 'stored event could not be applied');
      }
    },
    checkInbound: (event) => {
      const refusal = codec.refusalOf(event) ?? rules.check(codec.decode(event));
      if (refusal) codec.forget(event);
      return refusal;
    },
  };
}
