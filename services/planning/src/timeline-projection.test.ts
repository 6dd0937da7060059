import { describe, expect, it } from 'vitest';
import { formatHlc } from '@concord/clock';
import type { StoredEvent } from '@concord/federation';
import { TimelineProjection } from './timeline-projection.js';

let seq = 0;
function proposed(origin: string, wall: number, id: string, operationId = `op-${origin}-${id}`): StoredEvent {
  const envelope = {
    v: 1 as const,
    id,
    origin,
    capability: 'planning' as const,
    type: 'operation.proposed',
    scope: operationId,
    recipients: ['ID'],
    hlc: formatHlc({ wall, logical: 0 }),
    issuedAt: new Date(wall).toISOString(),
    body: { operation: { id: operationId, name: `op by ${origin}`, lead: origin, participants: [origin, 'ID'].sort(), period: { start: '2027-01-01T00:00:00.000Z', end: '2027-02-01T00:00:00.000Z' } } },
  };
  return { envelope, data: new Uint8Array(), signature: '', seq: ++seq };
}

const events = [proposed('TH', 2_000, 'e3'), proposed('AU', 1_000, 'e1'), proposed('MY', 2_000, 'e2'), proposed('AU', 3_000, 'e4')];

describe('TimelineProjection', () => {
  it('orders by clock, then agency, then event id, whatever the arrival order', () => {
    const forwards = new TimelineProjection();
    const backwards = new TimelineProjection();
    events.forEach((e) => forwards.apply(e));
    [...events].reverse().forEach((e) => backwards.apply(e));
    const order = (p: TimelineProjection) => p.page({ pageSize: 100 }).items.map((i) => `${i.origin}:${i.eventId}`);
    expect(order(forwards)).toEqual(['AU:e1', 'MY:e2', 'TH:e3', 'AU:e4']);
    expect(order(backwards)).toEqual(order(forwards));
  });

  it('pages with tokens that stay right when an older entry arrives between pages', () => {
    const projection = new TimelineProjection();
    events.forEach((e) => projection.apply(e));
    const first = projection.page({ pageSize: 2 });
    expect(first.items.map((i) => i.eventId)).toEqual(['e1', 'e2']);
    projection.apply(proposed('CA', 500, 'e0'));
    const second = projection.page({ pageSize: 2, pageToken: first.nextPageToken });
    expect(second.items.map((i) => i.eventId)).toEqual(['e3', 'e4']);
    expect(second.nextPageToken).toBe('');
  });

  it('filters by operation, and says NotFound for an operation it does not know', () => {
    const projection = new TimelineProjection();
    events.forEach((e) => projection.apply(e));
    expect(projection.page({ pageSize: 10, operationId: 'op-AU-e4' }).items.map((i) => i.eventId)).toEqual(['e4']);
    expect(() => projection.page({ pageSize: 10, operationId: 'nope' })).toThrow(/not known/);
    expect(() => projection.page({ pageSize: 10, pageToken: 'garbage' })).toThrow(/page_token/);
  });

  it('lists operations by the start of their period', () => {
    const projection = new TimelineProjection();
    events.forEach((e) => projection.apply(e));
    expect(projection.operations().map((s) => s.operation.lead)).toEqual(['AU', 'AU', 'MY', 'TH']);
  });
});
