import { describe, expect, it } from 'vitest';
import { instantOf } from './wall-time';

describe('a wall time read in a zone', () => {
  it('names the instant of that wall clock in a zone without daylight saving', () => {
    expect(instantOf('2027-03-01T08:00', 'Australia/Darwin')?.toISOString()).toBe('2027-02-28T22:30:00.000Z');
  });

  it('follows daylight saving on either side of the change', () => {
    expect(instantOf('2027-04-03T12:00', 'Australia/Sydney')?.toISOString()).toBe('2027-04-03T01:00:00.000Z');
    expect(instantOf('2027-04-05T12:00', 'Australia/Sydney')?.toISOString()).toBe('2027-04-05T02:00:00.000Z');
  });

  it('reads the same wall time differently in another zone', () => {
    expect(instantOf('2027-03-01T08:00', 'Asia/Jakarta')?.toISOString()).toBe('2027-03-01T01:00:00.000Z');
  });

  it('leaves an empty, malformed or impossible wall time undefined', () => {
    for (const input of ['', '2027-03-01', '2027-03-01 08:00', '2027-02-30T08:00', '2027-03-01T24:00', '2027-03-01T08:00:00']) {
      expect(instantOf(input, 'UTC')).toBeUndefined();
    }
  });
});
