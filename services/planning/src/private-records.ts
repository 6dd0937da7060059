/** The schemas and keys of what planning keeps in its private store: actions and registrations. */
import { z } from 'zod';
import { identifierKinds } from '@concord/identifiers';
import { actionKinds, actionStatuses } from './domain/national-action.js';

const isoDate = z.iso.datetime().transform((text) => new Date(text));
const period = z.object({ start: isoDate, end: isoDate });

export const privateActionSchema = z.object({
  operationId: z.string(),
  shared: z.object({
    id: z.string(),
    agency: z.string(),
    kind: z.enum(actionKinds),
    window: period,
    jurisdiction: z.string(),
    status: z.enum(actionStatuses),
    outsidePeriod: z.boolean(),
    alert: z.object({ id: z.string(), publishedAt: isoDate }).optional(),
  }),
  released: z.boolean(),
  leadUnit: z.string(),
  location: z.string(),
  details: z.object({ targets: z.string(), locations: z.string(), officers: z.string(), notes: z.string() }),
});
export type PrivateAction = z.output<typeof privateActionSchema>;
export const actionKey = (actionId: string) => `action.${actionId}`;

/** A registration for blind deconfliction: the identifier itself, which never leaves this agency. */
export const registrationSchema = z.object({
  ref: z.string(),
  operationId: z.string(),
  actionId: z.string(),
  kind: z.enum(identifierKinds),
  value: z.string(),
  window: period.optional(),
  contact: z.string(),
});
export type StoredRegistration = z.output<typeof registrationSchema>;
export const registrationKey = (ref: string) => `target.${ref}`;
