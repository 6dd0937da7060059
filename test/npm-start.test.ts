import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@concord/testkit';
import { concord, concordJson, signInAdmins, startUp, type RunningUp } from './cli-helpers.js';
import { signInThroughConsole, TestBrowser } from './console-helpers.js';

/**
 * Below the kernel's ephemeral range (32768 and up here), from which every other test's servers take
 * their ports: a block chosen there could be taken between the launcher's check and its listen.
 * CONCORD_TEST_UP_PORTS=<from>-<to> moves it (a federation needs 80 ports from its base), so that two
 * clones' suites on one machine keep apart, as CONCORD_TEST_PORTS does for the other tests.
 */
const [upFrom, upTo] = (process.env.CONCORD_TEST_UP_PORTS ?? '20000-31999').split('-').map(Number) as [number, number];
if (!(upTo - upFrom >= 90)) throw new Error(`CONCORD_TEST_UP_PORTS must be <from>-<to>, at least 90 ports wide; got "${process.env.CONCORD_TEST_UP_PORTS}"`);
const randomBase = () => upFrom + 10 * Math.floor(Math.random() * Math.floor((upTo - upFrom - 80) / 10));

interface Status {
  allServing: boolean;
  agencies: Array<{ agency: string; services: Record<string, { health: string }> }>;
}

describe('npm start (concord up) and the concord command', () => {
  let dir: string;
  let up: RunningUp;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'concord-up-'));
    env = { CONCORD_DATA_DIR: dir };
    for (let attempt = 0; ; attempt++) {
      try {
        up = await startUp(['--data-dir', dir, '--base-port', String(randomBase())]);
        break;
      } catch (error) {
        if (attempt >= 3 || !/ports in use|EADDRINUSE/.test(String(error))) throw error;
      }
    }
    const agencies = ['AU', 'ID', 'TH', 'MY', 'NZ', 'CA', 'UNODC'];
    await signInAdmins(join(dir, 'endpoints.json'), Object.fromEntries(agencies.map((a) => [a, { username: 'admin', passwordFile: join(dir, 'agencies', a, 'identity', 'admin.password') }])));
  }, 300_000);

  afterAll(async () => {
    if (up) {
      expect(await up.interrupt()).toBe(0);
      expect(up.output()).toContain('Stopped. Data kept in the data directory.');
      // No server outlives the launcher.
      const pids = await Promise.all(['hub/nats.pid', 'agencies/AU/nats.pid'].map((f) => readFile(join(dir, f), 'utf8').catch(() => '')));
      for (const pid of pids.map(Number).filter(Boolean)) expect(() => process.kill(pid, 0)).toThrow();
    }
    await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it('prints every endpoint and writes them to endpoints.json', async () => {
    const endpoints = JSON.parse(await readFile(join(dir, 'endpoints.json'), 'utf8')) as { agencies: Record<string, { grpc: Record<string, string> }> };
    expect(Object.keys(endpoints.agencies)).toEqual(['AU', 'ID', 'TH', 'MY', 'NZ', 'CA', 'UNODC']);
    for (const agency of Object.values(endpoints.agencies)) {
      for (const address of Object.values(agency.grpc)) expect(up.output()).toContain(address);
    }
    expect(up.output()).not.toContain(':4222');
  });

  it("starts each agency's console on its base+9 port, lists it in endpoints.json and the output, and signs its admin in there", async () => {
    const endpoints = JSON.parse(await readFile(join(dir, 'endpoints.json'), 'utf8')) as { agencies: Record<string, { console: string; issuer: string; ca: string }> };
    const au = endpoints.agencies.AU!;
    expect(Number(new URL(au.console).port)).toBe(Number(new URL(au.issuer).port) + 2);
    for (const agency of Object.values(endpoints.agencies)) expect(up.output()).toContain(`console ${agency.console}`);
    expect(up.output()).toContain(`Open a console in the browser (trusting ${au.ca}): ${au.console}`);
    const browser = new TestBrowser(await readFile(au.ca, 'utf8'));
    try {
      expect((await browser.request(`${au.console}/auth/session`)).status).toBe(401);
      expect((await browser.request(`${au.console}/operations`)).body).toContain('<div id="root">');
      const password = (await readFile(join(dir, 'agencies', 'AU', 'identity', 'admin.password'), 'utf8')).trim();
      await signInThroughConsole(browser, au.console, { username: 'admin', password });
      expect(JSON.parse((await browser.request(`${au.console}/auth/session`)).body)).toMatchObject({ username: 'admin', agency: 'AU' });
    } finally {
      await browser.close();
    }
  });

  it('prints how to sign in, with each agency\'s first admin', () => {
    expect(up.output()).toContain(`npx concord --data-dir ${dir} login --agency AU --user admin --password-file ${join(dir, 'agencies', 'AU', 'identity', 'admin.password')}`);
  });

  it('concord status shows all four services and the identity service of every agency serving', async () => {
    const status = await concordJson<Status>(['status'], env);
    expect(status.allServing).toBe(true);
    expect(status.agencies.map((a) => Object.values(a.services).map((s) => s.health).join())).toEqual(Array(7).fill('SERVING,SERVING,SERVING,SERVING,SERVING'));
    const text = await concord(['status'], env);
    expect(text.stdout).toMatch(/AU\s+participant\s+SERVING\s+SERVING\s+SERVING\s+SERVING\s+SERVING/);
    // Each agency process's metrics endpoint answers with its links, one row per peer.
    expect(text.stdout).toMatch(/AU\s+ID\s+yes\s+0\s+/);
  });

  it("concord trusts each agency's CA from endpoints.json; --ca names another, and a CA that did not issue the certificate reaches nothing", async () => {
    const endpoints = JSON.parse(await readFile(join(dir, 'endpoints.json'), 'utf8')) as { agencies: Record<string, { ca: string }> };
    expect(endpoints.agencies.AU!.ca).toBe(join(dir, 'agencies/AU/tls/ca.crt'));
    expect((await concordJson<Status>(['--agency', 'AU', '--ca', endpoints.agencies.AU!.ca, 'status'], env)).allServing).toBe(true);
    const wrongCa = await concord(['--agency', 'AU', '--ca', endpoints.agencies.ID!.ca, 'status'], env);
    expect(wrongCa.code).toBe(3);
    expect(wrongCa.stdout).toMatch(/AU\s+participant\s+UNREACHABLE\s+UNREACHABLE\s+UNREACHABLE\s+UNREACHABLE/);
    const noCa = await concord(['--agency', 'AU', '--ca', join(dir, 'missing.crt'), 'timeline'], env);
    expect(noCa).toMatchObject({ code: 1, stderr: expect.stringContaining(`cannot read the CA certificate ${join(dir, 'missing.crt')} (--ca)`) });
  });

  it('concord --agency AU op create reaches the participants\' timelines and no one else\'s', async () => {
    const created = await concordJson<{ id: string; participants: string[] }>(
      ['--agency', 'AU', 'op', 'create', '--name', 'Coral Tide', '--participants', 'ID,TH,MY', '--start', '2027-03-01', '--end', '2027-04-01T00:00:00+07:00'],
      env,
    );
    expect(created.participants).toEqual(['AU', 'ID', 'MY', 'TH']);
    for (const agency of ['ID', 'TH', 'MY']) {
      await waitFor(async () => {
        const entries = await concordJson<Array<{ operationId: string; originAgency: string }>>(['--agency', agency, 'timeline'], env);
        expect(entries).toEqual([expect.objectContaining({ operationId: created.id, originAgency: 'AU' })]);
      });
    }
    for (const outsider of ['NZ', 'CA', 'UNODC']) expect(await concordJson(['--agency', outsider, 'timeline'], env)).toEqual([]);
    const text = await concord(['--agency', 'ID', 'timeline'], env);
    expect(text.stdout).toContain('AU proposed "Coral Tide" (v1) to AU, ID, MY, TH for 2027-03-01 00:00 to 2027-03-31 17:00 UTC');
  });

  it('a killed agency nats-server is restarted by the launcher with its data', async () => {
    const pid = Number(await readFile(join(dir, 'agencies/ID/nats.pid'), 'utf8'));
    process.kill(pid, 'SIGKILL');
    await waitFor(async () => {
      const now = Number(await readFile(join(dir, 'agencies/ID/nats.pid'), 'utf8'));
      expect(now).not.toBe(pid);
      expect(() => process.kill(now, 0)).not.toThrow();
    }, 20_000);
    await waitFor(async () => expect(await concordJson<unknown[]>(['--agency', 'ID', 'timeline'], env)).toHaveLength(1), 20_000);
  });

  it('bad flags are refused with a message naming the flag', async () => {
    const badStart = await concord(['--agency', 'AU', 'op', 'create', '--name', 'X', '--participants', 'ID', '--start', 'soon', '--end', '2027-04-01'], env);
    expect(badStart.code).toBe(2);
    expect(badStart.stderr).toContain('--start: "soon" is not a date');
    const missing = await concord(['--agency', 'AU', 'op', 'create', '--name', 'X'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '--participants <ids>' not specified");
    const unknownAgency = await concord(['--agency', 'XX', 'timeline'], env);
    expect(unknownAgency.code).toBe(2);
    expect(unknownAgency.stderr).toContain('--agency: XX is not in this federation');
    const noAgency = await concord(['timeline'], { ...env, CONCORD_AGENCY: '' });
    expect(noAgency.stderr).toContain('--agency: is required');
    const serverSide = await concord(['--agency', 'AU', 'op', 'create', '--name', 'X', '--participants', 'NZ', '--start', '2027-03-01', '--end', '2027-04-01'], env);
    expect(serverSide.code).toBe(2);
    expect(serverSide.stderr).toContain('participants[0]: NZ is a member, not a participant');
  });

  it('every command has --help', async () => {
    for (const args of [['--help'], ['op', 'create', '--help'], ['timeline', '--help'], ['status', '--help'], ['keys', 'init', '--help'], ['manifest', 'check', '--help'], ['up', '--help']]) {
      const result = await concord(args, env);
      expect(result.code, args.join(' ')).toBe(0);
      expect(result.stdout).toContain('Usage: concord');
    }
  });

  it('a second launcher on the same data directory is refused', async () => {
    await expect(startUp(['--data-dir', dir, '--base-port', String(randomBase())], 30_000)).rejects.toThrow(/already running from/);
  });

  it('concord manifest check names every bad field; keys init creates owner-only keys and leaf identity once', async () => {
    const bad = join(dir, 'bad.yaml');
    await writeFile(bad, 'federation: { name: X }\nagencies:\n  - { id: AU, name: A, country: AU, role: boss, timeZone: Mars/Base }\n  - { id: AU, name: B, country: AU, role: participant, timeZone: UTC }\n');
    const checked = await concord(['manifest', 'check', bad], env);
    expect(checked.code).toBe(2);
    expect(checked.stderr).toContain('agencies[0].role: must be one of');
    expect(checked.stderr).toContain('agencies[0].timeZone: must be an IANA time zone');
    expect(checked.stderr).toContain('agencies[1].id: duplicates agencies[0].id "AU"');

    const keysDir = join(dir, 'elsewhere');
    const first = await concordJson<{ created: boolean; keys: { signing: string; encryption: string }; leafCertificate: string }>(['keys', 'init', '--agency', 'FJ', '--data-dir', keysDir], env);
    expect(first.created).toBe(true);
    expect(first.keys.signing).toMatch(/^ed25519:[A-Za-z0-9_-]{43}$/);
    expect(first.keys.encryption).toMatch(/^x25519:[A-Za-z0-9_-]{43}$/);
    expect(first.leafCertificate).toMatch(/^-----BEGIN CERTIFICATE-----\n[\s\S]+-----END CERTIFICATE-----\n$/);
    for (const secret of ['keys/signing-ed25519.pem', 'tls/leaf.key']) expect((await stat(join(keysDir, 'agencies/FJ', secret))).mode & 0o777).toBe(0o600);
    const again = await concordJson<{ created: boolean; keys: unknown; leafCertificate: string }>(['keys', 'init', '--agency', 'FJ', '--data-dir', keysDir], env);
    expect(again).toMatchObject({ created: false, keys: first.keys, leafCertificate: first.leafCertificate });
  });
});
