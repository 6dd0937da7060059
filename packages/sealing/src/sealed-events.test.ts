import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { signEvent, type SignedEvent } from '@concord/federation';
import { generateAgencyIdentity } from '@concord/identity';
import type { TrustedManifest } from '@concord/manifest';
import { createSealedEventCodec, sealedEventType } from './sealed-events.js';

const ids = ['AU', 'ID', 'TH'] as const;
const identities = Object.fromEntries(ids.map((id) => [id, generateAgencyIdentity()]));
const trust: TrustedManifest = {
  federation: { name: 'Test' },
  hub: { name: 'hub' },
  agencies: ids.map((id) => ({ id, name: id, country: id, role: 'participant' as const, timeZone: 'UTC', keys: identities[id]!.publicKeys })),
};
const wire = {
  'case.opened': { routing: z.strictObject({ caseId: z.uuid() }), secret: z.strictObject({ title: z.string(), status: z.enum(['open', 'closed']) }) },
  'case.noted': { routing: z.strictObject({ caseId: z.uuid() }), secret: z.strictObject({ note: z.string() }) },
};
const codecOf = (agency: (typeof ids)[number], table: typeof wire = wire) => createSealedEventCodec('intel', table, { agency, encryptionKey: identities[agency]!.encryptionKey }, trust);
const caseId = crypto.randomUUID();
const canary = `CANARY-${crypto.randomUUID()}`;

/** An event from AU as its link would sign it, from what the codec made. */
function sent(body: unknown, type: string = sealedEventType, recipients: readonly string[] = ['ID'], origin = 'AU'): SignedEvent {
  return signEvent({ type, scope: caseId, recipients, body }, { origin, capability: 'intel', signingKey: identities[origin]!.signingKey }, { wall: Date.now(), logical: 0 });
}
const opened = () => codecOf('AU').encode('case.opened', { caseId }, { title: canary, status: 'closed' }, ['ID']);

describe('sealed events', () => {
  it('travel as one opaque type, with the ids in clear and the type and content sealed', () => {
    const { type, body } = opened();
    expect(type).toBe(sealedEventType);
    expect(Object.keys(body as object)).toEqual(['routing', 'box']);
    expect((body as { routing: unknown }).routing).toEqual({ caseId });
    const clear = JSON.stringify(body);
    for (const secret of [canary, 'case.opened', 'closed', 'title']) expect(clear).not.toContain(secret);
  });

  it('encode a whole event: the routing fields of its wire row in clear, every other field sealed, sender and time left to the envelope', () => {
    const { body } = codecOf('AU').encodeEvent({ type: 'case.opened', from: 'AU', at: new Date(), recipients: ['ID'], caseId, title: canary, status: 'open' });
    expect((body as { routing: unknown }).routing).toEqual({ caseId });
    expect(JSON.stringify(body)).not.toContain(canary);
    expect(codecOf('ID').decode(sent(body))).toMatchObject({ type: 'case.opened', from: 'AU', recipients: ['ID'], caseId, title: canary, status: 'open' });
  });

  it('open for a recipient and for the sender, into the type, the routing and the secret', () => {
    const event = sent(opened().body);
    for (const agency of ['ID', 'AU'] as const) {
      expect(codecOf(agency).decode(event)).toMatchObject({ type: 'case.opened', from: 'AU', recipients: ['ID'], caseId, title: canary, status: 'closed' });
    }
  });

  it('refuse what is not for this agency, altered, moved under another sender or routing, or of another type', () => {
    const { body } = opened();
    expect(codecOf('TH').refusalOf(sent(body))).toMatchObject({ reason: 'undecryptable' });
    // Another agency cannot pass AU's box off as its own, nor move it to another case.
    expect(codecOf('ID').refusalOf(sent(body, sealedEventType, ['ID'], 'TH'))).toMatchObject({ reason: 'undecryptable' });
    expect(codecOf('ID').refusalOf(sent({ ...(body as object), routing: { caseId: crypto.randomUUID() } }))).toMatchObject({ reason: 'undecryptable' });
    expect(codecOf('ID').refusalOf(sent(body, 'case.opened'))).toMatchObject({ reason: 'refused', detail: 'case.opened is not a sealed intel event' });
    expect(codecOf('ID').refusalOf(sent({ routing: { caseId } }))).toMatchObject({ reason: 'malformed' });
    // A type the receiver's table does not know, sealed by a sender whose table does.
    const narrower = { 'case.noted': wire['case.noted'] } as unknown as typeof wire;
    expect(codecOf('ID', narrower).refusalOf(sent(body))).toMatchObject({ reason: 'refused', detail: 'case.opened is not a intel event type' });
  });

  it('check the sealed content against the type it names', () => {
    const { body } = codecOf('AU').encode('case.noted', { caseId }, { note: 'x', extra: 'y' } as never, ['ID']);
    expect(codecOf('ID').refusalOf(sent(body))).toMatchObject({ reason: 'malformed', detail: expect.stringContaining('case.noted: sealed content') });
  });

  it('come back to their sender as it sealed them, without being opened again: the same as a fresh open gives', () => {
    // A codec holding a key that is not AU's: it can seal (public keys only) but never open AU's boxes.
    const sealer = createSealedEventCodec('intel', wire, { agency: 'AU', encryptionKey: identities.TH!.encryptionKey }, trust);
    const event = sent(sealer.encode('case.opened', { caseId }, { title: canary, status: 'closed' }, ['ID']).body);
    expect(sealer.decode(event)).toEqual(codecOf('AU').decode(event));
    expect(createSealedEventCodec('intel', wire, { agency: 'AU', encryptionKey: identities.TH!.encryptionKey }, trust).refusalOf(event)).toMatchObject({ reason: 'undecryptable' });
    // What would not pass the check is not taken on trust: it is opened, and refused, as before.
    const bad = sent(sealer.encode('case.noted', { caseId }, { note: 'x', extra: 'y' } as never, ['ID']).body);
    expect(sealer.refusalOf(bad)).toMatchObject({ reason: 'undecryptable' });
  });
});
