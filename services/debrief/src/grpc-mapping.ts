/** Between the debrief's records and the generated gRPC messages. */
import { DebriefStatus, type Debrief, type Lesson as LessonMessage } from '@concord/contracts/debrief';
import type { DebriefRecord, HeldLesson } from './domain/debrief.js';
import { outcomeCategories } from './domain/outcomes.js';

export function toLessonMessage(held: HeldLesson, visibleEvidence: ReadonlyArray<{ eventId: string; summary: string }> = []): LessonMessage {
  const { lesson } = held;
  return {
    id: lesson.id,
    agency: lesson.agency ?? '',
    category: lesson.category,
    observation: lesson.observation,
    lessonIdentified: lesson.lessonIdentified,
    remedialAction: lesson.remedialAction ? { ...lesson.remedialAction } : undefined,
    lessonLearned: lesson.lessonLearned,
    evidence: [...lesson.evidence],
    visibleEvidence: visibleEvidence.map((e) => ({ ...e })),
    nonAttributable: held.nonAttributable,
  };
}

export function toDebrief(record: DebriefRecord, lessons: LessonMessage[]): Debrief {
  return {
    operationId: record.operationId,
    operationName: record.name,
    lead: record.lead,
    participants: [...record.participants],
    periodStart: record.period.start,
    periodEnd: record.period.end,
    status: record.status === 'open' ? DebriefStatus.DEBRIEF_STATUS_OPEN : DebriefStatus.DEBRIEF_STATUS_REPORTED,
    outcomes: [...record.outcomes.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([agency, o]) => ({ agency, counts: outcomeCategories.map((category) => ({ category, count: o.counts[category] })), intelligenceSummary: o.intelligenceSummary, submittedAt: o.submittedAt })),
    lessons,
    openedAt: record.openedAt,
    reportedAt: record.reportedAt,
    pendingAnonymousLessons: record.pendingAnonymous.size,
  };
}
