import { mkdtemp, readFile, readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writePrivateFile } from './write-private-file.js';

describe('writePrivateFile', () => {
  it('writes owner-only, in an owner-only folder it makes, replaces whole, and leaves no temporary file', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'private-')), 'secrets');
    const path = join(dir, 'session.json');
    await writePrivateFile(path, 'first\n');
    await writePrivateFile(path, 'second\n');
    expect(await readFile(path, 'utf8')).toBe('second\n');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect(await readdir(dir)).toEqual(['session.json']);
  });
});
