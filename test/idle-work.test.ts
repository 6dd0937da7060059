/**
 * An idle agency keeps its JetStream quiet: its services' only requests are the consumers' periodic pulls
 * and a health check now and then, not a steady stream of API calls. And its services sleep: no timer
 * wakes every second to find nothing due.
 */
import { createHook } from 'node:async_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestFederation } from '@concord/testkit';

let federation: TestFederation;
/** Every timer made in this process from before the services start, by the source file of ours that made it. */
const timerOrigins = new Map<number, string>();
/** Timer callbacks by origin, while counting. */
let timerCallbacks: Map<string, number> | undefined;
const ourFrame = /\/((?:packages|services)\/[^/]+\/src\/[^:]+):/;
const timerHook = createHook({
  init: (id, type) => {
    if (type !== 'Timeout') return;
    const frames = (new Error().stack ?? '').split('\n').filter((line) => !line.includes('node_modules') && !line.includes('idle-work.test'));
    timerOrigins.set(id, frames.map((line) => ourFrame.exec(line)?.[1]).find((file) => file !== undefined) ?? 'libraries');
  },
  before: (id) => {
    const origin = timerOrigins.get(id);
    if (timerCallbacks && origin) timerCallbacks.set(origin, (timerCallbacks.get(origin) ?? 0) + 1);
  },
  destroy: (id) => void timerOrigins.delete(id),
});

beforeAll(async () => {
  timerHook.enable();
  federation = await TestFederation.start({ agencies: ['AU', 'ID'], services: ['AU'] });
});

afterAll(async () => {
  timerHook.disable();
  await federation?.stop();
});

async function apiRequests(): Promise<number> {
  const jsz = (await (await fetch(`${federation.prepared.endpoints.agencies.AU!.monitor}/jsz`)).json()) as { api: { total: number } };
  return jsz.api.total;
}

describe('an idle agency', () => {
  it('makes few JetStream API requests: five services in 12 s, at most ten', async () => {
    // Past start-up's own requests (streams, consumers, buckets).
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const before = await apiRequests();
    await new Promise((resolve) => setTimeout(resolve, 12_000));
    // Health checks every 2 s made 30 here.
    expect((await apiRequests()) - before).toBeLessThanOrEqual(10);
  });

  it('wakes its services only when something is due: timer callbacks in 12 idle s, at most 10 of our code and 24 of libraries', async () => {
    timerCallbacks = new Map();
    await new Promise((resolve) => setTimeout(resolve, 12_000));
    const counted = timerCallbacks;
    timerCallbacks = undefined;
    console.log(`timer callbacks in 12 idle s, by origin: ${JSON.stringify(Object.fromEntries(counted))}`);
    const ours = [...counted].filter(([origin]) => origin !== 'libraries').reduce((sum, [, n]) => sum + n, 0);
    // Polls every second (planning's transition clock, tasking's deadlines, intel's expiry) made 36, and
    // the store followers' stall watches, ticking while nothing was behind, 188.
    expect(ours).toBeLessThanOrEqual(10);
    // nats.js's heartbeat monitors: the store followers' and dispatchers' 5 s pulls (a heartbeat every 2.5 s)
    // made 54 in all; at 30 s pulls 14 remain, most of them the access lists' key-value watches (5 s).
    expect(counted.get('libraries') ?? 0).toBeLessThanOrEqual(24);
  });
});
