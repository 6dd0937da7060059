/**
 * The operation lifecycle over gRPC: create (or draft), propose, change, respond, cancel, conclude, read. Each command is
 * decided by the pure domain against this agency's current view and published as a signed event.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ResponseKind, type Operation, type PlanningServiceServer } from '@concord/contracts/planning';
import { Code, ConcordError } from '@concord/errors';
import { unary } from '@concord/service-kit';
import { decideOne } from '@concord/decider';
import { membersOf, operationDecider, type Lifecycle, type OperationRecord, type ResponseInput, type TermsInput } from './domain/operation.js';
import { toDraftOperation, toOperation } from './grpc-mapping.js';
import { publishPlanningEvent, requireOperation, type PlanningContext } from './planning-context.js';
import { operationRecordSchema } from './planning-wire.js';
import { changeOperationRequest, createOperationRequest, endOperationRequest, operationIdRequest, parseRequest, respondToOperationRequest } from './request-schemas.js';

const draftSchema = z.object({ operation: operationRecordSchema, createdAt: z.iso.datetime().transform((t) => new Date(t)) });
const draftKey = (operationId: string) => `draft.${operationId}`;

type OperationHandlers = Pick<
  PlanningServiceServer,
  'createOperation' | 'proposeOperation' | 'changeOperation' | 'respondToOperation' | 'cancelOperation' | 'concludeOperation' | 'getOperation' | 'listOperations'
>;

export function operationHandlers(context: PlanningContext): OperationHandlers {
  const { agency, trust, projection, store, now, log } = context;
  const lifecycle = operationDecider(trust);

  const lifecycleOf = (operationId: string): Lifecycle | undefined => {
    const { lifecycle } = projection.view(operationId);
    return lifecycle.status === 'absent' ? undefined : lifecycle;
  };

  const requireLifecycle = (operationId: string): Lifecycle => requireOperation(context, operationId);

  /** Validates terms as a proposal would, without sending anything. */
  const proposalOf = (operationId: string, terms: TermsInput): OperationRecord => {
    const proposed = decideOne(lifecycle, { type: 'ProposeOperation', operationId, lead: agency, terms, now: now() }, lifecycle.initialState());
    if (proposed.type !== 'operation.proposed') throw new ConcordError(Code.Internal, 'a proposal produced no proposal');
    return proposed.operation;
  };

  const propose = async (operation: OperationRecord): Promise<Operation> => {
    const at = now();
    await publishPlanningEvent(context, { type: 'operation.proposed', by: agency, operation, at }, membersOf(operation));
    log.info({ operation: operation.id, participants: operation.participants }, 'operation proposed');
    return toOperation(requireLifecycle(operation.id));
  };

  const loadDraft = (operationId: string) => store.get(draftKey(operationId), draftSchema);

  /** A co-chair's cancellation or conclusion, on every member's timeline. */
  const decideAndPublish = async (operationId: string, type: 'CancelOperation' | 'ConcludeOperation', reason: string): Promise<Operation> => {
    const current = requireLifecycle(operationId);
    const event = decideOne(lifecycle, { type, by: agency, reason, now: now() }, current);
    await publishPlanningEvent(context, event, membersOf(current.operation));
    log.info({ operation: operationId, event: event.type }, 'operation ended by a co-chair');
    return toOperation(requireLifecycle(operationId));
  };

  return {
    createOperation: unary(log, 'CreateOperation', async (request) => {
      const input = parseRequest(createOperationRequest, request);
      const operation = proposalOf(randomUUID(), { ...input, recorded: input.recordedAfterTheFact });
      await context.teams.addCaller(operation.id);
      if (!input.draft) return { operation: await propose(operation) };
      const createdAt = now();
      await store.put(draftKey(operation.id), { operation, createdAt });
      log.info({ operation: operation.id }, 'operation drafted');
      return { operation: toDraftOperation(operation, createdAt) };
    }),

    proposeOperation: unary(log, 'ProposeOperation', async (request) => {
      const { operationId } = parseRequest(operationIdRequest, request);
      const draft = await loadDraft(operationId);
      if (!draft) {
        if (lifecycleOf(operationId)) throw new ConcordError(Code.FailedPrecondition, `operation ${operationId} was proposed already`);
        throw new ConcordError(Code.NotFound, `${agency} has no draft ${operationId}`);
      }
      // Checked again: the period may have passed while it was a draft.
      const operation = proposalOf(operationId, draft.operation);
      const proposed = await propose(operation);
      await store.delete(draftKey(operationId));
      return { operation: proposed };
    }),

    changeOperation: unary(log, 'ChangeOperation', async (request) => {
      const input = parseRequest(changeOperationRequest, request);
      const changes: Partial<TermsInput> = {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.period ? { period: input.period } : {}),
        ...(input.participants ? { participants: input.participants.ids } : {}),
        ...(input.supporters ? { supporters: input.supporters.ids } : {}),
        ...(input.coChairs ? { coChairs: input.coChairs.ids } : {}),
      };
      const draft = await loadDraft(input.operationId);
      if (draft) {
        const operation = proposalOf(input.operationId, { ...draft.operation, ...changes });
        await store.put(draftKey(operation.id), { operation, createdAt: draft.createdAt });
        return { operation: toDraftOperation(operation, draft.createdAt) };
      }
      const before = requireLifecycle(input.operationId);
      const changed = decideOne(lifecycle, { type: 'ChangeOperation', by: agency, changes, now: now() }, before);
      if (changed.type !== 'operation.changed') throw new ConcordError(Code.Internal, 'a change produced no change');
      // Everyone before and after the change hears of it: a removed participant learns it is removed.
      await publishPlanningEvent(context, changed, [...membersOf(before.operation), ...membersOf(changed.operation)]);
      log.info({ operation: input.operationId, version: changed.operation.version }, 'operation changed');
      return { operation: toOperation(requireLifecycle(input.operationId)) };
    }),

    respondToOperation: unary(log, 'RespondToOperation', async (request) => {
      const input = parseRequest(respondToOperationRequest, request);
      const current = requireLifecycle(input.operationId);
      const response: ResponseInput =
        input.response === ResponseKind.RESPONSE_KIND_ACCEPTED
          ? { kind: 'accepted' }
          : input.response === ResponseKind.RESPONSE_KIND_DECLINED
            ? { kind: 'declined', reason: input.reason }
            : { kind: 'counter-proposed', reason: input.reason, period: input.counterPeriod! };
      const event = decideOne(lifecycle, { type: 'RespondToOperation', by: agency, version: input.version, response, now: now() }, current);
      await publishPlanningEvent(context, event, membersOf(current.operation));
      if (response.kind === 'accepted') await context.teams.addCaller(input.operationId);
      log.info({ operation: input.operationId, response: event.type }, 'responded to operation');
      return { operation: toOperation(requireLifecycle(input.operationId)) };
    }),

    cancelOperation: unary(log, 'CancelOperation', async (request) => {
      const { operationId, reason } = parseRequest(endOperationRequest, request);
      const draft = await loadDraft(operationId);
      if (draft) {
        // Never sent: only this agency knows it, so it simply goes.
        await store.delete(draftKey(operationId));
        log.info({ operation: operationId }, 'draft deleted');
        return { operation: toDraftOperation(draft.operation, draft.createdAt) };
      }
      return { operation: await decideAndPublish(operationId, 'CancelOperation', reason) };
    }),

    concludeOperation: unary(log, 'ConcludeOperation', async (request) => {
      const { operationId, reason } = parseRequest(endOperationRequest, request);
      if (await loadDraft(operationId)) throw new ConcordError(Code.FailedPrecondition, `operation ${operationId} is a draft: propose it first, or cancel it to delete it`);
      return { operation: await decideAndPublish(operationId, 'ConcludeOperation', reason) };
    }),

    getOperation: unary(log, 'GetOperation', async (request) => {
      const { operationId } = parseRequest(operationIdRequest, request);
      const lifecycle = lifecycleOf(operationId);
      if (lifecycle) return { operation: toOperation(lifecycle) };
      const draft = await loadDraft(operationId);
      if (draft) return { operation: toDraftOperation(draft.operation, draft.createdAt) };
      throw new ConcordError(Code.NotFound, `operation ${operationId} is not known to ${agency}`);
    }),

    listOperations: unary(log, 'ListOperations', async () => {
      const shared = projection.views().flatMap((view) => (view.lifecycle.status === 'absent' ? [] : [toOperation(view.lifecycle)]));
      const drafts = (await store.list('draft', draftSchema)).map((draft) => toDraftOperation(draft.operation, draft.createdAt));
      const operations = [...shared, ...drafts].sort((a, b) => a.period!.start!.getTime() - b.period!.start!.getTime() || a.id.localeCompare(b.id));
      return { operations };
    }),
  };
}
