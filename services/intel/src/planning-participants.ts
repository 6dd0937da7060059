/**
 * Asks this agency's planning service, on a subject private to the agency's server, who takes part in
 * an operation: the intel service never reads the planning store itself.
 */
import type { NatsConnection } from 'nats';
import { z } from 'zod';
import { Code, ConcordError } from '@concord/errors';
import { InternalSubjects, participantsAnswerSchema } from '@concord/federation';

export async function askPlanningForParticipants(nc: NatsConnection, operationId: string): Promise<readonly string[]> {
  let data: Uint8Array;
  try {
    data = (await nc.request(InternalSubjects.operationParticipants, new TextEncoder().encode(JSON.stringify({ operationId })), { timeout: 5_000 })).data;
  } catch {
    throw new ConcordError(Code.Unavailable, 'the planning service of this agency does not answer; release the alert to named agencies, or try again');
  }
  const answer = participantsAnswerSchema.safeParse(JSON.parse(new TextDecoder().decode(data)));
  if (!answer.success) throw new ConcordError(Code.Internal, `unreadable answer from the planning service: ${z.prettifyError(answer.error)}`);
  if (!answer.data.ok) throw new ConcordError(Code.NotFound, answer.data.error);
  return answer.data.participants;
}
