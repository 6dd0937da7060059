/**
 * Debrief events on the wire. A debrief is open to every member of the federation, so each event goes
 * to all of them; its content is still sealed for them, so that the hub carries only ciphertext. A
 * non-attributable lesson travels to the lead alone, and the lead publishes it as its own.
 */
import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import type { TrustedManifest } from '@concord/manifest';
import { createSealedEventCodec, type DecodedEvent, type SealedEventCodec } from '@concord/sealing';
import { lessonCategories, remedialStatuses } from './domain/lessons.js';

const operationId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const lessonId = z.uuid();
const text = (max: number) => z.string().max(max);
const period = z.strictObject({ start: z.iso.datetime(), end: z.iso.datetime() });

export const lessonContentSchema = z.strictObject({
  category: z.enum(lessonCategories),
  observation: text(4000).min(1),
  lessonIdentified: text(4000).min(1),
  remedialAction: z.strictObject({ description: text(2000).min(1), owner: z.string().min(1).max(32), dueDate: z.iso.date(), status: z.enum(remedialStatuses) }).optional(),
  lessonLearned: text(4000),
  evidence: z.array(z.string().max(64)).max(50),
});
export type LessonContent = z.infer<typeof lessonContentSchema>;

export const debriefWire = {
  'debrief.opened': { routing: z.strictObject({ operationId }), secret: z.strictObject({ name: text(200), lead: z.string(), participants: z.array(z.string()).min(1).max(64), period }) },
  'debrief.outcomes': { routing: z.strictObject({ operationId }), secret: z.strictObject({ counts: z.record(z.string(), z.number()), intelligenceSummary: text(8000) }) },
  'debrief.lesson': { routing: z.strictObject({ operationId, lessonId }), secret: z.strictObject({ lesson: lessonContentSchema, nonAttributable: z.boolean() }) },
  'debrief.anonymous-lesson': { routing: z.strictObject({ operationId }), secret: z.strictObject({ lessonId, lesson: lessonContentSchema }) },
  'debrief.remedial': { routing: z.strictObject({ operationId, lessonId }), secret: z.strictObject({ status: z.enum(remedialStatuses) }) },
  'debrief.report': {
    routing: z.strictObject({ operationId }),
    secret: z.strictObject({
      lessonIds: z.array(lessonId).max(1000),
      outcomeAgencies: z.array(z.string()).max(64),
      synthesis: z.array(
        z.strictObject({
          agency: z.string(),
          actionsPlanned: z.number().int(),
          actionsCompleted: z.number().int(),
          actionsCancelled: z.number().int(),
          actionsOutsidePeriod: z.number().int(),
          actionsOnAlerts: z.number().int(),
          medianAlertToActionHours: z.number().nullable(),
          requestsMade: z.number().int(),
          requestsAnswered: z.number().int(),
          requestsFulfilled: z.number().int(),
          medianAnswerHours: z.number().nullable(),
        }),
      ),
    }),
  },
} as const;

export type DebriefCodec = SealedEventCodec<typeof debriefWire>;
export type DebriefEvent = DecodedEvent<typeof debriefWire>;

export function createDebriefCodec(me: { readonly agency: string; readonly encryptionKey: KeyObject }, trust: TrustedManifest): DebriefCodec {
  return createSealedEventCodec('debrief', debriefWire, me, trust);
}
