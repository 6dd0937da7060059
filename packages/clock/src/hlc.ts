/**
 * Hybrid logical clock (Kulkarni et al.): stamps that follow physical time yet never run backwards and
 * always order a receipt after its send, so every agency sorts the shared timeline the same way.
 */
import { Code, ConcordError } from '@concord/errors';

export interface HlcStamp {
  /** Milliseconds since the epoch, never behind any stamp this clock has seen. */
  readonly wall: number;
  /** Counts stamps issued within the same millisecond. */
  readonly logical: number;
}

/** Injected wall clock: tests pass a fake one; production uses Date.now. */
export type WallClock = () => number;

export interface HlcOptions {
  readonly now?: WallClock;
  /**
   * How far ahead of our own wall clock a peer's stamp may be before we refuse it; without this bound a
   * peer with a broken (or hostile) clock would drag every agency's clock into the future for good.
   */
  readonly maxDriftMs?: number;
}

export const defaultMaxDriftMs = 5 * 60_000;

export class HybridLogicalClock {
  readonly #now: WallClock;
  readonly #maxDriftMs: number;
  #last: HlcStamp = { wall: 0, logical: 0 };

  constructor(options: HlcOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#maxDriftMs = options.maxDriftMs ?? defaultMaxDriftMs;
  }

  /** A stamp for an event issued here, after every stamp issued or observed before. */
  tick(): HlcStamp {
    const physical = this.#now();
    const last = this.#last;
    this.#last = physical > last.wall ? { wall: physical, logical: 0 } : { wall: last.wall, logical: last.logical + 1 };
    return this.#last;
  }

  /** Moves the clock past a stamp received from elsewhere; refuses stamps too far in the future. */
  observe(remote: HlcStamp): void {
    const physical = this.#now();
    if (remote.wall - physical > this.#maxDriftMs) {
      throw new ConcordError(Code.InvalidArgument, `clock stamp ${formatHlc(remote)} is more than ${this.#maxDriftMs} ms ahead of this agency's clock`);
    }
    const last = this.#last;
    if (compareHlc(remote, last) > 0) this.#last = remote;
  }
}

export function compareHlc(a: HlcStamp, b: HlcStamp): number {
  return a.wall - b.wall || a.logical - b.logical;
}

/** "<13-digit ms>.<6-digit counter>": sorts as text the way it sorts as numbers. */
export function formatHlc(stamp: HlcStamp): string {
  return `${String(stamp.wall).padStart(13, '0')}.${String(stamp.logical).padStart(6, '0')}`;
}

export function parseHlc(text: string): HlcStamp {
  const match = /^(\d{13})\.(\d{6})$/.exec(text);
  if (!match) throw new ConcordError(Code.InvalidArgument, `"${text}" is not a clock stamp (<13-digit ms>.<6-digit counter>)`);
  return { wall: Number(match[1]), logical: Number(match[2]) };
}
