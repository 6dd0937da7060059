/**
 * The generated cluster configurations run: a three-node agency cluster and a three-node hub cluster
 * on loopback, routes authenticated by TLS, a stream kept on all three agency nodes (R3), and every
 * agency node's leaf link landing on the hub cluster, failing over when its hub node stops.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type NatsConnection } from 'nats';
import { localNatsRunner, type NatsServerHandle } from '@concord/launcher';
import { validateManifest, type Manifest } from '@concord/manifest';
import { agencyClusterName, agencyNodeConfig, agencySitePlans, clusterBlock, hashPassword, hubClusterPlans, hubNodeConfig, leafTrustOf, renderConfig } from '@concord/nats-config';
import { ensureAgencyRouteTls, ensureAgencyTls, ensureHubRouteTls, ensureHubTls, ensureLeafIdentity } from '@concord/pki';
import { freeWorkerPort, waitFor } from '@concord/testkit';

const host = '127.0.0.1';
const three = [1, 2, 3];

async function loopbackManifest(dir: string): Promise<Manifest> {
  const hubNodes = [];
  for (const n of three) {
    const [client, leaf, route, monitor] = [await freeWorkerPort(), await freeWorkerPort(), await freeWorkerPort(), await freeWorkerPort()];
    hubNodes.push({ name: `h${n}`, client: `tls://${host}:${client}`, leaf: `nats-leaf://${host}:${leaf}`, route: `nats-route://${host}:${route}`, monitorPort: monitor });
  }
  const siteNodes = [];
  for (const n of three) {
    // services is unused here; it only has to stay clear of the other three.
    siteNodes.push({ name: `n${n}`, host, ports: { nats: await freeWorkerPort(), cluster: await freeWorkerPort(), monitor: await freeWorkerPort(), services: 60_000 + n * 10 } });
  }
  const leafOf = async (id: string) => (await ensureLeafIdentity(join(dir, id), id)).certPem;
  return validateManifest({
    federation: { name: 'Cluster test' },
    hub: { name: 'hub', certificate: (await ensureHubTls(join(dir, 'hub'), { name: 'hub', listenHost: host })).server.certPem, cluster: { nodes: hubNodes } },
    agencies: [
      { id: 'AU', name: 'AU', country: 'AU', role: 'participant', timeZone: 'UTC', leafCertificate: await leafOf('AU'), site: { nodes: siteNodes, hubLeafUrls: hubNodes.map((n) => n.leaf) } },
      { id: 'ID', name: 'ID', country: 'ID', role: 'participant', timeZone: 'UTC', leafCertificate: await leafOf('ID') },
    ],
  });
}

describe('three-node agency and hub clusters from the generated configuration', () => {
  let dir: string;
  let manifest: Manifest;
  let nc: NatsConnection | undefined;
  const servers = new Map<string, NatsServerHandle>();
  const monitors = new Map<string, string>();

  async function startAll(configs: Array<{ name: string; config: Record<string, unknown>; monitorPort: number }>): Promise<void> {
    const runner = localNatsRunner();
    await Promise.all(
      configs.map(async ({ name, config, monitorPort }) => {
        const configPath = join(dir, `${name}.conf`);
        await writeFile(configPath, renderConfig(config, name));
        const monitorUrl = `http://${host}:${monitorPort}`;
        monitors.set(name, monitorUrl);
        servers.set(name, await runner.start({ name, configPath, pidFile: join(dir, `${name}.pid`), logPath: join(dir, `${name}.log`), monitorUrl }));
      }),
    );
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'concord-cluster-'));
    manifest = await loopbackManifest(dir);
    const hubTls = await ensureHubTls(join(dir, 'hub'), { name: 'hub', listenHost: host });
    const hubRoute = await ensureHubRouteTls(join(dir, 'hub'), { name: 'hub', hosts: [host] });
    const leaves = join(dir, 'hub', 'agency-leaves.crt');
    await writeFile(leaves, leafTrustOf(manifest).bundle);
    const hubPlans = hubClusterPlans(manifest, {
      leafTls: { certFile: hubTls.server.certPath, keyFile: hubTls.server.keyPath, agencyCertificatesFile: leaves },
      routeTls: { certFile: hubRoute.certPath, keyFile: hubRoute.keyPath, caFile: hubRoute.certPath },
    });
    await startAll(hubPlans.map((plan) => ({ name: plan.site.name, config: hubNodeConfig(manifest, plan), monitorPort: plan.monitorPort })));

    const au = await ensureAgencyTls(join(dir, 'AU'), { agency: 'AU', listenHost: host });
    const auRoute = await ensureAgencyRouteTls(join(dir, 'AU'), { agency: 'AU', ca: au.ca, hosts: [host] });
    const auPlans = agencySitePlans(manifest, 'AU', {
      serverTls: { certFile: au.server.certPath, keyFile: au.server.keyPath },
      leafTls: { certFile: au.leaf.certPath, keyFile: au.leaf.keyPath, hubCertificateFile: hubTls.server.certPath },
      routeTls: { certFile: auRoute.certPath, keyFile: auRoute.keyPath, caFile: au.ca.certPath },
      serviceUsers: [{ user: 'planning', passwordHash: hashPassword('secret') }],
      syncAlways: false,
      storeDirOf: (node) => join(dir, 'AU', node),
    });
    await startAll(auPlans.map((plan) => ({ name: plan.site.name, config: agencyNodeConfig(manifest, plan), monitorPort: plan.monitorPort })));
    const site = manifest.agencies[0]!.site!;
    nc = await connect({ servers: `tls://${host}:${site.nodes[0]!.ports.nats}`, tls: { ca: au.ca.certPem }, user: 'planning', pass: 'secret', noAsyncTraces: true });
  }, 60_000);

  afterAll(async () => {
    await nc?.close();
    await Promise.all([...servers.values()].map((server) => server.stop()));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("refuses a route from a node whose certificate is not from the agency's CA", async () => {
    const stranger = await ensureAgencyTls(join(dir, 'stranger'), { agency: 'ID', listenHost: host });
    const strangerRoute = await ensureAgencyRouteTls(join(dir, 'stranger'), { agency: 'ID', ca: stranger.ca, hosts: [host] });
    const monitorPort = await freeWorkerPort();
    const site = manifest.agencies[0]!.site!;
    const cluster = clusterBlock({
      name: agencyClusterName('AU'),
      node: 'x',
      listen: `${host}:${await freeWorkerPort()}`,
      routes: site.nodes.map((n) => `nats-route://${host}:${n.ports.cluster}`),
      tls: { certFile: strangerRoute.certPath, keyFile: strangerRoute.keyPath, caFile: stranger.ca.certPath },
    });
    await startAll([{ name: 'x', config: { server_name: 'stranger', listen: `${host}:${await freeWorkerPort()}`, http: `${host}:${monitorPort}`, cluster }, monitorPort }]);
    await waitFor(async () => expect(await readFile(join(dir, 'x.log'), 'utf8')).toMatch(/TLS route handshake error/), 10_000, 100);
    expect((await json<{ num_routes: number }>(`${monitors.get('x')}/routez`)).num_routes).toBe(0);
    expect((await json<{ num_routes: number }>(`${monitors.get('n1')}/routez`)).num_routes).toBe(2);
  });

  const json = async <T>(url: string): Promise<T> => (await fetch(url)).json() as Promise<T>;

  it('joins each cluster by TLS routes: every node sees the other two', async () => {
    for (const name of ['h1', 'h2', 'h3', 'n1', 'n2', 'n3']) {
      await waitFor(async () => expect((await json<{ num_routes: number }>(`${monitors.get(name)}/routez`)).num_routes, `${name} routes`).toBe(2));
    }
  });

  it("keeps a stream on all three agency nodes (R3) in the agency's domain", async () => {
    const jsm = await nc!.jetstreamManager({ domain: 'AU' });
    // The first attempts may come before the cluster has elected its meta leader.
    await waitFor(() => jsm.streams.add({ name: 'R3TEST', subjects: ['r3.test'], num_replicas: 3 }), 15_000, 200);
    await nc!.jetstream({ domain: 'AU' }).publish('r3.test', new TextEncoder().encode('kept three times'));
    await waitFor(async () => {
      const info = await jsm.streams.info('R3TEST');
      expect(info.cluster?.replicas?.map((r) => r.current)).toEqual([true, true]);
      expect(info.state.messages).toBe(1);
    });
    const info = await jsm.streams.info('R3TEST');
    expect(info.config.num_replicas).toBe(3);
    expect(new Set([info.cluster!.leader, ...info.cluster!.replicas!.map((r) => r.name)])).toEqual(new Set(['concord-au-n1', 'concord-au-n2', 'concord-au-n3']));
  });

  it("links every agency node to the hub cluster in AU's account, and fails over when its hub node stops", async () => {
    type Leafz = { leafs: null | Array<{ account: string }> };
    const leafsOn = async (name: string) => (servers.has(name) ? ((await json<Leafz>(`${monitors.get(name)}/leafz`)).leafs ?? []).map((leaf) => ({ ...leaf, hub: name })) : []);
    const allLeafs = async () => (await Promise.all(['h1', 'h2', 'h3'].map(leafsOn))).flat();
    await waitFor(async () => expect(await allLeafs()).toHaveLength(3));
    const before = await allLeafs();
    expect(before.map((leaf) => leaf.account)).toEqual(['AU', 'AU', 'AU']);
    for (const node of ['n1', 'n2', 'n3']) expect((await leafsOn(node)).map((leaf) => leaf.account), node).toEqual(['FEDERATION']);

    const busiest = before[0]!.hub;
    await servers.get(busiest)!.stop();
    servers.delete(busiest);
    await waitFor(async () => expect(await allLeafs()).toHaveLength(3), 15_000);
    expect((await allLeafs()).every((leaf) => leaf.hub !== busiest)).toBe(true);
  });
});
