/** Timeline: the operation's Gantt, live from WatchTimeline, and the same entries as a table. */
import { useEffect, useMemo, useState } from 'react';
import { FormattedMessage } from 'react-intl';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { Code, ConnectError } from '@connectrpc/connect';
import { PlanningService, type Operation } from '@concord/web-contracts/planning';
import { OperationPicker, useChosenOperation } from '../../components/operation-picker';
import { initialLocale } from '../../i18n/locales';
import { planning } from '../../rpc/clients';
import { retryPause } from '../../rpc/retry-pause';
import { mayCall, signIn } from '../../session/session';
import { useSession } from '../../session/session-context';
import { EntryTable } from './entry-table';
import { Gantt } from './gantt';
import { ganttEntriesOf } from './timeline-items';
import { useTimelineStream } from './use-timeline-stream';

const operationEventCases = new Set<string | undefined>(['operationTerms', 'operationResponse', 'operationTransition']);

export default function TimelineView() {
  const session = useSession();
  const [operationId, setOperationId] = useChosenOperation();
  const [operation, setOperation] = useState<Operation | undefined>(undefined);
  const [refreshFailed, setRefreshFailed] = useState(false);
  const [conflicting, setConflicting] = useState<ReadonlySet<string>>(new Set());
  const { entries, lost } = useTimelineStream(operationId);
  const ganttEntries = useMemo(() => ganttEntriesOf(entries), [entries]);
  const mayReadNotices = mayCall(session, PlanningService, 'ListNotices');

  // Only the operation's own events (terms, answers, transitions) change its rows or its period.
  const operationEvents = useMemo(() => entries.filter((entry) => operationEventCases.has(entry.detail.case)).length, [entries]);

  useEffect(() => {
    setOperation(undefined);
    setRefreshFailed(false);
  }, [operationId]);

  useEffect(() => {
    if (!operationId) return undefined;
    let current = true;
    // The operation shown so far stays until its successor arrives: no empty rows in between. A refresh
    // that fails for want of the console keeps it too, says so, and is tried again.
    const refresh = async (attempt: number): Promise<void> => {
      try {
        const { operation: fresh } = await planning.getOperation({ operationId });
        if (!current) return;
        setOperation(fresh);
        setRefreshFailed(false);
      } catch (error) {
        if (!current) return;
        const { code } = ConnectError.from(error);
        if (code === Code.Unauthenticated) return signIn(initialLocale());
        if (code === Code.NotFound || code === Code.PermissionDenied || code === Code.InvalidArgument) return setOperation(undefined);
        setRefreshFailed(true);
        await retryPause(attempt);
        if (current) return refresh(attempt + 1);
      }
    };
    void refresh(0);
    return () => {
      current = false;
    };
  }, [operationId, operationEvents]);

  useEffect(() => {
    if (!operationId || !mayReadNotices) return;
    // Notices are private to the team: a planner outside it is refused, and simply sees none marked.
    planning.listNotices({ operationId }).then(
      (response) => setConflicting(new Set(response.notices.flatMap((notice) => [notice.myActionId, notice.otherActionId]))),
      () => setConflicting(new Set()),
    );
  }, [operationId, mayReadNotices, ganttEntries.length]);

  // Compared by value: a refetched operation with the same rows and period leaves the viewer's zoom alone.
  const agencyList = operation ? [...operation.participants, ...operation.supporters].join(' ') : '';
  const agencies = useMemo(() => (agencyList ? agencyList.split(' ') : []), [agencyList]);
  const { start, end } = operation?.period ?? {};
  const startMs = start ? timestampDate(start).getTime() : undefined;
  const endMs = end ? timestampDate(end).getTime() : undefined;
  const period = useMemo(() => (startMs !== undefined && endMs !== undefined ? { start: new Date(startMs), end: new Date(endMs) } : undefined), [startMs, endMs]);

  return (
    <section aria-labelledby="timeline-heading">
      <h1 id="timeline-heading">
        <FormattedMessage id="timeline.heading" />
      </h1>
      <OperationPicker value={operationId} onChange={setOperationId} />
      {lost ? (
        <p role="status" className="banner banner-warning">
          <FormattedMessage id="timeline.connectionLost" />
        </p>
      ) : null}
      {refreshFailed && !lost ? (
        <p role="status" className="banner banner-warning">
          <FormattedMessage id="timeline.operationStale" />
        </p>
      ) : null}
      {operationId ? (
        <>
          <Gantt agencies={agencies} period={period} entries={ganttEntries} conflicting={conflicting} />
          <EntryTable entries={entries} />
        </>
      ) : null}
    </section>
  );
}
