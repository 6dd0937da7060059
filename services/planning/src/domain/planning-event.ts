/** Every planning event, whatever part of the operation it concerns. */
import type { DeconflictionEvent } from './deconfliction-events.js';
import type { JointPlanEvent } from './joint-plan.js';
import type { MilestoneEvent } from './milestone.js';
import type { ActionEvent } from './national-action.js';
import type { OperationEvent } from './operation.js';
import type { RequestOutcomeEvent } from './request-outcome.js';

export type PlanningEvent = OperationEvent | MilestoneEvent | ActionEvent | JointPlanEvent | DeconflictionEvent | RequestOutcomeEvent;
