/**
 * The debrief service of one agency: every debrief it holds as a member of the federation (signed
 * events, sealed for the members, in its own debrief store), and, at a lead, the non-attributable
 * lessons waiting for the report.
 */
import { DebriefServiceService, type DebriefServiceServer } from '@concord/contracts/debrief';
import { protoFiles, protoRoot } from '@concord/contracts';
import { Capability, FederationLink, type FederationLinkOptions } from '@concord/federation';
import { sealedEventHandlers } from '@concord/sealing';
import { PrivateStore, type ServiceContext, type ServiceInstance } from '@concord/service-kit';
import { DebriefBook } from './debrief-book.js';
import { debriefCommands, restoreOwnPending } from './debrief-commands.js';
import type { DebriefContext } from './debrief-context.js';
import { debriefQueries } from './debrief-queries.js';
import { createDebriefCodec, type DebriefEvent } from './debrief-wire.js';

export interface DebriefService extends ServiceInstance {
  readonly link: FederationLink;
  readonly book: DebriefBook;
}

export interface DebriefOptions {
  readonly link?: Pick<FederationLinkOptions, 'relay' | 'maxEventBytes'>;
}

export async function createDebriefService(service: ServiceContext, options: DebriefOptions = {}): Promise<DebriefService> {
  const { nc, identity, trust, log } = service;
  const agency = service.agency.id;
  const codec = createDebriefCodec({ agency, encryptionKey: identity.encryptionKey }, trust);
  const book = new DebriefBook(agency);
  const checkInbound = (event: DebriefEvent) => {
    if (event.type === 'debrief.lesson' && book.isCopyOfOwnLesson(event)) log.debug({ operation: event.operationId, lesson: event.lessonId }, 'the lead published our non-attributable lesson: a copy of what we hold');
    return book.refusal(event);
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
    ...sealedEventHandlers(codec, { apply: (event) => book.apply(event), check: (event) => checkInbound(event) }, log),
    ...options.link,
  });
  const privateStore = await PrivateStore.open(nc, 'DEBRIEF_PRIVATE', service.config.jetstreamReplicas);
  // The service host owns the audit log: it opens it before the service and closes it after.
  const audit = service.audit;
  const context: DebriefContext = { agency, trust, nc, link, codec, book, privateStore, audit, now: () => new Date(), log };
  await link.start();
  await restoreOwnPending(context);

  const queries = debriefQueries(context);
  const implementation: DebriefServiceServer = { ...debriefCommands(context, queries.view), ...queries.handlers };
  return {
    grpc: { name: 'concord.v1.DebriefService', definition: DebriefServiceService, implementation, protoFile: protoFiles.debrief, protoRoot },
    link,
    book,
    stop: async () => {
      await link.stop();
    },
  };
}
