export { createPlanningService } from './planning-service.js';
export type { PlanningOptions, PlanningService } from './planning-service.js';
export { TimelineProjection } from './timeline-projection.js';
export type { TimelineItem, TimelinePage } from './timeline-projection.js';
export { PlanningEventType } from './planning-events.js';
