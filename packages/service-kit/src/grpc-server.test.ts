import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentials, type ServiceError } from '@grpc/grpc-js';
import { PlanningServiceService } from '@concord/contracts/planning';
import { TaskingServiceService } from '@concord/contracts/tasking';
import { protoFiles, protoRoot } from '@concord/contracts';
import { Code, ConcordError } from '@concord/errors';
import { ensureAgencyTls, type AgencyTls } from '@concord/pki';
import { reflect } from '@concord/testkit';
import { grpcCredentials } from './grpc-credentials.js';
import { probeHealth } from './health-probe.js';
import { reflectionFor, startGrpcServer, type RunningGrpcServer } from './grpc-server.js';

/** A bare TLS handshake with the server, offering HTTP/2 as grpc does: the protocol agreed, or the error. */
function handshake(port: number, options: ConnectionOptions): Promise<string> {
  return new Promise((resolve) => {
    const socket = tlsConnect({ host: '127.0.0.1', port, ALPNProtocols: ['h2'], ...options }, () => {
      resolve(`${socket.getProtocol()} ${socket.alpnProtocol || ''}`.trim());
      socket.end();
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(`refused: ${error.code ?? error.message}`));
  });
}

/** Nobody gets in: health and reflection must answer all the same. */
const closedDoor = {
  verifier: { verify: () => Promise.reject(new ConcordError(Code.Unauthenticated, 'nobody')) },
  disabled: { has: () => false },
  record: () => Promise.resolve(),
};

describe('every gRPC server', () => {
  let dir: string;
  let au: AgencyTls;
  let other: AgencyTls;
  let server: RunningGrpcServer;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'concord-grpc-'));
    au = await ensureAgencyTls(join(dir, 'AU'), { agency: 'AU', listenHost: '127.0.0.1' });
    other = await ensureAgencyTls(join(dir, 'ID'), { agency: 'ID', listenHost: '127.0.0.1' });
    server = await startGrpcServer(
      '127.0.0.1:0',
      [
        { name: 'concord.v1.PlanningService', definition: PlanningServiceService, implementation: {}, protoFile: protoFiles.planning, protoRoot },
        { name: 'concord.v1.TaskingService', definition: TaskingServiceService, implementation: {}, protoFile: protoFiles.tasking, protoRoot },
      ],
      { cert: au.server.certPem, key: au.server.keyPem },
      closedDoor,
    );
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers health checks and server reflection over TLS, for services with and without RPCs', async () => {
    const ca = au.ca.certPem;
    expect(await probeHealth(server.address, ca)).toBe('SERVING');
    expect(await probeHealth(server.address, ca, 'concord.v1.PlanningService')).toBe('SERVING');
    expect(await probeHealth(server.address, ca, 'concord.v1.TaskingService')).toBe('SERVING');
    expect(await probeHealth(server.address, ca, 'concord.v1.Unknown')).toBe('SERVICE_UNKNOWN');

    const listed = await reflect(server.address, grpcCredentials(ca), { listServices: '' });
    expect(listed.listServicesResponse?.service.map((s) => s.name)).toEqual(expect.arrayContaining(['concord.v1.PlanningService', 'concord.v1.TaskingService', 'grpc.health.v1.Health']));
    const file = await reflect(server.address, grpcCredentials(ca), { fileContainingSymbol: 'concord.v1.PlanningService' });
    expect(Buffer.concat(file.fileDescriptorResponse?.fileDescriptorProto ?? []).toString('latin1')).toContain('CreateOperation');
  });

  it('refuses a plaintext client, and a TLS client that trusts another CA', async () => {
    const plaintext = await reflect(server.address, credentials.createInsecure(), { listServices: '' }).catch((error: ServiceError) => error);
    expect(plaintext).toMatchObject({ code: 14 });
    const untrusting = await reflect(server.address, grpcCredentials(other.ca.certPem), { listServices: '' }).catch((error: ServiceError) => error);
    expect(untrusting).toMatchObject({ code: 14 });
    expect((untrusting as ServiceError).details).toMatch(/certificate/i);
    expect(await probeHealth(server.address, other.ca.certPem, '', 1_000)).toBe('UNREACHABLE');
  });

  it('speaks TLS 1.3 and nothing older: a TLS 1.2 handshake is refused', async () => {
    expect(await handshake(server.port, { ca: au.ca.certPem })).toBe('TLSv1.3 h2');
    expect(await handshake(server.port, { ca: au.ca.certPem, maxVersion: 'TLSv1.2' })).toMatch(/^refused: ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION/);
  });

  it('parses a set of .proto files for reflection once, and the servers sharing it each answer from it', async () => {
    const planning = { protoFile: protoFiles.planning, protoRoot };
    const tasking = { protoFile: protoFiles.tasking, protoRoot };
    expect(reflectionFor([planning, tasking])).toBe(reflectionFor([{ ...planning }, { ...tasking }]));
    expect(reflectionFor([planning])).not.toBe(reflectionFor([planning, tasking]));
    const second = await startGrpcServer('127.0.0.1:0', [{ name: 'concord.v1.TaskingService', definition: TaskingServiceService, implementation: {}, ...tasking }, { name: 'concord.v1.PlanningService', definition: PlanningServiceService, implementation: {}, ...planning }].reverse(), { cert: au.server.certPem, key: au.server.keyPem }, closedDoor);
    try {
      for (const address of [server.address, second.address]) {
        const file = await reflect(address, grpcCredentials(au.ca.certPem), { fileContainingSymbol: 'concord.v1.TaskingService' });
        expect(file.fileDescriptorResponse?.fileDescriptorProto.length).toBeGreaterThan(0);
      }
    } finally {
      await second.stop();
    }
  });

  it('is unreachable once stopped', async () => {
    const stopped = await startGrpcServer('127.0.0.1:0', [], { cert: au.server.certPem, key: au.server.keyPem }, closedDoor);
    await stopped.stop();
    expect(await probeHealth(stopped.address, au.ca.certPem, '', 500)).toBe('UNREACHABLE');
  });
});
