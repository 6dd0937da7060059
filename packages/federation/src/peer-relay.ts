/**
 * Delivers this agency's events to one peer, from a durable JetStream consumer on the agency's own
 * store. An event leaves the consumer only when the peer answered that it stored it (or refused it
 * for good), so a peer that is offline, or a cut hub link, loses nothing: the relay retries with
 * back-off and the peer's JetStream drops the duplicates a lost answer causes.
 */
import { AckPolicy, DeliverPolicy, headers, nanos, type JetStreamClient, type JetStreamManager, type JsMsg, type NatsConnection, type QueuedIterator } from 'nats';
import type { Logger } from 'pino';
import type { Capability } from './capability.js';
import { decodeReply } from './delivery-reply.js';
import { eventEnvelopeSchema, MessageIdHeader, SignatureHeader, eventKey } from './event-envelope.js';
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
   * and nothing answers, so each attempt costs this long: it bounds how soon a returning peer is served.
   */
  readonly requestTimeoutMs?: number;
  readonly batchSize?: number;
  readonly maxBackoffMs?: number;
}

export interface PeerRelayStats {
  delivered: number;
  refused: number;
  retries: number;
}

type Outcome = 'done' | 'retry';

const minBackoffMs = 100;

export class PeerRelay {
  readonly stats: PeerRelayStats = { delivered: 0, refused: 0, retries: 0 };
  readonly #options: PeerRelayOptions;
  readonly #log: Logger;
  #stopped = false;
  #current: QueuedIterator<JsMsg> | undefined;
  #wake: (() => void) | undefined;
  #loop: Promise<void> | undefined;

  constructor(options: PeerRelayOptions) {
    this.#options = options;
    this.#log = options.log.child({ peer: options.peer });
  }

  get consumerName(): string {
    return `relay-${this.#options.peer}`;
  }

  async start(): Promise<void> {
    const { jsm, capability, me } = this.#options;
    await jsm.consumers.add(StoreSubjects.streamName(capability), {
      durable_name: this.consumerName,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: StoreSubjects.byOrigin(capability, me),
      ack_wait: nanos(30_000),
      max_ack_pending: 1024,
    });
    this.#loop = this.#run();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#current?.stop();
    this.#wake?.();
    await this.#loop;
  }

  async #run(): Promise<void> {
    const { js, capability, batchSize = 128, maxBackoffMs = 2_000 } = this.#options;
    let backoff = minBackoffMs;
    while (!this.#stopped) {
      let outcomes: Outcome[];
      try {
        const consumer = await js.consumers.get(StoreSubjects.streamName(capability), this.consumerName);
        const messages = await consumer.fetch({ max_messages: batchSize, expires: 1_000 });
        this.#current = messages;
        const pending: Promise<Outcome>[] = [];
        for await (const message of messages) pending.push(this.#deliver(message));
        outcomes = await Promise.all(pending);
      } catch (error) {
        if (this.#stopped) break;
        this.#log.warn({ err: error }, 'relay could not read its own store; retrying');
        outcomes = ['retry'];
      }
      if (outcomes.includes('retry')) {
        await this.#sleep(backoff);
        backoff = Math.min(backoff * 2, maxBackoffMs);
      } else {
        backoff = minBackoffMs;
      }
    }
  }

  async #deliver(message: JsMsg): Promise<Outcome> {
    const { nc, me, peer, capability, requestTimeoutMs = 2_000 } = this.#options;
    const signature = message.headers?.get(SignatureHeader);
    let envelope;
    try {
      envelope = eventEnvelopeSchema.parse(JSON.parse(new TextDecoder().decode(message.data)));
    } catch (error) {
      // Only verified or self-signed events are ever stored, so this is a damaged store: say so loudly.
      this.#log.error({ err: error, seq: message.seq }, 'unreadable event in own store; skipped');
      message.term();
      return 'done';
    }
    if (!envelope.recipients.includes(peer)) {
      message.ack();
      return 'done';
    }
    const h = headers();
    h.set(SignatureHeader, signature ?? '');
    h.set(MessageIdHeader, eventKey(envelope));
    try {
      const answer = await nc.request(FederationSubjects.delivery(peer, me, capability, envelope.type), message.data, { timeout: requestTimeoutMs, headers: h });
      const reply = decodeReply(answer.data);
      if (reply.ok) {
        message.ack();
        this.stats.delivered += 1;
        return 'done';
      }
      if (reply.reason === 'unavailable') throw new Error(reply.detail);
      // A verdict on signed bytes does not change on retry: record it and move on.
      message.ack();
      this.stats.refused += 1;
      this.#log.error({ event: envelope.id, scope: envelope.scope, reason: reply.reason, detail: reply.detail }, 'peer refused an event');
      return 'done';
    } catch (error) {
      message.nak();
      this.stats.retries += 1;
      this.#log.debug({ err: error, event: envelope.id }, 'peer unreachable; will retry');
      return 'retry';
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
