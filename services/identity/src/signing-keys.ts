/**
 * The provider's token-signing keys (ES256), newest first, in the agency's data directory
 * (`identity/signing-keys.json`, owner-only). Rotation puts a new key in front, which signs from then
 * on; the one before stays published so that tokens it signed verify until they expire.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import { z } from 'zod';
import { ConcordError } from '@concord/errors';
import { writePrivateFile } from '@concord/private-files';

/** Keys kept: the signing one and the one before it. */
const keptKeys = 2;

const fileSchema = z.object({ keys: z.array(z.record(z.string(), z.unknown())).min(1) });

export const signingKeysFileOf = (identityDir: string) => join(identityDir, 'signing-keys.json');

async function newKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: 'ES256', use: 'sig' };
}

const save = (path: string, keys: readonly JWK[]) => writePrivateFile(path, `${JSON.stringify({ keys }, null, 2)}\n`);

/** The keys on disk, made on first use. */
export async function loadSigningKeys(path: string): Promise<JWK[]> {
  try {
    const parsed = fileSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
    if (!parsed.success) throw new Error(`${path} is not a key set`);
    return parsed.data.keys;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw ConcordError.from(error);
    const keys = [await newKey()];
    await save(path, keys);
    return keys;
  }
}

export async function rotateSigningKeys(path: string): Promise<JWK[]> {
  const keys = [await newKey(), ...(await loadSigningKeys(path))].slice(0, keptKeys);
  await save(path, keys);
  return keys;
}
