import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { Code } from '@concord/errors';
import { createTokenVerifier, type TokenSettings } from './token-verifier.js';

const settings: TokenSettings = { agency: 'AU', issuer: 'https://sign-in.au.example', audience: 'concord:AU', rolesClaim: 'realm_access.roles' };

describe('token verifier', () => {
  let sign: (claims: JWTPayload, lifetime?: number, issuedAgo?: number) => Promise<string>;
  let verifier: ReturnType<typeof createTokenVerifier>;
  let keyLookups = 0;

  beforeAll(async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' };
    const local = createLocalJWKSet({ keys: [jwk] });
    verifier = createTokenVerifier(settings, {
      getKey: (header, token) => {
        keyLookups++;
        return local(header, token);
      },
      loaded: true,
    });
    sign = (claims, lifetime = 600, issuedAgo = 0) => {
      const iat = Math.floor(Date.now() / 1000) - issuedAgo;
      return new SignJWT({ iss: settings.issuer, aud: settings.audience, sub: 'u-1', ...claims }).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setIssuedAt(iat).setExpirationTime(iat + lifetime).sign(privateKey);
    };
  });

  it('names the caller and reads roles from a configured claim path (Keycloak style), supervisor implying planner and analyst', async () => {
    const caller = await verifier.verify(await sign({ name: 'Insp. Wibowo', realm_access: { roles: ['supervisor', 'offline_access'] } }));
    expect(caller).toMatchObject({ agency: 'AU', subject: 'u-1', name: 'Insp. Wibowo' });
    expect([...caller.roles].sort()).toEqual(['analyst', 'planner', 'supervisor']);
  });

  it('checks the signature of a token once; its next calls reuse the result until it expires', async () => {
    const token = await sign({ roles: ['viewer'] });
    const before = keyLookups;
    await verifier.verify(token);
    await verifier.verify(token);
    await verifier.verify(token);
    expect(keyLookups - before).toBe(1);
  });

  it.each([
    ['another audience', { aud: 'concord:ID' }, 600, 0, "not meant for AU's services"],
    ['another issuer', { iss: 'https://sign-in.id.example' }, 600, 0, "not issued by AU's sign-in"],
    ['an expired token', {}, 60, 120, 'has expired'],
    ['a token living longer than an hour', {}, 7200, 0, 'at most 3600 s'],
  ])('refuses %s with the reason', async (_what, claims, lifetime, ago, reason) => {
    await expect(verifier.verify(await sign(claims, lifetime, ago))).rejects.toMatchObject({ code: Code.Unauthenticated, message: expect.stringContaining(reason) });
  });
});
