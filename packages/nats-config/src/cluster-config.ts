/**
 * nats-server configurations for clusters: a node of an agency's three-node cluster and a node of the
 * hub's cluster. Each is the single-server configuration (same accounts, same exports and imports)
 * plus a `cluster` block whose routes authenticate by mutual TLS, never by a password:
 *
 * - agency node: its routes present the agency's route certificate, issued by the agency's own CA,
 *   and accept only certificates from that CA; JetStream runs on every node in the agency's domain,
 *   so streams can keep three replicas; its leaf remote lists every hub node's URL and fails over.
 * - hub node: its routes present the hub's self-signed route certificate and trust it alone; every
 *   node holds the same accounts and leaf mapping, so an agency's leaf may land on any of them.
 */
import type { Manifest } from '@concord/manifest';
import { agencyLeafRemote, agencyServerConfig, hubServerConfig, type AgencyServerPlan, type HubServerPlan, type TlsFiles } from './server-config.js';

/** One node's place in its cluster. */
export interface ClusterPlan {
  /** The cluster's name, the same on every node; an agency's and the hub's must differ. */
  readonly name: string;
  /** This node's name, unique in the whole federation (JetStream needs unique server names). */
  readonly node: string;
  /** Where this node listens for routes, host:port. */
  readonly listen: string;
  /** The other nodes' route URLs (nats-route://host:port). */
  readonly routes: readonly string[];
  /** The route identity this node presents, and the file of what it trusts for the other nodes. */
  readonly tls: TlsFiles & { readonly caFile: string };
}

export interface AgencyNodePlan extends Omit<AgencyServerPlan, 'hubLeafAddress'> {
  /** Every hub node's leaf URL (nats-leaf://host:port). */
  readonly hubLeafUrls: readonly string[];
  readonly cluster: ClusterPlan;
}

export interface HubNodePlan extends HubServerPlan {
  readonly cluster: ClusterPlan;
}

/** The name a cluster node runs under: the server's name and the node's. */
export const nodeServerName = (server: string, node: string) => `concord-${server.toLowerCase()}-${node}`;

export function clusterBlock(plan: ClusterPlan): Record<string, unknown> {
  return {
    name: plan.name,
    listen: plan.listen,
    routes: [...plan.routes],
    // verify: a route must present a certificate the CA file vouches for; no password exists to leak.
    tls: { cert_file: plan.tls.certFile, key_file: plan.tls.keyFile, ca_file: plan.tls.caFile, verify: true },
  };
}

export function agencyNodeConfig(manifest: Manifest, plan: AgencyNodePlan): Record<string, unknown> {
  const single = agencyServerConfig(manifest, { ...plan, hubLeafAddress: '' });
  return {
    ...single,
    server_name: nodeServerName(plan.agency, plan.cluster.node),
    cluster: clusterBlock(plan.cluster),
    leafnodes: { reconnect: 1, remotes: [agencyLeafRemote(plan.hubLeafUrls, plan.leafTls)] },
  };
}

export function hubNodeConfig(manifest: Manifest, plan: HubNodePlan): Record<string, unknown> {
  return { ...hubServerConfig(manifest, plan), server_name: nodeServerName(plan.name, plan.cluster.node), cluster: clusterBlock(plan.cluster) };
}
