/**
 * Questions one service of an agency asks another on the agency's own server. These subjects live in
 * the internal account, which exports only `jpa.<me>.*.>` to the federation account: they never leave.
 */
import { z } from 'zod';

export const InternalSubjects = {
  /** Planning answers who takes part in an operation: `{ operationId }`. */
  operationParticipants: 'planning.query.participants',
} as const;

export const participantsQuerySchema = z.strictObject({ operationId: z.string().min(1).max(64) });

export const participantsAnswerSchema = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), participants: z.array(z.string()) }),
  z.strictObject({ ok: z.literal(false), error: z.string() }),
]);
export type ParticipantsAnswer = z.infer<typeof participantsAnswerSchema>;
