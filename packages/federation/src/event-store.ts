/**
 * One capability's event store in the agency's own JetStream: the events it originated and the
 * verified events others sent it, append-only. It is the agency's copy of the shared record.
 */
import { DiscardPolicy, nanos, RetentionPolicy, StorageType, type JetStreamManager, type StreamConfig } from 'nats';
import type { Capability } from './capability.js';
import { StoreSubjects } from './subjects.js';

/**
 * JetStream de-duplicates within this window. Relays retry within seconds, so an hour is ample; the
 * link's own record of event keys catches later replays.
 */
const duplicateWindow = nanos(60 * 60_000);

export function eventStreamConfig(capability: Capability, maxEventBytes: number, erasable = false, replicas = 1): Partial<StreamConfig> & { name: string } {
  return {
    name: StoreSubjects.streamName(capability),
    subjects: [StoreSubjects.all(capability)],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.New,
    num_replicas: replicas,
    // Signature header and envelope; the limit keeps one agency from filling another's disk with one message.
    max_msg_size: maxEventBytes + 1024,
    duplicate_window: duplicateWindow,
    // Append-only: the record of what was shared is never edited. An erasable store (intel) may delete
    // single events, so that revoked or expired content leaves the disk; it can never be purged whole.
    deny_delete: !erasable,
    deny_purge: true,
  };
}

/** Creates the stream, or brings an existing one to the current configuration. */
export async function ensureStream(jsm: JetStreamManager, config: Partial<StreamConfig> & { name: string }): Promise<void> {
  try {
    await jsm.streams.info(config.name);
  } catch (error) {
    if ((error as { code?: string }).code !== '404') throw error;
    await jsm.streams.add(config);
    return;
  }
  await jsm.streams.update(config.name, config);
}
