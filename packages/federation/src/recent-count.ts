/** Counts events over a sliding window (an hour by default) in one-minute buckets: bounded memory whatever the rate. */
export class RecentCount {
  readonly #buckets = new Map<number, number>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly windowMinutes = 60,
  ) {}

  add(): void {
    const minute = this.#prune();
    this.#buckets.set(minute, (this.#buckets.get(minute) ?? 0) + 1);
  }

  total(): number {
    this.#prune();
    let sum = 0;
    for (const count of this.#buckets.values()) sum += count;
    return sum;
  }

  /** Drops the minutes that left the window; returns the current one. */
  #prune(): number {
    const minute = Math.floor(this.now() / 60_000);
    for (const key of this.#buckets.keys()) if (key <= minute - this.windowMinutes) this.#buckets.delete(key);
    return minute;
  }
}
