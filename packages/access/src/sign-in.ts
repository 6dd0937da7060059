/**
 * Signing in at an agency's issuer from a program (the CLI, tests): the embedded provider's password
 * grant for a terminal (username, password, TOTP code), and the refresh-token grant that keeps a
 * session alive. Tokens are what the issuer's token endpoint answered; nothing is decoded here.
 */
import { z } from 'zod';
import { Code, ConcordError } from '@concord/errors';
import { fetchJson } from './fetch-json.js';
import { discoverIssuer } from './issuer-keys.js';

/** The extension grant the embedded provider offers a terminal. */
export const passwordGrantType = 'urn:concord:params:oauth:grant-type:password';
/** The public client every Concord program signs in as. */
export const cliClientId = 'concord-cli';
/** The agency's web console: signs people in with the authorization code and PKCE. */
export const consoleClientId = 'concord-console';

export interface Session {
  readonly issuer: string;
  readonly accessToken: string;
  readonly refreshToken?: string;
  /** When the access token expires. */
  readonly expiresAt: string;
}

const tokenAnswerSchema = z.object({ access_token: z.string().min(1), refresh_token: z.string().optional(), expires_in: z.number().positive() });
const errorAnswerSchema = z.object({ error: z.string(), error_description: z.string().optional() });

export interface IssuerAccess {
  readonly issuer: string;
  readonly audience: string;
  readonly ca?: string;
  /** How long each request to the provider may take (5 s by default): a command passes its own deadline. */
  readonly timeoutMs?: number;
}

async function tokenRequest(access: IssuerAccess, form: Record<string, string>): Promise<Session> {
  const metadata = await discoverIssuer(access.issuer, access.ca, access.timeoutMs).catch((error: unknown) => {
    throw new ConcordError(Code.Unavailable, `the sign-in provider ${access.issuer} is unreachable: ${ConcordError.from(error).message}`);
  });
  const answer = await fetchJson(metadata.token_endpoint, { form: { client_id: cliClientId, resource: access.audience, ...form }, ...(access.ca ? { ca: access.ca } : {}), ...(access.timeoutMs ? { timeoutMs: access.timeoutMs } : {}) });
  const tokens = tokenAnswerSchema.safeParse(answer.body);
  if (answer.status === 200 && tokens.success) {
    return {
      issuer: access.issuer,
      accessToken: tokens.data.access_token,
      ...(tokens.data.refresh_token ? { refreshToken: tokens.data.refresh_token } : {}),
      expiresAt: new Date(Date.now() + tokens.data.expires_in * 1000).toISOString(),
    };
  }
  const refusal = errorAnswerSchema.safeParse(answer.body);
  const words = refusal.success ? (refusal.data.error_description ?? refusal.data.error) : `status ${answer.status}`;
  throw new ConcordError(answer.status >= 500 ? Code.Unavailable : Code.Unauthenticated, `sign-in refused by ${access.issuer}: ${words}`);
}

export function signInWithPassword(access: IssuerAccess, credentials: { username: string; password: string; totp?: string }): Promise<Session> {
  return tokenRequest(access, {
    grant_type: passwordGrantType,
    scope: 'openid offline_access',
    username: credentials.username,
    password: credentials.password,
    ...(credentials.totp ? { totp: credentials.totp } : {}),
  });
}

export async function refreshSession(access: IssuerAccess, session: Session): Promise<Session> {
  if (!session.refreshToken) throw new ConcordError(Code.Unauthenticated, `the session at ${access.issuer} has expired and cannot be refreshed: sign in again`);
  const next = await tokenRequest(access, { grant_type: 'refresh_token', refresh_token: session.refreshToken }).catch((error: unknown) => {
    const failure = ConcordError.from(error);
    if (failure.code !== Code.Unauthenticated) throw failure;
    throw new ConcordError(Code.Unauthenticated, `the session at ${access.issuer} has ended (${failure.message}): sign in again with concord login`);
  });
  return next.refreshToken ? next : { ...next, refreshToken: session.refreshToken };
}

/** A session that refreshes itself shortly before its access token expires. */
export function sessionTokens(access: IssuerAccess, first: Session, onRefresh?: (session: Session) => void | Promise<void>): () => Promise<string> {
  let session = first;
  let refreshing: Promise<Session> | undefined;
  return async () => {
    if (Date.parse(session.expiresAt) - Date.now() > 30_000) return session.accessToken;
    session = await (refreshing ??= refreshSession(access, session)
      .then(async (next) => {
        await onRefresh?.(next);
        return next;
      })
      .finally(() => (refreshing = undefined)));
    return session.accessToken;
  };
}
