import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import type { Lifecycle } from './domain/operation.js';
import { toICalendar, type ExportInput, type Revision } from './timeline-export.js';

const period = { start: new Date('2027-03-01T00:00:00Z'), end: new Date('2027-04-01T00:00:00Z') };
const lifecycleAt = (version: number): Lifecycle => ({
  status: 'proposed',
  operation: { id: 'op-1', version, name: 'Coral Tide', coChairs: ['AU'], participants: ['AU', 'ID'], supporters: [], period },
  responses: new Map(),
  proposedAt: new Date('2026-11-01T00:00:00Z'),
  updatedAt: new Date(`2026-11-0${version}T00:00:00Z`),
});

function exportAt(version: number, milestoneRevision: Revision): ExportInput {
  return {
    lifecycle: lifecycleAt(version),
    milestones: [{ milestone: { id: 'm-1', kind: 'progression', title: 'Mid-point', window: { start: new Date('2027-03-15T01:00:00Z'), end: new Date('2027-03-15T03:00:00Z') }, location: 'online' }, cancelled: milestoneRevision.sequence > 0 }],
    actions: [],
    entries: [],
    revision: () => milestoneRevision,
  };
}

const sequences = (ics: string) =>
  new ICAL.Component(ICAL.parse(ics) as unknown[]).getAllSubcomponents('vevent').map((event) => [String(event.getFirstPropertyValue('uid')), event.getFirstPropertyValue('sequence')]);

describe('the iCalendar export (RFC 5545)', () => {
  it('raises SEQUENCE when the operation gets a new version or a milestone changes, so calendar programs apply the update', () => {
    expect(sequences(toICalendar(exportAt(1, { at: new Date('2026-11-01T00:00:00Z'), sequence: 0 })))).toEqual([
      ['op-1@concord', 0],
      ['m-1@concord', 0],
    ]);
    expect(sequences(toICalendar(exportAt(3, { at: new Date('2026-11-04T00:00:00Z'), sequence: 1 })))).toEqual([
      ['op-1@concord', 2],
      ['m-1@concord', 1],
    ]);
  });

  it('ends every content line with CRLF, the last one included', () => {
    const ics = toICalendar(exportAt(1, { at: new Date('2026-11-01T00:00:00Z'), sequence: 0 }));
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.split('\r\n').every((line) => !line.includes('\n'))).toBe(true);
  });
});
