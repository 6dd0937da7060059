/**
 * The one projection: folds a service's stored events, in store order, into one state per key (an
 * alert, a request, a debrief) with its decider's `evolve`, and tells listeners what changed. It also
 * answers what an event would do before it is stored (`judge`), so the door refuses by the same rule
 * the fold applies, and both agencies of an exchange end in the same state.
 */
import type { Decider, Evolved } from './decider.js';

export type ProjectionListener<Event, State> = (state: State, event: Event) => void;

export class Projection<Command, Event, State> {
  readonly #states = new Map<string, State>();
  readonly #listeners = new Set<ProjectionListener<Event, State>>();

  constructor(
    private readonly decider: Decider<Command, Event, State>,
    private readonly keyOf: (event: Event) => string,
  ) {}

  /** The state of `key`, or the decider's initial state when no event has changed it. */
  state(key: string): State {
    return this.#states.get(key) ?? this.decider.initialState();
  }

  /** Whether an event has changed the state of `key`. */
  has(key: string): boolean {
    return this.#states.has(key);
  }

  states(): State[] {
    return [...this.#states.values()];
  }

  /** What folding `event` would do, without doing it. */
  judge(event: Event): Evolved<State> {
    return this.decider.evolve(this.state(this.keyOf(event)), event);
  }

  /** Folds one stored event; listeners hear of it when it changed something. */
  apply(event: Event): Evolved<State> {
    const evolved = this.judge(event);
    if (evolved.ignored === undefined) {
      this.#states.set(this.keyOf(event), evolved.state);
      for (const listener of this.#listeners) listener(evolved.state, event);
    }
    return evolved;
  }

  subscribe(listener: ProjectionListener<Event, State>): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
