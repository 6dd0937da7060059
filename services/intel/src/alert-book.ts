/**
 * This agency's alerts: the generic projection of `alertDecider`, folded from its intel store in store
 * order (what it published and what it received), plus the one thing the rules do not know: which
 * stored events still carry sealed content, so that a superseded version, a revocation or an expiry
 * names them for erasure. The door judges what another agency sends with `admitAlertEvent`, so the link
 * refuses it before it is stored. Every change is announced to the service (retention, receipts, watches).
 */
import { Projection } from '@concord/decider';
import { Rejection, type Refusal } from '@concord/federation';
import { admitAlertEvent, alertDecider, carriesContent, type AlertFact, type AlertState } from './domain/alert.js';
import type { AlertRecord } from './domain/alert-record.js';
import { receiptsIn, type AlertEvent, type IntelEvent, type IntelEventOf } from './intel-wire.js';

export type ChangeKind = 'published' | 'updated' | 'delivered' | 'acknowledged' | 'feedback' | 'forward-requested' | 'forward-decided' | 'revoked' | 'expired';

export interface AlertChange {
  readonly kind: ChangeKind;
  readonly record: AlertRecord;
  /** What changed it; a receipt that came in a batch shows as the single receipt it stands for. */
  readonly event: AlertEvent | undefined;
  /** Stored events whose content no longer has a reason to exist. */
  readonly erase: readonly number[];
}

export class AlertBook {
  readonly #alerts = new Projection(alertDecider, (fact: AlertFact) => fact.alertId);
  /** Per alert, the store positions of the events carrying its content, by version (0: feedback and requests). */
  readonly #contentSeqs = new Map<string, Map<number, number[]>>();
  readonly #listeners = new Set<(change: AlertChange) => void>();

  constructor(private readonly me: string) {}

  /** The alert's state, as `alertDecider` decides on it: undefined when this agency holds no such alert. */
  get(alertId: string): AlertState {
    return this.#alerts.state(alertId);
  }

  all(): AlertRecord[] {
    return this.#alerts.states().filter((record): record is AlertRecord => record !== undefined);
  }

  subscribe(listener: (change: AlertChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Whether an inbound event may be stored, given what this agency holds. */
  check(event: IntelEvent, now: Date): Refusal | undefined {
    if (event.type === 'alert.receipts') return this.#checkBatch(event, now);
    return this.#admit(event, now);
  }

  /** A batch of receipts is stored whole or not at all: each receipt in it must pass, and name its alert once. */
  #checkBatch(batch: IntelEventOf<'alert.receipts'>, now: Date): Refusal | undefined {
    const named = new Set<string>();
    for (const receipt of receiptsIn(batch)) {
      if (named.has(receipt.alertId)) return { reason: Rejection.Refused, detail: `the batch of receipts names alert ${receipt.alertId} twice` };
      named.add(receipt.alertId);
      const refusal = this.#admit(receipt, now);
      if (refusal) return { reason: refusal.reason, detail: `in a batch of receipts: ${refusal.detail}` };
    }
    return undefined;
  }

  #admit(event: AlertEvent, now: Date): Refusal | undefined {
    const refusal = admitAlertEvent(this.get(event.alertId), event, this.me, now);
    return refusal && { reason: refusal.reason === 'replay' ? Rejection.Replay : Rejection.Refused, detail: refusal.detail };
  }

  /** Folds one stored event in; `seq` is its position in this agency's store. */
  apply(event: IntelEvent, seq: number): void {
    for (const one of event.type === 'alert.receipts' ? receiptsIn(event) : [event]) this.#fold(one, seq);
  }

  /** Marks alerts past their expiry as expired, dropping their content. */
  expire(now: Date): void {
    for (const record of this.all()) {
      if (record.status === 'active' && record.expiresAt <= now) this.#fold({ type: 'alert.expired', alertId: record.id, at: now }, undefined);
    }
  }

  #fold(fact: AlertFact, seq: number | undefined): void {
    const before = this.get(fact.alertId);
    const { state: after, ignored } = this.#alerts.apply(fact);
    if (ignored !== undefined || !after) return;
    const erase = this.#keepContent(fact, seq, before, after);
    const change: AlertChange = { kind: kindOf(fact, before), record: after, event: fact.type === 'alert.expired' ? undefined : fact, erase };
    for (const listener of this.#listeners) listener(change);
  }

  /** Notes where `fact` left content; returns the stored events whose content has no reason to exist now. */
  #keepContent(fact: AlertFact, seq: number | undefined, before: AlertState, after: AlertRecord): number[] {
    const held = this.#contentSeqs.get(after.id) ?? new Map<number, number[]>();
    this.#contentSeqs.set(after.id, held);
    const own = seq !== undefined && carriesContent(fact) ? [seq] : [];
    if (!after.content) {
      // Revoked or expired: everything that carried content goes, and so does this event's.
      const erase = [...held.values()].flat().concat(own);
      held.clear();
      return erase;
    }
    if (own.length === 0) return [];
    if (fact.type !== 'alert.version') {
      held.set(0, [...(held.get(0) ?? []), ...own]);
      return [];
    }
    // A version that is not the alert's current one (older, or not its originator's) is held as nothing.
    if (fact.version !== after.version || fact.from !== after.origin) return own;
    if (before && fact.version > before.version) {
      const superseded = [...held].filter(([version]) => version !== 0).flatMap(([, seqs]) => seqs);
      for (const [version] of held) if (version !== 0) held.delete(version);
      held.set(fact.version, own);
      return superseded;
    }
    held.set(fact.version, [...(held.get(fact.version) ?? []), ...own]);
    return [];
  }
}

function kindOf(fact: AlertFact, before: AlertState): ChangeKind {
  switch (fact.type) {
    case 'alert.version':
      return before ? 'updated' : 'published';
    case 'alert.revoked':
      return 'revoked';
    case 'alert.expired':
      return 'expired';
    case 'alert.receipt':
      return fact.status === 'delivered' ? 'delivered' : 'acknowledged';
    case 'alert.feedback':
      return 'feedback';
    case 'alert.forward-request':
      return 'forward-requested';
    case 'alert.forward-decision':
      return 'forward-decided';
  }
}
