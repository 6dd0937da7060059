import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeHealth, serviceNames } from '@concord/service-kit';
import { TestFederation, waitFor } from '@concord/testkit';
import { createOperation, timelineOf } from './planning-helpers.js';
import { runService, serviceEnv } from './service-child.js';

describe('each service runs as its own process', () => {
  let federation: TestFederation;
  beforeAll(async () => {
    federation = await TestFederation.start({ agencies: ['AU', 'ID'], services: ['ID'] });
  });
  afterAll(() => federation?.stop());

  it('configured by environment and flags, it serves, logs JSON with agency and service, and stops on SIGTERM', async () => {
    const running = serviceNames.map((capability) => {
      const address = federation.prepared.services.AU![capability].grpcListen;
      return { capability, address, process: runService(capability, ['--grpc-listen', address], serviceEnv(federation, 'AU', capability)) };
    });
    try {
      for (const { capability, address } of running) {
        const name = capability === 'identity' ? 'concord.v1.AccessService' : `concord.v1.${capability[0]!.toUpperCase()}${capability.slice(1)}Service`;
        await waitFor(async () => expect(await probeHealth(address, federation.ca('AU'), name)).toBe('SERVING'), 60_000);
      }
      // The standalone planning process takes part in the federation like any other.
      const operation = await createOperation(federation, 'AU', ['ID']);
      await waitFor(async () => expect(await timelineOf(federation, 'ID', operation.id)).toHaveLength(1));
    } finally {
      for (const { process } of running) process.child.kill('SIGTERM');
    }
    for (const { capability, process } of running) {
      expect(await process.exited, process.stderr()).toBe(0);
      const lines = process.stdout().trim().split('\n').map((line) => JSON.parse(line) as { agency: string; service: string; msg: string });
      expect(lines.every((line) => line.agency === 'AU' && line.service === capability)).toBe(true);
      expect(lines.map((line) => line.msg)).toEqual(expect.arrayContaining(['service started', 'service stopped']));
    }
  }, 120_000);

  it('answers --help, and refuses a bad configuration naming the flag', async () => {
    const help = runService('planning', ['--help'], {});
    expect(await help.exited).toBe(0);
    expect(help.stdout()).toContain('Usage: concord-planning');
    const bad = runService('tasking', ['--grpc-listen', 'nowhere'], { CONCORD_AGENCY: 'AU' });
    expect(await bad.exited).toBe(1);
    expect(bad.stderr()).toContain('--grpc-listen (CONCORD_GRPC_LISTEN): must be host:port');
    expect(bad.stderr()).toContain('--manifest (CONCORD_MANIFEST): is required');
  });
});
