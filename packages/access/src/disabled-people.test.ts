import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestFederation, waitFor } from '@concord/testkit';
import { disabledBucket, openDisabledBucket, setDisabled, watchDisabledPeople } from './disabled-people.js';

describe('the disabled people of an agency, on a real JetStream', () => {
  let federation: TestFederation;
  beforeAll(async () => {
    federation = await TestFederation.start({ agencies: ['AU', 'ID'], services: false });
  });
  afterAll(() => federation?.stop());

  it('a creation the server refuses as overlapping (another service creating it at that moment) is tried again', async () => {
    const nc = await federation.connectAgency('AU', 'identity');
    const jsm = await nc.jetstreamManager();
    // Stands in for a simultaneous creation: a stream already holds the bucket's subjects, for 150 ms.
    await jsm.streams.add({ name: 'SQUATTER', subjects: [`$KV.${disabledBucket}.>`] });
    setTimeout(() => void jsm.streams.delete('SQUATTER'), 150);
    const kv = await openDisabledBucket(nc);
    expect((await kv.status()).bucket).toBe(disabledBucket);
  });

  it('every service opening the bucket at the same moment gets it, and a watcher follows disable and enable live', async () => {
    const connections = await Promise.all((['planning', 'tasking', 'intel', 'debrief', 'identity'] as const).map((s) => federation.connectAgency('AU', s)));
    const buckets = await Promise.all(connections.map((nc) => openDisabledBucket(nc)));
    expect(new Set(await Promise.all(buckets.map(async (b) => (await b.status()).bucket)))).toEqual(new Set([disabledBucket]));
    const watcher = await watchDisabledPeople(connections[0]!);
    expect(watcher.has('subject-1')).toBe(false);
    await setDisabled(buckets[4]!, 'subject-1', true);
    await waitFor(() => expect(watcher.has('subject-1')).toBe(true));
    await setDisabled(buckets[2]!, 'subject-1', false);
    await waitFor(() => expect(watcher.has('subject-1')).toBe(false));
    watcher.stop();
  });
});
