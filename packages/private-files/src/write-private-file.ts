/**
 * Writes a file only its owner may read (0600, in a 0700 folder made if missing), whole: to a temporary
 * file first, then renamed over the old one, so a crash leaves the old content or the new, never a mix.
 * For people, sessions, signing keys and generated configurations holding secrets.
 */
import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export async function writePrivateFile(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text, { mode: 0o600 });
  // The mode given to writeFile is masked by the umask; chmod is not.
  await chmod(temporary, 0o600);
  await rename(temporary, path);
}
