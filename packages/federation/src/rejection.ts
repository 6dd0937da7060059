/** Why an inbound delivery was refused. Every refusal is logged and counted under one of these. */
export const Rejection = {
  Oversized: 'oversized',
  Unsigned: 'unsigned',
  Malformed: 'malformed',
  WrongSubject: 'wrong-subject',
  UnknownOrigin: 'unknown-origin',
  BadSignature: 'bad-signature',
  NotRecipient: 'not-recipient',
  ClockAhead: 'clock-ahead',
  Replay: 'replay',
  /** Sealed content that does not open for this agency: altered, or sealed for someone else. */
  Undecryptable: 'undecryptable',
  /** The receiving service refused the event's content (its own rules). */
  Refused: 'refused',
} as const;
export type Rejection = (typeof Rejection)[keyof typeof Rejection];

export interface Refusal {
  readonly reason: Rejection;
  readonly detail: string;
}

/** Counts by reason; a plain object out, so it serialises for status pages and tests alike. */
export class RejectionCounter {
  readonly #counts = new Map<Rejection, number>();

  add(reason: Rejection): void {
    this.#counts.set(reason, (this.#counts.get(reason) ?? 0) + 1);
  }

  total(): number {
    let sum = 0;
    for (const count of this.#counts.values()) sum += count;
    return sum;
  }

  snapshot(): Partial<Record<Rejection, number>> {
    return Object.fromEntries(this.#counts);
  }
}
