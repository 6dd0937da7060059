/**
 * A service's health follows its agency's nats-server: NOT_SERVING while it is gone, SERVING once it is
 * back, and the connection comes back even after another process on the port refused its credentials.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localNatsRunner } from '@concord/launcher';
import { probeHealth } from '@concord/service-kit';
import { freeWorkerPort, TestFederation, waitFor } from '@concord/testkit';

let federation: TestFederation;

beforeAll(async () => {
  federation = await TestFederation.start({ agencies: ['AU', 'ID'], services: ['AU'] });
});

afterAll(async () => {
  await federation?.stop();
});

const health = (service: 'planning' | 'intel' = 'planning') => probeHealth(federation.prepared.endpoints.agencies.AU!.grpc[service], federation.ca('AU'));

async function expectHealth(expected: string, timeoutMs: number): Promise<void> {
  await waitFor(async () => expect(await health()).toBe(expected), timeoutMs, 100);
}

async function connectionsOfServices(): Promise<number> {
  const connz = (await (await fetch(`${federation.prepared.endpoints.agencies.AU!.monitor}/connz`)).json()) as { num_connections: number };
  return connz.num_connections;
}

describe('service health and the NATS connection', () => {
  it('says NOT_SERVING while its nats-server is down, and SERVING again once it is back', async () => {
    expect(await health()).toBe('SERVING');
    await federation.stopAgencyServer('AU');
    await expectHealth('NOT_SERVING', 5_000);
    await federation.startAgencyServer('AU');
    await expectHealth('SERVING', 15_000);
  });

  it('says NOT_SERVING while connected to a server whose JetStream does not answer', async () => {
    const configPath = federation.prepared.paths.agency('AU').natsConfig;
    const original = await readFile(configPath, 'utf8');
    await federation.stopAgencyServer('AU');
    await federation.rewriteAgencyConfig('AU', ({ jetstream: _dropped, ...config }) => config);
    await federation.startAgencyServer('AU');
    try {
      // Connected again (the server counts the services), and still NOT_SERVING: JetStream is what is missing.
      await waitFor(async () => expect(await connectionsOfServices()).toBeGreaterThanOrEqual(5), 15_000, 200);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      expect(await health()).toBe('NOT_SERVING');
    } finally {
      await federation.stopAgencyServer('AU');
      await writeFile(configPath, original);
      await federation.startAgencyServer('AU');
    }
    await expectHealth('SERVING', 15_000);
  });

  it('reconnects once the real server is back, after an impostor on its port refused its credentials', async () => {
    const config = federation.prepared.services.AU!.planning;
    const port = Number(new URL(config.natsUrl).port);
    const dir = join(federation.dir, 'impostor');
    const monitor = await freeWorkerPort();
    const impostorConfig = join(federation.dir, 'impostor.conf');
    // Same port, a certificate the services trust, other users: every service is told AUTHORIZATION_VIOLATION.
    await writeFile(impostorConfig, JSON.stringify({ host: '127.0.0.1', port, http: `127.0.0.1:${monitor}`, tls: { cert_file: config.tlsCert, key_file: config.tlsKey }, authorization: { user: 'impostor', password: 'not-yours' } }));

    await federation.stopAgencyServer('AU');
    const impostor = await localNatsRunner().start({ name: 'impostor', configPath: impostorConfig, pidFile: join(dir, 'pid'), logPath: join(dir, 'log'), monitorUrl: `http://127.0.0.1:${monitor}` });
    try {
      // Long enough for several refused reconnects; nats.js gives up after two unless told not to.
      await waitFor(async () => expect(await countRefusedLogins(join(dir, 'log'))).toBeGreaterThanOrEqual(10), 15_000, 200);
      expect(await health()).toBe('NOT_SERVING');
    } finally {
      await impostor.stop();
    }
    await federation.startAgencyServer('AU');
    await expectHealth('SERVING', 15_000);
    // Every service of the agency is connected again: five services, each with its connection.
    await waitFor(async () => expect(await connectionsOfServices()).toBeGreaterThanOrEqual(5), 10_000, 200);
    expect(await health('intel')).toBe('SERVING');
  });
});

async function countRefusedLogins(log: string): Promise<number> {
  const text = await readFile(log, 'utf8').catch(() => '');
  return text.split('\n').filter((line) => /authentication error/.test(line)).length;
}
