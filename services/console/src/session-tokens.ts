/**
 * The bearer token of a browser's session: the access token, refreshed server-side shortly before
 * it expires (one refresh at a time per session). A missing, ended or unrefreshable session is
 * `unauthenticated`, so the page can send the person to /auth/login and back.
 */
import { Code, ConcordError } from '@concord/errors';
import type { Logger } from '@concord/service-kit';
import type { RelyingParty } from './relying-party.js';
import type { ConsoleSession, SessionStore } from './sessions.js';

const refreshAheadMs = 30_000;

export type SessionTokens = (sessionId: string | undefined) => Promise<{ session: ConsoleSession; token: string }>;

export function sessionTokens(sessions: SessionStore, rp: RelyingParty, log: Logger, now: () => number = Date.now): SessionTokens {
  const refreshing = new Map<string, Promise<void>>();
  const refresh = async (session: ConsoleSession) => {
    if (!session.refreshToken) throw new Error('no refresh token');
    const next = await rp.refresh(session.refreshToken);
    session.accessToken = next.accessToken;
    session.refreshToken = next.refreshToken ?? session.refreshToken;
    session.accessExpiresAt = next.accessExpiresAt;
  };
  return async (sessionId) => {
    const session = sessions.get(sessionId);
    if (!session) throw new ConcordError(Code.Unauthenticated, 'not signed in to the console, or the session has ended: sign in again');
    if (session.accessExpiresAt - refreshAheadMs <= now()) {
      let pending = refreshing.get(session.id);
      if (!pending) {
        pending = refresh(session).finally(() => refreshing.delete(session.id));
        refreshing.set(session.id, pending);
      }
      try {
        await pending;
      } catch (error) {
        sessions.delete(session.id);
        log.info({ user: session.username, reason: ConcordError.from(error).message }, 'console session ended: its refresh was refused');
        throw new ConcordError(Code.Unauthenticated, 'the console session has ended: sign in again');
      }
    }
    return { session, token: session.accessToken };
  };
}
