import { describe, expect, it } from 'vitest';
import { startQueue } from './start-queue.js';

describe('startQueue', () => {
  it('runs at most the given number of starts at once, in order, and goes on after a failure', async () => {
    const queue = startQueue(2);
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const start = (i: number) => async () => {
      running += 1;
      most = Math.max(most, running);
      order.push(i);
      await new Promise((resolve) => setTimeout(resolve, 10));
      running -= 1;
      if (i === 1) throw new Error('failed start');
      return i;
    };
    const results = await Promise.allSettled([0, 1, 2, 3, 4].map((i) => queue(start(i))));
    expect(most).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
  });
});
