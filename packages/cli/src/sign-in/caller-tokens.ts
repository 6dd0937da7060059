/** The signed-in person's tokens for the acting agency, refreshed and saved as they expire. */
import { sessionTokens, type IssuerAccess } from '@concord/access';
import { Code, ConcordError } from '@concord/errors';
import { loadSession, saveSession } from './session-store.js';

export async function callerTokens(agency: string, access: IssuerAccess): Promise<() => Promise<string>> {
  const stored = await loadSession(agency, access.issuer);
  if (!stored) throw new ConcordError(Code.Unauthenticated, `not signed in to ${agency}: run  concord login --agency ${agency}`);
  return sessionTokens(access, stored.session, (session) => saveSession({ ...stored, session }).then(() => undefined));
}
