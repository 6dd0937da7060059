/**
 * What an agency accepts from each peer into each of its event stores: events and bytes per interval,
 * and bytes kept in all. The recipient enforces them (its own entry of the manifest); a peer over a
 * limit is told to hold its deliveries and try later, and nothing already stored is touched.
 */
import { z } from 'zod';
import { agencyIdSchema } from './agency-id.js';

const count = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const peerQuotaSchema = z.strictObject({
  /** The length of the interval the per-interval limits apply to. */
  intervalSeconds: count.max(86_400).optional(),
  eventsPerInterval: count.optional(),
  bytesPerInterval: count.optional(),
  /** Bytes of the peer's events one store keeps at most. */
  storedBytes: count.optional(),
});

export const inboundQuotasSchema = z.strictObject({
  /** For every peer not named below. */
  default: peerQuotaSchema.optional(),
  /** Per peer, over the default. */
  peers: z.record(agencyIdSchema, peerQuotaSchema).optional(),
});

export type PeerQuotaSettings = z.infer<typeof peerQuotaSchema>;
export type InboundQuotaSettings = z.infer<typeof inboundQuotasSchema>;
