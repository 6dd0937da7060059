/**
 * The lead co-chair records each lifecycle transition as a signed event when it falls due: agreed once
 * every participant accepted, active when the period starts, concluded when it ends. Checked after
 * every applied event and when the next period of an operation it leads starts or ends (no polling:
 * an idle lead sleeps), so a transition is recorded as it falls due (later only if the lead's service
 * was down, which it catches up on at start). A failed attempt is tried again a second later.
 */
import { DueTimer } from '@concord/service-kit';
import { dueTransition, leadOf, membersOf, nextTransitionAt } from './domain/operation.js';
import type { OperationView } from './domain/operation-view.js';
import { publishPlanningEvent, type PlanningContext } from './planning-context.js';

export class TransitionClock {
  readonly #pending = new Set<string>();
  /** Operations touched by events since the last check. */
  readonly #touched = new Set<string>();
  readonly #due: DueTimer;
  #soon: NodeJS.Timeout | undefined;

  /** `longestSleepMs`: the longest the clock sleeps between two checks of every operation. */
  constructor(
    private readonly context: PlanningContext,
    longestSleepMs?: number,
  ) {
    this.#due = new DueTimer(() => this.check(), () => this.#nextDue(), { now: context.now, ...(longestSleepMs === undefined ? {} : { longestSleepMs }) });
  }

  start(): void {
    this.#due.start();
  }

  stop(): void {
    this.#due.stop();
    clearTimeout(this.#soon);
  }

  /**
   * A check of this operation shortly: a burst of events costs one check, not one per event. Periods
   * start and end without an event: the due timer wakes for those.
   */
  checkSoon(operationId: string, delayMs = 20): void {
    this.#touched.add(operationId);
    this.#soon ??= setTimeout(() => {
      this.#soon = undefined;
      const touched = [...this.#touched];
      this.#touched.clear();
      this.#checkViews(touched.map((id) => this.context.projection.view(id)));
      // An event may have moved a period, or made an operation the lead's.
      this.#due.reschedule();
    }, delayMs);
  }

  /** The earliest moment a transition of an operation this agency leads falls due (not one under way). */
  #nextDue(): Date | undefined {
    let earliest: Date | undefined;
    for (const { lifecycle } of this.context.projection.views()) {
      if (lifecycle.status === 'absent' || leadOf(lifecycle.operation) !== this.context.agency || this.#pending.has(lifecycle.operation.id)) continue;
      const at = nextTransitionAt(lifecycle);
      if (at && (!earliest || at < earliest)) earliest = at;
    }
    return earliest;
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
          else this.#due.reschedule();
        });
    }
  }
}
