/**
 * The live path waits for nothing it need not: an own event goes to its recipients' relays as soon as
 * JetStream acknowledged its write (not a consumer's trip later). Guarantees kept: the event is in the
 * originator's store before it leaves, and its consumer message is acknowledged once (no second delivery).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreSubjects } from '@concord/federation';
import { TestFederation, waitFor } from '@concord/testkit';
import { alertAt, publish, vesselAlert } from './intel-helpers.js';

const stream = StoreSubjects.streamName('intel');

describe('the live path', () => {
  let federation: TestFederation;

  beforeAll(async () => {
    federation = await TestFederation.start({ agencies: ['AU', 'TH'] });
  });
  afterAll(() => federation?.stop());

  it('hands own events to their relays on the write acknowledgement, each once, and acknowledges each consumer message once', async () => {
    const alerts = [];
    for (let i = 0; i < 3; i++) alerts.push(await publish(federation, 'AU', ['TH'], vesselAlert(`on ack ${i}`)));
    for (const alert of alerts) await alertAt(federation, 'TH', alert.id);
    // Most go on the acknowledgement; one whose consumer message came round first goes from the consumer, as before.
    expect(federation.intel('AU').link.stats().handedOnAck).toBeGreaterThan(0);
    // Either way each went to TH once.
    expect(federation.intel('AU').link.stats().relays.TH!.delivered).toBe(3);
    // The dispatcher's consumer still carries each event's acknowledgement: nothing is left pending or delivered again.
    const jsm = await (await federation.connectAgency('AU', 'intel')).jetstreamManager();
    await waitFor(async () => {
      const info = await jsm.consumers.info(stream, 'dispatch');
      expect(info).toMatchObject({ num_ack_pending: 0, num_pending: 0, num_redelivered: 0 });
    });
    expect(federation.intel('TH').link.stats().duplicates).toBe(0);
  });

  it('an own event reaches its recipient while the dispatcher consumer hands out nothing', async () => {
    const jsm = await (await federation.connectAgency('AU', 'intel')).jetstreamManager();
    await jsm.consumers.delete(stream, 'dispatch');
    const alert = await publish(federation, 'AU', ['TH'], vesselAlert('without the consumer'));
    await alertAt(federation, 'TH', alert.id, undefined, 3_000);
  });
});
