/**
 * Notices a follower that stands still while behind: its source holds entries it has not taken, and it
 * has taken none for `stallMs`. The store follower needs it: nats.js 2.29 makes its ordered consumer
 * one replica on one node of the agency's cluster, and when that node is lost it may ask about the
 * consumer again and again without ever making a new one, while every write waits to be applied.
 *
 * It checks only while the follower is behind, and sleeps once it has caught up: an idle agency keeps
 * one watch per capability, and a timer ticking four times a second in each was most of its idle
 * wakeups. Whoever learns that the source grew calls `behind()`, which wakes it.
 */
export interface FollowerPosition {
  /** The last entry the follower took. */
  readonly taken: number;
  /** The last entry known to be in the source. */
  readonly stored: number;
}

export class StallWatch {
  #timer: NodeJS.Timeout | undefined;
  #watching = false;
  #lastTaken = -1;
  /** Since when the follower has stood still while behind (or was last seen moving or caught up). */
  #stillSince = 0;
  /** When it was last judged stalled: judged again only a whole period later. */
  #judged = 0;

  /** `onStall` is told how long the follower has stood still while behind: the first call, `stallMs`; then longer each period. */
  constructor(
    private readonly position: () => FollowerPosition,
    private readonly stallMs: number,
    private readonly onStall: (stillMs: number) => void,
  ) {}

  start(): void {
    this.#watching = true;
    this.behind();
  }

  stop(): void {
    this.#watching = false;
    this.#sleep();
  }

  /** The source may have grown past the follower: check until it has caught up. */
  behind(): void {
    if (!this.#watching || this.#timer !== undefined) return;
    const { taken, stored } = this.position();
    if (taken >= stored) return;
    // Asleep until now, the follower was caught up until now: it is judged from here.
    this.#lastTaken = taken;
    this.#stillSince = this.#judged = Date.now();
    this.#timer = setInterval(() => this.#check(), Math.max(100, this.stallMs / 4));
    this.#timer.unref();
  }

  /** A new follower took over: it is judged from now on, with a whole period of its own. */
  reset(): void {
    this.#stillSince = this.#judged = Date.now();
  }

  #sleep(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #check(): void {
    const { taken, stored } = this.position();
    const now = Date.now();
    if (taken >= stored) return this.#sleep();
    if (taken !== this.#lastTaken) {
      this.#lastTaken = taken;
      this.#stillSince = this.#judged = now;
      return;
    }
    if (now - this.#judged < this.stallMs) return;
    // Judged afresh a period later: a new follower gets its own stallMs before it is judged.
    this.#judged = now;
    this.onStall(now - this.#stillSince);
  }
}
