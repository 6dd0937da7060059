/** What the debrief handlers share: who we are, whom we trust, the book and the link. */
import type { NatsConnection } from 'nats';
import type { AuditLog } from '@concord/audit';
import type { z } from 'zod';
import { Code, ConcordError } from '@concord/errors';
import type { FederationLink } from '@concord/federation';
import type { TrustedManifest } from '@concord/manifest';
import type { SecretInputOf } from '@concord/sealing';
import type { Logger, PrivateStore } from '@concord/service-kit';
import type { DebriefBook, DebriefRecord } from './debrief-book.js';
import type { DebriefCodec, debriefWire } from './debrief-wire.js';

export interface DebriefContext {
  readonly agency: string;
  readonly trust: TrustedManifest;
  readonly nc: NatsConnection;
  readonly link: FederationLink;
  readonly codec: DebriefCodec;
  readonly book: DebriefBook;
  /** The lead's own non-attributable lessons, until the report publishes them. */
  readonly privateStore: PrivateStore;
  /** This agency's debrief audit log: records its own submissions, non-attributable ones too. */
  readonly audit: AuditLog;
  readonly now: () => Date;
  readonly log: Logger;
}

type Wire = typeof debriefWire;

/** Every member of the federation but this agency: a debrief is open to all of them. */
export const everyMember = (context: DebriefContext) => context.trust.agencies.map((a) => a.id).filter((id) => id !== context.agency);

export async function publishDebriefEvent<T extends keyof Wire>(context: DebriefContext, type: T, routing: z.output<Wire[T]['routing']>, secret: SecretInputOf<Wire, T>, recipients: readonly string[]): Promise<void> {
  await context.link.publish({ scope: routing.operationId, recipients, ...context.codec.encode(type, routing, secret, recipients) });
}

export function requireDebrief(context: DebriefContext, operationId: string): DebriefRecord {
  const record = context.book.get(operationId);
  if (!record) throw new ConcordError(Code.NotFound, `${context.agency} holds no debrief of operation ${operationId}`);
  return record;
}

/** Only participants submit; every member reads. */
export function requireSubmitter(context: DebriefContext, operationId: string): DebriefRecord {
  const record = requireDebrief(context, operationId);
  if (!record.participants.includes(context.agency)) {
    throw new ConcordError(Code.PermissionDenied, `${context.agency} is not a participant of operation ${operationId}: every member reads the debrief, only participants submit`);
  }
  if (record.status === 'reported') throw new ConcordError(Code.FailedPrecondition, `the report of operation ${operationId} is published: nothing more is submitted`);
  return record;
}
