/**
 * The receiving door for batch deliveries. It splits a batch into the single deliveries it carries and
 * hands each to the link's one door for single deliveries, in batch order, without waiting between
 * them: every event is still checked on its own (size, signature, recipient, replay, quota), and their
 * JetStream writes go out together instead of one round trip after another. It answers once, when every
 * write has ended, with each event's verdict; an event that fails does not hold back or undo the others.
 */
import type { Logger } from 'pino';
import type { Capability } from './capability.js';
import { decodeBatch, encodeBatchReply } from './delivery-batch.js';
import { encodeReply } from './delivery-reply.js';
import { SignatureHeader } from './event-envelope.js';
import { Rejection } from './rejection.js';
import { FederationSubjects, parseDeliverySubject } from './subjects.js';

/** One inbound delivery as the link reads it: a NATS message, or one event of a batch. */
export interface InboundDelivery {
  readonly subject: string;
  readonly data: Uint8Array;
  readonly headers?: { get(key: string): string } | undefined;
  respond(data: Uint8Array): boolean;
}

export interface BatchDoorOptions {
  readonly me: string;
  readonly capability: Capability;
  readonly log: Logger;
  /** The link's door for one delivery: it answers through `respond`, and may throw when its write fails. */
  readonly answer: (delivery: InboundDelivery) => Promise<void>;
  /** Refuses a whole batch, counted and logged as the link refuses a delivery. */
  readonly refuse: (batch: InboundDelivery, reason: Rejection, detail: string) => void;
}

/** Events of batches being written at once; beyond this a batch is told to come back, as a busy single delivery is. */
const maxEventsInFlight = 2_048;

const unavailable = encodeReply({ ok: false, reason: 'unavailable', detail: 'the receiving store is unavailable' });
const busy = encodeReply({ ok: false, reason: 'busy', detail: 'too many batched events at once; try again shortly' });

export class BatchDoor {
  readonly #o: BatchDoorOptions;
  #inFlight = 0;

  constructor(options: BatchDoorOptions) {
    this.#o = options;
  }

  async answer(batch: InboundDelivery): Promise<void> {
    const decoded = decodeBatch(batch.data);
    if (!decoded.ok) return this.#o.refuse(batch, Rejection.Malformed, decoded.detail);
    const { items } = decoded;
    if (this.#inFlight + items.length > maxEventsInFlight) {
      batch.respond(busy);
      return;
    }
    const from = parseDeliverySubject(batch.subject)?.from ?? '';
    const replies: Uint8Array[] = Array.from({ length: items.length }, () => unavailable);
    let failed = 0;
    this.#inFlight += items.length;
    // Each call runs its checks and starts its write before it returns: checks in batch order, writes together.
    const answered = items.map((item, index) =>
      this.#o
        .answer({
          subject: FederationSubjects.delivery(this.#o.me, from, this.#o.capability, item.type),
          data: item.data,
          headers: { get: (key) => (key === SignatureHeader ? item.signature : '') },
          respond: (reply) => {
            replies[index] = reply;
            return true;
          },
        })
        .catch(() => {
          failed += 1;
        }),
    );
    try {
      await Promise.all(answered);
    } finally {
      this.#inFlight -= items.length;
    }
    // One line per batch, not per event: the sender's relay sends the failed ones again.
    if (failed > 0) this.#o.log.error({ from, failed, events: items.length }, 'batched deliveries could not be stored');
    batch.respond(encodeBatchReply(replies));
  }
}
