/**
 * A site bundle: the files one site needs, each with whether it holds a secret, and writing them to a
 * directory (secrets 0600 in 0700 folders). A non-empty directory is refused unless forced, and then
 * emptied first: a file left from another site's bundle must never ship with this one.
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ConcordError } from '@concord/errors';
import { writePrivateFile } from '@concord/private-files';

export interface BundleFile {
  /** Relative to the bundle's root, with forward slashes. */
  readonly path: string;
  readonly text: string;
  /** Holds a private key, password, token or hash: written owner-only. */
  readonly secret: boolean;
}

export const secretFile = (path: string, text: string): BundleFile => ({ path, text, secret: true });
export const publicFile = (path: string, text: string): BundleFile => ({ path, text, secret: false });

async function entriesOf(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

export async function writeBundle(out: string, files: readonly BundleFile[], options: { force: boolean }): Promise<void> {
  const existing = await entriesOf(out);
  if (existing.length > 0 && !options.force) {
    throw ConcordError.invalid([{ path: '--out', message: `${out} is not empty; choose an empty directory, or pass --force to replace what it holds` }]);
  }
  for (const entry of existing) await rm(join(out, entry), { recursive: true, force: true });
  await mkdir(out, { recursive: true, mode: 0o700 });
  for (const file of files) {
    const path = join(out, file.path);
    if (file.secret) {
      await writePrivateFile(path, file.text);
    } else {
      await mkdir(dirname(path), { recursive: true, mode: 0o755 });
      await writeFile(path, file.text, { mode: 0o644 });
    }
  }
}
