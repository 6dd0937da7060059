/**
 * The first admin of an agency's embedded provider, made on first start so that someone can sign in
 * and add the others: username `admin`, a random password written owner-only beside the users file.
 * The admin also holds supervisor and debrief, so a local trial can run every walk-through; a real
 * agency adds named people and disables this account.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { writePrivateFile } from '@concord/private-files';
import { loadSigningKeys, signingKeysFileOf } from './signing-keys.js';
import { identityDirOf, usersFileOf, UserStore } from './user-store.js';

export const bootstrapUsername = 'admin';
export const bootstrapPasswordFileOf = (agencyDir: string) => join(identityDirOf(agencyDir), 'admin.password');

/**
 * Creates the first admin when the agency has no user yet, and the provider's first signing key;
 * returns the admin's password file either way.
 */
export async function ensureBootstrapAdmin(agencyDir: string, agency: string): Promise<{ username: string; passwordFile: string; created: boolean }> {
  await loadSigningKeys(signingKeysFileOf(identityDirOf(agencyDir)));
  const passwordFile = bootstrapPasswordFileOf(agencyDir);
  const users = await UserStore.open(usersFileOf(agencyDir), agency);
  if (users.list().length > 0) return { username: bootstrapUsername, passwordFile, created: false };
  const password = randomBytes(18).toString('base64url');
  await users.add({ username: bootstrapUsername, displayName: `${agency} administrator`, roles: ['admin', 'supervisor', 'debrief'], password });
  await writePrivateFile(passwordFile, `${password}\n`);
  return { username: bootstrapUsername, passwordFile, created: true };
}
