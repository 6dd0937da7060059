/**
 * Opt-in timing of each hop an event takes, for benchmarks: with `CONCORD_TRACE_DIR=<dir>` every
 * process records when an event passes a stage (wall-clock milliseconds at the monotonic clock's
 * resolution, comparable across the processes of one machine) and appends the marks to
 * `<dir>/<pid>.jsonl`, off the event's path (every 200 ms, and at exit). Unset, a mark is a call that returns.
 */
import { appendFileSync } from 'node:fs';
import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';

/** The stages an event passes, in the order of the path from a gRPC call to a watch at a recipient. */
export const HopStage = {
  /** The originator's link was asked to publish: the content is sealed and the call checked. */
  publish: 'publish',
  /** Signed by the originator. */
  signed: 'signed',
  /** JetStream acknowledged the write to this agency's own store (originator or recipient). */
  stored: 'stored',
  /** Handed to the service (its book or projection), in store order. */
  applied: 'applied',
  /** The originator's link resolved publish: the call may answer. */
  published: 'published',
  /** The dispatcher handed the own event to its recipients' relays. */
  dispatched: 'dispatched',
  /** A relay sent the delivery request to its peer. */
  sent: 'sent',
  /** A relay heard the peer's answer. */
  confirmed: 'confirmed',
  /** A delivery request reached the recipient's link. */
  door: 'door',
  /** Its signature verified and its envelope checked. */
  verified: 'verified',
  /** The recipient answered the sender. */
  answered: 'answered',
  /** The service's audit entry for the event is on disk. */
  audited: 'audited',
} as const;
export type HopStage = (typeof HopStage)[keyof typeof HopStage];

export interface HopMark {
  /** Wall-clock milliseconds, with the monotonic clock's resolution. */
  readonly at: number;
  readonly agency: string;
  readonly stage: HopStage;
  /** The event key (origin:id), when the stage knows the event. */
  readonly key?: string;
  /** The event's scope (an alert, an operation), when the stage knows it. */
  readonly scope?: string;
}

const flushEveryMs = 200;

class HopTrace {
  readonly #file: string;
  #marks: string[] = [];
  #ready: Promise<unknown>;

  constructor(dir: string) {
    this.#file = join(dir, `${process.pid}.jsonl`);
    this.#ready = mkdir(dir, { recursive: true });
    setInterval(() => void this.#flush(), flushEveryMs).unref();
    process.on('exit', () => {
      if (this.#marks.length > 0) appendFileSync(this.#file, this.#marks.splice(0).join(''));
    });
  }

  mark(agency: string, stage: HopStage, ids: { key?: string; scope?: string }): void {
    const mark: HopMark = { at: performance.timeOrigin + performance.now(), agency, stage, ...ids };
    this.#marks.push(`${JSON.stringify(mark)}\n`);
  }

  async #flush(): Promise<void> {
    if (this.#marks.length === 0) return;
    const lines = this.#marks.splice(0).join('');
    await this.#ready;
    await appendFile(this.#file, lines);
  }
}

const traceDir = process.env.CONCORD_TRACE_DIR;
const trace = traceDir ? new HopTrace(traceDir) : undefined;

/** Records that an event passed a stage, when tracing is on. */
export function markHop(agency: string, stage: HopStage, ids: { key?: string; scope?: string }): void {
  trace?.mark(agency, stage, ids);
}
