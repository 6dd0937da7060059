/**
 * Delivers this agency's events to one peer, from a durable JetStream consumer on the agency's own
 * store. An event leaves the consumer only when the peer answered that it stored it (or refused it
 * for good), so a peer that is offline, or a cut hub link, loses nothing; the peer's JetStream drops
 * the duplicates that a lost answer causes.
 *
 * While the peer answers, deliveries run concurrently (bounded by the consumer's max_ack_pending).
 * When one fails, the peer is taken as down: events are held (their acknowledgement deadline kept
 * alive, so JetStream does not hand them to anyone else) and one probe goes out after a back-off that
 * grows to a second. The first probe that succeeds sends everything held at once. A peer that comes
 * back says so (`wake`), and the relay probes at once instead of waiting out the back-off.
 */
import { AckPolicy, DeliverPolicy, headers, nanos, type ConsumerConfig, type ConsumerMessages, type JetStreamClient, type JetStreamManager, type JsMsg, type NatsConnection } from 'nats';
import type { Logger } from 'pino';
import type { Capability } from './capability.js';
import { decodeReply } from './delivery-reply.js';
import { eventEnvelopeSchema, eventKey, MessageIdHeader, SignatureHeader, type EventEnvelope } from './event-envelope.js';
import { FederationSubjects, StoreSubjects } from './subjects.js';

export interface PeerRelayOptions {
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  readonly capability: Capability;
  readonly me: string;
  readonly peer: string;
  readonly log: Logger;
  /** A healthy delivery answers within milliseconds; this bounds one that does not. */
  readonly requestTimeoutMs?: number;
  /** The longest wait between probes of a peer that is down (default 1 s). */
  readonly maxBackoffMs?: number;
  /** Deliveries in flight, or held, at once. */
  readonly maxInFlight?: number;
}

export interface PeerRelayStats {
  delivered: number;
  refused: number;
  retries: number;
  /** Milliseconds since the epoch of the last event the peer confirmed. */
  lastDeliveredAt?: number;
  /** Deliveries the peer held back because this agency was over its quota there. */
  throttled: number;
}

interface Pending {
  readonly message: JsMsg;
  readonly envelope: EventEnvelope;
}

/** What a send came to: stored or refused for good, the peer not answering, or the peer asking for patience. */
type SendResult = 'done' | 'failed' | 'busy';

const minBackoffMs = 100;
/**
 * How long JetStream waits for an acknowledgement before it hands an event out again. Short, because
 * when the relay's process dies its events in flight wait this long before the next process gets
 * them; events the relay holds or retries are kept alive with `working()` well inside it.
 */
export const relayAckWaitMs = 3_000;
const keepAliveMs = relayAckWaitMs / 4;

export class PeerRelay {
  readonly stats: PeerRelayStats = { delivered: 0, refused: 0, retries: 0, throttled: 0 };
  readonly #options: PeerRelayOptions;
  readonly #log: Logger;
  #messages: ConsumerMessages | undefined;
  #loop: Promise<void> | undefined;
  readonly #inFlight = new Set<Promise<void>>();
  /** Events waiting for the peer to come back; empty while it answers. */
  readonly #held: Pending[] = [];
  #down = false;
  #probing = false;
  #backoffMs = minBackoffMs;
  /** Bumped by wake(): a probe sent before it must not count against the peer when it fails. */
  #generation = 0;
  #probeTimer: NodeJS.Timeout | undefined;
  #keepAlive: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(options: PeerRelayOptions) {
    this.#options = options;
    this.#log = options.log.child({ peer: options.peer });
  }

  get peer(): string {
    return this.#options.peer;
  }

  /** False while the peer does not answer and its events are held. */
  get connected(): boolean {
    return !this.#down;
  }

  get consumerName(): string {
    return `relay-${this.peer}`;
  }

  async start(): Promise<void> {
    const { jsm, js, capability, me, maxInFlight = 512 } = this.#options;
    const stream = StoreSubjects.streamName(capability);
    const config = {
      durable_name: this.consumerName,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: StoreSubjects.byOrigin(capability, me),
      ack_wait: nanos(relayAckWaitMs),
      max_ack_pending: maxInFlight,
    };
    await addOrUpdateConsumer(jsm, stream, config);
    const consumer = await js.consumers.get(stream, this.consumerName);
    this.#messages = await consumer.consume({ max_messages: maxInFlight });
    this.#loop = this.#run(this.#messages);
  }

  /** The peer says it is back: probe now rather than after the back-off. */
  wake(): void {
    if (!this.#down) return;
    this.#generation += 1;
    this.#probing = false;
    this.#backoffMs = minBackoffMs;
    this.#scheduleProbe(0);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#probeTimer);
    clearInterval(this.#keepAlive);
    await this.#messages?.close();
    await this.#loop;
    await Promise.allSettled([...this.#inFlight]);
    // Handed back at once, for the next start to deliver.
    for (const { message } of this.#held.splice(0)) message.nak();
  }

  async #run(messages: ConsumerMessages): Promise<void> {
    for await (const message of messages) this.#track(this.#accept(message));
  }

  #track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => this.#log.error({ err: error }, 'relay failed on an event; it will be redelivered'));
    this.#inFlight.add(tracked);
    void tracked.finally(() => this.#inFlight.delete(tracked));
  }

  async #accept(message: JsMsg): Promise<void> {
    const parsed = eventEnvelopeSchema.safeParse(JSON.parse(new TextDecoder().decode(message.data)));
    if (!parsed.success) {
      // Only verified or self-signed events are ever stored, so this is a damaged store: say so loudly.
      this.#log.error({ seq: message.seq, problem: parsed.error.message }, 'unreadable event in own store; skipped');
      message.term();
      return;
    }
    if (!parsed.data.recipients.includes(this.peer)) {
      message.ack();
      return;
    }
    await this.#deliver({ message, envelope: parsed.data });
  }

  async #deliver(pending: Pending): Promise<void> {
    if (this.#down) {
      this.#hold(pending);
      return;
    }
    const generation = this.#generation;
    const result = await this.#send(pending);
    if (result === 'done') return;
    if (result === 'busy') {
      // The peer is up but saturated: back-pressure, not an outage. Again after a short, spread-out pause,
      // the event kept ours meanwhile.
      pending.message.working();
      await new Promise((resolve) => setTimeout(resolve, minBackoffMs + Math.random() * minBackoffMs));
      return this.#deliver(pending);
    }
    this.stats.retries += 1;
    if (generation !== this.#generation) {
      // Sent before the peer said it was back: once more, now. If it is down after all, that attempt holds it.
      this.#track(this.#deliver(pending));
      return;
    }
    this.#hold(pending);
    this.#markDown();
  }

  #hold(pending: Pending): void {
    if (this.#stopped) {
      pending.message.nak();
      return;
    }
    // Kept ours from each hold on: an event may cycle between held and sent for longer than the deadline.
    pending.message.working();
    this.#held.push(pending);
    this.#keepAlive ??= setInterval(() => {
      for (const { message } of this.#held) message.working();
    }, keepAliveMs);
  }

  #markDown(): void {
    if (this.#down) return;
    this.#down = true;
    this.#log.info('peer does not answer; holding its events and probing');
    this.#scheduleProbe(this.#backoffMs);
  }

  #scheduleProbe(delayMs: number): void {
    clearTimeout(this.#probeTimer);
    this.#probeTimer = setTimeout(() => this.#track(this.#probe()), delayMs);
  }

  async #probe(): Promise<void> {
    if (this.#stopped || this.#probing) return;
    const pending = this.#held.shift();
    if (!pending) {
      this.#down = false;
      return;
    }
    this.#probing = true;
    const generation = this.#generation;
    const { maxBackoffMs = 1_000 } = this.#options;
    const result = await this.#send(pending, Math.max(maxBackoffMs, 250));
    if (generation !== this.#generation) {
      // Overtaken by a wake: a newer probe decides the peer's state; this event just goes round again.
      if (result !== 'done') this.#track(this.#deliver(pending));
      return;
    }
    this.#probing = false;
    if (result === 'failed') {
      this.stats.retries += 1;
      this.#held.unshift(pending);
      this.#backoffMs = Math.min(this.#backoffMs * 2, maxBackoffMs);
      this.#scheduleProbe(this.#backoffMs);
      return;
    }
    // Up again (a busy answer is an answer): everything held goes out, the probe's event too if it was not stored.
    if (result === 'busy') this.#held.unshift(pending);
    this.#log.info({ held: this.#held.length }, 'peer answers again; catching up');
    this.#down = false;
    this.#backoffMs = minBackoffMs;
    clearInterval(this.#keepAlive);
    this.#keepAlive = undefined;
    for (const next of this.#held.splice(0)) this.#track(this.#deliver(next));
  }

  /** Sends one event; a probe that finds the peer busy counts as an answer (it is up), and goes round again. */
  async #send({ message, envelope }: Pending, timeoutMs?: number): Promise<SendResult> {
    const { nc, me, peer, capability, requestTimeoutMs = 2_000 } = this.#options;
    const h = headers();
    h.set(SignatureHeader, message.headers?.get(SignatureHeader) ?? '');
    h.set(MessageIdHeader, eventKey(envelope));
    try {
      const answer = await nc.request(FederationSubjects.delivery(peer, me, capability, envelope.type), message.data, { timeout: timeoutMs ?? requestTimeoutMs, headers: h });
      const reply = decodeReply(answer.data);
      if (reply.ok) {
        message.ack();
        this.stats.delivered += 1;
        this.stats.lastDeliveredAt = Date.now();
        return 'done';
      }
      if (reply.reason === 'busy') return 'busy';
      if (reply.reason === 'unavailable') return 'failed';
      if (reply.reason === 'over-quota') {
        // Held and probed like a peer that is down, so a throttled relay does not hammer the peer.
        this.stats.throttled += 1;
        return 'failed';
      }
      // A verdict on signed bytes does not change on retry: record it and move on.
      message.ack();
      this.stats.refused += 1;
      this.#log.error({ event: envelope.id, scope: envelope.scope, reason: reply.reason, detail: reply.detail }, 'peer refused an event');
      return 'done';
    } catch (error) {
      this.#log.debug({ err: error, event: envelope.id }, 'peer unreachable; will retry');
      return 'failed';
    }
  }
}

/**
 * Creates the relay's durable consumer, or brings one made by an older version (a longer ack deadline)
 * to the current settings; the durable keeps its position either way.
 */
async function addOrUpdateConsumer(jsm: JetStreamManager, stream: string, config: Partial<ConsumerConfig> & { durable_name: string }): Promise<void> {
  try {
    const existing = await jsm.consumers.info(stream, config.durable_name);
    if (existing.config.ack_wait !== config.ack_wait || existing.config.max_ack_pending !== config.max_ack_pending) {
      await jsm.consumers.update(stream, config.durable_name, { ack_wait: config.ack_wait, max_ack_pending: config.max_ack_pending });
    }
  } catch (error) {
    if ((error as { code?: string }).code !== '404') throw error;
    await jsm.consumers.add(stream, config);
  }
}
