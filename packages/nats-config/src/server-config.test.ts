import { describe, expect, it } from 'vitest';
import type { Manifest } from '@concord/manifest';
import { agencyServerConfig, hubServerConfig, renderConfig } from './server-config.js';

const manifest: Manifest = {
  federation: { name: 'Test' },
  hub: { name: 'hub' },
  agencies: ['AU', 'ID', 'TH'].map((id) => ({ id, name: id, country: id, role: 'participant' as const, timeZone: 'UTC' })),
};
const user = (name: string) => ({ user: name, passwordHash: `$2a$04$${name}` });

describe('agency server configuration', () => {
  const config = agencyServerConfig(manifest, {
    agency: 'AU',
    host: '127.0.0.1',
    clientPort: 7410,
    monitorPort: 7411,
    storeDir: '/data/AU/jetstream',
    hubLeafAddress: '127.0.0.1:7401',
    leafUser: 'leaf-AU',
    leafPassword: 'secret',
    serviceUsers: [user('planning')],
    syncAlways: false,
  }) as { accounts: Record<string, { exports: unknown[]; imports: unknown[]; jetstream?: string }>; leafnodes: { remotes: Array<{ account: string; url: string }> }; jetstream: Record<string, unknown> };

  it('binds the leaf link to the federation account alone', () => {
    expect(config.leafnodes.remotes).toEqual([{ url: 'nats-leaf://leaf-AU:secret@127.0.0.1:7401', account: 'FEDERATION' }]);
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
    const synced = agencyServerConfig(manifest, { agency: 'AU', host: 'h', clientPort: 1, monitorPort: 2, storeDir: 's', hubLeafAddress: 'h:3', leafUser: 'u', leafPassword: 'p', serviceUsers: [], syncAlways: true });
    expect((synced.jetstream as Record<string, unknown>).sync_interval).toBe('always');
  });
});

describe('hub server configuration', () => {
  const config = hubServerConfig(manifest, {
    name: 'hub',
    host: '127.0.0.1',
    clientPort: 7400,
    leafPort: 7401,
    monitorPort: 7402,
    leafUsers: new Map(['AU', 'ID', 'TH'].map((id) => [id, user(`leaf-${id}`)])),
  }) as { accounts: Record<string, { users: unknown[]; exports: unknown[]; imports: unknown[] }>; jetstream?: unknown };

  it('gives each agency its own account, holding only its leaf user, and no JetStream', () => {
    expect(Object.keys(config.accounts)).toEqual(['AU', 'ID', 'TH']);
    expect(config.accounts.AU!.users).toEqual([{ user: 'leaf-AU', password: '$2a$04$leaf-AU' }]);
    expect(config.jetstream).toBeUndefined();
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
