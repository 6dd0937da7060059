/**
 * Answers this agency's other services (intel releasing an alert to an operation) with the operation's
 * participants, on a subject private to the agency's server.
 */
import type { NatsConnection, Subscription } from 'nats';
import { InternalSubjects, participantsQuerySchema, type ParticipantsAnswer } from '@concord/federation';
import type { PlanningContext } from './planning-context.js';

export function answerParticipantQueries(nc: NatsConnection, context: Pick<PlanningContext, 'agency' | 'projection' | 'log'>): Subscription {
  const encoder = new TextEncoder();
  return nc.subscribe(InternalSubjects.operationParticipants, {
    callback: (error, message) => {
      if (error) return;
      let answer: ParticipantsAnswer;
      try {
        const { operationId } = participantsQuerySchema.parse(JSON.parse(new TextDecoder().decode(message.data)));
        const { lifecycle } = context.projection.view(operationId);
        answer =
          lifecycle.status === 'absent'
            ? { ok: false, error: `operation ${operationId} is not known to ${context.agency} (a draft is proposed first)` }
            : { ok: true, participants: [...lifecycle.operation.participants] };
      } catch {
        answer = { ok: false, error: 'the question is not { operationId }' };
      }
      message.respond(encoder.encode(JSON.stringify(answer)));
    },
  });
}
