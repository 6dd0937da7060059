/**
 * This agency's alerts, folded from its intel store in store order: what it published and what it
 * received. The book also judges each inbound event against what it holds (a replayed alert id, an
 * old version, feedback from an agency the alert was never released to), so that the link refuses it
 * before it is stored. Every change is announced to the service (retention, receipts, watches).
 */
import { Rejection, type Refusal } from '@concord/federation';
import type { AlertRecord, RecipientState } from './domain/alert-record.js';
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

const replay = (detail: string): Refusal => ({ reason: Rejection.Replay, detail });
const refused = (detail: string): Refusal => ({ reason: Rejection.Refused, detail });

export class AlertBook {
  readonly #alerts = new Map<string, AlertRecord>();
  readonly #listeners = new Set<(change: AlertChange) => void>();

  constructor(private readonly me: string) {}

  get(alertId: string): AlertRecord | undefined {
    return this.#alerts.get(alertId);
  }

  all(): AlertRecord[] {
    return [...this.#alerts.values()];
  }

  subscribe(listener: (change: AlertChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Whether an inbound event may be stored, given what this agency holds. */
  check(event: IntelEvent, now: Date): Refusal | undefined {
    if (event.type === 'alert.receipts') return this.#checkBatch(event, now);
    return this.#checkOne(event, now);
  }

  /** A batch of receipts is stored whole or not at all: each receipt in it must pass, and name its alert once. */
  #checkBatch(batch: IntelEventOf<'alert.receipts'>, now: Date): Refusal | undefined {
    const named = new Set<string>();
    for (const receipt of receiptsIn(batch)) {
      if (named.has(receipt.alertId)) return refused(`the batch of receipts names alert ${receipt.alertId} twice`);
      named.add(receipt.alertId);
      const refusal = this.#checkOne(receipt, now);
      if (refusal) return { reason: refusal.reason, detail: `in a batch of receipts: ${refusal.detail}` };
    }
    return undefined;
  }

  #checkOne(event: AlertEvent, now: Date): Refusal | undefined {
    const record = this.#alerts.get(event.alertId);
    if (record && record.origin !== event.from && (event.type === 'alert.version' || event.type === 'alert.revoked')) {
      return replay(`alert ${event.alertId} belongs to ${record.origin}; ${event.from} cannot publish or revoke it`);
    }
    switch (event.type) {
      case 'alert.version':
        if (new Date(event.expiresAt) <= now) return refused(`alert ${event.alertId} expired at ${event.expiresAt}`);
        if (!record) return undefined;
        if (record.status === 'revoked') return replay(`alert ${event.alertId} was revoked`);
        if (record.status === 'expired') return replay(`alert ${event.alertId} has expired`);
        if (event.version <= record.version) return replay(`alert ${event.alertId} version ${event.version} is not newer than version ${record.version}, already held`);
        return undefined;
      case 'alert.revoked':
        return undefined;
      case 'alert.receipt':
        if (!record || record.origin !== this.me) return refused(`receipt for alert ${event.alertId}, which ${this.me} did not publish`);
        if (!record.recipients.has(event.from)) return refused(`${event.from} is not a recipient of alert ${event.alertId}`);
        return undefined;
      case 'alert.feedback':
        if (!record) return refused(`feedback on alert ${event.alertId}, which ${this.me} does not hold`);
        if (event.from !== record.origin && !record.recipients.has(event.from)) return refused(`${event.from} is not a recipient of alert ${event.alertId}`);
        return undefined;
      case 'alert.forward-request':
        if (!record || record.origin !== this.me) return refused(`forwarding request for alert ${event.alertId}, which ${this.me} did not publish`);
        if (!record.recipients.has(event.from)) return refused(`${event.from} is not a recipient of alert ${event.alertId}`);
        if (record.forwardRequests.has(event.requestId)) return replay(`forwarding request ${event.requestId} was already received`);
        return undefined;
      case 'alert.forward-decision':
        if (!record || record.origin !== event.from) return refused(`only the originator of alert ${event.alertId} decides on forwarding it`);
        return undefined;
    }
  }

  /** Folds one stored event in; `seq` is its position in this agency's store. */
  apply(event: IntelEvent, seq: number): void {
    for (const one of event.type === 'alert.receipts' ? receiptsIn(event) : [event]) {
      const change = this.#fold(one, seq);
      if (change) this.#announce(change);
    }
  }

  /** Marks alerts past their expiry as expired, dropping their content; returns what changed. */
  expire(now: Date): void {
    for (const record of this.#alerts.values()) {
      if (record.status !== 'active' || record.expiresAt > now) continue;
      record.status = 'expired';
      this.#announce({ kind: 'expired', record, event: undefined, erase: this.#dropContent(record) });
    }
  }

  #announce(change: AlertChange): void {
    for (const listener of this.#listeners) listener(change);
  }

  #fold(event: AlertEvent, seq: number): AlertChange | undefined {
    const record = this.#alerts.get(event.alertId);
    switch (event.type) {
      case 'alert.version':
        return this.#foldVersion(event, seq, record);
      case 'alert.revoked': {
        const target = record ?? this.#tombstone(event);
        if (target.origin !== event.from) return undefined;
        target.status = 'revoked';
        target.revocationReason = event.reason;
        target.updatedAt = event.at;
        return { kind: 'revoked', record: target, event, erase: this.#dropContent(target) };
      }
      case 'alert.receipt': {
        if (!record) return undefined;
        const state = this.#recipientState(record, event.from);
        if (event.status === 'delivered') {
          if (event.version <= state.deliveredVersion) return undefined;
          state.deliveredVersion = event.version;
          state.deliveredAt = event.at;
        } else {
          if (event.version <= state.acknowledgedVersion) return undefined;
          state.acknowledgedVersion = event.version;
          state.acknowledgedAt = event.at;
        }
        return { kind: event.status === 'delivered' ? 'delivered' : 'acknowledged', record, event, erase: [] };
      }
      case 'alert.feedback': {
        if (!record) return undefined;
        if (!record.content) return { kind: 'feedback', record, event, erase: [seq] };
        record.feedback.push({ id: event.feedbackId, agency: event.from, kind: event.kind, note: event.note, place: event.place, ...(event.observedAt ? { observedAt: new Date(event.observedAt) } : {}), recordedAt: event.at });
        this.#keepContent(record, 0, seq);
        return { kind: 'feedback', record, event, erase: [] };
      }
      case 'alert.forward-request': {
        if (!record) return undefined;
        if (!record.content) return { kind: 'forward-requested', record, event, erase: [seq] };
        record.forwardRequests.set(event.requestId, { id: event.requestId, requestedBy: event.from, to: event.to, reason: event.reason, requestedAt: event.at, status: 'pending', decisionReason: '' });
        this.#keepContent(record, 0, seq);
        return { kind: 'forward-requested', record, event, erase: [] };
      }
      case 'alert.forward-decision': {
        if (!record) return undefined;
        if (!record.content) return { kind: 'forward-decided', record, event, erase: [seq] };
        const request = record.forwardRequests.get(event.requestId);
        if (request) {
          request.status = event.approved ? 'approved' : 'refused';
          request.decisionReason = event.reason;
        }
        this.#keepContent(record, 0, seq);
        return { kind: 'forward-decided', record, event, erase: [] };
      }
    }
  }

  #foldVersion(event: IntelEventOf<'alert.version'>, seq: number, record: AlertRecord | undefined): AlertChange | undefined {
    const { type: _type, from, at, recipients, alertId, version, label, expiresAt, forwardOf: _forwardOf, ...content } = event;
    if (!record) {
      const created: AlertRecord = {
        id: alertId,
        origin: from,
        version,
        label,
        expiresAt: new Date(expiresAt),
        recipients: new Set(recipients),
        status: 'active',
        content,
        publishedAt: at,
        updatedAt: at,
        deliveries: new Map(),
        feedback: [],
        forwardRequests: new Map(),
        revocationReason: '',
        contentSeqs: new Map([[version, [seq]]]),
      };
      this.#alerts.set(alertId, created);
      return { kind: 'published', record: created, event, erase: [] };
    }
    if (record.origin !== from || record.status !== 'active') return { kind: 'updated', record, event, erase: [seq] };
    if (version === record.version) {
      // The same version sealed anew for an agency it was forwarded to.
      for (const agency of recipients) record.recipients.add(agency);
      this.#keepContent(record, version, seq);
      return { kind: 'updated', record, event, erase: [] };
    }
    if (version < record.version) return { kind: 'updated', record, event, erase: [seq] };
    const superseded = [...record.contentSeqs.entries()].filter(([v]) => v !== 0).flatMap(([, seqs]) => seqs);
    for (const [v] of record.contentSeqs) if (v !== 0) record.contentSeqs.delete(v);
    record.contentSeqs.set(version, [seq]);
    record.version = version;
    record.label = label;
    record.expiresAt = new Date(expiresAt);
    record.content = content;
    record.updatedAt = at;
    for (const agency of recipients) record.recipients.add(agency);
    return { kind: 'updated', record, event, erase: superseded };
  }

  /** A revoked alert whose versions this agency does not hold (erased, or never received). */
  #tombstone(event: IntelEventOf<'alert.revoked'>): AlertRecord {
    const revoked = event.revokedAlert;
    const record: AlertRecord = {
      id: event.alertId,
      origin: event.from,
      version: revoked?.version ?? 0,
      label: revoked?.label ?? 'red',
      expiresAt: revoked ? new Date(revoked.expiresAt) : event.at,
      recipients: new Set(event.recipients),
      status: 'revoked',
      content: undefined,
      publishedAt: revoked ? new Date(revoked.publishedAt) : event.at,
      updatedAt: event.at,
      deliveries: new Map(),
      feedback: [],
      forwardRequests: new Map(),
      revocationReason: '',
      contentSeqs: new Map(),
    };
    this.#alerts.set(event.alertId, record);
    return record;
  }

  #recipientState(record: AlertRecord, agency: string): RecipientState {
    let state = record.deliveries.get(agency);
    if (!state) {
      state = { deliveredVersion: 0, acknowledgedVersion: 0 };
      record.deliveries.set(agency, state);
    }
    return state;
  }

  #keepContent(record: AlertRecord, version: number, seq: number): void {
    record.contentSeqs.set(version, [...(record.contentSeqs.get(version) ?? []), seq]);
  }

  /** Drops the content and everything that carried it: feedback and forwarding requests too (their events are erased). */
  #dropContent(record: AlertRecord): number[] {
    const erase = [...record.contentSeqs.values()].flat();
    record.contentSeqs.clear();
    record.content = undefined;
    record.feedback.length = 0;
    record.forwardRequests.clear();
    return erase;
  }
}
