/**
 * The planning service of one agency: the operations it leads, takes part in or supports, and its copy
 * of their shared timeline. Its stores are its own (a JetStream stream of signed events and a private
 * key-value bucket); other agencies reach it only through signed deliveries on the federation link.
 */
import { PlanningServiceService, type PlanningServiceServer } from '@concord/contracts/planning';
import { protoFiles, protoRoot } from '@concord/contracts';
import { Capability, FederationLink, type FederationLinkOptions } from '@concord/federation';
import { sealedEventHandlers } from '@concord/sealing';
import type { ServiceContext, ServiceInstance } from '@concord/service-kit';
import { actionHandlers } from './action-commands.js';
import { deconfliction } from './deconfliction-commands.js';
import { DeconflictionReactor } from './deconfliction-reactor.js';
import { jointPlanHandlers } from './joint-plan-commands.js';
import { milestoneHandlers } from './milestone-commands.js';
import { operationHandlers } from './operation-commands.js';
import { answerInternalQueries } from './internal-answers.js';
import type { PlanningContext } from './planning-context.js';
import { inboundRefusal } from './inbound-rules.js';
import { createPlanningCodec, fromWire } from './planning-wire.js';
import { PlanningProjection } from './planning-projection.js';
import { PrivateStore } from '@concord/service-kit';
import { OperationTeams } from './operation-team.js';
import { teamHandlers } from './team-commands.js';
import { timelineQueries } from './timeline-queries.js';
import { TransitionClock } from './transition-clock.js';

export interface PlanningService extends ServiceInstance {
  readonly link: FederationLink;
  readonly projection: PlanningProjection;
}

export interface PlanningOptions {
  /** Injected wall clock, for tests of time-dependent rules. */
  readonly now?: () => Date;
  readonly link?: Pick<FederationLinkOptions, 'relay' | 'maxEventBytes'>;
  /** The longest the transition clock sleeps between two checks of every operation (default 60 s). */
  readonly transitionCheckMs?: number;
}

export async function createPlanningService(service: ServiceContext, options: PlanningOptions = {}): Promise<PlanningService> {
  const { nc, identity, trust, log } = service;
  const agency = service.agency.id;
  const codec = createPlanningCodec({ agency, encryptionKey: identity.encryptionKey }, trust);
  const projection = new PlanningProjection((error) => log.error({ err: error }, 'a timeline watch failed to take an entry'));
  const link = new FederationLink({
    nc,
    agency,
    capability: Capability.Planning,
    replicas: service.config.jetstreamReplicas,
    identity,
    trust,
    log,
    requests: service.requests,
    ...sealedEventHandlers(
      codec,
      {
        apply: (wire, stored) => {
          const event = fromWire(wire);
          projection.apply(stored, event);
          // Applied events may make a transition due (the last acceptance, say), or call for a
          // deconfliction exchange (a new participant, a key, another agency's tokens).
          clock.checkSoon(stored.envelope.scope);
          if (/^(operation\.(agreed|activated|changed)|deconfliction\.)/.test(event.type)) queueMicrotask(() => void reactor.schedule(stored.envelope.scope));
        },
        check: (wire, signed) => inboundRefusal(fromWire(wire), signed, agency, trust),
      },
      log,
    ),
    ...options.link,
  });
  const store = await PrivateStore.open(nc, 'PLANNING_PRIVATE', service.config.jetstreamReplicas);
  const teams = new OperationTeams(store, agency);
  const context: PlanningContext = { agency, nc, trust, link, codec, projection, store, teams, now: options.now ?? (() => new Date()), log };
  const clock = new TransitionClock(context, options.transitionCheckMs);
  const reactor = new DeconflictionReactor(context, identity);
  const blind = deconfliction(context, reactor);
  await link.start();
  clock.start();
  const internalQueries = answerInternalQueries(nc, context);

  const timeline = timelineQueries(context);
  const implementation: PlanningServiceServer = {
    ...operationHandlers(context),
    ...milestoneHandlers(context),
    ...actionHandlers(context, blind.registerPlace),
    ...jointPlanHandlers(context),
    ...blind.handlers,
    ...timeline.handlers,
    ...teamHandlers(context),
  };

  return {
    grpc: { name: 'concord.v1.PlanningService', definition: PlanningServiceService, implementation, protoFile: protoFiles.planning, protoRoot },
    link,
    projection,
    drain: () => timeline.closeWatches(),
    stop: async () => {
      for (const subscription of internalQueries) subscription.unsubscribe();
      clock.stop();
      timeline.closeWatches();
      await link.stop();
    },
  };
}
