import { createPrivateKey } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leafTrustOf } from '@concord/nats-config';
import { issueCertificate, leafSubject, newKeyAndCertificate, type KeyAndCertificate } from '@concord/pki';
import { TestFederation, waitFor } from '@concord/testkit';

const agencies = ['AU', 'ID', 'TH'];

interface Leaf {
  readonly account: string;
}

async function leafAccounts(federation: TestFederation): Promise<string[]> {
  const leafz = (await (await fetch(`${federation.prepared.endpoints.hub.monitor}/leafz`)).json()) as { leafs?: Leaf[] };
  return (leafz.leafs ?? []).map((leaf) => leaf.account).sort();
}

/** Every file below a directory, as bytes. */
async function filesBelow(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) files.set(join(entry.parentPath, entry.name), await readFile(join(entry.parentPath, entry.name)));
  }
  return files;
}

/**
 * An agency's secrets in every form they could be copied in: each private key as PEM, as DER (raw and
 * base64) and its bare scalar (raw, base64url, hex); each NATS password; each bcrypt hash of them.
 */
async function secretsOf(federation: TestFederation, id: string): Promise<Array<{ what: string; bytes: Buffer }>> {
  const dirs = federation.prepared.paths.agency(id);
  const secrets: Array<{ what: string; bytes: Buffer }> = [];
  const keyFiles = [...(await filesBelow(dirs.keysDir)).keys(), ...['ca', 'server', 'leaf'].map((name) => join(dirs.tlsDir, `${name}.key`))];
  for (const path of keyFiles) {
    const key = createPrivateKey(await readFile(path));
    const der = key.export({ format: 'der', type: 'pkcs8' });
    const scalar = Buffer.from(key.export({ format: 'jwk' }).d!, 'base64url');
    secrets.push(
      { what: `${path} (PEM body)`, bytes: Buffer.from(der.toString('base64').slice(0, 64)) },
      { what: `${path} (DER)`, bytes: der },
      { what: `${path} (scalar)`, bytes: scalar },
      { what: `${path} (scalar, base64url)`, bytes: Buffer.from(scalar.toString('base64url')) },
      { what: `${path} (scalar, hex)`, bytes: Buffer.from(scalar.toString('hex')) },
    );
  }
  for (const [path, content] of await filesBelow(dirs.secretsDir)) secrets.push({ what: path, bytes: Buffer.from(content.toString('utf8').trim()) });
  const agencyConfig = await readFile(dirs.natsConfig, 'utf8');
  for (const hash of agencyConfig.match(/\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}/g) ?? []) secrets.push({ what: `${id} service password hash`, bytes: Buffer.from(hash) });
  // The identity service's: the first admin's password, people's password hashes, the token-signing keys.
  const identityDir = join(dirs.dir, 'identity');
  secrets.push({ what: `${id} first admin's password`, bytes: Buffer.from((await readFile(join(identityDir, 'admin.password'), 'utf8')).trim()) });
  const users = JSON.parse(await readFile(join(identityDir, 'users.json'), 'utf8')) as { users: Array<{ passwordHash: string }> };
  for (const user of users.users) secrets.push({ what: `${id} password hash`, bytes: Buffer.from(user.passwordHash) });
  const signing = JSON.parse(await readFile(join(identityDir, 'signing-keys.json'), 'utf8')) as { keys: Array<{ d: string }> };
  for (const key of signing.keys) secrets.push({ what: `${id} token-signing key`, bytes: Buffer.from(key.d) });
  return secrets;
}

describe('leaf links: mutual TLS with public material only', () => {
  let federation: TestFederation;
  let forged: Record<'wrong' | 'unpinned' | 'asIdSelfSigned' | 'asIdSignedByAuLeaf', KeyAndCertificate>;

  beforeAll(async () => {
    federation = await TestFederation.start({ agencies, services: false });
    const auLeaf = await readAgencyLeaf(federation, 'AU');
    forged = {
      // Nobody the hub knows.
      wrong: await newKeyAndCertificate({ subject: 'CN=MALLORY leaf,O=Concord', profile: 'client', days: 30 }),
      // AU's subject, another key.
      unpinned: await newKeyAndCertificate({ subject: leafSubject('AU'), profile: 'client', days: 30 }),
      // AU's own (pinned) key in a certificate naming ID: self-signed, and signed with AU's leaf certificate.
      asIdSelfSigned: { keyPem: auLeaf.keyPem, certPem: await issueCertificate({ subject: leafSubject('ID'), keyPem: auLeaf.keyPem, profile: 'client', days: 30 }) },
      asIdSignedByAuLeaf: { keyPem: auLeaf.keyPem, certPem: await issueCertificate({ subject: leafSubject('ID'), keyPem: auLeaf.keyPem, issuer: auLeaf, profile: 'client', days: 30 }) },
    };
  });
  afterAll(() => federation?.stop());

  async function readAgencyLeaf(f: TestFederation, id: string): Promise<KeyAndCertificate> {
    const dir = f.prepared.paths.agency(id).tlsDir;
    return { keyPem: await readFile(join(dir, 'leaf.key'), 'utf8'), certPem: await readFile(join(dir, 'leaf.crt'), 'utf8') };
  }

  /** Restarts AU's server with its leaf link presenting `identity`; answers what the hub logged meanwhile. */
  async function auPresents(name: string, identity: KeyAndCertificate, expected: RegExp): Promise<string> {
    const dir = federation.prepared.paths.agency('AU').tlsDir;
    const files = { cert_file: join(dir, `${name}.crt`), key_file: join(dir, `${name}.key`) };
    await writeFile(files.cert_file, identity.certPem);
    await writeFile(files.key_file, identity.keyPem, { mode: 0o600 });
    await federation.stopAgencyServer('AU');
    // Only what the hub logs from here on: the new server's attempts.
    const logged = (await readFile(federation.prepared.paths.hub.log, 'utf8')).length;
    await federation.rewriteAgencyConfig('AU', (config) => {
      const remote = (config.leafnodes as { remotes: Array<{ tls: Record<string, string> }> }).remotes[0]!;
      remote.tls = { ...remote.tls, ...files };
      return config;
    });
    await federation.startAgencyServer('AU');
    return waitFor(async () => {
      const refusals = (await readFile(federation.prepared.paths.hub.log, 'utf8')).slice(logged);
      expect(refusals).toMatch(expected);
      return refusals;
    }, 15_000);
  }

  it("maps each agency's pinned leaf certificate to its own account, with no password anywhere", async () => {
    await waitFor(async () => expect(await leafAccounts(federation)).toEqual(agencies.slice().sort()));
    const hubConfig = await readFile(federation.prepared.paths.hub.config, 'utf8');
    expect(hubConfig).toContain('"verify_and_map": true');
    for (const id of agencies) expect(hubConfig).toContain(`"user": "CN=${id} leaf,O=Concord",\n          "account": "${id}"`);
    // The only passwords the hub holds are its own test observers'.
    expect([...hubConfig.matchAll(/"user": "([^"]+)",\s*"password"/g)].map((m) => m[1]).sort()).toEqual(agencies.map((id) => `observer-${id}`).sort());
    for (const id of agencies) expect(await readFile(federation.prepared.paths.agency(id).natsConfig, 'utf8')).not.toMatch(/nats-leaf:\/\/[^@"]*@/);
  });

  it("refuses a wrong certificate, an unpinned one with AU's subject, and AU's key presented as ID (self-signed, or signed by AU's leaf certificate), each logged at the hub", async () => {
    // Go's TLS client offers a certificate only to a server that names its issuer: this one sends none.
    await auPresents('wrong', forged.wrong, /TLS leafnode handshake error: tls: client didn't provide a certificate/);
    const notACa = (candidate: string) => new RegExp(`TLS leafnode handshake error: tls: failed to verify client certificate: x509: certificate signed by unknown authority \\(possibly because of "x509: invalid signature: parent certificate cannot sign this kind of certificate" while trying to verify candidate authority certificate "${candidate} leaf"\\)`);
    await auPresents('unpinned', forged.unpinned, notACa('AU'));
    await auPresents('as-id-self-signed', forged.asIdSelfSigned, notACa('ID'));
    await auPresents('as-id-signed-by-au-leaf', forged.asIdSignedByAuLeaf, notACa('AU'));
    // Through all of it, ID's account held ID's own link alone, and AU none.
    expect(await leafAccounts(federation)).toEqual(['ID', 'TH']);
  });

  it('checks the pin as well: a certificate the hub would trust but has not pinned is refused', async () => {
    const { paths } = federation.prepared;
    await federation.stopHub();
    await writeFile(paths.hub.agencyCertificates, leafTrustOf(federation.prepared.trust).bundle + forged.unpinned.certPem);
    await federation.startHub();
    try {
      await auPresents('unpinned-but-trusted', forged.unpinned, /TLS leafnode handshake error: certificate not pinned/);
      expect(await leafAccounts(federation)).not.toContain('AU');
    } finally {
      await federation.stopHub();
      await writeFile(paths.hub.agencyCertificates, leafTrustOf(federation.prepared.trust).bundle);
      await federation.startHub();
    }
    // AU's own identity connects again.
    await auPresents('leaf', await readAgencyLeaf(federation, 'AU'), /Leafnode connection created/);
    await waitFor(async () => expect(await leafAccounts(federation)).toEqual(agencies.slice().sort()));
  });

  it("the hub's configuration and whole data directory hold no agency's secret: no private key, password or password hash", async () => {
    const hubFiles = await filesBelow(federation.prepared.paths.hub.dir);
    expect([...hubFiles.keys()].map((path) => path.slice(federation.prepared.paths.hub.dir.length + 1)).sort()).toEqual(
      ['nats-server.log', 'nats.conf', 'nats.pid', ...agencies.map((id) => `secrets/observer-${id}.password`), 'tls/agency-leaves.crt', 'tls/server.crt', 'tls/server.key'].sort(),
    );
    let checked = 0;
    for (const id of agencies) {
      const secrets = await secretsOf(federation, id);
      // keys/: signing and encryption; tls/: CA, server and leaf keys; five service passwords, the
      // metrics token, and the passwords' hashes; the first admin's password and hash, and the token-signing key.
      expect(secrets.length).toBe(5 * 5 + 6 + 5 + 3);
      for (const { what, bytes } of secrets) {
        for (const [path, content] of hubFiles) {
          expect(content.includes(bytes), `${what} found in ${path}`).toBe(false);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});
