/**
 * Planning events on the wire. The body of a signed envelope is the domain event without its type,
 * actor and time (those come from the envelope, where the signature covers them); dates travel as ISO
 * text. Each type has a strict schema, and an agency checks what it can of a received event, without
 * state, before it stores it; rules that need state are applied by the fold, alike everywhere.
 */
import { z } from 'zod';
import type { EventEnvelope, SignedEvent } from '@concord/federation';
import { agencyIdSchema } from '@concord/manifest';
import { milestoneKinds } from './domain/milestone.js';
import { actionKinds, actionStatuses, jurisdictionPattern } from './domain/national-action.js';
import { membersOf, termsViolations, type Federation } from './domain/operation.js';
import type { PlanningEvent } from './domain/planning-event.js';

const isoDate = z.iso.datetime().transform((text) => new Date(text));
const period = z.strictObject({ start: isoDate, end: isoDate });
const operationId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const version = z.number().int().min(1);
const reason = z.string().min(1).max(2000);

export const operationRecordSchema = z.strictObject({
  id: operationId,
  version,
  name: z.string().min(1).max(200),
  coChairs: z.array(agencyIdSchema).min(1).max(2),
  participants: z.array(agencyIdSchema).max(64),
  supporters: z.array(agencyIdSchema).max(64),
  period,
});
const response = { operationId, version, participant: agencyIdSchema };
const transition = z.strictObject({ operationId, version });
const entityId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const milestone = z.strictObject({
  id: entityId,
  kind: z.enum(milestoneKinds),
  title: z.string().min(1).max(200),
  window: period,
  location: z.string().max(200),
});
const sharedAction = z.strictObject({
  id: entityId,
  agency: agencyIdSchema,
  kind: z.enum(actionKinds),
  window: period,
  jurisdiction: z.string().regex(jurisdictionPattern),
  status: z.enum(actionStatuses),
  outsidePeriod: z.boolean(),
});

/** Wire schema of each event type's body. */
const bodySchemas = {
  'operation.proposed': z.strictObject({ operation: operationRecordSchema }),
  'operation.changed': z.strictObject({ operation: operationRecordSchema }),
  'operation.accepted': z.strictObject(response),
  'operation.declined': z.strictObject({ ...response, reason }),
  'operation.counter-proposed': z.strictObject({ ...response, reason, period }),
  'operation.agreed': transition,
  'operation.activated': transition,
  'operation.concluded': transition,
  'milestone.scheduled': z.strictObject({ operationId, milestone }),
  'milestone.cancelled': z.strictObject({ operationId, milestoneId: entityId }),
  'action.released': z.strictObject({ operationId, action: sharedAction }),
  'action.updated': z.strictObject({ operationId, action: sharedAction }),
} as const satisfies Record<PlanningEvent['type'], z.ZodType>;

export type PlanningEventType = keyof typeof bodySchemas;
export const planningEventTypes = Object.keys(bodySchemas) as PlanningEventType[];

const isPlanningType = (type: string): type is PlanningEventType => type in bodySchemas;

/** The body to sign for a domain event. */
export function toWireBody(event: PlanningEvent): unknown {
  const { type, by, at, ...body } = event;
  return JSON.parse(JSON.stringify(body)) as unknown;
}

/** The domain event inside a stored envelope; throws when its type or body is not one we know. */
export function fromWire(envelope: EventEnvelope): PlanningEvent {
  if (!isPlanningType(envelope.type)) throw new Error(`unknown planning event type ${envelope.type}`);
  const body = bodySchemas[envelope.type].parse(envelope.body);
  return { type: envelope.type, by: envelope.origin, at: new Date(envelope.issuedAt), ...body } as PlanningEvent;
}

/** The scope an event belongs to: the operation. */
export function scopeOf(event: PlanningEvent): string {
  return 'operation' in event ? event.operation.id : event.operationId;
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);

/** Why another agency's planning event must not be stored here, or undefined when it may. */
export function inboundRefusal(signed: SignedEvent, federation: Federation): string | undefined {
  let event: PlanningEvent;
  try {
    event = fromWire(signed.envelope);
  } catch (error) {
    return error instanceof z.ZodError ? `body: ${error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` : (error as Error).message;
  }
  const { envelope } = signed;
  if (scopeOf(event) !== envelope.scope) return 'the operation id differs from the event scope';
  switch (event.type) {
    case 'operation.proposed':
    case 'operation.changed': {
      const { operation } = event;
      if (event.type === 'operation.proposed' && (operation.version !== 1 || operation.coChairs[0] !== envelope.origin)) return `only the lead may propose, as version 1`;
      if (!operation.coChairs.includes(envelope.origin)) return `${envelope.origin} is not a co-chair`;
      const violations = termsViolations(operation, federation);
      if (violations.length > 0) return violations.map((v) => `${v.path}: ${v.message}`).join('; ');
      const expected = membersOf(operation).filter((id) => id !== envelope.origin);
      const missing = expected.filter((id) => !envelope.recipients.includes(id));
      if (missing.length > 0) return `not sent to every member: ${missing.join(', ')} missing`;
      if (event.type === 'operation.proposed' && !sameSet(expected, envelope.recipients)) return 'recipients differ from the members';
      return undefined;
    }
    case 'operation.accepted':
    case 'operation.declined':
    case 'operation.counter-proposed':
      return event.participant === envelope.origin ? undefined : `${envelope.origin} cannot respond for ${event.participant}`;
    case 'action.released':
    case 'action.updated':
      return event.action.agency === envelope.origin ? undefined : `${envelope.origin} cannot release ${event.action.agency}'s action`;
    default:
      return undefined;
  }
}
