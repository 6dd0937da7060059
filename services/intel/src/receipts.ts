/**
 * Signed delivery receipts, batched per originator: once this agency has verified, opened and stored a
 * version of another agency's alert, it owes the originator a receipt. Receipts owed to one originator
 * are gathered for a short window (or until a batch is full) and go out as one sealed, signed event,
 * so a burst of alerts costs each recipient one event back, not one per alert. Idempotent: it sends
 * only what its own store does not show it sent, so a restart sends nothing twice and sends what a
 * crash left unsent.
 */
import type { AlertChange } from './alert-book.js';
import type { AlertRecord } from './domain/alert-record.js';
import { publishIntel, type IntelContext } from './intel-context.js';
import { maxReceiptsPerBatch } from './intel-wire.js';

export interface ReceiptBatching {
  /** How long the first receipt owed to an originator waits for others to join it. */
  readonly windowMs: number;
  /** A batch this full goes out at once. */
  readonly maxPerBatch: number;
}

export const defaultReceiptBatching: ReceiptBatching = { windowMs: 20, maxPerBatch: maxReceiptsPerBatch };

export interface Receipts {
  react(change: AlertChange): void;
  reconcile(): void;
  /** Sends what is gathered now and waits for every batch under way: before the link stops. */
  flush(): Promise<void>;
}

/** Receipts owed to one originator: alert id to the newest version held. */
interface Batch {
  readonly versions: Map<string, number>;
  /** Every `alert:version` it settles, older versions it stands for included. */
  readonly keys: string[];
  readonly timer: NodeJS.Timeout;
}

export function receipts(context: IntelContext, batching: ReceiptBatching = defaultReceiptBatching): Receipts {
  const { agency, log } = context;
  const gathering = new Map<string, Batch>();
  /** `alert:version` gathered or under way, so a version is receipted once. */
  const owed = new Set<string>();
  const sending = new Set<Promise<void>>();

  const send = (origin: string) => {
    const batch = gathering.get(origin);
    if (!batch) return;
    gathering.delete(origin);
    clearTimeout(batch.timer);
    const receipts = [...batch.versions].map(([alertId, version]) => ({ alertId, version }));
    const sent = publishIntel(context, { type: 'alert.receipts', recipients: [origin], receipts })
      .catch((error: unknown) => log.warn({ err: error, origin, receipts: receipts.length }, 'delivery receipts could not be sent; retried at the next start'))
      .finally(() => {
        for (const key of batch.keys) owed.delete(key);
        sending.delete(sent);
      });
    sending.add(sent);
  };

  const gather = (record: AlertRecord) => {
    if (record.origin === agency || record.status !== 'active') return;
    if ((record.deliveries.get(agency)?.deliveredVersion ?? 0) >= record.version) return;
    const key = `${record.id}:${record.version}`;
    if (owed.has(key)) return;
    owed.add(key);
    let batch = gathering.get(record.origin);
    if (!batch) {
      batch = { versions: new Map(), keys: [], timer: setTimeout(() => send(record.origin), batching.windowMs) };
      gathering.set(record.origin, batch);
    }
    batch.keys.push(key);
    // A newer version gathered before the batch left stands for the older one.
    batch.versions.set(record.id, Math.max(batch.versions.get(record.id) ?? 0, record.version));
    if (batch.versions.size >= batching.maxPerBatch) send(record.origin);
  };

  return {
    react(change) {
      if (change.kind === 'published' || change.kind === 'updated') gather(change.record);
    },
    reconcile() {
      for (const record of context.book.all()) gather(record);
    },
    async flush() {
      for (const origin of [...gathering.keys()]) send(origin);
      await Promise.all([...sending]);
    },
  };
}
