/** Calls with an explicit client request id, as a client retrying by request id makes them. */
import { Metadata, type Client, type ServiceError } from '@grpc/grpc-js';
import { requestIdHeader } from '@concord/access';
import type { RequestOf, UnaryNames } from '@concord/service-kit';

type Unary<Req, Res> = (request: Req, metadata: Metadata, options: { deadline: number }, callback: (error: ServiceError | null, response: Res) => void) => unknown;

/** One call carrying `concord-request-id: requestId`; rejects with the grpc-js ServiceError. */
export function callWithId<C extends Client, K extends UnaryNames<C>, Res = C[K] extends Unary<never, infer R> ? R : never>(client: C, method: K, request: RequestOf<C[K]>, requestId: string, timeoutMs = 10_000): Promise<Res> {
  const metadata = new Metadata();
  metadata.set(requestIdHeader, requestId);
  const invoke = client[method] as unknown as Unary<RequestOf<C[K]>, Res>;
  return new Promise((resolve, reject) => {
    invoke.call(client, request, metadata, { deadline: Date.now() + timeoutMs }, (error, response) => (error ? reject(error) : resolve(response)));
  });
}
