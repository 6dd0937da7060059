import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Manifest } from '@concord/manifest';
import { leafSubject, newKeyAndCertificate, sameCertificate } from '@concord/pki';
import { federationPaths } from './federation-paths.js';
import { ensureFederationTrust } from './federation-trust.js';

const manifest: Manifest = {
  federation: { name: 'Test' },
  hub: { name: 'hub' },
  agencies: ['AU', 'ID'].map((id) => ({ id, name: id, country: id, role: 'participant' as const, timeZone: 'UTC' })),
};

const dirs: string[] = [];
const scratch = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'concord-trust-'));
  dirs.push(dir);
  return federationPaths(dir);
};
afterEach(async () => Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true }))));

describe("a local federation's trust", () => {
  it("fills in every agency's keys and leaf certificate and the hub's certificate, public halves only, the same on every start", async () => {
    const paths = await scratch();
    const first = await ensureFederationTrust(manifest, paths, '127.0.0.1');
    expect(first.trust.agencies.map((a) => [a.id, sameCertificate(a.leafCertificate!, first.agencyTls.get(a.id)!.leaf.certPem)])).toEqual([
      ['AU', true],
      ['ID', true],
    ]);
    expect(sameCertificate(first.trust.hub.certificate!, first.hubTls.certPem)).toBe(true);
    expect(JSON.stringify(first.trust)).not.toContain('PRIVATE KEY');
    // A manifest that already lists exactly these is accepted, and nothing changes.
    const again = await ensureFederationTrust(first.trust, paths, '127.0.0.1');
    expect(again.trust).toEqual(first.trust);
  });

  it('refuses a manifest that lists another leaf certificate or hub certificate than the one on disk', async () => {
    const paths = await scratch();
    const { trust } = await ensureFederationTrust(manifest, paths, '127.0.0.1');
    const impostor = (await newKeyAndCertificate({ subject: leafSubject('AU'), profile: 'client', days: 30 })).certPem;
    const otherLeaf = { ...trust, agencies: trust.agencies.map((a) => (a.id === 'AU' ? { ...a, leafCertificate: impostor } : a)) };
    await expect(ensureFederationTrust(otherLeaf, paths, '127.0.0.1')).rejects.toThrow(`the manifest lists another leaf certificate for AU than the one in ${join(paths.agency('AU').tlsDir, 'leaf.crt')}`);
    const otherHub = { ...trust, hub: { ...trust.hub, certificate: impostor } };
    await expect(ensureFederationTrust(otherHub, paths, '127.0.0.1')).rejects.toThrow(`the manifest lists another certificate for the hub than the one in ${join(paths.hub.tlsDir, 'server.crt')}`);
    const otherKeys = { ...trust, agencies: trust.agencies.map((a) => (a.id === 'ID' ? { ...a, keys: trust.agencies[0]!.keys } : a)) };
    await expect(ensureFederationTrust(otherKeys, paths, '127.0.0.1')).rejects.toThrow(`the manifest lists other public keys for ID than the keys in ${paths.agency('ID').keysDir}`);
  });
});
