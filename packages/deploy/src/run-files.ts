/**
 * The files for the three ways a site runs its software, from one description of its processes:
 * systemd units (one per process), a compose file per host, and Kubernetes objects (Secrets holding
 * files, Deployments). Rendering only; what runs where is the site bundles' business.
 */
import { posix } from 'node:path';
import { stringify } from 'yaml';
import type { BundleFile } from './bundle.js';
import { installRoot } from './install-layout.js';

export interface SiteProcess {
  /** Unique within the site: concord-au-n1-nats. */
  readonly name: string;
  readonly description: string;
  /** The command on a host; the image's own path in a container is the same. */
  readonly command: readonly string[];
  readonly image: string;
  /** Other processes of the same host it starts after. */
  readonly after?: readonly string[];
}

export function systemdUnit(process: SiteProcess): string {
  const after = ['network-online.target', ...(process.after ?? []).map((name) => `${name}.service`)].join(' ');
  return [
    '[Unit]',
    `Description=${process.description}`,
    `After=${after}`,
    `Wants=${after}`,
    '',
    '[Service]',
    `ExecStart=${process.command.join(' ')}`,
    'User=concord',
    'Group=concord',
    'Restart=on-failure',
    'RestartSec=2',
    // SIGTERM lets nats-server and the services drain; they stop within 15 s.
    'KillSignal=SIGTERM',
    'TimeoutStopSec=20',
    `ReadWritePaths=${installRoot.data}`,
    'ProtectSystem=strict',
    'NoNewPrivileges=true',
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
}

/** One host's processes as a compose file: host networking (routes and leaf links use the manifest's ports), files mounted where they are installed. */
export function composeFile(processes: readonly SiteProcess[]): string {
  const services = Object.fromEntries(
    processes.map((process) => [
      process.name,
      {
        image: process.image,
        entrypoint: [...process.command],
        network_mode: 'host',
        restart: 'unless-stopped',
        volumes: [`${installRoot.etc}:${installRoot.etc}:ro`, `${installRoot.data}:${installRoot.data}`],
        ...(process.after?.length ? { depends_on: [...process.after] } : {}),
      },
    ]),
  );
  return stringify({ name: processes[0]?.name.split('-').slice(0, 3).join('-') ?? 'concord', services });
}

/**
 * A Secret holding files (a key each, as Secret keys cannot hold slashes) and the volume that puts
 * them back at their paths under `mountPath`.
 */
export function fileSecret(name: string, files: readonly BundleFile[], from: string): { secret: Record<string, unknown>; volume: Record<string, unknown> } {
  const keyOf = (path: string) => posix.relative(from, path).replaceAll('/', '__');
  return {
    secret: { apiVersion: 'v1', kind: 'Secret', metadata: { name }, type: 'Opaque', stringData: Object.fromEntries(files.map((file) => [keyOf(file.path), file.text])) },
    volume: { name, secret: { secretName: name, defaultMode: 0o400, items: files.map((file) => ({ key: keyOf(file.path), path: posix.relative(from, file.path) })) } },
  };
}

export function deployment(process: SiteProcess, mounts: ReadonlyArray<{ volume: Record<string, unknown>; mountPath: string }>, extra: { initContainers?: unknown[]; volumes?: unknown[] } = {}): Record<string, unknown> {
  const labels = { app: process.name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: process.name, labels },
    spec: {
      replicas: 1,
      // One pod per node configuration: a new one only once the old one is gone (its ports and data are its own).
      strategy: { type: 'Recreate' },
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          securityContext: { runAsNonRoot: true, runAsUser: 1000, fsGroup: 1000 },
          ...(extra.initContainers ? { initContainers: extra.initContainers } : {}),
          containers: [
            {
              name: 'services',
              image: process.image,
              command: [...process.command],
              volumeMounts: mounts.map(({ volume, mountPath }) => ({ name: volume.name, mountPath, readOnly: true })).concat((extra.volumes ?? []).length ? [{ name: 'data', mountPath: installRoot.data, readOnly: false }] : []),
            },
          ],
          volumes: [...mounts.map(({ volume }) => volume), ...(extra.volumes ?? [])],
        },
      },
    },
  };
}

/** Several Kubernetes objects as one multi-document YAML file. */
export const kubernetesYaml = (objects: readonly unknown[]) => objects.map((object) => stringify(object)).join('---\n');
