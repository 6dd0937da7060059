/**
 * What an alert says: the part that is sealed, so only its recipients ever read it. Validated here
 * once, whether it comes from an analyst's request or out of a box another agency sealed.
 */
import { z } from 'zod';
import { imoCheckDigitValid } from '@concord/identifiers';
import { listField, locodeField, textField } from '@concord/service-kit';

export const alertKinds = ['vessel-of-interest', 'person-of-interest', 'document-fraud-pattern', 'route-or-modus-operandi', 'other'] as const;
export type AlertKind = (typeof alertKinds)[number];

/** Admiralty grading: source reliability A to F, information credibility 1 to 6. */
export const sourceReliabilities = ['a', 'b', 'c', 'd', 'e', 'f'] as const;
export const informationCredibilities = ['1', '2', '3', '4', '5', '6'] as const;

const country = z.string().regex(/^([A-Z]{2})?$/, 'must be an ISO 3166-1 alpha-2 country code such as ID');
const locode = locodeField;
const short = textField({ max: 200 });

export const vesselSchema = z.strictObject({
  name: short,
  imo: z
    .string()
    .max(32, 'must be a valid IMO number (7 digits with its check digit)')
    .transform((value) => value.toUpperCase().replace(/^IMO/, '').replace(/[\s-]/g, ''))
    .refine((digits) => digits === '' || (/^\d{7}$/.test(digits) && imoCheckDigitValid(digits)), 'must be a valid IMO number (7 digits with its check digit)'),
  mmsi: z.string().regex(/^(\d{9})?$/, 'must be 9 digits'),
  flag: country,
  callSign: textField({ max: 16 }),
  vesselType: short,
});

export const personSchema = z.strictObject({
  fullName: short,
  dateOfBirth: z.union([z.literal(''), z.iso.date('must be a date, YYYY-MM-DD')]),
  nationality: country,
  documents: listField(z.strictObject({ number: textField({ max: 32, required: 'is required' }), issuingCountry: country }), { max: 20 }),
  role: short,
});

export const documentFraudSchema = z.strictObject({
  documentType: textField({ max: 200, required: 'is required' }),
  issuingCountry: country,
  indicators: textField({ max: 4000, multiline: true }),
});

export const routeSchema = z.strictObject({
  waypoints: listField(locode.refine((v) => v !== '', 'must not be empty'), { max: 20 }),
  mode: z.union([z.literal(''), z.enum(['sea', 'air', 'land'], { error: 'must be sea, air or land' })]),
  method: textField({ max: 4000, multiline: true }),
});

const window = z.strictObject({ start: z.coerce.date(), end: z.coerce.date() }).refine((w) => w.end > w.start, { message: 'must end after it starts', path: ['end'] });

export const alertContentSchema = z
  .strictObject({
    kind: z.enum(alertKinds),
    title: z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
    vessel: vesselSchema.optional(),
    person: personSchema.optional(),
    documentFraud: documentFraudSchema.optional(),
    route: routeSchema.optional(),
    body: z.string().max(16_000, 'must be at most 16,000 characters'),
    place: locode,
    window: window.optional(),
    eta: z.coerce.date().optional(),
    operationId: z.string().regex(/^([A-Za-z0-9_-]{1,64})?$/, 'must be an operation id'),
    sourceReliability: z.enum(sourceReliabilities),
    informationCredibility: z.enum(informationCredibilities),
  })
  .superRefine((content, ctx) => {
    if (content.window && content.eta) ctx.addIssue({ code: 'custom', path: ['eta'], message: 'give a window or an ETA, not both' });
    const expected = { 'vessel-of-interest': 'vessel', 'person-of-interest': 'person', 'document-fraud-pattern': 'documentFraud', 'route-or-modus-operandi': 'route', other: undefined }[content.kind];
    for (const details of ['vessel', 'person', 'documentFraud', 'route'] as const) {
      if (content[details] !== undefined && details !== expected) ctx.addIssue({ code: 'custom', path: [details], message: `does not fit an alert of kind ${content.kind}` });
    }
  });

export type AlertContent = z.output<typeof alertContentSchema>;
