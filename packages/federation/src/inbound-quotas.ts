/**
 * Per-peer limits at the recipient: each peer may deliver so many events and bytes per interval into
 * one store (token buckets: a full interval's worth at once, such as a backlog after an outage, then
 * refilled evenly) and keep so many bytes there in all. Refusals are counted per peer and limit.
 */
import type { InboundQuotaSettings, PeerQuotaSettings } from '@concord/manifest';

export interface PeerQuota {
  readonly intervalSeconds: number;
  readonly eventsPerInterval: number;
  readonly bytesPerInterval: number;
  readonly storedBytes: number;
}

/**
 * Sized for a Joint Period of Action: a few thousand shared events per operation and capability, each
 * a few KiB. A minute's allowance lets a peer back from an outage deliver its backlog at once; a
 * participant pushing hundreds of events a second is held to about 33.
 */
export const defaultPeerQuota: PeerQuota = Object.freeze({
  intervalSeconds: 60,
  eventsPerInterval: 2_000,
  bytesPerInterval: 32 * 1024 * 1024,
  storedBytes: 1024 * 1024 * 1024,
});

export type QuotaLimit = 'events' | 'bytes' | 'stored';

export interface PeerQuotaStats {
  storedBytes: number;
  refused: Record<QuotaLimit, number>;
}

class TokenBucket {
  #tokens: number;
  #at: number;

  constructor(
    private readonly capacity: number,
    private readonly perMs: number,
    now: number,
  ) {
    this.#tokens = capacity;
    this.#at = now;
  }

  has(amount: number, now: number): boolean {
    this.#tokens = Math.min(this.capacity, this.#tokens + (now - this.#at) * this.perMs);
    this.#at = now;
    return this.#tokens >= amount;
  }

  take(amount: number): void {
    this.#tokens -= amount;
  }

  give(amount: number): void {
    this.#tokens = Math.min(this.capacity, this.#tokens + amount);
  }
}

interface PeerState {
  readonly quota: PeerQuota;
  readonly events: TokenBucket;
  readonly bytes: TokenBucket;
  readonly stats: PeerQuotaStats;
}

export class InboundQuotas {
  readonly #peers = new Map<string, PeerState>();

  constructor(
    private readonly settings: InboundQuotaSettings = {},
    private readonly now: () => number = Date.now,
  ) {}

  quotaOf(peer: string): PeerQuota {
    const merged: PeerQuotaSettings = { ...this.settings.default, ...this.settings.peers?.[peer] };
    return { ...defaultPeerQuota, ...merged };
  }

  /** An event of the peer already in the store (read at start): it counts against the stored bytes. */
  stored(peer: string, bytes: number): void {
    this.#state(peer).stats.storedBytes += bytes;
  }

  /** Takes the allowance for one event about to be stored; the limit it would break otherwise. */
  admit(peer: string, bytes: number): QuotaLimit | undefined {
    const state = this.#state(peer);
    const now = this.now();
    const over: QuotaLimit | undefined =
      state.stats.storedBytes + bytes > state.quota.storedBytes ? 'stored' : !state.events.has(1, now) ? 'events' : !state.bytes.has(bytes, now) ? 'bytes' : undefined;
    if (over) {
      state.stats.refused[over] += 1;
      return over;
    }
    state.events.take(1);
    state.bytes.take(bytes);
    state.stats.storedBytes += bytes;
    return undefined;
  }

  /** Gives back what admit took, when the store then failed. */
  release(peer: string, bytes: number): void {
    const state = this.#state(peer);
    state.events.give(1);
    state.bytes.give(bytes);
    state.stats.storedBytes -= bytes;
  }

  snapshot(): Record<string, PeerQuotaStats> {
    return Object.fromEntries([...this.#peers].map(([peer, state]) => [peer, { storedBytes: state.stats.storedBytes, refused: { ...state.stats.refused } }]));
  }

  #state(peer: string): PeerState {
    let state = this.#peers.get(peer);
    if (!state) {
      const quota = this.quotaOf(peer);
      const intervalMs = quota.intervalSeconds * 1000;
      const now = this.now();
      state = {
        quota,
        events: new TokenBucket(quota.eventsPerInterval, quota.eventsPerInterval / intervalMs, now),
        bytes: new TokenBucket(quota.bytesPerInterval, quota.bytesPerInterval / intervalMs, now),
        stats: { storedBytes: 0, refused: { events: 0, bytes: 0, stored: 0 } },
      };
      this.#peers.set(peer, state);
    }
    return state;
  }
}
