/**
 * Everything one agency knows of one operation, folded from the operation's events in timeline order.
 * Pure: the same events in the same order give the same view, and the same ignored events, everywhere.
 */
import { evolveMilestones, type MilestoneState } from './milestone.js';
import { evolveActions, type SharedAction } from './national-action.js';
import { absent, evolve as evolveLifecycle, type OperationState } from './operation.js';
import type { PlanningEvent } from './planning-event.js';

export interface OperationView {
  readonly lifecycle: OperationState;
  readonly milestones: ReadonlyMap<string, MilestoneState>;
  /** Every released action, this agency's and others'. */
  readonly actions: ReadonlyMap<string, SharedAction>;
}

export const emptyView: OperationView = { lifecycle: absent, milestones: new Map(), actions: new Map() };

export interface ViewStep {
  readonly view: OperationView;
  readonly ignored?: string;
}

export function evolveView(view: OperationView, event: PlanningEvent): ViewStep {
  const lifecycle = view.lifecycle.status === 'absent' ? undefined : view.lifecycle;
  const step = (() => {
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
      default: {
        const { state, ignored } = evolveLifecycle(view.lifecycle, event);
        return { view: { ...view, lifecycle: state }, ignored };
      }
    }
  })();
  return step.ignored === undefined ? { view: step.view } : step;
}
