import { describe, expect, it } from 'vitest';
import { eventsOf } from '@concord/decider';
import type { LessonContent } from '../debrief-wire.js';
import { debriefDecider, isCopyOfOwnLesson, type DebriefCommand, type DebriefEvent, type DebriefState } from './debrief.js';

const operationId = 'op-1';
const lessonId = '3f0c2a1e-5b7d-4c9e-8a6f-1d2e3f4a5b6c';
const at = new Date('2027-04-10T00:00:00Z');
const lesson: LessonContent = { category: 'legal', observation: 'Tip-offs leaked.', lessonIdentified: 'Vet port staff.', lessonLearned: '', evidence: [] };
const opened: DebriefEvent = { type: 'debrief.opened', from: 'AU', at, recipients: ['TH'], operationId, name: 'Coral Tide', lead: 'AU', participants: ['AU', 'TH'], period: { start: '2027-03-01T00:00:00Z', end: '2027-04-01T00:00:00Z' } };
const submitted: DebriefEvent = { type: 'debrief.anonymous-lesson', from: 'TH', at, recipients: ['AU'], operationId, lessonId, lesson };
const published = (content: LessonContent, from = 'AU'): DebriefEvent => ({ type: 'debrief.lesson', from, at, recipients: ['TH'], operationId, lessonId, lesson: content, nonAttributable: true });

/** Given these events, folded at agency `me`. */
function given(me: string, ...events: DebriefEvent[]): DebriefState {
  const decider = debriefDecider(me);
  return events.reduce<DebriefState>((state, event) => decider.evolve(state, event).state, decider.initialState());
}
const when = (me: string, state: DebriefState, command: DebriefCommand) => debriefDecider(me).decide(command, state);
const acting = (by: string) => ({ operationId, by, audience: ['AU', 'TH', 'CA'].filter((a) => a !== by), now: at });

describe('a non-attributable lesson at its author', () => {
  it("takes the lead's published copy of its own lesson as a copy, not a replay, and keeps it as its own", () => {
    const state = given('TH', opened, submitted);
    expect(isCopyOfOwnLesson('TH', state, published(lesson))).toBe(true);
    expect(debriefDecider('TH').evolve(state, published(lesson)).ignored).toBeUndefined();
    expect(given('TH', opened, submitted, published(lesson))!.lessons.get(lessonId)).toMatchObject({ nonAttributable: true, lesson: { agency: 'TH', observation: 'Tip-offs leaked.' } });
  });

  it('still refuses other content under the same lesson id, or a copy from anyone but the lead, as a replay', () => {
    const state = given('TH', opened, submitted);
    expect(debriefDecider('TH').evolve(state, published({ ...lesson, observation: 'Something else.' }))).toMatchObject({ replay: true });
    expect(isCopyOfOwnLesson('TH', state, published(lesson, 'TH'))).toBe(false);
  });
});

describe('the debrief decider', () => {
  const concluded = { name: 'Coral Tide', lead: 'AU', status: 'concluded', participants: ['AU', 'TH'], period: { start: '2027-03-01T00:00:00Z', end: '2027-04-01T00:00:00Z' } };

  it('given a concluded operation, when its lead opens the debrief, then every other member hears of it; anyone else is denied', () => {
    expect(eventsOf(when('AU', undefined, { type: 'OpenDebrief', ...acting('AU'), operation: concluded }))).toEqual([{ ...opened, recipients: ['TH', 'CA'] }]);
    expect(when('TH', undefined, { type: 'OpenDebrief', ...acting('TH'), operation: concluded })).toMatchObject({ refusal: { kind: 'denied' } });
    expect(when('AU', undefined, { type: 'OpenDebrief', ...acting('AU'), operation: { ...concluded, status: 'active' } })).toMatchObject({ refusal: { kind: 'precondition', message: 'operation op-1 is active: its debrief opens once it has concluded' } });
  });

  it('refuses outcomes from a member that is not a participant, and names a category given twice', () => {
    const state = given('AU', opened);
    expect(when('CA', state, { type: 'SubmitOutcomes', ...acting('CA'), counts: [], intelligenceSummary: '' })).toMatchObject({ refusal: { kind: 'denied' } });
    const twice = [{ category: 'arrests', count: 1 }, { category: 'arrests', count: 2 }];
    expect(when('TH', state, { type: 'SubmitOutcomes', ...acting('TH'), counts: twice, intelligenceSummary: '' })).toMatchObject({ refusal: { kind: 'invalid', violations: [{ path: 'counts.arrests', message: 'is given twice' }] } });
  });

  it('sends a non-attributable lesson to the lead alone, and keeps the lead\'s own aside, unpublished', () => {
    const state = given('TH', opened);
    expect(eventsOf(when('TH', state, { type: 'SubmitLesson', ...acting('TH'), lessonId, lesson, nonAttributable: true }))).toEqual([{ ...submitted, recipients: ['AU'] }]);
    const [own] = eventsOf(when('AU', given('AU', opened), { type: 'SubmitLesson', ...acting('AU'), lessonId, lesson, nonAttributable: true }));
    expect(own).toMatchObject({ type: 'debrief.own-lesson', recipients: [] });
    expect(given('AU', opened, own!)!.pendingAnonymous.has(lessonId)).toBe(true);
  });

  it('given a pending non-attributable lesson, when the lead publishes the report, then the lesson goes out as the lead\'s before the report that lists it', () => {
    const state = given('AU', opened, submitted);
    const events = eventsOf(when('AU', state, { type: 'PublishReport', ...acting('AU'), actions: [], requests: [], anonymousOrder: [lessonId] }));
    expect(events.map((e) => e.type)).toEqual(['debrief.lesson', 'debrief.report']);
    expect(events[0]).toMatchObject({ from: 'AU', nonAttributable: true, lessonId });
    expect(events[1]).toMatchObject({ lessonIds: [lessonId], outcomeAgencies: [] });
    const reported = events.reduce<DebriefState>((s, e) => debriefDecider('AU').evolve(s, e).state, state);
    expect(when('AU', reported, { type: 'PublishReport', ...acting('AU'), actions: [], requests: [], anonymousOrder: [] })).toMatchObject({ refusal: { kind: 'precondition', message: 'the report of operation op-1 is published already' } });
  });

  it('never changes the state it is given', () => {
    const state = given('AU', opened);
    debriefDecider('AU').evolve(state, submitted);
    expect(state!.pendingAnonymous.size).toBe(0);
  });
});
