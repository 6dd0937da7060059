import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestFederation, loadExampleManifest, waitFor } from '@concord/testkit';
import { planningCodecOf, proposalEvent, timelineOf } from './planning-helpers.js';

const storedLimit = 12_000;

describe('per-peer quotas at the recipient', () => {
  let federation: TestFederation;
  beforeAll(async () => {
    const manifest = await loadExampleManifest(['AU', 'ID', 'TH']);
    // ID lets AU deliver 20 events per 2 s, and keeps at most 12 kB of TH's events.
    const agencies = manifest.agencies.map((agency) =>
      agency.id === 'ID' ? { ...agency, inboundQuotas: { peers: { AU: { intervalSeconds: 2, eventsPerInterval: 20 }, TH: { storedBytes: storedLimit } } } } : agency,
    );
    federation = await TestFederation.start({ manifest: { ...manifest, agencies }, relayMaxBackoffMs: 200 });
  });
  afterAll(() => federation?.stop());

  it('a peer sending faster than its allowance is held back and counted, and everything arrives once, later', async () => {
    const link = federation.planning('AU').link;
    const codec = await planningCodecOf(federation, 'AU');
    const started = Date.now();
    const published = await Promise.all(Array.from({ length: 60 }, (_, i) => link.publish(proposalEvent(codec, 'AU', ['ID'], { name: `Flood ${i}` }))));

    // The first interval's allowance arrives at once; the rest waits for the bucket to refill (10 a second).
    await waitFor(() => expect(federation.planning('ID').link.stats().quotas.AU!.refused.events).toBeGreaterThan(0));
    // Held back: no more than the allowance and what the bucket refilled since the flood began. (A fixed
    // bound fails on a loaded machine, where publishing the 60 takes longer than the refill.)
    const stored = (await timelineOf(federation, 'ID')).length;
    expect(stored).toBeLessThanOrEqual(20 + Math.ceil((Date.now() - started) / 100));
    const received = await waitFor(async () => {
      const entries = await timelineOf(federation, 'ID');
      expect(entries).toHaveLength(60);
      return entries;
    }, 20_000);
    expect(Date.now() - started).toBeGreaterThan(3_000);
    // Each once: a copy that a lost answer caused is dropped, never stored twice.
    expect(new Set(received.map((e) => e.eventId))).toEqual(new Set(published.map((e) => e.envelope.id)));
    expect(federation.planning('ID').link.stats().rejectedTotal).toBe(0);
    expect(link.stats().relays.ID!.throttled).toBeGreaterThan(0);
  });

  it('a peer that fills its stored-bytes allowance is refused further events; what it stored stays', async () => {
    const link = federation.planning('TH').link;
    const codec = await planningCodecOf(federation, 'TH');
    for (let i = 0; i < 12; i += 1) await link.publish(proposalEvent(codec, 'TH', ['ID'], { name: `Fill ${i}` }));

    const stats = await waitFor(() => {
      const quota = federation.planning('ID').link.stats().quotas.TH!;
      expect(quota.refused.stored).toBeGreaterThan(0);
      return quota;
    });
    expect(stats.storedBytes).toBeGreaterThan(0);
    expect(stats.storedBytes).toBeLessThanOrEqual(storedLimit);
    const fromTh = (await timelineOf(federation, 'ID')).filter((e) => e.originAgency === 'TH');
    expect(fromTh.length).toBeGreaterThan(0);
    expect(fromTh.length).toBeLessThan(12);
    // Held by TH's relay, not dropped: refused again on every probe, and what ID stored is still there.
    await waitFor(() => expect(link.stats().relays.ID!.throttled).toBeGreaterThan(1));
    expect((await timelineOf(federation, 'ID')).filter((e) => e.originAgency === 'TH')).toHaveLength(fromTh.length);
  });
});
