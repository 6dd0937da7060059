/**
 * The federation manifest: the single source from which every NATS configuration, permission and
 * trust decision is generated. It holds public material only: keys, and certificates (each agency's
 * leaf certificate, the hub's). Validation reports every bad field at once, with its path.
 */
import { z } from 'zod';
import { KeyKind, publicKeyTextProblem } from '@concord/identity';
import { hubCertificateProblem, inspectCertificate, leafCertificateProblem } from '@concord/pki';

export const Role = {
  Participant: 'participant',
  Member: 'member',
  Observer: 'observer',
  InternationalOrganisation: 'international-organisation',
} as const;
export type Role = (typeof Role)[keyof typeof Role];

import { agencyIdSchema } from './agency-id.js';
import { inboundQuotasSchema } from './inbound-quotas.js';
import { agencySiteSchema, hubClusterSchema, siteLeafIssues } from './addresses.js';

export { agencyIdSchema };

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
    /** PEM of the self-signed certificate the agency's leaf link presents to the hub. */
    leafCertificate: z.string().optional(),
    /** Limits this agency applies to what each peer sends it; sized for a Joint Period of Action when absent. */
    inboundQuotas: inboundQuotasSchema.optional(),
    /** Where the agency runs its nodes, for a federation beyond one machine. */
    site: agencySiteSchema.optional(),
  })
  .superRefine((agency, ctx) => {
    if (agency.role !== Role.InternationalOrganisation && agency.country === undefined) {
      ctx.addIssue({ code: 'custom', path: ['country'], message: 'is required for a national agency' });
    }
    const problem = agency.leafCertificate === undefined ? undefined : leafCertificateProblem(agency.leafCertificate, agency.id);
    if (problem) ctx.addIssue({ code: 'custom', path: ['leafCertificate'], message: problem });
  });

export const manifestSchema = z.strictObject({
  federation: z.strictObject({
    name: z.string().trim().min(1, 'must not be empty').max(200),
  }),
  hub: z.strictObject({
    name: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, 'must be lower-case letters, digits and dashes').default('hub'),
    /** PEM of the certificate the hub's leaf port presents, which every agency trusts for it. */
    certificate: z
      .string()
      .superRefine((pem, ctx) => {
        const problem = hubCertificateProblem(pem);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .optional(),
    /** The hub's nodes, for a federation beyond one machine. */
    cluster: hubClusterSchema.optional(),
  }).default({ name: 'hub' }),
  agencies: z.array(agencySchema).min(2, 'a federation needs at least two agencies'),
});

type Issue = { path: string; message: string };

/** The SPKI pin of a certificate text, or undefined when it is not one. */
function pinOf(pem: unknown): string | undefined {
  try {
    return typeof pem === 'string' ? inspectCertificate(pem).pin : undefined;
  } catch {
    return undefined;
  }
}

/** Each value that repeats an earlier one: where, and where it first stood. */
function repeats<T>(values: readonly (T | undefined)[]): Array<{ index: number; first: number; value: T }> {
  const first = new Map<T, number>();
  return values.flatMap((value, index) => {
    if (value === undefined) return [];
    const seen = first.get(value);
    if (seen === undefined) first.set(value, index);
    return seen === undefined ? [] : [{ index, first: seen, value }];
  });
}

/**
 * What no single agency's fields show, read from the raw input (zod skips refinements of an object
 * whose fields already failed, and every bad field must be reported in one go): duplicate ids, and
 * leaf keys shared by two agencies or with the hub, which would let one party connect as either.
 */
export function crossAgencyIssues(raw: unknown): Issue[] {
  const input = raw as { agencies?: unknown; hub?: { certificate?: unknown } } | null;
  if (!Array.isArray(input?.agencies)) return [];
  const agencies = input.agencies as Array<{ id?: unknown; leafCertificate?: unknown } | null>;
  const ids = agencies.map((agency) => (typeof agency?.id === 'string' ? agency.id : undefined));
  const pins = agencies.map((agency) => pinOf(agency?.leafCertificate));
  const hubPin = pinOf(input.hub?.certificate);
  return [
    ...repeats(ids).map(({ index, first, value }) => ({ path: `agencies[${index}].id`, message: `duplicates agencies[${first}].id "${value}"` })),
    ...repeats(pins).map(({ index, first }) => ({ path: `agencies[${index}].leafCertificate`, message: `has the same key as agencies[${first}].leafCertificate` })),
    ...pins.flatMap((pin, index) => (pin !== undefined && pin === hubPin ? [{ path: `agencies[${index}].leafCertificate`, message: 'has the same key as hub.certificate' }] : [])),
    ...siteLeafIssues(raw),
  ];
}

export type AgencyKeys = z.infer<typeof agencyKeysSchema>;
export type Agency = z.infer<typeof agencySchema>;
export type Manifest = z.infer<typeof manifestSchema>;
/** An agency whose public keys are known: what services need to trust it. */
export type TrustedAgency = Agency & { readonly keys: AgencyKeys };
/** A manifest in which every agency's keys are known. */
export type TrustedManifest = Omit<Manifest, 'agencies'> & { readonly agencies: readonly TrustedAgency[] };
