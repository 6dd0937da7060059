/**
 * Per-peer health of an agency's federation links, as its metrics endpoint serves it on `/links` and
 * `concord status` shows it: one schema for both sides.
 */
import { z } from 'zod';

export const peerHealthSchema = z.object({
  peer: z.string(),
  /** Every capability's relay to the peer answers (none is holding events for it). */
  connected: z.boolean(),
  /** Events of this agency not yet delivered to the peer, over every capability. */
  pending: z.number().int().nonnegative(),
  /** The last delivery either way, ISO 8601; absent when there was none since the services started. */
  lastDelivery: z.string().optional(),
  refusalsLastHour: z.number().int().nonnegative(),
});

/**
 * What each service of the agency process says on its gRPC health (the same state), so that `concord
 * status` learns a whole agency from one request instead of a TLS connection per service.
 */
export const servingSchema = z.enum(['SERVING', 'NOT_SERVING']);

export const linkHealthSchema = z.object({ agency: z.string(), peers: z.array(peerHealthSchema), services: z.record(z.string(), servingSchema).optional() });

export type PeerHealth = z.infer<typeof peerHealthSchema>;
export type LinkHealth = z.infer<typeof linkHealthSchema>;
