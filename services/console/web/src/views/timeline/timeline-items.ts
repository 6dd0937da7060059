/**
 * Folds timeline entries into what the Gantt draws: the latest state of each released action and each
 * milestone (a cancelled one disappears), in the row of the agency that issued it.
 */
import { timestampDate } from '@bufbuild/protobuf/wkt';
import type { Milestone, NationalAction, TimelineEntry } from '@concord/web-contracts/planning';

export type GanttEntry =
  | { readonly kind: 'action'; readonly id: string; readonly agency: string; readonly start: Date; readonly end: Date; readonly action: NationalAction }
  | { readonly kind: 'milestone'; readonly id: string; readonly agency: string; readonly start: Date; readonly end: Date; readonly milestone: Milestone };

export function ganttEntriesOf(entries: readonly TimelineEntry[]): GanttEntry[] {
  const byId = new Map<string, GanttEntry>();
  for (const entry of entries) {
    if (entry.ignored) continue;
    const detail = entry.detail;
    if (detail.case === 'action') {
      const { start, end } = detail.value.window ?? {};
      if (!start || !end) continue;
      byId.set(detail.value.id, { kind: 'action', id: detail.value.id, agency: entry.originAgency, start: timestampDate(start), end: timestampDate(end), action: detail.value });
    } else if (detail.case === 'milestone') {
      const { start, end } = detail.value.window ?? {};
      if (detail.value.cancelled || !start || !end) {
        byId.delete(detail.value.id);
        continue;
      }
      byId.set(detail.value.id, { kind: 'milestone', id: detail.value.id, agency: entry.originAgency, start: timestampDate(start), end: timestampDate(end), milestone: detail.value });
    }
  }
  return [...byId.values()];
}
