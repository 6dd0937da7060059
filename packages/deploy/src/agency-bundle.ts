/**
 * An agency's site bundle: everything its three nodes need and nothing of any other party's secrets.
 * From the manifest (its `site`) and the agency's own data directory: its keys from `concord keys
 * init` (which the manifest must list), and its CA, certificates, service passwords and first admin,
 * made here when missing and kept. The bundle holds a nats-server configuration per node (a
 * cluster with TLS routes, JetStream R3 in its own domain, a leaf remote to every hub node), the
 * services' and console's configuration per node, systemd units, a compose file per node, and
 * Kubernetes objects (values for the official NATS Helm chart, Secrets, Deployments).
 */
import { readFile, readdir } from 'node:fs/promises';
import { join, posix, relative } from 'node:path';
import { stringify } from 'yaml';
import { Code, ConcordError } from '@concord/errors';
import { federationPaths } from '@concord/launcher/layout';
import type { Manifest } from '@concord/manifest';
import { loadAgencyIdentity } from '@concord/identity';
import { ensureBootstrapAdmin, identityDirOf } from '@concord/identity-provider';
import { agencyClusterName, agencyNodeConfig, agencySitePlans, ensureSecret, hashPassword, hubCertificateOf, renderConfig, type NatsUser } from '@concord/nats-config';
import { ensureAgencyRouteTls, ensureAgencyTls, sameCertificate } from '@concord/pki';
import { serviceNames, type ServiceName } from '@concord/service-kit';
import { publicFile, secretFile, type BundleFile } from './bundle.js';
import { bundleData, bundleEtc, concordImage, dataPath, etcPath, installRoot, natsImage } from './install-layout.js';
import { composeFile, deployment, fileSecret, kubernetesYaml, systemdUnit, type SiteProcess } from './run-files.js';

export interface AgencyBundleOptions {
  /** With every agency's public keys and leaf certificate (requireTrusted). */
  readonly manifest: Manifest;
  readonly agency: string;
  /** The agency's own data directory (its keys, TLS material, passwords, identity). */
  readonly dataDir: string;
}

const httpsUrl = (host: string, port: number) => `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
const hostPort = (host: string, port: number) => `${host.includes(':') ? `[${host}]` : host}:${port}`;

/** Every file under a directory, as bundle files under `to`. */
async function secretTree(from: string, to: string): Promise<BundleFile[]> {
  const names = await readdir(from, { recursive: true, withFileTypes: true });
  const files = names.filter((entry) => entry.isFile());
  return Promise.all(files.map(async (entry) => secretFile(posix.join(to, relative(from, join(entry.parentPath, entry.name)).split('\\').join('/')), await readFile(join(entry.parentPath, entry.name), 'utf8'))));
}

/** The agency's identity keys, which must be the ones the manifest lists (they come from `concord keys init`). */
async function ownKeys(keysDir: string, agency: string, listed: { signing: string; encryption: string } | undefined): Promise<void> {
  const { identity } = await loadAgencyIdentity(keysDir).then(
    (identity) => ({ identity }),
    () => {
      throw new ConcordError(Code.FailedPrecondition, `${agency} has no keys in ${keysDir}: run concord keys init --agency ${agency} there and send the public halves for the manifest`);
    },
  );
  if (identity.publicKeys.signing !== listed?.signing || identity.publicKeys.encryption !== listed.encryption) {
    throw new ConcordError(Code.FailedPrecondition, `the manifest lists other public keys for ${agency} than the keys in ${keysDir}`);
  }
}

export async function renderAgencyBundle(options: AgencyBundleOptions): Promise<BundleFile[]> {
  const { manifest, agency: id } = options;
  const agency = manifest.agencies.find((a) => a.id === id);
  if (!agency) throw ConcordError.invalid([{ path: '--agency', message: `${id} is not in the federation manifest` }]);
  if (!agency.site) throw ConcordError.invalid([{ path: '--agency', message: `${id} has no site in the manifest (agencies[].site: its nodes and the hub leaf URLs it dials)` }]);
  const { nodes } = agency.site;
  const dirs = federationPaths(options.dataDir).agency(id);
  const release = `concord-${id.toLowerCase()}`;
  // The Helm chart's names: its client service, and its pods behind the headless service (routes).
  const k8sHosts = [`${release}-nats`, `*.${release}-nats-headless`];
  const hosts = nodes.map((node) => node.host);

  const tls = await ensureAgencyTls(dirs.tlsDir, { agency: id, listenHost: '0.0.0.0', siteHosts: [...hosts, k8sHosts[0]!] });
  if (!sameCertificate(agency.leafCertificate ?? '', tls.leaf.certPem)) {
    throw new ConcordError(Code.FailedPrecondition, `the manifest lists another leaf certificate for ${id} than the one in ${tls.leaf.certPath}`);
  }
  const route = await ensureAgencyRouteTls(dirs.tlsDir, { agency: id, ca: tls.ca, hosts: [...hosts, ...k8sHosts] });

  await ownKeys(dirs.keysDir, id, agency.keys);
  // Made here when missing, kept when present: the services' passwords, the metrics token, the first admin.
  const passwords = new Map<ServiceName, string>();
  for (const capability of serviceNames) passwords.set(capability, await ensureSecret(dirs.servicePassword(capability)));
  const metricsToken = await ensureSecret(dirs.metricsToken);
  await ensureBootstrapAdmin(dirs.dir, id);
  const serviceUsers: NatsUser[] = serviceNames.map((capability) => ({ user: capability, passwordHash: hashPassword(passwords.get(capability)!) }));

  const tlsFiles = {
    ca: publicFile(bundleEtc('tls', 'ca.crt'), tls.ca.certPem),
    server: publicFile(bundleEtc('tls', 'server.crt'), tls.server.certPem),
    serverKey: secretFile(bundleEtc('tls', 'server.key'), tls.server.keyPem),
    leaf: publicFile(bundleEtc('tls', 'leaf.crt'), tls.leaf.certPem),
    leafKey: secretFile(bundleEtc('tls', 'leaf.key'), tls.leaf.keyPem),
    route: publicFile(bundleEtc('tls', 'route.crt'), route.certPem),
    routeKey: secretFile(bundleEtc('tls', 'route.key'), route.keyPem),
    hub: publicFile(bundleEtc('tls', 'hub.crt'), hubCertificateOf(manifest)),
  };
  const secretsFiles = [
    ...serviceNames.map((capability) => secretFile(bundleEtc('secrets', `nats-${capability}.password`), `${passwords.get(capability)}\n`)),
    secretFile(bundleEtc('secrets', 'metrics.token'), `${metricsToken}\n`),
  ];
  const seed = [...(await secretTree(dirs.keysDir, bundleData('keys'))), ...(await secretTree(identityDirOf(dirs.dir), bundleData('identity')))];

  const plans = agencySitePlans(manifest, id, {
    serverTls: { certFile: etcPath('tls', 'server.crt'), keyFile: etcPath('tls', 'server.key') },
    leafTls: { certFile: etcPath('tls', 'leaf.crt'), keyFile: etcPath('tls', 'leaf.key'), hubCertificateFile: etcPath('tls', 'hub.crt') },
    routeTls: { certFile: etcPath('tls', 'route.crt'), keyFile: etcPath('tls', 'route.key'), caFile: etcPath('tls', 'ca.crt') },
    serviceUsers,
    syncAlways: false,
    storeDirOf: () => dataPath('jetstream'),
  });

  const issuerNode = nodes[0]!;
  const issuer = httpsUrl(issuerNode.host, issuerNode.ports.services + serviceNames.length);
  const servicesOf = (host: string, natsUrl: string, base: number) =>
    Object.fromEntries(
      serviceNames.map((capability, k) => [
        capability,
        {
          agency: id,
          manifest: etcPath('federation.json'),
          dataDir: installRoot.data,
          natsUrl,
          natsUser: capability,
          natsPasswordFile: etcPath('secrets', `nats-${capability}.password`),
          grpcListen: hostPort(host, base + k),
          tlsCert: etcPath('tls', 'server.crt'),
          tlsKey: etcPath('tls', 'server.key'),
          tlsCa: etcPath('tls', 'ca.crt'),
          issuer,
          issuerCa: etcPath('tls', 'ca.crt'),
          rolesClaim: 'roles',
          ...(capability === 'identity' ? { issuerListen: hostPort(host, base + serviceNames.length), consoleUrl: httpsUrl(host, base + serviceNames.length + 2) } : {}),
          logLevel: 'info',
          metricsListen: hostPort(host, base + serviceNames.length + 1),
          metricsTokenFile: etcPath('secrets', 'metrics.token'),
        },
      ]),
    );
  const consoleOf = (host: string, base: number) => ({
    agency: id,
    manifest: etcPath('federation.json'),
    listen: hostPort(host, base + serviceNames.length + 2),
    url: httpsUrl(host, base + serviceNames.length + 2),
    issuer,
    audience: `concord:${id}`,
    tlsCa: etcPath('tls', 'ca.crt'),
    tlsCert: etcPath('tls', 'server.crt'),
    tlsKey: etcPath('tls', 'server.key'),
    grpc: Object.fromEntries(serviceNames.map((capability, k) => [capability, hostPort(host, base + k)])),
    webDir: '/app/services/console/web/dist',
    logLevel: 'info',
  });

  const header = (what: string) => `${what}\nGenerated by concord deploy render from the federation manifest.`;
  const files: BundleFile[] = [publicFile(bundleEtc('federation.json'), `${JSON.stringify(manifest, null, 2)}\n`), ...Object.values(tlsFiles), ...secretsFiles, ...seed];
  const hostProcesses: SiteProcess[] = [];
  for (const plan of plans) {
    const node = plan.site;
    const nats = `${release}-${node.name}-nats`;
    const services = `${release}-${node.name}-services`;
    // nats-server's configuration holds the services' password hashes: owner-only, like the passwords.
    files.push(secretFile(bundleEtc('nats', `${node.name}.conf`), renderConfig(agencyNodeConfig(manifest, plan), header(`nats-server ${node.name} of ${id} (${agency.name})`))));
    files.push(publicFile(bundleEtc('services', `${node.name}.json`), `${JSON.stringify(servicesOf(node.host, `tls://${hostPort(node.host, node.ports.nats)}`, node.ports.services), null, 2)}\n`));
    files.push(publicFile(bundleEtc('console', `${node.name}.json`), `${JSON.stringify(consoleOf(node.host, node.ports.services), null, 2)}\n`));
    const processes: SiteProcess[] = [
      { name: nats, description: `Concord ${id} nats-server ${node.name}`, command: ['nats-server', '-c', etcPath('nats', `${node.name}.conf`)], image: natsImage },
      {
        name: services,
        description: `Concord ${id} services ${node.name}`,
        command: ['node', '/app/dist/agency-main.mjs', '--config', etcPath('services', `${node.name}.json`), '--console', etcPath('console', `${node.name}.json`)],
        image: concordImage,
        after: [nats],
      },
    ];
    hostProcesses.push(processes[1]!);
    for (const process of processes) files.push(publicFile(`systemd/${process.name}.service`, systemdUnit(process)));
    files.push(publicFile(`compose/${node.name}.compose.yaml`, composeFile(processes)));
  }
  files.push(...kubernetesFiles({ id, release, manifest, plans, tlsFiles, secretsFiles, seed, servicesOf, consoleOf, hostProcesses }));
  return files;
}

interface KubernetesInput {
  readonly id: string;
  readonly release: string;
  /** With every agency's public keys and leaf certificate (requireTrusted). */
  readonly manifest: Manifest;
  readonly plans: ReturnType<typeof agencySitePlans>;
  readonly tlsFiles: Record<string, BundleFile>;
  readonly secretsFiles: readonly BundleFile[];
  readonly seed: readonly BundleFile[];
  readonly servicesOf: (host: string, natsUrl: string, base: number) => Record<string, unknown>;
  readonly consoleOf: (host: string, base: number) => Record<string, unknown>;
  readonly hostProcesses: readonly SiteProcess[];
}

/**
 * Kubernetes: the agency's NATS through the official chart (nats/nats, cluster of three, JetStream R3
 * in the agency's domain, TLS on clients and routes), the services as one Deployment per node
 * configuration, every key and password in Secrets.
 */
function kubernetesFiles(input: KubernetesInput): BundleFile[] {
  const { id, release, tlsFiles: t, plans } = input;
  const natsTls = fileSecret(`${release}-tls`, Object.values(t), 'etc/tls');
  const routeSecret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: `${release}-route-tls` }, type: 'kubernetes.io/tls', stringData: { 'tls.crt': t.route!.text, 'tls.key': t.routeKey!.text, 'ca.crt': t.ca!.text } };
  const serverSecret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: `${release}-server-tls` }, type: 'kubernetes.io/tls', stringData: { 'tls.crt': t.server!.text, 'tls.key': t.serverKey!.text, 'ca.crt': t.ca!.text } };
  const secrets = fileSecret(`${release}-secrets`, input.secretsFiles, 'etc/secrets');
  const seed = fileSecret(`${release}-seed`, input.seed, 'data');
  // The chart's own generated parts (listen, cluster routes, JetStream store) plus ours, merged in: accounts and the leaf remote.
  const first = agencyNodeConfig(input.manifest, plans[0]!);
  const clientPort = plans[0]!.clientPort;
  const values = {
    config: {
      cluster: { enabled: true, replicas: 3, tls: { enabled: true, secretName: `${release}-route-tls` }, merge: { name: agencyClusterName(id), tls: { verify: true } } },
      jetstream: { enabled: true, fileStore: { pvc: { size: '10Gi' } }, merge: { domain: id } },
      nats: { port: clientPort, tls: { enabled: true, secretName: `${release}-server-tls` } },
      monitor: { enabled: true },
      merge: { accounts: first.accounts, leafnodes: first.leafnodes },
    },
    fullnameOverride: `${release}-nats`,
    container: {
      image: { repository: 'nats', tag: '2.9.10-alpine' },
      patch: [{ op: 'add', path: '/volumeMounts/-', value: { name: natsTls.volume.name, mountPath: etcPath('tls'), readOnly: true } }],
    },
    podTemplate: { patch: [{ op: 'add', path: '/spec/volumes/-', value: natsTls.volume }] },
  };
  const natsUrl = `tls://${release}-nats:${clientPort}`;
  const config = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `${release}-config` },
    data: {
      'federation.json': `${JSON.stringify(input.manifest, null, 2)}\n`,
      ...Object.fromEntries(plans.flatMap(({ site: node }) => [
        [`services-${node.name}.json`, JSON.stringify(input.servicesOf(node.host, natsUrl, node.ports.services), null, 2)],
        [`console-${node.name}.json`, JSON.stringify(input.consoleOf(node.host, node.ports.services), null, 2)],
      ])),
    },
  };
  // Mounted at /etc/concord with the Secrets inside it, so every path is the one a host install has.
  const configVolume = {
    name: `${release}-config`,
    configMap: { name: `${release}-config`, items: Object.keys(config.data).map((key) => ({ key, path: key.replace(/^(services|console)-(.+)$/, '$1/$2') })) },
  };
  const deployments = input.hostProcesses.map((process) => {
    const made = deployment(
      process,
      [
        { volume: configVolume, mountPath: installRoot.etc },
        { volume: natsTls.volume, mountPath: etcPath('tls') },
        { volume: secrets.volume, mountPath: etcPath('secrets') },
      ],
      {
        // State (people, audit logs) lives on a volume of its own, seeded once from the bundle's keys and identity.
        volumes: [seed.volume, { name: 'data', persistentVolumeClaim: { claimName: `${process.name}-data` } }],
        initContainers: [{ name: 'seed', image: concordImage, command: ['sh', '-c', `cp -rn /seed/. ${installRoot.data}/`], volumeMounts: [{ name: seed.volume.name, mountPath: '/seed', readOnly: true }, { name: 'data', mountPath: installRoot.data }] }],
      },
    );
    const claim = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: `${process.name}-data` }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } };
    return [claim, made];
  });
  return [
    publicFile('kubernetes/nats-values.yaml', `# helm install ${release}-nats nats/nats -f nats-values.yaml (the Secrets of secrets.yaml first)\n${stringify(values)}`),
    secretFile('kubernetes/secrets.yaml', kubernetesYaml([natsTls.secret, routeSecret, serverSecret, secrets.secret, seed.secret])),
    publicFile('kubernetes/services.yaml', kubernetesYaml([config, ...deployments.flat()])),
  ];
}
