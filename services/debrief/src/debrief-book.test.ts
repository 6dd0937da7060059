import { describe, expect, it } from 'vitest';
import { DebriefBook } from './debrief-book.js';
import type { DebriefEvent, LessonContent } from './debrief-wire.js';

const operationId = 'op-1';
const lessonId = '3f0c2a1e-5b7d-4c9e-8a6f-1d2e3f4a5b6c';
const at = new Date('2027-04-10T00:00:00Z');
const lesson: LessonContent = { category: 'legal', observation: 'Tip-offs leaked.', lessonIdentified: 'Vet port staff.', lessonLearned: '', evidence: [] };
const opened: DebriefEvent = { type: 'debrief.opened', from: 'AU', at, recipients: ['TH'], operationId, name: 'Coral Tide', lead: 'AU', participants: ['AU', 'TH'], period: { start: '2027-03-01T00:00:00Z', end: '2027-04-01T00:00:00Z' } };
const submitted: DebriefEvent = { type: 'debrief.anonymous-lesson', from: 'TH', at, recipients: ['AU'], operationId, lessonId, lesson };
const published = (content: LessonContent, from = 'AU'): DebriefEvent => ({ type: 'debrief.lesson', from, at, recipients: ['TH'], operationId, lessonId, lesson: content, nonAttributable: true });

describe('a non-attributable lesson at its author', () => {
  it('takes the lead\'s published copy of its own lesson as a copy, not a replay, and keeps it as its own', () => {
    const book = new DebriefBook('TH');
    book.apply(opened);
    book.apply(submitted);
    expect(book.isCopyOfOwnLesson(published(lesson))).toBe(true);
    expect(book.refusal(published(lesson))).toBeUndefined();
    book.apply(published(lesson));
    expect(book.get(operationId)!.lessons.get(lessonId)).toMatchObject({ nonAttributable: true, lesson: { agency: 'TH', observation: 'Tip-offs leaked.' } });
  });

  it('still refuses other content under the same lesson id, or a copy from anyone but the lead, as a replay', () => {
    const book = new DebriefBook('TH');
    book.apply(opened);
    book.apply(submitted);
    expect(book.refusal(published({ ...lesson, observation: 'Something else.' }))).toMatchObject({ reason: 'replay' });
    expect(book.isCopyOfOwnLesson(published(lesson, 'TH'))).toBe(false);
  });
});
