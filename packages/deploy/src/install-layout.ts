/**
 * Where a site's files live once installed, the same on a host (systemd), in a container (compose
 * mounts these paths) and in a pod (Kubernetes mounts them): configuration and secrets under
 * /etc/concord, state under /var/lib/concord. A bundle mirrors them as `etc/` and `data/`.
 */
import { posix } from 'node:path';

export const installRoot = { etc: '/etc/concord', data: '/var/lib/concord' } as const;

/** A path under /etc/concord, and the same file's place in the bundle. */
export const etcPath = (...parts: string[]) => posix.join(installRoot.etc, ...parts);
export const bundleEtc = (...parts: string[]) => posix.join('etc', ...parts);
export const dataPath = (...parts: string[]) => posix.join(installRoot.data, ...parts);
export const bundleData = (...parts: string[]) => posix.join('data', ...parts);

/** The image `docker build -t concord .` makes from the repository's Dockerfile. */
export const concordImage = 'concord:latest';
/** The official NATS image matching the servers the configurations are tested with. */
export const natsImage = 'nats:2.9.10-alpine';
