/**
 * Attacks on an agency's intel service, tried as an attacker would: each is refused, counted and
 * logged, nothing of it is stored, and the service goes on serving honest alerts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NatsConnection } from 'nats';
import { Capability, FederationSubjects, type NewEvent } from '@concord/federation';
import { generateAgencyIdentity, loadAgencyIdentity, type AgencyIdentity } from '@concord/identity';
import { createIntelCodec } from '@concord/intel';
import { sealedEventType } from '@concord/sealing';
import { TestFederation } from '@concord/testkit';
import { attempt, forge, withSignature } from './attack-helpers.js';
import { alertAt, publish, vesselAlert } from './intel-helpers.js';

const encoder = new TextEncoder();

describe('attacks on the intel exchange', () => {
  let federation: TestFederation;
  let au: AgencyIdentity;
  /** A connection inside AU's server: what a compromised AU can send through the hub to ID. */
  let asAu: NatsConnection;
  /** Inside ID's own server, past the hub: where a compromised hub would deliver. */
  let insideId: NatsConnection;

  /** A well-formed alert event from AU to ID, with the body sealed for ID. */
  const alertEvent = (alertId: string, version = 1, canary = 'forged'): NewEvent => {
    const codec = createIntelCodec({ agency: 'AU', encryptionKey: au.encryptionKey }, federation.prepared.trust);
    const handling = { version, label: 'amber' as const, expiresAt: new Date(Date.now() + 86_400_000).toISOString() };
    const content = { ...vesselAlert(canary), kind: 'vessel-of-interest', sourceReliability: 'b', informationCredibility: '2', operationId: '', eta: undefined, window: undefined, person: undefined, documentFraud: undefined, route: undefined };
    return { scope: alertId, recipients: ['ID'], ...codec.encode('alert.version', { alertId }, { ...content, ...handling } as never, ['ID']) };
  };
  const toId = (from = 'AU') => FederationSubjects.delivery('ID', from, Capability.Intel, sealedEventType);
  const rejected = () => federation.intel('ID').link.stats().rejected;

  beforeAll(async () => {
    federation = await TestFederation.start({ agencies: ['ID', 'AU', 'MY'] });
    au = await loadAgencyIdentity(federation.prepared.paths.agency('AU').keysDir);
    asAu = await federation.connectAgency('AU', Capability.Intel);
    insideId = await federation.connectAgency('ID', Capability.Intel);
  });
  afterAll(() => federation?.stop());

  it('refuses a forged signature', async () => {
    const stranger = generateAgencyIdentity();
    const forged = forge(alertEvent(crypto.randomUUID()), 'AU', stranger, Capability.Intel);
    expect(await attempt(asAu, toId(), forged.data, forged.headers)).toContain('"reason":"bad-signature"');
    expect(rejected()['bad-signature']).toBe(1);
  });

  it('refuses tampered ciphertext, whether the signature covers it or not', async () => {
    const honest = forge(alertEvent(crypto.randomUUID()), 'AU', au, Capability.Intel);
    const text = new TextDecoder().decode(honest.data);
    const content = /"content":"([A-Za-z0-9_-]+)"/.exec(text)![1]!;
    const flipped = content.slice(0, 20) + (content[20] === 'A' ? 'B' : 'A') + content.slice(21);
    // Altered in transit: the signature no longer matches.
    const altered = withSignature(encoder.encode(text.replace(content, flipped)), honest.signature);
    expect(await attempt(asAu, toId(), altered.data, altered.headers)).toContain('"reason":"bad-signature"');
    // Altered and signed again by a malicious sender: the box itself does not open.
    const event = alertEvent(crypto.randomUUID());
    const body = event.body as { box: { content: string } };
    body.box.content = body.box.content.slice(0, 30) + (body.box.content[30] === 'A' ? 'B' : 'A') + body.box.content.slice(31);
    const resigned = forge(event, 'AU', au, Capability.Intel);
    expect(await attempt(asAu, toId(), resigned.data, resigned.headers)).toContain('"reason":"undecryptable"');
    expect(rejected()).toMatchObject({ 'bad-signature': 2, undecryptable: 1 });
  });

  it('refuses a replayed alert id: a second first version, and another agency taking the id over', async () => {
    const alert = await publish(federation, 'AU', ['ID'], vesselAlert('the real one'));
    await alertAt(federation, 'ID', alert.id);
    const again = forge(alertEvent(alert.id, 1, 'replayed'), 'AU', au, Capability.Intel);
    expect(await attempt(asAu, toId(), again.data, again.headers)).toContain('"reason":"replay"');
    const my = await loadAgencyIdentity(federation.prepared.paths.agency('MY').keysDir);
    const asMy = await federation.connectAgency('MY', Capability.Intel);
    const codec = createIntelCodec({ agency: 'MY', encryptionKey: my.encryptionKey }, federation.prepared.trust);
    const hijack = forge({ ...alertEvent(alert.id, 2), ...codec.encode('alert.revoked', { alertId: alert.id }, { reason: 'hijack' }, ['ID']) }, 'MY', my, Capability.Intel);
    expect(await attempt(asMy, toId('MY'), hijack.data, hijack.headers)).toContain('"reason":"replay"');
    expect(rejected().replay).toBe(2);
    const held = await alertAt(federation, 'ID', alert.id);
    expect(held.content?.body).toContain('the real one');
  });

  it('refuses an alert from an agency outside the manifest, even delivered past the hub', async () => {
    const outsider = generateAgencyIdentity();
    const forged = forge({ ...alertEvent(crypto.randomUUID()) }, 'XX', outsider, Capability.Intel);
    expect(await attempt(insideId, toId('XX'), forged.data, forged.headers)).toContain('"reason":"unknown-origin"');
    // Through the hub it does not even find a route.
    expect(await attempt(asAu, toId('XX'), forged.data, forged.headers)).toBe('no answer (503)');
    expect(rejected()['unknown-origin']).toBe(1);
  });

  it('refuses a payload over the stated size limit', async () => {
    const oversized = forge({ ...alertEvent(crypto.randomUUID()), body: { padding: 'x'.repeat(200 * 1024) } }, 'AU', au, Capability.Intel);
    expect(await attempt(asAu, toId(), oversized.data, oversized.headers)).toContain('"reason":"oversized"');
    expect(rejected().oversized).toBe(1);
  });

  it('keeps serving: nothing refused was stored, and an honest alert still arrives', async () => {
    const stats = federation.intel('ID').link.stats();
    expect(stats.rejectedTotal).toBe(7);
    expect(federation.intel('ID').book.all().map((r) => r.origin)).toEqual(['AU']);
    const alert = await publish(federation, 'AU', ['ID'], vesselAlert('after the attacks'));
    expect((await alertAt(federation, 'ID', alert.id)).content?.body).toContain('after the attacks');
  });
});
