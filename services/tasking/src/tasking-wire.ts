/**
 * Requests for assistance on the wire. The routing part (the request id) is all the hub and the
 * transport see; the step, its due time and status, what is asked and why are sealed for the two
 * agencies alone.
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
    routing: z.strictObject({ requestId }),
    secret: z.strictObject({ dueAt: z.iso.datetime(), kind: z.enum(assistanceKinds), subject: z.string().max(500), details: note, alertId: optionalId, actionId: optionalId, operationId: optionalId }),
  },
  'request.answered': { routing: z.strictObject({ requestId }), secret: z.strictObject({ accepted: z.boolean(), reason: note }) },
  'request.reported': { routing: z.strictObject({ requestId }), secret: z.strictObject({ status: z.enum(['in-progress', 'fulfilled', 'unable']), note }) },
  'request.cancelled': { routing: z.strictObject({ requestId }), secret: z.strictObject({ reason: note }) },
} as const;

export type TaskingCodec = SealedEventCodec<typeof taskingWire>;
export type TaskingEvent = DecodedEvent<typeof taskingWire>;

export function createTaskingCodec(me: { readonly agency: string; readonly encryptionKey: KeyObject }, trust: TrustedManifest): TaskingCodec {
  return createSealedEventCodec('tasking', taskingWire, me, trust);
}
