/** Every planning request validated at the gRPC boundary; errors name the proto field (snake_case). */
import { z } from 'zod';
import { invalidFromZod } from '@concord/errors';
import { agencyIdSchema } from '@concord/manifest';

const required = { error: 'is required' };

export const createOperationRequest = z.object({
  name: z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
  participants: z.array(agencyIdSchema).min(1, 'is required'),
  period: z.object({ start: z.date(required), end: z.date(required) }, required),
});

export const getOperationRequest = z.object({
  operationId: z.string().min(1, 'is required'),
});

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
