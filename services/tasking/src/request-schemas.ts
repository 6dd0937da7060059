/** Every tasking request validated at the gRPC boundary; errors name the proto field (snake_case). */
import { z } from 'zod';
import { agencyIdSchema } from '@concord/manifest';
import { enumField, idField, listField, optionalEnumField, textField } from '@concord/service-kit';
import { assistanceKind, reportKind, taskTransition } from './grpc-mapping.js';

const id = idField('an id');
const optionalId = idField('an id', { optional: true });
const short = textField({ max: 200 });
const long = textField({ max: 4000, multiline: true });
const resources = listField(textField({ max: 200, required: 'must not be empty' }), { max: 50 });

export const createTaskRequest = z
  .object({
    actionId: optionalId,
    requestId: optionalId,
    title: textField({ max: 200, required: 'is required' }),
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
  title: textField({ max: 200, required: 'must not be empty' }).optional(),
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
  subject: textField({ max: 500, required: 'is required: what it is about' }),
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
