/** Every planning event, whatever part of the operation it concerns. */
import type { OperationEvent } from './operation.js';

export type PlanningEvent = OperationEvent;
