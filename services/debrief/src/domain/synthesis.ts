/**
 * The after-action synthesis, computed from the shared timeline and never typed: per agency, national
 * actions planned against completed, actions outside the designated period, how soon it acted on the
 * intelligence alerts its actions cite, and the turnaround of requests for assistance it answered. A pure function of the timeline's facts, so every agency
 * that holds the timeline computes the same figures.
 */
export interface ActionFact {
  readonly agency: string;
  readonly actionId: string;
  /** The latest released status: planned, started, completed or cancelled. */
  readonly status: string;
  readonly outsidePeriod: boolean;
  /** When it was released to the timeline, and when the alert it acts on (if any) was published. */
  readonly releasedAt?: Date;
  readonly alertPublishedAt?: Date;
}

export interface RequestFact {
  readonly from: string;
  readonly to: string;
  readonly outcome: string;
  readonly requestedAt: Date;
  readonly closedAt: Date;
}

export interface AgencySynthesis {
  readonly agency: string;
  readonly actionsPlanned: number;
  readonly actionsCompleted: number;
  readonly actionsCancelled: number;
  readonly actionsOutsidePeriod: number;
  /** Actions that cite the alert they act on. */
  readonly actionsOnAlerts: number;
  /** Median hours from an alert's publication to the release of the action acting on it. */
  readonly medianAlertToActionHours: number | undefined;
  readonly requestsMade: number;
  readonly requestsAnswered: number;
  readonly requestsFulfilled: number;
  /** Median hours from a request this agency answered to its close; undefined with none. */
  readonly medianAnswerHours: number | undefined;
}

const hoursBetween = (from: Date, to: Date) => (to.getTime() - from.getTime()) / 3_600_000;

function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return Math.round(value * 10) / 10;
}

export function synthesise(participants: readonly string[], actions: readonly ActionFact[], requests: readonly RequestFact[]): AgencySynthesis[] {
  return [...participants].sort().map((agency) => {
    const own = actions.filter((a) => a.agency === agency);
    const answered = requests.filter((r) => r.to === agency);
    const onAlerts = own.filter((a): a is ActionFact & { releasedAt: Date; alertPublishedAt: Date } => a.releasedAt !== undefined && a.alertPublishedAt !== undefined);
    return {
      agency,
      actionsPlanned: own.length,
      actionsCompleted: own.filter((a) => a.status === 'completed').length,
      actionsCancelled: own.filter((a) => a.status === 'cancelled').length,
      actionsOutsidePeriod: own.filter((a) => a.outsidePeriod).length,
      actionsOnAlerts: onAlerts.length,
      medianAlertToActionHours: median(onAlerts.map((a) => hoursBetween(a.alertPublishedAt, a.releasedAt))),
      requestsMade: requests.filter((r) => r.from === agency).length,
      requestsAnswered: answered.length,
      requestsFulfilled: answered.filter((r) => r.outcome === 'fulfilled').length,
      medianAnswerHours: median(answered.map((r) => hoursBetween(r.requestedAt, r.closedAt))),
    };
  });
}
