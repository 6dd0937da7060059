import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { checkLanes, runLanes } from '../scripts/check.mjs';

/** A step that marks its start in `dir`, then (if told) waits for another step's mark: it fails after 30 s without it. */
const step = (dir: string, name: string, options: { waitFor?: string; exit?: number } = {}) => [
  process.execPath,
  '-e',
  `const fs = require('node:fs'), path = require('node:path');
   fs.writeFileSync(path.join(${JSON.stringify(dir)}, '${name}'), '');
   const other = ${JSON.stringify(options.waitFor ?? null)};
   const started = Date.now();
   const poll = setInterval(() => {
     if (other === null || fs.existsSync(path.join(${JSON.stringify(dir)}, other))) { clearInterval(poll); console.log('${name} done'); process.exit(${options.exit ?? 0}); }
     else if (Date.now() - started > 30000) { console.log('${name} waited in vain for ' + other); process.exit(3); }
   }, 20);`,
];

it('runs the lanes at once, each lane step by step, and fails when a step fails, after every lane ended', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'concord-check-'));
  try {
    const printed: string[] = [];
    // a1 and b1 each wait for the other to start: they end only if the lanes run at once.
    const ok = await runLanes([[step(dir, 'a1', { waitFor: 'b1' }), step(dir, 'a2', { exit: 1 }), step(dir, 'a3')], [step(dir, 'b1', { waitFor: 'a1' }), step(dir, 'b2')]], (text) => printed.push(text));
    expect(ok).toBe(false);
    const outcomes = printed.map((text) => `${text.slice(0, 4).trim()} ${/(\w\d) (done|waited.*)/.exec(text)?.[0]}`).sort();
    // a3 never ran after a2 failed; the other lane still ran to its end.
    expect(outcomes).toEqual(['FAIL a2 done', 'ok a1 done', 'ok b1 done', 'ok b2 done']);
    expect(await runLanes([[step(dir, 'c')], [step(dir, 'd')]], () => undefined)).toBe(true);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}, 60_000);

it('checks everything npm test checked before: generated code, both type checks, buf lint and eslint', () => {
  expect(checkLanes.flat().map((s) => s.join(' '))).toEqual(['npm run --silent generate:check', 'npm run --silent typecheck', 'npx buf lint', 'npx eslint --max-warnings 0 .']);
});
