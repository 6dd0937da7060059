export { createPlanningService } from './planning-service.js';
export type { PlanningOptions, PlanningService } from './planning-service.js';
export { PlanningProjection } from './planning-projection.js';
export type { TimelineItem, TimelinePage } from './planning-projection.js';
export { createPlanningCodec, toWire } from './planning-wire.js';
export type { PlanningCodec } from './planning-wire.js';
