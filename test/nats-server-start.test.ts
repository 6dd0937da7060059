/**
 * The launcher's nats-server start: it calls a server healthy only when the process answering on the
 * monitor port is the one it started, and a missing binary is named as such, with how to install it.
 */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localNatsRunner, type NatsRunner, type NatsServerSpec } from '@concord/launcher';
import { freeWorkerPort, TestFederation } from '@concord/testkit';

let dir: string;
let spec: NatsServerSpec;
let ports: { nats: number; monitor: number };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'concord-nats-start-'));
  ports = { nats: await freeWorkerPort(), monitor: await freeWorkerPort() };
  const configPath = join(dir, 'nats.conf');
  const config = { server_name: 'concord-start-test', host: '127.0.0.1', port: ports.nats, http: `127.0.0.1:${ports.monitor}`, jetstream: { store_dir: join(dir, 'js') }, pid_file: join(dir, 'nats.pid') };
  await writeFile(configPath, JSON.stringify(config));
  spec = { name: 'test nats-server', configPath, pidFile: join(dir, 'nats.pid'), logPath: join(dir, 'nats.log'), monitorUrl: `http://127.0.0.1:${ports.monitor}` };
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const listening = <S extends HttpServer | TcpServer>(server: S, port: number) => new Promise<S>((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
const closed = (server: HttpServer | TcpServer) => new Promise<void>((resolve) => server.close(() => resolve()));

describe('starting nats-server', () => {
  it('refuses to call an impostor on its ports healthy, and says its own server could not start', async () => {
    // Another process holds both ports; its monitor answers /healthz and /varz as a nats-server would.
    const impostorNats = await listening(createTcpServer((socket) => socket.destroy()), ports.nats);
    const impostorMonitor = await listening(
      createHttpServer((request, response) => {
        response.setHeader('content-type', 'application/json');
        response.end(request.url?.startsWith('/varz') ? JSON.stringify({ server_id: 'NIMPOSTOR', server_name: 'concord-start-test' }) : '{"status":"ok"}');
      }),
      ports.monitor,
    );
    try {
      await expect(localNatsRunner().start(spec)).rejects.toThrow(/test nats-server exited during start-up; its log ends:\n.*address already in use/s);
    } finally {
      await closed(impostorNats);
      await closed(impostorMonitor);
    }
  });

  it('calls its own server healthy once it answers', async () => {
    const server = await localNatsRunner().start(spec);
    try {
      const varz = (await (await fetch(`${spec.monitorUrl}/varz`)).json()) as { server_name: string };
      expect(varz.server_name).toBe('concord-start-test');
    } finally {
      await server.stop();
    }
  });

  it('names a missing binary and how to install it', async () => {
    const missing = join(dir, 'no-such-nats-server');
    const failure = localNatsRunner(missing).start(spec);
    await expect(failure).rejects.toThrow(`${missing} not found; install it (Debian: apt-get install nats-server) or set CONCORD_NATS_SERVER to its path`);
  });

  it('says the same through the test kit, which runs the binary CONCORD_NATS_SERVER names', async () => {
    const saved = process.env.CONCORD_NATS_SERVER;
    process.env.CONCORD_NATS_SERVER = join(dir, 'no-such-nats-server');
    try {
      await expect(TestFederation.start({ agencies: ['AU'], services: false })).rejects.toThrow(/no-such-nats-server not found; install it \(Debian: apt-get install nats-server\)/);
    } finally {
      if (saved === undefined) delete process.env.CONCORD_NATS_SERVER;
      else process.env.CONCORD_NATS_SERVER = saved;
    }
  });

  it('leaves no server running when one agency of a test federation fails to start', async () => {
    // TH fails at once; AU and ID are still starting then, and must be stopped once they are up.
    const local = localNatsRunner();
    const started: Array<{ name: string; exited: Promise<number | null> }> = [];
    const runner: NatsRunner = {
      kind: 'local binary',
      start: async (server) => {
        if (server.name === 'TH nats-server') throw new Error('TH cannot start here');
        const handle = await local.start(server);
        started.push(handle);
        return handle;
      },
    };
    await expect(TestFederation.start({ agencies: ['AU', 'ID', 'TH'], services: false, runner })).rejects.toThrow('TH cannot start here');
    expect(started.map((s) => s.name).sort()).toEqual(['AU nats-server', 'ID nats-server', 'hub nats-server']);
    for (const server of started) await expect(Promise.race([server.exited.then(() => 'exited'), new Promise((resolve) => setTimeout(resolve, 5_000, 'still running'))])).resolves.toBe('exited');
  });
});
