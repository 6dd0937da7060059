/**
 * Planning events on the wire, for one agency. The body of a signed envelope is the domain event
 * without its type, actor and time (the envelope carries those, under the signature); dates travel as
 * ISO text. What only some agencies may read is sealed to them: a joint plan's content to its parties,
 * the deconfliction key to the participants, each deconfliction exchange to its one recipient. Tokens
 * and matches share one wire type, so the hub cannot tell a match from routine tokens.
 *
 * An agency checks what it can of a received event before storing it (shape, who may say it, that
 * sealed content opens); rules that need the operation's state are applied by the fold, alike everywhere.
 */
import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import type { EventEnvelope, SignedEvent } from '@concord/federation';
import { agencyIdSchema, type TrustedManifest } from '@concord/manifest';
import { open, seal, sealedBoxSchema, type SealedBox } from '@concord/sealing';
import type { DeconflictionEvent } from './domain/deconfliction-events.js';
import { milestoneKinds } from './domain/milestone.js';
import { actionKinds, actionStatuses, jurisdictionPattern } from './domain/national-action.js';
import { membersOf, termsViolations } from './domain/operation.js';
import type { PlanningEvent } from './domain/planning-event.js';
import { requestOutcomes } from './domain/request-outcome.js';

const isoDate = z.iso.datetime().transform((text) => new Date(text));
const period = z.strictObject({ start: isoDate, end: isoDate });
const entityId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const operationId = entityId;
const version = z.number().int().min(1);
const reason = z.string().min(1).max(2000);
const text = (max: number) => z.string().max(max);

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
const milestone = z.strictObject({ id: entityId, kind: z.enum(milestoneKinds), title: z.string().min(1).max(200), window: period, location: text(200) });
const sharedAction = z.strictObject({
  id: entityId,
  agency: agencyIdSchema,
  kind: z.enum(actionKinds),
  window: period,
  jurisdiction: z.string().regex(jurisdictionPattern),
  status: z.enum(actionStatuses),
  outsidePeriod: z.boolean(),
  alert: z.strictObject({ id: z.uuid(), publishedAt: z.coerce.date() }).optional(),
});
const sealedBody = z.strictObject({ operationId, sealed: sealedBoxSchema });

/** Clear bodies, by wire type. */
const clearBodies = {
  'operation.proposed': z.strictObject({ operation: operationRecordSchema }),
  'operation.changed': z.strictObject({ operation: operationRecordSchema }),
  'operation.accepted': z.strictObject(response),
  'operation.declined': z.strictObject({ ...response, reason }),
  'operation.counter-proposed': z.strictObject({ ...response, reason, period }),
  'operation.agreed': transition,
  'operation.activated': transition,
  'operation.concluded': transition,
  'operation.debriefed': transition,
  'milestone.scheduled': z.strictObject({ operationId, milestone }),
  'milestone.cancelled': z.strictObject({ operationId, milestoneId: entityId }),
  'action.released': z.strictObject({ operationId, action: sharedAction }),
  'action.updated': z.strictObject({ operationId, action: sharedAction }),
  'jip.accepted': z.strictObject({ operationId, planId: entityId, version, party: agencyIdSchema }),
  /** Routing in clear (who takes part, which version); the content sealed to the parties. */
  'jip.proposed': z.strictObject({ operationId, planId: entityId, version, parties: z.array(agencyIdSchema).min(2).max(64), sealed: sealedBoxSchema }),
  'deconfliction.key': sealedBody,
  'deconfliction.exchange': sealedBody,
  'request.released': z.strictObject({
    operationId,
    request: z.strictObject({ requestId: z.uuid(), from: agencyIdSchema, to: agencyIdSchema, outcome: z.enum(requestOutcomes), requestedAt: z.coerce.date(), closedAt: z.coerce.date() }),
  }),
} as const;

/** What sealed boxes hold, by wire type. */
const jointPlanContent = z.strictObject({
  title: z.string().min(1).max(200),
  objectives: z.array(text(2000)).max(50),
  contacts: z.array(z.strictObject({ agency: agencyIdSchema, name: text(200), details: text(500) })).max(50),
  linkedActions: z.array(entityId).max(200),
});
const tokenEntry = z.strictObject({ ref: entityId, token: z.string().regex(/^[A-Za-z0-9_-]{43}$/), scope: z.enum(['target', 'place']), window: period.optional() });
const exchange = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('tokens'), to: agencyIdSchema, entries: z.array(tokenEntry).min(1).max(1000) }),
  z.strictObject({
    kind: z.literal('match'),
    to: agencyIdSchema,
    ref: entityId,
    matchedRef: entityId,
    scope: z.enum(['target', 'place']),
    action: z.strictObject({ id: entityId, kind: z.enum(actionKinds), window: period }),
    contact: text(500),
  }),
]);
const operationKey = z.strictObject({ key: z.string().regex(/^[A-Za-z0-9_-]{43}$/), holders: z.array(agencyIdSchema).max(64) });

export type WireType = keyof typeof clearBodies;
/** Event types that carry the mechanics of deconfliction, not the timeline people read. */
export const internalTypes: ReadonlySet<string> = new Set<WireType>(['deconfliction.key', 'deconfliction.exchange']);

export interface PlanningCodec {
  /** The envelope type an event travels as. */
  readonly wireType: (event: PlanningEvent) => WireType;
  /** The body to sign, sealed where it must be for `recipients` (this agency is always added). */
  readonly encode: (event: PlanningEvent, recipients: readonly string[]) => unknown;
  /** The domain event in a stored envelope; throws when it is not one we know or cannot open. */
  readonly decode: (envelope: EventEnvelope) => PlanningEvent;
  /** Why another agency's event must not be stored here, or undefined when it may. */
  readonly refusal: (signed: SignedEvent) => string | undefined;
}

const json = (value: unknown) => JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
/** Binds a sealed box to who sent it, for which operation, as what. */
const aadOf = (origin: string, scope: string, type: string) => new TextEncoder().encode(`concord/v1/planning|${origin}|${scope}|${type}`);

export function createPlanningCodec(me: { readonly agency: string; readonly encryptionKey: KeyObject }, trust: TrustedManifest): PlanningCodec {
  const publicKeyOf = (agency: string) => {
    const found = trust.agencies.find((a) => a.id === agency);
    if (!found) throw new Error(`${agency} is not in the manifest`);
    return found.keys.encryption;
  };
  const sealFor = (value: unknown, recipients: readonly string[], scope: string, type: WireType): SealedBox =>
    seal(bytes(value), [...new Set([me.agency, ...recipients])].map((agency) => ({ agency, publicKey: publicKeyOf(agency) })), aadOf(me.agency, scope, type));
  const openFrom = <S extends z.ZodType>(schema: S, box: SealedBox, envelope: EventEnvelope): z.output<S> =>
    schema.parse(JSON.parse(open(box, { agency: me.agency, privateKey: me.encryptionKey }, aadOf(envelope.origin, envelope.scope, envelope.type)).toString('utf8')));

  const wireType = (event: PlanningEvent): WireType => (event.type === 'deconfliction.tokens' || event.type === 'deconfliction.match' ? 'deconfliction.exchange' : event.type);

  const encode = (event: PlanningEvent, recipients: readonly string[]): unknown => {
    const { type, by, at, ...body } = event;
    switch (event.type) {
      case 'jip.proposed': {
        const { content, ...routing } = body as Omit<typeof event, 'type' | 'by' | 'at'>;
        return { ...json(routing), sealed: sealFor(content, recipients, event.operationId, 'jip.proposed') };
      }
      case 'deconfliction.key':
        return { operationId: event.operationId, sealed: sealFor({ key: event.key.toString('base64url'), holders: event.holders }, recipients, event.operationId, 'deconfliction.key') };
      case 'deconfliction.tokens':
      case 'deconfliction.match': {
        const { operationId: scope, ...content } = json(body);
        return { operationId: scope, sealed: sealFor({ kind: event.type === 'deconfliction.tokens' ? 'tokens' : 'match', ...content }, recipients, event.operationId, 'deconfliction.exchange') };
      }
      default:
        return json(body);
    }
  };

  /**
   * The last decodes, by event: an inbound event is decoded (and opened) by the check at the door and
   * again when the projection applies it; the second time comes from here.
   */
  const recent = new Map<string, PlanningEvent>();
  const decode = (envelope: EventEnvelope): PlanningEvent => {
    const key = `${envelope.origin}:${envelope.id}`;
    const known = recent.get(key);
    if (known) return known;
    const event = decodeFresh(envelope);
    recent.set(key, event);
    if (recent.size > 1024) recent.delete(recent.keys().next().value!);
    return event;
  };

  const decodeFresh = (envelope: EventEnvelope): PlanningEvent => {
    const type = envelope.type as WireType;
    if (!(type in clearBodies)) throw new Error(`unknown planning event type ${envelope.type}`);
    const common = { by: envelope.origin, at: new Date(envelope.issuedAt) };
    switch (type) {
      case 'jip.proposed': {
        const { sealed, ...routing } = clearBodies[type].parse(envelope.body);
        return { type, ...common, ...routing, content: openFrom(jointPlanContent, sealed, envelope) };
      }
      case 'deconfliction.key': {
        const { operationId: scope, sealed } = clearBodies[type].parse(envelope.body);
        const opened = openFrom(operationKey, sealed, envelope);
        return { type, ...common, operationId: scope, key: Buffer.from(opened.key, 'base64url'), holders: opened.holders };
      }
      case 'deconfliction.exchange': {
        const { operationId: scope, sealed } = clearBodies[type].parse(envelope.body);
        const { kind, ...content } = openFrom(exchange, sealed, envelope);
        return { ...common, operationId: scope, ...content, type: kind === 'tokens' ? 'deconfliction.tokens' : 'deconfliction.match' } as DeconflictionEvent;
      }
      default:
        return { type, ...common, ...clearBodies[type].parse(envelope.body) } as PlanningEvent;
    }
  };

  const refusal = (signed: SignedEvent): string | undefined => {
    let event: PlanningEvent;
    try {
      event = decode(signed.envelope);
    } catch (error) {
      return error instanceof z.ZodError ? `body: ${error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` : (error as Error).message;
    }
    const { envelope } = signed;
    if (scopeOf(event) !== envelope.scope) return 'the operation id differs from the event scope';
    const sameSet = (a: readonly string[], b: readonly string[]) => [...a].sort().join() === [...b].sort().join();
    switch (event.type) {
      case 'operation.proposed':
      case 'operation.changed': {
        const { operation } = event;
        if (event.type === 'operation.proposed' && (operation.version !== 1 || operation.coChairs[0] !== envelope.origin)) return 'only the lead may propose, as version 1';
        if (!operation.coChairs.includes(envelope.origin)) return `${envelope.origin} is not a co-chair`;
        const violations = termsViolations(operation, trust);
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
      case 'jip.proposed':
        if (!event.parties.includes(envelope.origin)) return `${envelope.origin} is not a party to the plan`;
        return sameSet(event.parties.filter((p) => p !== envelope.origin), envelope.recipients) ? undefined : 'a joint plan goes to its parties and nobody else';
      case 'jip.accepted':
        return event.party === envelope.origin ? undefined : `${envelope.origin} cannot accept for ${event.party}`;
      case 'request.released':
        return event.request.from === envelope.origin || event.request.to === envelope.origin ? undefined : `${envelope.origin} is neither side of request ${event.request.requestId}`;
      case 'deconfliction.tokens':
      case 'deconfliction.match':
        return event.to === me.agency && envelope.recipients.length === 1 ? undefined : 'a deconfliction exchange goes to one agency';
      default:
        return undefined;
    }
  };

  return { wireType, encode, decode, refusal };
}

/** The scope an event belongs to: the operation. */
export function scopeOf(event: PlanningEvent): string {
  return 'operation' in event ? event.operation.id : event.operationId;
}
