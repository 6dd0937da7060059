/**
 * This agency's view of its operations and their shared timeline, folded from its event store.
 *
 * Every agency sorts entries by (hybrid logical clock, origin agency, event id), so every view of an
 * operation lists the same entries in the same order, whatever order they arrived in. An operation's
 * state is the fold of its entries in that order. An entry that lands at the end is folded at once; one
 * that lands before the end (it arrived late) marks the operation stale, and the fold runs again when the
 * view is next read: a burst of late entries costs one fold, not one per entry. That fold starts from the
 * last checkpoint (a copy of the view, kept every `checkpointEvery` entries) before the earliest late
 * entry, not from the operation's first entry: late entries of a catch-up land near the end.
 */
import type { StoredEvent } from '@concord/federation';
import { Code, ConcordError } from '@concord/errors';
import { cloneView, emptyView, evolveView, type OperationView } from './domain/operation-view.js';
import type { PlanningEvent } from './domain/planning-event.js';

/** Event types that carry the mechanics of deconfliction, not the timeline people read. */
const internalTypes: ReadonlySet<string> = new Set<PlanningEvent['type']>(['deconfliction.key', 'deconfliction.tokens', 'deconfliction.match']);

export interface TimelineItem {
  /** This agency's store sequence: arrival order here, the cursor of a watch. */
  readonly seq: number;
  readonly eventId: string;
  readonly operationId: string;
  readonly origin: string;
  readonly type: string;
  readonly issuedAt: Date;
  readonly hlc: string;
  readonly event: PlanningEvent;
}

type SortKey = readonly [hlc: string, origin: string, eventId: string];

const keyOf = (item: TimelineItem): SortKey => [item.hlc, item.origin, item.eventId];

function compareKeys(a: SortKey, b: SortKey): number {
  for (let i = 0; i < 3; i++) {
    if (a[i]! < b[i]!) return -1;
    if (a[i]! > b[i]!) return 1;
  }
  return 0;
}

/** Where `key` would go in `items`: after every entry that sorts before or equal to it. */
function indexAfter(items: readonly TimelineItem[], key: SortKey): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareKeys(keyOf(items[mid]!), key) <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Page tokens name the last entry returned, so a page stays right when older entries arrive late. */
export function encodePageToken(item: TimelineItem): string {
  return Buffer.from(JSON.stringify(keyOf(item))).toString('base64url');
}

function decodePageToken(token: string): SortKey {
  try {
    const key: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === 3 && key.every((part) => typeof part === 'string')) return key as unknown as SortKey;
  } catch {
    // fall through to the error below
  }
  throw ConcordError.invalid([{ path: 'page_token', message: 'is not a token this service issued' }]);
}

export interface TimelineFilter {
  readonly operationId?: string;
  /** Only entries issued by this agency. */
  readonly agency?: string;
  /** An event type ("action.released") or its first word ("action"). */
  readonly kinds?: readonly string[];
  /** Issued at or after. */
  readonly from?: Date;
  /** Issued before. */
  readonly to?: Date;
}

/** Whether an entry belongs on the timeline people read and filters select it. */
export function matches(item: TimelineItem, filter: TimelineFilter): boolean {
  if (internalTypes.has(item.type)) return false;
  if (filter.operationId && item.operationId !== filter.operationId) return false;
  if (filter.agency && item.origin !== filter.agency) return false;
  if (filter.kinds && filter.kinds.length > 0 && !filter.kinds.some((kind) => item.type === kind || item.type.startsWith(`${kind}.`))) return false;
  if (filter.from && item.issuedAt < filter.from) return false;
  if (filter.to && item.issuedAt >= filter.to) return false;
  return true;
}

export interface TimelinePage {
  readonly items: readonly TimelineItem[];
  readonly nextPageToken: string;
}

/** The view folded from the first `index` entries of an operation, kept to fold on from. */
interface Checkpoint {
  readonly index: number;
  readonly view: OperationView;
}

interface OperationEntries {
  readonly items: TimelineItem[];
  /** The index of the earliest entry that landed late since the last fold (Infinity: none, the view is fresh). */
  staleFrom: number;
  view: OperationView;
  /** Event id to why the rules ignored it, from the last fold. */
  ignored: Map<string, string>;
  /** In index order, the newest `maxCheckpoints` only: memory stays a few views per operation. */
  checkpoints: Checkpoint[];
}

/** Checkpoints kept per operation: a late entry further back than these folds from the first entry. */
const maxCheckpoints = 8;

/** Entries stored together (in one turn of the event loop), in store order. */
export type TimelineListener = (items: readonly TimelineItem[]) => void;

export class PlanningProjection {
  readonly #operations = new Map<string, OperationEntries>();
  readonly #timeline: TimelineItem[] = [];
  /** In store order, which is the order of `seq`: what a watch replays. */
  readonly #arrivals: TimelineItem[] = [];
  readonly #listeners = new Set<TimelineListener>();
  readonly #byEventId = new Map<string, TimelineItem>();
  /** Stored and not yet told to the listeners. */
  #untold: TimelineItem[] = [];
  #folds = 0;
  #refolded = 0;

  /**
   * `onListenerError` hears a listener that threw: listeners are told outside the caller's stack (after a
   * `setImmediate`), where an exception would end the process, and one failing watch must not keep the
   * others from hearing.
   */
  constructor(
    private readonly onListenerError: (error: unknown) => void = (error) => process.emitWarning(`a timeline listener failed: ${String(error)}`),
    private readonly checkpointEvery = 256,
  ) {}

  /** How often an operation was folded again after late entries. */
  get folds(): number {
    return this.#folds;
  }

  /** Entries folded again in those folds: what late entries cost. */
  get refolded(): number {
    return this.#refolded;
  }

  /** The entry of one event, if this agency holds it. */
  item(eventId: string): TimelineItem | undefined {
    return this.#byEventId.get(eventId);
  }

  /** Adds a stored event, already opened into its domain event. */
  apply(stored: StoredEvent, event: PlanningEvent): TimelineItem {
    const { envelope } = stored;
    const item: TimelineItem = {
      seq: stored.seq,
      eventId: envelope.id,
      operationId: envelope.scope,
      origin: envelope.origin,
      type: event.type,
      issuedAt: new Date(envelope.issuedAt),
      hlc: envelope.hlc,
      event,
    };
    let entries = this.#operations.get(item.operationId);
    if (!entries) {
      entries = { items: [], staleFrom: Infinity, view: emptyView(), ignored: new Map(), checkpoints: [] };
      this.#operations.set(item.operationId, entries);
    }
    const at = indexAfter(entries.items, keyOf(item));
    entries.items.splice(at, 0, item);
    if (at === entries.items.length - 1 && entries.staleFrom === Infinity) {
      this.#step(entries, item);
      this.#keepCheckpoint(entries, at + 1);
    } else {
      entries.staleFrom = Math.min(entries.staleFrom, at);
      // A checkpoint past the late entry folded a different list of entries before it.
      while ((entries.checkpoints.at(-1)?.index ?? 0) > at) entries.checkpoints.pop();
    }
    this.#timeline.splice(indexAfter(this.#timeline, keyOf(item)), 0, item);
    this.#arrivals.push(item);
    this.#byEventId.set(item.eventId, item);
    this.#tell(item);
    return item;
  }

  /** Entries stored after `cursor`, in store order. */
  arrivedAfter(cursor: number, filter: TimelineFilter): TimelineItem[] {
    let low = 0;
    let high = this.#arrivals.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.#arrivals[mid]!.seq <= cursor) low = mid + 1;
      else high = mid;
    }
    return this.#arrivals.slice(low).filter((item) => matches(item, filter));
  }

  /**
   * Listeners hear of entries once the burst they came in is stored: a watch that reads each entry's
   * ignored reason then folds a burst of late entries once, not once per entry (catching up with a
   * backlog from several agencies, nearly every entry lands before the end).
   */
  #tell(item: TimelineItem): void {
    if (this.#listeners.size === 0) return;
    this.#untold.push(item);
    if (this.#untold.length > 1) return;
    setImmediate(() => {
      const items = this.#untold;
      this.#untold = [];
      for (const listener of this.#listeners) {
        try {
          listener(items);
        } catch (error) {
          this.onListenerError(error);
        }
      }
    });
  }

  /** Calls `listener` with every entry stored from now on; returns the way to stop. */
  subscribe(listener: TimelineListener): () => void {
    // Entries stored before now may still wait in the untold burst: a watch read them with its backlog.
    const from = this.#arrivals.at(-1)?.seq ?? 0;
    const fromNow: TimelineListener = (items) => {
      const fresh = items[0] && items[0].seq <= from ? items.filter((item) => item.seq > from) : items;
      if (fresh.length > 0) listener(fresh);
    };
    this.#listeners.add(fromNow);
    return () => this.#listeners.delete(fromNow);
  }

  view(operationId: string): OperationView {
    const entries = this.#operations.get(operationId);
    return entries ? this.#fresh(entries).view : emptyView();
  }

  views(): OperationView[] {
    return [...this.#operations.values()].map((entries) => this.#fresh(entries).view);
  }

  ignoredReason(item: TimelineItem): string | undefined {
    const entries = this.#operations.get(item.operationId);
    return entries ? this.#fresh(entries).ignored.get(item.eventId) : undefined;
  }

  page(query: TimelineFilter & { pageSize: number; pageToken?: string }): TimelinePage {
    const source = query.operationId ? this.#operations.get(query.operationId)?.items : this.#timeline;
    if (!source) throw new ConcordError(Code.NotFound, `operation ${query.operationId} is not known to this agency`);
    // Internal entries never match, so a page fills with readable ones.
    let index = query.pageToken ? indexAfter(source, decodePageToken(query.pageToken)) : 0;
    const items: TimelineItem[] = [];
    for (; index < source.length && items.length < query.pageSize; index++) {
      if (matches(source[index]!, query)) items.push(source[index]!);
    }
    const more = source.slice(index).some((item) => matches(item, query));
    const last = items.at(-1);
    return { items, nextPageToken: more && last ? encodePageToken(last) : '' };
  }

  /** Every entry of an operation that matches, in timeline order. */
  entries(operationId: string, filter: TimelineFilter = {}): TimelineItem[] {
    return (this.#operations.get(operationId)?.items ?? []).filter((item) => matches(item, filter));
  }

  #step(entries: OperationEntries, item: TimelineItem): void {
    const { view, ignored } = evolveView(entries.view, item.event);
    entries.view = view;
    if (ignored !== undefined) entries.ignored.set(item.eventId, ignored);
  }

  /** After the first `index` entries are folded: a copy of the view every `checkpointEvery` entries. */
  #keepCheckpoint(entries: OperationEntries, index: number): void {
    if (index % this.checkpointEvery !== 0) return;
    entries.checkpoints.push({ index, view: cloneView(entries.view) });
    if (entries.checkpoints.length > maxCheckpoints) entries.checkpoints.shift();
  }

  #fresh(entries: OperationEntries): OperationEntries {
    if (entries.staleFrom === Infinity) return entries;
    this.#folds += 1;
    // The last checkpoint at or before the earliest late entry; checkpoints past it were dropped when it landed.
    const from = entries.checkpoints.at(-1);
    entries.view = from ? cloneView(from.view) : emptyView();
    const start = from?.index ?? 0;
    for (let index = start; index < entries.items.length; index++) entries.ignored.delete(entries.items[index]!.eventId);
    for (let index = start; index < entries.items.length; index++) {
      this.#step(entries, entries.items[index]!);
      this.#keepCheckpoint(entries, index + 1);
    }
    this.#refolded += entries.items.length - start;
    entries.staleFrom = Infinity;
    return entries;
  }
}
