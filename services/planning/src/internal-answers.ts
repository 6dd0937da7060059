/**
 * Answers this agency's other services on subjects private to the agency's server: who takes part in
 * an operation (intel releasing an alert to it), whether a national action exists (tasking tying a
 * task to it), and a request's outcome to release to an operation's timeline (tasking). They never
 * read or write the planning store themselves.
 */
import type { NatsConnection, Subscription } from 'nats';
import {
  actionQuerySchema,
  answerInternal,
  InternalSubjects,
  operationFactsQuerySchema,
  participantsQuerySchema,
  releaseRequestCommandSchema,
  teamReadableQuerySchema,
  timelineEntriesQuerySchema,
  type ActionAnswer,
  type CommandAnswer,
  type OperationFactsAnswer,
  type ParticipantsAnswer,
  type TeamReadableAnswer,
  type TimelineEntriesAnswer,
} from '@concord/federation';
import { ConcordError } from '@concord/errors';
import { leadOf, membersOf } from './domain/operation.js';
import { toTimelineEntry } from './grpc-mapping.js';
import { publishPlanningEvent, requireOperation, type PlanningContext } from './planning-context.js';
import { actionKey, privateActionSchema } from './private-records.js';

export function answerInternalQueries(nc: NatsConnection, context: PlanningContext): Subscription[] {
  return [
    answerInternal<typeof participantsQuerySchema, ParticipantsAnswer>(
      nc,
      InternalSubjects.operationParticipants,
      participantsQuerySchema,
      ({ operationId }) => {
        const { lifecycle } = context.projection.view(operationId);
        return lifecycle.status === 'absent'
          ? { ok: false, error: `operation ${operationId} is not known to ${context.agency} (a draft is proposed first)` }
          : { ok: true, participants: [...lifecycle.operation.participants] };
      },
      { ok: false, error: 'the question is not { operationId }' },
    ),
    answerInternal<typeof actionQuerySchema, ActionAnswer>(
      nc,
      InternalSubjects.agencyAction,
      actionQuerySchema,
      async ({ actionId }) => {
        const action = await context.store.get(actionKey(actionId), privateActionSchema).catch(() => undefined);
        return action ? { ok: true, operationId: action.operationId, status: action.shared.status } : { ok: false, error: `${context.agency} has no action ${actionId}` };
      },
      { ok: false, error: 'the question is not { actionId }' },
    ),
    answerInternal<typeof teamReadableQuerySchema, TeamReadableAnswer>(
      nc,
      InternalSubjects.teamReadable,
      teamReadableQuerySchema,
      async ({ actionIds, username }) => {
        const readableOperations = new Map<string, boolean>();
        const readable: string[] = [];
        for (const actionId of new Set(actionIds)) {
          const action = await context.store.get(actionKey(actionId), privateActionSchema).catch(() => undefined);
          if (!action) continue;
          if (!readableOperations.has(action.operationId)) readableOperations.set(action.operationId, await context.teams.mayRead(action.operationId, username));
          if (readableOperations.get(action.operationId)) readable.push(actionId);
        }
        return { readable };
      },
      { readable: [] },
    ),
    answerInternal<typeof releaseRequestCommandSchema, CommandAnswer>(
      nc,
      InternalSubjects.releaseRequest,
      releaseRequestCommandSchema,
      async ({ operationId, request }) => {
        try {
          const lifecycle = requireOperation(context, operationId);
          if (!lifecycle.operation.participants.includes(context.agency)) return { ok: false, error: `${context.agency} is not a participant of operation ${operationId}` };
          if (context.projection.view(operationId).requests.has(request.requestId)) return { ok: false, error: `request ${request.requestId} was released already` };
          const released = { ...request, requestedAt: new Date(request.requestedAt), closedAt: new Date(request.closedAt) };
          await publishPlanningEvent(context, { type: 'request.released', by: context.agency, operationId, request: released, at: context.now() }, membersOf(lifecycle.operation));
          return { ok: true };
        } catch (error) {
          return { ok: false, error: ConcordError.from(error).message };
        }
      },
      { ok: false, error: 'the command is not { operationId, request }' },
    ),
    answerInternal<typeof operationFactsQuerySchema, CommandAnswer>(
      nc,
      InternalSubjects.markDebriefed,
      operationFactsQuerySchema,
      async ({ operationId }) => {
        try {
          const lifecycle = requireOperation(context, operationId);
          if (lifecycle.status === 'debriefed') return { ok: true };
          if (leadOf(lifecycle.operation) !== context.agency) return { ok: false, error: `only the lead of operation ${operationId} records its debrief` };
          if (lifecycle.status !== 'concluded') return { ok: false, error: `operation ${operationId} is ${lifecycle.status}, not concluded` };
          const { id, version } = lifecycle.operation;
          await publishPlanningEvent(context, { type: 'operation.debriefed', by: context.agency, operationId: id, version, at: context.now() }, membersOf(lifecycle.operation));
          return { ok: true };
        } catch (error) {
          return { ok: false, error: ConcordError.from(error).message };
        }
      },
      { ok: false, error: 'the command is not { operationId }' },
    ),
    answerInternal<typeof operationFactsQuerySchema, OperationFactsAnswer>(
      nc,
      InternalSubjects.operationFacts,
      operationFactsQuerySchema,
      ({ operationId }) => {
        const view = context.projection.view(operationId);
        if (view.lifecycle.status === 'absent') return { ok: false, error: `operation ${operationId} is not known to ${context.agency}` };
        const { operation, status } = view.lifecycle;
        const releases = new Map<string, string>();
        for (const item of context.projection.entries(operationId)) {
          if (item.event.type === 'action.released') releases.set(item.event.action.id, item.issuedAt.toISOString());
        }
        return {
          ok: true,
          operation: { id: operation.id, name: operation.name, lead: leadOf(operation), status, participants: [...operation.participants], period: { start: operation.period.start.toISOString(), end: operation.period.end.toISOString() } },
          actions: [...view.actions.values()].map((a) => {
            const releasedAt = releases.get(a.id);
            return { agency: a.agency, actionId: a.id, status: a.status, outsidePeriod: a.outsidePeriod, ...(releasedAt ? { releasedAt } : {}), ...(a.alert ? { alertPublishedAt: a.alert.publishedAt.toISOString() } : {}) };
          }),
          requests: [...view.requests.values()].map((r) => ({ from: r.from, to: r.to, outcome: r.outcome, requestedAt: r.requestedAt.toISOString(), closedAt: r.closedAt.toISOString() })),
        };
      },
      { ok: false, error: 'the question is not { operationId }' },
    ),
    answerInternal<typeof timelineEntriesQuerySchema, TimelineEntriesAnswer>(
      nc,
      InternalSubjects.timelineEntries,
      timelineEntriesQuerySchema,
      ({ eventIds }) => ({
        entries: eventIds.flatMap((eventId) => {
          const item = context.projection.item(eventId);
          return item ? [{ eventId, summary: toTimelineEntry(item, undefined).summary }] : [];
        }),
      }),
      { entries: [] },
    ),
  ];
}
