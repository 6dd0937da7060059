import { status } from '@grpc/grpc-js';
import { decodeProtectedHeader } from 'jose';
import { URI } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchJson, signInWithPassword } from '@concord/access';
import { callUnary } from '@concord/service-kit';
import { TestFederation, waitFor } from '@concord/testkit';
import { person, rawCall, targetOf, type Target } from './access-helpers.js';

const listOperations = { path: '/concord.v1.PlanningService/ListOperations', serverStream: false };
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('token lifecycle at a real provider: expiry and refresh, a disabled person, a rotated signing key, an unreachable issuer', () => {
  let federation: TestFederation;
  let planning: Target;
  const admin = () => federation.accessClient('AU');

  beforeAll(async () => {
    // Access tokens live 3 s here (15 minutes by default), so expiry can be watched.
    federation = await TestFederation.start({ agencies: ['AU', 'ID'], services: ['AU'], identity: { accessTokenSeconds: 3 } });
    planning = targetOf(federation, 'AU', 'planning');
  });
  afterAll(() => federation?.stop());

  it('an expired access token is refused; the session refreshes itself and goes on', async () => {
    const tokens = await person(federation, 'AU', 'eve', ['planner']);
    const first = await tokens();
    expect(await rawCall(planning, listOperations, first)).toEqual({ code: status.OK, details: '' });
    await delay(3_000 + 5_000 + 500); // the lifetime, then the verifier's clock tolerance
    expect(await rawCall(planning, listOperations, first)).toEqual({ code: status.UNAUTHENTICATED, details: expect.stringContaining('has expired') });
    const refreshed = await tokens();
    expect(refreshed).not.toBe(first);
    expect(await rawCall(planning, listOperations, refreshed)).toEqual({ code: status.OK, details: '' });
  });

  it('a disabled person is refused within seconds, even with a token still valid, and can neither refresh nor sign in', async () => {
    const tokens = await person(federation, 'AU', 'dan', ['planner']);
    const token = await tokens();
    expect(await rawCall(planning, listOperations, token)).toEqual({ code: status.OK, details: '' });
    const client = admin();
    await callUnary(client, 'disableUser', { username: 'dan' });
    const disabledAt = Date.now();
    await waitFor(async () => expect(await rawCall(planning, listOperations, token)).toEqual({ code: status.UNAUTHENTICATED, details: expect.stringContaining('is disabled') }), 60_000);
    expect(Date.now() - disabledAt).toBeLessThan(60_000);
    const access = federation.issuerAccess('AU');
    await expect(signInWithPassword(access, { username: 'dan', password: 'pw-dan-0123456789' })).rejects.toThrow(/dan is disabled/);
    await delay(3_500);
    await expect(tokens()).rejects.toMatchObject({ code: status.UNAUTHENTICATED });
    await callUnary(client, 'enableUser', { username: 'dan' });
    const again = await signInWithPassword(access, { username: 'dan', password: 'pw-dan-0123456789' });
    await waitFor(async () => expect(await rawCall(planning, listOperations, again.accessToken)).toEqual({ code: status.OK, details: '' }));
    client.close();
  });

  it('after the issuer rotates its signing key, tokens of both keys are accepted', async () => {
    const before = await signInWithPassword(federation.issuerAccess('AU'), { username: 'eve', password: 'pw-eve-0123456789' });
    const client = admin();
    const rotated = await callUnary(client, 'rotateSigningKey', {});
    client.close();
    const after = await signInWithPassword(federation.issuerAccess('AU'), { username: 'eve', password: 'pw-eve-0123456789' });
    expect(decodeProtectedHeader(after.accessToken).kid).toBe(rotated.keyId);
    expect(decodeProtectedHeader(before.accessToken).kid).not.toBe(rotated.keyId);
    expect(rotated.publishedKeyIds).toEqual([rotated.keyId, decodeProtectedHeader(before.accessToken).kid]);
    const jwks = (await fetchJson(`${federation.issuerAccess('AU').issuer}/jwks`, { ca: federation.ca('AU') })).body as { keys: Array<{ kid: string; d?: string }> };
    expect(jwks.keys.map((k) => k.kid)).toEqual(rotated.publishedKeyIds);
    expect(jwks.keys.every((k) => k.d === undefined)).toBe(true);
    expect(await rawCall(planning, listOperations, after.accessToken)).toEqual({ code: status.OK, details: '' });
    expect(await rawCall(planning, listOperations, before.accessToken)).toEqual({ code: status.OK, details: '' });
  });

  it('a person with a TOTP second factor signs in only with the current code', async () => {
    const client = admin();
    const added = await callUnary(client, 'addUser', { username: 'tara', displayName: 'Tara', roles: ['analyst'], password: 'pw-tara-0123456789', withTotp: true });
    client.close();
    expect(added.user?.totp).toBe(true);
    const totp = URI.parse(added.totpUri);
    const access = federation.issuerAccess('AU');
    await expect(signInWithPassword(access, { username: 'tara', password: 'pw-tara-0123456789' })).rejects.toThrow(/tara needs a TOTP code/);
    await expect(signInWithPassword(access, { username: 'tara', password: 'pw-tara-0123456789', totp: '000000' === totp.generate() ? '111111' : '000000' })).rejects.toThrow(/wrong TOTP code/);
    await expect(signInWithPassword(access, { username: 'tara', password: 'wrong-password-0000', totp: totp.generate() })).rejects.toThrow(/unknown user or wrong password/);
    const session = await signInWithPassword(access, { username: 'tara', password: 'pw-tara-0123456789', totp: totp.generate() });
    expect(await rawCall(planning, listOperations, session.accessToken)).toEqual({ code: status.OK, details: '' });
  });

  it('with the issuer unreachable, a still-valid token keeps working from the cached keys, and sign-in says where the provider is', async () => {
    const session = await signInWithPassword(federation.issuerAccess('AU'), { username: 'eve', password: 'pw-eve-0123456789' });
    expect(await rawCall(planning, listOperations, session.accessToken)).toEqual({ code: status.OK, details: '' });
    await federation.stopService('AU', 'identity');
    expect(await rawCall(planning, listOperations, session.accessToken)).toEqual({ code: status.OK, details: '' });
    const issuer = federation.issuerAccess('AU').issuer;
    await expect(signInWithPassword(federation.issuerAccess('AU'), { username: 'eve', password: 'pw-eve-0123456789' })).rejects.toThrow(`the sign-in provider ${issuer} is unreachable`);
  });
});
