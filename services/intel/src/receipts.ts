/**
 * Signed delivery receipts: once this agency has verified, opened and stored a version of another
 * agency's alert, it tells the originator so. Idempotent: it sends only what its own store does not
 * show it sent, so a restart sends nothing twice and sends what a crash left unsent.
 */
import type { AlertChange } from './alert-book.js';
import type { AlertRecord } from './domain/alert-record.js';
import { publishIntel, type IntelContext } from './intel-context.js';

export interface Receipts {
  react(change: AlertChange): void;
  reconcile(): void;
}

export function receipts(context: IntelContext): Receipts {
  const { agency, log } = context;
  const sending = new Set<string>();

  const send = (record: AlertRecord) => {
    if (record.origin === agency || record.status !== 'active') return;
    if ((record.deliveries.get(agency)?.deliveredVersion ?? 0) >= record.version) return;
    const key = `${record.id}:${record.version}`;
    if (sending.has(key)) return;
    sending.add(key);
    publishIntel(context, 'alert.receipt', { alertId: record.id }, { version: record.version, status: 'delivered' }, [record.origin])
      .catch((error: unknown) => log.warn({ err: error, alert: record.id }, 'delivery receipt could not be sent; retried at the next start'))
      .finally(() => sending.delete(key));
  };

  return {
    react(change) {
      if (change.kind === 'published' || change.kind === 'updated') send(change.record);
    },
    reconcile() {
      for (const record of context.book.all()) send(record);
    },
  };
}
