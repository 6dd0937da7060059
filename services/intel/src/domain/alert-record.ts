/** One alert as an agency holds it, whether it published it or received it; folded anew, never changed in place. */
import type { AlertContent } from './alert-content.js';
import type { TlpLabel } from './handling.js';

export const feedbackKinds = ['seen', 'false-positive', 'action-taken'] as const;
export type FeedbackKind = (typeof feedbackKinds)[number];

export type AlertStatus = 'active' | 'revoked' | 'expired';

export interface RecipientState {
  readonly deliveredVersion: number;
  readonly deliveredAt?: Date;
  readonly acknowledgedVersion: number;
  readonly acknowledgedAt?: Date;
}

export interface FeedbackEntry {
  readonly id: string;
  readonly agency: string;
  readonly kind: FeedbackKind;
  readonly note: string;
  readonly place: string;
  readonly observedAt?: Date;
  readonly recordedAt: Date;
}

export interface ForwardRequestState {
  readonly id: string;
  readonly requestedBy: string;
  readonly to: string;
  readonly reason: string;
  readonly requestedAt: Date;
  readonly status: 'pending' | 'approved' | 'refused';
  readonly decisionReason: string;
}

export interface AlertRecord {
  readonly id: string;
  readonly origin: string;
  readonly version: number;
  readonly label: TlpLabel;
  readonly expiresAt: Date;
  /** Every agency it is released to; for a recipient, those it was told of. */
  readonly recipients: ReadonlySet<string>;
  readonly status: AlertStatus;
  /** Dropped when the alert is revoked or expires. */
  readonly content: AlertContent | undefined;
  readonly publishedAt: Date;
  readonly updatedAt: Date;
  readonly deliveries: ReadonlyMap<string, RecipientState>;
  readonly feedback: readonly FeedbackEntry[];
  readonly forwardRequests: ReadonlyMap<string, ForwardRequestState>;
  readonly revocationReason: string;
}

/** Where a record lives in an agency's book: ids are random, so one per alert. */
export const isActive = (record: AlertRecord): boolean => record.status === 'active';
