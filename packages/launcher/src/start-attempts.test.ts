import { describe, expect, it } from 'vitest';
import { withStartAttempts } from './start-attempts.js';

describe('withStartAttempts', () => {
  it('starts again after a failed start, and reports each retry', async () => {
    let calls = 0;
    const retries: number[] = [];
    const started = await withStartAttempts(
      () => {
        calls += 1;
        return calls < 3 ? Promise.reject(new Error('TIMEOUT')) : Promise.resolve('serving');
      },
      3,
      (_error, attempt) => retries.push(attempt),
      1,
    );
    expect(started).toBe('serving');
    expect(retries).toEqual([1, 2]);
  });

  it('gives up with the last error after the given number of attempts', async () => {
    let calls = 0;
    const failing = withStartAttempts(
      () => {
        calls += 1;
        return Promise.reject(new Error(`failure ${calls}`));
      },
      3,
      () => undefined,
      1,
    );
    await expect(failing).rejects.toThrow('failure 3');
    expect(calls).toBe(3);
  });
});
