import { describe, expect, it } from 'vitest';
import { allStarted } from './all-started.js';

describe('allStarted', () => {
  it('when one start fails early, waits for the slower siblings before failing, so that a stop sees them all', async () => {
    const finished: string[] = [];
    const slow = new Promise<void>((resolve) =>
      setTimeout(() => {
        finished.push('slow');
        resolve();
      }, 50),
    );
    const failing = Promise.reject(new Error('TH services failed to start'));
    await expect(allStarted([failing, slow])).rejects.toThrow('TH services failed to start');
    expect(finished).toEqual(['slow']);
  });

  it('resolves when every start succeeds', async () => {
    await expect(allStarted([Promise.resolve(), Promise.resolve()])).resolves.toBeUndefined();
  });
});
