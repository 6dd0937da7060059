/**
 * Joint investigation plans: two or more participants agree a cross-border plan (objectives, contact
 * points, linked actions) that only they can read: it is sealed to its parties on the wire and sent
 * to nobody else. Any party may propose a new version; it is agreed when every party accepted it.
 */
import { Code, ConcordError, type Violation } from '@concord/errors';
import type { Lifecycle } from './operation.js';

export interface JointPlanContact {
  readonly agency: string;
  readonly name: string;
  /** Phone, e-mail, office: how to reach them. */
  readonly details: string;
}

export interface JointPlanContent {
  readonly title: string;
  readonly objectives: readonly string[];
  readonly contacts: readonly JointPlanContact[];
  /** Ids of the parties' national actions this plan ties together. */
  readonly linkedActions: readonly string[];
}

export type JointPlanEvent =
  | {
      readonly type: 'jip.proposed';
      readonly by: string;
      readonly operationId: string;
      readonly planId: string;
      readonly version: number;
      readonly parties: readonly string[];
      readonly content: JointPlanContent;
      readonly at: Date;
    }
  | { readonly type: 'jip.accepted'; readonly by: string; readonly operationId: string; readonly planId: string; readonly version: number; readonly party: string; readonly at: Date };

export interface JointPlanState {
  readonly planId: string;
  readonly version: number;
  /** Sorted. */
  readonly parties: readonly string[];
  readonly content: JointPlanContent;
  readonly proposedBy: string;
  /** Parties that accepted the current version, the proposer included. */
  readonly acceptedBy: ReadonlySet<string>;
}

export const isAgreed = (plan: JointPlanState) => plan.parties.every((party) => plan.acceptedBy.has(party));

export interface JointPlanInput {
  readonly planId: string;
  readonly parties: readonly string[];
  readonly content: JointPlanContent;
}

export function proposeJointPlan(lifecycle: Lifecycle, current: JointPlanState | undefined, by: string, input: JointPlanInput, now: Date): JointPlanEvent {
  const violations: Violation[] = [];
  const parties = [...new Set([by, ...input.parties])].sort();
  input.parties.forEach((party, index) => {
    if (!lifecycle.operation.participants.includes(party)) violations.push({ path: `parties[${index}]`, message: `${party} is not a participant of the operation` });
  });
  if (parties.length < 2) violations.push({ path: 'parties', message: 'a joint plan needs at least one other participant' });
  const title = input.content.title.trim();
  if (!title || title.length > 200) violations.push({ path: 'title', message: 'must be 1 to 200 characters' });
  input.content.contacts.forEach((contact, index) => {
    if (!parties.includes(contact.agency)) violations.push({ path: `contacts[${index}].agency`, message: `${contact.agency} is not a party to the plan` });
  });
  if (violations.length > 0) throw ConcordError.invalid(violations, 'invalid joint plan');
  if (current && !current.parties.includes(by)) throw new ConcordError(Code.PermissionDenied, `${by} is not a party to plan ${current.planId}`);
  return { type: 'jip.proposed', by, operationId: lifecycle.operation.id, planId: input.planId, version: (current?.version ?? 0) + 1, parties, content: { ...input.content, title }, at: now };
}

export function acceptJointPlan(plan: JointPlanState | undefined, operationId: string, by: string, version: number, now: Date): JointPlanEvent {
  if (!plan) throw new ConcordError(Code.NotFound, 'no such joint plan');
  if (!plan.parties.includes(by)) throw new ConcordError(Code.PermissionDenied, `${by} is not a party to plan ${plan.planId}`);
  if (version !== plan.version) throw new ConcordError(Code.FailedPrecondition, `the plan is at version ${plan.version}; the acceptance was for version ${version}`);
  return { type: 'jip.accepted', by, operationId, planId: plan.planId, version, party: by, at: now };
}

export interface JointPlanStep {
  readonly plans: Map<string, JointPlanState>;
  readonly ignored?: string;
}

/** Folds one event into `plans`, which belongs to the fold and grows in place. */
export function evolveJointPlans(plans: Map<string, JointPlanState>, lifecycle: Lifecycle | undefined, event: JointPlanEvent): JointPlanStep {
  const ignore = (ignored: string): JointPlanStep => ({ plans, ignored });
  if (!lifecycle) return ignore('no such operation');
  const current = plans.get(event.planId);
  switch (event.type) {
    case 'jip.proposed': {
      if (!event.parties.includes(event.by)) return ignore(`${event.by} is not a party`);
      if (event.parties.some((party) => !lifecycle.operation.participants.includes(party))) return ignore('a party is not a participant');
      if (current && !current.parties.includes(event.by)) return ignore(`${event.by} is not a party to the plan`);
      if (event.version !== (current?.version ?? 0) + 1) return ignore(`version ${event.version} does not follow ${current?.version ?? 0}`);
      const plan: JointPlanState = { planId: event.planId, version: event.version, parties: event.parties, content: event.content, proposedBy: event.by, acceptedBy: new Set([event.by]) };
      return { plans: plans.set(event.planId, plan) };
    }
    case 'jip.accepted': {
      if (!current) return ignore('no such plan');
      if (event.party !== event.by) return ignore(`${event.by} cannot accept for ${event.party}`);
      if (!current.parties.includes(event.by)) return ignore(`${event.by} is not a party`);
      if (event.version !== current.version) return ignore(`accepts version ${event.version}; the plan is at ${current.version}`);
      return { plans: plans.set(event.planId, { ...current, acceptedBy: new Set([...current.acceptedBy, event.by]) }) };
    }
  }
}
