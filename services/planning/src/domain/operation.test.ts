import { describe, expect, it } from 'vitest';
import { ConcordError } from '@concord/errors';
import { absent, decide, evolve, type OperationRecord, type PlanningCommand } from './operation.js';

const federation = {
  agencies: [
    { id: 'AU', role: 'participant' as const },
    { id: 'ID', role: 'participant' as const },
    { id: 'NZ', role: 'member' as const },
  ],
};
const now = new Date('2026-01-01T00:00:00Z');
const operation: OperationRecord = {
  id: 'op-1',
  name: 'Coral Tide',
  lead: 'AU',
  participants: ['AU', 'ID'],
  period: { start: new Date('2026-02-01T00:00:00Z'), end: new Date('2026-03-01T00:00:00Z') },
};
const propose = (overrides: Partial<OperationRecord> = {}): PlanningCommand => ({ type: 'ProposeOperation', operation: { ...operation, ...overrides }, now });

function violationsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConcordError) return error.violations.map((v) => `${v.path}: ${v.message}`);
    throw error;
  }
  return [];
}

describe('ProposeOperation', () => {
  it('given no operation, when proposed, then records operation.proposed', () => {
    expect(decide(propose(), absent, federation)).toEqual([{ type: 'operation.proposed', operation, at: now }]);
  });

  it('given a proposed operation, when proposed again, then refuses', () => {
    const state = evolve(absent, { type: 'operation.proposed', operation, at: now });
    expect(() => decide(propose(), state, federation)).toThrow(/exists already/);
  });

  it('refuses members, strangers and duplicates as participants, naming each', () => {
    expect(violationsOf(() => decide(propose({ participants: ['AU', 'NZ', 'XX', 'AU'] }), absent, federation))).toEqual([
      'participants[1]: NZ is a member, not a participant',
      'participants[2]: XX is not an agency of the federation',
      'participants[3]: AU is listed twice',
    ]);
  });

  it('refuses an operation without another participant or without its lead', () => {
    expect(violationsOf(() => decide(propose({ participants: ['AU'] }), absent, federation))).toEqual(['participants: must name at least one agency besides the lead']);
    expect(violationsOf(() => decide(propose({ participants: ['ID', 'NZ'].slice(0, 1) }), absent, federation))).toContain('participants: must include the lead agency AU');
  });

  it('refuses a period that ends before it starts, or has ended', () => {
    const backwards = { start: operation.period.end, end: operation.period.start };
    expect(violationsOf(() => decide(propose({ period: backwards }), absent, federation))).toContain('period.end: must be after period.start');
    const past = { start: new Date('2025-01-01T00:00:00Z'), end: new Date('2025-02-01T00:00:00Z') };
    expect(violationsOf(() => decide(propose({ period: past }), absent, federation))).toEqual(['period.end: must lie in the future']);
  });

  it('refuses a period longer than two years and an empty name', () => {
    const long = { start: operation.period.start, end: new Date('2029-01-01T00:00:00Z') };
    expect(violationsOf(() => decide(propose({ period: long, name: '  ' }), absent, federation))).toEqual([
      'name: must be 1 to 200 characters',
      'period.end: the period may last at most two years',
    ]);
  });
});

describe('evolve', () => {
  it('keeps the first proposal when a second arrives for the same id', () => {
    const first = evolve(absent, { type: 'operation.proposed', operation, at: now });
    const second = evolve(first, { type: 'operation.proposed', operation: { ...operation, name: 'Other' }, at: now });
    expect(second).toBe(first);
  });
});
