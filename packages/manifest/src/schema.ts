/**
 * The federation manifest: the single source from which every NATS configuration, permission and
 * trust decision is generated. Validation reports every bad field at once, with its path.
 */
import { z } from 'zod';
import { KeyKind, publicKeyTextProblem } from '@concord/identity';

export const Role = {
  Participant: 'participant',
  Member: 'member',
  Observer: 'observer',
  InternationalOrganisation: 'international-organisation',
} as const;
export type Role = (typeof Role)[keyof typeof Role];

/**
 * Agency ids become NATS subject tokens, account names and JetStream domains, so only capitals and
 * digits. The reserved names are the agency server's own account names and NATS's system names.
 */
const reservedIds = new Set(['INTERNAL', 'FEDERATION', 'SYS', 'HUB', 'G']);
export const agencyIdSchema = z
  .string()
  .regex(/^[A-Z][A-Z0-9]{1,15}$/, 'must be 2 to 16 capital letters or digits, starting with a letter (it becomes a NATS subject token and JetStream domain)')
  .refine((id) => !reservedIds.has(id), { message: 'is a reserved name' });

function isIanaTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
}

const publicKeySchema = (kind: KeyKind) =>
  z.string().superRefine((text, ctx) => {
    const problem = publicKeyTextProblem(text, kind);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const agencyKeysSchema = z.strictObject({
  signing: publicKeySchema(KeyKind.Signing),
  encryption: publicKeySchema(KeyKind.Encryption),
});

export const agencySchema = z
  .strictObject({
    id: agencyIdSchema,
    name: z.string().trim().min(1, 'must not be empty').max(200),
    country: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as AU').optional(),
    role: z.enum(Object.values(Role) as [Role, ...Role[]], {
      error: `must be one of ${Object.values(Role).join(', ')}`,
    }),
    timeZone: z.string().refine(isIanaTimeZone, { message: 'must be an IANA time zone such as Australia/Canberra' }),
    keys: agencyKeysSchema.optional(),
  })
  .superRefine((agency, ctx) => {
    if (agency.role !== Role.InternationalOrganisation && agency.country === undefined) {
      ctx.addIssue({ code: 'custom', path: ['country'], message: 'is required for a national agency' });
    }
  });

export const manifestSchema = z.strictObject({
  federation: z.strictObject({
    name: z.string().trim().min(1, 'must not be empty').max(200),
  }),
  hub: z.strictObject({
    name: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, 'must be lower-case letters, digits and dashes').default('hub'),
  }).default({ name: 'hub' }),
  agencies: z.array(agencySchema).min(2, 'a federation needs at least two agencies'),
});

/**
 * Duplicate ids, read from the raw input: zod skips refinements of an object whose fields already
 * failed, and every bad field must be reported in one go.
 */
export function duplicateIdIssues(raw: unknown): Array<{ path: string; message: string }> {
  const agencies = (raw as { agencies?: unknown } | null)?.agencies;
  if (!Array.isArray(agencies)) return [];
  const first = new Map<string, number>();
  const issues: Array<{ path: string; message: string }> = [];
  agencies.forEach((agency: unknown, index) => {
    const id = (agency as { id?: unknown } | null)?.id;
    if (typeof id !== 'string') return;
    const seen = first.get(id);
    if (seen === undefined) first.set(id, index);
    else issues.push({ path: `agencies[${index}].id`, message: `duplicates agencies[${seen}].id "${id}"` });
  });
  return issues;
}

export type AgencyKeys = z.infer<typeof agencyKeysSchema>;
export type Agency = z.infer<typeof agencySchema>;
export type Manifest = z.infer<typeof manifestSchema>;
/** An agency whose public keys are known: what services need to trust it. */
export type TrustedAgency = Agency & { readonly keys: AgencyKeys };
/** A manifest in which every agency's keys are known. */
export type TrustedManifest = Omit<Manifest, 'agencies'> & { readonly agencies: readonly TrustedAgency[] };
