/**
 * The console as an OpenID Connect client of its agency's provider (openid-client): authorization
 * code with PKCE, the token exchange, refresh and revocation, over TLS trusting the agency's CA.
 * The provider's metadata is fetched on first use and fetched again after a failure.
 */
import * as oidc from 'openid-client';
import { Agent, fetch as undiciFetch } from 'undici';
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

export function createRelyingParty(options: RelyingPartyOptions): RelyingParty {
  const agent = new Agent({ connect: { ca: options.ca, minVersion: 'TLSv1.3' }, headersTimeout: 10_000, bodyTimeout: 10_000 });
  const fetchWithCa: oidc.CustomFetch = (url, init) => undiciFetch(url, { ...init, dispatcher: agent });
  const redirectUri = new URL('/auth/callback', options.url).href;
  let discovered: Promise<oidc.Configuration> | undefined;
  const configuration = () => {
    discovered ??= oidc.discovery(new URL(options.issuer), consoleClientId, { id_token_signed_response_alg: 'ES256' }, oidc.None(), { [oidc.customFetch]: fetchWithCa }).then((config) => {
      config[oidc.customFetch] = fetchWithCa;
      return config;
    });
    return discovered.catch((error: unknown) => {
      discovered = undefined;
      throw new ConcordError(Code.Unavailable, `the sign-in provider ${options.issuer} is unreachable: ${ConcordError.from(error).message}`, { cause: error });
    });
  };
  const tokensOf = (answer: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers) => ({
    accessToken: answer.access_token,
    refreshToken: answer.refresh_token,
    accessExpiresAt: Date.now() + (answer.expiresIn() ?? 60) * 1000,
  });
  return {
    async authorizationUrl(state, codeVerifier, uiLocales) {
      const parameters: Record<string, string> = {
        redirect_uri: redirectUri,
        scope,
        resource: options.audience,
        state,
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        ...(uiLocales ? { ui_locales: uiLocales } : {}),
      };
      return oidc.buildAuthorizationUrl(await configuration(), parameters);
    },
    async exchangeCode(callbackUrl, state, codeVerifier) {
      const answer = await oidc.authorizationCodeGrant(await configuration(), callbackUrl, { pkceCodeVerifier: codeVerifier, expectedState: state, idTokenExpected: true }, { resource: options.audience });
      const claims = answer.claims();
      const username = typeof claims?.preferred_username === 'string' ? claims.preferred_username : (claims?.sub ?? '');
      return { ...tokensOf(answer), idToken: answer.id_token, username, name: typeof claims?.name === 'string' ? claims.name : username };
    },
    async refresh(refreshToken) {
      return tokensOf(await oidc.refreshTokenGrant(await configuration(), refreshToken, { resource: options.audience }));
    },
    async revoke(refreshToken) {
      await oidc.tokenRevocation(await configuration(), refreshToken, { token_type_hint: 'refresh_token' });
    },
    async endSessionUrl(idToken, uiLocales) {
      return oidc.buildEndSessionUrl(await configuration(), { post_logout_redirect_uri: new URL('/', options.url).href, ...(idToken ? { id_token_hint: idToken } : {}), ...(uiLocales ? { ui_locales: uiLocales } : {}) });
    },
  };
}
