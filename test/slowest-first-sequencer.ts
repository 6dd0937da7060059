/**
 * Starts the slowest test files first, so the two workers finish together instead of one running a
 * two-minute file alone at the end. Vitest orders by the durations it cached from the last run, but a
 * fresh CI checkout has no cache and falls back to file size, which puts small slow files last.
 */
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Slowest first, as measured (seconds on 2 cores, CI run of 2026-11-30: netns-sites 152, the console's
 * views 100 + 33 + 28 before they shared one federation, npm-start 56, cli-planning 69 before it
 * stopped polling by spawning); the rest in Vitest's order.
 */
export const slowestFiles: readonly string[] = [
  'test/netns-sites.test.ts',
  'test/console-views.test.ts',
  'test/npm-start.test.ts',
  'test/cli-planning.test.ts',
  'test/readme-walkthrough.test.ts',
  'test/cli-intel.test.ts',
  'test/debrief.test.ts',
];

export class SlowestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const index = slowestFiles.indexOf(relative(file.project.config.root, file.moduleId).replaceAll('\\', '/'));
      return index === -1 ? slowestFiles.length : index;
    };
    // Array sort is stable: the files not named keep Vitest's order.
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}
