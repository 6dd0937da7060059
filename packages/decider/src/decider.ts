/**
 * The one shape of every service's rules: `decide` turns a command and the current state into events
 * or a typed refusal; `evolve` folds one event into the state. Both are pure: no I/O, no clock (time
 * comes in the command), so every agency folding the same events reaches the same state.
 */
import type { Violation } from '@concord/errors';

/** Why `decide` said no, as data: mapped to a status code in one place (`refusalError`). */
export type Refusal =
  /** Fields of the command are wrong; each violation names its field. */
  | { readonly kind: 'invalid'; readonly subject: string; readonly violations: readonly Violation[] }
  /** The command concerns something the state does not hold. */
  | { readonly kind: 'not-found'; readonly message: string }
  /** The command would create what exists already. */
  | { readonly kind: 'already-exists'; readonly message: string }
  /** Not this party's to do. */
  | { readonly kind: 'denied'; readonly message: string }
  /** Allowed in principle, but not in the state things are in. */
  | { readonly kind: 'precondition'; readonly message: string };

export type Decision<Event> = { readonly events: readonly Event[] } | { readonly refusal: Refusal };

/** What folding one event did: the next state, or the same state and why the rules ignored the event. */
export interface Evolved<State> {
  readonly state: State;
  /** Why the event changed nothing: the rules do not allow it in the state it met. */
  readonly ignored?: string;
  /** The event repeats one already folded (a replay, not a breach of the rules). */
  readonly replay?: boolean;
}

export interface Decider<Command, Event, State> {
  /** A fresh state, before any event. */
  initialState(): State;
  decide(command: Command, state: State): Decision<Event>;
  /** Never changes `state` in place: what an event would do can be asked without doing it. */
  evolve(state: State, event: Event): Evolved<State>;
}

export const decided = <Event>(...events: Event[]): Decision<Event> => ({ events });

/** Typed refusals, one constructor per kind. */
export const refuse = {
  invalid: (violations: readonly Violation[], subject = 'invalid input'): Decision<never> => ({ refusal: { kind: 'invalid', subject, violations } }),
  notFound: (message: string): Decision<never> => ({ refusal: { kind: 'not-found', message } }),
  alreadyExists: (message: string): Decision<never> => ({ refusal: { kind: 'already-exists', message } }),
  denied: (message: string): Decision<never> => ({ refusal: { kind: 'denied', message } }),
  precondition: (message: string): Decision<never> => ({ refusal: { kind: 'precondition', message } }),
};

export const applied = <State>(state: State): Evolved<State> => ({ state });
export const ignored = <State>(state: State, reason: string, replay = false): Evolved<State> => (replay ? { state, ignored: reason, replay } : { state, ignored: reason });
