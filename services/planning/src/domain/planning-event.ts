/** Every planning event, whatever part of the operation it concerns. */
import type { MilestoneEvent } from './milestone.js';
import type { ActionEvent } from './national-action.js';
import type { OperationEvent } from './operation.js';

export type PlanningEvent = OperationEvent | MilestoneEvent | ActionEvent;
