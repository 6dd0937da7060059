import { createHash, createPublicKey, X509Certificate } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { inspectCertificate, sameCertificate, spkiPin } from './certificate-info.js';
import { ensureAgencyTls, ensureHubTls } from './tls-layout.js';

const dirs: string[] = [];
const scratch = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'concord-pki-'));
  dirs.push(dir);
  return join(dir, 'tls');
};
afterEach(async () => Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true }))));

const day = 86_400_000;
const mode = async (path: string) => (await stat(path)).mode & 0o777;

describe("an agency's TLS material", () => {
  it('is created once, keys owner-only, and kept across restarts', async () => {
    const dir = await scratch();
    const first = await ensureAgencyTls(dir, { agency: 'AU', listenHost: '127.0.0.1' });
    const second = await ensureAgencyTls(dir, { agency: 'AU', listenHost: '127.0.0.1' });
    expect([first.ca.outcome, first.server.outcome, first.leaf.outcome]).toEqual(['created', 'created', 'created']);
    expect([second.ca.outcome, second.server.outcome, second.leaf.outcome]).toEqual(['kept', 'kept', 'kept']);
    for (const name of ['ca', 'server', 'leaf'] as const) {
      expect(second[name].certPem).toBe(first[name].certPem);
      expect(await readFile(join(dir, `${name}.key`), 'utf8')).toBe(first[name].keyPem);
      expect(await mode(join(dir, `${name}.key`))).toBe(0o600);
    }
    expect(await mode(dir)).toBe(0o700);
  });

  it('has a P-256 certificate authority that may sign certificates', async () => {
    const { ca } = await ensureAgencyTls(await scratch(), { agency: 'AU', listenHost: '127.0.0.1' });
    const info = inspectCertificate(ca.certPem);
    expect(info).toMatchObject({ subject: 'CN=AU certificate authority,O=Concord', canIssue: true, selfSigned: true });
    expect(createPublicKey(ca.keyPem).asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
  });

  it('issues the server certificate from that CA, for the listen host and loopback by address and name', async () => {
    const { ca, server } = await ensureAgencyTls(await scratch(), { agency: 'AU', listenHost: '10.1.2.3' });
    const certificate = new X509Certificate(server.certPem);
    expect(certificate.checkIssued(new X509Certificate(ca.certPem))).toBe(true);
    expect(certificate.verify(new X509Certificate(ca.certPem).publicKey)).toBe(true);
    expect(certificate.ca).toBe(false);
    expect(inspectCertificate(server.certPem).hosts).toEqual(['10.1.2.3', '127.0.0.1', 'localhost']);
    expect(certificate.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(certificate.checkHost('localhost')).toBe('localhost');
  });

  it('renews the server certificate near its end or for another host, keeping the CA and the leaf identity', async () => {
    const dir = await scratch();
    const first = await ensureAgencyTls(dir, { agency: 'AU', listenHost: '127.0.0.1' });
    const later = new Date(inspectCertificate(first.server.certPem).notAfter.getTime() - 10 * day);
    const renewed = await ensureAgencyTls(dir, { agency: 'AU', listenHost: '127.0.0.1', now: later });
    expect(renewed.server.outcome).toBe('renewed');
    expect(inspectCertificate(renewed.server.certPem).notAfter.getTime()).toBeGreaterThan(later.getTime() + 300 * day);
    expect([renewed.ca.outcome, renewed.leaf.outcome]).toEqual(['kept', 'kept']);
    const moved = await ensureAgencyTls(dir, { agency: 'AU', listenHost: 'concord.au.example', now: later });
    expect(moved.server.outcome).toBe('renewed');
    expect(inspectCertificate(moved.server.certPem).hosts).toContain('concord.au.example');
  });

  it('has a leaf identity that is self-signed and cannot sign another certificate', async () => {
    const { leaf } = await ensureAgencyTls(await scratch(), { agency: 'ID', listenHost: '127.0.0.1' });
    const info = inspectCertificate(leaf.certPem);
    expect(info).toMatchObject({ subject: 'CN=ID leaf,O=Concord', hasBasicConstraints: true, canIssue: false, selfSigned: true });
    expect(new X509Certificate(leaf.certPem).ca).toBe(false);
  });

  it('refuses a private key that others can read', async () => {
    const dir = await scratch();
    await ensureAgencyTls(dir, { agency: 'AU', listenHost: '127.0.0.1' });
    await chmod(join(dir, 'leaf.key'), 0o644);
    await expect(ensureAgencyTls(dir, { agency: 'AU', listenHost: '127.0.0.1' })).rejects.toThrow(/leaf.key is readable by others/);
  });
});

describe("the hub's TLS identity", () => {
  it('is a self-signed server certificate for its host, not a CA, kept across restarts', async () => {
    const dir = await scratch();
    const { server } = await ensureHubTls(dir, { name: 'hub', listenHost: '127.0.0.1' });
    expect(inspectCertificate(server.certPem)).toMatchObject({ subject: 'CN=hub leaf port,O=Concord', canIssue: false, selfSigned: true, hosts: ['127.0.0.1', 'localhost'] });
    expect((await ensureHubTls(dir, { name: 'hub', listenHost: '127.0.0.1' })).server.certPem).toBe(server.certPem);
  });
});

describe('certificate inspection', () => {
  it('pins the SHA-256 of the SubjectPublicKeyInfo, the same as derived from the private key', async () => {
    const { leaf } = await ensureAgencyTls(await scratch(), { agency: 'AU', listenHost: '127.0.0.1' });
    const fromKey = createHash('sha256').update(createPublicKey(leaf.keyPem).export({ type: 'spki', format: 'der' })).digest('hex');
    expect(spkiPin(leaf.certPem)).toBe(fromKey);
    expect(spkiPin(leaf.certPem)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('compares certificates by content, not by line breaks', async () => {
    const { leaf, ca } = await ensureAgencyTls(await scratch(), { agency: 'AU', listenHost: '127.0.0.1' });
    expect(sameCertificate(leaf.certPem, leaf.certPem.replace(/\n/g, '\r\n'))).toBe(true);
    expect(sameCertificate(leaf.certPem, ca.certPem)).toBe(false);
  });

  it('refuses text that is not exactly one certificate', async () => {
    const { leaf, ca } = await ensureAgencyTls(await scratch(), { agency: 'AU', listenHost: '127.0.0.1' });
    expect(() => inspectCertificate('hello')).toThrow('must be one PEM certificate (found 0)');
    expect(() => inspectCertificate(leaf.certPem + ca.certPem)).toThrow('must be one PEM certificate (found 2)');
    expect(() => inspectCertificate('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----')).toThrow('is not a valid X.509 certificate');
  });
});
