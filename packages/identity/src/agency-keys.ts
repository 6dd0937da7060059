/**
 * An agency's identity: an Ed25519 key that signs everything it shares and an X25519 key that
 * intelligence is sealed to. Private halves live in the agency's own data directory, readable by
 * the owner only; the public halves are what the federation manifest lists and others trust.
 */
import { generateKeyPairSync, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { mkdir, readFile, writeFile, chmod, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Code, ConcordError } from '@concord/errors';
import { KeyKind, publicKeyToText } from './public-key-text.js';

export interface AgencyPublicKeys {
  readonly signing: string;
  readonly encryption: string;
}

export interface AgencyIdentity {
  readonly signingKey: KeyObject;
  readonly encryptionKey: KeyObject;
  readonly publicKeys: AgencyPublicKeys;
}

const files = { signing: 'signing-ed25519.pem', encryption: 'encryption-x25519.pem' } as const;

function identityOf(signingKey: KeyObject, encryptionKey: KeyObject): AgencyIdentity {
  return {
    signingKey,
    encryptionKey,
    publicKeys: {
      signing: publicKeyToText(createPublicKey(signingKey), KeyKind.Signing),
      encryption: publicKeyToText(createPublicKey(encryptionKey), KeyKind.Encryption),
    },
  };
}

export function generateAgencyIdentity(): AgencyIdentity {
  return identityOf(generateKeyPairSync('ed25519').privateKey, generateKeyPairSync('x25519').privateKey);
}

/** Loads the identity kept in `dir`; NotFound when it was never created. */
export async function loadAgencyIdentity(dir: string): Promise<AgencyIdentity> {
  const read = async (name: string): Promise<KeyObject> => {
    const path = join(dir, name);
    try {
      const info = await stat(path);
      if ((info.mode & 0o077) !== 0) {
        throw new ConcordError(Code.PermissionDenied, `${path} is readable by others; run chmod 600 on it`);
      }
      return createPrivateKey(await readFile(path));
    } catch (error) {
      if (error instanceof ConcordError) throw error;
      throw ConcordError.from(error);
    }
  };
  const signingKey = await read(files.signing);
  const encryptionKey = await read(files.encryption);
  if (signingKey.asymmetricKeyType !== 'ed25519' || encryptionKey.asymmetricKeyType !== 'x25519') {
    throw new ConcordError(Code.FailedPrecondition, `the keys in ${dir} are not an Ed25519 and an X25519 key`);
  }
  return identityOf(signingKey, encryptionKey);
}

/** Creates the identity in `dir` unless one is there already; either way returns it. */
export async function initAgencyIdentity(dir: string): Promise<{ identity: AgencyIdentity; created: boolean }> {
  try {
    return { identity: await loadAgencyIdentity(dir), created: false };
  } catch (error) {
    if (!(error instanceof ConcordError && error.code === Code.NotFound)) throw error;
  }
  const identity = generateAgencyIdentity();
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const pem = (key: KeyObject) => key.export({ format: 'pem', type: 'pkcs8' });
  // 'wx' refuses to overwrite: two processes racing here cannot replace each other's key.
  await writeFile(join(dir, files.signing), pem(identity.signingKey), { mode: 0o600, flag: 'wx' });
  await writeFile(join(dir, files.encryption), pem(identity.encryptionKey), { mode: 0o600, flag: 'wx' });
  return { identity, created: true };
}
