import { beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '@concord/manifest';
import { leafSubject, newKeyAndCertificate, spkiPin } from '@concord/pki';
import { leafTrustOf } from './leaf-trust.js';
import { agencyServerConfig, hubServerConfig, renderConfig } from './server-config.js';

const ids = ['AU', 'ID', 'TH'];
const bare: Manifest = {
  federation: { name: 'Test' },
  hub: { name: 'hub' },
  agencies: ids.map((id) => ({ id, name: id, country: id, role: 'participant' as const, timeZone: 'UTC' })),
};
const leaves = new Map<string, string>();
let manifest: Manifest;
beforeAll(async () => {
  for (const id of ids) leaves.set(id, (await newKeyAndCertificate({ subject: leafSubject(id), profile: 'client', days: 30 })).certPem);
  manifest = { ...bare, agencies: bare.agencies.map((agency) => ({ ...agency, leafCertificate: leaves.get(agency.id)! })) };
});
const user = (name: string) => ({ user: name, passwordHash: `$2a$04$${name}` });
const agencyTls = {
  serverTls: { certFile: '/data/AU/tls/server.crt', keyFile: '/data/AU/tls/server.key' },
  leafTls: { certFile: '/data/AU/tls/leaf.crt', keyFile: '/data/AU/tls/leaf.key', hubCertificateFile: '/data/AU/tls/hub.crt' },
};

describe('agency server configuration', () => {
  const config = agencyServerConfig(bare, {
    agency: 'AU',
    host: '127.0.0.1',
    clientPort: 7410,
    monitorPort: 7411,
    storeDir: '/data/AU/jetstream',
    hubLeafAddress: '127.0.0.1:7401',
    ...agencyTls,
    serviceUsers: [user('planning')],
    syncAlways: false,
  }) as { accounts: Record<string, { exports: unknown[]; imports: unknown[]; jetstream?: string }>; leafnodes: { remotes: unknown[] }; jetstream: Record<string, unknown>; tls: unknown };

  it('binds the leaf link to the federation account alone, over mutual TLS with no password, trusting only the hub', () => {
    expect(config.leafnodes.remotes).toEqual([
      { url: 'nats-leaf://127.0.0.1:7401', account: 'FEDERATION', tls: { cert_file: '/data/AU/tls/leaf.crt', key_file: '/data/AU/tls/leaf.key', ca_file: '/data/AU/tls/hub.crt' } },
    ]);
  });

  it("serves its client port over TLS, with the certificate from the agency's CA", () => {
    expect(config.tls).toEqual({ cert_file: '/data/AU/tls/server.crt', key_file: '/data/AU/tls/server.key' });
  });

  it('keeps JetStream in the internal account, in the agency\'s own domain', () => {
    expect(config.jetstream).toEqual({ store_dir: '/data/AU/jetstream', domain: 'AU' });
    expect(config.accounts.INTERNAL!.jetstream).toBe('enabled');
    expect(config.accounts.FEDERATION!.jetstream).toBeUndefined();
  });

  it('lets in only deliveries addressed to the agency, and lets out only its deliveries to each peer', () => {
    expect(config.accounts.INTERNAL!.exports).toEqual([{ service: 'jpa.AU.*.>', accounts: ['FEDERATION'] }]);
    expect(config.accounts.INTERNAL!.imports).toEqual([
      { service: { account: 'FEDERATION', subject: 'jpa.ID.AU.>' } },
      { service: { account: 'FEDERATION', subject: 'jpa.TH.AU.>' } },
    ]);
    expect(config.accounts.FEDERATION!.imports).toEqual([{ service: { account: 'INTERNAL', subject: 'jpa.AU.*.>' } }]);
  });

  it('asks for fsync on every write only where the server accepts it', () => {
    const synced = agencyServerConfig(bare, { agency: 'AU', host: 'h', clientPort: 1, monitorPort: 2, storeDir: 's', hubLeafAddress: 'h:3', ...agencyTls, serviceUsers: [], syncAlways: true });
    expect((synced.jetstream as Record<string, unknown>).sync_interval).toBe('always');
  });
});

describe('hub server configuration', () => {
  type HubConfig = { accounts: Record<string, { users: unknown[]; exports: unknown[]; imports: unknown[] }>; jetstream?: unknown; leafnodes: Record<string, unknown> };
  const plan = {
    name: 'hub',
    host: '127.0.0.1',
    clientPort: 7400,
    leafPort: 7401,
    monitorPort: 7402,
    leafTls: { certFile: '/hub/tls/server.crt', keyFile: '/hub/tls/server.key', agencyCertificatesFile: '/hub/tls/agency-leaves.crt' },
  };
  let config: HubConfig;
  beforeAll(() => {
    config = hubServerConfig(manifest, { ...plan, observers: new Map([['ID', user('observer-ID')]]) }) as HubConfig;
  });

  it('gives each agency its own account, with no user but a test observer, and no JetStream', () => {
    expect(Object.keys(config.accounts)).toEqual(['AU', 'ID', 'TH']);
    expect(config.accounts.AU!.users).toEqual([]);
    expect(config.accounts.ID!.users).toEqual([{ user: 'observer-ID', password: '$2a$04$observer-ID' }]);
    expect(config.jetstream).toBeUndefined();
  });

  it("maps each agency's pinned leaf certificate to its account: trusted as itself, pinned, by exact subject", () => {
    expect(config.leafnodes).toEqual({
      listen: '127.0.0.1:7401',
      no_advertise: true,
      tls: {
        cert_file: '/hub/tls/server.crt',
        key_file: '/hub/tls/server.key',
        ca_file: '/hub/tls/agency-leaves.crt',
        verify_and_map: true,
        pinned_certs: ids.map((id) => spkiPin(leaves.get(id)!)),
      },
      authorization: { users: ids.map((id) => ({ user: `CN=${id} leaf,O=Concord`, account: id })) },
    });
    expect(leafTrustOf(manifest).bundle).toBe(ids.map((id) => leaves.get(id)).join(''));
  });

  it('refuses a manifest that lacks a leaf certificate', () => {
    const lacking = { ...manifest, agencies: manifest.agencies.map((agency) => (agency.id === 'TH' ? { ...agency, leafCertificate: undefined } : agency)) };
    expect(() => hubServerConfig(lacking, plan)).toThrow('the manifest lists no leaf certificate for TH');
  });

  it('routes jpa.<to>.<from> from account <from> to account <to> only', () => {
    expect(config.accounts.AU!.exports).toEqual([
      { service: 'jpa.AU.ID.>', accounts: ['ID'] },
      { service: 'jpa.AU.TH.>', accounts: ['TH'] },
    ]);
    expect(config.accounts.AU!.imports).toEqual([
      { service: { account: 'ID', subject: 'jpa.ID.AU.>' } },
      { service: { account: 'TH', subject: 'jpa.TH.AU.>' } },
    ]);
  });

  it('renders as JSON with a comment header, keeping $ literal', () => {
    const text = renderConfig({ password: '$2a$04$x' }, 'line one\nline two');
    expect(text).toBe('# line one\n# line two\n{\n  "password": "$2a$04$x"\n}\n');
  });
});
