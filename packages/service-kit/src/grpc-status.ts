/** Maps ConcordError to gRPC status, and wraps handlers so no error escapes without a code. */
import { Metadata, type ServerUnaryCall, type sendUnaryData, type ServiceError } from '@grpc/grpc-js';
import { Code, ConcordError } from '@concord/errors';
import type { Logger } from 'pino';
import { failedRequestsOf, peerHost } from './refusal-log.js';

/**
 * What a refusal carries back is bounded: a message and field names that echo a huge request would
 * make trailers too big to send, and the caller would wait out its deadline instead of hearing why.
 */
const maxDetails = 500;
const maxFields = 16;
const maxFieldPath = 100;

const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function toServiceError(error: ConcordError): Partial<ServiceError> {
  const metadata = new Metadata();
  for (const violation of error.violations.slice(0, maxFields)) metadata.add('concord-field', cut(violation.path, maxFieldPath));
  // Internal errors say only that: their detail is for the logs, not for callers.
  const details = error.code === Code.Internal ? 'internal error; see the service log' : cut(error.message, maxDetails);
  return { code: error.code, details, metadata };
}

export type UnaryHandler<Req, Res> = (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => void;

/** Runs a handler; whatever it throws, at once or later, becomes a status with a code, logged once here. */
export function unary<Req, Res>(log: Logger, method: string, handle: (request: Req) => Res | Promise<Res>): UnaryHandler<Req, Res> {
  return (call, callback) => {
    Promise.resolve(call.request).then(handle).then(
      (response) => callback(null, response),
      (reason: unknown) => {
        const error = ConcordError.from(reason);
        const internal = error.code === Code.Internal || error.code === Code.Unknown;
        failedRequestsOf(log).record({ peer: peerHost(call.getPeer()), method, code: error.code, error: error.message, ...(internal ? { err: reason } : {}) }, internal ? 'error' : 'info');
        callback(toServiceError(error), null);
      },
    );
  };
}
