/**
 * What vis-timeline draws for the Gantt: one row per agency, each entry as a bar labelled in the viewer's
 * language (conflicting ones marked in text and by class), the designated period as a background band.
 * Plain strings and class names only: vis-timeline writes them straight into each bar, no template.
 */
import type { IntlShape } from 'react-intl';
import type { DataItem, TimelineGroup } from 'vis-timeline/peer';
import { ActionKind } from '@concord/web-contracts/planning';
import type { GanttEntry } from './timeline-items';

export const periodItemId = 'designated-period';

export function ganttGroupsOf(agencies: readonly string[]): TimelineGroup[] {
  return agencies.map((agency, order) => ({ id: agency, content: agency, order }));
}

export function ganttItemsOf(
  entries: readonly GanttEntry[],
  conflicting: ReadonlySet<string>,
  period: { readonly start: Date; readonly end: Date } | undefined,
  intl: IntlShape,
): DataItem[] {
  const items: DataItem[] = entries.map((entry) => {
    const conflict = conflicting.has(entry.id);
    const label =
      entry.kind === 'action'
        ? intl.formatMessage({ id: 'timeline.actionItem' }, { kind: intl.formatMessage({ id: `action.kind.${ActionKind[entry.action.kind]}` }), jurisdiction: entry.action.jurisdiction })
        : intl.formatMessage({ id: 'timeline.milestoneItem' }, { title: entry.milestone.title });
    const content = conflict ? intl.formatMessage({ id: 'timeline.conflictItem' }, { label }) : label;
    return {
      id: entry.id,
      group: entry.agency,
      start: entry.start,
      end: entry.end,
      content,
      title: content,
      className: `entry-${entry.kind}${conflict ? ' entry-conflict' : ''} entry-${entry.id}`,
    };
  });
  if (period) items.push({ id: periodItemId, start: period.start, end: period.end, content: '', type: 'background', className: 'designated-period' });
  return items;
}
