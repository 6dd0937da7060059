/**
 * The real `concord` command refuses bad flags before it calls anything: one line naming the flag,
 * exit code 2. None of these reaches a service, so no federation is started.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newKeyAndCertificate } from '@concord/pki';
import { freeWorkerPort } from '@concord/testkit';
import { concord, type CliResult } from './cli-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'concord-flags-'));
const endpoints = join(dir, 'endpoints.json');
const service = 'localhost:1';
const endpointsText = JSON.stringify({
  version: 1,
  federation: 'Test',
  dataDir: dir,
  manifest: join(dir, 'federation.json'),
  hub: { nats: 'nats://localhost:1', leaf: 'nats://localhost:1', monitor: 'http://localhost:1' },
  agencies: {
    AU: { name: 'AU', role: 'participant', timeZone: 'Australia/Sydney', nats: 'tls://localhost:1', monitor: 'http://localhost:1', grpc: { planning: service, tasking: service, intel: service, debrief: service, identity: service }, issuer: 'https://localhost:1', audience: 'concord:AU', ca: join(dir, 'ca.crt') },
  },
});
writeFileSync(endpoints, endpointsText);

/** Bad input: exit code 2 and exactly one line on stderr. */
function refused(result: CliResult): string {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr.trimEnd().split('\n'), result.stderr).toHaveLength(1);
  return result.stderr;
}

describe('concord flags', () => {
  it('refuses a version that is not a whole number by naming --version, before sending anything', async () => {
    const stderr = refused(await concord(['--endpoints', endpoints, '--agency', 'AU', 'op', 'accept', 'op-1', '--version', 'abc']));
    expect(stderr).toContain("option '--version <n>' argument 'abc' is invalid. Expected a whole number from 1 to 2147483647.");
    refused(await concord(['--endpoints', endpoints, '--agency', 'AU', 'jip', 'accept', 'p-1', '--op', 'op-1', '--version', '2.5']));
  });

  it('reports a mistyped option, suggesting the near name, rather than the required option it left out', async () => {
    const stderr = refused(await concord(['--agency', 'AU', 'op', 'create', '--nme', 'Coral Tide', '--participants', 'ID', '--start', '2027-03-01', '--end', '2027-04-01']));
    expect(stderr).toBe("error: unknown option '--nme' (Did you mean --name?)\n");
  });

  it('refuses a --timeout that is not a whole number of seconds up to a day, naming the flag', async () => {
    for (const value of ['0', 'ten', '86401']) {
      const stderr = refused(await concord(['--endpoints', endpoints, '--agency', 'AU', '--timeout', value, 'timeline']));
      expect(stderr).toContain(`option '--timeout <seconds>' argument '${value}' is invalid. Expected a whole number from 1 to 86400.`);
    }
  });

  it('bounds sign-in at the provider by --timeout too, and says how long it waited', async () => {
    // A provider that takes the connection and never answers, as one stalled on a busy host.
    const held: Socket[] = [];
    const silent = createServer((socket) => void held.push(socket));
    const port = await freeWorkerPort();
    await new Promise<void>((resolve) => silent.listen(port, '127.0.0.1', resolve));
    try {
      const slowDir = mkdtempSync(join(tmpdir(), 'concord-slow-issuer-'));
      writeFileSync(join(slowDir, 'ca.crt'), (await newKeyAndCertificate({ subject: 'CN=Test CA', profile: 'ca', days: 1 })).certPem);
      writeFileSync(join(slowDir, 'password'), 'pw-0123456789\n');
      const slowEndpoints = join(slowDir, 'endpoints.json');
      writeFileSync(slowEndpoints, endpointsText.replace('https://localhost:1', `https://127.0.0.1:${port}`).replace(JSON.stringify(join(dir, 'ca.crt')), JSON.stringify(join(slowDir, 'ca.crt'))));
      const login = await concord(['--endpoints', slowEndpoints, '--agency', 'AU', '--timeout', '1', 'login', '--user', 'admin', '--password-file', join(slowDir, 'password')]);
      expect(login.code).toBe(1);
      expect(login.stderr).toContain(`the sign-in provider https://127.0.0.1:${port} is unreachable: cannot reach https://127.0.0.1:${port}: no answer within 1000 ms`);
    } finally {
      for (const socket of held) socket.destroy();
      silent.close();
    }
  });

  it('refuses an agency the federation does not have as bad input', async () => {
    const stderr = refused(await concord(['--endpoints', endpoints, '--agency', 'XX', 'timeline']));
    expect(stderr).toContain('--agency: XX is not in this federation (AU)');
  });

  it('parses counts, cursors and ports as typed flags', async () => {
    expect(refused(await concord(['--endpoints', endpoints, '--agency', 'AU', 'timeline', '--limit', '0']))).toContain("option '--limit <n>' argument '0' is invalid");
    expect(refused(await concord(['--endpoints', endpoints, '--agency', 'AU', 'timeline', '--watch', '--cursor', '-1']))).toContain("'--cursor <n>'");
    expect(refused(await concord(['up', '--base-port', '74OO']))).toContain("option '--base-port <port>' argument '74OO' is invalid");
  });

  it('prints its version, and help still works with required options left out', async () => {
    const version = await concord(['--version']);
    expect(version).toMatchObject({ code: 0, stdout: 'concord 0.1.0\n' });
    const help = await concord(['op', 'accept', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--version <n>');
  });

  it('says a manifest field is missing in plain words', async () => {
    const manifest = join(dir, 'missing-zone.yaml');
    writeFileSync(manifest, 'federation: { name: X }\nagencies:\n  - { id: AU, name: A, country: AU, role: participant }\n  - { id: NZ, name: B, country: NZ, role: member, timeZone: Pacific/Auckland }\n');
    expect(refused(await concord(['manifest', 'check', manifest]))).toContain('agencies[0].timeZone: is required');
  });
});
