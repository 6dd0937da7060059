/** Every planning request validated at the gRPC boundary; errors name the proto field (snake_case). */
import { z } from 'zod';
import { enumField, idField, listField, locodeField, maxAgencies, optionalEnumField, parseRequest, textField } from '@concord/service-kit';
import { ExportFormat, ResponseKind } from '@concord/contracts/planning';
import { actionKind, actionStatus, milestoneKind } from './grpc-mapping.js';
import { agencyIdSchema } from '@concord/manifest';

const required = { error: 'is required' };
export const operationId = idField('an operation id');
const actionId = idField('an action id');
const optionalOperationId = idField('an operation id', { optional: true });
const period = z.object({ start: z.date(required), end: z.date(required) }, required);
/** Agencies named at most once each; unknown ones are refused against the manifest by the domain. */
export const agencies = (required?: string) => listField(agencyIdSchema, { max: maxAgencies, unique: true, ...(required ? { required } : {}) });
const agencyList = z.object({ ids: agencies() });
const name = textField({ max: 200, required: 'is required' });

export const createOperationRequest = z.object({
  name,
  participants: agencies('is required'),
  period,
  coChairs: agencies(),
  supporters: agencies(),
  draft: z.boolean(),
  recordedAfterTheFact: z.boolean(),
});

export const operationIdRequest = z.object({ operationId });

/** Cancelling or concluding by hand: the reason is optional, shown on the timeline. */
export const endOperationRequest = z.object({ operationId, reason: z.string().trim().max(2000, 'must be at most 2000 characters') });

export const changeOperationRequest = z
  .object({
    operationId,
    name: textField({ max: 200, required: 'must not be empty' }).optional(),
    period: period.optional(),
    participants: agencyList.optional(),
    supporters: agencyList.optional(),
    coChairs: agencyList.optional(),
  })
  .refine((r) => r.name !== undefined || r.period || r.participants || r.supporters || r.coChairs, { message: 'give at least one of name, period, participants, supporters, co_chairs', path: ['operation_id'] });

const responseKinds = [ResponseKind.RESPONSE_KIND_ACCEPTED, ResponseKind.RESPONSE_KIND_DECLINED, ResponseKind.RESPONSE_KIND_COUNTER_PROPOSED] as const;

export const respondToOperationRequest = z
  .object({
    operationId,
    version: z.number().int().min(1, 'is required (the version responded to)'),
    response: z.union(responseKinds.map((kind) => z.literal(kind)), { error: 'must be ACCEPTED, DECLINED or COUNTER_PROPOSED' }),
    reason: textField({ max: 2000, multiline: true }),
    counterPeriod: period.optional(),
  })
  .refine((r) => r.response !== ResponseKind.RESPONSE_KIND_COUNTER_PROPOSED || r.counterPeriod !== undefined, { message: 'is required to counter-propose', path: ['counterPeriod'] });

const kinds = listField(z.string().max(64, 'must be an event type').regex(/^[a-z][a-z-]*(\.[a-z][a-z-]*)*$/, 'must be an event type such as action.released, or its first word'), { max: 32, unique: true });

export const listTimelineRequest = z.object({
  operationId: optionalOperationId,
  pageSize: z.number().int().min(0).max(1000, 'must be at most 1000').transform((size) => size || 100),
  pageToken: z.string().max(200, 'must be a page token this service gave'),
  agency: z.union([z.literal(''), agencyIdSchema]),
  kinds,
  from: z.date().optional(),
  to: z.date().optional(),
});

export const watchTimelineRequest = z.object({
  operationId: optionalOperationId,
  agency: z.union([z.literal(''), agencyIdSchema]),
  kinds,
  afterCursor: z.number().int().min(0),
});

export const exportTimelineRequest = z.object({
  operationId,
  format: z.union([z.literal(ExportFormat.EXPORT_FORMAT_ICALENDAR), z.literal(ExportFormat.EXPORT_FORMAT_JSON)], { error: 'must be ICALENDAR or JSON' }),
});

export const scheduleMilestoneRequest = z.object({
  operationId,
  milestoneId: idField('an id this service issued', { optional: true }),
  kind: enumField(milestoneKind, 'INITIAL_PLANNING, PROGRESSION, DEBRIEF or OTHER'),
  title: textField({ max: 200, required: 'is required' }),
  window: period,
  location: textField({ max: 200 }),
});

export const milestoneRequest = z.object({ operationId, milestoneId: idField('a milestone id') });

const detail = textField({ max: 10_000, multiline: true });
const details = z.object({ targets: detail, locations: detail, officers: detail, notes: detail });
const leadUnit = textField({ max: 200, required: 'is required' });
const emptyDetails = { targets: '', locations: '', officers: '', notes: '' };
const locode = locodeField;

export const planActionRequest = z.object({
  operationId,
  kind: enumField(actionKind, 'the kind of action'),
  window: period,
  jurisdiction: textField({ max: 16, required: 'is required' }),
  leadUnit,
  location: locode,
  details: details.optional().transform((d) => d ?? emptyDetails),
  alertId: z.union([z.literal(''), z.uuid('must be an alert id')]),
});

export const updateActionRequest = z.object({
  actionId,
  window: period.optional(),
  status: optionalEnumField(actionStatus),
  leadUnit: leadUnit.optional(),
  location: locode.optional(),
  details: details.optional(),
});

export const releaseActionRequest = z.object({ actionId, acknowledgeOutsidePeriod: z.boolean() });

export { actionId };

export { parseRequest };
