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
  readonly operationId: string;
  readonly name: string;
  readonly lead: string;
  /** The agencies invited, as the request listed them; the lead may be among them. */
  readonly invited: readonly string[];
  readonly period: Period;
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

function nameViolations(name: string): Violation[] {
  const trimmed = name.trim();
  return trimmed.length === 0 || trimmed.length > 200 ? [{ path: 'name', message: 'must be 1 to 200 characters' }] : [];
}

/** Each listed agency must be a participant of the federation, listed once. */
function participantViolations(ids: readonly string[], federation: Federation): Violation[] {
  const roles = new Map(federation.agencies.map((a) => [a.id, a.role]));
  const seen = new Set<string>();
  return ids.flatMap((id, index) => {
    const role = roles.get(id);
    const path = `participants[${index}]`;
    const problem = seen.has(id)
      ? `${id} is listed twice`
      : role === undefined
        ? `${id} is not an agency of the federation`
        : role !== Role.Participant
          ? `${id} is a ${role}, not a participant`
          : undefined;
    seen.add(id);
    return problem ? [{ path, message: problem }] : [];
  });
}

function periodViolations({ start, end }: Period): Violation[] {
  if (Number.isNaN(start.getTime())) return [{ path: 'period.start', message: 'is not a valid time' }];
  if (Number.isNaN(end.getTime())) return [{ path: 'period.end', message: 'is not a valid time' }];
  if (end <= start) return [{ path: 'period.end', message: 'must be after period.start' }];
  if (end.getTime() - start.getTime() > maxPeriodMs) return [{ path: 'period.end', message: 'the period may last at most two years' }];
  return [];
}

/** Everything wrong with an operation record, such as one another agency proposes to us. */
export function proposalViolations(operation: OperationRecord, federation: Federation): Violation[] {
  const violations = [...nameViolations(operation.name), ...participantViolations(operation.participants, federation)];
  if (!operation.participants.includes(operation.lead)) violations.push({ path: 'participants', message: `must include the lead agency ${operation.lead}` });
  if (new Set(operation.participants).size < 2) violations.push({ path: 'participants', message: 'must name at least one agency besides the lead' });
  return [...violations, ...periodViolations(operation.period)];
}

export function decide(command: PlanningCommand, state: OperationState, federation: Federation): PlanningEvent[] {
  switch (command.type) {
    case 'ProposeOperation': {
      if (state.status !== 'absent') throw new ConcordError(Code.AlreadyExists, `operation ${command.operationId} exists already`);
      const invited = command.invited.filter((id) => id !== command.lead);
      const violations = [...nameViolations(command.name), ...participantViolations(command.invited, federation)];
      if (invited.length === 0) violations.push({ path: 'participants', message: 'must name at least one agency besides the lead' });
      violations.push(...periodViolations(command.period));
      if (command.period.end <= command.now) violations.push({ path: 'period.end', message: 'must lie in the future' });
      if (violations.length > 0) throw ConcordError.invalid(violations, 'invalid operation');
      const operation: OperationRecord = {
        id: command.operationId,
        name: command.name.trim(),
        lead: command.lead,
        participants: [...new Set([command.lead, ...invited])].sort(),
        period: command.period,
      };
      return [{ type: 'operation.proposed', operation, at: command.now }];
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
