/**
 * The tasking service of one agency: its tasks (private store, never exported) and the requests for
 * assistance it made or received (signed, sealed events in its own tasking store, exchanged only with
 * the other agency of each request).
 */
import { TaskingServiceService, type TaskingServiceServer } from '@concord/contracts/tasking';
import { protoFiles, protoRoot } from '@concord/contracts';
import { Capability, FederationLink, type FederationLinkOptions } from '@concord/federation';
import { Projection } from '@concord/decider';
import { sealedEventHandlers } from '@concord/sealing';
import { inboundRules, PrivateStore, type ServiceContext, type ServiceInstance } from '@concord/service-kit';
import { requestDecider } from './domain/assistance-request.js';
import { deadlines } from './deadlines.js';
import { requestCommands } from './request-commands.js';
import { TaskBoard } from './task-board.js';
import { taskCommands } from './task-commands.js';
import type { RequestProjection, TaskingContext } from './tasking-context.js';
import { taskingQueries } from './tasking-queries.js';
import { createTaskingCodec } from './tasking-wire.js';

export interface TaskingService extends ServiceInstance {
  readonly link: FederationLink;
  readonly requests: RequestProjection;
  readonly board: TaskBoard;
}

export interface TaskingOptions {
  /** Injected wall clock, for tests of deadlines. */
  readonly now?: () => Date;
  readonly link?: Pick<FederationLinkOptions, 'relay' | 'maxEventBytes'>;
  readonly deadlineCheckMs?: number;
}

export async function createTaskingService(service: ServiceContext, options: TaskingOptions = {}): Promise<TaskingService> {
  const { nc, identity, trust, log } = service;
  const agency = service.agency.id;
  const codec = createTaskingCodec({ agency, encryptionKey: identity.encryptionKey }, trust);
  const requests: RequestProjection = new Projection(requestDecider, (event) => event.requestId);
  const link = new FederationLink({
    nc,
    agency,
    capability: Capability.Tasking,
    replicas: service.config.jetstreamReplicas,
    identity,
    trust,
    log,
    requests: service.requests,
    ...sealedEventHandlers(codec, inboundRules(requests), log),
    ...options.link,
  });
  const board = await TaskBoard.open(await PrivateStore.open(nc, 'TASKING_PRIVATE', service.config.jetstreamReplicas));
  const context: TaskingContext = { agency, trust, nc, link, codec, board, requests, now: options.now ?? (() => new Date()), log };
  await link.start();

  const queries = taskingQueries(context);
  const watchdog = deadlines(context, queries, options.deadlineCheckMs);
  const implementation: TaskingServiceServer = { ...taskCommands(context), ...requestCommands(context), ...queries.handlers };

  return {
    grpc: { name: 'concord.v1.TaskingService', definition: TaskingServiceService, implementation, protoFile: protoFiles.tasking, protoRoot },
    link,
    requests,
    board,
    drain: () => queries.closeWatches(),
    stop: async () => {
      watchdog.stop();
      queries.closeWatches();
      await link.stop();
    },
  };
}
