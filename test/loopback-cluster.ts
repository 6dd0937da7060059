/** A three-node JetStream cluster on loopback, for tests that kill one node: its servers, and one stop for all. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { localNatsRunner, type NatsServerHandle } from '@concord/launcher';
import { freeWorkerPort } from '@concord/testkit';

const host = '127.0.0.1';

export interface LoopbackCluster {
  readonly dir: string;
  /** The nodes still running, by name; `kill` removes one. */
  readonly servers: Map<string, NatsServerHandle>;
  clientUrl(name: string): string;
  kill(name: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startLoopbackCluster(names: readonly string[]): Promise<LoopbackCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'concord-cluster-'));
  const ports = new Map<string, { client: number; route: number; monitor: number }>();
  for (const name of names) ports.set(name, { client: await freeWorkerPort(), route: await freeWorkerPort(), monitor: await freeWorkerPort() });
  const runner = localNatsRunner();
  const servers = new Map<string, NatsServerHandle>();
  await Promise.all(
    names.map(async (name) => {
      const own = ports.get(name)!;
      const routes = names.filter((n) => n !== name).map((n) => `"nats-route://${host}:${ports.get(n)!.route}"`);
      const configPath = join(dir, `${name}.conf`);
      // Named after its directory, so no other test's cluster can join it through a reused port.
      const cluster = `cluster { name: ${basename(dir)}, listen: "${host}:${own.route}", routes: [${routes.join(', ')}] }`;
      await writeFile(configPath, [`server_name: ${name}`, `listen: "${host}:${own.client}"`, `http: "${host}:${own.monitor}"`, `jetstream { store_dir: "${join(dir, name)}" }`, cluster].join('\n'));
      servers.set(name, await runner.start({ name, configPath, pidFile: join(dir, `${name}.pid`), logPath: join(dir, `${name}.log`), monitorUrl: `http://${host}:${own.monitor}` }));
    }),
  );
  return {
    dir,
    servers,
    clientUrl: (name) => `nats://${host}:${ports.get(name)!.client}`,
    kill: async (name) => {
      const server = servers.get(name)!;
      server.kill();
      await server.exited;
      servers.delete(name);
    },
    stop: async () => {
      await Promise.all([...servers.values()].map((s) => s.stop()));
      if (!process.env.CONCORD_TEST_KEEP) await rm(dir, { recursive: true, force: true });
    },
  };
}
