import { describe, expect, it } from 'vitest';
import * as visTimeline from 'vis-timeline/peer';
import { zonedAxis } from './axis-labels';

interface TimeStepLike {
  setScale(scale: { scale: string; step: number }): void;
  start(): void;
  hasNext(): boolean;
  next(): void;
  getCurrent(): { valueOf(): number };
}
// vis-timeline's tick generator, which its typings leave out; the Gantt drives the same class.
const TimeStep = (visTimeline as unknown as { timeline: { TimeStep: new (start: Date, end: Date, minimumStep: number, hiddenDates: [], options: object) => TimeStepLike } }).timeline.TimeStep;

/** The axis's ticks between two instants at one scale, as vis-timeline places them, with their minor labels. */
function ticks(zone: string, scale: 'hour' | 'day', from: string, to: string, locale = 'en-GB'): string[] {
  const axis = zonedAxis(locale, zone);
  const step = new TimeStep(new Date(from), new Date(to), scale === 'hour' ? 3_600_000 : 86_400_000, [], { moment: axis.moment });
  step.setScale({ scale, step: 1 });
  step.start();
  const shown: string[] = [];
  while (step.hasNext()) {
    shown.push(`${new Date(step.getCurrent().valueOf()).toISOString().slice(5, 16)} ${axis.format.minorLabels(step.getCurrent(), scale)}`);
    step.next();
  }
  return shown;
}

// Australian daylight saving starts on Sunday 3 October 2027 at 02:00 AEST (16:00 UTC the day before): clocks jump to 03:00 AEDT.
describe('the Gantt axis of an operation spanning the start of Australian daylight saving', () => {
  it('shows Sydney hours skipping 02:00, each tick on the hour it names', () => {
    expect(ticks('Australia/Sydney', 'hour', '2027-10-02T13:00:00Z', '2027-10-02T18:00:00Z')).toEqual([
      '10-02T13:00 23:00',
      '10-02T14:00 00:00',
      '10-02T15:00 01:00',
      '10-02T16:00 03:00',
      '10-02T17:00 04:00',
      '10-02T18:00 05:00',
    ]);
  });

  it('starts each Sydney day at local midnight, 10 hours from UTC before the change and 11 after', () => {
    expect(ticks('Australia/Sydney', 'day', '2027-10-01T14:00:00Z', '2027-10-04T13:00:00Z')).toEqual(['10-01T14:00 2', '10-02T14:00 3', '10-03T13:00 4', '10-04T13:00 5']);
  });

  it('shows the same instants in UTC as an unbroken run of hours and days at UTC midnight', () => {
    expect(ticks('UTC', 'hour', '2027-10-02T14:00:00Z', '2027-10-02T17:00:00Z')).toEqual(['10-02T14:00 14:00', '10-02T15:00 15:00', '10-02T16:00 16:00', '10-02T17:00 17:00']);
    expect(ticks('UTC', 'day', '2027-10-02T00:00:00Z', '2027-10-04T00:00:00Z')).toEqual(['10-02T00:00 2', '10-03T00:00 3', '10-04T00:00 4']);
  });

  it('names the hours in the viewer language too (Thai)', () => {
    expect(ticks('Australia/Sydney', 'hour', '2027-10-02T15:00:00Z', '2027-10-02T16:00:00Z', 'th')).toEqual(['10-02T15:00 01:00', '10-02T16:00 03:00']);
  });
});
