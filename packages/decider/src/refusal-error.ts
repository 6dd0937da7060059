/** The one mapping from a decider's refusal to Concord's error, whose code is gRPC's status code. */
import { Code, ConcordError } from '@concord/errors';
import type { Decider, Decision, Refusal } from './decider.js';

export function refusalError(refusal: Refusal): ConcordError {
  switch (refusal.kind) {
    // The caller fixes the named fields and tries again; the fields travel as `concord-field` metadata.
    case 'invalid':
      return ConcordError.invalid(refusal.violations, refusal.subject);
    case 'not-found':
      return new ConcordError(Code.NotFound, refusal.message);
    case 'already-exists':
      return new ConcordError(Code.AlreadyExists, refusal.message);
    // Retrying will not help: another party (or role) has to act.
    case 'denied':
      return new ConcordError(Code.PermissionDenied, refusal.message);
    // Retrying helps only once the state has moved on.
    case 'precondition':
      return new ConcordError(Code.FailedPrecondition, refusal.message);
  }
}

/** The events a decision produced; a refusal is thrown as its ConcordError, for a gRPC handler to answer. */
export function eventsOf<Event>(decision: Decision<Event>): readonly Event[] {
  if ('refusal' in decision) throw refusalError(decision.refusal);
  return decision.events;
}

/** Decides and expects exactly one event, as most commands produce. */
export function decideOne<Command, Event, State>(decider: Decider<Command, Event, State>, command: Command, state: State): Event {
  const events = eventsOf(decider.decide(command, state));
  if (events.length !== 1) throw new ConcordError(Code.Internal, `a command produced ${events.length} events instead of one`);
  return events[0]!;
}
