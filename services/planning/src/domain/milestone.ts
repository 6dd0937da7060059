/**
 * Milestones: the operation's meetings on the shared timeline (initial planning meeting, mid-point
 * progression sessions, the debrief). Co-chairs schedule, reschedule and cancel them.
 */
import { Code, ConcordError, type Violation } from '@concord/errors';
import type { Lifecycle, Period } from './operation.js';
import { periodViolations } from './operation.js';

export const MilestoneKind = {
  InitialPlanning: 'initial-planning',
  Progression: 'progression',
  Debrief: 'debrief',
  Other: 'other',
} as const;
export type MilestoneKind = (typeof MilestoneKind)[keyof typeof MilestoneKind];
export const milestoneKinds = Object.values(MilestoneKind);

export interface Milestone {
  readonly id: string;
  readonly kind: MilestoneKind;
  readonly title: string;
  readonly window: Period;
  /** Where it meets: a place, or "online". */
  readonly location: string;
}

export type MilestoneEvent =
  | { readonly type: 'milestone.scheduled'; readonly by: string; readonly operationId: string; readonly milestone: Milestone; readonly at: Date }
  | { readonly type: 'milestone.cancelled'; readonly by: string; readonly operationId: string; readonly milestoneId: string; readonly at: Date };

export interface MilestoneState {
  readonly milestone: Milestone;
  readonly cancelled: boolean;
}

function requireCoChair(lifecycle: Lifecycle, by: string): void {
  if (!lifecycle.operation.coChairs.includes(by)) throw new ConcordError(Code.PermissionDenied, `only a co-chair (${lifecycle.operation.coChairs.join(', ')}) may schedule milestones`);
}

export function scheduleMilestone(lifecycle: Lifecycle, by: string, milestone: Milestone, now: Date): MilestoneEvent {
  requireCoChair(lifecycle, by);
  const violations: Violation[] = periodViolations(milestone.window, 'window');
  const title = milestone.title.trim();
  if (title.length === 0 || title.length > 200) violations.push({ path: 'title', message: 'must be 1 to 200 characters' });
  if (milestone.location.length > 200) violations.push({ path: 'location', message: 'must be at most 200 characters' });
  if (violations.length > 0) throw ConcordError.invalid(violations, 'invalid milestone');
  return { type: 'milestone.scheduled', by, operationId: lifecycle.operation.id, milestone: { ...milestone, title }, at: now };
}

export function cancelMilestone(lifecycle: Lifecycle, milestones: ReadonlyMap<string, MilestoneState>, by: string, milestoneId: string, now: Date): MilestoneEvent {
  requireCoChair(lifecycle, by);
  const current = milestones.get(milestoneId);
  if (!current) throw new ConcordError(Code.NotFound, `milestone ${milestoneId} is not scheduled`);
  if (current.cancelled) throw new ConcordError(Code.FailedPrecondition, `milestone ${milestoneId} is cancelled already`);
  return { type: 'milestone.cancelled', by, operationId: lifecycle.operation.id, milestoneId, at: now };
}

export interface MilestoneStep {
  readonly milestones: Map<string, MilestoneState>;
  readonly ignored?: string;
}

/** Folds one event into `milestones`, which belongs to the fold and grows in place. */
export function evolveMilestones(milestones: Map<string, MilestoneState>, lifecycle: Lifecycle | undefined, event: MilestoneEvent): MilestoneStep {
  if (!lifecycle) return { milestones, ignored: 'no such operation' };
  if (!lifecycle.operation.coChairs.includes(event.by)) return { milestones, ignored: `${event.by} is not a co-chair` };
  switch (event.type) {
    case 'milestone.scheduled': {
      if (milestones.get(event.milestone.id)?.cancelled) return { milestones, ignored: 'the milestone was cancelled' };
      return { milestones: milestones.set(event.milestone.id, { milestone: event.milestone, cancelled: false }) };
    }
    case 'milestone.cancelled': {
      const current = milestones.get(event.milestoneId);
      if (!current) return { milestones, ignored: 'no such milestone' };
      return { milestones: milestones.set(event.milestoneId, { ...current, cancelled: true }) };
    }
  }
}
