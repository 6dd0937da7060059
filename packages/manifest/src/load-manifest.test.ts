import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConcordError } from '@concord/errors';
import { generateAgencyIdentity } from '@concord/identity';
import { ensureAgencyTls, ensureHubTls, issueCertificate, leafSubject, type AgencyTls } from '@concord/pki';
import { parseManifest, requireTrusted } from './load-manifest.js';

const example = new URL('../../../deploy/federation.example.yaml', import.meta.url);
const keys = generateAgencyIdentity().publicKeys;

function failure(text: string): ConcordError {
  try {
    parseManifest(text);
  } catch (error) {
    if (error instanceof ConcordError) return error;
    throw error;
  }
  throw new Error('the manifest was accepted');
}

describe('federation manifest', () => {
  it('accepts the example manifest', async () => {
    const manifest = parseManifest(await readFile(example, 'utf8'));
    expect(manifest.agencies.map((a) => `${a.id}:${a.role}`)).toEqual([
      'AU:participant',
      'ID:participant',
      'TH:participant',
      'MY:participant',
      'NZ:member',
      'CA:observer',
      'UNODC:international-organisation',
    ]);
  });

  it('names every bad field at once: duplicate id, bad time zone, unknown role, malformed keys', () => {
    const error = failure(`
federation: { name: Test }
agencies:
  - { id: AU, name: Australia, country: AU, role: participant, timeZone: Australia/Sydney, keys: { signing: "${keys.signing}", encryption: "${keys.encryption}" } }
  - { id: AU, name: Again, country: AU, role: participant, timeZone: Australia/Sydney }
  - { id: TH, name: Thailand, country: TH, role: participant, timeZone: Asia/Bankok }
  - { id: MY, name: Malaysia, country: MY, role: spectator, timeZone: Asia/Kuala_Lumpur }
  - { id: NZ, name: New Zealand, country: NZ, role: member, timeZone: Pacific/Auckland, keys: { signing: "ed25519:not-a-key", encryption: "${keys.signing}" } }
`);
    expect(error.violations.map((v) => v.path)).toEqual(['agencies[2].timeZone', 'agencies[3].role', 'agencies[4].keys.signing', 'agencies[4].keys.encryption', 'agencies[1].id']);
    expect(error.message).toContain('agencies[1].id: duplicates agencies[0].id "AU"');
    expect(error.message).toContain('agencies[2].timeZone: must be an IANA time zone');
    expect(error.message).toContain('agencies[3].role: must be one of participant, member, observer, international-organisation');
    expect(error.message).toContain('agencies[4].keys.signing: must be 32 bytes in base64url');
    expect(error.message).toContain('agencies[4].keys.encryption: must start with "x25519:"');
  });

  it('refuses ids that cannot be subject tokens or JetStream domains, and reserved names', () => {
    const error = failure(`
federation: { name: Test }
agencies:
  - { id: au, name: A, country: AU, role: participant, timeZone: UTC }
  - { id: "A.B", name: B, country: AU, role: participant, timeZone: UTC }
  - { id: INTERNAL, name: C, country: AU, role: participant, timeZone: UTC }
`);
    expect(error.violations.map((v) => v.path)).toEqual(['agencies[0].id', 'agencies[1].id', 'agencies[2].id']);
  });

  it('requires a country of national agencies only, and rejects unknown fields', () => {
    const error = failure(`
federation: { name: Test }
agencies:
  - { id: AU, name: A, role: participant, timeZone: UTC }
  - { id: UNODC, name: U, role: international-organisation, timeZone: Asia/Bangkok, colour: blue }
`);
    expect(error.violations.map((v) => `${v.path}: ${v.message}`)).toEqual(['agencies[0].country: is required for a national agency', 'agencies[1]: Unrecognized key: "colour"']);
  });

  it('says a missing field is required and a mistyped one what it must be, not zod\'s generic words', () => {
    const error = failure(`
federation: { name: Test }
agencies:
  - { id: AU, name: A, country: AU, role: participant }
  - { id: NZ, name: 7, country: NZ, role: member, timeZone: Pacific/Auckland }
`);
    expect(error.violations.map((v) => `${v.path}: ${v.message}`)).toEqual(['agencies[0].timeZone: is required', 'agencies[1].name: must be a string']);
  });

  it('reports YAML syntax errors with their line', () => {
    expect(failure('federation: { name: Test\nagencies: [').message).toMatch(/not valid YAML: line \d/);
  });

  it('tells which agencies still lack keys before services may trust the manifest', async () => {
    const manifest = parseManifest(await readFile(example, 'utf8'));
    expect(() => requireTrusted(manifest)).toThrow(/AU has no public keys; run concord keys init/);
  });

  describe('certificates', () => {
    let dir: string;
    let au: AgencyTls;
    let id: AgencyTls;
    let hub: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'concord-manifest-'));
      au = await ensureAgencyTls(join(dir, 'AU'), { agency: 'AU', listenHost: '127.0.0.1' });
      id = await ensureAgencyTls(join(dir, 'ID'), { agency: 'ID', listenHost: '127.0.0.1' });
      hub = (await ensureHubTls(join(dir, 'hub'), { name: 'hub', listenHost: '127.0.0.1' })).server.certPem;
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    const manifestWith = (auLeaf: string, idLeaf: string, hubCertificate = hub) => `
federation: { name: Test }
hub: { name: hub, certificate: ${JSON.stringify(hubCertificate)} }
agencies:
  - { id: AU, name: A, country: AU, role: participant, timeZone: UTC, leafCertificate: ${JSON.stringify(auLeaf)} }
  - { id: ID, name: I, country: ID, role: participant, timeZone: UTC, leafCertificate: ${JSON.stringify(idLeaf)} }
`;

    it("carries each agency's leaf certificate and the hub's certificate, as public PEM", () => {
      const manifest = parseManifest(manifestWith(au.leaf.certPem, id.leaf.certPem));
      expect(manifest.agencies.map((a) => a.leafCertificate)).toEqual([au.leaf.certPem, id.leaf.certPem]);
      expect(manifest.hub.certificate).toBe(hub);
    });

    it('refuses a leaf certificate that names another agency, could sign others, is issued by someone, or is no certificate', async () => {
      const byCa = await issueCertificate({ subject: leafSubject('ID'), keyPem: id.leaf.keyPem, issuer: au.ca, profile: 'client', days: 30 });
      expect(failure(manifestWith(id.leaf.certPem, au.ca.certPem)).violations).toEqual([
        { path: 'agencies[0].leafCertificate', message: 'must have the subject CN=AU leaf,O=Concord, not CN=ID leaf,O=Concord' },
        { path: 'agencies[1].leafCertificate', message: 'must have the subject CN=ID leaf,O=Concord, not CN=AU certificate authority,O=Concord' },
      ]);
      const ca = await issueCertificate({ subject: leafSubject('AU'), keyPem: au.leaf.keyPem, profile: 'ca', days: 30 });
      expect(failure(manifestWith(ca, byCa)).violations).toEqual([
        { path: 'agencies[0].leafCertificate', message: 'must not be able to sign certificates (basicConstraints CA:false, no keyCertSign)' },
        { path: 'agencies[1].leafCertificate', message: 'must be self-signed' },
      ]);
      expect(failure(manifestWith('not a certificate', id.leaf.certPem, 'nor this')).violations).toEqual([
        { path: 'hub.certificate', message: 'must be one PEM certificate (found 0)' },
        { path: 'agencies[0].leafCertificate', message: 'must be one PEM certificate (found 0)' },
      ]);
    });

    it('refuses one key for two agencies, or for an agency and the hub', async () => {
      const idWithAuKey = await issueCertificate({ subject: leafSubject('ID'), keyPem: au.leaf.keyPem, profile: 'client', days: 30 });
      expect(failure(manifestWith(au.leaf.certPem, idWithAuKey)).violations).toEqual([{ path: 'agencies[1].leafCertificate', message: 'has the same key as agencies[0].leafCertificate' }]);
      const hubWithAuKey = await issueCertificate({ subject: 'CN=hub leaf port,O=Concord', keyPem: au.leaf.keyPem, profile: 'server', days: 30 });
      expect(failure(manifestWith(au.leaf.certPem, id.leaf.certPem, hubWithAuKey)).violations).toEqual([{ path: 'agencies[0].leafCertificate', message: 'has the same key as hub.certificate' }]);
    });

    it('refuses an expired certificate', async () => {
      const old = await issueCertificate({ subject: leafSubject('AU'), keyPem: au.leaf.keyPem, profile: 'client', days: 10, now: new Date(Date.now() - 20 * 86_400_000) });
      expect(failure(manifestWith(old, id.leaf.certPem)).violations).toEqual([{ path: 'agencies[0].leafCertificate', message: expect.stringMatching(/^expired on \d{4}-/) }]);
    });
  });
});
