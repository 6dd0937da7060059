import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StallWatch } from './stall-watch.js';

describe('StallWatch', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function watch(position: { taken: number; stored: number }) {
    const onStall = vi.fn<(stillMs: number) => void>();
    const stallWatch = new StallWatch(() => position, 10_000, onStall);
    stallWatch.start();
    return { onStall, stallWatch };
  }

  it('calls a follower that has taken nothing for the whole period while behind stalled, once per period', () => {
    const { onStall, stallWatch } = watch({ taken: 5, stored: 9 });
    // Judged from the moment it was found behind.
    vi.advanceTimersByTime(9_000);
    expect(onStall).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1_000);
    expect(onStall).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(10_000);
    expect(onStall).toHaveBeenCalledTimes(2);
    // Told how long it has stood still: a caller can judge a long stall differently from a short one.
    expect(onStall.mock.calls.map(([stillMs]) => stillMs)).toEqual([10_000, 20_000]);
    stallWatch.stop();
  });

  it('judges a follower that took over afresh: its stand-still is counted from the takeover', () => {
    const { onStall, stallWatch } = watch({ taken: 5, stored: 9 });
    vi.advanceTimersByTime(13_000);
    expect(onStall).toHaveBeenCalledTimes(1);
    stallWatch.reset();
    // Without the reset it would be judged again at 20 s, a period after its first judgement.
    vi.advanceTimersByTime(9_600);
    expect(onStall).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(2_500);
    expect(onStall).toHaveBeenCalledTimes(2);
    expect(onStall.mock.calls.at(-1)![0]).toBe(12_000);
    stallWatch.stop();
  });

  it('leaves alone a follower that moves, however far behind, and one that has caught up', () => {
    const moving = { taken: 0, stored: 1_000 };
    const slow = watch(moving);
    const idle = watch({ taken: 7, stored: 7 });
    for (let i = 0; i < 20; i++) {
      moving.taken += 1;
      vi.advanceTimersByTime(2_500);
    }
    expect(slow.onStall).not.toHaveBeenCalled();
    expect(idle.onStall).not.toHaveBeenCalled();
    slow.stallWatch.stop();
    idle.stallWatch.stop();
  });

  it('sleeps while the follower is caught up, and wakes when told the source grew', () => {
    const position = { taken: 7, stored: 7 };
    const { onStall, stallWatch } = watch(position);
    // Caught up: no timer at all, so an idle link wakes nothing.
    expect(vi.getTimerCount()).toBe(0);
    position.stored = 9;
    stallWatch.behind();
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(10_000);
    expect(onStall).toHaveBeenCalledTimes(1);
    // Caught up again: the watch goes back to sleep at its next check.
    position.taken = 9;
    vi.advanceTimersByTime(2_500);
    expect(vi.getTimerCount()).toBe(0);
    stallWatch.stop();
  });

  it('wakes at start for a follower that starts behind, and stays asleep once stopped', () => {
    const position = { taken: 0, stored: 4 };
    const { onStall, stallWatch } = watch(position);
    expect(vi.getTimerCount()).toBe(1);
    stallWatch.stop();
    stallWatch.behind();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(20_000);
    expect(onStall).not.toHaveBeenCalled();
  });
});
