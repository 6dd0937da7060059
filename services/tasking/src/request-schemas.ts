/** Every tasking request validated at the gRPC boundary; errors name the proto field (snake_case). */
import { z } from 'zod';
import { agencyIdSchema } from '@concord/manifest';
import { enumField, optionalEnumField } from '@concord/service-kit';
import { assistanceKind, reportKind, taskTransition } from './grpc-mapping.js';

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an id');
const optionalId = z.union([z.literal(''), id]);
const short = z.string().trim().max(200, 'must be at most 200 characters');
const long = z.string().max(4000, 'must be at most 4,000 characters');
const resources = z.array(z.string().trim().min(1, 'must not be empty').max(200)).max(50);

export const createTaskRequest = z
  .object({
    actionId: optionalId,
    requestId: optionalId,
    title: short.min(1, 'is required'),
    team: short,
    assignee: short,
    resources,
    instructions: long,
    communications: long,
    dueAt: z.date().optional(),
  })
  .refine((r) => (r.actionId === '') !== (r.requestId === ''), { message: 'tie the task to a national action or to a request for assistance (one of the two)', path: ['actionId'] });

export const changeTaskRequest = z.object({
  taskId: id,
  transition: optionalEnumField(taskTransition),
  reason: long,
  title: short.min(1, 'must not be empty').optional(),
  team: short.optional(),
  assignee: short.optional(),
  instructions: long.optional(),
  communications: long.optional(),
  dueAt: z.date().optional(),
  resources,
  setResources: z.boolean(),
});

export const taskIdRequest = z.object({ taskId: id });
export const listTasksRequest = z.object({ actionId: optionalId, requestId: optionalId, includeClosed: z.boolean() });

export const requestAssistanceRequest = z.object({
  toAgency: agencyIdSchema,
  kind: enumField(assistanceKind, 'what is asked: INSPECT_VESSEL, VERIFY_PASSPORT, TRACE_PHONE, SHARE_RECORDS, HOLD_FOR_INTERVIEW or OTHER'),
  subject: z.string().trim().min(1, 'is required: what it is about').max(500),
  details: long,
  dueAt: z.date({ error: 'is required' }),
  alertId: optionalId,
  actionId: optionalId,
  operationId: optionalId,
});

export const answerRequestRequest = z
  .object({ requestId: z.uuid('must be a request id'), accept: z.boolean(), reason: long })
  .refine((r) => r.accept || r.reason.trim() !== '', { message: 'is required to decline', path: ['reason'] });
export const reportOnRequestRequest = z.object({ requestId: z.uuid('must be a request id'), kind: enumField(reportKind, 'PROGRESS, FULFILLED or UNABLE'), note: long });
export const cancelRequestRequest = z.object({ requestId: z.uuid('must be a request id'), reason: long });
export const requestIdRequest = z.object({ requestId: z.uuid('must be a request id') });
export const listRequestsRequest = z.object({ includeClosed: z.boolean() });
