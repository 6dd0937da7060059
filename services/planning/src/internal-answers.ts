/**
 * Answers this agency's other services on subjects private to the agency's server: who takes part in
 * an operation (intel releasing an alert to it), and whether a national action exists (tasking tying a
 * task to it). They never read the planning store themselves.
 */
import type { NatsConnection, Subscription } from 'nats';
import type { z } from 'zod';
import { actionQuerySchema, InternalSubjects, participantsQuerySchema, type ActionAnswer, type ParticipantsAnswer } from '@concord/federation';
import type { PlanningContext } from './planning-context.js';
import { actionKey, privateActionSchema } from './private-records.js';

function answer<Q extends z.ZodType, A>(nc: NatsConnection, subject: string, query: Q, respond: (question: z.output<Q>) => A | Promise<A>, malformed: A): Subscription {
  const encoder = new TextEncoder();
  return nc.subscribe(subject, {
    callback: (error, message) => {
      if (error) return;
      let question: z.output<Q>;
      try {
        question = query.parse(JSON.parse(new TextDecoder().decode(message.data)));
      } catch {
        message.respond(encoder.encode(JSON.stringify(malformed)));
        return;
      }
      void Promise.resolve(respond(question)).then((reply) => message.respond(encoder.encode(JSON.stringify(reply))));
    },
  });
}

export function answerInternalQueries(nc: NatsConnection, context: Pick<PlanningContext, 'agency' | 'projection' | 'store' | 'log'>): Subscription[] {
  return [
    answer<typeof participantsQuerySchema, ParticipantsAnswer>(
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
    answer<typeof actionQuerySchema, ActionAnswer>(
      nc,
      InternalSubjects.agencyAction,
      actionQuerySchema,
      async ({ actionId }) => {
        const action = await context.store.get(actionKey(actionId), privateActionSchema).catch(() => undefined);
        return action ? { ok: true, operationId: action.operationId, status: action.shared.status } : { ok: false, error: `${context.agency} has no action ${actionId}` };
      },
      { ok: false, error: 'the question is not { actionId }' },
    ),
  ];
}
