import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createVitest, type Vitest } from 'vitest/node';
import { repoRoot } from './cli-helpers.js';
import { slowestFiles } from './slowest-first-sequencer.js';

let vitest: Vitest;
beforeAll(async () => {
  vitest = await createVitest('test', { watch: false, root: repoRoot, config: 'vitest.config.ts' });
});
afterAll(() => vitest?.close());

it('starts the slowest test files first and every other file after them', async () => {
  const specifications = await vitest.globTestSpecifications();
  const order = (await new vitest.config.sequence.sequencer(vitest).sort(specifications)).map((s) => relative(repoRoot, s.moduleId));
  for (const file of slowestFiles) expect(existsSync(`${repoRoot}/${file}`), file).toBe(true);
  expect(order.slice(0, slowestFiles.length)).toEqual(slowestFiles);
  expect(order).toHaveLength(specifications.length);
  expect(new Set(order).size).toBe(order.length);
});
