/** Maps ConcordError to gRPC status, and wraps handlers so no error escapes without a code. */
import { Metadata, type ServerUnaryCall, type sendUnaryData, type ServiceError } from '@grpc/grpc-js';
import { Code, ConcordError } from '@concord/errors';
import type { Logger } from 'pino';

export function toServiceError(error: ConcordError): Partial<ServiceError> {
  const metadata = new Metadata();
  for (const violation of error.violations) metadata.add('concord-field', violation.path);
  // Internal errors say only that: their detail is for the logs, not for callers.
  const details = error.code === Code.Internal ? 'internal error; see the service log' : error.message;
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
        const level = error.code === Code.Internal || error.code === Code.Unknown ? 'error' : 'info';
        log[level]({ method, code: error.code, err: error.code === Code.Internal ? reason : undefined, error: error.message }, 'request failed');
        callback(toServiceError(error), null);
      },
    );
  };
}
