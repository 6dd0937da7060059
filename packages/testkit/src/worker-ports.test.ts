import { describe, expect, it } from 'vitest';
import { freeWorkerPort, workerPortRange } from './worker-ports.js';

describe("a test worker's ports", () => {
  it('come from a block of its own, below the ephemeral range and the npm start test', () => {
    const ranges = [1, 2, 3, 4, 5].map((id) => workerPortRange({ VITEST_POOL_ID: String(id) }));
    for (const [i, range] of ranges.entries()) {
      expect(range.from).toBeGreaterThanOrEqual(10_000);
      expect(range.to).toBeLessThan(20_000);
      for (const other of ranges.slice(i + 1)) expect(range.to < other.from || other.to < range.from).toBe(true);
    }
    expect(workerPortRange({})).toEqual(ranges[0]);
  });

  it('move into the range CONCORD_TEST_PORTS names, still one block per worker', () => {
    const ranges = [1, 2, 3, 4, 5].map((id) => workerPortRange({ VITEST_POOL_ID: String(id), CONCORD_TEST_PORTS: '5000-5999' }));
    expect(ranges[0]).toEqual({ from: 5000, to: 5199 });
    expect(ranges[4]).toEqual({ from: 5800, to: 5999 });
    expect(() => workerPortRange({ CONCORD_TEST_PORTS: '6000' })).toThrow(/CONCORD_TEST_PORTS must be <from>-<to>/);
    expect(() => workerPortRange({ CONCORD_TEST_PORTS: '6000-6100' })).toThrow(/at least 500 ports wide/);
  });

  it('are free ports of this worker', async () => {
    const range = workerPortRange();
    const port = await freeWorkerPort();
    expect(port).toBeGreaterThanOrEqual(range.from);
    expect(port).toBeLessThanOrEqual(range.to);
  });
});
