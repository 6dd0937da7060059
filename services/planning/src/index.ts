export { createPlanningService } from './planning-service.js';
export type { PlanningOptions, PlanningService } from './planning-service.js';
export { PlanningProjection } from './planning-projection.js';
export type { TimelineItem, TimelinePage } from './planning-projection.js';
export { planningEventTypes, toWireBody } from './planning-events.js';
export type { PlanningEventType } from './planning-events.js';
