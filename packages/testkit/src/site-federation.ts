/**
 * A federation spread over hosts made of network namespaces, as operators run one beyond a machine:
 * the hub a three-node cluster on three hosts, each agency a three-node JetStream cluster on three
 * hosts of its own, its services on one of them. Every nats-server runs the configuration nats-config
 * generates from the manifest's addresses (`hub.cluster`, `agencies[].site`); services run as the
 * agency process `npm start` runs, with every node's URL and three JetStream replicas.
 */
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChannelCredentials, Client, ClientOptions } from '@grpc/grpc-js';
import { bearerInterceptor, sessionTokens, signInWithPassword, type IssuerAccess } from '@concord/access';
import { IntelServiceClient } from '@concord/contracts/intel';
import { PlanningServiceClient } from '@concord/contracts/planning';
import { freePorts, prepareFederation, waitHealthy, type PreparedFederation } from '@concord/launcher';
import { validateManifest, type Manifest, type SiteNode } from '@concord/manifest';
import { agencyNodeConfig, agencySitePlans, hashPassword, hubClusterPlans, hubNodeConfig, nodeServerName, renderConfig, type NatsUser } from '@concord/nats-config';
import { ensureAgencyRouteTls, ensureAgencyTls, ensureHubRouteTls, ensureHubTls } from '@concord/pki';
import { grpcCredentials, probeHealth, serviceNames, type ServiceConfig, type ServiceName } from '@concord/service-kit';
import type { HostNetwork, HostProcess } from './host-network.js';
import { loadExampleManifest } from './test-federation.js';
import { waitFor } from './wait-for.js';
import { workerPortRange } from './worker-ports.js';

/** Every host has its own address, so every node uses the same ports (never 4222). */
const agencyPorts = { nats: 7410, cluster: 7411, monitor: 7412, services: 7420 } as const;
const hubPorts = { client: 7402, leaf: 7403, route: 7404, monitor: 7405 } as const;
const nodes = ['n1', 'n2', 'n3'] as const;
const hubNodes = ['h1', 'h2', 'h3'] as const;
const healthNames: Record<ServiceName, string> = {
  planning: 'concord.v1.PlanningService',
  tasking: 'concord.v1.TaskingService',
  intel: 'concord.v1.IntelService',
  debrief: 'concord.v1.DebriefService',
  identity: 'concord.v1.AccessService',
};
const agencyMain = fileURLToPath(new URL('../../../dist/agency-main.mjs', import.meta.url));

/** The host a node runs on: `au2` for AU's n2, `hub1` for the hub's h1. */
export const hostOf = (owner: string, node: string) => `${owner === 'hub' ? 'hub' : owner.toLowerCase()}${node.slice(1)}`;

export class SiteFederation implements AsyncDisposable {
  readonly #servers = new Map<string, HostProcess>();
  readonly #services = new Map<string, { node: string; process: HostProcess }>();
  readonly #tokens = new Map<string, () => Promise<string>>();

  private constructor(
    readonly network: HostNetwork,
    readonly dir: string,
    readonly prepared: PreparedFederation,
    readonly agencies: readonly string[],
  ) {}

  /** The hosts a federation of these agencies needs, for HostNetwork.create. */
  static hostsFor(agencies: readonly string[]): string[] {
    return [...hubNodes.map((n) => hostOf('hub', n)), ...agencies.flatMap((id) => nodes.map((n) => hostOf(id, n)))];
  }

  static async start(network: HostNetwork, agencies: readonly string[]): Promise<SiteFederation> {
    const dir = await mkdtemp(join(tmpdir(), 'concord-sites-'));
    const prepared = await prepareSites(network, agencies, dir);
    const federation = new SiteFederation(network, dir, prepared, agencies);
    try {
      await Promise.all([...hubNodes.map((n) => federation.startNode('hub', n)), ...agencies.flatMap((id) => nodes.map((n) => federation.startNode(id, n)))]);
      // One agency at a time, each once its cluster has a JetStream leader: three agencies creating
      // fifteen replicated streams at once on two cores can outlast a JetStream request's 5 s.
      for (const id of agencies) await federation.startServices(id, 'n1');
    } catch (error) {
      await federation.stop();
      throw error;
    }
    return federation;
  }

  #nodeDir(owner: string): string {
    return join(owner === 'hub' ? this.prepared.paths.hub.dir : this.prepared.paths.agency(owner).dir, 'nodes');
  }

  monitorOf(owner: string, node: string): string {
    return `http://${this.network.address(hostOf(owner, node))}:${owner === 'hub' ? hubPorts.monitor : agencyPorts.monitor}`;
  }

  /** Starts one nats-server node inside its host and waits until it reports healthy. */
  async startNode(owner: string, node: string): Promise<void> {
    const base = join(this.#nodeDir(owner), node);
    const server = this.network.start(hostOf(owner, node), 'nats-server', ['-c', `${base}.conf`], `${base}.log`);
    this.#servers.set(`${owner}/${node}`, server);
    // A cluster node is healthy once it has met the others: its peers start alongside it.
    await waitHealthy(this.monitorOf(owner, node), server.exited, 60_000, `${owner} ${node} nats-server`, `${base}.log`);
  }

  /** Waits until every running node of an agency knows its JetStream meta leader. */
  async #metaLeader(agency: string): Promise<void> {
    await waitFor(async () => {
      for (const node of nodes.filter((n) => this.#servers.has(`${agency}/${n}`))) {
        const jsz = (await (await fetch(`${this.monitorOf(agency, node)}/jsz`, { signal: AbortSignal.timeout(2_000) })).json()) as { meta_cluster?: { leader?: string } };
        if (!jsz.meta_cluster?.leader) throw new Error(`${agency} ${node} has no JetStream leader yet`);
      }
    }, 30_000, 200);
  }

  /** Stops one node's nats-server as a host shutting down does (SIGTERM): its peers learn it is gone. */
  async stopNode(owner: string, node: string): Promise<void> {
    await this.#servers.get(`${owner}/${node}`)?.stop();
    this.#servers.delete(`${owner}/${node}`);
  }

  /** kill -9 of one node's nats-server. */
  async killNode(owner: string, node: string): Promise<void> {
    await this.#servers.get(`${owner}/${node}`)?.kill();
    this.#servers.delete(`${owner}/${node}`);
  }

  /** The node of an agency whose server leads a stream (`concord-au-n2` leads: n2). */
  nodeNamed(owner: string, serverName: string): string {
    const node = [...nodes, ...hubNodes].find((n) => nodeServerName(owner === 'hub' ? this.prepared.trust.hub.name : owner, n) === serverName);
    if (!node) throw new Error(`no node of ${owner} runs as ${serverName}`);
    return node;
  }

  /**
   * Starts an agency's services on one of its nodes' hosts and waits until all five serve. As the
   * launcher's supervisor does, starts them again when they exit during start-up: just after a node
   * died, JetStream may not answer until its streams have elected new leaders. Answers the attempts.
   */
  async startServices(agency: string, node: string): Promise<number> {
    await this.#metaLeader(agency);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#startServicesOnce(agency, node);
        return attempt;
      } catch (error) {
        if (attempt === 3 || this.#services.get(agency)?.process.child.exitCode === null) throw error;
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
  }

  async #startServicesOnce(agency: string, node: string): Promise<void> {
    const file = join(this.#nodeDir(agency), node, 'services.json');
    const configs = servicesOn(this.prepared, agency, this.#siteNode(agency, node));
    await mkdir(join(this.#nodeDir(agency), node), { recursive: true });
    await writeFile(file, `${JSON.stringify(configs, null, 2)}\n`);
    const logPath = join(this.#nodeDir(agency), node, 'services.log');
    const process = this.network.start(hostOf(agency, node), globalThis.process.execPath, [agencyMain, '--config', file], logPath);
    this.#services.set(agency, { node, process });
    const ca = this.ca(agency);
    await waitFor(async () => {
      if (process.child.exitCode !== null) throw new Error(`${agency} services on ${node} exited with ${process.child.exitCode}: ${(await readFile(logPath, 'utf8')).slice(-2_000)}`);
      for (const name of serviceNames) if ((await probeHealth(configs[name].grpcListen, ca, healthNames[name])) !== 'SERVING') throw new Error(`${agency} ${name} not serving yet`);
    }, 90_000, 250);
  }

  /** kill -9 of an agency's services process. */
  async killServices(agency: string): Promise<void> {
    await this.#services.get(agency)?.process.kill();
    this.#services.delete(agency);
  }

  servicesNode(agency: string): string {
    const running = this.#services.get(agency);
    if (!running) throw new Error(`${agency} services are not running`);
    return running.node;
  }

  #siteNode(agency: string, node: string): SiteNode {
    const found = this.prepared.trust.agencies.find((a) => a.id === agency)?.site?.nodes.find((n) => n.name === node);
    if (!found) throw new Error(`${agency} has no node ${node}`);
    return found;
  }

  #configs(agency: string): Record<ServiceName, ServiceConfig> {
    return servicesOn(this.prepared, agency, this.#siteNode(agency, this.servicesNode(agency)));
  }

  /** PEM of an agency's certificate authority: what its clients trust. */
  ca(agency: string): string {
    return readFileSync(this.prepared.endpoints.agencies[agency]!.ca, 'utf8');
  }

  credentials(agency: string): ChannelCredentials {
    return grpcCredentials(this.ca(agency));
  }

  /** The agency's first admin, signed in at the issuer where its services run now. */
  adminTokens(agency: string): () => Promise<string> {
    const config = this.#configs(agency).planning;
    const key = `${agency} ${config.issuer}`;
    let tokens = this.#tokens.get(key);
    if (!tokens) {
      const access: IssuerAccess = { issuer: config.issuer, audience: `concord:${agency}`, ca: this.ca(agency) };
      const admin = this.prepared.admins[agency]!;
      const session = readFile(admin.passwordFile, 'utf8').then(async (password) => sessionTokens(access, await signInWithPassword(access, { username: admin.username, password: password.trim() })));
      tokens = async () => (await session)();
      this.#tokens.set(key, tokens);
    }
    return tokens;
  }

  client<C extends Client>(agency: string, service: ServiceName, make: new (address: string, creds: ChannelCredentials, options?: ClientOptions) => C): C {
    return new make(this.#configs(agency)[service].grpcListen, this.credentials(agency), { interceptors: [bearerInterceptor(this.adminTokens(agency))] });
  }

  planningClient(agency: string): PlanningServiceClient {
    return this.client(agency, 'planning', PlanningServiceClient);
  }

  intelClient(agency: string): IntelServiceClient {
    return this.client(agency, 'intel', IntelServiceClient);
  }

  /** Per hub node, the accounts of the leaf links it holds now. */
  async leafAccounts(): Promise<Record<string, string[]>> {
    const entries = await Promise.all(
      hubNodes
        .filter((n) => this.#servers.has(`hub/${n}`))
        .map(async (n) => {
          const leafz = (await (await fetch(`${this.monitorOf('hub', n)}/leafz`, { signal: AbortSignal.timeout(2_000) })).json()) as { leafs: null | Array<{ account: string }> };
          return [n, (leafz.leafs ?? []).map((l) => l.account)] as const;
        }),
    );
    return Object.fromEntries(entries);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.#services.keys()].map((id) => this.killServices(id)));
    await Promise.all([...this.#servers.values()].map((s) => s.kill()));
    this.#servers.clear();
    if (!process.env.CONCORD_TEST_KEEP) await rm(this.dir, { recursive: true, force: true });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}

/** An agency's five service configurations when its services run on `node`: every node's URL, three replicas. */
function servicesOn(prepared: PreparedFederation, agency: string, node: SiteNode): Record<ServiceName, ServiceConfig> {
  const site = prepared.trust.agencies.find((a) => a.id === agency)!.site!;
  const natsUrl = site.nodes.map((n) => `tls://${n.host}:${n.ports.nats}`).join(',');
  // D's layout of a node's eight service ports: the five gRPC services, sign-in, metrics, console.
  const port = (k: number) => `${node.host}:${node.ports.services + k}`;
  const issuer = `https://${port(5)}`;
  const base = prepared.services[agency]!;
  return Object.fromEntries(
    serviceNames.map((name, k) => [
      name,
      {
        ...base[name],
        natsUrl,
        jetstreamReplicas: site.nodes.length >= 3 ? 3 : 1,
        grpcListen: port(k),
        issuer,
        metricsListen: port(6),
        ...(name === 'identity' ? { issuerListen: port(5), consoleUrl: `https://${port(7)}` } : {}),
      },
    ]),
  ) as Record<ServiceName, ServiceConfig>;
}

/** The manifest with addresses on the network's hosts, the usual local preparation, and every node's configuration. */
async function prepareSites(network: HostNetwork, agencies: readonly string[], dir: string): Promise<PreparedFederation> {
  const example = await loadExampleManifest(agencies);
  const hubHosts = hubNodes.map((n) => network.address(hostOf('hub', n)));
  const hubCluster = hubNodes.map((name, k) => ({ name, client: `nats://${hubHosts[k]}:${hubPorts.client}`, leaf: `nats-leaf://${hubHosts[k]}:${hubPorts.leaf}`, route: `nats-route://${hubHosts[k]}:${hubPorts.route}`, monitorPort: hubPorts.monitor }));
  const siteHosts = (id: string) => nodes.map((n) => network.address(hostOf(id, n)));
  const manifest: Manifest = validateManifest({
    ...example,
    hub: { ...example.hub, cluster: { nodes: hubCluster } },
    agencies: example.agencies.map((a) => ({ ...a, site: { nodes: nodes.map((name, k) => ({ name, host: siteHosts(a.id)[k]!, ports: agencyPorts })), hubLeafUrls: hubCluster.map((n) => n.leaf) } })),
  });

  // The preparation issues certificates that name every host of the manifest's addresses too.
  const prepared = await prepareFederation({ manifest, dataDir: dir, ports: await freePorts(agencies, '127.0.0.1', workerPortRange()), hubObservers: true });
  const paths = prepared.paths;
  const hubTls = await ensureHubTls(paths.hub.tlsDir, { name: manifest.hub.name, listenHost: '127.0.0.1', siteHosts: hubHosts });
  const trust = prepared.trust as typeof prepared.trust & Manifest;

  const hubRoute = await ensureHubRouteTls(paths.hub.tlsDir, { name: manifest.hub.name, hosts: hubHosts });
  const observers = new Map<string, NatsUser>([...prepared.observerPasswords].map(([id, password]) => [id, { user: `observer-${id}`, passwordHash: hashPassword(password) }]));
  const hubPlans = hubClusterPlans(trust, {
    leafTls: { certFile: hubTls.server.certPath, keyFile: hubTls.server.keyPath, agencyCertificatesFile: paths.hub.agencyCertificates },
    routeTls: { certFile: hubRoute.certPath, keyFile: hubRoute.keyPath, caFile: hubRoute.certPath },
    observers,
  });
  await mkdir(join(paths.hub.dir, 'nodes'), { recursive: true });
  for (const plan of hubPlans) await writeFile(join(paths.hub.dir, 'nodes', `${plan.site.name}.conf`), renderConfig(hubNodeConfig(trust, plan), `hub node ${plan.site.name}`));

  for (const id of agencies) {
    const dirs = paths.agency(id);
    const tls = await ensureAgencyTls(dirs.tlsDir, { agency: id, listenHost: '127.0.0.1', siteHosts: siteHosts(id) });
    const route = await ensureAgencyRouteTls(dirs.tlsDir, { agency: id, ca: tls.ca, hosts: siteHosts(id) });
    const serviceUsers = await Promise.all(serviceNames.map(async (user) => ({ user, passwordHash: hashPassword((await readFile(dirs.servicePassword(user), 'utf8')).trim()) })));
    const plans = agencySitePlans(trust, id, {
      serverTls: { certFile: tls.server.certPath, keyFile: tls.server.keyPath },
      leafTls: { certFile: tls.leaf.certPath, keyFile: tls.leaf.keyPath, hubCertificateFile: dirs.hubCertificate },
      routeTls: { certFile: route.certPath, keyFile: route.keyPath, caFile: tls.ca.certPath },
      serviceUsers,
      syncAlways: false,
      storeDirOf: (node) => join(dirs.dir, 'nodes', node, 'jetstream'),
    });
    await mkdir(join(dirs.dir, 'nodes'), { recursive: true });
    for (const plan of plans) await writeFile(join(dirs.dir, 'nodes', `${plan.site.name}.conf`), renderConfig(agencyNodeConfig(trust, plan), `${id} node ${plan.site.name}`));
  }
  return prepared;
}
