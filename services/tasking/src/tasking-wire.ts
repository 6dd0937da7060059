/**
 * Requests for assistance on the wire. The routing part (request id, due time, status) is what the hub
 * and the transport see; what is asked, of whom and why is sealed for the two agencies alone.
 */
import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import type { TrustedManifest } from '@concord/manifest';
import { createSealedEventCodec, type DecodedEvent, type SealedEventCodec } from '@concord/sealing';
import { assistanceKinds } from './domain/assistance-request.js';

const requestId = z.uuid();
const note = z.string().max(4000);
const optionalId = z.string().max(64);

export const taskingWire = {
  'request.sent': {
    routing: z.strictObject({ requestId, dueAt: z.iso.datetime() }),
    secret: z.strictObject({ kind: z.enum(assistanceKinds), subject: z.string().max(500), details: note, alertId: optionalId, actionId: optionalId, operationId: optionalId }),
  },
  'request.answered': { routing: z.strictObject({ requestId, accepted: z.boolean() }), secret: z.strictObject({ reason: note }) },
  'request.reported': { routing: z.strictObject({ requestId, status: z.enum(['in-progress', 'fulfilled', 'unable']) }), secret: z.strictObject({ note }) },
  'request.cancelled': { routing: z.strictObject({ requestId }), secret: z.strictObject({ reason: note }) },
} as const;

export type TaskingCodec = SealedEventCodec<typeof taskingWire>;
export type TaskingEvent = DecodedEvent<typeof taskingWire>;

export function createTaskingCodec(me: { readonly agency: string; readonly encryptionKey: KeyObject }, trust: TrustedManifest): TaskingCodec {
  return createSealedEventCodec('tasking', taskingWire, me, trust);
}
