import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NatsConnection } from 'nats';
import { StoreSubjects } from '@concord/federation';
import { TestFederation, waitFor } from '@concord/testkit';
import { planningCodecOf, proposalEvent, timelineOf } from './planning-helpers.js';

const stream = StoreSubjects.streamName('planning');

/** The durable consumers of AU's planning store, and how many events each has handed out. */
async function durables(nc: NatsConnection): Promise<Record<string, number>> {
  const jsm = await nc.jetstreamManager();
  const found: Record<string, number> = {};
  for await (const info of jsm.consumers.list(stream)) {
    if (info.config.durable_name) found[info.name] = info.delivered.consumer_seq;
  }
  return found;
}

describe('relays work in proportion to recipients', () => {
  let federation: TestFederation;
  let au: NatsConnection;
  beforeAll(async () => {
    federation = await TestFederation.start({ agencies: ['AU', 'ID', 'TH', 'MY'], services: ['AU', 'ID', 'TH'], relayMaxBackoffMs: 200 });
    au = await federation.connectAgency('AU');
  });
  afterAll(() => federation?.stop());

  it('an event to one peer is read once from the sender store, by one consumer, and sent to that peer only', async () => {
    const link = federation.planning('AU').link;
    const codec = await planningCodecOf(federation, 'AU');
    const before = await durables(au);
    const event = await link.publish(proposalEvent(codec, 'AU', ['ID'], { name: 'One recipient' }));
    await waitFor(async () => expect((await timelineOf(federation, 'ID', event.envelope.scope)).length).toBe(1));

    // One consumer for every peer, not one per peer: it handed out the event once.
    const after = await durables(au);
    expect(Object.keys(after)).toEqual(['dispatch']);
    expect(after.dispatch! - (before.dispatch ?? 0)).toBe(1);
    expect(link.stats().relays).toMatchObject({ ID: { delivered: 1 }, TH: { delivered: 0 }, MY: { delivered: 0 } });
  });

  it('a peer that stops answering gets a consumer of its own until it has caught up, then the dispatcher serves it again', async () => {
    const link = federation.planning('AU').link;
    const codec = await planningCodecOf(federation, 'AU');
    await federation.stopAgencyServer('TH');
    const missed = await Promise.all([1, 2, 3].map((i) => link.publish(proposalEvent(codec, 'AU', ['ID', 'TH'], { name: `Missed ${i}` }))));
    await waitFor(() => expect(link.stats().relays.TH!.retries).toBeGreaterThan(0));
    // ID is not held up by TH: it has all three while TH is down, and only TH has a consumer of its own.
    for (const { envelope } of missed) await waitFor(async () => expect(await timelineOf(federation, 'ID', envelope.scope)).toHaveLength(1));
    await waitFor(async () => expect(Object.keys(await durables(au)).sort()).toEqual(['dispatch', 'relay-TH']));

    await federation.startAgencyServer('TH');
    for (const { envelope } of missed) await waitFor(async () => expect(await timelineOf(federation, 'TH', envelope.scope)).toHaveLength(1), 20_000);
    await waitFor(async () => expect(Object.keys(await durables(au))).toEqual(['dispatch']), 10_000);

    const later = await link.publish(proposalEvent(codec, 'AU', ['TH'], { name: 'Live again' }));
    await waitFor(async () => expect(await timelineOf(federation, 'TH', later.envelope.scope)).toHaveLength(1));
    expect(Object.keys(await durables(au))).toEqual(['dispatch']);
  });

  it('skips an own stored event that is not even JSON, and goes on delivering the ones after it', async () => {
    const link = federation.planning('AU').link;
    const codec = await planningCodecOf(federation, 'AU');
    // Damage in the agency's own store (a torn write, a hand edit): bytes under AU's origin that are not JSON.
    await au.jetstream().publish(StoreSubjects.byOrigin('planning', 'AU').replace('*', 'damaged'), new TextEncoder().encode('{not json'));
    const after = await link.publish(proposalEvent(codec, 'AU', ['ID'], { name: 'After the damage' }));
    await waitFor(async () => expect(await timelineOf(federation, 'ID', after.envelope.scope)).toHaveLength(1));
  });
});
