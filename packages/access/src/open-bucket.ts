/**
 * Opens (or creates) a key-value bucket of the agency's internal account. Every service of the agency
 * may open the same bucket at the same moment: the server may refuse all but one of the simultaneous
 * creations ("subjects overlap with an existing stream"); the others find it made on the next try.
 */
import type { KV, KvOptions, NatsConnection } from 'nats';

export async function openBucket(nc: NatsConnection, name: string, options: Partial<KvOptions>): Promise<KV> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await nc.jetstream().views.kv(name, options);
    } catch (error) {
      if (attempt >= 5 || !/overlap|already in use/i.test(String((error as Error).message))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}
