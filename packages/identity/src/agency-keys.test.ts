import { chmod, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { initAgencyIdentity, loadAgencyIdentity } from './agency-keys.js';
import { publicKeyFromText, publicKeyTextProblem } from './public-key-text.js';
import { SignatureContext, signBytes, verifyBytes } from './signature.js';

const dirs: string[] = [];
const scratch = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'concord-keys-'));
  dirs.push(dir);
  return join(dir, 'keys');
};
afterEach(async () => Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true }))));

describe('agency identity', () => {
  it('is created once, owner-only, and loaded the same afterwards', async () => {
    const dir = await scratch();
    const first = await initAgencyIdentity(dir);
    const second = await initAgencyIdentity(dir);
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.identity.publicKeys).toEqual(first.identity.publicKeys);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(dir, 'signing-ed25519.pem'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'encryption-x25519.pem'))).mode & 0o777).toBe(0o600);
  });

  it('refuses a private key that others can read', async () => {
    const dir = await scratch();
    await initAgencyIdentity(dir);
    await chmod(join(dir, 'signing-ed25519.pem'), 0o644);
    await expect(loadAgencyIdentity(dir)).rejects.toThrow(/readable by others; run chmod 600/);
  });

  it('says NotFound when there is no identity yet', async () => {
    await expect(loadAgencyIdentity(await scratch())).rejects.toMatchObject({ code: 5 });
  });
});

describe('public key text', () => {
  it('round-trips through the manifest form and verifies signatures', async () => {
    const { identity } = await initAgencyIdentity(await scratch());
    const data = new TextEncoder().encode('event');
    const signature = signBytes(SignatureContext.Event, data, identity.signingKey);
    const key = publicKeyFromText(identity.publicKeys.signing, 'ed25519');
    expect(verifyBytes(SignatureContext.Event, data, signature, key)).toBe(true);
    expect(verifyBytes(SignatureContext.Event, new TextEncoder().encode('other'), signature, key)).toBe(false);
    expect(verifyBytes(SignatureContext.Event, data, 'c2hvcnQ', key)).toBe(false);
  });

  it('names what is wrong with a key text', () => {
    expect(publicKeyTextProblem('x25519:AAAA', 'ed25519')).toBe('must start with "ed25519:"');
    expect(publicKeyTextProblem('ed25519:short', 'ed25519')).toBe('must be 32 bytes in base64url (43 characters)');
    expect(publicKeyTextProblem(`ed25519:${'A'.repeat(43)}`, 'ed25519')).toBeUndefined();
  });
});
