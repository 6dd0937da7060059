export { createDebriefService } from './debrief-service.js';
export { categoryLabels, outcomeCategories, readCounts, totalOutcomes, zeroCounts } from './domain/outcomes.js';
export type { OutcomeCategory, OutcomeCounts, OutcomeSubmission, OutcomeTotals } from './domain/outcomes.js';
export { lessonCategories, remedialMoveRefusal, remedialStatuses } from './domain/lessons.js';
export type { Lesson, LessonCategory, RemedialAction, RemedialStatus } from './domain/lessons.js';
export { synthesise } from './domain/synthesis.js';
export type { ActionFact, AgencySynthesis, RequestFact } from './domain/synthesis.js';
export { renderJson, renderMarkdown, renderOutcomesCsv, reportValue } from './domain/report.js';
export type { ReportInput } from './domain/report.js';
