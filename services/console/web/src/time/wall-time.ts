/**
 * Wall times typed in a form (`2027-03-01T08:00` from a datetime-local input) read in the chosen zone,
 * and instants written back the same way, with the zone database moment-timezone carries.
 */
import moment from 'moment-timezone/builds/moment-timezone-with-data-10-year-range.js';

const inputFormat = 'YYYY-MM-DDTHH:mm';

/** The instant a wall time names in the zone, or undefined for an empty or malformed input. */
export function instantOf(wallTime: string, zone: string): Date | undefined {
  if (!wallTime) return undefined;
  const parsed = moment.tz(wallTime, inputFormat, true, zone);
  return parsed.isValid() ? parsed.toDate() : undefined;
}

/** The instant as a datetime-local value in the zone. */
export function wallTimeOf(instant: Date, zone: string): string {
  return moment(instant).tz(zone).format(inputFormat);
}

export { moment as zonedMoment };
