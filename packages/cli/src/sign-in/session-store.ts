/**
 * Where the CLI keeps a person's sessions: one file per agency and issuer in the user's config
 * directory (`$CONCORD_CONFIG_DIR`, else `$XDG_CONFIG_HOME/concord`, else `~/.config/concord`),
 * owner-only, rewritten when a token refreshes. Only tokens: never a password.
 */
import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { writePrivateFile } from '@concord/private-files';

export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CONCORD_CONFIG_DIR) return env.CONCORD_CONFIG_DIR;
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'concord');
}

const storedSchema = z.object({
  agency: z.string(),
  username: z.string(),
  session: z.object({ issuer: z.string(), accessToken: z.string(), refreshToken: z.string().optional(), expiresAt: z.string() }),
});
export type StoredSession = z.infer<typeof storedSchema>;

const fileOf = (agency: string, issuer: string) => join(configDir(), 'sessions', `${agency}-${createHash('sha256').update(issuer).digest('hex').slice(0, 12)}.json`);

export async function loadSession(agency: string, issuer: string): Promise<StoredSession | undefined> {
  try {
    const parsed = storedSchema.safeParse(JSON.parse(await readFile(fileOf(agency, issuer), 'utf8')));
    return parsed.success && parsed.data.session.issuer === issuer ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export async function saveSession(stored: StoredSession): Promise<string> {
  const path = fileOf(stored.agency, stored.session.issuer);
  await writePrivateFile(path, `${JSON.stringify(stored, null, 2)}\n`);
  return path;
}

export async function removeSession(agency: string, issuer: string): Promise<boolean> {
  const path = fileOf(agency, issuer);
  const existed = (await loadSession(agency, issuer)) !== undefined;
  await rm(path, { force: true });
  return existed;
}
