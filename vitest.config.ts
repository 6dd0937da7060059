import { defineConfig } from 'vitest/config';
import { SlowestFirstSequencer } from './test/slowest-first-sequencer.js';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'services/*/src/**/*.test.ts', 'services/*/web/src/**/*.test.ts', 'test/**/*.test.ts'],
    // Integration tests start real nats-server processes and gRPC servers: give them time, and keep
    // each file in its own process so a federation never outlives its file.
    pool: 'forks',
    // Vitest's default on 2 cores is one file at a time; most of a file's time is spent waiting on its
    // servers, so two at once finish the suite sooner.
    maxWorkers: 2,
    sequence: { sequencer: SlowestFirstSequencer },
    globalSetup: ['test/global-setup.ts'],
    // expect.poll waits on a condition; Vitest's default of 1 s is a fixed timeout that a page or a
    // service on a loaded machine (two files at once on 2 cores) misses now and then.
    expect: { poll: { timeout: 15_000 } },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
  },
});
