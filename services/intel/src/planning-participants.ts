/**
 * Asks this agency's planning service, on a subject private to the agency's server, who takes part in
 * an operation: the intel service never reads the planning store itself.
 */
import type { NatsConnection } from 'nats';
import { Code, ConcordError } from '@concord/errors';
import { askInternal, InternalSubjects, participantsAnswerSchema } from '@concord/federation';

export async function askPlanningForParticipants(nc: NatsConnection, operationId: string): Promise<readonly string[]> {
  const answer = await askInternal(nc, InternalSubjects.operationParticipants, { operationId }, participantsAnswerSchema, 'planning');
  if (!answer.ok) throw new ConcordError(Code.NotFound, answer.error);
  return answer.participants;
}
