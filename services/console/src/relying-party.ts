/**
 * The console as an OpenID Connect client of its agency's provider (openid-client): authorization
 * code with PKCE, the token exchange, refresh and revocation, over TLS trusting the agency's CA.
 * The provider's metadata is fetched on first use and fetched again after a failure.
 */
import type * as oidc from 'openid-client';
import { consoleClientId } from '@concord/access';
import { Code, ConcordError } from '@concord/errors';

export interface RelyingPartyOptions {
  readonly issuer: string;
  readonly audience: string;
  /** The console's public URL: the callback is <url>/auth/callback. */
  readonly url: string;
  /** PEM of the agency's CA. */
  readonly ca: string;
}

export interface TokenSet {
  readonly accessToken: string;
  readonly refreshToken: string | undefined;
  readonly idToken: string | undefined;
  /** When the access token expires (ms since epoch). */
  readonly accessExpiresAt: number;
  readonly username: string;
  readonly name: string;
}

export interface RelyingParty {
  /** Where to send the browser to sign in, and the PKCE verifier to keep for the callback. */
  authorizationUrl(state: string, codeVerifier: string, uiLocales: string | undefined): Promise<URL>;
  exchangeCode(callbackUrl: URL, state: string, codeVerifier: string): Promise<TokenSet>;
  refresh(refreshToken: string): Promise<Omit<TokenSet, 'username' | 'name' | 'idToken'>>;
  revoke(refreshToken: string): Promise<void>;
  endSessionUrl(idToken: string | undefined, uiLocales: string | undefined): Promise<URL>;
}

const scope = 'openid profile concord';

/**
 * openid-client and undici (about 6 MB of heap together) load with the first sign-in, not in every
 * agency process that serves a console nobody has opened yet.
 */
async function clientLibraries(ca: string) {
  const [oidcClient, { Agent, fetch: undiciFetch }] = await Promise.all([import('openid-client'), import('undici')]);
  const agent = new Agent({ connect: { ca, minVersion: 'TLSv1.3' }, headersTimeout: 10_000, bodyTimeout: 10_000 });
  const fetchWithCa: oidc.CustomFetch = (url, init) => undiciFetch(url, { ...init, dispatcher: agent });
  return { oidc: oidcClient, fetchWithCa };
}

export function createRelyingParty(options: RelyingPartyOptions): RelyingParty {
  const redirectUri = new URL('/auth/callback', options.url).href;
  let libraries: ReturnType<typeof clientLibraries> | undefined;
  let discovered: Promise<oidc.Configuration> | undefined;
  /** The client library and the provider's metadata, both fetched on first use. */
  const provider = async () => {
    libraries ??= clientLibraries(options.ca);
    const { oidc, fetchWithCa } = await libraries;
    discovered ??= oidc.discovery(new URL(options.issuer), consoleClientId, { id_token_signed_response_alg: 'ES256' }, oidc.None(), { [oidc.customFetch]: fetchWithCa }).then((config) => {
      config[oidc.customFetch] = fetchWithCa;
      return config;
    });
    const config = await discovered.catch((error: unknown) => {
      discovered = undefined;
      throw new ConcordError(Code.Unavailable, `the sign-in provider ${options.issuer} is unreachable: ${ConcordError.from(error).message}`, { cause: error });
    });
    return { oidc, config };
  };
  const tokensOf = (answer: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers) => ({
    accessToken: answer.access_token,
    refreshToken: answer.refresh_token,
    accessExpiresAt: Date.now() + (answer.expiresIn() ?? 60) * 1000,
  });
  return {
    async authorizationUrl(state, codeVerifier, uiLocales) {
      const { oidc, config } = await provider();
      const parameters: Record<string, string> = {
        redirect_uri: redirectUri,
        scope,
        resource: options.audience,
        state,
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        ...(uiLocales ? { ui_locales: uiLocales } : {}),
      };
      return oidc.buildAuthorizationUrl(config, parameters);
    },
    async exchangeCode(callbackUrl, state, codeVerifier) {
      const { oidc, config } = await provider();
      const answer = await oidc.authorizationCodeGrant(config, callbackUrl, { pkceCodeVerifier: codeVerifier, expectedState: state, idTokenExpected: true }, { resource: options.audience });
      const claims = answer.claims();
      const username = typeof claims?.preferred_username === 'string' ? claims.preferred_username : (claims?.sub ?? '');
      return { ...tokensOf(answer), idToken: answer.id_token, username, name: typeof claims?.name === 'string' ? claims.name : username };
    },
    async refresh(refreshToken) {
      const { oidc, config } = await provider();
      return tokensOf(await oidc.refreshTokenGrant(config, refreshToken, { resource: options.audience }));
    },
    async revoke(refreshToken) {
      const { oidc, config } = await provider();
      await oidc.tokenRevocation(config, refreshToken, { token_type_hint: 'refresh_token' });
    },
    async endSessionUrl(idToken, uiLocales) {
      const { oidc, config } = await provider();
      return oidc.buildEndSessionUrl(config, { post_logout_redirect_uri: new URL('/', options.url).href, ...(idToken ? { id_token_hint: idToken } : {}), ...(uiLocales ? { ui_locales: uiLocales } : {}) });
    },
  };
}
