/**
 * Everything one agency knows of one operation, folded from the operation's events in timeline order.
 * Pure: the same events in the same order give the same view, and the same ignored events, everywhere.
 */
import { absent, evolve as evolveLifecycle, type OperationState } from './operation.js';
import type { PlanningEvent } from './planning-event.js';

export interface OperationView {
  readonly lifecycle: OperationState;
}

export const emptyView: OperationView = { lifecycle: absent };

export interface ViewStep {
  readonly view: OperationView;
  readonly ignored?: string;
}

export function evolveView(view: OperationView, event: PlanningEvent): ViewStep {
  const { state, ignored } = evolveLifecycle(view.lifecycle, event);
  return { view: { ...view, lifecycle: state }, ...(ignored === undefined ? {} : { ignored }) };
}
