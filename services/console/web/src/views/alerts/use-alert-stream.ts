/**
 * The agency's active alerts, live: WatchAlerts gives the current state, then every change, so a
 * receipt, a piece of feedback or a revocation shows without a reload. The stream carries no content;
 * kind and title come from ListAlerts, which, unlike opening an alert, is not audited as a read.
 * A lost stream is opened again and starts from the current state, so nothing stale stays.
 */
import { useEffect, useState } from 'react';
import { Code, ConnectError } from '@connectrpc/connect';
import { AlertChangeKind, AlertStatus, type Alert, type AlertContent } from '@concord/web-contracts/intel';
import { initialLocale } from '../../i18n/locales';
import { intel } from '../../rpc/clients';
import { retryPause } from '../../rpc/retry-pause';
import { signIn } from '../../session/session';

export interface AlertStream {
  /** Active alerts by id, newest first. */
  readonly alerts: readonly Alert[];
  /** Kind and title per alert id and version (`id@version`). */
  readonly headlines: ReadonlyMap<string, AlertContent>;
  /** The stream is down and being retried. */
  readonly lost: boolean;
}

const gone = new Set([AlertChangeKind.REVOKED, AlertChangeKind.EXPIRED]);

export const headlineKey = (alert: Alert) => `${alert.id}@${alert.version}`;

const newestFirst = (a: Alert, b: Alert) => Number((b.publishedAt?.seconds ?? 0n) - (a.publishedAt?.seconds ?? 0n)) || a.id.localeCompare(b.id);

export function useAlertStream(): AlertStream {
  const [byId, setById] = useState<ReadonlyMap<string, Alert>>(new Map());
  const [headlines, setHeadlines] = useState<ReadonlyMap<string, AlertContent>>(new Map());
  const [lost, setLost] = useState(false);

  useEffect(() => {
    const abort = new AbortController();
    const titled = new Set<string>();
    const fetchHeadlines = () =>
      intel.listAlerts({}, { signal: abort.signal }).then(
        (response) => {
          const next = new Map<string, AlertContent>();
          for (const alert of response.alerts) if (alert.content) next.set(headlineKey(alert), alert.content);
          for (const key of next.keys()) titled.add(key);
          setHeadlines(next);
        },
        () => undefined,
      );
    const follow = async (attempt: number): Promise<void> => {
      let current = new Map<string, Alert>();
      setById(current);
      try {
        for await (const message of intel.watchAlerts({}, { signal: abort.signal })) {
          const alert = message.alert;
          if (!alert) continue;
          attempt = 0;
          current = new Map(current);
          if (gone.has(message.change) || alert.status !== AlertStatus.ACTIVE) current.delete(alert.id);
          else current.set(alert.id, alert);
          setById(current);
          setLost(false);
          if (current.has(alert.id) && !titled.has(headlineKey(alert))) {
            titled.add(headlineKey(alert));
            void fetchHeadlines();
          }
        }
      } catch (error) {
        if (abort.signal.aborted) return;
        if (ConnectError.from(error).code === Code.Unauthenticated) return signIn(initialLocale());
      }
      if (abort.signal.aborted) return;
      setLost(true);
      await retryPause(attempt);
      if (!abort.signal.aborted) return follow(attempt + 1);
    };
    void follow(0);
    return () => abort.abort();
  }, []);

  return { alerts: [...byId.values()].sort(newestFirst), headlines, lost };
}
