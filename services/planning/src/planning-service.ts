/**
 * The planning service of one agency: operations it leads or is invited to, and its copy of their
 * shared timeline. Its store is its own JetStream stream; other agencies reach it only through
 * signed deliveries on the federation link.
 */
import { randomUUID } from 'node:crypto';
import { PlanningServiceService, type PlanningServiceServer } from '@concord/contracts/planning';
import { protoFiles, protoRoot } from '@concord/contracts';
import { Code, ConcordError } from '@concord/errors';
import { Capability, FederationLink, type FederationLinkOptions } from '@concord/federation';
import { unary, type ServiceContext, type ServiceInstance } from '@concord/service-kit';
import { decide } from './domain/operation.js';
import { toOperation, toTimelineEntry } from './grpc-mapping.js';
import { inboundRefusal, PlanningEventType, toWireBody } from './planning-events.js';
import { createOperationRequest, getOperationRequest, listTimelineRequest, parseRequest } from './request-schemas.js';
import { TimelineProjection } from './timeline-projection.js';

export interface PlanningService extends ServiceInstance {
  readonly link: FederationLink;
  readonly projection: TimelineProjection;
}

export interface PlanningOptions {
  /** Injected wall clock, for tests of time-dependent rules. */
  readonly now?: () => Date;
  readonly link?: Pick<FederationLinkOptions, 'relay' | 'maxEventBytes'>;
}

export async function createPlanningService(context: ServiceContext, options: PlanningOptions = {}): Promise<PlanningService> {
  const { nc, identity, trust, log } = context;
  const agency = context.agency.id;
  const now = options.now ?? (() => new Date());
  const projection = new TimelineProjection();
  const link = new FederationLink({
    nc,
    agency,
    capability: Capability.Planning,
    identity,
    trust,
    log,
    onEvent: (event) => {
      try {
        projection.apply(event);
      } catch (error) {
        log.error({ err: error, event: event.envelope.id }, 'stored planning event could not be applied');
      }
    },
    checkInbound: (event) => inboundRefusal(event, trust),
    ...options.link,
  });
  await link.start();

  const requireOperation = (operationId: string) => {
    const state = projection.state(operationId);
    if (state.status === 'absent') throw new ConcordError(Code.NotFound, `operation ${operationId} is not known to ${agency}`);
    return state;
  };

  const implementation: PlanningServiceServer = {
    createOperation: unary(log, 'CreateOperation', async (request) => {
      const input = parseRequest(createOperationRequest, request);
      const command = { type: 'ProposeOperation', operationId: randomUUID(), name: input.name, lead: agency, invited: input.participants, period: input.period, now: now() } as const;
      const [proposed] = decide(command, projection.state(command.operationId), trust);
      if (!proposed) throw new ConcordError(Code.Internal, 'the proposal produced no event');
      const { operation } = proposed;
      await link.publish({
        type: PlanningEventType.OperationProposed,
        scope: operation.id,
        recipients: operation.participants.filter((id) => id !== agency),
        body: toWireBody(proposed),
      });
      log.info({ operation: operation.id, participants: operation.participants }, 'operation proposed');
      return { operation: toOperation(requireOperation(operation.id)) };
    }),
    getOperation: unary(log, 'GetOperation', (request) => {
      const { operationId } = parseRequest(getOperationRequest, request);
      return { operation: toOperation(requireOperation(operationId)) };
    }),
    listOperations: unary(log, 'ListOperations', () => ({ operations: projection.operations().map(toOperation) })),
    listTimeline: unary(log, 'ListTimeline', (request) => {
      const query = parseRequest(listTimelineRequest, request);
      const page = projection.page({ pageSize: query.pageSize, ...(query.operationId ? { operationId: query.operationId } : {}), ...(query.pageToken ? { pageToken: query.pageToken } : {}) });
      return { entries: page.items.map(toTimelineEntry), nextPageToken: page.nextPageToken };
    }),
  };

  return {
    grpc: { name: 'concord.v1.PlanningService', definition: PlanningServiceService, implementation, protoFile: protoFiles.planning, protoRoot },
    link,
    projection,
    stop: () => link.stop(),
  };
}
