/**
 * The operation (Joint Period of Action) as a pure decider: a command and the current state give the
 * events to record, or an error; events fold into state. No I/O, so every rule is tested without
 * servers, and the same rules judge an invitation another agency sends us.
 */
import { Code, ConcordError, type Violation } from '@concord/errors';
import { Role, type Agency } from '@concord/manifest';

export interface Period {
  readonly start: Date;
  readonly end: Date;
}

export interface OperationRecord {
  readonly id: string;
  readonly name: string;
  readonly lead: string;
  /** Sorted by id, the lead included. */
  readonly participants: readonly string[];
  readonly period: Period;
}

export type OperationState =
  | { readonly status: 'absent' }
  | { readonly status: 'proposed'; readonly operation: OperationRecord; readonly proposedAt: Date };

export const absent: OperationState = { status: 'absent' };

export type PlanningCommand = {
  readonly type: 'ProposeOperation';
  readonly operation: OperationRecord;
  readonly now: Date;
};

export type PlanningEvent = {
  readonly type: 'operation.proposed';
  readonly operation: OperationRecord;
  readonly at: Date;
};

/** Real periods have run from one month to twelve; two years leaves room without inviting typos. */
export const maxPeriodMs = 2 * 366 * 24 * 3_600_000;

export interface Federation {
  readonly agencies: readonly Pick<Agency, 'id' | 'role'>[];
}

/** Everything wrong with a proposed operation, each with the request field it concerns. */
export function proposalViolations(operation: OperationRecord, federation: Federation): Violation[] {
  const violations: Violation[] = [];
  const name = operation.name.trim();
  if (name.length === 0 || name.length > 200) violations.push({ path: 'name', message: 'must be 1 to 200 characters' });
  const roles = new Map(federation.agencies.map((a) => [a.id, a.role]));
  const seen = new Set<string>();
  operation.participants.forEach((id, index) => {
    const role = roles.get(id);
    if (seen.has(id)) violations.push({ path: `participants[${index}]`, message: `${id} is listed twice` });
    else if (role === undefined) violations.push({ path: `participants[${index}]`, message: `${id} is not an agency of the federation` });
    else if (role !== Role.Participant) violations.push({ path: `participants[${index}]`, message: `${id} is a ${role}, not a participant` });
    seen.add(id);
  });
  if (!seen.has(operation.lead)) violations.push({ path: 'participants', message: `must include the lead agency ${operation.lead}` });
  if (seen.size < 2) violations.push({ path: 'participants', message: 'must name at least one agency besides the lead' });
  const { start, end } = operation.period;
  if (Number.isNaN(start.getTime())) violations.push({ path: 'period.start', message: 'is not a valid time' });
  if (Number.isNaN(end.getTime())) violations.push({ path: 'period.end', message: 'is not a valid time' });
  else if (end <= start) violations.push({ path: 'period.end', message: 'must be after period.start' });
  else if (end.getTime() - start.getTime() > maxPeriodMs) violations.push({ path: 'period.end', message: 'the period may last at most two years' });
  return violations;
}

export function decide(command: PlanningCommand, state: OperationState, federation: Federation): PlanningEvent[] {
  switch (command.type) {
    case 'ProposeOperation': {
      if (state.status !== 'absent') throw new ConcordError(Code.AlreadyExists, `operation ${command.operation.id} exists already`);
      const violations = proposalViolations(command.operation, federation);
      if (command.operation.period.end <= command.now) violations.push({ path: 'period.end', message: 'must lie in the future' });
      if (violations.length > 0) throw ConcordError.invalid(violations, 'operation');
      return [{ type: 'operation.proposed', operation: command.operation, at: command.now }];
    }
    default:
      return assertNever(command.type);
  }
}

export function evolve(state: OperationState, event: PlanningEvent): OperationState {
  switch (event.type) {
    case 'operation.proposed':
      // The first proposal stands; a second one for the same id (a peer's bug or a replay) changes nothing.
      return state.status === 'absent' ? { status: 'proposed', operation: event.operation, proposedAt: event.at } : state;
    default:
      return assertNever(event.type);
  }
}

function assertNever(value: never): never {
  throw new Error(`unhandled case: ${String(value)}`);
}
