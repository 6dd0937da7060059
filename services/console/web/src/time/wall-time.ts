/**
 * Wall times typed in a form (`2027-03-01T08:00` from a datetime-local input) read in the chosen zone,
 * through Intl's zone database: the forms of the first page need no moment (the Gantt's axis still does).
 */

const wallTimePattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

const formats = new Map<string, Intl.DateTimeFormat>();

/** The zone's wall clock at an instant, read as if it were UTC, in milliseconds. */
function wallClockAt(instant: number, zone: string): number {
  let format = formats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formats.set(zone, format);
  }
  const part = Object.fromEntries(format.formatToParts(instant).map(({ type, value }) => [type, Number(value)]));
  return Date.UTC(part.year!, part.month! - 1, part.day, part.hour, part.minute, part.second);
}

/** The instant a wall time names in the zone, or undefined for an empty or malformed input. */
export function instantOf(wallTime: string, zone: string): Date | undefined {
  const match = wallTimePattern.exec(wallTime);
  if (!match) return undefined;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(asUtc);
  // A day or time that does not exist (30 February, 24:00) is malformed, as the strict parse had it.
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || check.getUTCHours() !== hour) return undefined;
  // The zone's offset at a first guess, then at the instant that guess gives: right across a daylight-saving change.
  const guess = asUtc - (wallClockAt(asUtc, zone) - asUtc);
  return new Date(asUtc - (wallClockAt(guess, zone) - guess));
}
