import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestFederation } from '@concord/testkit';
import { openDisabledBucket, setDisabled, watchDisabledPeople } from './disabled-people.js';

describe('the disabled people of an agency, on a real JetStream', () => {
  let federation: TestFederation;
  beforeAll(async () => {
    federation = await TestFederation.start({ agencies: ['AU', 'ID'], services: false });
  });
  afterAll(() => federation?.stop());

  it('every service opening the bucket at the same moment gets it, and a watcher follows disable and enable live', async () => {
    const connections = await Promise.all(['planning', 'tasking', 'intel', 'debrief', 'identity'].map((s) => federation.connectAgency('AU', s as 'planning')));
    const buckets = await Promise.all(connections.map((nc) => openDisabledBucket(nc)));
    const watcher = await watchDisabledPeople(connections[0]!);
    await setDisabled(buckets[4]!, 'subject-1', true);
    await expect.poll(() => watcher.has('subject-1')).toBe(true);
    await setDisabled(buckets[2]!, 'subject-1', false);
    await expect.poll(() => watcher.has('subject-1')).toBe(false);
    watcher.stop();
  });
});
