/**
 * Content that has no reason to exist any more leaves the store: superseded versions when a new one
 * arrives, and everything an alert carried (versions, feedback, forwarding reasons) when it is revoked
 * or expires. JetStream erases each event by overwriting it on disk. Every purge is audited. Expiry is
 * checked against the injected clock when the earliest active alert expires (and when an alert changes),
 * not every second.
 */
import { DueTimer } from '@concord/service-kit';
import type { AlertChange } from './alert-book.js';
import { audit, type IntelContext } from './intel-context.js';

export interface Retention {
  react(change: AlertChange): void;
  /** `longestSleepMs`: the longest it sleeps between two checks (default 60 s). */
  start(longestSleepMs?: number): void;
  stop(): Promise<void>;
}

export function retention(context: IntelContext): Retention {
  const { link, book, now, log } = context;
  let timer: DueTimer | undefined;
  /** The earliest expiry of an alert still active. */
  const nextExpiry = () => {
    let earliest: Date | undefined;
    for (const record of book.all()) if (record.status === 'active' && (!earliest || record.expiresAt < earliest)) earliest = record.expiresAt;
    return earliest;
  };
  const work = new Set<Promise<void>>();

  const erase = async (change: AlertChange) => {
    let erased = 0;
    for (const seq of change.erase) if (await link.erase(seq)) erased += 1;
    if (erased === 0) return;
    log.info({ alert: change.record.id, events: erased, because: change.kind }, 'alert content purged');
    await audit(context, { action: 'purged', actor: context.agency, subject: `alert:${change.record.id}`, detail: { events: erased, because: change.kind } });
  };

  return {
    react(change) {
      // A new or changed alert may expire before the one the timer waits for.
      if (change.record.status === 'active') timer?.wakeBy(change.record.expiresAt);
      if (change.erase.length === 0) return;
      const done = erase(change).catch((error: unknown) =>  log.error({ err: error, alert: change.record.id }, 'alert content could not be purged; retried at the next start'));
      work.add(done);
      void done.finally(() => work.delete(done));
    },
    start(longestSleepMs) {
      timer = new DueTimer(() => book.expire(now()), nextExpiry, { now, ...(longestSleepMs === undefined ? {} : { longestSleepMs }) });
      timer.start();
    },
    async stop() {
      timer?.stop();
      await Promise.allSettled([...work]);
    },
  };
}
