import { describe, expect, it } from 'vitest';
import { formatInstant, parseInstant, resolveZone } from './time-zone.js';

// New Zealand leaves daylight saving on Sunday 4 April 2027 at 03:00 NZDT (becoming 02:00 NZST).
const start = new Date('2027-03-27T12:00:00Z');
const end = new Date('2027-04-10T12:00:00Z');

describe('times across zones', () => {
  it('reads the same period correctly from Kabul to Auckland, across New Zealand\'s daylight-saving change', () => {
    expect(formatInstant(start, 'UTC')).toBe('2027-03-27 12:00 UTC');
    expect(formatInstant(start, 'Asia/Kabul')).toBe('2027-03-27 16:30 Asia/Kabul (UTC+04:30)');
    expect(formatInstant(start, 'Pacific/Auckland')).toBe('2027-03-28 01:00 Pacific/Auckland (UTC+13:00)');
    expect(formatInstant(end, 'Pacific/Auckland')).toBe('2027-04-11 00:00 Pacific/Auckland (UTC+12:00)');
    expect(formatInstant(end, 'Asia/Jakarta')).toBe('2027-04-10 19:00 Asia/Jakarta (UTC+07:00)');
  });

  it('reads wall times in the chosen zone, and explicit offsets as given', () => {
    expect(parseInstant('--start', '2027-03-28T01:00', 'Pacific/Auckland')).toEqual(start);
    expect(parseInstant('--end', '2027-04-11T00:00', 'Pacific/Auckland')).toEqual(end);
    expect(parseInstant('--start', '2027-03-27T16:30', 'Asia/Kabul')).toEqual(start);
    expect(parseInstant('--start', '2027-03-27', 'UTC')).toEqual(new Date('2027-03-27T00:00:00Z'));
    expect(parseInstant('--start', '2027-03-27T19:00:00+07:00', 'Pacific/Auckland')).toEqual(start);
  });

  it('names the flag of a time it cannot read, and of an unknown zone', () => {
    expect(() => parseInstant('--end', 'next tuesday', 'UTC')).toThrow(/--end: "next tuesday" is not a date/);
    expect(() => parseInstant('--start', '2027-02-30', 'UTC')).toThrow(/--start/);
    expect(() => resolveZone('Mars/Olympus', undefined)).toThrow(/--tz: "Mars\/Olympus" is not an IANA time zone/);
    expect(resolveZone('local', 'Pacific/Auckland')).toBe('Pacific/Auckland');
    expect(() => resolveZone('local', undefined)).toThrow(/--tz: "local" needs --agency/);
  });

  it('refuses a wall time that the zone skips when its clocks go forward, naming the gap', () => {
    // Sydney moves from 02:00 AEST to 03:00 AEDT on Sunday 3 October 2027.
    expect(() => parseInstant('--start', '2027-10-03T02:30', 'Australia/Sydney')).toThrow(
      '--start: "2027-10-03T02:30" does not exist in Australia/Sydney: on 2027-10-03 its clocks go forward from 02:00 to 03:00',
    );
    expect(parseInstant('--start', '2027-10-03T03:30', 'Australia/Sydney')).toEqual(new Date('2027-10-02T16:30:00Z'));
    expect(parseInstant('--start', '2027-10-03T01:59', 'Australia/Sydney')).toEqual(new Date('2027-10-02T15:59:00Z'));
    expect(parseInstant('--start', '2027-10-03T02:30:00+10:00', 'Australia/Sydney')).toEqual(new Date('2027-10-02T16:30:00Z'));
  });
});
