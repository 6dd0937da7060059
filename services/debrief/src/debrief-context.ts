/** What the debrief handlers share: who we are, whom we trust, the debriefs' projection and the link. */
import type { NatsConnection } from 'nats';
import type { AuditLog } from '@concord/audit';
import type { Projection } from '@concord/decider';
import { Code, ConcordError } from '@concord/errors';
import type { FederationLink } from '@concord/federation';
import type { TrustedManifest } from '@concord/manifest';
import type { Logger, PrivateStore } from '@concord/service-kit';
import type { DebriefCommand, DebriefEvent, DebriefRecord, DebriefState } from './domain/debrief.js';
import type { DebriefCodec } from './debrief-wire.js';

export type DebriefProjection = Projection<DebriefCommand, DebriefEvent, DebriefState>;

export interface DebriefContext {
  readonly agency: string;
  readonly trust: TrustedManifest;
  readonly nc: NatsConnection;
  readonly link: FederationLink;
  readonly codec: DebriefCodec;
  readonly debriefs: DebriefProjection;
  /** The lead's own non-attributable lessons, until the report publishes them. */
  readonly privateStore: PrivateStore;
  /** This agency's debrief audit log: records its own submissions, non-attributable ones too. */
  readonly audit: AuditLog;
  readonly now: () => Date;
  readonly log: Logger;
}

/** Every member of the federation but this agency: a debrief is open to all of them. */
export const everyMember = (context: DebriefContext) => context.trust.agencies.map((a) => a.id).filter((id) => id !== context.agency);

/**
 * Signs, seals, stores and sends a decided event to its recipients; resolves once applied here. The
 * lead's own non-attributable lesson never leaves it: the caller keeps it in the private store and folds it.
 */
export async function publishDebriefEvent(context: DebriefContext, event: Exclude<DebriefEvent, { type: 'debrief.own-lesson' }>): Promise<void> {
  await context.link.publish({ scope: event.operationId, recipients: event.recipients, ...context.codec.encodeEvent(event) });
}

export function requireDebrief(context: DebriefContext, operationId: string): DebriefRecord {
  const record = context.debriefs.state(operationId);
  if (!record) throw new ConcordError(Code.NotFound, `${context.agency} holds no debrief of operation ${operationId}`);
  return record;
}

/** The debriefs this agency holds. */
export const heldDebriefs = (context: Pick<DebriefContext, 'debriefs'>): DebriefRecord[] => context.debriefs.states().flatMap((record) => (record ? [record] : []));
