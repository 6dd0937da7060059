import { describe, expect, it } from 'vitest';
import { ConcordError } from '@concord/errors';
import { absent, decide, evolve, proposalViolations, type OperationRecord, type PlanningCommand } from './operation.js';

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
const propose = (overrides: Partial<Omit<PlanningCommand, 'type'>> = {}): PlanningCommand => ({
  type: 'ProposeOperation',
  operationId: operation.id,
  name: operation.name,
  lead: 'AU',
  invited: ['ID'],
  period: operation.period,
  now,
  ...overrides,
});

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

  it('adds the lead to the participants, sorted, whether or not the request named it', () => {
    const [event] = decide(propose({ invited: ['ID', 'AU'] }), absent, federation);
    expect(event?.operation.participants).toEqual(['AU', 'ID']);
  });

  it('refuses members, strangers and duplicates as participants, naming each by its place in the request', () => {
    expect(violationsOf(() => decide(propose({ invited: ['NZ', 'XX', 'ID', 'ID'] }), absent, federation))).toEqual([
      'participants[0]: NZ is a member, not a participant',
      'participants[1]: XX is not an agency of the federation',
      'participants[3]: ID is listed twice',
    ]);
  });

  it('refuses an operation without another participant', () => {
    expect(violationsOf(() => decide(propose({ invited: ['AU'] }), absent, federation))).toEqual(['participants: must name at least one agency besides the lead']);
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

describe('an invitation from another agency', () => {
  it('must include its lead, name another participant, and list participants once', () => {
    expect(proposalViolations({ ...operation, participants: ['ID'] }, federation).map((v) => v.message)).toEqual([
      'must include the lead agency AU',
      'must name at least one agency besides the lead',
    ]);
    expect(proposalViolations(operation, federation)).toEqual([]);
  });
});

describe('evolve', () => {
  it('keeps the first proposal when a second arrives for the same id', () => {
    const first = evolve(absent, { type: 'operation.proposed', operation, at: now });
    const second = evolve(first, { type: 'operation.proposed', operation: { ...operation, name: 'Other' }, at: now });
    expect(second).toBe(first);
  });
});
