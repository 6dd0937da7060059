/** What the planning command handlers share: who we are, whom we trust, our stores and the link. */
import type { NatsConnection } from 'nats';
import { Code, ConcordError } from '@concord/errors';
import type { FederationLink } from '@concord/federation';
import type { TrustedManifest } from '@concord/manifest';
import type { Logger } from '@concord/service-kit';
import type { Lifecycle } from './domain/operation.js';
import type { PlanningEvent } from './domain/planning-event.js';
import { toWire, type PlanningCodec } from './planning-wire.js';
import type { PlanningProjection } from './planning-projection.js';
import type { OperationTeams } from './operation-team.js';
import type { PrivateStore } from '@concord/service-kit';

export interface PlanningContext {
  readonly agency: string;
  /** The agency's own server: for questions to its other services. */
  readonly nc: NatsConnection;
  readonly trust: TrustedManifest;
  readonly link: FederationLink;
  readonly codec: PlanningCodec;
  readonly projection: PlanningProjection;
  readonly store: PrivateStore;
  /** Who in this agency may read each operation's private records. */
  readonly teams: OperationTeams;
  readonly now: () => Date;
  readonly log: Logger;
}

/** Signs, stores and sends a planning event; resolves once this agency's view has applied it. */
export async function publishPlanningEvent(context: PlanningContext, event: PlanningEvent, recipients: readonly string[]): Promise<void> {
  const to = [...new Set(recipients)].filter((id) => id !== context.agency);
  await context.link.publish(toWire(context.codec, event, to));
}

/** The operation as this agency knows it, or NotFound. */
export function requireOperation(context: PlanningContext, operationId: string): Lifecycle {
  const { lifecycle } = context.projection.view(operationId);
  if (lifecycle.status === 'absent') throw new ConcordError(Code.NotFound, `operation ${operationId} is not known to ${context.agency}`);
  return lifecycle;
}
