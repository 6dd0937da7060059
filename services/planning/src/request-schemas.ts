/** Every planning request validated at the gRPC boundary; errors name the proto field (snake_case). */
import { z } from 'zod';
import { enumField, locodeField, optionalEnumField, parseRequest } from '@concord/service-kit';
import { ExportFormat, ResponseKind } from '@concord/contracts/planning';
import { actionKind, actionStatus, milestoneKind } from './grpc-mapping.js';
import { agencyIdSchema } from '@concord/manifest';

const required = { error: 'is required' };
export const operationId = z.string().min(1, 'is required');
const period = z.object({ start: z.date(required), end: z.date(required) }, required);
const agencyList = z.object({ ids: z.array(agencyIdSchema) });

export const createOperationRequest = z.object({
  name: z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
  participants: z.array(agencyIdSchema).min(1, 'is required'),
  period,
  coChairs: z.array(agencyIdSchema),
  supporters: z.array(agencyIdSchema),
  draft: z.boolean(),
  recordedAfterTheFact: z.boolean(),
});

export const operationIdRequest = z.object({ operationId });

/** Cancelling or concluding by hand: the reason is optional, shown on the timeline. */
export const endOperationRequest = z.object({ operationId, reason: z.string().trim().max(2000, 'must be at most 2000 characters') });

export const changeOperationRequest = z
  .object({
    operationId,
    name: z.string().trim().min(1, 'must not be empty').max(200).optional(),
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
    reason: z.string().max(2000),
    counterPeriod: period.optional(),
  })
  .refine((r) => r.response !== ResponseKind.RESPONSE_KIND_COUNTER_PROPOSED || r.counterPeriod !== undefined, { message: 'is required to counter-propose', path: ['counterPeriod'] });

const kinds = z.array(z.string().regex(/^[a-z][a-z-]*(\.[a-z][a-z-]*)*$/, 'must be an event type such as action.released, or its first word'));

export const listTimelineRequest = z.object({
  operationId: z.string(),
  pageSize: z.number().int().min(0).max(1000, 'must be at most 1000').transform((size) => size || 100),
  pageToken: z.string(),
  agency: z.union([z.literal(''), agencyIdSchema]),
  kinds,
  from: z.date().optional(),
  to: z.date().optional(),
});

export const watchTimelineRequest = z.object({
  operationId: z.string(),
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
  milestoneId: z.string().regex(/^([A-Za-z0-9_-]{1,64})?$/, 'must be an id this service issued'),
  kind: enumField(milestoneKind, 'INITIAL_PLANNING, PROGRESSION, DEBRIEF or OTHER'),
  title: z.string().trim().min(1, 'is required').max(200),
  window: period,
  location: z.string().max(200),
});

export const milestoneRequest = z.object({ operationId, milestoneId: z.string().min(1, 'is required') });

const details = z.object({ targets: z.string().max(10_000), locations: z.string().max(10_000), officers: z.string().max(10_000), notes: z.string().max(10_000) });
const emptyDetails = { targets: '', locations: '', officers: '', notes: '' };
const locode = locodeField;

export const planActionRequest = z.object({
  operationId,
  kind: enumField(actionKind, 'the kind of action'),
  window: period,
  jurisdiction: z.string().min(1, 'is required'),
  leadUnit: z.string().trim().min(1, 'is required').max(200),
  location: locode,
  details: details.optional().transform((d) => d ?? emptyDetails),
  alertId: z.union([z.literal(''), z.uuid('must be an alert id')]),
});

export const updateActionRequest = z.object({
  actionId: z.string().min(1, 'is required'),
  window: period.optional(),
  status: optionalEnumField(actionStatus),
  leadUnit: z.string().trim().min(1, 'must not be empty').max(200).optional(),
  location: locode.optional(),
  details: details.optional(),
});

export const releaseActionRequest = z.object({ actionId: z.string().min(1, 'is required'), acknowledgeOutsidePeriod: z.boolean() });

export { parseRequest };
