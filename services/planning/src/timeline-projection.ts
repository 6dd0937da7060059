/**
 * This agency's view of operations and their shared timeline, folded from its event store. Every
 * agency sorts entries by (hybrid logical clock, origin agency, event id), so every view of an
 * operation lists the same entries in the same order, whatever order they arrived in.
 */
import type { StoredEvent } from '@concord/federation';
import { Code, ConcordError } from '@concord/errors';
import { absent, evolve, type OperationState, type PlanningEvent } from './domain/operation.js';
import { fromWire } from './planning-events.js';

export interface TimelineItem {
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

export interface TimelinePage {
  readonly items: readonly TimelineItem[];
  readonly nextPageToken: string;
}

export class TimelineProjection {
  readonly #operations = new Map<string, OperationState>();
  readonly #timeline: TimelineItem[] = [];

  apply(stored: StoredEvent): void {
    const { envelope } = stored;
    const event = fromWire(envelope);
    this.#operations.set(envelope.scope, evolve(this.#operations.get(envelope.scope) ?? absent, event));
    const item: TimelineItem = { eventId: envelope.id, operationId: envelope.scope, origin: envelope.origin, type: envelope.type, issuedAt: new Date(envelope.issuedAt), hlc: envelope.hlc, event };
    this.#insertSorted(item);
  }

  state(operationId: string): OperationState {
    return this.#operations.get(operationId) ?? absent;
  }

  operations(): Array<Extract<OperationState, { status: 'proposed' }>> {
    return [...this.#operations.values()]
      .filter((s): s is Extract<OperationState, { status: 'proposed' }> => s.status !== 'absent')
      .sort((a, b) => a.operation.period.start.getTime() - b.operation.period.start.getTime() || a.operation.id.localeCompare(b.operation.id));
  }

  page(query: { operationId?: string; pageSize: number; pageToken?: string }): TimelinePage {
    if (query.operationId && !this.#operations.has(query.operationId)) {
      throw new ConcordError(Code.NotFound, `operation ${query.operationId} is not known to this agency`);
    }
    const after = query.pageToken ? decodePageToken(query.pageToken) : undefined;
    const start = after ? this.#indexAfter(after) : 0;
    const items: TimelineItem[] = [];
    let index = start;
    for (; index < this.#timeline.length && items.length < query.pageSize; index++) {
      const item = this.#timeline[index]!;
      if (!query.operationId || item.operationId === query.operationId) items.push(item);
    }
    const more = this.#timeline.slice(index).some((item) => !query.operationId || item.operationId === query.operationId);
    const last = items.at(-1);
    return { items, nextPageToken: more && last ? encodePageToken(last) : '' };
  }

  #indexAfter(key: SortKey): number {
    let low = 0;
    let high = this.#timeline.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (compareKeys(keyOf(this.#timeline[mid]!), key) <= 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  #insertSorted(item: TimelineItem): void {
    this.#timeline.splice(this.#indexAfter(keyOf(item)), 0, item);
  }
}
