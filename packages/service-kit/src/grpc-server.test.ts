import { describe, expect, it } from 'vitest';
import { PlanningServiceService } from '@concord/contracts/planning';
import { TaskingServiceService } from '@concord/contracts/tasking';
import { protoFiles, protoRoot } from '@concord/contracts';
import { reflect } from '@concord/testkit';
import { probeHealth } from './health-probe.js';
import { Code, ConcordError } from '@concord/errors';
import { startGrpcServer } from './grpc-server.js';

/** Nobody gets in: health and reflection must answer all the same. */
const closedDoor = {
  verifier: { verify: () => Promise.reject(new ConcordError(Code.Unauthenticated, 'nobody')) },
  disabled: { has: () => false },
  record: () => Promise.resolve(),
};

describe('every gRPC server', () => {
  it('answers health checks and server reflection, for services with and without RPCs', async () => {
    const server = await startGrpcServer('127.0.0.1:0', [
      { name: 'concord.v1.PlanningService', definition: PlanningServiceService, implementation: {}, protoFile: protoFiles.planning, protoRoot },
      { name: 'concord.v1.TaskingService', definition: TaskingServiceService, implementation: {}, protoFile: protoFiles.tasking, protoRoot },
    ], closedDoor);
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
