/**
 * An idle agency keeps its JetStream quiet: its services' only requests are the consumers' periodic pulls
 * and a health check now and then, not a steady stream of API calls.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestFederation } from '@concord/testkit';

let federation: TestFederation;

beforeAll(async () => {
  federation = await TestFederation.start({ agencies: ['AU', 'ID'], services: ['AU'] });
});

afterAll(async () => {
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
});
