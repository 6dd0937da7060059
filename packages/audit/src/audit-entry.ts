/** What one audit entry holds: what happened, to what, by whom, when. Never any alert content. */
import { createHash } from 'node:crypto';
import { z } from 'zod';

export const genesisHash = '0'.repeat(64);

export const auditActions = ['called', 'read', 'published', 'updated', 'delivered', 'opened', 'acknowledged', 'feedback', 'forward-requested', 'forwarded', 'forward-refused', 'revoked', 'expired', 'purged', 'refused'] as const;

export const auditRecordSchema = z.strictObject({
  action: z.enum(auditActions),
  /** The agency whose act it records: this agency, or the peer that sent what was received. */
  actor: z.string().min(1).max(64),
  /** The person who acted, when a person did (a signed-in caller): never shared with other agencies. */
  user: z.strictObject({ subject: z.string().min(1).max(200), name: z.string().min(1).max(200) }).optional(),
  /** What it concerns, such as `alert:<id>`. */
  subject: z.string().min(1).max(200),
  detail: z.record(z.string(), z.union([z.string().max(1000), z.number(), z.boolean(), z.array(z.string().max(64)).max(256)])).optional(),
});
export type AuditRecord = z.infer<typeof auditRecordSchema>;

export const auditEntrySchema = z.strictObject({
  n: z.number().int().positive(),
  at: z.iso.datetime(),
  agency: z.string().min(1),
  service: z.string().min(1),
  ...auditRecordSchema.shape,
  prev: z.string().regex(/^[0-9a-f]{64}$/),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** The hash that chains an entry to the one before it. */
export function chainHash(prev: string, json: string): string {
  return createHash('sha256').update(prev).update('\n').update(json).digest('hex');
}
