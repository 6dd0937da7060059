import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureConsoleBuilt } from './console-build.js';

const log = pino({ level: 'silent' });
const writeIndex = "node -e \"require('fs').mkdirSync('web/dist',{recursive:true});require('fs').writeFileSync('web/dist/index.html','built')\"";

describe('building the console web app for npm start', () => {
  let dir: string;
  const webDir = () => join(dir, 'web', 'dist');
  const packageWith = (scripts: Record<string, string>) => writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'console-under-test', private: true, scripts }));

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'concord-console-build-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('runs the package build script when the build is missing, and not again once it is there', async () => {
    await packageWith({ build: writeIndex });
    expect(await ensureConsoleBuilt(webDir(), join(dir, 'build.log'), log)).toBe('built');
    expect(await readFile(join(webDir(), 'index.html'), 'utf8')).toBe('built');
    await packageWith({ build: 'exit 1' });
    expect(await ensureConsoleBuilt(webDir(), join(dir, 'build.log'), log)).toBe('present');
  });

  it('starts without a build when the package has no build script, and fails naming the log when the build fails', async () => {
    await packageWith({});
    expect(await ensureConsoleBuilt(webDir(), join(dir, 'build.log'), log)).toBe('no build script');
    await packageWith({ build: 'echo broken >&2; exit 3' });
    await expect(ensureConsoleBuilt(webDir(), join(dir, 'build.log'), log)).rejects.toThrow(`building the console web app failed (exit 3); see ${join(dir, 'build.log')}`);
    expect(await readFile(join(dir, 'build.log'), 'utf8')).toContain('broken');
  });
});
