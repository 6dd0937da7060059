/**
 * A key and its certificate on disk: `<name>.key` (PKCS#8 PEM, owner-only) beside `<name>.crt`, in a
 * directory only the owner may enter. A key that others can read is refused, as identity keys are.
 */
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Code, ConcordError } from '@concord/errors';

export interface CertificatePaths {
  readonly keyPath: string;
  readonly certPath: string;
}

export const certificatePaths = (dir: string, name: string): CertificatePaths => ({ keyPath: join(dir, `${name}.key`), certPath: join(dir, `${name}.crt`) });

async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw ConcordError.from(error);
  }
}

export async function readPrivateKey(path: string): Promise<string | undefined> {
  const pem = await readIfPresent(path);
  if (pem !== undefined && ((await stat(path)).mode & 0o077) !== 0) {
    throw new ConcordError(Code.PermissionDenied, `${path} is readable by others; run chmod 600 on it`);
  }
  return pem;
}

export const readCertificate = readIfPresent;

export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
}

export async function writePrivateKey(path: string, pem: string): Promise<void> {
  // 'wx': a key is written once; two processes racing here cannot replace each other's key.
  await writeFile(path, pem, { mode: 0o600, flag: 'wx' });
}

export async function writeCertificate(path: string, pem: string): Promise<void> {
  await writeFile(path, pem, { mode: 0o644 });
}
