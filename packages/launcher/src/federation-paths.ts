/**
 * Where a local federation keeps everything, under one data directory (default `.concord/`):
 * each agency's keys, TLS material, secrets, nats-server configuration, JetStream store and logs in
 * its own folder, the hub's configuration and TLS identity in another, and the files tools read at
 * the top.
 */
import { join, resolve } from 'node:path';

export interface AgencyPaths {
  readonly dir: string;
  readonly keysDir: string;
  /** Its CA, server certificate and leaf identity (`@concord/pki`), and the hub's certificate. */
  readonly tlsDir: string;
  /** The hub's certificate, copied from the manifest: what the agency's leaf link trusts. */
  readonly hubCertificate: string;
  readonly secretsDir: string;
  readonly storeDir: string;
  readonly natsConfig: string;
  readonly natsPidFile: string;
  readonly natsLog: string;
  readonly servicesLog: string;
  /** The four service configurations the agency host reads. */
  readonly hostConfig: string;
  /** The console's configuration the agency host reads. */
  readonly consoleConfig: string;
  servicePassword(capability: string): string;
  /** The bearer token a scraper of the agency's metrics presents. */
  readonly metricsToken: string;
}

export interface FederationPaths {
  readonly dataDir: string;
  /** The manifest with every agency's public keys: what services trust. */
  readonly trustedManifest: string;
  readonly endpoints: string;
  readonly launcherLock: string;
  readonly hub: {
    readonly dir: string;
    readonly config: string;
    readonly pidFile: string;
    readonly log: string;
    readonly secretsDir: string;
    /** Its leaf-port identity, and every agency's leaf certificate from the manifest. */
    readonly tlsDir: string;
    readonly agencyCertificates: string;
  };
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
    hub: {
      dir: hubDir,
      config: join(hubDir, 'nats.conf'),
      pidFile: join(hubDir, 'nats.pid'),
      log: join(hubDir, 'nats-server.log'),
      secretsDir: join(hubDir, 'secrets'),
      tlsDir: join(hubDir, 'tls'),
      agencyCertificates: join(hubDir, 'tls', 'agency-leaves.crt'),
    },
    agency(id) {
      const dir = join(root, 'agencies', id);
      const secretsDir = join(dir, 'secrets');
      return {
        dir,
        keysDir: join(dir, 'keys'),
        tlsDir: join(dir, 'tls'),
        hubCertificate: join(dir, 'tls', 'hub.crt'),
        secretsDir,
        storeDir: join(dir, 'jetstream'),
        natsConfig: join(dir, 'nats.conf'),
        natsPidFile: join(dir, 'nats.pid'),
        natsLog: join(dir, 'logs', 'nats-server.log'),
        servicesLog: join(dir, 'logs', 'services.log'),
        hostConfig: join(dir, 'services.json'),
        consoleConfig: join(dir, 'console.json'),
        servicePassword: (capability) => join(secretsDir, `nats-${capability}.password`),
        metricsToken: join(secretsDir, 'metrics.token'),
      };
    },
  };
}
