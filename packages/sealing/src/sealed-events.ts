/**
 * Signed events whose content is sealed: the hub and the transport see one opaque event type, the
 * sender, the recipients and the ids in the routing part; the event's real type and everything else
 * travel in a box sealed for the recipients and the sender. The box is bound to the capability, the
 * sender and the routing part, so it cannot be moved under another event. One codec serves every
 * capability (planning, intel, tasking, debrief); each brings its own wire table.
 */
import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { Rejection, type Refusal, type SignedEvent, type StoredEvent } from '@concord/federation';
import type { TrustedManifest } from '@concord/manifest';
import { open, seal, sealedBoxSchema } from './sealed-box.js';

/** The envelope type of every sealed event: what it is stays inside the box. */
export const sealedEventType = 'sealed';

/** Per type: the routing part in clear (ids only), and the part sealed with the type. */
export type WireTable = Record<string, { readonly routing: z.ZodType; readonly secret: z.ZodType }>;

type RoutingOf<W extends WireTable, T extends keyof W> = z.output<W[T]['routing']>;
type SecretOf<W extends WireTable, T extends keyof W> = z.output<W[T]['secret']>;
export type SecretInputOf<W extends WireTable, T extends keyof W> = z.input<W[T]['secret']>;

/** A decoded event: its type, sender, time and recipients, the routing part, and the opened secret. */
export type DecodedEvent<W extends WireTable> = {
  [T in keyof W & string]: { readonly type: T; readonly from: string; readonly at: Date; readonly recipients: readonly string[] } & RoutingOf<W, T> & SecretOf<W, T>;
}[keyof W & string];

/**
 * A decided event as a service holds it: its type, recipients, routing fields and secret fields side by
 * side (a sender and time, if it has them, are the envelope's and are not sealed).
 */
export type EncodableEvent<W extends WireTable> = {
  [T in keyof W & string]: { readonly type: T; readonly recipients: readonly string[]; readonly from?: string; readonly at?: Date } & RoutingOf<W, T> & SecretInputOf<W, T>;
}[keyof W & string];

/** What an event travels as: the envelope type and the body to sign. */
export interface SealedWire {
  readonly type: typeof sealedEventType;
  readonly body: unknown;
}

export interface SealedEventCodec<W extends WireTable> {
  /** A new event: routing in clear, its type and secret sealed for the recipients and this agency. */
  encode<T extends keyof W & string>(type: T, routing: RoutingOf<W, T>, secret: SecretInputOf<W, T>, recipients: readonly string[]): SealedWire;
  /** The same for a whole event: the fields its wire row routes by go in clear, every other field is sealed. */
  encodeEvent(event: EncodableEvent<W>): SealedWire;
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

/** The fields a routing schema names: an object's keys, or those of the object a transform starts from. */
function fieldsOf(schema: z.ZodType): ReadonlySet<string> {
  if (schema instanceof z.ZodObject) return new Set(Object.keys(schema.shape));
  if (schema instanceof z.ZodPipe) return fieldsOf(schema.in as z.ZodType);
  return new Set();
}
const issues = (error: z.ZodError) => error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
const outerSchema = z.strictObject({ routing: z.record(z.string(), z.unknown()), box: sealedBoxSchema });
const innerSchema = z.strictObject({ type: z.string().max(64), secret: z.unknown() });

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** What this process sealed, already checked, by the box's ephemeral key (new in every box). */
interface Sealed {
  readonly type: string;
  readonly routing: unknown;
  readonly secret: unknown;
}

/**
 * The events this agency just sealed, until its store follower folds them: the sender knows what it
 * sealed, so its own copy is not opened, parsed and checked a second time. Only the agency's own events
 * are looked up here (another agency's box never names our ephemeral key), and events whose store
 * write failed are forgotten once more than `limit` wait.
 */
class SealedHere {
  readonly #byEpk = new Map<string, Sealed>();
  constructor(private readonly limit = 4096) {}

  remember(epk: string, sealed: Sealed): void {
    this.#byEpk.set(epk, sealed);
    if (this.#byEpk.size > this.limit) this.#byEpk.delete(this.#byEpk.keys().next().value!);
  }

  take(body: unknown): Sealed | undefined {
    const epk = (body as { box?: { epk?: unknown } } | undefined)?.box?.epk;
    if (typeof epk !== 'string') return undefined;
    const sealed = this.#byEpk.get(epk);
    this.#byEpk.delete(epk);
    return sealed;
  }
}

export function createSealedEventCodec<W extends WireTable>(
  capability: string,
  wire: W,
  me: { readonly agency: string; readonly encryptionKey: KeyObject },
  trust: TrustedManifest,
): SealedEventCodec<W> {
  const cache = new Map<string, DecodedEvent<W>>();
  const sealedHere = new SealedHere();
  // The routing part is bound as the sender wrote it: the received text parses to the same order.
  const bound = (sender: string, routing: unknown) => encoder.encode(`concord/v2/${capability}|${sender}|${JSON.stringify(routing)}`);
  const keyOf = (agency: string) => {
    const found = trust.agencies.find((a) => a.id === agency);
    if (!found) throw new Error(`${agency} is not in the manifest`);
    return found.keys.encryption;
  };
  const refuse = (reason: Refusal['reason'], detail: string) => new SealedEventRefusal({ reason, detail });

  const decodeFresh = (event: SignedEvent): DecodedEvent<W> => {
    const { type: wireType, origin, recipients, issuedAt, body } = event.envelope;
    if (wireType !== sealedEventType) throw refuse(Rejection.Refused, `${wireType} is not a sealed ${capability} event`);
    if (origin === me.agency) {
      const mine = sealedHere.take(body);
      if (mine) return { type: mine.type, from: origin, at: new Date(issuedAt), recipients, ...(mine.routing as object), ...(mine.secret as object) } as unknown as DecodedEvent<W>;
    }
    const outer = outerSchema.safeParse(body);
    if (!outer.success) throw refuse(Rejection.Malformed, `body: ${issues(outer.error)}`);
    let opened: Buffer;
    try {
      opened = open(outer.data.box, { agency: me.agency, privateKey: me.encryptionKey }, bound(origin, outer.data.routing));
    } catch {
      throw refuse(Rejection.Undecryptable, `a ${capability} event from ${origin} does not open for ${me.agency}: altered, or not sealed for it`);
    }
    const inner = innerSchema.safeParse(parseJson(opened));
    if (!inner.success) throw refuse(Rejection.Malformed, `sealed content: ${issues(inner.error)}`);
    const { type } = inner.data;
    const table = Object.hasOwn(wire, type) ? wire[type] : undefined;
    if (!table) throw refuse(Rejection.Refused, `${type} is not a ${capability} event type`);
    const routing = table.routing.safeParse(outer.data.routing);
    if (!routing.success) throw refuse(Rejection.Malformed, `${type}: routing: ${issues(routing.error)}`);
    const secret = table.secret.safeParse(inner.data.secret);
    if (!secret.success) throw refuse(Rejection.Malformed, `${type}: sealed content: ${issues(secret.error)}`);
    return { type, from: origin, at: new Date(issuedAt), recipients, ...(routing.data as object), ...(secret.data as object) } as unknown as DecodedEvent<W>;
  };

  const cacheKey = (event: SignedEvent) => `${event.envelope.origin}:${event.envelope.id}`;
  const routedBy = new Map(Object.entries(wire).map(([type, row]) => [type, fieldsOf(row.routing)]));

  return {
    encodeEvent(event) {
      const { type, recipients, from: _from, at: _at, ...fields } = event;
      const routed = routedBy.get(type) ?? new Set<string>();
      const routing: Record<string, unknown> = {};
      const secret: Record<string, unknown> = {};
      for (const [field, value] of Object.entries(fields)) (routed.has(field) ? routing : secret)[field] = value;
      return this.encode(type, routing as never, secret as never, recipients);
    },
    encode(type, routing, secret, recipients) {
      const parties = [...new Set([...recipients, me.agency])].map((agency) => ({ agency, publicKey: keyOf(agency) }));
      const plaintext = JSON.stringify({ type, secret });
      const box = seal(encoder.encode(plaintext), parties, bound(me.agency, routing));
      // Checked once, from the same JSON a recipient opens, so this agency's stored copy is not opened again.
      const checked = { routing: wire[type]!.routing.safeParse(JSON.parse(JSON.stringify(routing))), secret: wire[type]!.secret.safeParse((JSON.parse(plaintext) as { secret: unknown }).secret) };
      if (checked.routing.success && checked.secret.success) sealedHere.remember(box.epk, { type, routing: checked.routing.data, secret: checked.secret.data });
      return { type: sealedEventType, body: { routing, box } };
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
  rules: { readonly apply: (event: DecodedEvent<W>, stored: StoredEvent) => void; readonly check: (event: DecodedEvent<W>, signed: SignedEvent) => Refusal | undefined },
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
      const refusal = codec.refusalOf(event) ?? rules.check(codec.decode(event), event);
      if (refusal) codec.forget(event);
      return refusal;
    },
  };
}
