import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { credentials, loadPackageDefinition, type Client, type ClientDuplexStream } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { PlanningServiceService } from '@concord/contracts/planning';
import { TaskingServiceService } from '@concord/contracts/tasking';
import { protoFiles, protoRoot } from '@concord/contracts';
import { probeHealth } from './health-probe.js';
import { startGrpcServer } from './grpc-server.js';

const reflectionProto = join(dirname(createRequire(import.meta.url).resolve('@grpc/reflection')), '..', 'proto', 'grpc', 'reflection', 'v1', 'reflection.proto');

interface ReflectionResponse {
  listServicesResponse?: { service: Array<{ name: string }> };
  fileDescriptorResponse?: { fileDescriptorProto: Buffer[] };
  errorResponse?: { errorCode: number };
}

/** One request on the reflection stream, as grpcurl sends it. */
function reflect(address: string, request: Record<string, string>): Promise<ReflectionResponse> {
  const definition = loadPackageDefinition(loadSync(reflectionProto, { keepCase: false })) as unknown as {
    grpc: { reflection: { v1: { ServerReflection: new (address: string, creds: ReturnType<typeof credentials.createInsecure>) => Client } } };
  };
  const client = new definition.grpc.reflection.v1.ServerReflection(address, credentials.createInsecure());
  const stream = (client as unknown as { serverReflectionInfo(): ClientDuplexStream<unknown, ReflectionResponse> }).serverReflectionInfo();
  return new Promise((resolve, reject) => {
    stream.once('data', (response: ReflectionResponse) => {
      stream.end();
      client.close();
      resolve(response);
    });
    stream.once('error', reject);
    stream.write(request);
  });
}

describe('every gRPC server', () => {
  it('answers health checks and server reflection, for services with and without RPCs', async () => {
    const server = await startGrpcServer('127.0.0.1:0', [
      { name: 'concord.v1.PlanningService', definition: PlanningServiceService, implementation: {}, protoFile: protoFiles.planning, protoRoot },
      { name: 'concord.v1.TaskingService', definition: TaskingServiceService, implementation: {}, protoFile: protoFiles.tasking, protoRoot },
    ]);
    try {
      expect(await probeHealth(server.address)).toBe('SERVING');
      expect(await probeHealth(server.address, 'concord.v1.PlanningService')).toBe('SERVING');
      expect(await probeHealth(server.address, 'concord.v1.TaskingService')).toBe('SERVING');
      expect(await probeHealth(server.address, 'concord.v1.Unknown')).toBe('SERVICE_UNKNOWN');

      const listed = await reflect(server.address, { listServices: '' });
      expect(listed.listServicesResponse?.service.map((s) => s.name)).toEqual(expect.arrayContaining(['concord.v1.PlanningService', 'concord.v1.TaskingService', 'grpc.health.v1.Health']));
      const file = await reflect(server.address, { fileContainingSymbol: 'concord.v1.PlanningService' });
      expect(Buffer.concat(file.fileDescriptorResponse?.fileDescriptorProto ?? []).toString('latin1')).toContain('CreateOperation');
    } finally {
      await server.stop();
    }
    expect(await probeHealth(server.address, '', 500)).toBe('UNREACHABLE');
  });
});
