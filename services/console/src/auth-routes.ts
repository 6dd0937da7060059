/**
 * The console's sign-in routes. `GET /auth/login?return=<path>[&ui_locales=<tags>]` begins the
 * authorization code + PKCE at the agency's provider; `GET /auth/callback` ends it and sets the
 * session cookie; `POST /auth/logout` revokes the session and ends it at the provider too;
 * `GET /auth/session` says who is signed in (asked of the agency's own AccessService, so the roles
 * are the ones its guard applies), or answers 401.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ConcordError } from '@concord/errors';
import type { Logger } from '@concord/service-kit';
import { AccessService } from '@concord/web-contracts';
import { create } from '@bufbuild/protobuf';
import { WhoAmIRequestSchema } from '@concord/web-contracts/access';
import { clearCookie, requestCookie, sessionCookie, setCookie, signInCookie } from './cookies.js';
import type { Gateway } from './grpc-gateway.js';
import type { RelyingParty } from './relying-party.js';
import type { SessionTokens } from './session-tokens.js';
import { json, refuseSession } from './json-response.js';
import { errorPage } from './server-language.js';
import type { SessionStore } from './sessions.js';

export interface AgencyListing {
  readonly id: string;
  readonly name: string;
  readonly role: string;
  readonly timeZone: string;
}

export interface AuthRoutesOptions {
  readonly agency: string;
  readonly agencies: readonly AgencyListing[];
  readonly url: string;
  readonly sessions: SessionStore;
  readonly relyingParty: RelyingParty;
  readonly tokens: SessionTokens;
  readonly gateway: Gateway;
  readonly log: Logger;
}

/** Only a path on this console: never another host (`//evil`, `/\evil`), so sign-in cannot redirect away. */
const returnPathSchema = z
  .string()
  .max(2048)
  .regex(/^\/(?![/\\])[^\s]*$/, 'must be a path on this console')
  .default('/');
const uiLocalesSchema = z.string().regex(/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*( [A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*){0,4}$/).optional();
const loginQuerySchema = z.object({ return: returnPathSchema, ui_locales: uiLocalesSchema });
const signInMinutes = 10;

function redirect(res: ServerResponse, location: string, cookies: string[] = []): void {
  res.writeHead(303, { location, 'cache-control': 'no-store', ...(cookies.length ? { 'set-cookie': cookies } : {}) }).end();
}

/** The console's language preference, else the browser's (Accept-Language), for the provider's page. */
function uiLocalesOf(req: IncomingMessage, asked: string | undefined): string | undefined {
  if (asked) return asked;
  const tags = (req.headers['accept-language'] ?? '')
    .split(',')
    .slice(0, 5)
    .map((part) => part.split(';')[0]!.trim())
    .filter((tag) => /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(tag));
  return tags.length ? tags.join(' ') : undefined;
}

export function authRoutes(options: AuthRoutesOptions) {
  const { sessions, relyingParty, log } = options;

  async function login(req: IncomingMessage, res: ServerResponse, query: URLSearchParams): Promise<void> {
    const parsed = loginQuerySchema.safeParse({ return: query.get('return') ?? undefined, ui_locales: query.get('ui_locales') ?? undefined });
    if (!parsed.success) return errorPage(req, res, 400, 'badSignIn', { detail: parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ') });
    const pending = sessions.beginSignIn({ codeVerifier: pkceCodeVerifier(), returnTo: parsed.data.return });
    const target = await relyingParty.authorizationUrl(pending.state, pending.codeVerifier, uiLocalesOf(req, parsed.data.ui_locales));
    redirect(res, target.href, [setCookie(signInCookie, pending.state, { sameSite: 'Lax', maxAgeSeconds: signInMinutes * 60 })]);
  }

  async function callback(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const state = url.searchParams.get('state') ?? '';
    // The state must be the one this browser began: a callback planted by someone else finds nothing.
    const pending = state && requestCookie(req, signInCookie) === state ? sessions.finishSignIn(state) : undefined;
    if (!pending) return errorPage(req, res, 400, 'signInNotBegun');
    let tokens;
    try {
      tokens = await relyingParty.exchangeCode(url, pending.state, pending.codeVerifier);
    } catch (error) {
      log.info({ reason: ConcordError.from(error).message }, 'console sign-in failed at the callback');
      return errorPage(req, res, 401, 'signInFailed');
    }
    const session = sessions.create({ ...tokens, endsAt: Date.now() + 12 * 3600_000 });
    log.info({ user: tokens.username }, 'signed in to the console');
    redirect(res, pending.returnTo, [setCookie(sessionCookie, session.id, { sameSite: 'Strict' }), clearCookie(signInCookie)]);
  }

  async function logout(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const session = sessions.get(requestCookie(req, sessionCookie));
    if (!session) return redirect(res, '/', [clearCookie(sessionCookie)]);
    sessions.delete(session.id);
    if (session.refreshToken) await relyingParty.revoke(session.refreshToken).catch((error: unknown) => log.warn({ reason: ConcordError.from(error).message }, 'could not revoke a console refresh token'));
    log.info({ user: session.username }, 'signed out of the console');
    // The provider ends its own session too, so the next person at this browser must sign in.
    redirect(res, (await relyingParty.endSessionUrl(session.idToken, uiLocalesOf(req, undefined))).href, [clearCookie(sessionCookie)]);
  }

  async function whoAmI(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let current;
    try {
      current = await options.tokens(requestCookie(req, sessionCookie));
    } catch (error) {
      return refuseSession(res, error);
    }
    const me = await options.gateway.unary('identity', AccessService.method.whoAmI, create(WhoAmIRequestSchema), current.token);
    json(res, 200, { username: current.session.username, name: me.displayName || current.session.name, roles: me.roles, agency: options.agency, agencies: options.agencies });
  }

  /** Handles /auth/*; answers false for any other path. */
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    const route = `${req.method ?? ''} ${url.pathname}`;
    switch (route) {
      case 'GET /auth/login':
        await login(req, res, url.searchParams);
        return true;
      case 'GET /auth/callback':
        await callback(req, res, new URL(`${url.pathname}${url.search}`, options.url));
        return true;
      case 'POST /auth/logout':
        await logout(req, res);
        return true;
      case 'GET /auth/session':
        await whoAmI(req, res);
        return true;
      default:
        if (!url.pathname.startsWith('/auth/')) return false;
        errorPage(req, res, 404, 'noRoute', { route });
        return true;
    }
  };
}

/**
 * An RFC 7636 code verifier: 32 random bytes, base64url (43 characters), as openid-client's
 * randomPKCECodeVerifier makes it; made here so the client library loads only with the first sign-in.
 */
function pkceCodeVerifier(): string {
  return randomBytes(32).toString('base64url');
}
