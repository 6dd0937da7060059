/**
 * The Gantt of an operation: one row per agency, its released actions and milestones, the designated
 * period as a background band, deconfliction notices marked. Drawn by vis-timeline in the chosen zone.
 */
import { useEffect, useMemo, useRef } from 'react';
import { useIntl } from 'react-intl';
import type { TimelineOptions } from 'vis-timeline/peer';
import 'vis-timeline/styles/vis-timeline-graph2d.min.css';
import { useZone } from '../../time/zone-provider';
import { zonedAxis } from './axis-labels';
import { GanttDrawing } from './gantt-drawing';
import { ganttGroupsOf, ganttItemsOf } from './gantt-items';
import type { GanttEntry } from './timeline-items';

interface GanttProps {
  readonly agencies: readonly string[];
  readonly period: { readonly start: Date; readonly end: Date } | undefined;
  readonly entries: readonly GanttEntry[];
  /** Ids of this agency's and others' actions a deconfliction notice names. */
  readonly conflicting: ReadonlySet<string>;
}

export function Gantt({ agencies, period, entries, conflicting }: GanttProps) {
  const intl = useIntl();
  const { zone } = useZone();
  const container = useRef<HTMLDivElement>(null);
  const drawing = useRef<GanttDrawing | undefined>(undefined);

  const groups = useMemo(() => ganttGroupsOf(agencies), [agencies]);
  const items = useMemo(() => ganttItemsOf(entries, conflicting, period, intl), [entries, conflicting, period, intl]);
  const options = useMemo(
    (): TimelineOptions => ({ ...zonedAxis(intl.locale, zone), locale: intl.locale, ...(period ? { start: period.start, end: period.end } : {}) }),
    [zone, intl.locale, period],
  );

  useEffect(() => {
    if (!container.current) return undefined;
    const created = new GanttDrawing(container.current);
    drawing.current = created;
    return () => {
      created.destroy();
      drawing.current = undefined;
    };
  }, []);

  useEffect(() => drawing.current?.show({ groups, items, options }), [groups, items, options]);

  return <div ref={container} className="gantt" role="img" aria-label={intl.formatMessage({ id: 'timeline.ganttLabel' })} />;
}
