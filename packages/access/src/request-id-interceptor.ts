/**
 * The client half of request ids: every call gets a `concord-request-id` (one random id per program
 * run, numbered per call), and a call that finds the service UNAVAILABLE is sent again, with the same
 * id, after a growing pause. A retry of a mutating call that was in fact carried out then gets the
 * first answer instead of doing it twice (request-ledger.ts).
 */
import { randomUUID } from 'node:crypto';
import { InterceptingCall, type ClientOptions, type Interceptor } from '@grpc/grpc-js';
import { requestIdHeader } from './request-ledger.js';

/** One id per call made through it: `<invocation>.<n>`. Retries happen below it and resend the same metadata. */
export function requestIdInterceptor(invocation: string = randomUUID()): Interceptor {
  let calls = 0;
  return (options, nextCall) => {
    const id = `${invocation}.${calls++}`;
    return new InterceptingCall(nextCall(options), {
      start(metadata, listener, next) {
        if (metadata.get(requestIdHeader).length === 0) metadata.set(requestIdHeader, id);
        next(metadata, listener);
      },
    });
  };
}

/**
 * grpc-js retries (gRFC A6) for every method: UNAVAILABLE only, the one status that says nothing was
 * done yet or the service went away; five attempts over about eight seconds at most, enough for a
 * service to restart. The channel tries to reconnect at least every second: by default its pause
 * grows to two minutes, and calls fail at once meanwhile, long after the service is back.
 */
export const retryUnavailable: ClientOptions = {
  'grpc.initial_reconnect_backoff_ms': 200,
  'grpc.max_reconnect_backoff_ms': 1_000,
  'grpc.service_config': JSON.stringify({
    methodConfig: [
      {
        name: [{}],
        retryPolicy: { maxAttempts: 5, initialBackoff: '0.5s', maxBackoff: '4s', backoffMultiplier: 2, retryableStatusCodes: ['UNAVAILABLE'] },
      },
    ],
  }),
};
