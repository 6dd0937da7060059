import { describe, expect, it } from 'vitest';
import { ConcordError } from '@concord/errors';
import { validateManifest } from './load-manifest.js';

const hubNode = (n: number) => ({ name: `h${n}`, client: `tls://hub${n}.example.org:7400`, leaf: `nats-leaf://hub${n}.example.org:7401`, route: `nats-route://hub${n}.example.org:7402` });
const siteNode = (n: number) => ({ name: `n${n}`, host: `10.0.0.${n}`, ports: { nats: 7410, cluster: 7411, monitor: 7412, services: 7420 } });
const agency = (id: string, site?: unknown) => ({ id, name: id, country: id, role: 'participant', timeZone: 'UTC', ...(site ? { site } : {}) });
const site = { nodes: [1, 2, 3].map(siteNode), hubLeafUrls: [1, 2, 3].map((n) => hubNode(n).leaf) };
const manifest = (hub: unknown, agencies: unknown[]) => ({ federation: { name: 'Test' }, hub, agencies });

function violations(value: unknown): Array<{ path: string; message: string }> {
  try {
    validateManifest(value);
  } catch (error) {
    if (error instanceof ConcordError) return error.violations.map(({ path, message }) => ({ path, message }));
    throw error;
  }
  throw new Error('the manifest was accepted');
}

describe('addresses in the manifest', () => {
  it('accepts a hub cluster and agency sites, and keeps them', () => {
    const parsed = validateManifest(manifest({ name: 'hub', cluster: { nodes: [1, 2, 3].map(hubNode) } }, [agency('AU', site), agency('ID')]));
    expect(parsed.hub.cluster?.nodes.map((n) => n.leaf)).toEqual(site.hubLeafUrls);
    expect(parsed.agencies[0]!.site?.nodes[2]).toEqual(siteNode(3));
    expect(parsed.agencies[1]!.site).toBeUndefined();
  });

  it('names every bad address at once, with its path', () => {
    const badHub = { name: 'hub', cluster: { nodes: [hubNode(1), { ...hubNode(2), leaf: 'http://hub2:80', route: 'nats-route://hub2' }, { ...hubNode(3), name: 'h1' }] } };
    const badSite = { nodes: [siteNode(1), { ...siteNode(2), ports: { nats: 7410, cluster: 7421, monitor: 0, services: 7420 } }], hubLeafUrls: ['nats-leaf://elsewhere:7401'] };
    expect(violations(manifest(badHub, [agency('AU', badSite), agency('ID')]))).toEqual(
      expect.arrayContaining([
        { path: 'hub.cluster.nodes[1].leaf', message: 'must start with nats-leaf:// or tls://' },
        { path: 'hub.cluster.nodes[1].route', message: 'must name a host and a port' },
        { path: 'hub.cluster.nodes[2].name', message: 'duplicates the name of node 0' },
        { path: 'agencies[0].site.nodes', message: 'a site needs three nodes, for JetStream to keep three copies' },
        { path: 'agencies[0].site.nodes[1].ports.monitor', message: 'must be a port between 1 and 65535' },
      ]),
    );
  });

  it('refuses a site whose ports overlap, and a hub cluster of two', () => {
    const clashing = { ...site, nodes: [siteNode(1), siteNode(2), { ...siteNode(3), ports: { nats: 7410, cluster: 7422, monitor: 7412, services: 7420 } }] };
    expect(violations(manifest({ name: 'hub', cluster: { nodes: [hubNode(1), hubNode(2)] } }, [agency('AU', clashing), agency('ID')]))).toEqual([
      { path: 'hub.cluster.nodes', message: 'a hub cluster needs at least three nodes' },
      { path: 'agencies[0].site.nodes[2].ports', message: 'uses port 7422 twice (services takes eight from its port on)' },
    ]);
  });

  it('refuses an agency that dials a leaf URL the hub cluster does not list', () => {
    const astray = { ...site, hubLeafUrls: [hubNode(1).leaf, 'nats-leaf://hub9.example.org:7401'] };
    expect(violations(manifest({ name: 'hub', cluster: { nodes: [1, 2, 3].map(hubNode) } }, [agency('AU'), agency('ID', astray)]))).toEqual([
      { path: 'agencies[1].site.hubLeafUrls[1]', message: 'is not the leaf URL of any node in hub.cluster' },
    ]);
  });
});
