import { AsyncLocalStorage } from 'node:async_hooks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DueTimer } from './due-timer.js';

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2027-01-01T00:00:00Z') });
});

afterEach(() => {
  vi.useRealTimers();
});

const inMs = (ms: number) => new Date(Date.now() + ms);

describe('a due timer', () => {
  it('with nothing due, sleeps its longest sleep: 10 wakeups in 10 idle minutes, where a 1 s poll made 600', () => {
    const check = vi.fn();
    const timer = new DueTimer(check, () => undefined, { longestSleepMs: 60_000 });
    timer.start();
    vi.advanceTimersByTime(10 * 60_000);
    timer.stop();
    expect(check).toHaveBeenCalledTimes(1 + 10);
  });

  it('checks at the due moment, not before', () => {
    const due = inMs(5_000);
    const checkedAt: number[] = [];
    const timer = new DueTimer(() => checkedAt.push(Date.now()), () => (Date.now() < due.getTime() ? due : undefined));
    timer.start();
    vi.advanceTimersByTime(4_999);
    expect(checkedAt).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(checkedAt).toEqual([due.getTime() - 5_000, due.getTime()]);
    timer.stop();
  });

  it('wakes earlier when told of something due sooner', () => {
    let due: Date | undefined;
    const check = vi.fn();
    const timer = new DueTimer(check, () => (due && Date.now() < due.getTime() ? due : undefined));
    timer.start();
    due = inMs(2_000);
    timer.wakeBy(due);
    vi.advanceTimersByTime(2_000);
    expect(check).toHaveBeenCalledTimes(2);
    due = inMs(3_000);
    timer.reschedule();
    vi.advanceTimersByTime(3_000);
    expect(check).toHaveBeenCalledTimes(3);
    timer.stop();
  });

  it('tries again a second later while something stays due (its work failed), not in a loop', () => {
    const check = vi.fn();
    const timer = new DueTimer(check, () => new Date(0), { retryMs: 1_000 });
    timer.start();
    vi.advanceTimersByTime(5_000);
    timer.stop();
    expect(check).toHaveBeenCalledTimes(1 + 5);
  });

  it('does not wake once stopped', () => {
    const check = vi.fn();
    const timer = new DueTimer(check, () => inMs(1_000));
    timer.start();
    timer.stop();
    timer.wakeBy(inMs(10));
    vi.advanceTimersByTime(5_000);
    expect(check).toHaveBeenCalledTimes(1);
  });

  it('checks in the context it was made in, not in that of the call that woke it earlier (real timers)', async () => {
    vi.useRealTimers();
    const caller = new AsyncLocalStorage<string>();
    const seenBy: Array<string | undefined> = [];
    const timer = new DueTimer(() => seenBy.push(caller.getStore()), () => undefined);
    timer.start();
    caller.run('the person who published', () => timer.wakeBy(inMs(20)));
    await new Promise((resolve) => setTimeout(resolve, 200));
    timer.stop();
    expect(seenBy).toEqual([undefined, undefined]);
  });
});
