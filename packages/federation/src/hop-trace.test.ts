import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { HopMark } from './hop-trace.js';

const run = promisify(execFile);
const traceModule = new URL('./hop-trace.ts', import.meta.url).href;
/** A process that marks two stages and exits at once: its marks must reach the file anyway. */
const marker = `import { markHop } from ${JSON.stringify(traceModule)}; markHop('ID', 'stored', { key: 'ID:1', scope: 'a' }); markHop('ID', 'applied', { key: 'ID:1', scope: 'a' });`;

describe('hop trace', () => {
  let dir: string | undefined;
  afterEach(async () => dir && (await rm(dir, { recursive: true, force: true })));

  it('writes each mark of a process to <dir>/<pid>.jsonl with wall-clock times in order, when CONCORD_TRACE_DIR is set', async () => {
    dir = await mkdtemp(join(tmpdir(), 'hop-trace-'));
    const before = Date.now();
    await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', marker], { env: { ...process.env, CONCORD_TRACE_DIR: dir } });
    const files = await readdir(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^\d+\.jsonl$/);
    const marks = (await readFile(join(dir, files[0]!), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as HopMark);
    expect(marks.map((m) => [m.agency, m.stage, m.key, m.scope])).toEqual([
      ['ID', 'stored', 'ID:1', 'a'],
      ['ID', 'applied', 'ID:1', 'a'],
    ]);
    expect(marks[0]!.at).toBeGreaterThanOrEqual(before - 1);
    expect(marks[1]!.at).toBeGreaterThanOrEqual(marks[0]!.at);
    expect(marks[1]!.at).toBeLessThanOrEqual(Date.now() + 1);
  });

});
