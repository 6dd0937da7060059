/**
 * An agency process, as `npm start` runs it, keeps its V8 heap small: young-generation semi-spaces of
 * 1 MB, and libraries only some requests need (the console's OpenID client and its HTTP stack, YAML,
 * phone numbers, ISO 3166 subdivisions) load with the first such request, not at start.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgencyProcess, type AgencyProcess } from '@concord/launcher';
import { TestFederation } from '@concord/testkit';

let federation: TestFederation;
let host: AgencyProcess | undefined;
let moduleLog: string;

beforeAll(async () => {
  federation = await TestFederation.start({ agencies: ['AU', 'ID'], services: ['ID'] });
  const paths = federation.prepared.paths.agency('AU');
  moduleLog = join(federation.dir, 'au-modules.log');
  // The child inherits these; restored at once so nothing else this file starts records its modules.
  const saved = { NODE_OPTIONS: process.env.NODE_OPTIONS, CONCORD_MODULE_LOG: process.env.CONCORD_MODULE_LOG };
  process.env.NODE_OPTIONS = `${saved.NODE_OPTIONS ?? ''} --import ${new URL('./fixtures/module-recorder.mjs', import.meta.url).href}`;
  process.env.CONCORD_MODULE_LOG = moduleLog;
  try {
    host = await startAgencyProcess('AU', paths.hostConfig, paths.servicesLog, undefined, paths.consoleConfig);
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}, 120_000);

afterAll(async () => {
  await host?.stop();
  await federation?.stop();
});

/** Command line and resident kB of the process whose arguments name `config`. */
async function processOf(config: string): Promise<{ args: string[]; residentKb: number }> {
  for (const pid of (await readdir('/proc')).filter((name) => /^\d+$/.test(name))) {
    const args = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
    if (!args.includes(config)) continue;
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    return { args, residentKb: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]) };
  }
  throw new Error(`no process with ${config}`);
}

describe('an agency process', () => {
  it('runs with 1 MB semi-spaces (resident memory from the build: bench/start-size.ts)', async () => {
    const { args, residentKb } = await processOf(federation.prepared.paths.agency('AU').hostConfig);
    expect(args).toContain('--max-semi-space-size=1');
    // From the sources here (through tsx), so more than from the build.
    console.log(`AU agency process: ${(residentKb / 1024).toFixed(0)} MB resident`);
  });

  it('serving its services and console, has loaded none of the libraries only some requests need', async () => {
    const loaded = (await readFile(moduleLog, 'utf8')).split('\n');
    const packagesLoaded = new Set(loaded.flatMap((url) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1] ?? []));
    // Each was megabytes of heap in every agency process (heap snapshots, BENCHMARKS.md).
    for (const lazy of ['undici', 'openid-client', 'oauth4webapi', 'yaml', 'libphonenumber-js', 'iso-3166']) expect(packagesLoaded, lazy).not.toContain(lazy);
    // The recorder saw the process load its libraries at all.
    expect(packagesLoaded).toContain('oidc-provider');
  });
});
