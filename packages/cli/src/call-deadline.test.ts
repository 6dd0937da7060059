import { Server, ServerCredentials, credentials, makeGenericClientConstructor, status, type ServerWritableStream, type ServiceDefinition, type ServiceError } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Code, type ConcordError } from '@concord/errors';
import { explainDeadline, unaryDeadline } from './call-deadline.js';

const same = (value: Buffer) => value;
const method = (path: string, responseStream: boolean) => ({ path, requestStream: false, responseStream, requestSerialize: same, requestDeserialize: same, responseSerialize: same, responseDeserialize: same });
const definition: ServiceDefinition = { Ask: method('/test.Silent/Ask', false), Watch: method('/test.Silent/Watch', true) };

interface SilentClient {
  Ask(request: Buffer, callback: (error: ServiceError | null) => void): void;
  Watch(request: Buffer): NodeJS.EventEmitter & { cancel(): void };
  close(): void;
}

describe('a command asking a service that accepted the call but never answers', () => {
  let server: Server;
  let client: SilentClient;
  const watchers: ServerWritableStream<Buffer, Buffer>[] = [];
  beforeAll(async () => {
    server = new Server();
    // Ask is never answered, as by a stopped process; Watch sends one entry a while after the deadline.
    server.addService(definition, {
      Ask: () => undefined,
      Watch: (call: ServerWritableStream<Buffer, Buffer>) => {
        watchers.push(call);
        setTimeout(() => call.write(Buffer.from('entry')), 1_500);
      },
    });
    const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))));
    const Silent = makeGenericClientConstructor(definition, 'Silent');
    client = new Silent(`127.0.0.1:${port}`, credentials.createInsecure(), { interceptors: [unaryDeadline(1)] }) as unknown as SilentClient;
  });
  afterAll(() => {
    client?.close();
    server?.forceShutdown();
  });

  it('gives up after the timeout with DEADLINE_EXCEEDED, said in the user\'s terms', async () => {
    const started = Date.now();
    const error = await new Promise<ServiceError | null>((resolve) => client.Ask(Buffer.alloc(0), resolve));
    expect(error?.code).toBe(status.DEADLINE_EXCEEDED);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(Date.now() - started).toBeLessThan(5_000);
    const explained = explainDeadline(error, 'AU', 'planning', 1) as ConcordError;
    expect(explained.code).toBe(Code.DeadlineExceeded);
    expect(explained.message).toMatch(/^AU's planning service gave no answer within 1 s \(--timeout <seconds> to wait longer\)/);
  });

  it('leaves a stream open past the timeout: a watch runs until stopped', async () => {
    const stream = client.Watch(Buffer.alloc(0));
    const first = await new Promise<unknown>((resolve, reject) => {
      stream.on('data', resolve);
      stream.on('error', reject);
    });
    expect(String(first)).toBe('entry');
    stream.on('error', () => undefined);
    stream.cancel();
  });

  it('passes any other failure through as it was', () => {
    const other = Object.assign(new Error('refused'), { code: status.PERMISSION_DENIED });
    expect(explainDeadline(other, 'AU', 'planning', 1)).toBe(other);
  });
});
