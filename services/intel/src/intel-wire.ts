/**
 * Intel events on the wire: the ids in clear (what the hub may see), and everything else, labels,
 * versions, expiries and statuses included, sealed with the event's type for its recipients and its
 * sender (the shared sealed-event codec does the sealing).
 */
import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import type { TrustedManifest } from '@concord/manifest';
import { createSealedEventCodec, type DecodedEvent, type SealedEventCodec } from '@concord/sealing';
import { alertContentSchema } from './domain/alert-content.js';
import { feedbackKinds } from './domain/alert-record.js';
import { tlpLabels } from './domain/handling.js';

const alertId = z.uuid();
const version = z.number().int().positive();
const text = (max: number) => z.string().max(max);

/** Receipts one batch may carry: its sealed JSON stays far below the limit of an alert event. */
export const maxReceiptsPerBatch = 256;

export const intelWire = {
  'alert.version': {
    routing: z.strictObject({ alertId }),
    secret: alertContentSchema.safeExtend({ version, label: z.enum(tlpLabels), expiresAt: z.iso.datetime(), forwardOf: z.uuid().optional() }),
  },
  'alert.revoked': {
    routing: z.strictObject({ alertId }),
    secret: z.strictObject({
      reason: text(2000),
      // What was revoked: the versions that said it are erased, so a book rebuilt from the store learns it here.
      // Optional: revocations stored before it was added still open.
      revokedAlert: z.strictObject({ version, label: z.enum(tlpLabels), expiresAt: z.iso.datetime(), publishedAt: z.iso.datetime() }).optional(),
    }),
  },
  'alert.receipt': { routing: z.strictObject({ alertId }), secret: z.strictObject({ version, status: z.enum(['delivered', 'acknowledged']) }) },
  // Delivery receipts for several alerts of one originator, one signed event: nothing in clear but its envelope.
  'alert.receipts': {
    // Empty, and typed as no fields rather than as a record of nothing.
    routing: z.strictObject({}).transform((): object => ({})),
    secret: z.strictObject({ receipts: z.array(z.strictObject({ alertId, version })).min(1).max(maxReceiptsPerBatch) }),
  },
  'alert.feedback': {
    routing: z.strictObject({ alertId, feedbackId: z.uuid() }),
    secret: z.strictObject({ kind: z.enum(feedbackKinds), note: text(4000), place: z.string().max(5), observedAt: z.iso.datetime().optional() }),
  },
  'alert.forward-request': { routing: z.strictObject({ alertId, requestId: z.uuid() }), secret: z.strictObject({ to: z.string().min(1).max(32), reason: text(2000) }) },
  'alert.forward-decision': { routing: z.strictObject({ alertId, requestId: z.uuid() }), secret: z.strictObject({ approved: z.boolean(), reason: text(2000) }) },
} as const;

export type IntelWire = typeof intelWire;
export type IntelType = keyof IntelWire;
export type IntelCodec = SealedEventCodec<typeof intelWire>;
export type IntelEvent = DecodedEvent<typeof intelWire>;
export type IntelEventOf<T extends IntelType> = Extract<IntelEvent, { type: T }>;
/** An event about one alert: every type but a batch of receipts. */
export type AlertEvent = Exclude<IntelEvent, { type: 'alert.receipts' }>;

/** A batch of delivery receipts as the single receipts it stands for, each at the batch's time. */
export function receiptsIn(batch: IntelEventOf<'alert.receipts'>): IntelEventOf<'alert.receipt'>[] {
  const { from, at, recipients } = batch;
  return batch.receipts.map(({ alertId, version }) => ({ type: 'alert.receipt', from, at, recipients, alertId, version, status: 'delivered' }));
}

export function createIntelCodec(me: { readonly agency: string; readonly encryptionKey: KeyObject }, trust: TrustedManifest): IntelCodec {
  return createSealedEventCodec('intel', intelWire, me, trust);
}
