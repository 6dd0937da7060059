import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { Supervised, type Child } from './supervisor.js';

function fakeChild() {
  let exit!: (code: number | null) => void;
  const exited = new Promise<number | null>((resolve) => (exit = resolve));
  const child: Child & { exit: typeof exit; stopped: boolean } = {
    exited,
    exit,
    stopped: false,
    stop: async () => {
      child.stopped = true;
      exit(0);
      await exited;
    },
  };
  return child;
}

const silent = pino({ level: 'silent' });

describe('Supervised', () => {
  it('starts the child again, after a back-off, when it exits on its own', async () => {
    vi.useFakeTimers();
    try {
      const children = [fakeChild(), fakeChild(), fakeChild()];
      let started = 0;
      const supervised = new Supervised('test', () => Promise.resolve(children[started++]!), silent);
      await supervised.run();
      children[0]!.exit(1);
      await vi.advanceTimersByTimeAsync(499);
      expect(started).toBe(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(started).toBe(2);
      expect(supervised.current).toBe(children[1]);
      // A second failure waits twice as long.
      children[1]!.exit(1);
      await vi.advanceTimersByTimeAsync(999);
      expect(started).toBe(2);
      await vi.advanceTimersByTimeAsync(1);
      expect(started).toBe(3);
      await supervised.stop();
      expect(children[2]!.stopped).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps trying when a restart fails, and stops trying once stopped', async () => {
    vi.useFakeTimers();
    try {
      const first = fakeChild();
      let attempts = 0;
      const supervised = new Supervised(
        'test',
        () => {
          attempts++;
          return attempts === 1 ? Promise.resolve(first) : Promise.reject(new Error('port taken'));
        },
        silent,
      );
      await supervised.run();
      first.exit(1);
      await vi.advanceTimersByTimeAsync(500 + 1_000 + 2_000);
      expect(attempts).toBe(4);
      await supervised.stop();
      await vi.advanceTimersByTimeAsync(60_000);
      expect(attempts).toBe(4);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('Supervised with a health watch', () => {
  it('restarts a child that stays unhealthy for 30 s, and leaves one alone that recovers in time', async () => {
    vi.useFakeTimers();
    try {
      const children = [fakeChild(), fakeChild()];
      const health = new Map<Child, boolean[]>([
        // Unhealthy for 25 s, then well: never restarted for it. Then unhealthy for good.
        [children[0]!, [false, false, false, false, false, false, true, ...Array<boolean>(20).fill(false)]],
        [children[1]!, []],
      ]);
      let started = 0;
      const supervised = new Supervised('test', () => Promise.resolve(children[started++]!), silent, {
        healthy: (child) => Promise.resolve(health.get(child)!.shift() ?? true),
      });
      await supervised.run();
      await vi.advanceTimersByTimeAsync(35_000);
      expect(children[0]!.stopped).toBe(false);
      // Unhealthy from 40 s on: stopped at 70 s, started again 0.5 s later.
      await vi.advanceTimersByTimeAsync(34_000);
      expect(children[0]!.stopped).toBe(false);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(children[0]!.stopped).toBe(true);
      await vi.advanceTimersByTimeAsync(500);
      expect(started).toBe(2);
      expect(supervised.current).toBe(children[1]);
      await vi.advanceTimersByTimeAsync(120_000);
      expect(children[1]!.stopped).toBe(false);
      await supervised.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
