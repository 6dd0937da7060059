import { describe, expect, it } from 'vitest';
import { RecentCount } from './recent-count.js';

describe('RecentCount', () => {
  it('counts what happened in the last hour and forgets what is older', () => {
    let now = Date.UTC(2027, 2, 1, 8, 0, 30);
    const recent = new RecentCount(() => now);
    recent.add();
    now += 30 * 60_000;
    recent.add();
    recent.add();
    expect(recent.total()).toBe(3);
    now += 30 * 60_000;
    expect(recent.total()).toBe(2);
    now += 31 * 60_000;
    expect(recent.total()).toBe(0);
  });
});
