/** The launcher's supervisor asks an agency's services for their health over channels it keeps, not one per check. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, connect, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlanningServiceService } from '@concord/contracts/planning';
import { protoFiles, protoRoot } from '@concord/contracts';
import { Code, ConcordError } from '@concord/errors';
import { agencyHealth } from '@concord/launcher';
import { ensureAgencyTls } from '@concord/pki';
import { startGrpcServer, type RunningGrpcServer } from '@concord/service-kit';
import { freeWorkerPort } from '@concord/testkit';

const nobody = {
  verifier: { verify: () => Promise.reject(new ConcordError(Code.Unauthenticated, 'nobody')) },
  disabled: { has: () => false },
  record: () => Promise.resolve(),
};

/** A TCP relay in front of `port` that counts the connections made through it. */
async function countingRelay(port: number): Promise<{ server: Server; port: number; connections: () => number }> {
  let connections = 0;
  const server = createServer((socket) => {
    connections += 1;
    const upstream = connect(port, '127.0.0.1');
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  });
  const listen = await freeWorkerPort();
  await new Promise<void>((resolve) => server.listen(listen, '127.0.0.1', resolve));
  return { server, port: listen, connections: () => connections };
}

describe('the supervisor health check of an agency', () => {
  let dir: string;
  let grpc: RunningGrpcServer;
  let relay: Awaited<ReturnType<typeof countingRelay>>;
  let ca: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'concord-launcher-health-'));
    const tls = await ensureAgencyTls(join(dir, 'AU'), { agency: 'AU', listenHost: '127.0.0.1' });
    ca = join(dir, 'ca.pem');
    await writeFile(ca, tls.ca.certPem);
    const binding = { name: 'concord.v1.PlanningService', definition: PlanningServiceService, implementation: {}, protoFile: protoFiles.planning, protoRoot };
    grpc = await startGrpcServer(`127.0.0.1:${await freeWorkerPort()}`, [binding], { cert: tls.server.certPem, key: tls.server.keyPem }, nobody);
    relay = await countingRelay(grpc.port);
  });
  afterAll(async () => {
    relay?.server.close();
    await grpc?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('reuses one connection per service for every check, and sees NOT_SERVING on it', async () => {
    const health = agencyHealth({ grpc: { planning: `127.0.0.1:${relay.port}` }, ca });
    try {
      for (let i = 0; i < 5; i++) expect(await health.noneNotServing()).toBe(true);
      grpc.setServing(false);
      expect(await health.noneNotServing()).toBe(false);
      grpc.setServing(true);
      expect(await health.noneNotServing()).toBe(true);
      // Seven checks, one TLS handshake: a channel per check made seven.
      expect(relay.connections()).toBe(1);
    } finally {
      health.close();
    }
  });
});
