/**
 * Delivers this agency's events to one peer. An event is done only when the peer answered that it
 * stored it (or refused it for good), so a peer that is offline, or a cut hub link, loses nothing; the
 * peer's JetStream drops the duplicates that a lost answer causes.
 *
 * While the peer answers, the relay is *live*: the link's one dispatcher hands it the events addressed
 * to this peer and nothing else, so an idle peer costs no consumer and no pull loop, and an event costs
 * one delivery per recipient whatever the federation's size. When a delivery fails, the relay *falls
 * behind*: it makes a durable consumer of its own (`relay-<peer>`) from the first event the peer lacks,
 * and the dispatcher leaves this peer out until the relay has caught up and goes live again, deleting
 * that consumer. A catching-up relay holds events while the peer is down (their acknowledgement
 * deadline kept alive) and probes after a back-off that grows to a second; the first probe that
 * succeeds releases everything held. A peer that comes back says so (`wake`), and the relay probes
 * at once instead of waiting out the back-off. Catching up, the relay sends its events in batches
 * (several signed events per request, each checked on its own by the peer, which answers once per
 * batch with a verdict per event) and keeps at most a window of batches in flight: a whole backlog sent
 * at once queued at the peer past the request timeout, and every timeout cost a resend, a duplicate and
 * another round of probing. Live deliveries and probes go one event per request.
 */
import { AckPolicy, DeliverPolicy, headers, nanos, type ConsumerInfo, type ConsumerMessages, type JetStreamClient, type JetStreamManager, type JsMsg, type MsgHdrs, type NatsConnection } from 'nats';
import type { Logger } from 'pino';
import type { Capability } from './capability.js';
import { decodeBatchReply, encodeBatch, sendLimits, takeBatch, type BatchItem } from './delivery-batch.js';
import { decodeReply, type DeliveryReply } from './delivery-reply.js';
import { addOrUpdateConsumer, deleteConsumer, pullExpiresMs } from './durable-consumer.js';
import { eventEnvelopeSchema, eventKey, MessageIdHeader, SignatureHeader, type EventEnvelope } from './event-envelope.js';
import { HopStage, markHop } from './hop-trace.js';
import { batchDeliveryType, FederationSubjects, StoreSubjects } from './subjects.js';

export interface PeerRelayOptions {
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  readonly capability: Capability;
  readonly me: string;
  readonly peer: string;
  readonly log: Logger;
  /** The highest store sequence the dispatcher has handed out: what a relay going live must have covered. */
  readonly dispatched: () => number;
  /** A healthy delivery answers within milliseconds; this bounds one that does not. */
  readonly requestTimeoutMs?: number;
  /** The longest wait between probes of a peer that is down (default 1 s). */
  readonly maxBackoffMs?: number;
  /** Deliveries in flight, or held, at once. */
  readonly maxInFlight?: number;
  /** Catching up: the most events in one batch request (default 64; 1 sends each on its own). */
  readonly maxBatchEvents?: number;
}

export interface PeerRelayStats {
  delivered: number;
  refused: number;
  /** Requests that failed in whole or in part (a batch counts once): their events are sent again. */
  retries: number;
  /** Requests sent to the peer: single deliveries, probes and batches. */
  requests: number;
  /** Of those, batches, and the events they carried. */
  batches: number;
  batchedEvents: number;
  /** Milliseconds since the epoch of the last event the peer confirmed. */
  lastDeliveredAt?: number;
  /** Deliveries the peer held back because this agency was over its quota there. */
  throttled: number;
}

/** One own event for one peer, from whichever consumer holds it. */
export interface RelayPart {
  readonly seq: number;
  readonly envelope: EventEnvelope;
  readonly data: Uint8Array;
  readonly signature: string;
  /** The peer stored it, or refused it for good. Idempotent. */
  settle(): void;
  /** Keeps the JetStream message ours while the part waits. */
  working(): void;
  /** Hands it back, for the next start to deliver. */
  release(): void;
}

/** The relay's own consumer while it is behind, and how far it must reach before it is deleted. */
interface CatchUp {
  readonly messages: ConsumerMessages;
  loop?: Promise<void>;
  /** Store sequence of the last event it received. */
  lastSeq: number;
  /** Events still waiting in the consumer after the last one received. */
  waiting: number;
  /** Events from it not yet settled. */
  outstanding: number;
  /** Infinity while behind; once live again, the first sequence the dispatcher delivers itself. */
  liveFrom: number;
  /** Its removal is queued. */
  closing?: boolean;
}

/** What a send came to: stored or refused for good, the peer not answering, or the peer asking for patience. */
type SendResult = 'done' | 'failed' | 'busy';

const minBackoffMs = 100;
const defaultRequestTimeoutMs = 2_000;
const defaultMaxInFlight = 512;
/** The longest wait between attempts at a consumer change, well inside the acknowledgement deadline. */
const maxChangeBackoffMs = 1_000;
/**
 * How long JetStream waits for an acknowledgement before it hands an event out again. Short, because
 * when the relay's process dies its events in flight wait this long before the next process gets
 * them; events the relay holds or retries are kept alive with `working()` well inside it.
 */
export const relayAckWaitMs = 3_000;
const keepAliveMs = relayAckWaitMs / 4;
export const catchUpConsumerPrefix = 'relay-';
/**
 * The catching-up window, in events, starts here and adapts to the peer's answers, batch by batch: it
 * widens by a batch's events when its answer comes back within an eighth of the request timeout and
 * halves once one takes more than a quarter of it (or fails), so what the senders queue at the peer is
 * answered well inside the timeout however fast the peer is. A batch is answered only once all its
 * events are stored, and a late answer sends all of them again: hence the lower marks than a single
 * delivery's. A peer that checks events as fast as they come needs no deeper queue than that.
 */
const initialSendWindow = 32;
const minSendWindow = 4;

export class PeerRelay {
  readonly stats: PeerRelayStats = { delivered: 0, refused: 0, retries: 0, requests: 0, batches: 0, batchedEvents: 0, throttled: 0 };
  readonly #options: PeerRelayOptions;
  readonly #log: Logger;
  readonly #inFlight = new Set<Promise<void>>();
  /** Parts the dispatcher handed over and the peer has not confirmed. */
  readonly #liveParts = new Set<RelayPart>();
  /** Events waiting for the peer to come back; empty while it answers. */
  readonly #held: RelayPart[] = [];
  /** Catching up: events waiting for a place in the send window. */
  readonly #queued: RelayPart[] = [];
  /** Catching-up events awaiting the peer's answer. */
  #sending = 0;
  #sendWindow = initialSendWindow;
  /** The peer refused a batch as such (it predates batches, say): catching up sends one event per request. */
  #singly = false;
  #pumpSoon: NodeJS.Immediate | undefined;
  #behind = false;
  #catchUp: CatchUp | undefined;
  /** Consumer changes, one at a time. */
  #transition: Promise<void> = Promise.resolve();
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

  /** True while the dispatcher should hand this relay the peer's events. */
  get live(): boolean {
    return !this.#behind && !this.#stopped;
  }

  get consumerName(): string {
    return `${catchUpConsumerPrefix}${this.peer}`;
  }

  /** Whether the relay reads from a consumer of its own (catching up), whose backlog only JetStream knows. */
  get catchingUp(): boolean {
    return this.#catchUp !== undefined;
  }

  /**
   * Events for the peer not yet confirmed; undefined when the relay's consumer cannot be asked.
   * `consumers`: the stream's consumers by name, listed once for every relay of the link.
   */
  backlog(consumers: ReadonlyMap<string, ConsumerInfo> | undefined): number | undefined {
    if (!this.#catchUp) return this.#liveParts.size;
    const info = consumers?.get(this.consumerName);
    return info ? info.num_pending + info.num_ack_pending + this.#liveParts.size : undefined;
  }

  /** A consumer of this relay survived the last run: carry on from where it stood before going live. */
  resume(): Promise<void> {
    this.#behind = true;
    return this.#change(() => this.#openCatchUp());
  }

  /** From the dispatcher: one event addressed to this peer. */
  offer(part: RelayPart): void {
    this.#liveParts.add(part);
    this.#track(this.#deliver(part));
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
    clearImmediate(this.#pumpSoon);
    clearInterval(this.#keepAlive);
    await this.#transition;
    await this.#catchUp?.messages.close();
    await this.#catchUp?.loop;
    await Promise.allSettled([...this.#inFlight]);
    // Handed back at once, for the next start to deliver.
    for (const part of [...this.#held.splice(0), ...this.#queued.splice(0)]) part.release();
    for (const part of this.#liveParts) part.release();
    this.#liveParts.clear();
  }

  #change(step: () => Promise<void>): Promise<void> {
    this.#transition = this.#transition.then(() => this.#untilDone(step));
    return this.#transition;
  }

  /**
   * A consumer change whose JetStream request failed (a node lost, a leader being elected) is tried
   * again until it is done or the relay stops: a relay left behind without its consumer would never
   * deliver the events the dispatcher now leaves to it. Meanwhile the events it took over stay ours.
   */
  async #untilDone(step: () => Promise<void>): Promise<void> {
    for (let waitMs = minBackoffMs; !this.#stopped; waitMs = Math.min(waitMs * 2, maxChangeBackoffMs)) {
      try {
        return await step();
      } catch (error) {
        this.#log.warn({ err: error, retryInMs: waitMs }, 'relay could not change its consumer; trying again');
        for (const part of this.#liveParts) part.working();
        await new Promise((resolve) => setTimeout(resolve, waitMs));
      }
    }
  }

  #track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => this.#log.error({ err: error }, 'relay failed on an event; it will be redelivered'));
    this.#inFlight.add(tracked);
    void tracked.finally(() => this.#inFlight.delete(tracked));
  }

  /**
   * The peer missed an event the dispatcher handed over: from now on the relay's own consumer covers
   * everything from the first event still open, and the dispatcher leaves the peer out.
   */
  #fallBehind(): void {
    if (this.#behind) return;
    this.#behind = true;
    const from = Math.min(this.#options.dispatched() + 1, ...[...this.#liveParts].map((part) => part.seq));
    this.#log.info({ from }, 'peer missed an event; relaying its events from a consumer of its own');
    this.#markDown();
    void this.#change(async () => {
      if (this.#catchUp) this.#catchUp.liveFrom = Infinity;
      else await this.#openCatchUp(from);
      // The consumer now covers them: the dispatcher may let go.
      for (const part of this.#liveParts) part.settle();
      this.#liveParts.clear();
    });
  }

  async #openCatchUp(from?: number): Promise<void> {
    if (this.#stopped) return;
    const { jsm, js, capability, me, maxInFlight = defaultMaxInFlight } = this.#options;
    const stream = StoreSubjects.streamName(capability);
    const config = {
      durable_name: this.consumerName,
      ack_policy: AckPolicy.Explicit,
      filter_subject: StoreSubjects.byOrigin(capability, me),
      ack_wait: nanos(relayAckWaitMs),
      max_ack_pending: maxInFlight,
      ...(from === undefined ? { deliver_policy: DeliverPolicy.All } : { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: from }),
    };
    // A consumer left by a failed delete may stand past `from`: start it afresh.
    if (from !== undefined) await deleteConsumer(jsm, stream, this.consumerName);
    await addOrUpdateConsumer(jsm, stream, config);
    const consumer = await js.consumers.get(stream, this.consumerName);
    const { num_pending, num_ack_pending } = await consumer.info();
    const catchUp: CatchUp = { messages: await consumer.consume({ max_messages: maxInFlight, expires: pullExpiresMs }), lastSeq: 0, waiting: num_pending + num_ack_pending, outstanding: 0, liveFrom: Infinity };
    this.#catchUp = catchUp;
    catchUp.loop = this.#follow(catchUp);
    this.#review(catchUp);
  }

  async #follow(catchUp: CatchUp): Promise<void> {
    for await (const message of catchUp.messages) {
      catchUp.lastSeq = message.seq;
      catchUp.waiting = message.info.pending;
      const part = this.#partOf(catchUp, message);
      if (part) this.#track(this.#deliver(part));
      this.#review(catchUp);
    }
  }

  #partOf(catchUp: CatchUp, message: JsMsg): RelayPart | undefined {
    const parsed = eventEnvelopeSchema.safeParse(JSON.parse(new TextDecoder().decode(message.data)));
    if (!parsed.success) {
      // Only verified or self-signed events are ever stored, so this is a damaged store: say so loudly.
      this.#log.error({ seq: message.seq, problem: parsed.error.message }, 'unreadable event in own store; skipped');
      message.term();
      return undefined;
    }
    if (!parsed.data.recipients.includes(this.peer)) {
      message.ack();
      return undefined;
    }
    catchUp.outstanding += 1;
    let settled = false;
    return {
      seq: message.seq,
      envelope: parsed.data,
      data: message.data,
      signature: message.headers?.get(SignatureHeader) ?? '',
      settle: () => {
        if (settled) return;
        settled = true;
        message.ack();
        catchUp.outstanding -= 1;
        this.#review(catchUp);
      },
      working: () => message.working(),
      release: () => message.nak(),
    };
  }

  /**
   * Nothing more waits in the consumer and the peer answers: the dispatcher takes the peer's events
   * again. The consumer goes as soon as it has settled everything the dispatcher skipped meanwhile.
   */
  #review(catchUp: CatchUp): void {
    if (this.#behind && !this.#down && this.#held.length === 0 && catchUp.waiting === 0 && catchUp.outstanding === 0 && !this.#stopped) {
      this.#behind = false;
      catchUp.liveFrom = this.#options.dispatched() + 1;
      this.#log.info({ liveFrom: catchUp.liveFrom }, 'peer caught up; its events go through the dispatcher again');
    }
    if (this.#behind || catchUp.outstanding > 0 || catchUp.lastSeq < catchUp.liveFrom - 1 || this.#catchUp !== catchUp || catchUp.closing) return;
    catchUp.closing = true;
    void this.#change(async () => {
      catchUp.closing = false;
      if (this.#behind || this.#catchUp !== catchUp || this.#stopped) return;
      this.#catchUp = undefined;
      await catchUp.messages.close();
      await catchUp.loop;
    });
    // Apart, so a failed delete is tried again; unless the relay fell behind again and has a consumer once more.
    void this.#change(async () => {
      if (this.#catchUp === undefined && !this.#behind) await deleteConsumer(this.#options.jsm, StoreSubjects.streamName(this.#options.capability), this.consumerName);
    });
  }

  async #deliver(part: RelayPart): Promise<void> {
    const live = this.#liveParts.has(part);
    // Behind, the relay's own consumer covers a part the dispatcher handed over.
    if (live && this.#behind) return;
    if (this.#down) {
      this.#hold(part);
      return;
    }
    if (!live) {
      this.#queue(part);
      return;
    }
    // Live: at once, one event per request (the dispatcher bounds those).
    const result = await this.#send(part);
    if (result === 'busy') return this.#afterPause(part);
    if (result === 'failed') {
      this.stats.retries += 1;
      this.#fallBehind();
    }
  }

  /** The peer is up but saturated: back-pressure, not an outage. Again after a short, spread-out pause, the event kept ours meanwhile. */
  async #afterPause(part: RelayPart): Promise<void> {
    part.working();
    await new Promise((resolve) => setTimeout(resolve, minBackoffMs + Math.random() * minBackoffMs));
    return this.#deliver(part);
  }

  #adaptWindow(answeredMs: number, result: SendResult, events: number): void {
    const { requestTimeoutMs = defaultRequestTimeoutMs, maxInFlight = defaultMaxInFlight } = this.#options;
    if (result !== 'done' || answeredMs > requestTimeoutMs / 4) this.#sendWindow = Math.max(minSendWindow, Math.floor(this.#sendWindow / 2));
    else if (answeredMs < requestTimeoutMs / 8) this.#sendWindow = Math.min(maxInFlight, this.#sendWindow + events);
  }

  get #batchEvents(): number {
    return this.#singly ? 1 : Math.max(1, this.#options.maxBatchEvents ?? sendLimits.maxItems);
  }

  /** Catching up, an event waits for a batch; the batch goes once the events that arrive together are queued. */
  #queue(part: RelayPart): void {
    if (this.#stopped) {
      part.release();
      return;
    }
    part.working();
    this.#queued.push(part);
    this.#keepHeldAlive();
    this.#pumpSoon ??= setImmediate(() => {
      this.#pumpSoon = undefined;
      this.#pump();
    });
  }

  /** Places in the window came free: queued events go in batches (or are held, if the peer went down meanwhile). */
  #pump(): void {
    if (this.#down) {
      // The probe takes held events: none may wait in the queue meanwhile.
      for (const part of this.#queued.splice(0)) this.#hold(part);
    }
    while (this.#queued.length > 0 && this.#sending < this.#sendWindow && !this.#stopped) {
      const maxItems = Math.min(this.#batchEvents, this.#sendWindow - this.#sending);
      this.#track(this.#sendBatch(takeBatch(this.#queued, itemOf, { ...sendLimits, maxItems })));
    }
    this.#endKeepAliveIfNoneWaits();
  }

  /** One place in the window: the events the peer stored or refused are settled, the others go round again. */
  async #sendBatch(parts: RelayPart[]): Promise<void> {
    const generation = this.#generation;
    this.#sending += parts.length;
    const started = performance.now();
    let results: SendResult[];
    try {
      results = parts.length === 1 ? [await this.#send(parts[0]!)] : await this.#sendTogether(parts);
    } finally {
      this.#sending -= parts.length;
    }
    const unsettled = parts.filter((_, index) => results[index] !== 'done');
    this.#adaptWindow(performance.now() - started, unsettled.length === 0 ? 'done' : 'failed', parts.length);
    if (unsettled.length > 0) this.stats.retries += 1;
    const failed = parts.filter((_, index) => results[index] === 'failed');
    for (const part of parts.filter((_, index) => results[index] === 'busy')) this.#track(this.#afterPause(part));
    if (generation !== this.#generation) {
      // Sent before the peer said it was back: once more, now. If it is down after all, that attempt holds them.
      for (const part of failed) this.#track(this.#deliver(part));
    } else if (failed.length > 0) {
      for (const part of failed) this.#hold(part);
      this.#markDown();
    }
    this.#pump();
  }

  /** Several events in one request; a peer that refuses the batch itself gets them one by one from now on. */
  async #sendTogether(parts: readonly RelayPart[]): Promise<SendResult[]> {
    const { peer, me, capability } = this.#options;
    this.stats.batches += 1;
    this.stats.batchedEvents += parts.length;
    const answer = await this.#request(FederationSubjects.delivery(peer, me, capability, batchDeliveryType), encodeBatch(parts.map(itemOf)));
    if (answer === undefined) return parts.map(() => 'failed');
    const decoded = decodeBatchReply(answer, parts.length);
    if ('each' in decoded) return parts.map((part, index) => this.#verdict(part, decoded.each[index]!));
    const { whole } = decoded;
    if (whole.ok || whole.reason === 'busy' || whole.reason === 'unavailable' || whole.reason === 'over-quota') return parts.map((part) => this.#verdict(part, whole.ok ? { ok: false, reason: 'unavailable', detail: 'one answer for a batch' } : whole));
    this.#log.warn({ reason: whole.reason, detail: whole.detail }, 'peer refused a batch as such; sending it one event per request');
    this.#singly = true;
    return parts.map(() => 'busy');
  }

  #endKeepAliveIfNoneWaits(): void {
    if (this.#queued.length > 0 || this.#held.length > 0) return;
    clearInterval(this.#keepAlive);
    this.#keepAlive = undefined;
  }

  #hold(part: RelayPart): void {
    if (this.#stopped) {
      part.release();
      return;
    }
    // Kept ours from each hold on: an event may cycle between held and sent for longer than the deadline.
    part.working();
    this.#held.push(part);
    this.#keepHeldAlive();
  }

  #keepHeldAlive(): void {
    this.#keepAlive ??= setInterval(() => {
      for (const waiting of [...this.#held, ...this.#queued]) waiting.working();
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
      // Fallen behind, the events the peer missed are still on their way from the relay's own consumer:
      // probe with the first of them, rather than sending them all to a peer that did not answer.
      if (this.#behind) this.#scheduleProbe(this.#backoffMs);
      else this.#down = false;
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
    for (const next of this.#held.splice(0)) this.#track(this.#deliver(next));
    this.#endKeepAliveIfNoneWaits();
  }

  /** Sends one event; a probe that finds the peer busy counts as an answer (it is up), and goes round again. */
  async #send(part: RelayPart, timeoutMs?: number): Promise<SendResult> {
    const { me, peer, capability } = this.#options;
    const { envelope } = part;
    const h = headers();
    h.set(SignatureHeader, part.signature);
    h.set(MessageIdHeader, eventKey(envelope));
    markHop(me, HopStage.sent, { key: eventKey(envelope), scope: envelope.scope });
    const answer = await this.#request(FederationSubjects.delivery(peer, me, capability, envelope.type), part.data, timeoutMs, h);
    if (answer === undefined) return 'failed';
    markHop(me, HopStage.confirmed, { key: eventKey(envelope), scope: envelope.scope });
    return this.#verdict(part, decodeReply(answer));
  }

  /** The peer's answer, or undefined when it gave none in time. */
  async #request(subject: string, data: Uint8Array, timeoutMs?: number, h?: MsgHdrs): Promise<Uint8Array | undefined> {
    const { nc, requestTimeoutMs = defaultRequestTimeoutMs } = this.#options;
    this.stats.requests += 1;
    try {
      return (await nc.request(subject, data, { timeout: timeoutMs ?? requestTimeoutMs, ...(h ? { headers: h } : {}) })).data;
    } catch (error) {
      this.#log.debug({ err: error, subject }, 'peer unreachable; will retry');
      return undefined;
    }
  }

  /** What the peer's verdict on one event means for it: settled (stored or refused for good), or to be sent again. */
  #verdict(part: RelayPart, reply: DeliveryReply): SendResult {
    if (reply.ok) {
      this.#settle(part);
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
    this.#settle(part);
    this.stats.refused += 1;
    this.#log.error({ event: part.envelope.id, scope: part.envelope.scope, reason: reply.reason, detail: reply.detail }, 'peer refused an event');
    return 'done';
  }

  #settle(part: RelayPart): void {
    this.#liveParts.delete(part);
    part.settle();
  }
}

const itemOf = (part: RelayPart): BatchItem => ({ type: part.envelope.type, signature: part.signature, data: part.data });
