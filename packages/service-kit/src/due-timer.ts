/**
 * Runs a check when the earliest thing it watches falls due, instead of every second: an idle service
 * with nothing due sleeps. At 50 agencies, three services polling every second were a steady share of
 * an idle federation's CPU for no work at all.
 */
import { AsyncResource } from 'node:async_hooks';
export interface DueTimerOptions {
  /** The longest sleep: bounds how late a check runs after the wall clock jumps (default 60 s). */
  readonly longestSleepMs?: number;
  /** The wait before checking again something due already, for example after a failed attempt (default 1 s). */
  readonly retryMs?: number;
  readonly now?: () => Date;
}

/** How many times a due timer has woken in this process, for tests and benchmarks of idle work. */
let wakeups = 0;
export const dueTimerWakeups = (): number => wakeups;

export class DueTimer {
  #timer: NodeJS.Timeout | undefined;
  /** When the armed timer wakes (ms since epoch). */
  #wakeAt = Number.POSITIVE_INFINITY;
  #stopped = false;
  readonly #longestSleepMs: number;
  readonly #retryMs: number;
  readonly #now: () => Date;
  /**
   * The check runs in the context the timer was made in (a service's start), never in that of whatever
   * call `wakeBy` came from: an alert's expiry is not the act of the person who published it.
   */
  readonly #wakeInOwnContext = AsyncResource.bind(() => this.#wake());

  /** `nextDue` names the earliest moment something watched falls due, or undefined when nothing will. */
  constructor(
    private readonly check: () => void,
    private readonly nextDue: () => Date | undefined,
    options: DueTimerOptions = {},
  ) {
    this.#longestSleepMs = options.longestSleepMs ?? 60_000;
    this.#retryMs = options.retryMs ?? 1_000;
    this.#now = options.now ?? (() => new Date());
  }

  /** Checks at once, then sleeps until the next due moment. */
  start(): void {
    this.#stopped = false;
    this.#wake();
  }

  /** After anything that may bring a due moment closer: wakes earlier if it does. */
  reschedule(): void {
    if (this.#stopped) return;
    const at = this.#nextWake();
    if (at < this.#wakeAt) this.#arm(at);
  }

  /** Something watched falls due at `at`: wakes by then if the timer would sleep longer (cheaper than reschedule). */
  wakeBy(at: Date): void {
    if (this.#stopped || at.getTime() >= this.#wakeAt) return;
    this.#arm(Math.max(at.getTime(), this.#now().getTime()));
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  #wake(): void {
    wakeups += 1;
    this.check();
    if (!this.#stopped) this.#arm(this.#nextWake());
  }

  #nextWake(): number {
    const now = this.#now().getTime();
    const due = this.nextDue()?.getTime() ?? Number.POSITIVE_INFINITY;
    // Still due after a check (its work failed or is under way): try again a little later, not in a loop.
    const at = due <= now ? now + this.#retryMs : due;
    return Math.min(at, now + this.#longestSleepMs);
  }

  #arm(at: number): void {
    clearTimeout(this.#timer);
    this.#wakeAt = at;
    this.#timer = setTimeout(this.#wakeInOwnContext, Math.max(0, at - this.#now().getTime()));
    this.#timer.unref();
  }
}
