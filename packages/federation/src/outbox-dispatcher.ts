/**
 * The one consumer of this agency's own events for one capability: it reads each event once and hands
 * it to the relays of its recipients only, so a receipt to one agency costs one delivery whatever the
 * size of the federation, and an idle link keeps one pull loop, not one per peer. The event is
 * acknowledged when every recipient's relay has settled its part (stored by the peer, refused for
 * good, or taken over by a relay that fell behind); until then JetStream keeps it for the next start.
 *
 * An event this link wrote is handed out as soon as JetStream acknowledges the write (`stored`), not
 * when the consumer pushes it a trip later: it is in the agency's own store either way. Its consumer
 * message, when it comes, only carries the acknowledgement; one that never comes in this run (the
 * process stopped) is delivered by the next start, and the peer drops the copy as a duplicate.
 *
 * The consumer pulls for 30 s at a time, so an idle dispatcher is asked little (a heartbeat every 15 s
 * rather than every 2.5 s). A pull lost with its node is noticed by a stall watch instead, which runs only
 * while an own event is stored and not yet come round: standing still that long, the pull is made again.
 */
import { AckPolicy, DeliverPolicy, nanos, type ConsumerMessages, type JetStreamClient, type JetStreamManager, type JsMsg } from 'nats';
import type { Logger } from 'pino';
import type { Capability } from './capability.js';
import { addOrUpdateConsumer } from './durable-consumer.js';
import { eventEnvelopeSchema, eventKey, MessageIdHeader, SignatureHeader, type EventEnvelope } from './event-envelope.js';
import { relayAckWaitMs, type PeerRelay, type RelayPart } from './peer-relay.js';
import { HopStage, markHop } from './hop-trace.js';
import { StallWatch } from './stall-watch.js';
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

/** An own event handed out on its write's acknowledgement, until its consumer message has been answered. */
interface EarlyDispatch {
  /** Until every recipient's part settled (ack) or one was handed back (nak, the relay stopping). */
  outcome: 'open' | 'ack' | 'nak';
  message?: JsMsg;
}

const defaultMaxInFlight = 1024;
/** One pull of the consumer; its heartbeat is half of it. */
const dispatcherPullExpiresMs = 30_000;
/**
 * How long the consumer may stand still while an own event it has not brought is stored, before its
 * pull is made again: what nats.js took to notice a lost pull at 5 s pulls (two missed 2.5 s heartbeats).
 */
const dispatcherStallMs = 5_000;

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
  /** Own events handed out on acknowledgement, by store sequence, until their consumer message is answered. */
  readonly #early = new Map<number, EarlyDispatch>();
  /** Own events handed out on acknowledgement, for the link's stats and tests. */
  #handedOnAck = 0;
  /** The highest store sequence the consumer brought, and the highest own write acknowledged: the stall watch compares them. */
  #brought = 0;
  #written = 0;
  readonly #stallWatch = new StallWatch(() => ({ taken: this.#brought, stored: this.#written }), dispatcherStallMs, () => void this.#pullAgain());
  #stopping = false;

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

  /** Own events handed to the relays on their write's acknowledgement rather than by the consumer. */
  get handedOnAck(): number {
    return this.#handedOnAck;
  }

  /**
   * JetStream acknowledged the write of an own event the link announced with `expect`: hand it to its
   * recipients' relays now. Left to the consumer when it already came round, or when as many events as
   * the consumer may have in flight are still out (the relays stay bounded either way).
   */
  stored(seq: number, key: string, data: Uint8Array, signature: string): void {
    this.#written = Math.max(this.#written, seq);
    this.#stallWatch.behind();
    const envelope = this.#signedHere.get(key);
    const { maxInFlight = defaultMaxInFlight } = this.#o;
    if (!envelope || this.#messages === undefined || this.#early.size >= maxInFlight) return;
    this.#signedHere.delete(key);
    this.#handedOnAck += 1;
    const early: EarlyDispatch = { outcome: 'open' };
    this.#early.set(seq, early);
    const end = (outcome: 'ack' | 'nak') => {
      early.outcome = outcome;
      if (early.message) this.#settleEarly(early.message, early);
    };
    this.#handOut(seq, envelope, data, signature, { ack: () => end('ack'), nak: () => end('nak'), working: () => early.message?.working() });
  }

  async start(): Promise<void> {
    const { jsm, capability, me, maxInFlight = defaultMaxInFlight } = this.#o;
    const stream = StoreSubjects.streamName(capability);
    await addOrUpdateConsumer(jsm, stream, {
      durable_name: dispatcherConsumerName,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: StoreSubjects.byOrigin(capability, me),
      ack_wait: nanos(relayAckWaitMs),
      max_ack_pending: maxInFlight,
    });
    await this.#consume();
    this.#stallWatch.start();
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    this.#stallWatch.stop();
    await this.#messages?.close();
    await this.#loop;
  }

  async #consume(): Promise<void> {
    const { js, capability, maxInFlight = defaultMaxInFlight } = this.#o;
    const consumer = await js.consumers.get(StoreSubjects.streamName(capability), dispatcherConsumerName);
    this.#messages = await consumer.consume({ max_messages: maxInFlight, expires: dispatcherPullExpiresMs });
    this.#loop = this.#run(this.#messages);
  }

  /** Own events wait and the consumer brought nothing for a while: its pull went with a node, so pull again. */
  async #pullAgain(): Promise<void> {
    if (this.#stopping) return;
    this.#o.log.warn({ brought: this.#brought, written: this.#written }, 'dispatcher consumer stood still while own events waited; pulling again');
    const [messages, loop] = [this.#messages, this.#loop];
    try {
      await this.#consume();
      this.#stallWatch.reset();
      await messages?.close();
      await loop;
    } catch (error) {
      // The cluster may have no leader for the consumer yet: the watch tries again a period later.
      this.#o.log.warn({ err: error }, 'dispatcher could not pull again yet');
    }
  }

  async #run(messages: ConsumerMessages): Promise<void> {
    for await (const message of messages) this.#dispatch(message);
  }

  #dispatch(message: JsMsg): void {
    this.#brought = Math.max(this.#brought, message.seq);
    const early = this.#early.get(message.seq);
    if (early) return this.#settleEarly(message, early);
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
    this.#handOut(message.seq, parsed.data, message.data, message.headers?.get(SignatureHeader) ?? '', {
      ack: () => message.ack(),
      nak: () => message.nak(),
      working: () => message.working(),
    });
  }

  /** The consumer message of an event handed out on acknowledgement: it carries only the answer to JetStream. */
  #settleEarly(message: JsMsg, early: EarlyDispatch): void {
    early.message = message;
    if (early.outcome === 'open') return;
    this.#early.delete(message.seq);
    if (early.outcome === 'ack') message.ack();
    else message.nak();
  }

  /** Offers the event to the live relays of its recipients; `answer` says when all settled, or one handed it back. */
  #handOut(seq: number, envelope: EventEnvelope, data: Uint8Array, signature: string, answer: { readonly ack: () => void; readonly nak: () => void; readonly working: () => void }): void {
    this.#highest = Math.max(this.#highest, seq);
    const targets = envelope.recipients.flatMap((id) => {
      const relay = this.#o.relays.get(id);
      return relay?.live ? [relay] : [];
    });
    if (targets.length === 0) {
      answer.ack();
      return;
    }
    markHop(this.#o.me, HopStage.dispatched, { key: eventKey(envelope), scope: envelope.scope });
    let open = targets.length;
    let finished = false;
    const finish = (done: () => void) => {
      if (finished) return;
      finished = true;
      done();
    };
    for (const relay of targets) {
      let settled = false;
      const part: RelayPart = {
        seq,
        envelope,
        data,
        signature,
        settle: () => {
          if (settled) return;
          settled = true;
          if (--open === 0) finish(answer.ack);
        },
        working: answer.working,
        release: () => finish(answer.nak),
      };
      relay.offer(part);
    }
  }
}
