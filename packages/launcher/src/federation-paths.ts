/**
 * Where a local federation keeps everything, under one data directory (default `.concord/`):
 * each agency's keys, secrets, nats-server configuration, JetStream store and logs in its own
 * folder, the hub's configuration in another, and the files tools read at the top.
 */
import { join, resolve } from 'node:path';

export interface AgencyPaths {
  readonly dir: string;
  readonly keysDir: string;
  readonly secretsDir: string;
  readonly storeDir: string;
  readonly natsConfig: string;
  readonly natsPidFile: string;
  readonly natsLog: string;
  readonly servicesLog: string;
  /** The four service configurations the agency host reads. */
  readonly hostConfig: string;
  leafPassword(): string;
  servicePassword(capability: string): string;
}

export interface FederationPaths {
  readonly dataDir: string;
  /** The manifest with every agency's public keys: what services trust. */
  readonly trustedManifest: string;
  readonly endpoints: string;
  readonly launcherLock: string;
  readonly hub: { readonly dir: string; readonly config: string; readonly pidFile: string; readonly log: string; readonly secretsDir: string };
  agency(id: string): AgencyPaths;
}

export function federationPaths(dataDir: string): FederationPaths {
  const root = resolve(dataDir);
  const hubDir = join(root, 'hub');
  return {
    dataDir: root,
    trustedManifest: join(root, 'federation.json'),
    endpoints: join(root, 'endpoints.json'),
    launcherLock: join(root, 'launcher.pid'),
    hub: { dir: hubDir, config: join(hubDir, 'nats.conf'), pidFile: join(hubDir, 'nats.pid'), log: join(hubDir, 'nats-server.log'), secretsDir: join(hubDir, 'secrets') },
    agency(id) {
      const dir = join(root, 'agencies', id);
      const secretsDir = join(dir, 'secrets');
      return {
        dir,
        keysDir: join(dir, 'keys'),
        secretsDir,
        storeDir: join(dir, 'jetstream'),
        natsConfig: join(dir, 'nats.conf'),
        natsPidFile: join(dir, 'nats.pid'),
        natsLog: join(dir, 'logs', 'nats-server.log'),
        servicesLog: join(dir, 'logs', 'services.log'),
        hostConfig: join(dir, 'services.json'),
        leafPassword: () => join(secretsDir, 'leaf.password'),
        servicePassword: (capability) => join(secretsDir, `nats-${capability}.password`),
      };
    },
  };
}
