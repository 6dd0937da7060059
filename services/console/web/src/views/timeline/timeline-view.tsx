/** Timeline: the operation's Gantt, live from WatchTimeline, and the same entries as a table. */
import { useEffect, useMemo, useState } from 'react';
import { FormattedMessage } from 'react-intl';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { PlanningService, type Operation } from '@concord/web-contracts/planning';
import { OperationPicker, useChosenOperation } from '../../components/operation-picker';
import { planning } from '../../rpc/clients';
import { mayCall } from '../../session/session';
import { useSession } from '../../session/session-context';
import { EntryTable } from './entry-table';
import { Gantt } from './gantt';
import { ganttEntriesOf } from './timeline-items';
import { useTimelineStream } from './use-timeline-stream';

export default function TimelineView() {
  const session = useSession();
  const [operationId, setOperationId] = useChosenOperation();
  const [operation, setOperation] = useState<Operation | undefined>(undefined);
  const [conflicting, setConflicting] = useState<ReadonlySet<string>>(new Set());
  const { entries, lost } = useTimelineStream(operationId);
  const ganttEntries = useMemo(() => ganttEntriesOf(entries), [entries]);
  const mayReadNotices = mayCall(session, PlanningService, 'ListNotices');

  useEffect(() => {
    setOperation(undefined);
    if (!operationId) return;
    planning.getOperation({ operationId }).then(
      (response) => setOperation(response.operation),
      () => setOperation(undefined),
    );
  }, [operationId, entries.length]);

  useEffect(() => {
    if (!operationId || !mayReadNotices) return;
    // Notices are private to the team: a planner outside it is refused, and simply sees none marked.
    planning.listNotices({ operationId }).then(
      (response) => setConflicting(new Set(response.notices.flatMap((notice) => [notice.myActionId, notice.otherActionId]))),
      () => setConflicting(new Set()),
    );
  }, [operationId, mayReadNotices, ganttEntries.length]);

  const agencies = useMemo(() => (operation ? [...operation.participants, ...operation.supporters] : []), [operation]);
  const period = useMemo(() => {
    const { start, end } = operation?.period ?? {};
    return start && end ? { start: timestampDate(start), end: timestampDate(end) } : undefined;
  }, [operation]);

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
      {operationId ? (
        <>
          <Gantt agencies={agencies} period={period} entries={ganttEntries} conflicting={conflicting} />
          <EntryTable entries={entries} />
        </>
      ) : null}
    </section>
  );
}
