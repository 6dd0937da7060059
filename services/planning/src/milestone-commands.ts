/** Milestones over gRPC: co-chairs schedule, reschedule and cancel the operation's meetings. */
import { randomUUID } from 'node:crypto';
import type { PlanningServiceServer } from '@concord/contracts/planning';
import { Code, ConcordError } from '@concord/errors';
import { unary } from '@concord/service-kit';
import { cancelMilestone, scheduleMilestone } from './domain/milestone.js';
import { membersOf } from './domain/operation.js';
import { toMilestone } from './grpc-mapping.js';
import { publishPlanningEvent, requireOperation, type PlanningContext } from './planning-context.js';
import { milestoneRequest, operationIdRequest, parseRequest, scheduleMilestoneRequest } from './request-schemas.js';

type MilestoneHandlers = Pick<PlanningServiceServer, 'scheduleMilestone' | 'cancelMilestone' | 'listMilestones'>;

export function milestoneHandlers(context: PlanningContext): MilestoneHandlers {
  const { agency, projection, now, log } = context;
  const milestoneOf = (operationId: string, milestoneId: string) => {
    const state = projection.view(operationId).milestones.get(milestoneId);
    if (!state) throw new ConcordError(Code.NotFound, `milestone ${milestoneId} is not scheduled`);
    return toMilestone(state);
  };
  return {
    scheduleMilestone: unary(log, 'ScheduleMilestone', async (request) => {
      const input = parseRequest(scheduleMilestoneRequest, request);
      const lifecycle = requireOperation(context, input.operationId);
      if (input.milestoneId && !projection.view(input.operationId).milestones.has(input.milestoneId)) {
        throw new ConcordError(Code.NotFound, `milestone ${input.milestoneId} is not scheduled; leave milestone_id empty for a new one`);
      }
      const id = input.milestoneId || randomUUID();
      const event = scheduleMilestone(lifecycle, agency, { id, kind: input.kind, title: input.title, window: input.window, location: input.location }, now());
      await publishPlanningEvent(context, event, membersOf(lifecycle.operation));
      return { milestone: milestoneOf(input.operationId, id) };
    }),
    cancelMilestone: unary(log, 'CancelMilestone', async (request) => {
      const input = parseRequest(milestoneRequest, request);
      const lifecycle = requireOperation(context, input.operationId);
      const event = cancelMilestone(lifecycle, projection.view(input.operationId).milestones, agency, input.milestoneId, now());
      await publishPlanningEvent(context, event, membersOf(lifecycle.operation));
      return { milestone: milestoneOf(input.operationId, input.milestoneId) };
    }),
    listMilestones: unary(log, 'ListMilestones', (request) => {
      const { operationId } = parseRequest(operationIdRequest, request);
      requireOperation(context, operationId);
      const milestones = [...projection.view(operationId).milestones.values()].sort((a, b) => a.milestone.window.start.getTime() - b.milestone.window.start.getTime());
      return { milestones: milestones.map(toMilestone) };
    }),
  };
}
