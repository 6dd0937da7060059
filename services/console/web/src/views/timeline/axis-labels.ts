/**
 * The Gantt's axis in the chosen zone: vis-timeline computes the ticks with the zoned moment given here
 * (moment-timezone, so days start at local midnight and hours skip or repeat across a daylight-saving
 * change), and the labels name them through Intl, in the viewer's language.
 */
import zonedMoment from 'moment-timezone/builds/moment-timezone-with-data-10-year-range.js';

type Scale = 'millisecond' | 'second' | 'minute' | 'hour' | 'weekday' | 'day' | 'week' | 'month' | 'year';

const minorOptions: Record<Scale, Intl.DateTimeFormatOptions> = {
  millisecond: { second: '2-digit', fractionalSecondDigits: 3 },
  second: { minute: '2-digit', second: '2-digit' },
  minute: { hour: '2-digit', minute: '2-digit' },
  hour: { hour: '2-digit', minute: '2-digit' },
  weekday: { weekday: 'short', day: 'numeric' },
  day: { day: 'numeric' },
  week: { day: 'numeric', month: 'short' },
  month: { month: 'short' },
  year: { year: 'numeric' },
};

const majorOptions: Record<Scale, Intl.DateTimeFormatOptions> = {
  millisecond: { hour: '2-digit', minute: '2-digit', day: 'numeric', month: 'short' },
  second: { hour: '2-digit', minute: '2-digit', day: 'numeric', month: 'short' },
  minute: { weekday: 'short', day: 'numeric', month: 'long', year: 'numeric' },
  hour: { weekday: 'short', day: 'numeric', month: 'long', year: 'numeric' },
  weekday: { month: 'long', year: 'numeric' },
  day: { month: 'long', year: 'numeric' },
  week: { month: 'long', year: 'numeric' },
  month: { year: 'numeric' },
  year: {},
};

export type AxisLabel = (date: Date | { valueOf(): number }, scale: string) => string;

function labeller(options: Record<Scale, Intl.DateTimeFormatOptions>, locale: string, zone: string): AxisLabel {
  const formats = new Map<string, Intl.DateTimeFormat>();
  return (date, scale) => {
    const chosen = options[scale as Scale];
    if (!chosen || Object.keys(chosen).length === 0) return '';
    let format = formats.get(scale);
    if (!format) {
      format = new Intl.DateTimeFormat(locale, { ...chosen, timeZone: zone });
      formats.set(scale, format);
    }
    return format.format(new Date(date.valueOf()));
  };
}

export function axisLabels(locale: string, zone: string): { readonly minorLabels: AxisLabel; readonly majorLabels: AxisLabel } {
  return { minorLabels: labeller(minorOptions, locale, zone), majorLabels: labeller(majorOptions, locale, zone) };
}

/** The options vis-timeline takes for ticks and labels in this zone and language. */
export function zonedAxis(locale: string, zone: string) {
  return { moment: (date?: unknown) => zonedMoment(date as Date).tz(zone), format: axisLabels(locale, zone) };
}
