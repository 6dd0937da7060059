/**
 * A gRPC server for one service that also answers the standard health checking protocol and server
 * reflection, so grpcurl and grpc-health-probe work against every Concord service. It speaks TLS 1.3
 * only: a plaintext or older-TLS connection never reaches a handler.
 */
import { Server, type ServiceDefinition, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation, protoPath as healthProto } from 'grpc-health-check';
import { guardService, type AccessControl } from '@concord/access';
import { Code, ConcordError } from '@concord/errors';
import { serverCredentials, type ServerTls } from './grpc-credentials.js';

export interface GrpcServiceBinding {
  /** Fully qualified name, for example concord.v1.PlanningService. */
  readonly name: string;
  readonly definition: ServiceDefinition;
  readonly implementation: UntypedServiceImplementation;
  /** The .proto file that defines it, for reflection. */
  readonly protoFile: string;
  readonly protoRoot: string;
}

export interface RunningGrpcServer {
  readonly address: string;
  readonly port: number;
  readonly health: HealthImplementation;
  /** Says SERVING or NOT_SERVING for the server and every service on it. */
  setServing(serving: boolean): void;
  stop(graceMs?: number): Promise<void>;
}

/**
 * The largest request a service reads: well above the largest valid one (a joint plan's 50 objectives
 * of 2,000 characters, about 400 KB), far below grpc-js's 4 MiB default. A bigger request is refused
 * (RESOURCE_EXHAUSTED) as soon as its length prefix arrives, before its bytes are read.
 */
export const maxRequestBytes = 1024 * 1024;

const reflections = new Map<string, ReflectionService>();

/**
 * The reflection service for these bindings' .proto files. Parsing the files and building the
 * descriptors costs about 60 ms of CPU, and every service of an agency process (and every agency of a
 * test federation) serves the same few files: built once per set of files, then shared, as it holds
 * only those descriptors.
 */
export function reflectionFor(bindings: readonly Pick<GrpcServiceBinding, 'protoFile' | 'protoRoot'>[]): ReflectionService {
  const files = [...bindings.map((b) => b.protoFile), healthProto];
  const includeDirs = [...new Set(bindings.map((b) => b.protoRoot))];
  const key = JSON.stringify([files, includeDirs]);
  let reflection = reflections.get(key);
  if (!reflection) {
    reflection = new ReflectionService(loadSync(files, { includeDirs }));
    reflections.set(key, reflection);
  }
  return reflection;
}

/** Serves the bindings over TLS 1.3, each method behind the access guard (health and reflection stay open). */
export async function startGrpcServer(listen: string, bindings: readonly GrpcServiceBinding[], tls: ServerTls, access: AccessControl): Promise<RunningGrpcServer> {
  const server = new Server({ 'grpc.max_receive_message_length': maxRequestBytes });
  const health = new HealthImplementation({ '': 'SERVING', ...Object.fromEntries(bindings.map((b) => [b.name, 'SERVING'])) });
  health.addToServer(server);
  for (const binding of bindings) {
    // grpc-js refuses a service without methods; a capability whose RPCs are still to come is
    // served by health and reflection alone.
    if (Object.keys(binding.definition).length > 0) server.addService(binding.definition, guardService(binding.definition, binding.implementation, access));
  }

  reflectionFor(bindings).addToServer(server);

  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(listen, serverCredentials(tls), (error, boundPort) => {
      if (error) reject(new ConcordError(Code.Unavailable, `cannot listen for gRPC on ${listen}: ${error.message}`, { cause: error }));
      else resolve(boundPort);
    });
  });
  const host = listen.slice(0, listen.lastIndexOf(':'));
  const setServing = (serving: boolean) => {
    for (const name of ['', ...bindings.map((b) => b.name)]) health.setStatus(name, serving ? 'SERVING' : 'NOT_SERVING');
  };
  return {
    address: `${host}:${port}`,
    port,
    health,
    setServing,
    stop: (graceMs = 5_000) =>
      new Promise<void>((resolve) => {
        setServing(false);
        const force = setTimeout(() => server.forceShutdown(), graceMs);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      }),
  };
}
