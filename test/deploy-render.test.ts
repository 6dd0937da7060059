/**
 * `concord deploy render` (the built CLI) against a data directory as `npm start` prepares it: every
 * file of an agency's and of the hub's bundle parses, secrets are owner-only, no bundle carries
 * another party's private material, and bad flags are named with exit code 2.
 */
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { portsFromBase, prepareFederation } from '@concord/launcher';
import { loadExampleManifest } from '@concord/testkit';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { concord, concordBin, repoRoot } from './cli-helpers.js';

let root: string;
let dataDir: string;

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

/** Every private thing a party keeps: identity keys, TLS keys, passwords and tokens, its people. */
async function privateMaterialOf(party: string, options: { withCaKey: boolean } = { withCaKey: true }): Promise<string[]> {
  const dir = party === 'hub' ? join(dataDir, 'hub') : join(dataDir, 'agencies', party);
  const files = (await filesUnder(dir)).filter((path) => /\/(keys|secrets|identity)\//.test(path) || path.endsWith('.key') || path.endsWith('.password'));
  const kept = files.filter((path) => options.withCaKey || !path.endsWith('/ca.key'));
  const texts = await Promise.all(kept.map(async (path) => (await readFile(path, 'utf8')).trim()));
  return texts.filter((text) => text.length >= 16);
}

async function bundleText(out: string): Promise<string> {
  return (await Promise.all((await filesUnder(out)).map((path) => readFile(path, 'utf8')))).join('\n');
}

const render = (...args: string[]) => concord(['--data-dir', dataDir, 'deploy', 'render', ...args]);

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'concord-render-'));
  dataDir = join(root, 'data');
  const manifest = await loadExampleManifest();
  await prepareFederation({ manifest, dataDir, ports: portsFromBase(20_000, manifest.agencies.map((a) => a.id)) });
}, 60_000);
afterAll(() => rm(root, { recursive: true, force: true }));

describe('concord deploy render', () => {
  it("writes an agency's bundle in which every file parses and every secret is owner-only", async () => {
    const out = join(root, 'AU');
    const result = await render('--agency', 'AU', '--out', out, '--json');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const listed = (JSON.parse(result.stdout) as { files: Array<{ path: string; secret: boolean }> }).files;
    const paths = (await filesUnder(out)).map((path) => relative(out, path)).sort();
    expect(paths).toEqual(listed.map((file) => file.path).sort());
    expect(paths).toEqual(expect.arrayContaining(['etc/nats/n1.conf', 'etc/nats/n2.conf', 'etc/nats/n3.conf', 'etc/services/n1.json', 'systemd/concord-au-n1-nats.service', 'compose/n1.compose.yaml', 'kubernetes/nats-values.yaml', 'kubernetes/secrets.yaml', 'kubernetes/services.yaml']));

    for (const path of paths) {
      const text = await readFile(join(out, path), 'utf8');
      if (path.endsWith('.json')) expect(() => JSON.parse(text) as unknown, path).not.toThrow();
      if (path.endsWith('.conf')) expect(() => JSON.parse(text.replace(/^#.*$/gm, '')) as unknown, path).not.toThrow();
      if (path.endsWith('.yaml')) expect(parseAllDocuments(text).flatMap((doc) => ('errors' in doc ? doc.errors : [])), path).toEqual([]);
      if (path.endsWith('.service')) expect(text, path).toMatch(/^\[Service\]\nExecStart=\S+/m);
      const secret = listed.find((file) => file.path === path)!.secret;
      if (/PRIVATE KEY|password|token/i.test(path) || text.includes('PRIVATE KEY')) expect(secret, path).toBe(true);
      expect((await stat(join(out, path))).mode & 0o777, path).toBe(secret ? 0o600 : 0o644);
    }
    const node = JSON.parse((await readFile(join(out, 'etc/nats/n2.conf'), 'utf8')).replace(/^#.*$/gm, '')) as Record<string, { routes?: string[]; domain?: string; remotes?: Array<{ urls: string[] }> }>;
    expect(node.cluster!.routes).toEqual(['nats-route://10.60.0.11:7411', 'nats-route://10.60.0.13:7411']);
    expect(node.jetstream!.domain).toBe('AU');
    expect(node.leafnodes!.remotes![0]!.urls).toHaveLength(3);
    const values = parseAllDocuments(await readFile(join(out, 'kubernetes/nats-values.yaml'), 'utf8'))[0]!.toJS() as { config: { cluster: { replicas: number }; jetstream: { enabled: boolean } } };
    expect(values.config.cluster.replicas).toBe(3);
    expect(values.config.jetstream.enabled).toBe(true);
  });

  it("holds the agency's own secrets and none of another agency's or the hub's", async () => {
    const text = await bundleText(join(root, 'AU'));
    for (const own of await privateMaterialOf('AU', { withCaKey: false })) expect(text.includes(own), `AU's own ${own.slice(0, 30)}`).toBe(true);
    // Its CA's key stays at home: nodes need certificates it issued, never the power to issue more.
    expect(text.includes((await readFile(join(dataDir, 'agencies/AU/tls/ca.key'), 'utf8')).trim())).toBe(false);
    for (const party of ['ID', 'TH', 'MY', 'NZ', 'CA', 'UNODC', 'hub']) {
      const material = await privateMaterialOf(party);
      expect(material.length, party).toBeGreaterThan(0);
      for (const secret of material) expect(text.includes(secret), `${party}'s ${secret.slice(0, 30)}`).toBe(false);
    }
  });

  it("writes the hub's bundle with no agency's private material, and refuses a non-empty --out unless --force", async () => {
    const out = join(root, 'hub');
    await mkdir(out);
    await writeFile(join(out, 'stray.key'), 'left over from another site');
    const refused = await render('--hub', '--out', out);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--out: .* is not empty.*--force/);

    const result = await render('--hub', '--out', out, '--force');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const paths = (await filesUnder(out)).map((path) => relative(out, path));
    expect(paths).not.toContain('stray.key');
    expect(paths).toEqual(expect.arrayContaining(['etc/nats/h1.conf', 'etc/nats/h3.conf', 'etc/tls/server.key', 'systemd/concord-hub-h2-nats.service', 'kubernetes/nats-values.yaml']));
    const h1 = JSON.parse((await readFile(join(out, 'etc/nats/h1.conf'), 'utf8')).replace(/^#.*$/gm, '')) as Record<string, unknown>;
    expect(h1.jetstream).toBeUndefined();
    expect(Object.keys(h1.accounts as object)).toEqual(['AU', 'ID', 'TH', 'MY', 'NZ', 'CA', 'UNODC']);
    const text = await bundleText(out);
    for (const own of await privateMaterialOf('hub')) expect(text.includes(own)).toBe(true);
    for (const agency of ['AU', 'ID', 'TH', 'MY', 'NZ', 'CA', 'UNODC']) {
      for (const secret of await privateMaterialOf(agency)) expect(text.includes(secret), `${agency}'s ${secret.slice(0, 30)}`).toBe(false);
    }
  });

  it('names the bad flag, with exit code 2', async () => {
    const out = join(root, 'never');
    const cases: Array<[string[], RegExp]> = [
      [['--agency', 'AU', '--hub', '--out', out], /--hub: cannot be combined with --agency/],
      [['--agency', 'au!', '--out', out], /--agency: /],
      [['--out', out], /--agency: is required/],
      [['--agency', 'AU'], /--out: is required/],
      [['--agency', 'XX', '--out', out], /--agency: XX is not in the federation manifest/],
    ];
    const results = await Promise.all(cases.map(([args]) => render(...args)));
    cases.forEach(([args, message], i) => {
      expect({ args, code: results[i]!.code }).toEqual({ args, code: 2 });
      expect(results[i]!.stderr).toMatch(message);
    });
    await expect(stat(out)).rejects.toThrow();
  });

  it("runs the README's render commands as written", async () => {
    const readme = await readFile(join(repoRoot, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('\n## Running a real federation\n'));
    const block = /```sh\n([\s\S]*?)```/.exec(section)![1]!;
    const cwd = await mkdtemp(join(root, 'readme-'));
    // `npx concord` is the built command; the data directory is the one prepared above.
    const script = `set -e\nnpx() { shift; node "$BIN" "$@"; }\n${block}`;
    const { stdout } = await promisify(execFile)('bash', ['-c', script], { cwd, env: { ...process.env, BIN: concordBin, CONCORD_DATA_DIR: dataDir }, timeout: 120_000 });
    expect(stdout).toMatch(/Wrote the site bundle of AU/);
    expect(stdout).toMatch(/Wrote the site bundle of the hub/);
    expect(stdout.split(/\s+/)).toEqual(expect.arrayContaining(['n1.conf', 'n2.conf', 'n3.conf', 'nats-values.yaml', 'secrets.yaml', 'services.yaml']));
  });
});
