/**
 * A service's projection as the rules its federation link applies: an inbound event is refused at the
 * door exactly when the fold would ignore it (a repeat as a replay), so what is stored is what counts.
 */
import type { Evolved } from '@concord/decider';
import { Rejection, type Refusal } from '@concord/federation';

export interface JudgingProjection<Event> {
  apply(event: Event): unknown;
  judge(event: Event): Evolved<unknown>;
}

export function inboundRules<Event>(projection: JudgingProjection<Event>): { apply: (event: Event) => void; check: (event: Event) => Refusal | undefined } {
  return {
    apply: (event) => void projection.apply(event),
    check: (event) => {
      const { ignored, replay } = projection.judge(event);
      if (ignored === undefined) return undefined;
      return { reason: replay ? Rejection.Replay : Rejection.Refused, detail: ignored };
    },
  };
}
