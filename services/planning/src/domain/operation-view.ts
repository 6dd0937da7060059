/**
 * Everything one agency knows of one operation, folded from the operation's events in timeline order.
 * Deterministic: the same events in the same order give the same view, and the same ignored events,
 * everywhere. Each fold starts from a fresh empty view and extends its collections in place, so a step
 * costs the same however long the operation's timeline has grown.
 */
import { emptyDeconfliction, evolveDeconfliction, type DeconflictionState } from './deconfliction-events.js';
import { evolveJointPlans, type JointPlanState } from './joint-plan.js';
import { evolveMilestones, type MilestoneState } from './milestone.js';
import { evolveRequestOutcomes, type ReleasedRequest } from './request-outcome.js';
import { evolveActions, flaggedFor, type SharedAction } from './national-action.js';
import { absent, evolve as evolveLifecycle, type OperationState, type Period } from './operation.js';
import type { PlanningEvent } from './planning-event.js';

export interface OperationView {
  readonly lifecycle: OperationState;
  readonly milestones: Map<string, MilestoneState>;
  /** Requests for assistance released to the timeline, by request id. */
  readonly requests: Map<string, ReleasedRequest>;
  /** Every released action, this agency's and others'. */
  readonly actions: Map<string, SharedAction>;
  /** The joint plans this agency is a party to. */
  readonly jointPlans: Map<string, JointPlanState>;
  readonly deconfliction: DeconflictionState;
}

/** A fresh view to fold into: its collections belong to that fold alone. */
export const emptyView = (): OperationView => ({ lifecycle: absent, milestones: new Map(), actions: new Map(), jointPlans: new Map(), deconfliction: emptyDeconfliction(), requests: new Map() });

/**
 * A copy to fold on from, leaving `view` as it is: the collections a fold extends in place are copied;
 * their values, and the lifecycle, are replaced by each step, never changed.
 */
export const cloneView = (view: OperationView): OperationView => ({
  lifecycle: view.lifecycle,
  milestones: new Map(view.milestones),
  actions: new Map(view.actions),
  jointPlans: new Map(view.jointPlans),
  deconfliction: { ...view.deconfliction, tokens: [...view.deconfliction.tokens], matches: [...view.deconfliction.matches] },
  requests: new Map(view.requests),
});

export interface ViewStep {
  readonly view: OperationView;
  readonly ignored?: string;
}

function step(view: OperationView, event: PlanningEvent): { view: OperationView; ignored?: string | undefined } {
  const lifecycle = view.lifecycle.status === 'absent' ? undefined : view.lifecycle;
  switch (event.type) {
    case 'milestone.scheduled':
    case 'milestone.cancelled': {
      const { milestones, ignored } = evolveMilestones(view.milestones, lifecycle, event);
      return { view: { ...view, milestones }, ignored };
    }
    case 'action.released':
    case 'action.updated': {
      const { actions, ignored } = evolveActions(view.actions, lifecycle, event);
      return { view: { ...view, actions }, ignored };
    }
    case 'jip.proposed':
    case 'jip.accepted': {
      const { plans, ignored } = evolveJointPlans(view.jointPlans, lifecycle, event);
      return { view: { ...view, jointPlans: plans }, ignored };
    }
    case 'deconfliction.key':
    case 'deconfliction.tokens':
    case 'deconfliction.match': {
      const { deconfliction, ignored } = evolveDeconfliction(view.deconfliction, lifecycle, event);
      return { view: { ...view, deconfliction }, ignored };
    }
    case 'request.released': {
      const { released, ignored } = evolveRequestOutcomes(view.requests, lifecycle, event);
      return { view: { ...view, requests: released }, ignored };
    }
    default: {
      const { state, ignored } = evolveLifecycle(view.lifecycle, event);
      if (state.status !== 'absent' && state !== view.lifecycle) reflagActions(view.actions, state.operation.period);
      return { view: { ...view, lifecycle: state }, ignored };
    }
  }
}

/** A new period changes which released actions lie outside it: every one is judged again. */
function reflagActions(actions: Map<string, SharedAction>, period: Period): void {
  for (const [id, action] of actions) actions.set(id, flaggedFor(action, period));
}

export function evolveView(view: OperationView, event: PlanningEvent): ViewStep {
  const next = step(view, event);
  return next.ignored === undefined ? { view: next.view } : { view: next.view, ignored: next.ignored };
}
