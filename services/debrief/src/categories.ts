/**
 * The debrief's categories (outcome counts, lessons, remedial action statuses), browser-safe: the
 * console's forms list exactly what the service accepts, from this one place.
 */
export { outcomeCategories, type OutcomeCategory } from './domain/outcomes.js';
export { lessonCategories, remedialStatuses, type LessonCategory } from './domain/lessons.js';
