/**
 * `npm start` builds the consoles' web app when its build is missing, with the console package's own
 * build script (`npm run build` in services/console), its output in a log file. A package without a
 * build script yet is not an error: the consoles then answer that the app is not built.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { Code, ConcordError } from '@concord/errors';

export type ConsoleBuild = 'present' | 'built' | 'no build script';

/** `webDir` is <package>/web/dist, and <package>/package.json has the build script. */
export async function ensureConsoleBuilt(webDir: string, logPath: string, log: Logger): Promise<ConsoleBuild> {
  if (existsSync(join(webDir, 'index.html'))) return 'present';
  const packageDir = join(webDir, '..', '..');
  const manifest = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  if (!manifest.scripts?.build) {
    log.warn({ webDir }, 'the console web app is not built and its package has no build script');
    return 'no build script';
  }
  log.info({ webDir, logPath }, 'building the console web app');
  const output = await open(logPath, 'a', 0o600);
  try {
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn('npm', ['run', 'build'], { cwd: packageDir, stdio: ['ignore', output.fd, output.fd] });
      child.once('exit', resolve);
      child.once('error', () => resolve(-1));
    });
    if (code !== 0 || !existsSync(join(webDir, 'index.html'))) throw new ConcordError(Code.FailedPrecondition, `building the console web app failed (exit ${code}); see ${logPath}`);
  } finally {
    await output.close();
  }
  return 'built';
}
