/** An agency process, as `npm start` runs it, keeps its V8 heap small: young-generation semi-spaces of 1 MB. */
import { readFile, readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgencyProcess, type AgencyProcess } from '@concord/launcher';
import { TestFederation } from '@concord/testkit';

let federation: TestFederation;
let host: AgencyProcess | undefined;

beforeAll(async () => {
  federation = await TestFederation.start({ agencies: ['AU', 'ID'], services: ['ID'] });
  const paths = federation.prepared.paths.agency('AU');
  host = await startAgencyProcess('AU', paths.hostConfig, paths.servicesLog);
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
});
