/**
 * The one consumer of this agency's own events for one capability: it reads each event once and hands
 * it to the relays of its recipients only, so a receipt to one agency costs one delivery whatever the
 * size of the federation, and an idle link keeps one pull loop, not one per peer. The event is
 * acknowledged when every recipient's relay has settled its part (stored by the peer, refused for
 * good, or taken over by a relay that fell behind); until then JetStream keeps it for the next start.
 */
import { AckPolicy, DeliverPolicy, nanos, type ConsumerMessages, type JetStreamClient, type JetStreamManager, type JsMsg } from 'nats';
import type { Logger } from 'pino';
import type { Capability } from './capability.js';
import { addOrUpdateConsumer, pullExpiresMs } from './durable-consumer.js';
import { eventEnvelopeSchema, MessageIdHeader, SignatureHeader, type EventEnvelope } from './event-envelope.js';
import { relayAckWaitMs, type PeerRelay, type RelayPart } from './peer-relay.js';
import { HopStage, markHop } from './hop-trace.js';
import { StoreSubjects } from './subjects.js';

export interface OutboxDispatcherOptions {
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  readonly capability: Capability;
  readonly me: string;
  readonly log: Logger;
  readonly relays: ReadonlyMap<string, PeerRelay>;
  /** Events handed out and not yet settled by all their recipients. */
  readonly maxInFlight?: number;
}

export const dispatcherConsumerName = 'dispatch';

/** The JSON in a stored event, or undefined when it is not JSON (the schema then refuses it, as for any damage). */
function parseJson(data: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(data));
  } catch {
    return undefined;
  }
}

export class OutboxDispatcher {
  readonly #o: OutboxDispatcherOptions;
  #messages: ConsumerMessages | undefined;
  #loop: Promise<void> | undefined;
  #highest = 0;
  /** Envelopes the link signed and is storing, by event key (the stored message id): dispatched without parsing them again. */
  readonly #signedHere = new Map<string, EventEnvelope>();

  constructor(options: OutboxDispatcherOptions) {
    this.#o = options;
  }

  /** The highest store sequence handed to the relays so far. */
  get dispatched(): number {
    return this.#highest;
  }

  /** The link is about to store this own event: the dispatcher need not parse it when it comes round. */
  expect(key: string, envelope: EventEnvelope): void {
    this.#signedHere.set(key, envelope);
  }

  /** It was not stored after all, or only as a duplicate that will not come round. */
  forget(key: string): void {
    this.#signedHere.delete(key);
  }

  async start(): Promise<void> {
    const { js, jsm, capability, me, maxInFlight = 1024 } = this.#o;
    const stream = StoreSubjects.streamName(capability);
    await addOrUpdateConsumer(jsm, stream, {
      durable_name: dispatcherConsumerName,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: StoreSubjects.byOrigin(capability, me),
      ack_wait: nanos(relayAckWaitMs),
      max_ack_pending: maxInFlight,
    });
    const consumer = await js.consumers.get(stream, dispatcherConsumerName);
    this.#messages = await consumer.consume({ max_messages: maxInFlight, expires: pullExpiresMs });
    this.#loop = this.#run(this.#messages);
  }

  async stop(): Promise<void> {
    await this.#messages?.close();
    await this.#loop;
  }

  async #run(messages: ConsumerMessages): Promise<void> {
    for await (const message of messages) this.#dispatch(message);
  }

  #dispatch(message: JsMsg): void {
    this.#highest = Math.max(this.#highest, message.seq);
    const key = message.headers?.get(MessageIdHeader) ?? '';
    const known = this.#signedHere.get(key);
    this.#signedHere.delete(key);
    const parsed = known ? { success: true as const, data: known } : eventEnvelopeSchema.safeParse(parseJson(message.data));
    if (!parsed.success) {
      // Only self-signed events are stored under this agency's origin, so this is a damaged store: say so loudly.
      this.#o.log.error({ seq: message.seq, problem: parsed.error.message }, 'unreadable event in own store; skipped');
      message.term();
      return;
    }
    const targets = parsed.data.recipients.flatMap((id) => {
      const relay = this.#o.relays.get(id);
      return relay?.live ? [relay] : [];
    });
    if (targets.length === 0) {
      message.ack();
      return;
    }
    markHop(this.#o.me, HopStage.dispatched, { key, scope: parsed.data.scope });
    const signature = message.headers?.get(SignatureHeader) ?? '';
    let open = targets.length;
    let finished = false;
    const finish = (done: (m: JsMsg) => void) => {
      if (finished) return;
      finished = true;
      done(message);
    };
    for (const relay of targets) {
      let settled = false;
      const part: RelayPart = {
        seq: message.seq,
        envelope: parsed.data,
        data: message.data,
        signature,
        settle: () => {
          if (settled) return;
          settled = true;
          if (--open === 0) finish((m) => m.ack());
        },
        working: () => message.working(),
        release: () => finish((m) => m.nak()),
      };
      relay.offer(part);
    }
  }
}
