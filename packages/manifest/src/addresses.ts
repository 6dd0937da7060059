/**
 * Where a real federation runs: the hub's cluster (its nodes' client, leaf and route URLs) and each
 * agency's site (its nodes' hosts and ports, and the hub leaf URLs it dials). Both are optional: a
 * local trial has none and runs on one machine.
 */
import { z } from 'zod';

const nodeName = z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, 'must be lower-case letters, digits and dashes, at most 31');
const port = z.number({ error: 'must be a port number' }).int('must be a port number').min(1, 'must be a port between 1 and 65535').max(65_535, 'must be a port between 1 and 65535');
const host = z.string().regex(/^(?:[A-Za-z0-9.-]{1,253}|\[?[0-9A-Fa-f:.]{2,45}\]?)$/, 'must be a host name or an IP address');

/** A NATS URL with one of the given schemes, a host and a port, and nothing else. */
function natsUrl(schemes: readonly string[]) {
  return z.string().superRefine((text, ctx) => {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: `must be a URL such as ${schemes[0]}://host:port` });
      return;
    }
    const scheme = url.protocol.replace(/:$/, '');
    if (!schemes.includes(scheme)) ctx.addIssue({ code: 'custom', message: `must start with ${schemes.map((s) => `${s}://`).join(' or ')}` });
    else if (url.port === '' || url.hostname === '') ctx.addIssue({ code: 'custom', message: 'must name a host and a port' });
    else if (url.username || url.password || (url.pathname !== '' && url.pathname !== '/') || url.search || url.hash) {
      ctx.addIssue({ code: 'custom', message: 'must hold a host and a port only (no user, password or path)' });
    }
  });
}

/** Each name that repeats an earlier one, as an issue at its path. */
function uniqueNames(names: readonly string[], ctx: z.RefinementCtx, at: (index: number) => (string | number)[], what: string): void {
  names.forEach((name, index) => {
    const first = names.indexOf(name);
    if (first !== index) ctx.addIssue({ code: 'custom', path: at(index), message: `duplicates the ${what} of node ${first}` });
  });
}

export const hubNodeSchema = z.strictObject({
  name: nodeName,
  /** Where the hub's operator reaches the node (monitoring tools); no agency connects here. */
  client: natsUrl(['nats', 'tls']),
  /** What agencies dial: their leaf remotes list every node's leaf URL. */
  leaf: natsUrl(['nats-leaf', 'tls']),
  /** Where the other hub nodes route to. */
  route: natsUrl(['nats-route', 'tls']),
  monitorPort: port.optional(),
});

export const hubClusterSchema = z
  .strictObject({
    nodes: z.array(hubNodeSchema).min(3, 'a hub cluster needs at least three nodes'),
  })
  .superRefine((cluster, ctx) => {
    uniqueNames(cluster.nodes.map((n) => n.name), ctx, (i) => ['nodes', i, 'name'], 'name');
    for (const kind of ['client', 'leaf', 'route'] as const) uniqueNames(cluster.nodes.map((n) => n[kind]), ctx, (i) => ['nodes', i, kind], `${kind} URL`);
  });

export const siteNodeSchema = z.strictObject({
  name: nodeName,
  host,
  ports: z.strictObject({
    /** Clients (the agency's services) over TLS. */
    nats: port,
    /** Routes between the agency's own nodes. */
    cluster: port,
    /** nats-server's HTTP monitoring. */
    monitor: port,
    /** The first of eight: the five gRPC services, sign-in, metrics and the console, in that order. */
    services: port.max(65_528, 'must leave room for eight ports'),
  }),
});

export const agencySiteSchema = z
  .strictObject({
    nodes: z.array(siteNodeSchema).min(3, 'a site needs three nodes, for JetStream to keep three copies'),
    /** The hub's leaf URLs this agency dials, tried in turn when one fails. */
    hubLeafUrls: z.array(natsUrl(['nats-leaf', 'tls'])).min(1, 'must list at least one hub leaf URL'),
  })
  .superRefine((site, ctx) => {
    uniqueNames(site.nodes.map((n) => n.name), ctx, (i) => ['nodes', i, 'name'], 'name');
    site.nodes.forEach((node, index) => {
      const { services, ...single } = node.ports;
      const taken = [...Object.values(single), ...Array.from({ length: 8 }, (_, k) => services + k)];
      const clash = taken.find((p, k) => taken.indexOf(p) !== k);
      if (clash !== undefined) ctx.addIssue({ code: 'custom', path: ['nodes', index, 'ports'], message: `uses port ${clash} twice (services takes eight from its port on)` });
    });
  });

export type HubNode = z.infer<typeof hubNodeSchema>;
export type HubCluster = z.infer<typeof hubClusterSchema>;
export type SiteNode = z.infer<typeof siteNodeSchema>;
export type AgencySite = z.infer<typeof agencySiteSchema>;

/**
 * What no single site shows: an agency that dials a leaf URL the hub's cluster does not list. Read from
 * the raw input, like the other cross-field checks, so it is reported with every other bad field.
 */
export function siteLeafIssues(raw: unknown): Array<{ path: string; message: string }> {
  const input = raw as { hub?: { cluster?: unknown }; agencies?: unknown } | null;
  const cluster = hubClusterSchema.safeParse(input?.hub?.cluster);
  if (!cluster.success || !Array.isArray(input?.agencies)) return [];
  const leafUrls = new Set(cluster.data.nodes.map((n) => n.leaf));
  return (input.agencies as Array<{ site?: { hubLeafUrls?: unknown } } | null>).flatMap((agency, index) => {
    const urls = agency?.site?.hubLeafUrls;
    if (!Array.isArray(urls)) return [];
    return urls.flatMap((url, k) =>
      typeof url === 'string' && !leafUrls.has(url) ? [{ path: `agencies[${index}].site.hubLeafUrls[${k}]`, message: `is not the leaf URL of any node in hub.cluster` }] : [],
    );
  });
}
