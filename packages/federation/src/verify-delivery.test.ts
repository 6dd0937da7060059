import { describe, expect, it } from 'vitest';
import { HybridLogicalClock } from '@concord/clock';
import { generateAgencyIdentity } from '@concord/identity';
import type { TrustedManifest } from '@concord/manifest';
import { signEvent } from './event-envelope.js';
import { FederationSubjects } from './subjects.js';
import { verifyDelivery } from './verify-delivery.js';

const au = generateAgencyIdentity();
const id = generateAgencyIdentity();
const trust: TrustedManifest = {
  federation: { name: 'Test' },
  hub: { name: 'hub' },
  agencies: [
    { id: 'AU', name: 'A', country: 'AU', role: 'participant', timeZone: 'UTC', keys: au.publicKeys },
    { id: 'ID', name: 'I', country: 'ID', role: 'participant', timeZone: 'UTC', keys: id.publicKeys },
  ],
};
const context = { me: 'ID', capability: 'planning' as const, trust, maxBytes: 4096 };
const subject = FederationSubjects.delivery('ID', 'AU', 'planning', 'operation.proposed');
const event = signEvent({ type: 'operation.proposed', scope: 'op-1', recipients: ['ID'], body: { hello: 'world' } }, { origin: 'AU', capability: 'planning', signingKey: au.signingKey }, new HybridLogicalClock().tick());

describe('verifyDelivery', () => {
  it('accepts a signed event on the matching subject to a named recipient', () => {
    const verified = verifyDelivery({ subject, data: event.data, signature: event.signature }, context);
    expect(verified.ok && verified.event.envelope.id).toBe(event.envelope.id);
  });

  it.each([
    ['oversized', { data: new Uint8Array(5000) }],
    ['unsigned', { signature: undefined }],
    ['wrong-subject', { subject: FederationSubjects.delivery('TH', 'AU', 'planning', 'operation.proposed') }],
    ['wrong-subject', { subject: FederationSubjects.delivery('ID', 'AU', 'intel', 'operation.proposed') }],
    ['wrong-subject', { subject: FederationSubjects.delivery('ID', 'AU', 'planning', 'operation.changed') }],
    ['malformed', { data: new TextEncoder().encode('[]') }],
    ['bad-signature', { signature: signEvent({ type: 'operation.proposed', scope: 'op-1', recipients: ['ID'], body: {} }, { origin: 'AU', capability: 'planning', signingKey: id.signingKey }, { wall: 1, logical: 0 }).signature }],
  ] as const)('refuses as %s', (reason, change) => {
    const verified = verifyDelivery({ subject, data: event.data, signature: event.signature, ...change }, context);
    expect(verified).toMatchObject({ ok: false, reason });
  });

  it('refuses an origin outside the manifest and an event not addressed to this agency', () => {
    const stranger = generateAgencyIdentity();
    const fromXX = signEvent({ type: 'operation.proposed', scope: 'op-1', recipients: ['ID'], body: {} }, { origin: 'XX', capability: 'planning', signingKey: stranger.signingKey }, { wall: 1, logical: 0 });
    expect(verifyDelivery({ subject: FederationSubjects.delivery('ID', 'XX', 'planning', 'operation.proposed'), data: fromXX.data, signature: fromXX.signature }, context)).toMatchObject({ ok: false, reason: 'unknown-origin' });
    const toAU = signEvent({ type: 'operation.proposed', scope: 'op-1', recipients: ['AU'], body: {} }, { origin: 'AU', capability: 'planning', signingKey: au.signingKey }, { wall: 1, logical: 0 });
    expect(verifyDelivery({ subject, data: toAU.data, signature: toAU.signature }, context)).toMatchObject({ ok: false, reason: 'not-recipient' });
  });

  it('refuses bytes that are not UTF-8, and checks the next delivery afresh', () => {
    // A truncated two-byte sequence: the one decoder every delivery shares must not carry it over.
    const broken = Uint8Array.from([...event.data.subarray(0, 20), 0xc3]);
    expect(verifyDelivery({ subject, data: broken, signature: event.signature }, context)).toMatchObject({ ok: false, reason: 'malformed', detail: 'payload is not UTF-8 JSON' });
    expect(verifyDelivery({ subject, data: event.data, signature: event.signature }, context)).toMatchObject({ ok: true });
  });

  it('refuses a single changed byte of a signed event', () => {
    const tampered = new Uint8Array(event.data);
    const at = new TextDecoder().decode(tampered).indexOf('world');
    tampered[at] = 'W'.charCodeAt(0);
    expect(verifyDelivery({ subject, data: tampered, signature: event.signature }, context)).toMatchObject({ ok: false, reason: 'bad-signature' });
  });
});
