/**
 * The signing keys of an OpenID Connect issuer, as a verifier needs them: discovered once, then kept.
 * A token signed with a key not yet seen makes it fetch the key set again (the issuer rotated), at
 * most once per cooldown; a failed fetch keeps the keys it had, so while the issuer is unreachable,
 * tokens it signed before stay verifiable until they expire.
 */
import { createLocalJWKSet, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { Code, ConcordError } from '@concord/errors';
import { fetchJson } from './fetch-json.js';

const discoverySchema = z.object({ issuer: z.string(), jwks_uri: z.string(), token_endpoint: z.string() });
const jwksSchema = z.object({ keys: z.array(z.record(z.string(), z.unknown())) });

export type IssuerMetadata = z.infer<typeof discoverySchema>;

/** The issuer's discovery document; its `issuer` must be the one asked for. */
export async function discoverIssuer(issuer: string, ca?: string, timeoutMs?: number): Promise<IssuerMetadata> {
  const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  const response = await fetchJson(url, { ...(ca ? { ca } : {}), ...(timeoutMs ? { timeoutMs } : {}) });
  const parsed = discoverySchema.safeParse(response.body);
  if (response.status !== 200 || !parsed.success) throw new ConcordError(Code.Unavailable, `${url} answered ${response.status} without an OpenID configuration`);
  if (parsed.data.issuer !== issuer) throw new ConcordError(Code.FailedPrecondition, `${url} names the issuer ${parsed.data.issuer}, not ${issuer}`);
  return parsed.data;
}

export interface IssuerKeys {
  readonly getKey: JWTVerifyGetKey;
  /** Whether any key set was ever fetched. */
  readonly loaded: boolean;
}

export function issuerKeys(issuer: string, options: { ca?: string; cooldownMs?: number } = {}): IssuerKeys {
  const cooldownMs = options.cooldownMs ?? 5_000;
  let local: JWTVerifyGetKey | undefined;
  let kids = new Set<string>();
  let lastFetch = 0;
  let fetching: Promise<void> | undefined;

  const refresh = () =>
    (fetching ??= (async () => {
      lastFetch = Date.now();
      const metadata = await discoverIssuer(issuer, options.ca);
      const response = await fetchJson(metadata.jwks_uri, options.ca ? { ca: options.ca } : {});
      const parsed = jwksSchema.safeParse(response.body);
      if (response.status !== 200 || !parsed.success) throw new ConcordError(Code.Unavailable, `${metadata.jwks_uri} answered ${response.status} without a key set`);
      const jwks = parsed.data;
      local = createLocalJWKSet(jwks);
      kids = new Set(jwks.keys.map((k) => k.kid).filter((k): k is string => typeof k === 'string'));
    })().finally(() => (fetching = undefined)));

  return {
    get loaded() {
      return local !== undefined;
    },
    getKey: async (header, token) => {
      const known = header.kid !== undefined && kids.has(header.kid);
      if (!local || (!known && Date.now() - lastFetch >= cooldownMs)) {
        try {
          await refresh();
        } catch (error) {
          if (!local) throw new ConcordError(Code.Unauthenticated, `cannot check the token: the issuer ${issuer} is unreachable (${ConcordError.from(error).message})`);
        }
      }
      return local!(header, token);
    },
  };
}
