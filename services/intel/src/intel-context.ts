/** What the intel handlers share: who we are, whom we trust, the book, the audit log and the link. */
import { randomUUID } from 'node:crypto';
import type { AuditLog, AuditRecord } from '@concord/audit';
import { Code, ConcordError } from '@concord/errors';
import type { FederationLink } from '@concord/federation';
import type { TrustedManifest } from '@concord/manifest';
import type { Logger } from '@concord/service-kit';
import type { AlertBook } from './alert-book.js';
import type { AlertRecord } from './domain/alert-record.js';
import type { IntelCodec, IntelType } from './intel-wire.js';

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

/** Signs, seals, stores and sends an intel event; resolves once this agency's book has applied it. */
export async function publishIntel<T extends IntelType>(
  context: IntelContext,
  type: T,
  routing: Parameters<IntelCodec['encode']>[1] & ({ alertId: string } | object),
  secret: Parameters<IntelCodec['encode']>[2],
  recipients: readonly string[],
): Promise<void> {
  const to = [...new Set(recipients)].filter((id) => id !== context.agency).sort();
  if (to.length === 0) throw new ConcordError(Code.FailedPrecondition, 'there is nobody to send it to');
  // An event about no one alert (a batch of receipts) is filed under an id of its own.
  const scope = 'alertId' in routing ? routing.alertId : randomUUID();
  await context.link.publish({ scope, recipients: to, ...context.codec.encode(type, routing as never, secret as never, to) });
}

/** The alert as this agency holds it, or NotFound. */
export function requireAlert(context: IntelContext, alertId: string): AlertRecord {
  const record = context.book.get(alertId);
  if (!record) throw new ConcordError(Code.NotFound, `${context.agency} holds no alert ${alertId}`);
  return record;
}

export function requireActive(context: IntelContext, alertId: string): AlertRecord {
  const record = requireAlert(context, alertId);
  if (record.status !== 'active') throw new ConcordError(Code.FailedPrecondition, `alert ${alertId} is ${record.status}`);
  return record;
}

export function requireOwn(context: IntelContext, alertId: string): AlertRecord {
  const record = requireActive(context, alertId);
  if (record.origin !== context.agency) throw new ConcordError(Code.PermissionDenied, `alert ${alertId} was published by ${record.origin}; only it may change it`);
  return record;
}

/** Audits without failing the caller: an audit write that fails is logged loudly. */
export function audit(context: IntelContext, record: AuditRecord): Promise<void> {
  return context.audit.append(record).then(
    () => undefined,
    (error: unknown) => context.log.error({ err: error, action: record.action, subject: record.subject }, 'audit entry could not be written'),
  );
}
