import { readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';

// Files share a worker process (vitest.config.ts): a file must start with no one else's CLI sessions.
it('gives each test file an empty CLI sessions directory of its own, apart from the user’s', () => {
  const dir = process.env.CONCORD_CONFIG_DIR;
  expect(dir).toMatch(new RegExp(`^${tmpdir()}/concord-sessions-`));
  expect(readdirSync(dir!)).toEqual([]);
  // Left behind on purpose: the next file in this worker must not see it.
  writeFileSync(join(dir!, 'AU.json'), '{}');
});
