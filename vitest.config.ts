import { defineConfig } from 'vitest/config';
import { SlowestFirstSequencer } from './test/slowest-first-sequencer.js';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'services/*/src/**/*.test.ts', 'services/*/web/src/**/*.test.ts', 'test/**/*.test.ts'],
    // Integration tests start real nats-server processes and gRPC servers: give them time. Each worker
    // process runs file after file (isolate: false): loading the services' modules afresh for every file
    // cost about 2.5 s of CPU each, over 2 minutes of the suite. Nothing is left from one file to the
    // next: a federation stops in its file's afterAll (and its servers die with the process in any case),
    // fake timers are restored in afterEach, caches are keyed by their content, and
    // test/per-file-setup.ts gives each file its own CLI sessions directory.
    pool: 'forks',
    isolate: false,
    setupFiles: ['test/per-file-setup.ts'],
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
