/**
 * Catching up with a peer that was down: three senders' backlogs reach it without deliveries timing
 * out in its queue once it answers, so what it stored is not sent again.
 */
import { describe, expect, it } from 'vitest';
import { TestFederation, waitFor } from '@concord/testkit';
import { planningCodecOf, proposalEvent, timelineOf } from './planning-helpers.js';

const senders = ['AU', 'ID', 'TH'];
const perSender = 400;

describe('catch-up after an outage', () => {
  it('a backlog from three senders reaches the returning peer within the request timeout: at most a first window is sent twice, not the backlog', async () => {
    await using federation = await TestFederation.start({ agencies: [...senders, 'MY'], relayMaxBackoffMs: 200 });
    await federation.stopAgencyServer('MY');
    const links = senders.map((agency) => federation.planning(agency).link);
    await Promise.all(
      senders.map(async (agency, index) => {
        const codec = await planningCodecOf(federation, agency);
        // In batches: a loaded machine times out a thousand JetStream writes at once.
        for (let first = 0; first < perSender; first += 50) {
          await Promise.all(Array.from({ length: 50 }, (_, k) => links[index]!.publish(proposalEvent(codec, agency, ['MY'], { id: `${agency}-backlog-${first + k}`, name: `Backlog ${first + k}` }))));
        }
      }),
    );
    await waitFor(() => expect(links.every((link) => link.stats().relays.MY!.retries > 0)).toBe(true));

    await federation.startAgencyServer('MY');
    const receiver = () => federation.planning('MY').link.stats();
    // MY answers: from here on a failed delivery is one that timed out in MY's queue.
    await waitFor(() => expect(receiver().received).toBeGreaterThan(0), 20_000);
    const retriesOnceBack = links.map((link) => link.stats().relays.MY!.retries);
    await waitFor(async () => expect(await timelineOf(federation, 'MY')).toHaveLength(senders.length * perSender), 60_000);

    // Sent again because MY's answer came too late: at most each sender's first window (32), if it went
    // out while MY was still starting; the whole backlog at once brought back hundreds (516 on main).
    expect(receiver().rejectedTotal).toBe(0);
    expect(receiver().duplicates).toBeLessThanOrEqual(senders.length * 32);
    // Failures once back: at most a window's worth while MY's JetStream was still starting ("unavailable"),
    // not the hundreds of timeouts of a whole backlog queued at once.
    const retriesAfter = links.map((link, index) => link.stats().relays.MY!.retries - retriesOnceBack[index]!);
    expect(Math.max(...retriesAfter)).toBeLessThan(perSender / 4);
  }, 120_000);
});
