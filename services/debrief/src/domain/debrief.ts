/**
 * One operation's debrief as every member holds it, as a pure decider (`debriefDecider(me)`): the lead
 * opens it and publishes the report, participants submit outcomes and lessons, owners move remedial
 * actions. `evolve` is also the door's rule: only the lead opens and reports, only participants submit,
 * nothing is submitted after the report (but the lessons the report lists, which the lead relayed just
 * before it), counts are whole and non-negative. A non-attributable lesson goes to the lead alone and
 * comes back to everyone as the lead's own; its author keeps seeing it as its own.
 */
import { applied, decided, ignored, refuse, type Decider, type Decision, type Evolved } from '@concord/decider';
import type { DebriefEvent as WireEvent, LessonContent } from '../debrief-wire.js';
import { remedialMoveRefusal, type Lesson, type RemedialStatus } from './lessons.js';
import { readCounts, type OutcomeCounts } from './outcomes.js';
import { synthesise, type ActionFact, type AgencySynthesis, type RequestFact } from './synthesis.js';

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
  readonly status: 'open' | 'reported';
  readonly reportedAt: Date | undefined;
  readonly outcomes: ReadonlyMap<string, { readonly counts: OutcomeCounts; readonly intelligenceSummary: string; readonly submittedAt: Date }>;
  readonly lessons: ReadonlyMap<string, HeldLesson>;
  /** At the lead: non-attributable lessons received, to publish with the report. */
  readonly pendingAnonymous: ReadonlyMap<string, LessonContent>;
  readonly report: { readonly lessonIds: readonly string[]; readonly outcomeAgencies: readonly string[]; readonly synthesis: readonly AgencySynthesis[] } | undefined;
}

export type DebriefState = DebriefRecord | undefined;

/**
 * The events on the wire, and one that never leaves the lead: its own non-attributable lesson, kept in
 * its private store until the report publishes it.
 */
export type DebriefEvent =
  | WireEvent
  | { readonly type: 'debrief.own-lesson'; readonly from: string; readonly at: Date; readonly recipients: readonly string[]; readonly operationId: string; readonly lessonId: string; readonly lesson: LessonContent };

export interface OperationFacts {
  readonly name: string;
  readonly lead: string;
  readonly status: string;
  readonly participants: readonly string[];
  readonly period: { readonly start: string; readonly end: string };
}

/** `by` is the acting agency, `audience` every other member (a debrief is open to all), `now` its clock. */
interface Acting {
  readonly operationId: string;
  readonly by: string;
  readonly audience: readonly string[];
  readonly now: Date;
}

export type DebriefCommand =
  | (Acting & { readonly type: 'OpenDebrief'; readonly operation: OperationFacts })
  | (Acting & { readonly type: 'SubmitOutcomes'; readonly counts: readonly { readonly category: string; readonly count: number }[]; readonly intelligenceSummary: string })
  | (Acting & { readonly type: 'SubmitLesson'; readonly lessonId: string; readonly lesson: LessonContent; readonly nonAttributable: boolean })
  | (Acting & { readonly type: 'UpdateRemedialAction'; readonly lessonId: string; readonly status: RemedialStatus })
  /** `anonymousOrder`: the pending non-attributable lessons' ids, shuffled by the caller, so nothing in the order points at an author. */
  | (Acting & { readonly type: 'PublishReport'; readonly actions: readonly ActionFact[]; readonly requests: readonly RequestFact[]; readonly anonymousOrder: readonly string[] });

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

/** The lead's published copy of a non-attributable lesson `me` wrote and holds already: expected, not a replay. */
export function isCopyOfOwnLesson(me: string, record: DebriefState, event: DebriefEvent): boolean {
  if (event.type !== 'debrief.lesson' || !event.nonAttributable) return false;
  const held = record?.lessons.get(event.lessonId);
  if (event.from !== record?.lead || !held?.nonAttributable || held.lesson.agency !== me) return false;
  return JSON.stringify(held.lesson) === JSON.stringify(toLesson(event.lessonId, me, event.lesson));
}

type Refused = { readonly detail: string; readonly replay?: boolean };

/** Why `me` ignores (and its door refuses) an event; undefined when it applies. */
function refusalOf(me: string, record: DebriefState, event: DebriefEvent): Refused | undefined {
  if (event.type === 'debrief.opened') {
    if (record) return { detail: `the debrief of ${event.operationId} is open already`, replay: true };
    return event.lead === event.from ? undefined : { detail: `only the lead (${event.lead}) opens the debrief` };
  }
  if (!record) return { detail: `no debrief of ${event.operationId} is open` };
  const participant = record.participants.includes(event.from);
  const reported = record.status === 'reported' ? { detail: `the report of ${event.operationId} is published: nothing more is submitted` } : undefined;
  const notParticipant = { detail: `${event.from} is not a participant: only participants submit` };
  switch (event.type) {
    case 'debrief.outcomes': {
      if (!participant) return notParticipant;
      if (reported) return reported;
      const read = readCounts(event.counts);
      return 'violations' in read ? { detail: read.violations.map((v) => `${v.path}: ${v.message}`).join('; ') } : undefined;
    }
    case 'debrief.lesson':
      if (event.nonAttributable ? event.from !== record.lead : !participant) return event.nonAttributable ? { detail: 'only the lead publishes non-attributable lessons' } : notParticipant;
      if (record.status === 'reported' && !record.report?.lessonIds.includes(event.lessonId)) return reported;
      if (isCopyOfOwnLesson(me, record, event)) return undefined;
      return record.lessons.has(event.lessonId) ? { detail: `lesson ${event.lessonId} is held already`, replay: true } : undefined;
    case 'debrief.anonymous-lesson':
      if (!participant) return notParticipant;
      if (record.lead !== me && event.from !== me) return { detail: 'non-attributable lessons go to the lead' };
      return reported;
    case 'debrief.own-lesson':
      if (record.lead !== me || event.from !== me) return { detail: 'only the lead keeps its own non-attributable lessons aside' };
      if (record.lessons.has(event.lessonId)) return { detail: `lesson ${event.lessonId} is held already`, replay: true };
      return reported;
    case 'debrief.remedial': {
      const move = remedialRefusal(record, event.lessonId, event.from, event.status);
      return move ? { detail: move.detail } : undefined;
    }
    case 'debrief.report':
      if (event.from !== record.lead) return { detail: `only the lead (${record.lead}) publishes the report` };
      return record.status === 'reported' ? { detail: 'the report is published already', replay: true } : undefined;
  }
}

const withEntry = <K, V>(map: ReadonlyMap<K, V>, key: K, value: V) => new Map(map).set(key, value);
const withoutEntry = <K, V>(map: ReadonlyMap<K, V>, key: K) => {
  const next = new Map(map);
  next.delete(key);
  return next;
};

function evolveRecord(me: string, record: DebriefState, event: DebriefEvent): Evolved<DebriefState> {
  const refusal = refusalOf(me, record, event);
  if (refusal) return ignored(record, refusal.detail, refusal.replay);
  if (event.type === 'debrief.opened') {
    const period = { start: new Date(event.period.start), end: new Date(event.period.end) };
    const participants = [...event.participants].sort();
    return applied({ operationId: event.operationId, name: event.name, lead: event.lead, participants, period, openedAt: event.at, status: 'open', reportedAt: undefined, outcomes: new Map(), lessons: new Map(), pendingAnonymous: new Map(), report: undefined });
  }
  const held = record!;
  switch (event.type) {
    case 'debrief.outcomes': {
      const read = readCounts(event.counts);
      return 'counts' in read ? applied({ ...held, outcomes: withEntry(held.outcomes, event.from, { counts: read.counts, intelligenceSummary: event.intelligenceSummary, submittedAt: event.at }) }) : applied(held);
    }
    case 'debrief.lesson': {
      // The author keeps seeing its own non-attributable lesson as its own.
      const own = held.lessons.get(event.lessonId);
      const lesson = own ?? { lesson: toLesson(event.lessonId, event.nonAttributable ? undefined : event.from, event.lesson), nonAttributable: event.nonAttributable };
      return applied({ ...held, pendingAnonymous: withoutEntry(held.pendingAnonymous, event.lessonId), lessons: withEntry(held.lessons, event.lessonId, lesson) });
    }
    case 'debrief.anonymous-lesson': {
      const lessons = event.from === me ? withEntry(held.lessons, event.lessonId, { lesson: toLesson(event.lessonId, me, event.lesson), nonAttributable: true }) : held.lessons;
      const pendingAnonymous = held.lead === me ? withEntry(held.pendingAnonymous, event.lessonId, event.lesson) : held.pendingAnonymous;
      return applied({ ...held, lessons, pendingAnonymous });
    }
    case 'debrief.own-lesson':
      return applied({
        ...held,
        pendingAnonymous: withEntry(held.pendingAnonymous, event.lessonId, event.lesson),
        lessons: withEntry(held.lessons, event.lessonId, { lesson: toLesson(event.lessonId, me, event.lesson), nonAttributable: true }),
      });
    case 'debrief.remedial': {
      const lesson = held.lessons.get(event.lessonId)!;
      const remedialAction = { ...lesson.lesson.remedialAction!, status: event.status };
      return applied({ ...held, lessons: withEntry(held.lessons, event.lessonId, { ...lesson, lesson: { ...lesson.lesson, remedialAction } }) });
    }
    case 'debrief.report': {
      const synthesis = event.synthesis.map((s) => ({ ...s, medianAnswerHours: s.medianAnswerHours ?? undefined, medianAlertToActionHours: s.medianAlertToActionHours ?? undefined }));
      return applied({ ...held, status: 'reported', reportedAt: event.at, report: { lessonIds: event.lessonIds, outcomeAgencies: event.outcomeAgencies, synthesis } });
    }
  }
}

/** Only participants submit, and nothing after the report. */
function submitterRefusal(record: DebriefState, command: Acting): Decision<never> | undefined {
  if (!record) return refuse.notFound(`${command.by} holds no debrief of operation ${command.operationId}`);
  if (!record.participants.includes(command.by)) return refuse.denied(`${command.by} is not a participant of operation ${command.operationId}: every member reads the debrief, only participants submit`);
  if (record.status === 'reported') return refuse.precondition(`the report of operation ${command.operationId} is published: nothing more is submitted`);
  return undefined;
}

function decide(command: DebriefCommand, record: DebriefState): Decision<DebriefEvent> {
  const { operationId, by: from, audience: recipients, now: at } = command;
  const base = { from, at, recipients, operationId };
  switch (command.type) {
    case 'OpenDebrief': {
      const { operation } = command;
      if (record) return refuse.alreadyExists(`the debrief of operation ${operationId} is open already`);
      if (operation.lead !== from) return refuse.denied(`only the lead of operation ${operationId} (${operation.lead}) opens its debrief`);
      if (operation.status !== 'concluded') return refuse.precondition(`operation ${operationId} is ${operation.status}: its debrief opens once it has concluded`);
      return decided({ type: 'debrief.opened', ...base, name: operation.name, lead: operation.lead, participants: [...operation.participants], period: operation.period });
    }
    case 'SubmitOutcomes': {
      const refusal = submitterRefusal(record, command);
      if (refusal) return refusal;
      const given: Record<string, number> = {};
      const repeated: string[] = [];
      for (const { category, count } of command.counts) {
        if (category in given) repeated.push(category);
        given[category] = count;
      }
      if (repeated.length > 0) return refuse.invalid(repeated.map((category) => ({ path: `counts.${category}`, message: 'is given twice' })), 'invalid request');
      const read = readCounts(given);
      if ('violations' in read) return refuse.invalid(read.violations, 'invalid request');
      return decided({ type: 'debrief.outcomes', ...base, counts: read.counts, intelligenceSummary: command.intelligenceSummary });
    }
    case 'SubmitLesson': {
      const refusal = submitterRefusal(record, command);
      if (refusal) return refusal;
      const { lessonId, lesson } = command;
      if (!command.nonAttributable) return decided({ type: 'debrief.lesson', ...base, lessonId, lesson, nonAttributable: false });
      if (record!.lead === from) return decided({ type: 'debrief.own-lesson', ...base, recipients: [], lessonId, lesson });
      return decided({ type: 'debrief.anonymous-lesson', ...base, recipients: [record!.lead], lessonId, lesson });
    }
    case 'UpdateRemedialAction': {
      if (!record) return refuse.notFound(`${from} holds no debrief of operation ${operationId}`);
      if (!record.lessons.has(command.lessonId)) return refuse.notFound(`operation ${operationId} has no lesson ${command.lessonId} here`);
      const refusal = remedialRefusal(record, command.lessonId, from, command.status);
      if (refusal) return refusal.kind === 'not-yours' ? refuse.denied(refusal.detail) : refuse.precondition(refusal.detail);
      return decided({ type: 'debrief.remedial', ...base, lessonId: command.lessonId, status: command.status });
    }
    case 'PublishReport': {
      if (!record) return refuse.notFound(`${from} holds no debrief of operation ${operationId}`);
      if (record.lead !== from) return refuse.denied(`only the lead (${record.lead}) publishes the report`);
      if (record.status === 'reported') return refuse.precondition(`the report of operation ${operationId} is published already`);
      const synthesis = synthesise(record.participants, [...command.actions], [...command.requests]);
      const pending = command.anonymousOrder.flatMap((lessonId) => {
        const lesson = record.pendingAnonymous.get(lessonId);
        return lesson ? [{ type: 'debrief.lesson' as const, ...base, lessonId, lesson, nonAttributable: true }] : [];
      });
      const lessonIds = [...new Set([...record.lessons.keys(), ...pending.map((p) => p.lessonId)])].sort();
      const report = {
        type: 'debrief.report' as const,
        ...base,
        lessonIds,
        outcomeAgencies: [...record.outcomes.keys()].sort(),
        synthesis: synthesis.map((s) => ({ ...s, medianAnswerHours: s.medianAnswerHours ?? null, medianAlertToActionHours: s.medianAlertToActionHours ?? null })),
      };
      return decided<DebriefEvent>(...pending, report);
    }
  }
}

/** The debrief as agency `me` holds it: the lead and its participants fold the same events to the same record. */
export function debriefDecider(me: string): Decider<DebriefCommand, DebriefEvent, DebriefState> {
  return { initialState: () => undefined, decide, evolve: (state, event) => evolveRecord(me, state, event) };
}
