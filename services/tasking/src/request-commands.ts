/**
 * Requests for assistance over gRPC. The requester asks and may cancel; the requested agency accepts or
 * declines, and reports progress and the outcome. Each step is a signed event sealed for the two
 * agencies; each agency's book refuses a step that is not its to take or does not fit the status.
 */
import { randomUUID } from 'node:crypto';
import type { TaskingServiceServer } from '@concord/contracts/tasking';
import { decideOne } from '@concord/decider';
import { Code, ConcordError } from '@concord/errors';
import { askInternal, commandAnswerSchema, InternalSubjects } from '@concord/federation';
import { parseRequest, unary } from '@concord/service-kit';
import { requestDecider, type RequestCommand } from './domain/assistance-request.js';
import { toAssistanceRequest } from './grpc-mapping.js';
import { answerRequestRequest, cancelRequestRequest, reportOnRequestRequest, requestAssistanceRequest, requestIdRequest } from './request-schemas.js';
import { publishRequestEvent, requireRequest, type TaskingContext } from './tasking-context.js';

type RequestCommands = Pick<TaskingServiceServer, 'requestAssistance' | 'answerRequest' | 'reportOnRequest' | 'cancelRequest' | 'releaseRequest'>;

export function requestCommands(context: TaskingContext): RequestCommands {
  const { agency, trust, requests, now, log } = context;

  const reply = (requestId: string) => ({ request: toAssistanceRequest(requireRequest(context, requestId), now()) });

  /** Decides against the request as held here (the same rule the other agency applies), publishes, answers. */
  const act = async (command: RequestCommand) => {
    const requestId = command.type === 'RequestAssistance' ? command.fields.requestId : command.requestId;
    await publishRequestEvent(context, decideOne(requestDecider, command, requests.state(requestId)));
    return reply(requestId);
  };

  return {
    requestAssistance: unary(log, 'RequestAssistance', async (request) => {
      const input = parseRequest(requestAssistanceRequest, request);
      const requestId = randomUUID();
      const fields = { requestId, kind: input.kind, subject: input.subject, details: input.details, alertId: input.alertId, actionId: input.actionId, operationId: input.operationId };
      const agencies = trust.agencies.map((a) => a.id);
      const answer = await act({ type: 'RequestAssistance', by: agency, to: input.toAgency, agencies, dueAt: input.dueAt, now: now(), fields });
      log.info({ request: requestId, to: input.toAgency }, 'assistance requested');
      return answer;
    }),

    answerRequest: unary(log, 'AnswerRequest', async (request) => {
      const input = parseRequest(answerRequestRequest, request);
      return act({ type: 'AnswerRequest', requestId: input.requestId, by: agency, accept: input.accept, reason: input.reason, now: now() });
    }),

    reportOnRequest: unary(log, 'ReportOnRequest', async (request) => {
      const input = parseRequest(reportOnRequestRequest, request);
      const status = input.kind === 'progress' ? 'in-progress' : input.kind;
      return act({ type: 'ReportOnRequest', requestId: input.requestId, by: agency, status, note: input.note, now: now() });
    }),

    cancelRequest: unary(log, 'CancelRequest', async (request) => {
      const input = parseRequest(cancelRequestRequest, request);
      return act({ type: 'CancelRequest', requestId: input.requestId, by: agency, reason: input.reason, now: now() });
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
