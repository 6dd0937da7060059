import { Server, ServerCredentials, credentials, makeGenericClientConstructor, status, type ServiceDefinition, type ServiceError } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestIdInterceptor, retryUnavailable } from './request-id-interceptor.js';
import { requestIdHeader } from './request-ledger.js';

const same = (value: Buffer) => value;
const definition: ServiceDefinition = {
  Act: { path: '/test.Acts/Act', requestStream: false, responseStream: false, requestSerialize: same, requestDeserialize: same, responseSerialize: same, responseDeserialize: same },
};

describe('the client half of request ids', () => {
  const seen: string[] = [];
  let server: Server;
  let client: { Act(request: Buffer, callback: (error: ServiceError | null) => void): void; close(): void };
  beforeAll(async () => {
    server = new Server();
    // The first attempt of each call finds the service unavailable; the next one is served.
    server.addService(definition, {
      Act: (call: { metadata: { get(key: string): unknown[] } }, callback: (error: Partial<ServiceError> | null, value?: Buffer) => void) => {
        const id = String(call.metadata.get(requestIdHeader)[0]);
        seen.push(id);
        if (seen.filter((s) => s === id).length === 1) callback({ code: status.UNAVAILABLE, details: 'restarting' });
        else callback(null, Buffer.alloc(0));
      },
    });
    const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))));
    const Acts = makeGenericClientConstructor(definition, 'Acts');
    client = new Acts(`127.0.0.1:${port}`, credentials.createInsecure(), { ...retryUnavailable, interceptors: [requestIdInterceptor('run-1')] }) as unknown as typeof client;
  });
  afterAll(() => {
    client?.close();
    server?.forceShutdown();
  });

  it('retries UNAVAILABLE with the same id, and numbers the calls of one run', async () => {
    const act = () => new Promise<void>((resolve, reject) => client.Act(Buffer.alloc(0), (error) => (error ? reject(error) : resolve())));
    await act();
    await act();
    expect(seen).toEqual(['run-1.0', 'run-1.0', 'run-1.1', 'run-1.1']);
  });
});
