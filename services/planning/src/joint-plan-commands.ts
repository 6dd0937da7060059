/** Joint investigation plans over gRPC: proposed to, accepted by, and readable by their parties only. */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { PlanningServiceServer } from '@concord/contracts/planning';
import { Code, ConcordError } from '@concord/errors';
import { agencyIdSchema } from '@concord/manifest';
import { idField, listField, textField, unary } from '@concord/service-kit';
import { acceptJointPlan, proposeJointPlan } from './domain/joint-plan.js';
import { toJointPlan } from './grpc-mapping.js';
import { publishPlanningEvent, requireOperation, type PlanningContext } from './planning-context.js';
import { actionKey, privateActionSchema } from './private-records.js';
import { actionId, agencies, operationId, operationIdRequest, parseRequest } from './request-schemas.js';

const proposeRequest = z.object({
  operationId,
  planId: idField('an id this service issued', { optional: true }),
  title: textField({ max: 200, required: 'is required' }),
  parties: agencies('name at least one other participant'),
  objectives: listField(textField({ max: 2000, required: 'must not be empty', multiline: true }), { max: 50 }),
  contacts: listField(z.object({ agency: agencyIdSchema, name: textField({ max: 200, required: 'is required' }), details: textField({ max: 500, multiline: true }) }), { max: 50 }),
  linkedActionIds: listField(actionId, { max: 200, unique: true }),
});
const acceptRequest = z.object({ operationId, planId: idField('a joint plan id'), version: z.number().int().min(1, 'is required') });

type JointPlanHandlers = Pick<PlanningServiceServer, 'proposeJointPlan' | 'acceptJointPlan' | 'listJointPlans'>;

export function jointPlanHandlers(context: PlanningContext): JointPlanHandlers {
  const { agency, projection, store, now, log } = context;
  const planOf = (op: string, planId: string) => {
    const plan = projection.view(op).jointPlans.get(planId);
    if (!plan) throw new ConcordError(Code.NotFound, `joint plan ${planId} is not known to ${agency}`);
    return plan;
  };
  return {
    proposeJointPlan: unary(log, 'ProposeJointPlan', async (request) => {
      const input = parseRequest(proposeRequest, request);
      const lifecycle = requireOperation(context, input.operationId);
      const view = projection.view(input.operationId);
      const current = input.planId ? planOf(input.operationId, input.planId) : undefined;
      // A linked action is one released in this operation, or one of this agency's own.
      for (const [index, actionId] of input.linkedActionIds.entries()) {
        const own = await store.get(actionKey(actionId), privateActionSchema);
        if (!view.actions.has(actionId) && own?.operationId !== input.operationId) {
          throw ConcordError.invalid([{ path: `linked_action_ids[${index}]`, message: `${actionId} is not an action of this operation` }], 'invalid joint plan');
        }
      }
      const planId = input.planId || randomUUID();
      const content = { title: input.title, objectives: input.objectives, contacts: input.contacts, linkedActions: input.linkedActionIds };
      const event = proposeJointPlan(lifecycle, current, agency, { planId, parties: input.parties, content }, now());
      if (event.type !== 'jip.proposed') throw new ConcordError(Code.Internal, 'a proposal produced no proposal');
      await publishPlanningEvent(context, event, event.parties);
      log.info({ operation: input.operationId, plan: planId, version: event.version }, 'joint plan proposed');
      return { plan: toJointPlan(input.operationId, planOf(input.operationId, planId)) };
    }),
    acceptJointPlan: unary(log, 'AcceptJointPlan', async (request) => {
      const input = parseRequest(acceptRequest, request);
      requireOperation(context, input.operationId);
      const plan = planOf(input.operationId, input.planId);
      const event = acceptJointPlan(plan, input.operationId, agency, input.version, now());
      await publishPlanningEvent(context, event, plan.parties);
      return { plan: toJointPlan(input.operationId, planOf(input.operationId, input.planId)) };
    }),
    listJointPlans: unary(log, 'ListJointPlans', (request) => {
      const { operationId: op } = parseRequest(operationIdRequest, request);
      requireOperation(context, op);
      return { plans: [...projection.view(op).jointPlans.values()].map((plan) => toJointPlan(op, plan)) };
    }),
  };
}
