/**
 * What another agency may say on the timeline, judged before its event is stored: who may propose,
 * respond, release or accept, and to whom each event must go. Only what the event itself shows is
 * judged here; rules that need the operation's state are applied by the fold, alike everywhere.
 */
import { Rejection, type Refusal, type SignedEvent } from '@concord/federation';
import type { TrustedManifest } from '@concord/manifest';
import { membersOf, termsViolations } from './domain/operation.js';
import type { PlanningEvent } from './domain/planning-event.js';
import { scopeOf } from './planning-wire.js';

const sameSet = (a: readonly string[], b: readonly string[]) => [...a].sort().join() === [...b].sort().join();

function ruleBroken(event: PlanningEvent, signed: SignedEvent, me: string, trust: TrustedManifest): string | undefined {
  const { envelope } = signed;
  if (scopeOf(event) !== envelope.scope) return 'the operation id differs from the event scope';
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
      return event.to === me && envelope.recipients.length === 1 ? undefined : 'a deconfliction exchange goes to one agency';
    default:
      return undefined;
  }
}

/** Why another agency's event must not be stored here, or undefined when it may. */
export function inboundRefusal(event: PlanningEvent, signed: SignedEvent, me: string, trust: TrustedManifest): Refusal | undefined {
  const detail = ruleBroken(event, signed, me, trust);
  return detail === undefined ? undefined : { reason: Rejection.Refused, detail };
}
