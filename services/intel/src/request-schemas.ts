/** Every intel request validated at the gRPC boundary; errors name the proto field (snake_case). */
import { z } from 'zod';
import { agencyIdSchema } from '@concord/manifest';
import { enumField, idField, listField, locodeField, maxAgencies, optionalEnumField, textField } from '@concord/service-kit';
import { alertContentSchema } from './domain/alert-content.js';
import { alertKind, feedbackKind, informationCredibility, sourceReliability, tlpLabel } from './grpc-mapping.js';

const required = { error: 'is required' };
const alertId = z.uuid('must be an alert id');
const reason = textField({ max: 2000, multiline: true });

/** The proto's AlertContent, its enums read, then checked as the domain's content. */
const content = z
  .object(
    {
      kind: enumField(alertKind, 'the kind of alert'),
      title: textField({ max: 200 }),
      vessel: z.unknown(),
      person: z.unknown(),
      documentFraud: z.unknown(),
      route: z.unknown(),
      body: textField({ max: 16_000, multiline: true }),
      place: textField({ max: 16 }),
      window: z.object({ start: z.date(required), end: z.date(required) }).optional(),
      eta: z.date().optional(),
      operationId: idField('an operation id', { optional: true }),
      sourceReliability: enumField(sourceReliability, 'the source reliability, A to F'),
      informationCredibility: enumField(informationCredibility, 'the information credibility, 1 to 6'),
    },
    required,
  )
  .transform((fields) => Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)))
  .pipe(alertContentSchema);

export const publishAlertRequest = z
  .object({
    content,
    label: enumField(tlpLabel, 'the TLP label: CLEAR, GREEN, AMBER, AMBER_STRICT or RED'),
    releaseTo: listField(agencyIdSchema, { max: maxAgencies, unique: true }),
    releaseToOperation: idField('an operation id', { optional: true }),
    expiresAt: z.date().optional(),
  })
  .refine((r) => (r.releaseTo.length > 0) !== (r.releaseToOperation !== ''), { message: 'release to named agencies or to an operation\'s participants (one of the two)', path: ['releaseTo'] });

export const updateAlertRequest = z.object({ alertId, content, label: optionalEnumField(tlpLabel), expiresAt: z.date().optional() });
export const revokeAlertRequest = z.object({ alertId, reason });
export const alertIdRequest = z.object({ alertId });
export const listAlertsRequest = z.object({ includeInactive: z.boolean(), origin: z.union([z.literal(''), agencyIdSchema]) });

export const addFeedbackRequest = z.object({
  alertId,
  kind: enumField(feedbackKind, 'SEEN, FALSE_POSITIVE or ACTION_TAKEN'),
  note: textField({ max: 4000, multiline: true }),
  place: locodeField,
  observedAt: z.date().optional(),
  originatorOnly: z.boolean(),
});

export const requestForwardRequest = z.object({ alertId, toAgency: agencyIdSchema, reason });
export const decideForwardRequest = z.object({ alertId, requestId: z.uuid('must be a request id'), approve: z.boolean(), reason });
