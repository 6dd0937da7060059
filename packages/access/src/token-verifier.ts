/**
 * Checks a bearer token (a JWT access token) against the agency's own issuer: signature by a key the
 * issuer publishes, issuer, audience, expiry no more than an hour after issue, and the roles from a
 * configurable claim (`roles`, or `realm_access.roles` for Keycloak). A token of another agency fails
 * on its issuer. Every refusal says why in words.
 */
import { decodeJwt, errors, jwtVerify, type JWTPayload } from 'jose';
import { Code, ConcordError } from '@concord/errors';
import type { Caller } from './caller.js';
import { issuerKeys, type IssuerKeys } from './issuer-keys.js';
import { effectiveRoles } from './roles.js';

export interface TokenSettings {
  readonly agency: string;
  readonly issuer: string;
  readonly audience: string;
  /** Dot path of the claim that lists roles. */
  readonly rolesClaim: string;
  /** A private CA the issuer's certificate chains to. */
  readonly ca?: string;
}

/** The longest a token may live, issue to expiry. */
export const maxTokenLifetimeSeconds = 3600;

export interface TokenVerifier {
  verify(token: string): Promise<Caller>;
}

function claimAt(payload: JWTPayload, path: string): unknown {
  let value: unknown = payload;
  for (const key of path.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return value;
}

const unauthenticated = (reason: string) => new ConcordError(Code.Unauthenticated, reason);

/** The issuer a token names, unverified: only to word a refusal. */
function claimedIssuer(token: string): string | undefined {
  try {
    const iss = decodeJwt(token).iss;
    return typeof iss === 'string' ? iss.slice(0, 200) : undefined;
  } catch {
    return undefined;
  }
}

function reasonOf(error: unknown, settings: TokenSettings, token: string): ConcordError {
  const claimed = claimedIssuer(token);
  if (claimed !== undefined && claimed !== settings.issuer) return unauthenticated(`the token was not issued by ${settings.agency}'s sign-in (${settings.issuer}) but by ${claimed}`);
  if (error instanceof ConcordError) return error;
  if (error instanceof errors.JWTExpired) return unauthenticated('the token has expired: sign in again (concord login)');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return unauthenticated(`the token was not issued by ${settings.agency}'s sign-in (${settings.issuer})`);
    if (error.claim === 'aud') return unauthenticated(`the token is not meant for ${settings.agency}'s services (audience ${settings.audience})`);
    return unauthenticated(`the token's ${error.claim} claim is not acceptable: ${error.reason}`);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return unauthenticated('the token\'s signature does not verify: it was altered or not signed by the issuer');
  if (error instanceof errors.JWKSNoMatchingKey) return unauthenticated(`the token was signed with a key ${settings.issuer} does not publish`);
  if (error instanceof errors.JOSEError) return unauthenticated(`the token is malformed (${error.code})`);
  return unauthenticated('the token cannot be checked');
}

/** Tokens already verified, kept until they expire: a person's next calls skip the signature check. */
const maxRemembered = 10_000;

export function createTokenVerifier(settings: TokenSettings, keys: IssuerKeys = issuerKeys(settings.issuer, settings.ca ? { ca: settings.ca } : {})): TokenVerifier {
  const verified = new Map<string, Caller>();
  const remember = (token: string, caller: Caller) => {
    if (verified.size >= maxRemembered) verified.delete(verified.keys().next().value!);
    verified.set(token, caller);
  };
  return {
    async verify(token) {
      // The same bytes verified before, and not yet expired: the same caller. Whether the person was
      // disabled since is checked on every call by the guard, not here.
      const known = verified.get(token);
      if (known) {
        if (known.expiresAt.getTime() > Date.now()) return known;
        verified.delete(token);
      }
      try {
        const { payload } = await jwtVerify(token, keys.getKey, {
          issuer: settings.issuer,
          audience: settings.audience,
          requiredClaims: ['exp', 'iat', 'sub'],
          algorithms: ['ES256', 'RS256', 'PS256', 'EdDSA'],
          clockTolerance: 5,
        });
        if (payload.exp! - payload.iat! > maxTokenLifetimeSeconds) throw unauthenticated(`the token lives ${payload.exp! - payload.iat!} s; at most ${maxTokenLifetimeSeconds} s is accepted`);
        const rawRoles = claimAt(payload, settings.rolesClaim);
        const names = Array.isArray(rawRoles) ? rawRoles.filter((r): r is string => typeof r === 'string') : [];
        const name = [payload.name, payload.preferred_username, payload.sub].find((v): v is string => typeof v === 'string' && v.length > 0)!;
        const username = typeof payload.preferred_username === 'string' && payload.preferred_username ? payload.preferred_username : payload.sub!;
        const caller: Caller = { agency: settings.agency, subject: payload.sub!, username: username.slice(0, 200), name: name.slice(0, 200), roles: effectiveRoles(names), issuer: settings.issuer, expiresAt: new Date(payload.exp! * 1000) };
        remember(token, caller);
        return caller;
      } catch (error) {
        throw reasonOf(error, settings, token);
      }
    },
  };
}
