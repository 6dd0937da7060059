/**
 * The operation (Joint Period of Action) lifecycle as a pure decider (`operationDecider`).
 *
 * `decide` turns a command into events, or a typed refusal, at the agency that issues them. `evolve`
 * folds events into state at every agency, in timeline order; it ignores (and says why) any event the
 * rules do not allow in the state it meets, so every agency, folding the same events in the same order,
 * reaches the same state and ignores the same events.
 *
 * proposed ──all participants accept──> agreed ──period starts──> active ──period ends──> concluded
 *    ^                                     │                          │
 *    └──── a co-chair changes the period or participants ────────────┘   (acceptance reopens)
 *
 * A co-chair may also conclude an agreed or active operation early, or cancel any operation that has not
 * concluded. An operation recorded after the fact (its period in the past) is agreed like any other and
 * then waits for a co-chair to conclude it once its actions are recorded.
 */
import { decided, ignored, refuse, type Decider, type Decision, type Evolved } from '@concord/decider';
import type { Violation } from '@concord/errors';
import { Role, type Agency } from '@concord/manifest';

export interface Period {
  readonly start: Date;
  readonly end: Date;
}

/** What participants accept. */
export interface OperationTerms {
  readonly name: string;
  /** One or two co-chairing participants; the first is the lead, who issued the proposal. */
  readonly coChairs: readonly string[];
  /** Sorted, co-chairs included. */
  readonly participants: readonly string[];
  /** Supporting organisations: see the shared timeline, plan no actions. Sorted. */
  readonly supporters: readonly string[];
  readonly period: Period;
  /** It took place before it was entered: its period lies in the past. */
  readonly recorded?: boolean;
}

export interface OperationRecord extends OperationTerms {
  readonly id: string;
  /** 1 for the proposal, one more for each change. */
  readonly version: number;
}

export type ResponseKind = 'accepted' | 'declined' | 'counter-proposed';

export type Response =
  | { readonly kind: 'accepted'; readonly at: Date }
  | { readonly kind: 'declined'; readonly reason: string; readonly at: Date }
  | { readonly kind: 'counter-proposed'; readonly reason: string; readonly period: Period; readonly at: Date };

export const OperationStatus = {
  Proposed: 'proposed',
  Agreed: 'agreed',
  Active: 'active',
  Concluded: 'concluded',
  /** The lead published the lessons-learned report. */
  Debriefed: 'debriefed',
  /** A co-chair called it off before it concluded. */
  Cancelled: 'cancelled',
} as const;
export type OperationStatus = (typeof OperationStatus)[keyof typeof OperationStatus];

export interface Lifecycle {
  readonly status: OperationStatus;
  readonly operation: OperationRecord;
  /** Responses to the current version, by participant. */
  readonly responses: ReadonlyMap<string, Response>;
  readonly proposedAt: Date;
  readonly updatedAt: Date;
}

export type OperationState = { readonly status: 'absent' } | Lifecycle;

export const absent: OperationState = { status: 'absent' };

export type TransitionType = 'operation.agreed' | 'operation.activated' | 'operation.concluded' | 'operation.debriefed';

/** Concluded or called off: nothing about the plan changes any more. */
export const isOver = (status: OperationStatus | 'absent') => status === OperationStatus.Concluded || status === OperationStatus.Debriefed || status === OperationStatus.Cancelled;

export type OperationEvent =
  | { readonly type: 'operation.proposed'; readonly by: string; readonly operation: OperationRecord; readonly at: Date }
  | { readonly type: 'operation.changed'; readonly by: string; readonly operation: OperationRecord; readonly at: Date }
  | { readonly type: 'operation.accepted'; readonly by: string; readonly operationId: string; readonly version: number; readonly participant: string; readonly at: Date }
  | { readonly type: 'operation.declined'; readonly by: string; readonly operationId: string; readonly version: number; readonly participant: string; readonly reason: string; readonly at: Date }
  | {
      readonly type: 'operation.counter-proposed';
      readonly by: string;
      readonly operationId: string;
      readonly version: number;
      readonly participant: string;
      readonly reason: string;
      readonly period: Period;
      readonly at: Date;
    }
  /** `reason` only when a co-chair concludes the operation by hand. */
  | { readonly type: TransitionType; readonly by: string; readonly operationId: string; readonly version: number; readonly reason?: string; readonly at: Date }
  | { readonly type: 'operation.cancelled'; readonly by: string; readonly operationId: string; readonly version: number; readonly reason: string; readonly at: Date };

export type OperationCommand =
  | { readonly type: 'ProposeOperation'; readonly operationId: string; readonly lead: string; readonly terms: TermsInput; readonly now: Date }
  | { readonly type: 'ChangeOperation'; readonly by: string; readonly changes: Partial<TermsInput>; readonly now: Date }
  | { readonly type: 'RespondToOperation'; readonly by: string; readonly version: number; readonly response: ResponseInput; readonly now: Date }
  | { readonly type: 'CancelOperation' | 'ConcludeOperation'; readonly by: string; readonly reason: string; readonly now: Date };

/** Terms as a request gives them: participants and co-chairs in the caller's order, unsorted. */
export interface TermsInput {
  readonly name: string;
  readonly coChairs: readonly string[];
  readonly participants: readonly string[];
  readonly supporters: readonly string[];
  readonly period: Period;
  readonly recorded?: boolean;
}

export type ResponseInput = { readonly kind: 'accepted' } | { readonly kind: 'declined'; readonly reason: string } | { readonly kind: 'counter-proposed'; readonly reason: string; readonly period: Period };

/** Real periods have run from one month to twelve; two years leaves room without inviting typos. */
export const maxPeriodMs = 2 * 366 * 24 * 3_600_000;

export interface Federation {
  readonly agencies: readonly Pick<Agency, 'id' | 'role'>[];
}

/** Everyone who sees the operation's shared timeline. */
export function membersOf(operation: OperationTerms): string[] {
  return [...new Set([...operation.participants, ...operation.supporters])].sort();
}

export function leadOf(operation: OperationTerms): string {
  return operation.coChairs[0]!;
}

function nameViolations(name: string): Violation[] {
  const trimmed = name.trim();
  return trimmed.length === 0 || trimmed.length > 200 ? [{ path: 'name', message: 'must be 1 to 200 characters' }] : [];
}

/** Each listed agency must exist, have one of the allowed roles, and be listed once. */
function listViolations(field: string, ids: readonly string[], federation: Federation, allowed: readonly Role[]): Violation[] {
  const roles = new Map(federation.agencies.map((a) => [a.id, a.role]));
  const seen = new Set<string>();
  return ids.flatMap((id, index) => {
    const role = roles.get(id);
    const problem = seen.has(id)
      ? `${id} is listed twice`
      : role === undefined
        ? `${id} is not an agency of the federation`
        : !allowed.includes(role)
          ? `${id} is a ${role}, not ${allowed.map((r) => `a ${r}`).join(' or ')}`
          : undefined;
    seen.add(id);
    return problem ? [{ path: `${field}[${index}]`, message: problem }] : [];
  });
}

export function periodViolations({ start, end }: Period, field = 'period'): Violation[] {
  if (Number.isNaN(start.getTime())) return [{ path: `${field}.start`, message: 'is not a valid time' }];
  if (Number.isNaN(end.getTime())) return [{ path: `${field}.end`, message: 'is not a valid time' }];
  if (end <= start) return [{ path: `${field}.end`, message: `must be after ${field}.start` }];
  if (end.getTime() - start.getTime() > maxPeriodMs) return [{ path: `${field}.end`, message: 'the period may last at most two years' }];
  return [];
}

/**
 * Everything wrong with a set of terms, each violation naming the field and its position in the
 * request. `lead` must be among the co-chairs; it counts as a participant even when not listed.
 */
export function termsViolations(terms: TermsInput, federation: Federation, lead?: string): Violation[] {
  const violations = [
    ...nameViolations(terms.name),
    ...listViolations('participants', terms.participants, federation, [Role.Participant]),
    ...listViolations('supporters', terms.supporters, federation, [Role.InternationalOrganisation]),
  ];
  const participants = new Set([...terms.participants, ...(lead === undefined ? [] : [lead])]);
  if (participants.size < 2) violations.push({ path: 'participants', message: 'must name at least two participating agencies' });
  if (terms.coChairs.length < 1 || terms.coChairs.length > 2) violations.push({ path: 'co_chairs', message: 'must name one or two co-chairs' });
  terms.coChairs.forEach((id, index) => {
    if (!participants.has(id)) violations.push({ path: `co_chairs[${index}]`, message: `${id} must be a participant` });
  });
  if (new Set(terms.coChairs).size !== terms.coChairs.length) violations.push({ path: 'co_chairs', message: 'lists an agency twice' });
  if (lead !== undefined) violations.push(...leadOrderViolations(terms.coChairs, lead));
  return [...violations, ...periodViolations(terms.period)];
}

/** The lead is the first co-chair: the list is honoured as given or refused, never reordered. */
function leadOrderViolations(coChairs: readonly string[], lead: string): Violation[] {
  if (!coChairs.includes(lead)) return [{ path: 'co_chairs', message: `must include ${lead}, who proposes` }];
  const first = coChairs[0]!;
  if (first === lead) return [];
  const others = coChairs.filter((c) => c !== lead);
  return [{ path: 'co_chairs[0]', message: `the lead comes first and ${lead} leads, as the agency that proposes: give ${[lead, ...others].join(',')}; for ${first} to lead, ${first} creates the operation` }];
}

/** A recorded operation took place already; any other is still to come. */
function timingViolations(period: Period, recorded: boolean | undefined, now: Date): Violation[] {
  if (recorded) return period.end > now ? [{ path: 'period.end', message: 'must lie in the past for an operation recorded after the fact' }] : [];
  return period.end <= now ? [{ path: 'period.end', message: 'must lie in the future (an operation that already took place is recorded after the fact)' }] : [];
}

function recordOf(id: string, version: number, terms: TermsInput): OperationRecord {
  return {
    id,
    version,
    name: terms.name.trim(),
    coChairs: [...terms.coChairs],
    participants: [...new Set(terms.participants)].sort(),
    supporters: [...new Set(terms.supporters)].sort(),
    period: terms.period,
    ...(terms.recorded ? { recorded: true } : {}),
  };
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const samePeriod = (a: Period, b: Period) => a.start.getTime() === b.start.getTime() && a.end.getTime() === b.end.getTime();

/** A change to the period or the participants needs everyone's acceptance again. */
export function reopensAcceptance(before: OperationRecord, after: OperationRecord): boolean {
  return !samePeriod(before.period, after.period) || !sameList(before.participants, after.participants);
}

function decide(command: OperationCommand, state: OperationState, federation: Federation): Decision<OperationEvent> {
  switch (command.type) {
    case 'ProposeOperation': {
      if (state.status !== 'absent') return refuse.alreadyExists(`operation ${command.operationId} exists already`);
      const role = federation.agencies.find((a) => a.id === command.lead)?.role;
      if (role !== Role.Participant) return refuse.denied(`${command.lead} is ${role === undefined ? 'not an agency of the federation' : `not a participating agency (its role is ${role})`}: only participating agencies create operations`);
      // The lead takes part whether or not the request lists it, and co-chairs alone when none is named.
      const terms = { ...command.terms, coChairs: command.terms.coChairs.length > 0 ? command.terms.coChairs : [command.lead] };
      const violations = [...termsViolations(terms, federation, command.lead), ...timingViolations(terms.period, terms.recorded, command.now)];
      if (violations.length > 0) return refuse.invalid(violations, 'invalid operation');
      const operation = recordOf(command.operationId, 1, { ...terms, participants: [command.lead, ...terms.participants] });
      return decided({ type: 'operation.proposed', by: command.lead, operation, at: command.now });
    }
    case 'ChangeOperation': {
      if (state.status === 'absent') return refuse.notFound('operation not found');
      const current = state;
      if (!current.operation.coChairs.includes(command.by)) return refuse.denied(`only a co-chair (${current.operation.coChairs.join(', ')}) may change the operation`);
      if (isOver(current.status)) return refuse.precondition('the operation has concluded; it can no longer change');
      const lead = leadOf(current.operation);
      const terms: TermsInput = { ...current.operation, ...command.changes };
      const violations = termsViolations(terms, federation, lead);
      if (!terms.participants.includes(lead)) violations.push({ path: 'participants', message: `must keep the lead ${lead}` });
      if (command.changes.period) violations.push(...timingViolations(command.changes.period, current.operation.recorded, command.now));
      if (violations.length > 0) return refuse.invalid(violations, 'invalid change');
      const operation = recordOf(current.operation.id, current.operation.version + 1, terms);
      const unchanged =
        operation.name === current.operation.name &&
        sameList(operation.coChairs, current.operation.coChairs) &&
        sameList(operation.supporters, current.operation.supporters) &&
        !reopensAcceptance(current.operation, operation);
      if (unchanged) return refuse.invalid([{ path: 'changes', message: 'change nothing' }], 'invalid change');
      return decided({ type: 'operation.changed', by: command.by, operation, at: command.now });
    }
    case 'CancelOperation':
    case 'ConcludeOperation': {
      if (state.status === 'absent') return refuse.notFound('operation not found');
      const current = state;
      const { id, version, coChairs } = current.operation;
      const verb = command.type === 'CancelOperation' ? 'cancel' : 'conclude';
      if (!coChairs.includes(command.by)) return refuse.denied(`only a co-chair (${coChairs.join(', ')}) may ${verb} operation ${id}`);
      if (isOver(current.status)) return refuse.precondition(`operation ${id} is ${current.status} already`);
      const base = { by: command.by, operationId: id, version, reason: command.reason.trim(), at: command.now };
      if (command.type === 'CancelOperation') return decided({ type: 'operation.cancelled', ...base });
      if (current.status === OperationStatus.Proposed) return refuse.precondition(`operation ${id} is proposed: it concludes once every participant accepted it; to call it off, cancel it`);
      return decided({ type: 'operation.concluded', ...base });
    }
    case 'RespondToOperation': {
      if (state.status === 'absent') return refuse.notFound('operation not found');
      const current = state;
      const { id, version, participants } = current.operation;
      if (!participants.includes(command.by)) return refuse.denied(`${command.by} is not a participant of operation ${id}`);
      if (command.version !== version) return refuse.precondition(`the operation is at version ${version}; the response was to version ${command.version}`);
      if (current.status !== OperationStatus.Proposed) return refuse.precondition(`version ${version} is ${current.status} already; responses are taken while it is proposed`);
      const base = { by: command.by, operationId: id, version, participant: command.by, at: command.now };
      const { response } = command;
      switch (response.kind) {
        case 'accepted':
          return decided({ type: 'operation.accepted', ...base });
        case 'declined':
          if (!response.reason.trim()) return refuse.invalid([{ path: 'reason', message: 'is required to decline' }]);
          return decided({ type: 'operation.declined', ...base, reason: response.reason.trim() });
        case 'counter-proposed': {
          const violations = periodViolations(response.period, 'counter_period');
          if (!response.reason.trim()) violations.push({ path: 'reason', message: 'is required to counter-propose' });
          if (violations.length > 0) return refuse.invalid(violations, 'invalid counter-proposal');
          return decided({ type: 'operation.counter-proposed', ...base, reason: response.reason.trim(), period: response.period });
        }
      }
    }
  }
}

/** The transition the lead co-chair owes the timeline now, if any. */
export function dueTransition(state: OperationState, now: Date): TransitionType | undefined {
  if (state.status === 'absent') return undefined;
  const { operation } = state;
  if (state.status === OperationStatus.Proposed && operation.participants.every((p) => state.responses.get(p)?.kind === 'accepted')) return 'operation.agreed';
  // Its period is past already: co-chairs conclude it once its record is complete.
  if (operation.recorded) return undefined;
  if (state.status === OperationStatus.Agreed && now >= operation.period.start) return now >= operation.period.end ? 'operation.concluded' : 'operation.activated';
  if (state.status === OperationStatus.Active && now >= operation.period.end) return 'operation.concluded';
  return undefined;
}

/**
 * From when `dueTransition` names a transition for this state, whatever else happens meanwhile (the
 * epoch when one is due already); undefined when only a new event can make one due.
 */
export function nextTransitionAt(state: OperationState): Date | undefined {
  if (state.status === 'absent') return undefined;
  const { operation } = state;
  if (state.status === OperationStatus.Proposed) return operation.participants.every((p) => state.responses.get(p)?.kind === 'accepted') ? new Date(0) : undefined;
  if (operation.recorded) return undefined;
  if (state.status === OperationStatus.Agreed) return operation.period.start;
  if (state.status === OperationStatus.Active) return operation.period.end;
  return undefined;
}

const transitionTarget: Record<TransitionType, { from: readonly OperationStatus[]; to: OperationStatus }> = {
  'operation.agreed': { from: [OperationStatus.Proposed], to: OperationStatus.Agreed },
  'operation.activated': { from: [OperationStatus.Agreed], to: OperationStatus.Active },
  'operation.concluded': { from: [OperationStatus.Agreed, OperationStatus.Active], to: OperationStatus.Concluded },
  'operation.debriefed': { from: [OperationStatus.Concluded], to: OperationStatus.Debriefed },
};

const ignore = (state: OperationState, reason: string): Evolved<OperationState> => ignored(state, reason);

export function evolve(state: OperationState, event: OperationEvent): Evolved<OperationState> {
  switch (event.type) {
    case 'operation.proposed': {
      if (state.status !== 'absent') return ignore(state, 'the operation was proposed already');
      if (leadOf(event.operation) !== event.by) return ignore(state, `${event.by} is not the lead co-chair`);
      const responses = new Map<string, Response>([[event.by, { kind: 'accepted', at: event.at }]]);
      return { state: { status: OperationStatus.Proposed, operation: event.operation, responses, proposedAt: event.at, updatedAt: event.at } };
    }
    case 'operation.changed': {
      // An agency added by the change never saw the proposal: the change carries the full terms.
      if (state.status === 'absent') {
        return { state: { status: OperationStatus.Proposed, operation: event.operation, responses: new Map([[event.by, { kind: 'accepted', at: event.at }]]), proposedAt: event.at, updatedAt: event.at } };
      }
      if (!state.operation.coChairs.includes(event.by)) return ignore(state, `${event.by} is not a co-chair`);
      if (isOver(state.status)) return ignore(state, 'the operation has concluded');
      if (event.operation.version !== state.operation.version + 1) return ignore(state, `version ${event.operation.version} does not follow ${state.operation.version}`);
      if (reopensAcceptance(state.operation, event.operation)) {
        const responses = new Map<string, Response>([[event.by, { kind: 'accepted', at: event.at }]]);
        return { state: { ...state, status: OperationStatus.Proposed, operation: event.operation, responses, updatedAt: event.at } };
      }
      return { state: { ...state, operation: event.operation, updatedAt: event.at } };
    }
    case 'operation.accepted':
    case 'operation.declined':
    case 'operation.counter-proposed': {
      if (state.status === 'absent') return ignore(state, 'no such operation');
      if (event.participant !== event.by) return ignore(state, `${event.by} cannot respond for ${event.participant}`);
      if (!state.operation.participants.includes(event.by)) return ignore(state, `${event.by} is not a participant`);
      if (event.version !== state.operation.version) return ignore(state, `responds to version ${event.version}; the operation is at ${state.operation.version}`);
      if (state.status !== OperationStatus.Proposed) return ignore(state, `version ${event.version} is ${state.status} already`);
      const response: Response =
        event.type === 'operation.accepted'
          ? { kind: 'accepted', at: event.at }
          : event.type === 'operation.declined'
            ? { kind: 'declined', reason: event.reason, at: event.at }
            : { kind: 'counter-proposed', reason: event.reason, period: event.period, at: event.at };
      return { state: { ...state, responses: new Map(state.responses).set(event.by, response), updatedAt: event.at } };
    }
    case 'operation.cancelled': {
      if (state.status === 'absent') return ignore(state, 'no such operation');
      if (!state.operation.coChairs.includes(event.by)) return ignore(state, `${event.by} is not a co-chair`);
      if (isOver(state.status)) return ignore(state, `the operation is ${state.status} already`);
      return { state: { ...state, status: OperationStatus.Cancelled, updatedAt: event.at } };
    }
    case 'operation.agreed':
    case 'operation.activated':
    case 'operation.concluded':
    case 'operation.debriefed': {
      if (state.status === 'absent') return ignore(state, 'no such operation');
      // Any co-chair may conclude by hand; the lead alone records the transitions that fall due.
      const mayRecord = event.type === 'operation.concluded' ? state.operation.coChairs.includes(event.by) : event.by === leadOf(state.operation);
      if (!mayRecord) return ignore(state, `${event.by} is not ${event.type === 'operation.concluded' ? 'a co-chair' : 'the lead co-chair'}`);
      if (event.version !== state.operation.version) return ignore(state, `concerns version ${event.version}; the operation is at ${state.operation.version}`);
      const { from, to } = transitionTarget[event.type];
      if (!from.includes(state.status)) return ignore(state, `cannot become ${to} from ${state.status}`);
      if (event.type === 'operation.agreed' && !state.operation.participants.every((p) => state.responses.get(p)?.kind === 'accepted')) {
        return ignore(state, 'not every participant has accepted');
      }
      return { state: { ...state, status: to, updatedAt: event.at } };
    }
  }
}

/** The operation lifecycle under the one Decider shape; the federation's roles decide who may propose. */
export function operationDecider(federation: Federation): Decider<OperationCommand, OperationEvent, OperationState> {
  return { initialState: () => absent, decide: (command, state) => decide(command, state, federation), evolve };
}
