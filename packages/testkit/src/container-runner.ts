/**
 * nats-server in a container (testcontainers), for machines with Docker and no local binary. The
 * federation's directory is mounted at the same path and the container uses the host network, so
 * the generated configurations (absolute paths, loopback addresses) work unchanged.
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { waitHealthy, type NatsRunner } from '@concord/launcher';

export const natsImage = process.env.CONCORD_NATS_IMAGE ?? 'nats:2.9.10-alpine';

export function containerNatsRunner(root: string, image = natsImage): NatsRunner {
  return {
    kind: 'container',
    async start(spec) {
      const { GenericContainer } = await import('testcontainers');
      const user = process.getuid && process.getgid ? `${process.getuid()}:${process.getgid()}` : undefined;
      let container = new GenericContainer(image)
        .withNetworkMode('host')
        .withBindMounts([{ source: root, target: root, mode: 'rw' }])
        .withCommand(['-c', spec.configPath]);
      if (user) container = container.withUser(user);
      const started = await container.start();
      await mkdir(dirname(spec.logPath), { recursive: true });
      const log = createWriteStream(spec.logPath, { flags: 'a' });
      const stream = await started.logs();
      stream.pipe(log);
      const exited = new Promise<number | null>((resolve) => stream.once('end', () => resolve(null)));
      const stop = async () => {
        await started.stop({ timeout: 10_000 });
        await exited;
      };
      try {
        await waitHealthy(spec.monitorUrl, exited, 30_000, spec.name, spec.logPath);
      } catch (error) {
        await stop();
        throw error;
      }
      // Containers are removed by testcontainers' reaper when this process ends.
      return { name: spec.name, exited, stop, kill: () => undefined };
    },
  };
}
