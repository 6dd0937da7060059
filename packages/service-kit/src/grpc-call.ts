/**
 * Unary gRPC calls on generated clients as promises, by method name, with a deadline. Failures become
 * ConcordErrors carrying the server's status code; an unreachable server says what to check.
 */
import { Metadata, status, type CallOptions, type Client, type ServiceError } from '@grpc/grpc-js';
import { Code, ConcordError } from '@concord/errors';

/** The last overload of a generated unary method: (request, metadata, options, callback). */
type UnaryMethod<Req, Res> = (request: Req, metadata: Metadata, options: Partial<CallOptions>, callback: (error: ServiceError | null, response: Res) => void) => unknown;

/** The names of a generated client's unary methods. */
export type UnaryNames<C> = { [K in keyof C]: C[K] extends UnaryMethod<never, unknown> ? K : never }[keyof C] & string;
/** The request type of a generated unary method. */
export type RequestOf<M> = M extends UnaryMethod<infer Req, unknown> ? Req : never;
type ResponseOf<M> = M extends UnaryMethod<never, infer Res> ? Res : never;

export function callUnary<C extends Client, K extends UnaryNames<C>>(client: C, method: K, request: RequestOf<C[K]>, timeoutMs = 10_000): Promise<ResponseOf<C[K]>> {
  const invoke = client[method] as UnaryMethod<RequestOf<C[K]>, ResponseOf<C[K]>>;
  return new Promise((resolve, reject) => {
    invoke.call(client, request, new Metadata(), { deadline: new Date(Date.now() + timeoutMs) }, (error, response) => {
      if (!error) return resolve(response);
      if (error.code === status.UNAVAILABLE) {
        return reject(new ConcordError(Code.Unavailable, `cannot reach ${client.getChannel().getTarget()}: is the federation running? (npm start)`, { cause: error }));
      }
      reject(new ConcordError(error.code as number as Code, error.details || error.message, { cause: error }));
    });
  });
}
