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
      const config = federation.prepared.services.AU![capability];
      // The standalone planning process serves its own metrics, on the agency's metrics port.
      const metricsEnv = capability === 'planning' ? { CONCORD_METRICS_LISTEN: config.metricsListen, CONCORD_METRICS_TOKEN_FILE: config.metricsTokenFile } : {};
      return { capability, address: config.grpcListen, process: runService(capability, ['--grpc-listen', config.grpcListen], { ...serviceEnv(federation, 'AU', capability), ...metricsEnv }) };
    });
    try {
      for (const { capability, address } of running) {
        const name = capability === 'identity' ? 'concord.v1.AccessService' : `concord.v1.${capability[0]!.toUpperCase()}${capability.slice(1)}Service`;
        await waitFor(async () => expect(await probeHealth(address, federation.ca('AU'), name)).toBe('SERVING'), 100_000);
      }
      // The standalone planning process takes part in the federation like any other.
      const operation = await createOperation(federation, 'AU', ['ID']);
      await waitFor(async () => expect(await timelineOf(federation, 'ID', operation.id)).toHaveLength(1));
      await waitFor(async () => expect((await federation.getMetrics('AU')).body).toContain('concord_federation_deliveries_out_total{capability="planning",peer="ID",agency="AU"} 1'));
    } finally {
      for (const { process } of running) process.child.kill('SIGTERM');
    }
    for (const { capability, process } of running) {
      expect(await process.exited, process.stderr()).toBe(0);
      const lines = process.stdout().trim().split('\n').map((line) => JSON.parse(line) as { agency: string; service: string; msg: string });
      expect(lines.every((line) => line.agency === 'AU' && line.service === capability)).toBe(true);
      expect(lines.map((line) => line.msg)).toEqual(expect.arrayContaining(['service started', 'service stopped']));
    }
    // Five processes compiling TypeScript at once took over 60 s on a loaded 2-core machine.
  }, 180_000);

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
