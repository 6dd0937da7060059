export { createPlanningService } from './planning-service.js';
export type { PlanningOptions, PlanningService } from './planning-service.js';
export { PlanningProjection } from './planning-projection.js';
export type { TimelineItem, TimelinePage } from './planning-projection.js';
export { createPlanningCodec } from './planning-codec.js';
export type { PlanningCodec, WireType } from './planning-codec.js';
