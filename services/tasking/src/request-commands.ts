/**
 * Requests for assistance over gRPC. The requester asks and may cancel; the requested agency accepts or
 * declines, and reports progress and the outcome. Each step is a signed event sealed for the two
 * agencies; each agency's book refuses a step that is not its to take or does not fit the status.
 */
import { randomUUID } from 'node:crypto';
import type { TaskingServiceServer } from '@concord/contracts/tasking';
import { Code, ConcordError } from '@concord/errors';
import { askInternal, commandAnswerSchema, InternalSubjects } from '@concord/federation';
import { findAgency } from '@concord/manifest';
import { parseRequest, unary } from '@concord/service-kit';
import { requestMoveRefusal, type AssistanceRequestRecord, type RequestStatus } from './domain/assistance-request.js';
import { toAssistanceRequest } from './grpc-mapping.js';
import { answerRequestRequest, cancelRequestRequest, reportOnRequestRequest, requestAssistanceRequest, requestIdRequest } from './request-schemas.js';
import { publishRequestEvent, requireRequest, type TaskingContext } from './tasking-context.js';

type RequestCommands = Pick<TaskingServiceServer, 'requestAssistance' | 'answerRequest' | 'reportOnRequest' | 'cancelRequest' | 'releaseRequest'>;

export function requestCommands(context: TaskingContext): RequestCommands {
  const { agency, trust, now, log } = context;

  /** The same rule the other agency applies, checked here first for a clear error. */
  const requireMove = (request: AssistanceRequestRecord, to: RequestStatus) => {
    const refusal = requestMoveRefusal(request, to, agency);
    if (refusal) throw new ConcordError(refusal.kind === 'not-yours' ? Code.PermissionDenied : Code.FailedPrecondition, refusal.detail);
  };
  const reply = (requestId: string) => ({ request: toAssistanceRequest(requireRequest(context, requestId), now()) });

  return {
    requestAssistance: unary(log, 'RequestAssistance', async (request) => {
      const input = parseRequest(requestAssistanceRequest, request);
      if (input.toAgency === agency || !findAgency(trust, input.toAgency)) {
        throw ConcordError.invalid([{ path: 'to_agency', message: input.toAgency === agency ? 'is this agency itself' : `${input.toAgency} is not an agency of the federation` }], 'invalid request');
      }
      if (input.dueAt <= now()) throw ConcordError.invalid([{ path: 'due_at', message: 'must be in the future' }], 'invalid request');
      const requestId = randomUUID();
      const secret = { dueAt: input.dueAt.toISOString(), kind: input.kind, subject: input.subject, details: input.details, alertId: input.alertId, actionId: input.actionId, operationId: input.operationId };
      await publishRequestEvent(context, 'request.sent', { requestId }, secret, input.toAgency);
      log.info({ request: requestId, to: input.toAgency }, 'assistance requested');
      return reply(requestId);
    }),

    answerRequest: unary(log, 'AnswerRequest', async (request) => {
      const input = parseRequest(answerRequestRequest, request);
      const held = requireRequest(context, input.requestId);
      requireMove(held, input.accept ? 'accepted' : 'declined');
      await publishRequestEvent(context, 'request.answered', { requestId: held.id }, { accepted: input.accept, reason: input.reason }, held.from);
      return reply(held.id);
    }),

    reportOnRequest: unary(log, 'ReportOnRequest', async (request) => {
      const input = parseRequest(reportOnRequestRequest, request);
      const held = requireRequest(context, input.requestId);
      const status = input.kind === 'progress' ? 'in-progress' : input.kind;
      requireMove(held, status);
      await publishRequestEvent(context, 'request.reported', { requestId: held.id }, { status, note: input.note }, held.from);
      return reply(held.id);
    }),

    cancelRequest: unary(log, 'CancelRequest', async (request) => {
      const input = parseRequest(cancelRequestRequest, request);
      const held = requireRequest(context, input.requestId);
      requireMove(held, 'cancelled');
      await publishRequestEvent(context, 'request.cancelled', { requestId: held.id }, { reason: input.reason }, held.to);
      return reply(held.id);
    }),

    releaseRequest: unary(log, 'ReleaseRequest', async (request) => {
      const { requestId } = parseRequest(requestIdRequest, request);
      const held = requireRequest(context, requestId);
      if (!held.operationId) throw new ConcordError(Code.FailedPrecondition, `request ${requestId} is not linked to an operation: there is no timeline to release it to`);
      if (held.status !== 'fulfilled' && held.status !== 'declined' && held.status !== 'unable' && held.status !== 'cancelled') {
        throw new ConcordError(Code.FailedPrecondition, `request ${requestId} is ${held.status}: its outcome is released once it has ended`);
      }
      const command = { operationId: held.operationId, request: { requestId, from: held.from, to: held.to, outcome: held.status, requestedAt: held.createdAt.toISOString(), closedAt: held.updatedAt.toISOString() } };
      const answer = await askInternal(context.nc, InternalSubjects.releaseRequest, command, commandAnswerSchema, 'planning');
      if (!answer.ok) throw new ConcordError(Code.FailedPrecondition, answer.error);
      log.info({ request: requestId, operation: held.operationId, outcome: held.status }, 'request outcome released to the timeline');
      return reply(requestId);
    }),
  };
}
