import { describe, expect, it } from 'vitest';
import type { Manifest } from '@concord/manifest';
import { newKeyAndCertificate, leafSubject } from '@concord/pki';
import { agencyNodeConfig, hubNodeConfig } from './cluster-config.js';
import { agencyServerConfig, hubServerConfig } from './server-config.js';

const ids = ['AU', 'ID'];
const leaves = await Promise.all(ids.map(async (id) => (await newKeyAndCertificate({ subject: leafSubject(id), profile: 'client', days: 30 })).certPem));
const manifest: Manifest = {
  federation: { name: 'Test' },
  hub: { name: 'hub' },
  agencies: ids.map((id, i) => ({ id, name: id, country: id, role: 'participant' as const, timeZone: 'UTC', leafCertificate: leaves[i]! })),
};
const hubLeafUrls = ['nats-leaf://10.9.0.1:7401', 'nats-leaf://10.9.0.2:7401', 'nats-leaf://10.9.0.3:7401'];
const agencyPlan = {
  agency: 'AU',
  host: '10.1.0.1',
  clientPort: 7410,
  monitorPort: 7412,
  storeDir: '/var/lib/concord/jetstream',
  serverTls: { certFile: '/etc/concord/tls/server.crt', keyFile: '/etc/concord/tls/server.key' },
  leafTls: { certFile: '/etc/concord/tls/leaf.crt', keyFile: '/etc/concord/tls/leaf.key', hubCertificateFile: '/etc/concord/tls/hub.crt' },
  serviceUsers: [],
  syncAlways: false,
};
const routeTls = { certFile: '/etc/concord/tls/route.crt', keyFile: '/etc/concord/tls/route.key', caFile: '/etc/concord/tls/ca.crt' };
const cluster = { name: 'concord-au', node: 'n1', listen: '10.1.0.1:7411', routes: ['nats-route://10.1.0.2:7411', 'nats-route://10.1.0.3:7411'], tls: routeTls };

describe('agency cluster node configuration', () => {
  const config = agencyNodeConfig(manifest, { ...agencyPlan, hubLeafUrls, cluster });
  const single = agencyServerConfig(manifest, { ...agencyPlan, hubLeafAddress: '10.9.0.1:7401' });

  it('routes to the other nodes over mutual TLS from the agency CA, with no password', () => {
    expect(config.cluster).toEqual({
      name: 'concord-au',
      listen: '10.1.0.1:7411',
      routes: ['nats-route://10.1.0.2:7411', 'nats-route://10.1.0.3:7411'],
      tls: { cert_file: '/etc/concord/tls/route.crt', key_file: '/etc/concord/tls/route.key', ca_file: '/etc/concord/tls/ca.crt', verify: true },
    });
    expect(JSON.stringify(config.cluster)).not.toMatch(/password|user/);
  });

  it('runs JetStream in the agency domain under a server name of its own', () => {
    expect(config.jetstream).toEqual({ store_dir: '/var/lib/concord/jetstream', domain: 'AU' });
    expect(config.server_name).toBe('concord-au-n1');
  });

  it('dials every hub node from its one federation-account leaf remote', () => {
    expect(config.leafnodes).toEqual({
      reconnect: 1,
      remotes: [{ urls: hubLeafUrls, account: 'FEDERATION', tls: { cert_file: '/etc/concord/tls/leaf.crt', key_file: '/etc/concord/tls/leaf.key', ca_file: '/etc/concord/tls/hub.crt' } }],
    });
  });

  it('keeps the accounts of the single server, and the single server has no cluster', () => {
    expect(config.accounts).toEqual(single.accounts);
    expect(single.cluster).toBeUndefined();
    expect((single.leafnodes as { remotes: Array<{ url: string }> }).remotes[0]!.url).toBe('nats-leaf://10.9.0.1:7401');
  });
});

describe('hub cluster node configuration', () => {
  const hubPlan = { name: 'hub', host: '0.0.0.0', clientPort: 7400, leafPort: 7401, monitorPort: 7403, leafTls: { certFile: '/etc/hub/server.crt', keyFile: '/etc/hub/server.key', agencyCertificatesFile: '/etc/hub/agency-leaves.crt' } };
  const hubRoutes = { name: 'concord-hub', node: 'h2', listen: '0.0.0.0:7402', routes: ['nats-route://10.9.0.1:7402', 'nats-route://10.9.0.3:7402'], tls: { certFile: '/etc/hub/route.crt', keyFile: '/etc/hub/route.key', caFile: '/etc/hub/route.crt' } };
  const config = hubNodeConfig(manifest, { ...hubPlan, cluster: hubRoutes });

  it('is the single hub with a cluster block: same accounts and leaf mapping, no JetStream', () => {
    const { server_name: _name, cluster: block, ...rest } = config;
    const { server_name: _single, ...single } = hubServerConfig(manifest, hubPlan);
    expect(rest).toEqual(single);
    expect(config.server_name).toBe('concord-hub-h2');
    expect(config.jetstream).toBeUndefined();
    expect(block).toMatchObject({ name: 'concord-hub', tls: { ca_file: '/etc/hub/route.crt', verify: true } });
  });
});
