/** Every timeline entry in the federation-wide order, as text: what the Gantt shows, readable by anyone. */
import { FormattedMessage } from 'react-intl';
import type { TimelineEntry } from '@concord/web-contracts/planning';
import { ColumnHeads } from '../../components/column-heads';
import { useFormatInstant } from '../../time/format';

const columns = ['timeline.column.issued', 'timeline.column.agency', 'timeline.column.type', 'timeline.column.summary'] as const;

export function EntryTable({ entries }: { readonly entries: readonly TimelineEntry[] }) {
  const formatInstant = useFormatInstant();
  return (
    <table className="entries">
      <caption>
        <FormattedMessage id="timeline.entriesCaption" values={{ count: entries.length }} />
      </caption>
      <ColumnHeads columns={columns} />
      <tbody>
        {entries.map((entry) => (
          <tr key={entry.eventId} data-event={entry.eventId}>
            <td>{formatInstant(entry.issuedAt)}</td>
            <td>{entry.originAgency}</td>
            <td>
              <code>{entry.type}</code>
            </td>
            <td>{entry.summary}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
