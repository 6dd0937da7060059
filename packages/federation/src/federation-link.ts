/**
 * One capability's link to the federation: it signs and stores what this agency shares, relays it to
 * the recipients, verifies and stores what others send, and hands every stored event, own or
 * received, to the service in store order (first the stored backlog at start, then live).
 */
import { Events, headers, type Consumer, type JetStreamClient, type JetStreamManager, type NatsConnection, type Status, type Subscription } from 'nats';
import type { Logger } from 'pino';
import { HybridLogicalClock, parseHlc } from '@concord/clock';
import { Code, ConcordError, invalidFromZod } from '@concord/errors';
import type { AgencyIdentity } from '@concord/identity';
import { findAgency, type TrustedManifest } from '@concord/manifest';
import { z } from 'zod';
import { BatchDoor, type InboundDelivery } from './batch-door.js';
import type { Capability } from './capability.js';
import { encodeReply } from './delivery-reply.js';
import { eventEnvelopeSchema, eventIdFor, eventKey, eventTypeSchema, MessageIdHeader, scopeSchema, SignatureHeader, signEvent, type EventEnvelope, type NewEvent, type SignedEvent } from './event-envelope.js';
import { ensureStream, eventStreamConfig } from './event-store.js';
import { InboundQuotas, type PeerQuotaStats, type QuotaLimit } from './inbound-quotas.js';
import { consumersOf, durablesNamed } from './durable-consumer.js';
import { OutboxDispatcher } from './outbox-dispatcher.js';
import { catchUpConsumerPrefix, PeerRelay, type PeerRelayStats } from './peer-relay.js';
import { RecentCount } from './recent-count.js';
import { StallWatch } from './stall-watch.js';
import { Rejection, RejectionCounter, type Refusal } from './rejection.js';
import { HopStage, markHop } from './hop-trace.js';
import { batchDeliveryType, FederationSubjects, parseDeliverySubject, readySignalType, StoreSubjects } from './subjects.js';
import { verifyDelivery } from './verify-delivery.js';

export interface StoredEvent extends SignedEvent {
  /** Position in this agency's store: local, not comparable across agencies. */
  readonly seq: number;
}

/** The client request a service is serving, as far as the link needs it (the access package's request ledger). */
export interface RequestScope {
  /** The request being served, if any: the events it stores get ids derived from its key, counted here. */
  current(): { readonly key: string; events: number } | undefined;
  /** Tells the scope how to find whether a request's first event is stored; returns the undo. */
  register(committed: (key: string) => boolean): () => void;
}

export interface FederationLinkOptions {
  readonly nc: NatsConnection;
  readonly agency: string;
  readonly capability: Capability;
  readonly identity: AgencyIdentity;
  readonly trust: TrustedManifest;
  readonly log: Logger;
  /** Called once per stored event, in store order, own events included. Must not throw. */
  readonly onEvent: (event: StoredEvent) => void;
  /**
   * The service's own rules for an inbound event (body shape, who may send it); a string refuses it
   * as `refused`, a refusal under its own reason (a replay the service recognises, say).
   */
  readonly checkInbound?: (event: SignedEvent) => string | Refusal | undefined;
  /**
   * Lets the service erase stored events (`erase`), for content that must not outlive a revocation or
   * an expiry. Otherwise the store is append-only.
   */
  readonly erasable?: boolean;
  /** Copies of the event store JetStream keeps: the agency's cluster size (default 1, one server). */
  readonly replicas?: number;
  readonly clock?: HybridLogicalClock;
  readonly maxEventBytes?: number;
  readonly relay?: { readonly requestTimeoutMs?: number; readonly maxBackoffMs?: number };
  /** Client request ids: a retried request finds what its first attempt stored. */
  readonly requests?: RequestScope;
}

export interface FederationLinkStats {
  readonly received: number;
  readonly duplicates: number;
  readonly rejected: Partial<Record<Rejection, number>>;
  readonly rejectedTotal: number;
  readonly relays: Readonly<Record<string, PeerRelayStats>>;
  /** Per peer of the manifest (and `unknown` for refused senders outside it): what an operator watches. */
  readonly peers: Readonly<Record<string, PeerStats>>;
  /** Per sending peer: bytes of its events held here, and deliveries refused as over its quota. */
  readonly quotas: Readonly<Record<string, PeerQuotaStats>>;
  /** Own events handed to their recipients' relays as soon as JetStream acknowledged the write. */
  readonly handedOnAck: number;
}

export interface PeerStats {
  readonly deliveredIn: number;
  readonly deliveredOut: number;
  readonly refusals: Partial<Record<Rejection, number>>;
  readonly refusalsLastHour: number;
  /** Milliseconds since the epoch of the last delivery either way. */
  readonly lastDeliveryAt?: number;
  /** The relay to the peer is not holding its events (always true for `unknown`). */
  readonly connected: boolean;
}

/** Inbound counts of one sender. */
class InboundFrom {
  stored = 0;
  lastStoredAt: number | undefined;
  readonly refusals = new RejectionCounter();
  readonly recentRefusals = new RecentCount();
}

/** The label a refused sender is counted under: a manifest agency, or `unknown`, so labels stay bounded. */
const unknownSender = 'unknown';

export const defaultMaxEventBytes = 64 * 1024;
/**
 * How long the store follower may stand still while behind before its consumer is asked whether it is
 * still there: every write waits to be applied, so a consumer lost with its node must be found fast.
 */
const followerQuietMs = 1_000;
/** How long that consumer has to answer; one that does not (its node is gone) is made again at once. */
const consumerAnswerMs = 2_000;
/**
 * Standing still this long, the follower is made again even though its consumer answers: about as long
 * as nats.js takes to find a lost pull by itself (two heartbeats and one check at a 5 s expiry).
 */
const followerStallMs = 10_000;
/**
 * One pull of the store follower: long, so an idle follower is asked little (a heartbeat every 15 s, a
 * pull every 30 s, against 2.5 s and 5 s). Its lost node is found by the stall watch as soon as anything
 * waits to be applied, and a restarted server by nats.js on reconnecting, not by missed heartbeats.
 */
const followerPullExpiresMs = 30_000;
/** Between tries to make the follower's consumer again while the cluster elects its leaders. */
const followerRetryMs = 250;
/** Inbound writes in flight at once; beyond this a sender is told to retry, which its relay does. */
const maxConcurrentStores = 256;

/** The answer to a delivery this agency could not store now: the sender's relay tries again. */
const unavailableReply = () => encodeReply({ ok: false, reason: 'unavailable', detail: 'the receiving store is unavailable' });

const newEventSchema = z.object({
  type: eventTypeSchema,
  scope: scopeSchema,
  recipients: z.array(z.string()).min(1, 'must name at least one recipient'),
});

export class FederationLink {
  readonly #o: FederationLinkOptions;
  readonly #clock: HybridLogicalClock;
  readonly #maxEventBytes: number;
  readonly #rejections = new RejectionCounter();
  readonly #quotas: InboundQuotas;
  /** The last event stored before this start: received events up to it count against their sender's stored bytes. */
  #backlog = 0;
  /** Event key to signature, for every stored event: tells a harmless re-delivery from a replay. */
  readonly #seen = new Map<string, string>();
  /** Received events whose write is under way: a copy arriving meanwhile is answered as that write ends. */
  readonly #writing = new Map<string, { readonly signature: string; readonly stored: Promise<boolean> }>();
  readonly #waiters = new Map<number, Array<() => void>>();
  /**
   * Envelopes this link is storing, already parsed (and, if received, verified), by event key (the stored
   * message id): the store follower takes them instead of parsing again.
   */
  readonly #storing = new Map<string, EventEnvelope>();
  /**
   * Events this link wrote and JetStream acknowledged, by store sequence, until applied: the one right
   * after the last applied is applied at once, so a write waits for no consumer round trip. The
   * follower still applies whatever another writer put in between, and skips what was applied here.
   */
  readonly #acknowledged = new Map<number, StoredEvent>();
  readonly #relays = new Map<string, PeerRelay>();
  #dispatcher: OutboxDispatcher | undefined;
  readonly #inboundFrom = new Map<string, InboundFrom>();
  #js!: JetStreamClient;
  #jsm!: JetStreamManager;
  #applied = 0;
  /** The highest store sequence this link knows is stored: what the follower must reach. */
  #stored = 0;
  readonly #followerWatch = new StallWatch(() => ({ taken: this.#applied, stored: this.#stored }), followerQuietMs, (stillMs) => void this.#followerStill(stillMs));
  /** The store follower's consumer now, for asking whether it is still there. */
  #follower: Consumer | undefined;
  /** Ask with a short timeout: a consumer that does not answer at once is not there, and a try to make one is repeated soon. */
  #quickJsm!: JetStreamManager;
  #quickJs!: JetStreamClient;
  #askingFollower = false;
  #following: Promise<void> | undefined;
  /** The sequence after a gap the follower was made again for: met again, the gap is real. */
  #gapRechecked = 0;
  #received = 0;
  #duplicates = 0;
  #inbound: Subscription | undefined;
  #stopStore: (() => void) | undefined;
  #stopStatuses: (() => void) | undefined;
  #unregister: (() => void) | undefined;
  #tasks: Promise<void>[] = [];
  #stopping = false;

  constructor(options: FederationLinkOptions) {
    this.#o = options;
    this.#clock = options.clock ?? new HybridLogicalClock();
    this.#maxEventBytes = options.maxEventBytes ?? defaultMaxEventBytes;
    this.#quotas = new InboundQuotas(findAgency(options.trust, options.agency)?.inboundQuotas);
  }

  get #streamName(): string {
    return StoreSubjects.streamName(this.#o.capability);
  }

  /** Opens the store, replays it into the service, then starts answering and relaying. */
  async start(): Promise<void> {
    const { nc, capability, agency, trust, log } = this.#o;
    this.#js = nc.jetstream();
    this.#jsm = await nc.jetstreamManager();
    this.#quickJsm = await nc.jetstreamManager({ timeout: consumerAnswerMs, checkAPI: false });
    this.#quickJs = nc.jetstream({ timeout: consumerAnswerMs });
    await ensureStream(this.#jsm, eventStreamConfig(capability, this.#maxEventBytes, this.#o.erasable === true, this.#o.replicas));
    const backlog = (await this.#jsm.streams.info(this.#streamName)).state.last_seq;
    this.#backlog = backlog;
    this.#stored = backlog;
    await this.#followStore();
    this.#followerWatch.start();
    await this.#appliedUpTo(backlog);
    log.info({ backlog }, 'event store replayed');
    this.#unregister = this.#o.requests?.register((key) => this.#seen.has(eventKey({ origin: agency, id: eventIdFor(key, 0) })));

    this.#inbound = nc.subscribe(FederationSubjects.inbound(agency, capability), { queue: `${capability}-inbound` });
    this.#tasks.push(this.#answerDeliveries(this.#inbound));

    const dispatcher = new OutboxDispatcher({ js: this.#js, jsm: this.#jsm, capability, me: agency, log, relays: this.#relays });
    this.#dispatcher = dispatcher;
    for (const peer of trust.agencies) {
      if (peer.id === agency) continue;
      this.#relays.set(peer.id, new PeerRelay({ nc, js: this.#js, jsm: this.#jsm, capability, me: agency, peer: peer.id, log, dispatched: () => dispatcher.dispatched, ...this.#o.relay }));
    }
    // Relays that were behind when the link last stopped carry on from their own consumers first.
    const behind = await durablesNamed(this.#jsm, this.#streamName, catchUpConsumerPrefix);
    await Promise.all(behind.flatMap((name) => this.#relays.get(name.slice(catchUpConsumerPrefix.length))?.resume() ?? []));
    await dispatcher.start();
    this.#announceReady();
    const statuses = this.#o.nc.status();
    this.#stopStatuses = () => (statuses as unknown as { stop(): void }).stop();
    this.#tasks.push(this.#announceOnReconnect(statuses));
  }

  /**
   * Tells every peer this link is (back) up, so their relays deliver what waited for it at once. Unsigned
   * and unstored on purpose: a forged signal can only make a relay probe early.
   */
  #announceReady(): void {
    const { nc, agency, capability, trust } = this.#o;
    for (const peer of trust.agencies) {
      if (peer.id !== agency && !nc.isClosed()) nc.publish(FederationSubjects.delivery(peer.id, agency, capability, readySignalType));
    }
  }

  async #announceOnReconnect(statuses: AsyncIterable<Status>): Promise<void> {
    for await (const status of statuses) {
      if (status.type === Events.Reconnect) this.#announceReady();
    }
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    this.#unregister?.();
    await this.#dispatcher?.stop();
    await Promise.all([...this.#relays.values()].map((relay) => relay.stop()));
    if (this.#inbound && !this.#inbound.isClosed()) await this.#inbound.drain();
    this.#followerWatch.stop();
    await this.#following;
    this.#stopStore?.();
    this.#stopStatuses?.();
    await Promise.allSettled(this.#tasks);
  }

  /** Signs and stores a new event; resolves once it is stored and the service has applied it. */
  async publish(input: NewEvent): Promise<StoredEvent> {
    const parsed = newEventSchema.safeParse(input);
    if (!parsed.success) throw invalidFromZod(parsed.error, 'event');
    const { agency, capability, identity, trust } = this.#o;
    const unknown = input.recipients.filter((id) => !findAgency(trust, id) || id === agency);
    if (unknown.length > 0) throw new ConcordError(Code.InvalidArgument, `recipients: not other agencies of the federation: ${unknown.join(', ')}`);
    const request = this.#o.requests?.current();
    const id = request ? eventIdFor(request.key, request.events++) : undefined;
    markHop(agency, HopStage.publish, { scope: input.scope });
    const signed = signEvent(input, { origin: agency, capability, signingKey: identity.signingKey }, this.#clock.tick(), id);
    markHop(agency, HopStage.signed, { key: eventKey(signed.envelope), scope: input.scope });
    if (signed.data.byteLength > this.#maxEventBytes) {
      throw new ConcordError(Code.InvalidArgument, `event is ${signed.data.byteLength} bytes; the limit is ${this.#maxEventBytes}`);
    }
    const seq = await this.#store(signed);
    this.#applyAcknowledged();
    await this.#appliedUpTo(seq);
    markHop(agency, HopStage.published, { key: eventKey(signed.envelope), scope: input.scope });
    return { ...signed, seq };
  }

  /**
   * Erases a stored event: JetStream overwrites its bytes on disk, and a replay of the store no longer
   * holds it. Only for an erasable link. False when there was nothing left to erase.
   */
  async erase(seq: number): Promise<boolean> {
    if (this.#o.erasable !== true) throw new ConcordError(Code.FailedPrecondition, `the ${this.#o.capability} store is append-only`);
    try {
      return await this.#jsm.streams.deleteMessage(this.#streamName, seq, true);
    } catch (error) {
      if (/no message found|not found/i.test(String((error as Error).message))) return false;
      throw error;
    }
  }

  stats(): FederationLinkStats {
    const relays: Record<string, PeerRelayStats> = {};
    for (const relay of this.#relays.values()) relays[relay.peer] = { ...relay.stats };
    const peers: Record<string, PeerStats> = {};
    const senders = new Set([...this.#relays.keys(), ...this.#inboundFrom.keys()]);
    for (const peer of senders) {
      const inbound = this.#inboundFrom.get(peer);
      const relay = this.#relays.get(peer);
      const last = Math.max(inbound?.lastStoredAt ?? 0, relay?.stats.lastDeliveredAt ?? 0);
      peers[peer] = {
        deliveredIn: inbound?.stored ?? 0,
        deliveredOut: relay?.stats.delivered ?? 0,
        refusals: inbound?.refusals.snapshot() ?? {},
        refusalsLastHour: inbound?.recentRefusals.total() ?? 0,
        ...(last > 0 ? { lastDeliveryAt: last } : {}),
        connected: relay?.connected ?? true,
      };
    }
    return {
      received: this.#received,
      duplicates: this.#duplicates,
      rejected: this.#rejections.snapshot(),
      rejectedTotal: this.#rejections.total(),
      relays,
      peers,
      quotas: this.#quotas.snapshot(),
      handedOnAck: this.#dispatcher?.handedOnAck ?? 0,
    };
  }

  /**
   * Per peer, this agency's events its relay has not yet had confirmed (waiting or in flight). A peer
   * whose relay fell behind and whose consumer cannot be asked (the agency's server is down) is left
   * out, not reported as 0.
   */
  async pending(): Promise<Record<string, number>> {
    const relays = [...this.#relays.values()];
    // Relays catching up read from consumers of their own: listed once, however many peers are behind
    // (asked one by one, each `concord status` cost an agency of 50 up to 49 requests per capability).
    const consumers = relays.some((relay) => relay.catchingUp) ? await consumersOf(this.#jsm, this.#streamName).catch(() => undefined) : undefined;
    return Object.fromEntries(
      relays.flatMap((relay) => {
        const backlog = relay.backlog(consumers);
        return backlog === undefined ? [] : [[relay.peer, backlog] as const];
      }),
    );
  }

  #sender(peer: string): InboundFrom {
    let counts = this.#inboundFrom.get(peer);
    if (!counts) {
      counts = new InboundFrom();
      this.#inboundFrom.set(peer, counts);
    }
    return counts;
  }

  async #store(event: SignedEvent): Promise<number> {
    const h = headers();
    h.set(SignatureHeader, event.signature);
    const key = eventKey(event.envelope);
    const subject = StoreSubjects.event(this.#o.capability, event.envelope.scope, event.envelope.origin);
    // Noted before the write: the follower and the dispatcher may receive the event before its answer.
    const dispatcher = event.envelope.origin === this.#o.agency ? this.#dispatcher : undefined;
    this.#storing.set(key, event.envelope);
    dispatcher?.expect(key, event.envelope);
    const forget = () => {
      this.#storing.delete(key);
      dispatcher?.forget(key);
    };
    const ack = await this.#js.publish(subject, event.data, { msgID: key, headers: h }).catch((error: unknown) => {
      forget();
      throw error;
    });
    // A duplicate's first copy was stored earlier, and may be read already: nothing of this write comes round.
    if (ack.duplicate) {
      forget();
      if (event.envelope.origin === this.#o.agency) await this.#sameAsStored(ack.seq, event.signature);
    }
    markHop(this.#o.agency, HopStage.stored, { key, scope: event.envelope.scope });
    this.#seen.set(key, event.signature);
    this.#stored = Math.max(this.#stored, ack.seq);
    // Watched until the follower has applied it (the watch sleeps while nothing is behind).
    this.#followerWatch.behind();
    // In the store: its recipients' relays may have it now, before this agency applies it.
    if (!ack.duplicate) dispatcher?.stored(ack.seq, key, event.data, event.signature);
    // Applied by the caller (publish at once, a delivery once answered): see #applyAcknowledged.
    if (!ack.duplicate && ack.seq > this.#applied) this.#acknowledged.set(ack.seq, { ...event, seq: ack.seq });
    return ack.seq;
  }

  /** Applies acknowledged writes while each is the next in the store: store order, without the follower's round trip. */
  #applyAcknowledged(): void {
    for (let next = this.#acknowledged.get(this.#applied + 1); next; next = this.#acknowledged.get(this.#applied + 1)) {
      this.#acknowledged.delete(next.seq);
      this.#storing.delete(eventKey(next.envelope));
      this.#apply(next);
    }
  }

  /** Hands one stored event to the service, once, in store order. */
  #apply(event: StoredEvent): void {
    try {
      this.#seen.set(eventKey(event.envelope), event.signature);
      this.#clock.observe(parseHlc(event.envelope.hlc));
      if (event.seq <= this.#backlog && event.envelope.origin !== this.#o.agency) this.#quotas.stored(event.envelope.origin, event.data.byteLength);
      this.#o.onEvent(event);
      markHop(this.#o.agency, HopStage.applied, { key: eventKey(event.envelope), scope: event.envelope.scope });
    } catch (error) {
      this.#o.log.error({ err: error, seq: event.seq }, 'stored event could not be applied');
    }
    this.#markApplied(event.seq);
  }

  /**
   * Our own event under an id derived from a client's request (FederationLink.publish) that the store
   * already holds with other content: an earlier attempt of the request was stored although its write
   * seemed to fail (a timeout), and this attempt's new ids (an operation's, say) would be found nowhere.
   */
  async #sameAsStored(seq: number, signature: string): Promise<void> {
    const stored = await this.#jsm.streams.getMessage(this.#streamName, { seq });
    if (stored.header?.get(SignatureHeader) === signature) return;
    throw new ConcordError(Code.AlreadyExists, 'this request was carried out before, and its answer was lost (its write seemed to fail); nothing was recorded again: list or get to see the result');
  }

  /**
   * Reads the store in order from `from`, then keeps following it; every event reaches onEvent once.
   * `once`: fail at the first refused try to make the consumer, for the caller to try again.
   */
  async #followStore(from = 1, once = false): Promise<void> {
    const consumer = await (once ? this.#quickJs : this.#js).consumers.get(this.#streamName, from > 1 ? { opt_start_seq: from } : undefined);
    // nats.js tries up to 30 times, waiting 2.5 to 7.5 s (at a 5 s expiry) after each failure: while the
    // cluster elects a meta leader, that wait alone outlasts the election.
    if (once) (consumer as { maxInitialReset?: number }).maxInitialReset = 0;
    let stopped = false;
    this.#catchResetFailures(consumer, () => stopped);
    const messages = await consumer.consume({ expires: followerPullExpiresMs });
    this.#follower = consumer;
    this.#stopStore = () => {
      stopped = true;
      messages.stop();
    };
    const follow = async () => {
      for await (const message of messages) {
        // A follower made again starts after the last event applied; the one it replaces may still hand over what it held.
        if (stopped) break;
        if (message.seq <= this.#applied) continue;
        if (this.#skipped(message.seq)) {
          void this.#followAgain('store follower skipped events; following the store again from the first one skipped');
          break;
        }
        const key = message.headers?.get(MessageIdHeader) ?? '';
        this.#acknowledged.delete(message.seq);
        const known = this.#storing.get(key);
        this.#storing.delete(key);
        let envelope: EventEnvelope;
        try {
          envelope = known ?? eventEnvelopeSchema.parse(JSON.parse(new TextDecoder().decode(message.data)));
        } catch (error) {
          this.#o.log.error({ err: error, seq: message.seq }, 'stored event could not be applied');
          this.#markApplied(message.seq);
          continue;
        }
        this.#apply({ envelope, data: message.data, signature: message.headers?.get(SignatureHeader) ?? '', seq: message.seq });
        // Writes of this link acknowledged meanwhile may follow at once.
        this.#applyAcknowledged();
      }
    };
    this.#tasks.push(follow());
  }

  /**
   * An append-only store has no gaps, so a follower that hands over a later event than the next one
   * skipped some: on nats-server 2.9.10 an ordered consumer on the node that was cut off did, once it
   * rejoined. Checked once per gap: met again from a new consumer, the gap is real (an erased event).
   */
  #skipped(seq: number): boolean {
    if (seq === this.#applied + 1 || this.#o.erasable === true || this.#gapRechecked === seq) return false;
    this.#gapRechecked = seq;
    return true;
  }

  /**
   * The follower stood still while behind (see StallWatch). Its consumer is one replica on one node: if
   * that consumer no longer answers, its node is gone and it is made again now, not after the full stall
   * period; one that answers is only slow, and is left alone unless it stands still that long.
   */
  async #followerStill(stillMs: number): Promise<void> {
    if (this.#following || this.#askingFollower || this.#stopping) return;
    if (stillMs >= followerStallMs) return this.#followAgain();
    this.#askingFollower = true;
    try {
      if (!(await this.#followerAnswers())) await this.#followAgain('store follower stood still while behind and its consumer does not answer (its node is gone); following the store with a new consumer');
    } finally {
      this.#askingFollower = false;
    }
  }

  async #followerAnswers(): Promise<boolean> {
    try {
      // Cached: the ordered consumer's current name, without asking the server.
      const { name } = await this.#follower!.info(true);
      await this.#quickJsm.consumers.info(this.#streamName, name);
      return true;
    } catch {
      return false;
    }
  }

  /** The follower stood still while behind, or skipped events: a new one takes over from the first event not applied. */
  async #followAgain(why = 'store follower stood still while behind; following the store with a new consumer'): Promise<void> {
    if (this.#following || this.#stopping) return;
    this.#o.log.warn({ applied: this.#applied, stored: this.#stored }, why);
    this.#stopStore?.();
    this.#following = this.#followAgainFrom(this.#applied + 1).finally(() => (this.#following = undefined));
    await this.#following;
  }

  /** Tries every quarter second until the consumer is made: it is made as soon as the cluster has its leaders again. */
  async #followAgainFrom(from: number): Promise<void> {
    for (let tries = 1; !this.#stopping; tries++) {
      try {
        await this.#followStore(from, true);
        // The new follower gets a whole stall period of its own, not the one before it stood still in.
        this.#followerWatch.reset();
        return;
      } catch (error) {
        // The 1st, 2nd, 4th, 8th... failure: a long election cannot flood the log.
        if ((tries & (tries - 1)) === 0) this.#o.log.warn({ err: error, tries }, 'the store follower could not be made again yet; trying again');
        await new Promise((resolve) => setTimeout(resolve, followerRetryMs));
      }
    }
  }

  /**
   * nats.js 2.29 recreates an ordered consumer in the background (after a server restart, or a gap) and
   * leaves the promise of that work unhandled: when the connection drains meanwhile, the process gets
   * an unhandled rejection. During a stop that failure is expected and dropped here; at any other time
   * it goes on as before, because a store no longer followed must not go unnoticed.
   */
  #catchResetFailures(consumer: object, stopped: () => boolean): void {
    const ordered = consumer as { reset?: (...args: unknown[]) => Promise<void> };
    const reset = ordered.reset?.bind(consumer);
    if (!reset) return;
    ordered.reset = (...args: unknown[]) =>
      reset(...args).catch((error: unknown) => {
        if (stopped() || this.#o.nc.isClosed() || this.#o.nc.isDraining()) return;
        this.#o.log.error({ err: error }, 'the store follower could not be recreated');
        throw error;
      });
  }

  #markApplied(seq: number): void {
    this.#applied = seq;
    for (const [waitedSeq, resolvers] of this.#waiters) {
      if (waitedSeq <= seq) {
        this.#waiters.delete(waitedSeq);
        for (const resolve of resolvers) resolve();
      }
    }
  }

  #appliedUpTo(seq: number): Promise<void> {
    if (this.#applied >= seq) return Promise.resolve();
    return new Promise((resolve) => {
      const list = this.#waiters.get(seq) ?? [];
      list.push(resolve);
      this.#waiters.set(seq, list);
    });
  }

  /**
   * Checks run one delivery at a time, in arrival order; the JetStream writes that follow run
   * concurrently, up to a bound beyond which senders are told to come back later.
   */
  async #answerDeliveries(subscription: Subscription): Promise<void> {
    const storing = new Set<Promise<void>>();
    const { agency: me, capability, log } = this.#o;
    const batches = new BatchDoor({ me, capability, log, answer: (delivery) => this.#answer(delivery), refuse: (batch, reason, detail) => this.#refuse(batch, reason, detail) });
    for await (const message of subscription) {
      if (storing.size >= maxConcurrentStores) {
        message.respond(encodeReply({ ok: false, reason: 'busy', detail: 'too many deliveries at once; try again shortly' }));
        continue;
      }
      const answered = (parseDeliverySubject(message.subject)?.type === batchDeliveryType ? batches.answer(message) : this.#answer(message)).catch((error: unknown) => {
        this.#o.log.error({ err: error, subject: message.subject }, 'delivery could not be stored');
        message.respond(unavailableReply());
      });
      storing.add(answered);
      void answered.finally(() => storing.delete(answered));
    }
    await Promise.allSettled([...storing]);
  }

  /** Synchronous up to the store, so checks and the replay record see deliveries in arrival order. */
  async #answer(message: InboundDelivery): Promise<void> {
    const { agency, capability, trust } = this.#o;
    const address = parseDeliverySubject(message.subject);
    if (address?.type === readySignalType) {
      this.#relays.get(address.from)?.wake();
      return;
    }
    markHop(agency, HopStage.door, { key: message.headers?.get(MessageIdHeader) });
    const verified = verifyDelivery(
      { subject: message.subject, data: message.data, signature: message.headers?.get(SignatureHeader) || undefined },
      { me: agency, capability, trust, maxBytes: this.#maxEventBytes },
    );
    if (!verified.ok) return this.#refuse(message, verified.reason, verified.detail);
    const { envelope, signature } = verified.event;
    markHop(agency, HopStage.verified, { key: eventKey(envelope), scope: envelope.scope });
    try {
      this.#clock.observe(parseHlc(envelope.hlc));
    } catch (error) {
      return this.#refuse(message, Rejection.ClockAhead, ConcordError.from(error).message);
    }
    const key = eventKey(envelope);
    const writing = this.#writing.get(key);
    const known = this.#seen.get(key) ?? writing?.signature;
    if (known !== undefined) {
      if (known !== signature) return this.#refuse(message, Rejection.Replay, `event ${envelope.id} was already received with other content`);
      // A copy of an event still being written is confirmed only once the write is: that write may fail.
      if (writing && !(await writing.stored)) return void message.respond(unavailableReply());
      this.#duplicates += 1;
      message.respond(encodeReply({ ok: true, duplicate: true }));
      return;
    }
    const refusal = this.#o.checkInbound?.(verified.event);
    if (typeof refusal === 'string') return this.#refuse(message, Rejection.Refused, refusal);
    if (refusal !== undefined) return this.#refuse(message, refusal.reason, refusal.detail);
    const over = this.#quotas.admit(envelope.origin, message.data.byteLength);
    if (over) return this.#holdBack(message, envelope.origin, over);
    // Recorded before the write, so a copy arriving meanwhile waits for it instead of being stored twice.
    const write = this.#store(verified.event);
    this.#writing.set(key, { signature, stored: write.then(() => true, () => false) });
    try {
      await write;
    } catch (error) {
      this.#quotas.release(envelope.origin, message.data.byteLength);
      throw error;
    } finally {
      this.#writing.delete(key);
    }
    this.#received += 1;
    const from = this.#sender(envelope.origin);
    from.stored += 1;
    from.lastStoredAt = Date.now();
    message.respond(encodeReply({ ok: true, duplicate: false }));
    markHop(agency, HopStage.answered, { key, scope: envelope.scope });
    // Answered first: applying (opening, folding, auditing) need not hold the answer.
    this.#applyAcknowledged();
  }

  /** Back-pressure: the sender's relay holds the event and tries again later; nothing is stored or dropped. */
  #holdBack(message: InboundDelivery, peer: string, limit: QuotaLimit): void {
    const quota = this.#quotas.quotaOf(peer);
    const detail =
      limit === 'stored'
        ? `${peer} already keeps ${this.#quotas.snapshot()[peer]?.storedBytes ?? 0} bytes here; the limit is ${quota.storedBytes}`
        : `${peer} may deliver ${limit === 'events' ? `${quota.eventsPerInterval} events` : `${quota.bytesPerInterval} bytes`} per ${quota.intervalSeconds} s here; try again later`;
    const refused = this.#quotas.snapshot()[peer]?.refused[limit] ?? 1;
    // The 1st, 2nd, 4th, 8th... refusal of a kind: a flood cannot flood the log; the counts say the rest.
    if ((refused & (refused - 1)) === 0) this.#o.log.warn({ peer, limit, refused }, 'inbound delivery over quota; sender told to hold it');
    message.respond(encodeReply({ ok: false, reason: 'over-quota', detail }));
  }

  #refuse(message: InboundDelivery, reason: Rejection, detail: string): void {
    this.#rejections.add(reason);
    const claimed = parseDeliverySubject(message.subject)?.from;
    const from = this.#sender(claimed !== undefined && claimed !== this.#o.agency && findAgency(this.#o.trust, claimed) ? claimed : unknownSender);
    from.refusals.add(reason);
    from.recentRefusals.add();
    this.#o.log.warn({ reason, subject: message.subject, detail }, 'inbound delivery refused');
    message.respond(encodeReply({ ok: false, reason, detail: detail.slice(0, 1000) }));
  }
}
