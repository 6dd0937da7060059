/**
 * Delivers this agency's events to one peer, from a durable JetStream consumer on the agency's own
 * store. An event leaves the consumer only when the peer answered that it stored it (or refused it
 * for good), so a peer that is offline, or a cut hub link, loses nothing; the peer's JetStream drops
 * the duplicates that a lost answer causes.
 *
 * Deliveries run concurrently (bounded by the consumer's max_ack_pending). When one fails, the peer
 * is taken as down: from then on a single probe goes out at a time, with growing back-off, and every
 * other event is handed back to JetStream to be redelivered after that back-off. The first probe
 * that succeeds reopens the flow, so a returning peer catches up at full speed without a storm of
 * doomed requests while it is away.
 */
import { AckPolicy, DeliverPolicy, headers, nanos, type ConsumerMessages, type JetStreamClient, type JetStreamManager, type JsMsg, type NatsConnection } from 'nats';
import type { Logger } from 'pino';
import type { Capability } from './capability.js';
import { decodeReply } from './delivery-reply.js';
import { eventEnvelopeSchema, eventKey, MessageIdHeader, SignatureHeader } from './event-envelope.js';
import { FederationSubjects, StoreSubjects } from './subjects.js';

export interface PeerRelayOptions {
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  readonly capability: Capability;
  readonly me: string;
  readonly peer: string;
  readonly log: Logger;
  /**
   * A healthy delivery answers within milliseconds. While a peer is down the hub still routes to it
   * and nothing answers, so each probe costs this long: it bounds how soon a returning peer is served.
   */
  readonly requestTimeoutMs?: number;
  readonly maxBackoffMs?: number;
  /** Deliveries in flight at once. */
  readonly maxInFlight?: number;
}

export interface PeerRelayStats {
  delivered: number;
  refused: number;
  retries: number;
}

const minBackoffMs = 100;

export class PeerRelay {
  readonly stats: PeerRelayStats = { delivered: 0, refused: 0, retries: 0 };
  readonly #options: PeerRelayOptions;
  readonly #log: Logger;
  #messages: ConsumerMessages | undefined;
  #loop: Promise<void> | undefined;
  readonly #inFlight = new Set<Promise<void>>();
  /** Undefined while the peer answers; otherwise when the next probe may go out. */
  #downUntil: number | undefined;
  #probing = false;
  #backoffMs = minBackoffMs;

  constructor(options: PeerRelayOptions) {
    this.#options = options;
    this.#log = options.log.child({ peer: options.peer });
  }

  get peer(): string {
    return this.#options.peer;
  }

  get consumerName(): string {
    return `relay-${this.peer}`;
  }

  async start(): Promise<void> {
    const { jsm, js, capability, me, maxInFlight = 512 } = this.#options;
    const stream = StoreSubjects.streamName(capability);
    await jsm.consumers.add(stream, {
      durable_name: this.consumerName,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: StoreSubjects.byOrigin(capability, me),
      ack_wait: nanos(30_000),
      max_ack_pending: maxInFlight,
    });
    const consumer = await js.consumers.get(stream, this.consumerName);
    this.#messages = await consumer.consume({ max_messages: maxInFlight });
    this.#loop = this.#run(this.#messages);
  }

  async stop(): Promise<void> {
    await this.#messages?.close();
    await this.#loop;
    await Promise.allSettled([...this.#inFlight]);
  }

  async #run(messages: ConsumerMessages): Promise<void> {
    for await (const message of messages) {
      const delivery = this.#handle(message).catch((error: unknown) => {
        this.#log.error({ err: error, seq: message.seq }, 'relay failed on an event; it will be redelivered');
        message.nak(this.#backoffMs);
      });
      this.#inFlight.add(delivery);
      void delivery.finally(() => this.#inFlight.delete(delivery));
    }
  }

  async #handle(message: JsMsg): Promise<void> {
    const parsed = eventEnvelopeSchema.safeParse(JSON.parse(new TextDecoder().decode(message.data)));
    if (!parsed.success) {
      // Only verified or self-signed events are ever stored, so this is a damaged store: say so loudly.
      this.#log.error({ seq: message.seq, problem: parsed.error.message }, 'unreadable event in own store; skipped');
      message.term();
      return;
    }
    const envelope = parsed.data;
    if (!envelope.recipients.includes(this.#options.peer)) {
      message.ack();
      return;
    }
    if (this.#downUntil !== undefined) {
      const wait = this.#downUntil - Date.now();
      if (this.#probing || wait > 0) {
        // Back in the queue until the probe can have answered, or until the next probe is due.
        message.nak(this.#probing ? (this.#options.requestTimeoutMs ?? 2_000) : Math.max(wait, minBackoffMs));
        return;
      }
      this.#probing = true;
    }
    const delivered = await this.#send(message, envelope).finally(() => (this.#probing = false));
    if (delivered) {
      if (this.#downUntil !== undefined) this.#log.info('peer answers again; catching up');
      this.#downUntil = undefined;
      this.#backoffMs = minBackoffMs;
      return;
    }
    this.stats.retries += 1;
    this.#downUntil = Date.now() + this.#backoffMs;
    message.nak(this.#backoffMs);
    this.#backoffMs = Math.min(this.#backoffMs * 2, this.#options.maxBackoffMs ?? 2_000);
  }

  /** True when the peer answered for good (stored, or refused); false when it should be tried again. */
  async #send(message: JsMsg, envelope: { id: string; origin: string; type: string; scope: string }): Promise<boolean> {
    const { nc, me, peer, capability, requestTimeoutMs = 2_000 } = this.#options;
    const h = headers();
    h.set(SignatureHeader, message.headers?.get(SignatureHeader) ?? '');
    h.set(MessageIdHeader, eventKey(envelope));
    try {
      const answer = await nc.request(FederationSubjects.delivery(peer, me, capability, envelope.type), message.data, { timeout: requestTimeoutMs, headers: h });
      const reply = decodeReply(answer.data);
      if (reply.ok) {
        message.ack();
        this.stats.delivered += 1;
        return true;
      }
      if (reply.reason === 'unavailable') return false;
      // A verdict on signed bytes does not change on retry: record it and move on.
      message.ack();
      this.stats.refused += 1;
      this.#log.error({ event: envelope.id, scope: envelope.scope, reason: reply.reason, detail: reply.detail }, 'peer refused an event');
      return true;
    } catch (error) {
      this.#log.debug({ err: error, event: envelope.id }, 'peer unreachable; will retry');
      return false;
    }
  }
}
