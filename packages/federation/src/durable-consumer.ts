/** Creates or reuses the durable consumers that deliver this agency's own events. */
import type { ConsumerConfig, ConsumerInfo, JetStreamManager } from 'nats';

/**
 * How long one pull of a consumer waits on the server. nats.js 2.29 notices a pull lost with a node
 * (the consumer's leader died) only after two missed heartbeats of half this, and waits this long
 * between checks while the consumer cannot be asked: at its default of 30 s, a relay or a store
 * follower stood still for 30 s after one node of three was killed.
 */
export const pullExpiresMs = 5_000;

/**
 * Creates the durable consumer, or brings one made by an older version (a longer ack deadline) to the
 * current settings; the durable keeps its position either way.
 */
export async function addOrUpdateConsumer(jsm: JetStreamManager, stream: string, config: Partial<ConsumerConfig> & { durable_name: string }): Promise<void> {
  try {
    const existing = await jsm.consumers.info(stream, config.durable_name);
    if (existing.config.ack_wait !== config.ack_wait || existing.config.max_ack_pending !== config.max_ack_pending) {
      await jsm.consumers.update(stream, config.durable_name, { ack_wait: config.ack_wait, max_ack_pending: config.max_ack_pending });
    }
  } catch (error) {
    if (!isNotFound(error)) throw error;
    await jsm.consumers.add(stream, config);
  }
}

/** Removes a durable consumer; one already gone is fine. */
export async function deleteConsumer(jsm: JetStreamManager, stream: string, name: string): Promise<void> {
  try {
    await jsm.consumers.delete(stream, name);
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}

/** The stream's consumers by name: one paged listing (256 a page), not one request per consumer. */
export async function consumersOf(jsm: JetStreamManager, stream: string): Promise<Map<string, ConsumerInfo>> {
  const consumers = new Map<string, ConsumerInfo>();
  for await (const info of jsm.consumers.list(stream)) consumers.set(info.name, info);
  return consumers;
}

/** Names of the stream's durable consumers whose name starts with `prefix`. */
export async function durablesNamed(jsm: JetStreamManager, stream: string, prefix: string): Promise<string[]> {
  return [...(await consumersOf(jsm, stream)).keys()].filter((name) => name.startsWith(prefix));
}

function isNotFound(error: unknown): boolean {
  return (error as { code?: string }).code === '404';
}
