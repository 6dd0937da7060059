/** One launcher per data directory: two would fight over the same ports, stores and keys. */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { Code, ConcordError } from '@concord/errors';

export async function acquireLauncherLock(path: string, dataDir: string): Promise<() => Promise<void>> {
  const held = Number((await readFile(path, 'utf8').catch(() => '')).trim());
  if (Number.isInteger(held) && held > 0 && held !== process.pid) {
    let running = true;
    try {
      process.kill(held, 0);
    } catch {
      running = false;
    }
    if (running) throw new ConcordError(Code.FailedPrecondition, `a federation is already running from ${dataDir} (launcher pid ${held}); stop it with Ctrl-C there, or choose another --data-dir`);
  }
  await writeFile(path, `${process.pid}\n`);
  return () => rm(path, { force: true });
}
