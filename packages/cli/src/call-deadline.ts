/**
 * A deadline for every question a command asks: a service that accepted the connection but does not
 * answer (its process stopped, its host frozen) would otherwise hold the command for ever. Streams
 * (`--follow`, watches) are left without one: they run until stopped.
 */
import { InterceptingCall, status, type Interceptor } from '@grpc/grpc-js';
import { Code, ConcordError } from '@concord/errors';

export function unaryDeadline(seconds: number): Interceptor {
  return (options, nextCall) => {
    const { requestStream, responseStream } = options.method_definition;
    const unary = !requestStream && !responseStream;
    return new InterceptingCall(nextCall(unary && options.deadline === undefined ? { ...options, deadline: Date.now() + seconds * 1_000 } : options));
  };
}

/** DEADLINE_EXCEEDED said in the user's terms: which service, how long, and the flag that sets it. */
export function explainDeadline(error: unknown, agency: string, service: string, seconds: number): unknown {
  if ((error as { code?: unknown } | null)?.code !== status.DEADLINE_EXCEEDED) return error;
  return new ConcordError(Code.DeadlineExceeded, `${agency}'s ${service} service gave no answer within ${seconds} s (--timeout <seconds> to wait longer); if it was an act, list or get to see whether it was carried out before trying again`, { cause: error });
}
