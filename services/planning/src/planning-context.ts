/** What the planning command handlers share: who we are, whom we trust, our stores and the link. */
import type { FederationLink } from '@concord/federation';
import type { TrustedManifest } from '@concord/manifest';
import type { Logger } from '@concord/service-kit';
import type { PlanningEvent } from './domain/planning-event.js';
import { scopeOf, toWireBody } from './planning-events.js';
import type { PlanningProjection } from './planning-projection.js';
import type { PrivateStore } from './private-store.js';

export interface PlanningContext {
  readonly agency: string;
  readonly trust: TrustedManifest;
  readonly link: FederationLink;
  readonly projection: PlanningProjection;
  readonly store: PrivateStore;
  readonly now: () => Date;
  readonly log: Logger;
}

/** Signs, stores and sends a planning event; resolves once this agency's view has applied it. */
export async function publishPlanningEvent(context: PlanningContext, event: PlanningEvent, recipients: readonly string[]): Promise<void> {
  await context.link.publish({ type: event.type, scope: scopeOf(event), recipients: recipients.filter((id) => id !== context.agency), body: toWireBody(event) });
}
