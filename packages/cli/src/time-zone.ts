/**
 * Times in and out of the CLI. Instants are stored in UTC; people read and type them in a zone of
 * their choice (--tz), by default UTC. Luxon does the zone arithmetic (daylight saving included).
 */
import { DateTime, FixedOffsetZone, IANAZone } from 'luxon';
import { ConcordError } from '@concord/errors';

export const utcZone = 'UTC';

/** The zone --tz names: an IANA zone, "local" for the acting agency's zone, or UTC by default. */
export function resolveZone(flag: string | undefined, agencyZone: string | undefined): string {
  if (flag === undefined || flag === '') return utcZone;
  const zone = flag === 'local' ? agencyZone : flag;
  if (!zone) throw ConcordError.invalid([{ path: '--tz', message: '"local" needs --agency, whose zone the manifest gives' }]);
  if (!IANAZone.isValidZone(zone)) throw ConcordError.invalid([{ path: '--tz', message: `"${flag}" is not an IANA time zone such as Pacific/Auckland` }]);
  return zone;
}

/**
 * "2027-03-01" (midnight), "2027-03-01T08:00" (wall time) or either with an offset
 * ("2027-03-01T08:00:00+07:00"). Without an offset the time is read in `zone`.
 */
export function parseInstant(flag: string, value: string, zone: string): Date {
  const parsed = DateTime.fromISO(value, { zone, setZone: false });
  if (!parsed.isValid || !/^\d{4}-\d{2}-\d{2}/.test(value)) {
    throw ConcordError.invalid([{ path: flag, message: `"${value}" is not a date (2027-03-01) or a date-time (2027-03-01T08:00, or with an offset: 2027-03-01T08:00:00+07:00)` }]);
  }
  // Luxon moves a wall time that the zone skips (clocks going forward) past the gap; refuse it instead.
  const typed = DateTime.fromISO(value, { zone: utcZone, setZone: true });
  if (!hasOffset(value) && (parsed.hour !== typed.hour || parsed.minute !== typed.minute)) {
    const gap = skippedWallTimes(parsed);
    throw ConcordError.invalid([{ path: flag, message: `"${value}" does not exist in ${zone}: on ${gap.day} its clocks go forward from ${gap.from} to ${gap.to}; give a time outside the gap or an offset` }]);
  }
  return parsed.toJSDate();
}

const hasOffset = (value: string) => /T.*(Z|[+-]\d{2}(:?\d{2})?)$/i.test(value);

/** The wall times skipped by the clock change just before `after` (a time Luxon moved past the gap). */
function skippedWallTimes(after: DateTime): { day: string; from: string; to: string } {
  const zone = after.zone;
  let low = after.minus({ days: 1 }).toMillis();
  let high = after.toMillis();
  while (high - low > 60_000) {
    const middle = Math.floor((low + high) / 2);
    if (DateTime.fromMillis(middle, { zone }).offset === after.offset) high = middle;
    else low = middle;
  }
  const change = DateTime.fromMillis(high, { zone }).startOf('minute');
  const before = DateTime.fromMillis(high, { zone: FixedOffsetZone.instance(DateTime.fromMillis(low, { zone }).offset) }).startOf('minute');
  return { day: change.toFormat('yyyy-MM-dd'), from: before.toFormat('HH:mm'), to: change.toFormat('HH:mm') };
}

/**
 * "2027-03-28 01:00 Pacific/Auckland (UTC+13:00)", or "2027-03-28 00:00 UTC". The zone and its offset
 * on that day, not an abbreviation: abbreviations depend on the locale (Node's English ICU writes
 * "GMT+13" for NZDT), and the offset shows a daylight-saving change plainly.
 */
export function formatInstant(date: Date | undefined, zone: string): string {
  if (!date) return '-';
  const local = DateTime.fromJSDate(date, { zone });
  if (zone === utcZone) return `${local.toFormat('yyyy-MM-dd HH:mm')} UTC`;
  return `${local.toFormat('yyyy-MM-dd HH:mm')} ${zone} (UTC${local.toFormat('ZZ')})`;
}
