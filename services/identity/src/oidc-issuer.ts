/**
 * The agency's embedded OpenID Connect provider (oidc-provider), served over HTTPS from the agency's
 * host. It signs people in from the agency's own user store and issues JWT access tokens for the
 * agency's services (audience `concord:<agency>`, at most 15 minutes) with the person's roles and
 * name, and refresh tokens. A terminal signs in with the password grant it offers (username,
 * password, TOTP code); the agency's console with the authorization code and PKCE, through the
 * sign-in page of ./sign-in/. Rotating the signing key swaps the provider in place, keeping sessions.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { JWK } from 'jose';
import Provider, { errors, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { cliClientId, consoleClientId, passwordGrantType } from '@concord/access';
import { Code, ConcordError } from '@concord/errors';
import type { Logger } from '@concord/service-kit';
import { ProviderStorage } from './provider-storage.js';
import type { UserStore } from './user-store.js';
import { interactionHandler, interactionPath } from './sign-in/interactions.js';
import { pickLocale, translator } from './sign-in/locale.js';
import { pageSecurityHeaders, signOutPage } from './sign-in/sign-in-page.js';

export const accessTokenSeconds = 900;
const refreshTokenSeconds = 12 * 3600;

export interface IssuerOptions {
  readonly agency: string;
  /** The issuer URL people and services use, such as https://127.0.0.1:7416. */
  readonly issuer: string;
  readonly audience: string;
  readonly listen: { readonly host: string; readonly port: number };
  readonly users: UserStore;
  readonly keys: readonly JWK[];
  /** The server's certificate and key (PEM). */
  readonly tls: { readonly cert: string; readonly key: string };
  readonly log: Logger;
  /** How long access tokens live (default 15 minutes; at most an hour). */
  readonly accessTokenSeconds?: number;
  /** The agency console's URL: registers it as a client that signs in with code + PKCE. */
  readonly consoleUrl?: string;
}

export interface RunningIssuer {
  readonly issuer: string;
  /** Serves with these keys from now on (newest first). */
  useKeys(keys: readonly JWK[]): void;
  stop(): Promise<void>;
}

function buildProvider(options: IssuerOptions, keys: readonly JWK[], cookieKeys: string[], storage: ProviderStorage): Provider {
  const { users, audience } = options;
  const accountOf = (subject: string) => {
    const user = users.bySubject(subject);
    return user && !user.disabled ? user : undefined;
  };
  const tokenSeconds = Math.min(options.accessTokenSeconds ?? accessTokenSeconds, 3600);
  const resourceServer = { scope: 'concord', audience, accessTokenTTL: tokenSeconds, accessTokenFormat: 'jwt' as const, jwt: { sign: { alg: 'ES256' as const } } };
  const consoleClient = options.consoleUrl
    ? [{ client_id: consoleClientId, token_endpoint_auth_method: 'none' as const, grant_types: ['authorization_code', 'refresh_token'], response_types: ['code' as const], redirect_uris: [new URL('/auth/callback', options.consoleUrl).href], post_logout_redirect_uris: [new URL('/', options.consoleUrl).href], id_token_signed_response_alg: 'ES256' as const }]
    : [];
  const configuration: Configuration = {
    adapter: storage.adapterFor,
    clients: [{ client_id: cliClientId, token_endpoint_auth_method: 'none', grant_types: [passwordGrantType, 'refresh_token'], response_types: [], redirect_uris: [], id_token_signed_response_alg: 'ES256' }, ...consoleClient],
    interactions: { url: (_ctx, interaction) => `${interactionPath}${interaction.uid}` },
    // The console is the agency's own client: what it may ask for is granted without a consent page.
    loadExistingGrant: async (ctx) => {
      const { client, session, result } = ctx.oidc;
      const grantId = result?.consent?.grantId ?? (client ? session?.grantIdFor(client.clientId) : undefined);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      if (client?.clientId !== consoleClientId || !session?.accountId) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: consoleClientId, accountId: session.accountId });
      grant.addOIDCScope('openid profile concord');
      grant.addResourceScope(audience, 'concord');
      await grant.save();
      return grant;
    },
    // The console keeps its session alive server-side with refresh tokens (bound to the sign-in session).
    issueRefreshToken: (_ctx, client, code) => client.grantTypeAllowed('refresh_token') && (code.scopes.has('offline_access') || client.clientId === consoleClientId),
    jwks: { keys: keys },
    cookies: { keys: cookieKeys },
    scopes: ['openid', 'offline_access', 'concord'],
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'] },
    findAccount: (_ctx, subject) => {
      const user = accountOf(subject);
      return user ? { accountId: subject, claims: () => ({ sub: subject, name: user.displayName, preferred_username: user.username }) } : undefined;
    },
    extraTokenClaims: (_ctx, token) => {
      const user = 'accountId' in token && typeof token.accountId === 'string' ? accountOf(token.accountId) : undefined;
      return user ? { roles: user.roles, name: user.displayName, preferred_username: user.username, agency: options.agency } : {};
    },
    features: {
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => audience,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, indicator) => {
          if (indicator !== audience) throw new errors.InvalidTarget(`this provider issues tokens for ${audience} only`);
          return resourceServer;
        },
      },
      revocation: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          const locale = pickLocale(ctx.oidc.params?.ui_locales);
          ctx.set(pageSecurityHeaders);
          ctx.body = signOutPage(locale, translator(locale), options.agency, form);
        },
      },
    },
    ttl: { AccessToken: tokenSeconds, RefreshToken: refreshTokenSeconds, Grant: refreshTokenSeconds, Session: refreshTokenSeconds, IdToken: accessTokenSeconds, Interaction: 600 },
    rotateRefreshToken: true,
    pkce: { required: () => true },
  };
  const provider = new Provider(options.issuer, configuration);
  provider.registerGrantType(
    passwordGrantType,
    async (ctx: KoaContextWithOIDC) => {
      const params = ctx.oidc.params as Record<string, string | undefined>;
      const client = ctx.oidc.client!;
      let user;
      try {
        user = await users.authenticate(params.username ?? '', params.password ?? '', params.totp);
      } catch (error) {
        const failure = ConcordError.from(error);
        options.log.info({ username: (params.username ?? '').slice(0, 64), reason: failure.message }, 'sign-in refused');
        throw new errors.CustomOIDCProviderError('invalid_grant', failure.code === Code.Unauthenticated ? failure.message : 'sign-in failed');
      }
      const grant = new provider.Grant({ accountId: user.subject, clientId: client.clientId });
      grant.addOIDCScope('openid offline_access');
      grant.addResourceScope(audience, 'concord');
      const grantId = await grant.save();
      const accessToken = new provider.AccessToken({ accountId: user.subject, client, grantId, gty: 'password', scope: 'concord' });
      accessToken.resourceServer = new provider.ResourceServer(audience, resourceServer);
      const refreshToken = new provider.RefreshToken({ accountId: user.subject, client, grantId, gty: 'password', scope: 'openid offline_access', resource: audience, rotations: 0 });
      ctx.body = { access_token: await accessToken.save(), token_type: 'Bearer', expires_in: accessToken.expiration, refresh_token: await refreshToken.save(), scope: 'concord' };
      options.log.info({ user: user.subject }, 'signed in');
    },
    ['username', 'password', 'totp', 'scope', 'resource'],
  );
  return provider;
}

export async function startIssuer(options: IssuerOptions): Promise<RunningIssuer> {
  const cookieKeys = [randomBytes(32).toString('base64url')];
  const storage = new ProviderStorage();
  let provider = buildProvider(options, options.keys, cookieKeys, storage);
  let handler = provider.callback();
  const interactions = interactionHandler(() => provider, options);
  const serve = (req: IncomingMessage, res: ServerResponse) => void (req.url?.startsWith(interactionPath) ? interactions(req, res) : handler(req, res));
  const server: Server = createHttpsServer({ cert: options.tls.cert, key: options.tls.key, minVersion: 'TLSv1.3' }, serve);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(new ConcordError(Code.Unavailable, `cannot listen for sign-in on ${options.listen.host}:${options.listen.port}: ${error.message}`, { cause: error })));
    server.listen(options.listen.port, options.listen.host, resolve);
  });
  return {
    issuer: options.issuer,
    useKeys: (keys) => {
      provider = buildProvider(options, keys, cookieKeys, storage);
      handler = provider.callback();
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
