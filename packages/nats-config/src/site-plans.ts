/**
 * From the manifest's addresses to one plan per cluster node: an agency's site (`agencies[].site`)
 * and the hub's cluster (`hub.cluster`). Each node routes to every other node of its cluster; files
 * (certificates, store) are the caller's, since where they live depends on how the site is run.
 */
import { Code, ConcordError } from '@concord/errors';
import type { HubNode, Manifest, SiteNode } from '@concord/manifest';
import type { AgencyNodePlan, ClusterPlan, HubNodePlan } from './cluster-config.js';
import type { AgencyServerPlan, HubServerPlan } from './server-config.js';

type RouteTls = ClusterPlan['tls'];

export interface AgencySiteFiles extends Pick<AgencyServerPlan, 'serverTls' | 'leafTls' | 'serviceUsers' | 'syncAlways'> {
  readonly routeTls: RouteTls;
  readonly storeDirOf: (node: string) => string;
  /** Where each node listens (default its host from the manifest); 0.0.0.0 behind NAT or in a pod. */
  readonly listenHost?: string;
}

export interface HubClusterFiles extends Pick<HubServerPlan, 'leafTls' | 'observers'> {
  readonly routeTls: RouteTls;
  readonly listenHost?: string;
}

/** host:port, with an IPv6 host in brackets. */
const address = (host: string, port: number) => `${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`;

/** The cluster name of an agency's nodes; never the hub's, so the leaf link joins two clusters. */
export const agencyClusterName = (agency: string) => `concord-${agency.toLowerCase()}`;
export const hubClusterName = (hub: string) => `concord-${hub}-hub`;

function others<N extends { readonly name: string }>(nodes: readonly N[], node: N, route: (n: N) => string): string[] {
  return nodes.filter((n) => n.name !== node.name).map(route);
}

export function siteOf(manifest: Manifest, agency: string): { readonly nodes: readonly SiteNode[]; readonly hubLeafUrls: readonly string[] } {
  const site = manifest.agencies.find((a) => a.id === agency)?.site;
  if (!site) throw new ConcordError(Code.FailedPrecondition, `the manifest gives no site for ${agency} (agencies[].site)`);
  return site;
}

export function hubNodesOf(manifest: Manifest): readonly HubNode[] {
  const nodes = manifest.hub.cluster?.nodes;
  if (!nodes) throw new ConcordError(Code.FailedPrecondition, 'the manifest gives no hub cluster (hub.cluster)');
  return nodes;
}

export function agencySitePlans(manifest: Manifest, agency: string, files: AgencySiteFiles): Array<AgencyNodePlan & { readonly site: SiteNode }> {
  const site = siteOf(manifest, agency);
  return site.nodes.map((node) => {
    const host = files.listenHost ?? node.host;
    return {
      site: node,
      agency,
      host,
      clientPort: node.ports.nats,
      monitorPort: node.ports.monitor,
      storeDir: files.storeDirOf(node.name),
      serverTls: files.serverTls,
      leafTls: files.leafTls,
      serviceUsers: files.serviceUsers,
      syncAlways: files.syncAlways,
      hubLeafUrls: site.hubLeafUrls,
      cluster: {
        name: agencyClusterName(agency),
        node: node.name,
        listen: address(host, node.ports.cluster),
        routes: others(site.nodes, node, (n) => `nats-route://${address(n.host, n.ports.cluster)}`),
        tls: files.routeTls,
      },
    };
  });
}

const portOf = (url: string) => Number(new URL(url).port);

export function hubClusterPlans(manifest: Manifest, files: HubClusterFiles): Array<HubNodePlan & { readonly site: HubNode }> {
  const nodes = hubNodesOf(manifest);
  return nodes.map((node) => {
    const host = files.listenHost ?? new URL(node.client).hostname.replace(/^\[|\]$/g, '');
    return {
      site: node,
      name: manifest.hub.name,
      host,
      clientPort: portOf(node.client),
      leafPort: portOf(node.leaf),
      monitorPort: node.monitorPort ?? 8222,
      leafTls: files.leafTls,
      ...(files.observers ? { observers: files.observers } : {}),
      cluster: {
        name: hubClusterName(manifest.hub.name),
        node: node.name,
        listen: address(host, portOf(node.route)),
        routes: others(nodes, node, (n) => `nats-route://${new URL(n.route).host}`),
        tls: files.routeTls,
      },
    };
  });
}
