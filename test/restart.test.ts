import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { TestFederation, loadExampleManifest, waitFor } from '@concord/testkit';
import { createOperation, planningCodecOf, proposalEvent, timelineOf } from './planning-helpers.js';

const agencies = ['AU', 'ID', 'TH', 'MY'];

async function timelines(federation: TestFederation) {
  return Object.fromEntries(await Promise.all(agencies.map(async (id) => [id, (await timelineOf(federation, id)).map((e) => `${e.hlc} ${e.originAgency} ${e.eventId}`)] as const)));
}

/** AU publishes 300 operations for ID while ID's server is down; ID returns and holds every one of them. Answers AU's link. */
async function backlogWhileIdIsDown(federation: TestFederation, prefix: string) {
  await federation.stopAgencyServer('ID');
  const link = federation.planning('AU').link;
  const codec = await planningCodecOf(federation, 'AU');
  const published = await Promise.all(Array.from({ length: 300 }, (_, i) => link.publish(proposalEvent(codec, 'AU', ['ID'], { id: `${prefix}-${i}`, name: `${prefix} ${i}` }))));
  await waitFor(() => expect(link.stats().relays.ID!.retries).toBeGreaterThan(0));
  await federation.startAgencyServer('ID');
  const received = await waitFor(async () => {
    const entries = await timelineOf(federation, 'ID');
    expect(entries).toHaveLength(300);
    return entries;
  }, 60_000);
  expect(new Set(received.map((e) => e.eventId))).toEqual(new Set(published.map((e) => e.envelope.id)));
  return link;
}

describe('restarts and outages', () => {
  it('after the whole federation stops and starts again, the operation and every timeline are still there, and new work flows', async () => {
    const manifest = await loadExampleManifest(agencies);
    const first = await TestFederation.start({ manifest });
    const dir = first.dir;
    try {
      const operation = await createOperation(first, 'AU', ['ID', 'TH', 'MY']);
      for (const id of agencies) await waitFor(async () => expect(await timelineOf(first, id, operation.id)).toHaveLength(1));
      const before = await timelines(first);
      await first.stopKeepingData();

      await using again = await TestFederation.start({ manifest, dir });
      expect(await timelines(again)).toEqual(before);
      const client = again.planningClient('TH');
      const { operations } = await new Promise<{ operations: Array<{ id: string }> }>((resolve, reject) => client.listOperations({}, (error, response) => (error ? reject(error) : resolve(response))));
      expect(operations.map((o) => o.id)).toEqual([operation.id]);
      client.close();

      // The relays pick up where they stopped: the new operation arrives, the old one is not sent twice.
      const second = await createOperation(again, 'MY', ['AU', 'ID'], 'Second');
      for (const id of ['AU', 'ID']) await waitFor(async () => expect(await timelineOf(again, id, second.id)).toHaveLength(1));
      expect(await timelineOf(again, 'ID', operation.id)).toHaveLength(1);
      expect(again.planning('ID').link.stats().duplicates).toBe(0);
    } finally {
      await first.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a participant whose server was down when the operation was created receives it when it returns, once', async () => {
    await using federation = await TestFederation.start({ agencies: ['AU', 'ID', 'TH'], relayMaxBackoffMs: 200 });
    await federation.stopAgencyServer('ID');
    const operation = await createOperation(federation, 'AU', ['ID', 'TH']);
    await waitFor(async () => expect(await timelineOf(federation, 'TH', operation.id)).toHaveLength(1));
    await waitFor(() => expect(federation.planning('AU').link.stats().relays.ID!.retries).toBeGreaterThan(0));

    await federation.startAgencyServer('ID');
    const entries = await waitFor(async () => {
      const list = await timelineOf(federation, 'ID', operation.id);
      expect(list).toHaveLength(1);
      return list;
    }, 20_000);
    expect(entries[0]!.originAgency).toBe('AU');
    expect(federation.planning('ID').link.stats().rejectedTotal).toBe(0);
  });

  it('a backlog of events published while a peer was down arrives in full, each once, when it returns', async () => {
    await using federation = await TestFederation.start({ agencies: ['AU', 'ID'], relayMaxBackoffMs: 300 });
    const link = await backlogWhileIdIsDown(federation, 'backlog');
    // Each stored once. A copy the relay sent again because the answer to the first came late (a
    // backlog answered under load) is dropped on receipt and only counted, in `duplicates`.
    expect(federation.planning('ID').link.stats()).toMatchObject({ received: 300, rejectedTotal: 0 });
    expect(link.stats().relays.ID!.delivered).toBeGreaterThanOrEqual(300);
  });

  it('a backlog whose answers come too late for the relay, so that it sends copies, is still stored once each', async () => {
    // 25 ms for an answer: the later events of a 300-event backlog answer after that, as under heavy load.
    await using federation = await TestFederation.start({ agencies: ['AU', 'ID'], relayMaxBackoffMs: 300, relayRequestTimeoutMs: 25 });
    await backlogWhileIdIsDown(federation, 'late');
    const stats = federation.planning('ID').link.stats();
    expect(stats.duplicates).toBeGreaterThan(0);
    expect(stats).toMatchObject({ received: 300, rejectedTotal: 0 });
    expect(await timelineOf(federation, 'ID')).toHaveLength(300);
  });
});
