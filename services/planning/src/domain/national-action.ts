/**
 * National actions. Each participant plans its own measures; their private details (targets,
 * locations, officers, notes) stay in its own store. What it releases to the shared timeline is a
 * projection: kind, window, jurisdiction and status, updated as the action runs.
 *
 * planned ──> started ──> completed          (and cancelled from planned or started)
 *
 * An action is marked started or completed only once its window has opened. Whether it lies outside the
 * designated period is judged against the operation's current period, so it follows every change.
 */
import { Code, ConcordError, type Violation } from '@concord/errors';
import { jurisdictionProblem } from './jurisdiction.js';
import type { Lifecycle, Period } from './operation.js';
import { isOver, periodViolations } from './operation.js';

export const ActionKind = {
  VesselInterdiction: 'vessel-interdiction',
  PortInspection: 'port-inspection',
  ArrestOperation: 'arrest-operation',
  SearchWarrant: 'search-warrant',
  BorderCheck: 'border-check',
  VictimScreening: 'victim-screening',
  PublicInformationCampaign: 'public-information-campaign',
  Other: 'other',
} as const;
export type ActionKind = (typeof ActionKind)[keyof typeof ActionKind];
export const actionKinds = Object.values(ActionKind);

export const ActionStatus = { Planned: 'planned', Started: 'started', Completed: 'completed', Cancelled: 'cancelled' } as const;
export type ActionStatus = (typeof ActionStatus)[keyof typeof ActionStatus];
export const actionStatuses = Object.values(ActionStatus);

const next: Record<ActionStatus, readonly ActionStatus[]> = {
  planned: ['started', 'cancelled'],
  started: ['completed', 'cancelled'],
  completed: [],
  cancelled: [],
};

/** What the other members see of an action. */
export interface SharedAction {
  readonly id: string;
  readonly agency: string;
  readonly kind: ActionKind;
  readonly window: Period;
  /** ISO 3166-1 alpha-2 country, optionally with an ISO 3166-2 subdivision: "ID" or "ID-JK". */
  readonly jurisdiction: string;
  readonly status: ActionStatus;
  /** The window does not lie inside the designated period (the agency released it knowingly). */
  readonly outsidePeriod: boolean;
  /** The intelligence alert it acts on, and when that alert was published. */
  readonly alert?: { readonly id: string; readonly publishedAt: Date };
}

export type ActionEvent =
  | { readonly type: 'action.released'; readonly by: string; readonly operationId: string; readonly action: SharedAction; readonly at: Date }
  | { readonly type: 'action.updated'; readonly by: string; readonly operationId: string; readonly action: SharedAction; readonly at: Date };

export const jurisdictionPattern = /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/;

export function insidePeriod(window: Period, period: Period): boolean {
  return window.start >= period.start && window.end <= period.end;
}

/** The action with its outside-period flag judged against `period`: the same object when it holds. */
export function flaggedFor(action: SharedAction, period: Period): SharedAction {
  const outsidePeriod = !insidePeriod(action.window, period);
  return outsidePeriod === action.outsidePeriod ? action : { ...action, outsidePeriod };
}

/** A participant's action fields, checked; the error names each bad field. `country` is the acting agency's. */
export function actionViolations(input: { kind: string; window: Period; jurisdiction: string }, country: string | undefined): Violation[] {
  const violations = periodViolations(input.window, 'window');
  if (!(actionKinds as readonly string[]).includes(input.kind)) violations.push({ path: 'kind', message: `must be one of ${actionKinds.join(', ')}` });
  const problem = jurisdictionPattern.test(input.jurisdiction) ? jurisdictionProblem(input.jurisdiction, country) : 'must be an ISO 3166 country or subdivision code, for example ID or ID-JK';
  if (problem) violations.push({ path: 'jurisdiction', message: problem });
  return violations;
}

export function requirePlanningParticipant(lifecycle: Lifecycle, agency: string): void {
  if (!lifecycle.operation.participants.includes(agency)) {
    const role = lifecycle.operation.supporters.includes(agency) ? 'a supporter, who plans no actions' : 'not a participant';
    throw new ConcordError(Code.PermissionDenied, `${agency} is ${role} of operation ${lifecycle.operation.id}`);
  }
  if (isOver(lifecycle.status)) throw new ConcordError(Code.FailedPrecondition, `operation ${lifecycle.operation.id} is ${lifecycle.status}`);
}

/** A status change the lifecycle allows, and that has begun: nothing starts or completes before its window opens. */
export function checkStatusChange(from: ActionStatus, to: ActionStatus, window: Period, now: Date): void {
  if (from === to) return;
  if (!next[from].includes(to)) throw new ConcordError(Code.FailedPrecondition, `an action cannot go from ${from} to ${to}`);
  if ((to === ActionStatus.Started || to === ActionStatus.Completed) && now < window.start) {
    throw new ConcordError(Code.FailedPrecondition, `the action cannot be ${to} before its window opens (${window.start.toISOString()}); if it began earlier, move its window start first`);
  }
}

export interface ActionStep {
  readonly actions: Map<string, SharedAction>;
  readonly ignored?: string;
}

/** Folds one event into `actions`, which belongs to the fold and grows in place. */
export function evolveActions(actions: Map<string, SharedAction>, lifecycle: Lifecycle | undefined, event: ActionEvent): ActionStep {
  const ignore = (ignored: string): ActionStep => ({ actions, ignored });
  if (!lifecycle) return ignore('no such operation');
  const { action } = event;
  if (action.agency !== event.by) return ignore(`${event.by} cannot release ${action.agency}'s action`);
  if (!lifecycle.operation.participants.includes(event.by)) return ignore(`${event.by} is not a participant`);
  const current = actions.get(action.id);
  switch (event.type) {
    case 'action.released':
      if (current) return ignore('the action was released already');
      return { actions: actions.set(action.id, flaggedFor(action, lifecycle.operation.period)) };
    case 'action.updated':
      if (!current) return ignore('the action was never released');
      if (current.agency !== event.by) return ignore(`the action is ${current.agency}'s`);
      if (current.status !== action.status && !next[current.status].includes(action.status)) return ignore(`an action cannot go from ${current.status} to ${action.status}`);
      return { actions: actions.set(action.id, flaggedFor(action, lifecycle.operation.period)) };
  }
}
