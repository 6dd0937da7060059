/**
 * Planning events on the wire, for one agency: the wire table of the shared sealed-event codec, and
 * the mapping between it and the domain's events. Only the operation's id travels in clear (it is also
 * the envelope's scope); the event's type and everything it says, the operation's name, lists, period
 * and status, an action's kind, window and jurisdiction, are sealed for the event's recipients and the
 * sender, one key wrapped per recipient. The hub sees who sent what to whom, when, and how large.
 */
import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import type { NewEvent } from '@concord/federation';
import { agencyIdSchema, type TrustedManifest } from '@concord/manifest';
import { createSealedEventCodec, type DecodedEvent, type SealedEventCodec } from '@concord/sealing';
import { milestoneKinds } from './domain/milestone.js';
import { actionKinds, actionStatuses, jurisdictionPattern } from './domain/national-action.js';
import type { PlanningEvent } from './domain/planning-event.js';
import { requestOutcomes } from './domain/request-outcome.js';

/** A time as the domain holds it (a Date) or as the wire carries it (ISO text); a Date out. */
const instant = z.union([z.date(), z.iso.datetime()]).transform((value) => new Date(value));
const period = z.strictObject({ start: instant, end: instant });
const entityId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const version = z.number().int().min(1);
const reason = z.string().min(1).max(2000);
const text = (max: number) => z.string().max(max);
const base64Key = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

export const operationRecordSchema = z.strictObject({
  id: entityId,
  version,
  name: z.string().min(1).max(200),
  coChairs: z.array(agencyIdSchema).min(1).max(2),
  participants: z.array(agencyIdSchema).max(64),
  supporters: z.array(agencyIdSchema).max(64),
  period,
  recorded: z.literal(true).optional(),
});
const response = { version, participant: agencyIdSchema };
const milestone = z.strictObject({ id: entityId, kind: z.enum(milestoneKinds), title: z.string().min(1).max(200), window: period, location: text(200) });
const sharedAction = z.strictObject({
  id: entityId,
  agency: agencyIdSchema,
  kind: z.enum(actionKinds),
  window: period,
  jurisdiction: z.string().regex(jurisdictionPattern),
  status: z.enum(actionStatuses),
  outsidePeriod: z.boolean(),
  alert: z.strictObject({ id: z.uuid(), publishedAt: instant }).optional(),
});
const jointPlanContent = z.strictObject({
  title: z.string().min(1).max(200),
  objectives: z.array(text(2000)).max(50),
  contacts: z.array(z.strictObject({ agency: agencyIdSchema, name: text(200), details: text(500) })).max(50),
  linkedActions: z.array(entityId).max(200),
});
const matchScope = z.enum(['target', 'place']);
const tokenEntry = z.strictObject({ ref: entityId, token: base64Key, scope: matchScope, window: period.optional() });

/** Every planning event names its operation, in clear; the rest is sealed. */
const routing = z.strictObject({ operationId: entityId });
const sealed = <S extends z.ZodRawShape>(shape: S) => ({ routing, secret: z.strictObject(shape) });
const transition = sealed({ version });
const terms = sealed({ operation: operationRecordSchema });
const actionRelease = sealed({ action: sharedAction });

export const planningWire = {
  'operation.proposed': terms,
  'operation.changed': terms,
  'operation.accepted': sealed(response),
  'operation.declined': sealed({ ...response, reason }),
  'operation.counter-proposed': sealed({ ...response, reason, period }),
  'operation.agreed': transition,
  'operation.activated': transition,
  'operation.concluded': sealed({ version, reason: text(2000).optional() }),
  'operation.cancelled': sealed({ version, reason: text(2000) }),
  'operation.debriefed': transition,
  'milestone.scheduled': sealed({ milestone }),
  'milestone.cancelled': sealed({ milestoneId: entityId }),
  'action.released': actionRelease,
  'action.updated': actionRelease,
  'jip.proposed': sealed({ planId: entityId, version, parties: z.array(agencyIdSchema).min(2).max(64), content: jointPlanContent }),
  'jip.accepted': sealed({ planId: entityId, version, party: agencyIdSchema }),
  'deconfliction.key': sealed({ key: base64Key, holders: z.array(agencyIdSchema).max(64) }),
  'deconfliction.tokens': sealed({ to: agencyIdSchema, entries: z.array(tokenEntry).min(1).max(1000) }),
  'deconfliction.match': sealed({
    to: agencyIdSchema,
    ref: entityId,
    matchedRef: entityId,
    scope: matchScope,
    action: z.strictObject({ id: entityId, kind: z.enum(actionKinds), window: period }),
    contact: text(500),
  }),
  'request.released': sealed({
    request: z.strictObject({ requestId: z.uuid(), from: agencyIdSchema, to: agencyIdSchema, outcome: z.enum(requestOutcomes), requestedAt: instant, closedAt: instant }),
  }),
} as const;

type PlanningWire = typeof planningWire;
export type PlanningCodec = SealedEventCodec<PlanningWire>;
export type PlanningWireEvent = DecodedEvent<PlanningWire>;

export function createPlanningCodec(me: { readonly agency: string; readonly encryptionKey: KeyObject }, trust: TrustedManifest): PlanningCodec {
  return createSealedEventCodec('planning', planningWire, me, trust);
}

/** The operation an event belongs to: its scope. */
export function scopeOf(event: PlanningEvent): string {
  return 'operation' in event ? event.operation.id : event.operationId;
}

/** The event to sign and send: its content sealed for `recipients` (this agency is always added). */
export function toWire(codec: PlanningCodec, event: PlanningEvent, recipients: readonly string[]): NewEvent {
  const { type, by: _by, at: _at, ...fields } = event;
  const operationId = scopeOf(event);
  const secret = event.type === 'deconfliction.key' ? { key: event.key.toString('base64url'), holders: event.holders } : withoutOperationId(fields);
  return { scope: operationId, recipients, ...codec.encode(type, { operationId }, secret as never, recipients) };
}

function withoutOperationId(fields: object): object {
  const { operationId: _operationId, ...rest } = fields as { operationId?: string };
  return rest;
}

/** The domain event a decoded wire event says. */
export function fromWire(event: PlanningWireEvent): PlanningEvent {
  const { type, from, at, recipients: _recipients, operationId, ...fields } = event;
  const common = { type, by: from, at };
  switch (event.type) {
    case 'operation.proposed':
    case 'operation.changed':
      return { ...common, operation: event.operation } as PlanningEvent;
    case 'deconfliction.key':
      return { type: event.type, by: from, at, operationId, key: Buffer.from(event.key, 'base64url'), holders: event.holders };
    default:
      return { ...common, operationId, ...fields } as PlanningEvent;
  }
}
