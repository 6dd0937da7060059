import { z } from 'zod';

/**
 * Agency ids become NATS subject tokens, account names and JetStream domains, so only capitals and
 * digits. The reserved names are the agency server's own account names and NATS's system names.
 */
const reservedIds = new Set(['INTERNAL', 'FEDERATION', 'SYS', 'HUB', 'G']);
export const agencyIdSchema = z
  .string()
  .regex(/^[A-Z][A-Z0-9]{1,15}$/, 'must be 2 to 16 capital letters or digits, starting with a letter (it becomes a NATS subject token and JetStream domain)')
  .refine((id) => !reservedIds.has(id), { message: 'is a reserved name' });
