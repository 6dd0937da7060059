/**
 * The debriefs this agency holds, folded from its debrief store in store order; every member holds the
 * same ones. The book also judges each inbound event: only the lead opens and reports, only participants
 * submit, nothing is submitted after the report (but the lessons the report lists, which the lead
 * relayed just before it), counts are whole and non-negative.
 */
import { Rejection, type Refusal } from '@concord/federation';
import { remedialMoveRefusal, type Lesson, type RemedialStatus } from './domain/lessons.js';
import { readCounts, type OutcomeCounts } from './domain/outcomes.js';
import type { AgencySynthesis } from './domain/synthesis.js';
import type { DebriefEvent, LessonContent } from './debrief-wire.js';

export interface HeldLesson {
  readonly lesson: Lesson;
  readonly nonAttributable: boolean;
}

export interface DebriefRecord {
  readonly operationId: string;
  readonly name: string;
  readonly lead: string;
  readonly participants: readonly string[];
  readonly period: { readonly start: Date; readonly end: Date };
  readonly openedAt: Date;
  status: 'open' | 'reported';
  reportedAt: Date | undefined;
  readonly outcomes: Map<string, { counts: OutcomeCounts; intelligenceSummary: string; submittedAt: Date }>;
  readonly lessons: Map<string, HeldLesson>;
  /** At the lead: non-attributable lessons received, to publish with the report. */
  readonly pendingAnonymous: Map<string, LessonContent>;
  report: { lessonIds: readonly string[]; outcomeAgencies: readonly string[]; synthesis: readonly AgencySynthesis[] } | undefined;
}

const refused = (detail: string): Refusal => ({ reason: Rejection.Refused, detail });

export function toLesson(id: string, agency: string | undefined, content: LessonContent): Lesson {
  return { id, agency, category: content.category, observation: content.observation, lessonIdentified: content.lessonIdentified, remedialAction: content.remedialAction, lessonLearned: content.lessonLearned, evidence: content.evidence };
}

/** Why `by` may not move a lesson's remedial action to `status`: not its to move, or not from where it is. */
export function remedialRefusal(record: DebriefRecord, lessonId: string, by: string, status: RemedialStatus): { kind: 'not-yours' | 'status'; detail: string } | undefined {
  const action = record.lessons.get(lessonId)?.lesson.remedialAction;
  if (!action) return { kind: 'status', detail: `lesson ${lessonId} has no remedial action here` };
  if (by !== action.owner && by !== record.lead) return { kind: 'not-yours', detail: `only ${action.owner}, its owner, or the lead moves this remedial action` };
  const move = remedialMoveRefusal(action.status, status);
  return move ? { kind: 'status', detail: move } : undefined;
}

export class DebriefBook {
  readonly #debriefs = new Map<string, DebriefRecord>();

  constructor(private readonly me: string) {}

  get(operationId: string): DebriefRecord | undefined {
    return this.#debriefs.get(operationId);
  }

  all(): DebriefRecord[] {
    return [...this.#debriefs.values()];
  }

  /** Why an event may not be stored (inbound, or as a rule the fold applies); undefined when it may. */
  refusal(event: DebriefEvent): Refusal | undefined {
    const record = this.#debriefs.get(event.operationId);
    if (event.type === 'debrief.opened') {
      if (record) return { reason: Rejection.Replay, detail: `the debrief of ${event.operationId} is open already` };
      return event.lead === event.from ? undefined : refused(`only the lead (${event.lead}) opens the debrief`);
    }
    if (!record) return refused(`no debrief of ${event.operationId} is open`);
    const participant = record.participants.includes(event.from);
    const reportedRefusal = record.status === 'reported' ? refused(`the report of ${event.operationId} is published: nothing more is submitted`) : undefined;
    switch (event.type) {
      case 'debrief.outcomes': {
        if (!participant) return refused(`${event.from} is not a participant: only participants submit`);
        if (reportedRefusal) return reportedRefusal;
        const read = readCounts(event.counts);
        return 'violations' in read ? refused(read.violations.map((v) => `${v.path}: ${v.message}`).join('; ')) : undefined;
      }
      case 'debrief.lesson':
        if (event.nonAttributable ? event.from !== record.lead : !participant) return refused(event.nonAttributable ? 'only the lead publishes non-attributable lessons' : `${event.from} is not a participant: only participants submit`);
        if (record.status === 'reported' && !record.report?.lessonIds.includes(event.lessonId)) return reportedRefusal;
        if (this.isCopyOfOwnLesson(event)) return undefined;
        return record.lessons.has(event.lessonId) ? { reason: Rejection.Replay, detail: `lesson ${event.lessonId} is held already` } : undefined;
      case 'debrief.anonymous-lesson':
        if (!participant) return refused(`${event.from} is not a participant: only participants submit`);
        if (record.lead !== this.me && event.from !== this.me) return refused('non-attributable lessons go to the lead');
        return reportedRefusal;
      case 'debrief.remedial': {
        const move = remedialRefusal(record, event.lessonId, event.from, event.status);
        return move ? refused(move.detail) : undefined;
      }
      case 'debrief.report':
        if (event.from !== record.lead) return refused(`only the lead (${record.lead}) publishes the report`);
        return record.status === 'reported' ? { reason: Rejection.Replay, detail: 'the report is published already' } : undefined;
    }
  }

  /** The lead's published copy of a non-attributable lesson this agency wrote and holds already: expected, not a replay. */
  isCopyOfOwnLesson(event: DebriefEvent): boolean {
    if (event.type !== 'debrief.lesson' || !event.nonAttributable) return false;
    const record = this.#debriefs.get(event.operationId);
    const held = record?.lessons.get(event.lessonId);
    if (event.from !== record?.lead || !held?.nonAttributable || held.lesson.agency !== this.me) return false;
    return JSON.stringify(held.lesson) === JSON.stringify(toLesson(event.lessonId, this.me, event.lesson));
  }

  apply(event: DebriefEvent): void {
    if (this.refusal(event)) return;
    const record = this.#debriefs.get(event.operationId);
    switch (event.type) {
      case 'debrief.opened':
        this.#debriefs.set(event.operationId, {
          operationId: event.operationId,
          name: event.name,
          lead: event.lead,
          participants: [...event.participants].sort(),
          period: { start: new Date(event.period.start), end: new Date(event.period.end) },
          openedAt: event.at,
          status: 'open',
          reportedAt: undefined,
          outcomes: new Map(),
          lessons: new Map(),
          pendingAnonymous: new Map(),
          report: undefined,
        });
        return;
      case 'debrief.outcomes': {
        const read = readCounts(event.counts);
        if ('counts' in read) record!.outcomes.set(event.from, { counts: read.counts, intelligenceSummary: event.intelligenceSummary, submittedAt: event.at });
        return;
      }
      case 'debrief.lesson':
        record!.pendingAnonymous.delete(event.lessonId);
        if (!record!.lessons.has(event.lessonId) || event.nonAttributable) {
          // The author keeps seeing its own non-attributable lesson as its own.
          const own = record!.lessons.get(event.lessonId);
          record!.lessons.set(event.lessonId, own ?? { lesson: toLesson(event.lessonId, event.nonAttributable ? undefined : event.from, event.lesson), nonAttributable: event.nonAttributable });
        }
        return;
      case 'debrief.anonymous-lesson':
        if (event.from === this.me) record!.lessons.set(event.lessonId, { lesson: toLesson(event.lessonId, this.me, event.lesson), nonAttributable: true });
        if (record!.lead === this.me) record!.pendingAnonymous.set(event.lessonId, event.lesson);
        return;
      case 'debrief.remedial': {
        const held = record!.lessons.get(event.lessonId)!;
        record!.lessons.set(event.lessonId, { ...held, lesson: { ...held.lesson, remedialAction: { ...held.lesson.remedialAction!, status: event.status } } });
        return;
      }
      case 'debrief.report':
        record!.status = 'reported';
        record!.reportedAt = event.at;
        record!.report = { lessonIds: event.lessonIds, outcomeAgencies: event.outcomeAgencies, synthesis: event.synthesis.map((s) => ({ ...s, medianAnswerHours: s.medianAnswerHours ?? undefined, medianAlertToActionHours: s.medianAlertToActionHours ?? undefined })) };
        return;
    }
  }
}
