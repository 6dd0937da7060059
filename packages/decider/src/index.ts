export { applied, decided, ignored, refuse } from './decider.js';
export type { Decider, Decision, Evolved, Refusal } from './decider.js';
export { decideOne, eventsOf, refusalError } from './refusal-error.js';
export { Projection } from './projection.js';
export type { ProjectionListener } from './projection.js';
