/**
 * Keeps one vis-timeline Timeline showing the rows, items and options it is given, handing them over in
 * the order that lets vis-timeline measure the items together. vis-timeline measures an item the moment
 * it joins a row already on the page (a forced layout each: 1,000 for a 1,000-entry operation), but
 * measures all the items of a row in one pass at that row's first redraw. So the Timeline is created once,
 * with its options and items in hand, and its rows are added last. Later changes pass on only what changed.
 */
import { DataSet } from 'vis-data/peer/esm/vis-data.js';
import { Timeline, type DataItem, type TimelineGroup, type TimelineOptions } from 'vis-timeline/peer';

export interface GanttPicture {
  readonly groups: readonly TimelineGroup[];
  readonly items: readonly DataItem[];
  /** Options that follow the viewer's choices (zone, language, window); compared by identity. */
  readonly options: TimelineOptions;
}

/** More new or changed bars than this at once (a backlog, a reconnect) are handed over as at creation. */
const manyAtOnce = 20;

const fixedOptions: TimelineOptions = { stack: true, zoomKey: 'ctrlKey', orientation: 'top' };

type Row = TimelineGroup | DataItem;
type Id = string | number;

/** What `apply` needs of a vis-data DataSet. */
interface RowStore<T> {
  remove(ids: Id[]): unknown;
  update(rows: T[]): unknown;
}

/** The rows or items of `next` that `shown` does not hold as they are, and the ids `shown` holds that `next` lacks. */
function changes<T extends Row>(shown: ReadonlyMap<Id | undefined, T>, next: readonly T[]): { changed: T[]; gone: Id[] } {
  const kept = new Set(next.map((row) => row.id));
  return {
    changed: next.filter((row) => !sameRow(shown.get(row.id), row)),
    gone: [...shown.keys()].filter((id): id is Id => id !== undefined && !kept.has(id)),
  };
}

function sameRow(a: Row | undefined, b: Row): boolean {
  if (!a) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => sameValue(a[key as keyof Row], b[key as keyof Row]));
}

function sameValue(a: unknown, b: unknown): boolean {
  return a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;
}

/** Applies `next` to a DataSet in one update and one removal, so vis-timeline redraws once for the lot. */
function apply<T extends Row>(data: RowStore<T>, shown: Map<Id | undefined, T>, next: readonly T[], { changed, gone } = changes(shown, next)): void {
  if (gone.length > 0) data.remove(gone);
  if (changed.length > 0) data.update(changed);
  shown.clear();
  for (const row of next) shown.set(row.id, row);
}

export class GanttDrawing {
  readonly #container: HTMLElement;
  readonly #items = new DataSet<DataItem>();
  readonly #groups = new DataSet<TimelineGroup>();
  readonly #shownItems = new Map<Id | undefined, DataItem>();
  readonly #shownGroups = new Map<Id | undefined, TimelineGroup>();
  #options: TimelineOptions | undefined;
  #timeline: Timeline | undefined;

  constructor(container: HTMLElement) {
    this.#container = container;
  }

  show({ groups, items, options }: GanttPicture): void {
    if (!this.#timeline) {
      apply<DataItem>(this.#items, this.#shownItems, items);
      this.#timeline = new Timeline(this.#container, this.#items, this.#groups, { ...fixedOptions, ...options });
      this.#options = options;
      apply<TimelineGroup>(this.#groups, this.#shownGroups, groups);
      return;
    }
    if (options !== this.#options) {
      this.#timeline.setOptions(options);
      this.#options = options;
    }
    const itemChanges = changes(this.#shownItems, items);
    if (itemChanges.changed.length > manyAtOnce) {
      // Into rows already drawn each bar would be measured alone: take the rows off, hand the bars over, put the rows back.
      this.#groups.clear();
      this.#shownGroups.clear();
      apply<DataItem>(this.#items, this.#shownItems, items, itemChanges);
      apply<TimelineGroup>(this.#groups, this.#shownGroups, groups);
      return;
    }
    apply<TimelineGroup>(this.#groups, this.#shownGroups, groups);
    apply<DataItem>(this.#items, this.#shownItems, items, itemChanges);
  }

  destroy(): void {
    this.#timeline?.destroy();
    this.#timeline = undefined;
  }
}
