/**
 * A write of the link is applied as soon as JetStream acknowledges it, when it is the next event in the
 * store: the answer to a call does not wait for the store follower's round trip, nor for a follower
 * that stands still (as one did under load, leaving calls past their deadline until it was made again).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreSubjects } from '@concord/federation';
import { TestFederation } from '@concord/testkit';
import { alertAt, publish, vesselAlert } from './intel-helpers.js';

describe('apply on acknowledgement', () => {
  let federation: TestFederation;

  beforeAll(async () => {
    federation = await TestFederation.start({ agencies: ['ID', 'AU'] });
  });
  afterAll(() => federation?.stop());

  it('PublishAlert answers at once while the store follower stands still, and the store order holds', async () => {
    const before = await publish(federation, 'ID', ['AU'], vesselAlert('before'));
    // The follower is the one consumer of ID's intel store without a durable name: deleting it on the server leaves it waiting.
    const nc = await federation.connectAgency('ID', 'intel');
    const jsm = await nc.jetstreamManager();
    const stream = StoreSubjects.streamName('intel');
    const ephemeral = (await jsm.consumers.list(stream).next()).filter((c) => !c.config.durable_name);
    expect(ephemeral.length).toBe(1);
    await jsm.consumers.delete(stream, ephemeral[0]!.name);

    const started = performance.now();
    const during = await publish(federation, 'ID', ['AU'], vesselAlert('while the follower stands still'));
    expect(performance.now() - started).toBeLessThan(2_000);
    // Read-your-writes: the answer came from the book, which holds both alerts in store order.
    expect(federation.intel('ID').book.get(during.id)?.version).toBe(1);
    await alertAt(federation, 'AU', during.id);

    // Once the follower is made again it applies nothing twice and misses nothing written after.
    const after = await publish(federation, 'ID', ['AU'], vesselAlert('after'));
    const ids = federation.intel('ID').book.all().map((record) => record.id);
    expect(ids).toEqual([before.id, during.id, after.id]);
  }, 30_000);
});
