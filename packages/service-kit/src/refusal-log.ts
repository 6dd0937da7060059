/**
 * Refused and failed calls in the log without amplification: the first of a kind (peer, method,
 * code) is written at once; its repeats within the interval are only counted, and written as one
 * line with the count when the interval ends. A flood of bad requests then costs a few lines.
 */
import type { Logger } from 'pino';

export interface Refusal {
  /** Who called: the client's address without its port (each connection has its own port). */
  readonly peer: string;
  readonly method: string;
  readonly code: number;
  readonly error: string;
  /** The cause, for internal errors. */
  readonly err?: unknown;
}

/** Kinds tracked at once; beyond this, repeats from new peers are counted under peer "*". */
const maxKinds = 1_000;

export class RefusalLog {
  readonly #open = new Map<string, { repeated: number }>();

  constructor(
    private readonly log: Logger,
    private readonly message: string,
    private readonly intervalMs = 10_000,
  ) {}

  record(refusal: Refusal, level: 'info' | 'error' = 'info'): void {
    const peer = this.#open.size >= maxKinds ? '*' : refusal.peer;
    const key = `${peer}|${refusal.method}|${refusal.code}`;
    const open = this.#open.get(key);
    if (open) {
      open.repeated++;
      return;
    }
    this.log[level]({ ...refusal, peer }, this.message);
    const window = { repeated: 0 };
    this.#open.set(key, window);
    setTimeout(() => {
      this.#open.delete(key);
      if (window.repeated > 0) this.log[level]({ peer, method: refusal.method, code: refusal.code, repeated: window.repeated, intervalMs: this.intervalMs }, `${this.message} (repeated)`);
    }, this.intervalMs).unref();
  }
}

/** The client address of a call without its port: "127.0.0.1:53122" reads "127.0.0.1". */
export const peerHost = (peer: string) => peer.replace(/:\d+$/, '');

const perLogger = new WeakMap<Logger, RefusalLog>();

/** The one refusal log of a service's logger, for the "request failed" lines of its handlers. */
export function failedRequestsOf(log: Logger): RefusalLog {
  let refusals = perLogger.get(log);
  if (!refusals) {
    refusals = new RefusalLog(log, 'request failed');
    perLogger.set(log, refusals);
  }
  return refusals;
}
