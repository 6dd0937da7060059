/** One alert as an agency holds it, whether it published it or received it. */
import type { AlertContent } from './alert-content.js';
import type { TlpLabel } from './handling.js';

export const feedbackKinds = ['seen', 'false-positive', 'action-taken'] as const;
export type FeedbackKind = (typeof feedbackKinds)[number];

export type AlertStatus = 'active' | 'revoked' | 'expired';

export interface RecipientState {
  deliveredVersion: number;
  deliveredAt?: Date;
  acknowledgedVersion: number;
  acknowledgedAt?: Date;
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
  status: 'pending' | 'approved' | 'refused';
  decisionReason: string;
}

export interface AlertRecord {
  readonly id: string;
  readonly origin: string;
  version: number;
  label: TlpLabel;
  expiresAt: Date;
  /** Every agency it is released to; for a recipient, those it was told of. */
  readonly recipients: Set<string>;
  status: AlertStatus;
  /** Dropped when the alert is revoked or expires. */
  content: AlertContent | undefined;
  readonly publishedAt: Date;
  updatedAt: Date;
  readonly deliveries: Map<string, RecipientState>;
  readonly feedback: FeedbackEntry[];
  readonly forwardRequests: Map<string, ForwardRequestState>;
  revocationReason: string;
  /** Store positions of the events that carry sealed content, by version (0: feedback and requests). */
  readonly contentSeqs: Map<number, number[]>;
}

/** Where a record lives in an agency's book: ids are random, so one per alert. */
export const isActive = (record: AlertRecord): boolean => record.status === 'active';
