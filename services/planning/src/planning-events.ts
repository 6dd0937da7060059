/**
 * Planning events on the wire: the body of each signed envelope, and the checks an invited agency
 * applies before it stores someone else's event.
 */
import { z } from 'zod';
import type { SignedEvent } from '@concord/federation';
import { agencyIdSchema } from '@concord/manifest';
import { proposalViolations, type Federation, type OperationRecord, type PlanningEvent } from './domain/operation.js';

export const PlanningEventType = { OperationProposed: 'operation.proposed' } as const;
export type PlanningEventType = (typeof PlanningEventType)[keyof typeof PlanningEventType];

const wireOperationSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  name: z.string().max(200),
  lead: agencyIdSchema,
  participants: z.array(agencyIdSchema).max(64),
  period: z.strictObject({ start: z.iso.datetime(), end: z.iso.datetime() }),
});

const operationProposedBodySchema = z.strictObject({ operation: wireOperationSchema });

export function toWireBody(event: PlanningEvent): unknown {
  const { operation } = event;
  return {
    operation: {
      ...operation,
      participants: [...operation.participants],
      period: { start: operation.period.start.toISOString(), end: operation.period.end.toISOString() },
    },
  };
}

/** The domain event inside a stored envelope; throws when the body is not one we know. */
export function fromWire(envelope: SignedEvent['envelope']): PlanningEvent {
  switch (envelope.type) {
    case PlanningEventType.OperationProposed: {
      const { operation } = operationProposedBodySchema.parse(envelope.body);
      const record: OperationRecord = { ...operation, period: { start: new Date(operation.period.start), end: new Date(operation.period.end) } };
      return { type: 'operation.proposed', operation: record, at: new Date(envelope.issuedAt) };
    }
    default:
      throw new Error(`unknown planning event type ${envelope.type}`);
  }
}

/** Why another agency's planning event must not be stored here, or undefined when it may. */
export function inboundRefusal(signed: SignedEvent, federation: Federation): string | undefined {
  let event: PlanningEvent;
  try {
    event = fromWire(signed.envelope);
  } catch (error) {
    return error instanceof z.ZodError ? `body: ${error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` : (error as Error).message;
  }
  const { envelope } = signed;
  const { operation } = event;
  if (operation.id !== envelope.scope) return 'operation id differs from the event scope';
  if (operation.lead !== envelope.origin) return `only the lead ${operation.lead} may propose this operation`;
  const invited = operation.participants.filter((id) => id !== operation.lead).sort();
  if (invited.join() !== [...envelope.recipients].sort().join()) return 'recipients differ from the invited participants';
  const violations = proposalViolations(operation, federation);
  if (violations.length > 0) return violations.map((v) => `${v.path}: ${v.message}`).join('; ');
  return undefined;
}
