/**
 * Catching up in batches: a relay sends a backlog several events per request, and the returning peer
 * still checks, stores and answers each event on its own. Batches crafted by hand show the door refuses
 * bad events one by one (counted under their reasons) while storing the good ones beside them.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NatsConnection } from 'nats';
import { HybridLogicalClock } from '@concord/clock';
import { batchDeliveryType, decodeBatchReply, encodeBatch, FederationSubjects, signEvent, type BatchItem, type NewEvent } from '@concord/federation';
import { generateAgencyIdentity, loadAgencyIdentity, type AgencyIdentity } from '@concord/identity';
import type { PlanningCodec } from '@concord/planning';
import { loadExampleManifest, TestFederation, waitFor } from '@concord/testkit';
import { planningCodecOf, proposalEvent, timelineOf } from './planning-helpers.js';

const backlog = 300;

describe('catch-up in batches', () => {
  let federation: TestFederation;
  let au: AgencyIdentity;
  let codec: PlanningCodec;
  /** Inside AU's server: what AU (or a compromised AU) can send through the hub to MY. */
  let asAu: NatsConnection;

  beforeAll(async () => {
    const manifest = await loadExampleManifest(['AU', 'ID', 'MY']);
    // MY lets ID deliver 20 events per 2 s: a batch from ID is cut short by the quota part of the way.
    const agencies = manifest.agencies.map((agency) => (agency.id === 'MY' ? { ...agency, inboundQuotas: { peers: { ID: { intervalSeconds: 2, eventsPerInterval: 20 } } } } : agency));
    federation = await TestFederation.start({ manifest: { ...manifest, agencies }, relayMaxBackoffMs: 200 });
    au = await loadAgencyIdentity(federation.prepared.paths.agency('AU').keysDir);
    codec = await planningCodecOf(federation, 'AU');
    asAu = await federation.connectAgency('AU');
  });
  afterAll(() => federation?.stop());

  const signed = (event: NewEvent, key = au, id?: string) => signEvent(event, { origin: 'AU', capability: 'planning', signingKey: key.signingKey }, new HybridLogicalClock().tick(), id);
  const itemOf = ({ envelope, signature, data }: ReturnType<typeof signed>): BatchItem => ({ type: envelope.type, signature, data });
  const sendBatch = async (items: readonly BatchItem[]) => {
    const answer = await asAu.request(FederationSubjects.delivery('MY', 'AU', 'planning', batchDeliveryType), encodeBatch(items), { timeout: 5_000 });
    return decodeBatchReply(answer.data, items.length);
  };
  const receiver = () => federation.planning('MY').link.stats();

  it('a backlog reaches the returning peer in a few requests, not one per event, with nothing lost or doubled', async () => {
    const link = federation.planning('AU').link;
    await federation.stopAgencyServer('MY');
    for (let first = 0; first < backlog; first += 50) {
      await Promise.all(Array.from({ length: 50 }, (_, k) => link.publish(proposalEvent(codec, 'AU', ['MY'], { name: `Backlog ${first + k}` }))));
    }
    await waitFor(() => expect(link.stats().relays.MY!.retries).toBeGreaterThan(0));
    const before = { ...link.stats().relays.MY! };
    const { received: receivedBefore, duplicates: duplicatesBefore } = receiver();

    await federation.startAgencyServer('MY');
    await waitFor(() => expect(receiver().received - receivedBefore).toBe(backlog), 30_000);
    // MY stores a batch before AU hears its answer: wait for AU to have every event confirmed too.
    await waitFor(async () => expect((await link.pending()).MY).toBe(0));
    const after = link.stats().relays.MY!;
    const duplicates = receiver().duplicates - duplicatesBefore;

    // One request per event before batches: 300. Now batches of up to 64 (smaller while the window is
    // narrow: on a loaded machine it stays near its first 32), plus the probes that found MY still starting.
    const requests = after.requests - before.requests;
    expect(requests).toBeLessThan(backlog / 4);
    expect(after.batches - before.batches).toBeGreaterThan(0);
    // An event sent again (its answer came too late on a loaded machine) is confirmed again: at most the first batch.
    expect(duplicates).toBeLessThanOrEqual(32);
    expect(after.delivered - before.delivered).toBe(backlog + duplicates);
    expect(receiver().rejectedTotal).toBe(0);
    expect((await timelineOf(federation, 'MY')).filter((entry) => entry.type === 'operation.proposed')).toHaveLength(backlog);
  }, 60_000);

  it('a batch stored only in part (the rest over quota) settles exactly the events stored: the others come later, none twice', async () => {
    const link = federation.planning('ID').link;
    const idCodec = await planningCodecOf(federation, 'ID');
    await federation.stopAgencyServer('MY');
    const published = await Promise.all(Array.from({ length: 60 }, (_, i) => link.publish(proposalEvent(idCodec, 'ID', ['MY'], { name: `Quota ${i}` }))));
    await waitFor(() => expect(link.stats().relays.MY!.retries).toBeGreaterThan(0));
    const duplicatesBefore = receiver().duplicates;
    await federation.startAgencyServer('MY');

    const fromId = await waitFor(async () => {
      const entries = (await timelineOf(federation, 'MY')).filter((entry) => entry.originAgency === 'ID');
      expect(entries).toHaveLength(published.length);
      return entries;
    }, 30_000);
    expect(new Set(fromId.map((entry) => entry.eventId))).toEqual(new Set(published.map((event) => event.envelope.id)));
    const relay = link.stats().relays.MY!;
    expect(relay.batches).toBeGreaterThan(0);
    expect(relay.throttled).toBeGreaterThan(0);
    // Had a batch been sent again whole, the 20 events MY stored from the first one would come back as
    // duplicates (a stray copy of a delivery that timed out on a loaded machine may still come back).
    expect(receiver().duplicates - duplicatesBefore).toBeLessThan(20);
  }, 60_000);

  it('a batch with forged, misaddressed, malformed and replayed events stores the good ones beside them and refuses each bad one under its reason', async () => {
    const stranger = generateAgencyIdentity();
    const good = [0, 1, 2].map(() => signed(proposalEvent(codec, 'AU', ['MY'])));
    const replayed = signed(proposalEvent(codec, 'AU', ['MY']), au, good[0]!.envelope.id);
    const notJson = new TextEncoder().encode('{not json');
    const items: BatchItem[] = [
      itemOf(good[0]!),
      itemOf(signed(proposalEvent(codec, 'AU', ['MY']), stranger)),
      itemOf(good[1]!),
      itemOf(signed(proposalEvent(codec, 'AU', ['ID']))),
      { type: 'operation.proposed', signature: signed(proposalEvent(codec, 'AU', ['MY'])).signature, data: notJson },
      itemOf(replayed),
      { ...itemOf(good[2]!), type: 'operation.cancelled' },
      itemOf(good[2]!),
      itemOf(good[1]!),
    ];
    const rejectedBefore = receiver().rejected;
    const answer = await sendBatch(items);
    expect('each' in answer && answer.each.map((reply) => (reply.ok ? (reply.duplicate ? 'duplicate' : 'stored') : reply.reason))).toEqual([
      'stored',
      'bad-signature',
      'stored',
      'not-recipient',
      'malformed',
      'replay',
      'wrong-subject',
      'stored',
      'duplicate',
    ]);
    const counted = (reason: keyof typeof rejectedBefore) => (receiver().rejected[reason] ?? 0) - (rejectedBefore[reason] ?? 0);
    expect([counted('bad-signature'), counted('not-recipient'), counted('malformed'), counted('replay'), counted('wrong-subject')]).toEqual([1, 1, 1, 1, 1]);
    for (const event of good) await waitFor(async () => expect(await timelineOf(federation, 'MY', event.envelope.scope)).toHaveLength(1));
  });

  it('an oversized event in a batch is refused alone', async () => {
    const big = signed({ ...proposalEvent(codec, 'AU', ['MY']), body: { padding: 'x'.repeat(70_000) } });
    const fine = signed(proposalEvent(codec, 'AU', ['MY']));
    const answer = await sendBatch([itemOf(big), itemOf(fine)]);
    expect('each' in answer && answer.each.map((reply) => (reply.ok ? 'stored' : reply.reason))).toEqual(['oversized', 'stored']);
    await waitFor(async () => expect(await timelineOf(federation, 'MY', fine.envelope.scope)).toHaveLength(1));
  });

  it('a batch that is not one, or claims more events than it holds, is refused as a whole and counted once', async () => {
    const before = receiver().rejected.malformed ?? 0;
    const bytes = encodeBatch([itemOf(signed(proposalEvent(codec, 'AU', ['MY'])))]);
    bytes[2] = 5;
    expect(await sendBatch([])).toMatchObject({ whole: { ok: false, reason: 'malformed' } });
    const answer = await asAu.request(FederationSubjects.delivery('MY', 'AU', 'planning', batchDeliveryType), bytes, { timeout: 5_000 });
    expect(decodeBatchReply(answer.data, 1)).toMatchObject({ whole: { ok: false, reason: 'malformed', detail: expect.stringMatching(/cut short/) } });
    expect((receiver().rejected.malformed ?? 0) - before).toBe(2);
  });

  it('a batch claiming to come from another agency is refused event by event: the hub lets AU speak only as AU', async () => {
    const id = await loadAgencyIdentity(federation.prepared.paths.agency('ID').keysDir);
    const asId = signEvent(proposalEvent(await planningCodecOf(federation, 'ID'), 'ID', ['MY']), { origin: 'ID', capability: 'planning', signingKey: id.signingKey }, new HybridLogicalClock().tick(), randomUUID());
    const answer = await sendBatch([itemOf(asId)]);
    expect('each' in answer && answer.each.map((reply) => (reply.ok ? 'stored' : reply.reason))).toEqual(['wrong-subject']);
  });
});
