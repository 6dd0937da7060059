/**
 * NATS passwords, generated once into the owning agency's data directory (owner-only files) and
 * only ever written into server configurations as bcrypt hashes.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile, chmod } from 'node:fs/promises';
import { dirname } from 'node:path';
import bcrypt from 'bcryptjs';

/** Reads the secret at `path`, creating a random one (owner-only) on first use. */
export async function ensureSecret(path: string): Promise<string> {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await chmod(dirname(path), 0o700);
  const secret = randomBytes(24).toString('base64url');
  try {
    await writeFile(path, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    // Someone else created it between our read and write: theirs stands.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return (await readFile(path, 'utf8')).trim();
    throw error;
  }
}

/**
 * bcrypt at its minimum cost. A work factor slows the guessing of low-entropy passwords; these are
 * 192 random bits, beyond guessing at any cost, so cost 10 would only add about 80 ms to every hash
 * and to every connection the server checks. The hash still keeps the secret out of the config file.
 */
export function hashPassword(password: string): string {
  return bcrypt.hashSync(password, 4);
}
