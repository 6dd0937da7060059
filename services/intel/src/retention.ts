/**
 * Content that has no reason to exist any more leaves the store: superseded versions when a new one
 * arrives, and everything an alert carried (versions, feedback, forwarding reasons) when it is revoked
 * or expires. JetStream erases each event by overwriting it on disk. Every purge is audited. Expiry is
 * checked every second against the injected clock.
 */
import type { AlertChange } from './alert-book.js';
import { audit, type IntelContext } from './intel-context.js';

export interface Retention {
  react(change: AlertChange): void;
  start(checkEveryMs?: number): void;
  stop(): Promise<void>;
}

export function retention(context: IntelContext): Retention {
  const { link, book, now, log } = context;
  let timer: NodeJS.Timeout | undefined;
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
      if (change.erase.length === 0) return;
      const done = erase(change).catch((error: unknown) => log.error({ err: error, alert: change.record.id }, 'alert content could not be purged; retried at the next start'));
      work.add(done);
      void done.finally(() => work.delete(done));
    },
    start(checkEveryMs = 1000) {
      book.expire(now());
      timer = setInterval(() => book.expire(now()), checkEveryMs);
    },
    async stop() {
      clearInterval(timer);
      await Promise.allSettled([...work]);
    },
  };
}
