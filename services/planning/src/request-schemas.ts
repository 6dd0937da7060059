/** Every planning request validated at the gRPC boundary; errors name the proto field (snake_case). */
import { z } from 'zod';
import { invalidFromZod } from '@concord/errors';
import { ResponseKind } from '@concord/contracts/planning';
import { agencyIdSchema } from '@concord/manifest';

const required = { error: 'is required' };
const operationId = z.string().min(1, 'is required');
const period = z.object({ start: z.date(required), end: z.date(required) }, required);
const agencyList = z.object({ ids: z.array(agencyIdSchema) });

export const createOperationRequest = z.object({
  name: z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
  participants: z.array(agencyIdSchema).min(1, 'is required'),
  period,
  coChairs: z.array(agencyIdSchema),
  supporters: z.array(agencyIdSchema),
  draft: z.boolean(),
});

export const operationIdRequest = z.object({ operationId });

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

export const listTimelineRequest = z.object({
  operationId: z.string(),
  pageSize: z.number().int().min(0).max(1000, 'must be at most 1000').transform((size) => size || 100),
  pageToken: z.string(),
});

const snakeCase = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Parses a request or throws InvalidArgument naming every bad field as the proto spells it. */
export function parseRequest<S extends z.ZodType>(schema: S, request: unknown): z.output<S> {
  const result = schema.safeParse(request);
  if (!result.success) throw invalidFromZod(result.error, 'invalid request', snakeCase);
  return result.data;
}
