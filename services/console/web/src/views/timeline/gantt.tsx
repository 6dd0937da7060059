/**
 * The Gantt of an operation: one row per agency, its released actions and milestones, the designated
 * period as a background band, deconfliction notices marked. Drawn by vis-timeline in the chosen zone.
 */
import { useEffect, useRef } from 'react';
import { useIntl } from 'react-intl';
import { DataSet } from 'vis-data/peer/esm/vis-data.js';
import { Timeline, type DataItem, type TimelineGroup, type TimelineOptions } from 'vis-timeline/peer';
import 'vis-timeline/styles/vis-timeline-graph2d.min.css';
import { ActionKind } from '@concord/web-contracts/planning';
import { useZone } from '../../time/zone-provider';
import { zonedAxis } from './axis-labels';
import type { GanttEntry } from './timeline-items';

interface GanttProps {
  readonly agencies: readonly string[];
  readonly period: { readonly start: Date; readonly end: Date } | undefined;
  readonly entries: readonly GanttEntry[];
  /** Ids of this agency's and others' actions a deconfliction notice names. */
  readonly conflicting: ReadonlySet<string>;
}

const periodItemId = 'designated-period';

export function Gantt({ agencies, period, entries, conflicting }: GanttProps) {
  const intl = useIntl();
  const { zone } = useZone();
  const container = useRef<HTMLDivElement>(null);
  const timeline = useRef<Timeline | undefined>(undefined);
  const items = useRef(new DataSet<DataItem>());
  const groups = useRef(new DataSet<TimelineGroup>());

  useEffect(() => {
    if (!container.current) return undefined;
    const created = new Timeline(container.current, items.current, groups.current, { stack: true, zoomKey: 'ctrlKey', orientation: 'top' });
    timeline.current = created;
    return () => {
      created.destroy();
      timeline.current = undefined;
    };
  }, []);

  useEffect(() => {
    const options: TimelineOptions = {
      ...zonedAxis(intl.locale, zone),
      locale: intl.locale,
      ...(period ? { start: period.start, end: period.end } : {}),
    };
    timeline.current?.setOptions(options);
  }, [zone, intl.locale, period]);

  useEffect(() => {
    groups.current.clear();
    groups.current.add(agencies.map((agency, order) => ({ id: agency, content: agency, order })));
  }, [agencies]);

  useEffect(() => {
    const next: DataItem[] = entries.map((entry) => {
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
    if (period) next.push({ id: periodItemId, start: period.start, end: period.end, content: '', type: 'background', className: 'designated-period' });
    const keep = new Set(next.map((item) => item.id));
    items.current.remove(items.current.getIds().filter((id) => !keep.has(id)));
    items.current.update(next);
  }, [entries, conflicting, period, intl]);

  return <div ref={container} className="gantt" role="img" aria-label={intl.formatMessage({ id: 'timeline.ganttLabel' })} />;
}
