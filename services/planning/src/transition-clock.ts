/**
 * The lead co-chair records each lifecycle transition as a signed event when it falls due: agreed once
 * every participant accepted, active when the period starts, concluded when it ends. Checked after
 * every applied event and once a second, so a transition is recorded within a second of falling due
 * (later only if the lead's service was down, which it catches up on at start).
 */
import { dueTransition, leadOf, membersOf } from './domain/operation.js';
import type { OperationView } from './domain/operation-view.js';
import { publishPlanningEvent, type PlanningContext } from './planning-context.js';

export class TransitionClock {
  readonly #pending = new Set<string>();
  /** Operations touched by events since the last check. */
  readonly #touched = new Set<string>();
  #timer: NodeJS.Timeout | undefined;
  #soon: NodeJS.Timeout | undefined;

  constructor(private readonly context: PlanningContext) {}

  start(intervalMs = 1_000): void {
    this.#timer = setInterval(() => this.check(), intervalMs);
    this.#timer.unref();
    this.check();
  }

  stop(): void {
    clearInterval(this.#timer);
    clearTimeout(this.#soon);
  }

  /**
   * A check of this operation shortly: a burst of events costs one check, not one per event. The
   * once-a-second check covers every operation (periods start and end without an event).
   */
  checkSoon(operationId: string, delayMs = 20): void {
    this.#touched.add(operationId);
    this.#soon ??= setTimeout(() => {
      this.#soon = undefined;
      const touched = [...this.#touched];
      this.#touched.clear();
      this.#checkViews(touched.map((id) => this.context.projection.view(id)));
    }, delayMs);
  }

  check(): void {
    this.#checkViews(this.context.projection.views());
  }

  #checkViews(views: readonly OperationView[]): void {
    const { agency, projection, now, log } = this.context;
    for (const { lifecycle } of views) {
      if (lifecycle.status === 'absent' || leadOf(lifecycle.operation) !== agency) continue;
      const due = dueTransition(lifecycle, now());
      const { id, version } = lifecycle.operation;
      if (!due || this.#pending.has(id)) continue;
      this.#pending.add(id);
      publishPlanningEvent(this.context, { type: due, by: agency, operationId: id, version, at: now() }, membersOf(lifecycle.operation))
        .then(() => log.info({ operation: id, transition: due }, 'operation transition recorded'))
        .catch((error: unknown) => log.warn({ err: error, operation: id, transition: due }, 'transition not recorded yet; will retry'))
        .finally(() => {
          this.#pending.delete(id);
          // One transition may make the next due at once (agreed after the period started); the same
          // one still due means it failed, and waits for the next tick.
          const view = projection.view(id).lifecycle;
          const next = dueTransition(view, now());
          if (next && next !== due) this.checkSoon(id, 0);
        });
    }
  }
}
