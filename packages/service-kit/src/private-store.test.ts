import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { TestFederation } from '@concord/testkit';
import { PrivateStore } from './private-store.js';

describe('PrivateStore on a real JetStream', () => {
  let federation: TestFederation;
  let store: PrivateStore;
  beforeAll(async () => {
    federation = await TestFederation.start({ agencies: ['AU', 'ID'], services: false });
    store = await PrivateStore.open(await federation.connectAgency('AU'), 'TEST_PRIVATE');
  });
  afterAll(() => federation?.stop());

  const record = z.object({ n: z.number() });

  it('lists every record under a prefix, and only those', async () => {
    for (let n = 0; n < 5; n++) await store.put(`target.t${n}`, { n });
    await store.put('action.a1', { n: 99 });
    expect((await store.list('target', record)).map((r) => r.n).sort()).toEqual([0, 1, 2, 3, 4]);
    expect(await store.list('action', record)).toEqual([{ n: 99 }]);
  });

  it('reads back what it stored, forgets what it deleted, and reports a damaged record', async () => {
    await store.put('draft.d1', { n: 1 });
    expect(await store.get('draft.d1', record)).toEqual({ n: 1 });
    await store.delete('draft.d1');
    expect(await store.get('draft.d1', record)).toBeUndefined();
    await store.put('draft.d2', { n: 'not a number' });
    await expect(store.get('draft.d2', record)).rejects.toThrow(/private record draft.d2 is damaged/);
  });
});
