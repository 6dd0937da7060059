/** What the intel handlers share: who we are, whom we trust, the book, the audit log and the link. */
import { randomUUID } from 'node:crypto';
import type { AuditLog, AuditRecord } from '@concord/audit';
import { Code, ConcordError } from '@concord/errors';
import type { FederationLink } from '@concord/federation';
import type { TrustedManifest } from '@concord/manifest';
import type { Logger } from '@concord/service-kit';
import type { AlertBook } from './alert-book.js';
import type { AlertRecord } from './domain/alert-record.js';
import { eventsOf } from '@concord/decider';
import { alertDecider, type AlertCommand, type AlertFact } from './domain/alert.js';
import type { EncodableEvent } from '@concord/sealing';
import type { IntelCodec, IntelWire } from './intel-wire.js';

export interface IntelContext {
  readonly agency: string;
  readonly trust: TrustedManifest;
  readonly link: FederationLink;
  readonly codec: IntelCodec;
  readonly book: AlertBook;
  readonly audit: AuditLog;
  readonly now: () => Date;
  readonly log: Logger;
  /** The other participants of an operation, as this agency's planning service knows them. */
  readonly participantsOf: (operationId: string) => Promise<readonly string[]>;
}

/** Signs, seals, stores and sends an intel event to its recipients; resolves once this agency's book has applied it. */
export async function publishIntel(context: IntelContext, event: EncodableEvent<IntelWire>): Promise<void> {
  const to = [...new Set(event.recipients)].filter((id) => id !== context.agency).sort();
  if (to.length === 0) throw new ConcordError(Code.FailedPrecondition, 'there is nobody to send it to');
  // An event about no one alert (a batch of receipts) is filed under an id of its own.
  const scope = 'alertId' in event ? event.alertId : randomUUID();
  await context.link.publish({ scope, recipients: to, ...context.codec.encodeEvent({ ...event, recipients: to }) });
}

/**
 * Sends the events `alertDecider` decided, one after the other (a forwarded copy before the decision
 * that announces it); resolves once this agency's book has applied the last.
 */
export async function publishDecided(context: IntelContext, facts: readonly AlertFact[]): Promise<void> {
  for (const fact of facts) {
    if (fact.type === 'alert.expired') throw new ConcordError(Code.Internal, 'an expiry is folded locally, never sent');
    await publishIntel(context, fact);
  }
}

/** Decides `command` on the alert as this agency holds it, sends what was decided, and gives the alert as it is then. */
export async function act(context: IntelContext, command: AlertCommand): Promise<AlertRecord> {
  await publishDecided(context, eventsOf(alertDecider.decide(command, context.book.get(command.alertId))));
  return requireAlert(context, command.alertId);
}

/** The alert as this agency holds it, or NotFound. */
export function requireAlert(context: IntelContext, alertId: string): AlertRecord {
  const record = context.book.get(alertId);
  if (!record) throw new ConcordError(Code.NotFound, `${context.agency} holds no alert ${alertId}`);
  return record;
}


/** Audits without failing the caller: an audit write that fails is logged loudly. */
export function audit(context: IntelContext, record: AuditRecord): Promise<void> {
  return context.audit.append(record).then(
    () => undefined,
    (error: unknown) => context.log.error({ err: error, action: record.action, subject: record.subject }, 'audit entry could not be written'),
  );
}
