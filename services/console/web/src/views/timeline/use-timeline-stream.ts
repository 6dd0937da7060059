/**
 * An operation's shared timeline, live: WatchTimeline from the start, then each entry as this agency
 * stores it. A lost connection is retried from the last cursor seen, so nothing is missed or doubled.
 */
import { useEffect, useState } from 'react';
import { Code, ConnectError } from '@connectrpc/connect';
import type { TimelineEntry } from '@concord/web-contracts/planning';
import { initialLocale } from '../../i18n/locales';
import { planning } from '../../rpc/clients';
import { retryPause } from '../../rpc/retry-pause';
import { signIn } from '../../session/session';

export interface TimelineStream {
  readonly entries: readonly TimelineEntry[];
  /** The stream is down and being retried. */
  readonly lost: boolean;
}


export function useTimelineStream(operationId: string): TimelineStream {
  const [stream, setStream] = useState<TimelineStream>({ entries: [], lost: false });
  useEffect(() => {
    setStream({ entries: [], lost: false });
    if (!operationId) return undefined;
    const abort = new AbortController();
    let cursor = 0n;
    const follow = async (attempt: number): Promise<void> => {
      try {
        // The answer's headers mean the console is reachable again: the banner goes even before a new entry does.
        const reconnected = () => setStream((previous) => (previous.lost ? { ...previous, lost: false } : previous));
        for await (const message of planning.watchTimeline({ operationId, afterCursor: cursor }, { signal: abort.signal, onHeader: reconnected })) {
          // The server resumes after the cursor; the check keeps a repeated delivery from showing twice.
          if (message.cursor <= cursor || !message.entry) continue;
          cursor = message.cursor;
          const entry = message.entry;
          attempt = 0;
          setStream((previous) => ({ entries: [...previous.entries, entry], lost: false }));
        }
      } catch (error) {
        if (abort.signal.aborted) return;
        if (ConnectError.from(error).code === Code.Unauthenticated) return signIn(initialLocale());
      }
      if (abort.signal.aborted) return;
      setStream((previous) => ({ ...previous, lost: true }));
      await retryPause(attempt);
      if (!abort.signal.aborted) return follow(attempt + 1);
    };
    void follow(0);
    return () => abort.abort();
  }, [operationId]);
  return stream;
}
