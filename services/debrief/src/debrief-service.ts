/**
 * The debrief service of one agency: every debrief it holds as a member of the federation (signed
 * events, sealed for the members, in its own debrief store), and, at a lead, the non-attributable
 * lessons waiting for the report.
 */
import { DebriefServiceService, type DebriefServiceServer } from '@concord/contracts/debrief';
import { protoFiles, protoRoot } from '@concord/contracts';
import { Capability, FederationLink, type FederationLinkOptions } from '@concord/federation';
import { Projection } from '@concord/decider';
import { sealedEventHandlers } from '@concord/sealing';
import { inboundRules, PrivateStore, type ServiceContext, type ServiceInstance } from '@concord/service-kit';
import { debriefCommands, restoreOwnPending } from './debrief-commands.js';
import type { DebriefContext, DebriefProjection } from './debrief-context.js';
import { debriefQueries } from './debrief-queries.js';
import { createDebriefCodec, type DebriefEvent } from './debrief-wire.js';
import { debriefDecider, isCopyOfOwnLesson } from './domain/debrief.js';

export interface DebriefService extends ServiceInstance {
  readonly link: FederationLink;
  readonly debriefs: DebriefProjection;
}

export interface DebriefOptions {
  readonly link?: Pick<FederationLinkOptions, 'relay' | 'maxEventBytes'>;
}

export async function createDebriefService(service: ServiceContext, options: DebriefOptions = {}): Promise<DebriefService> {
  const { nc, identity, trust, log } = service;
  const agency = service.agency.id;
  const codec = createDebriefCodec({ agency, encryptionKey: identity.encryptionKey }, trust);
  const debriefs: DebriefProjection = new Projection(debriefDecider(agency), (event) => event.operationId);
  const rules = inboundRules(debriefs);
  const checkInbound = (event: DebriefEvent) => {
    if (isCopyOfOwnLesson(agency, debriefs.state(event.operationId), event)) log.debug({ operation: event.operationId, lesson: event.type === 'debrief.lesson' ? event.lessonId : undefined }, 'the lead published our non-attributable lesson: a copy of what we hold');
    return rules.check(event);
  };
  const link = new FederationLink({
    nc,
    agency,
    capability: Capability.Debrief,
    replicas: service.config.jetstreamReplicas,
    identity,
    trust,
    log,
    requests: service.requests,
    ...sealedEventHandlers(codec, { apply: rules.apply, check: checkInbound }, log),
    ...options.link,
  });
  const privateStore = await PrivateStore.open(nc, 'DEBRIEF_PRIVATE', service.config.jetstreamReplicas);
  // The service host owns the audit log: it opens it before the service and closes it after.
  const audit = service.audit;
  const context: DebriefContext = { agency, trust, nc, link, codec, debriefs, privateStore, audit, now: () => new Date(), log };
  await link.start();
  await restoreOwnPending(context);

  const queries = debriefQueries(context);
  const implementation: DebriefServiceServer = { ...debriefCommands(context, queries.view), ...queries.handlers };
  return {
    grpc: { name: 'concord.v1.DebriefService', definition: DebriefServiceService, implementation, protoFile: protoFiles.debrief, protoRoot },
    link,
    debriefs,
    stop: async () => {
      await link.stop();
    },
  };
}
