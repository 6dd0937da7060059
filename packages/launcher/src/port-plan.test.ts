import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { assertPortsFree, defaultBasePort, describePorts, portsFromBase } from './port-plan.js';

describe('port plan', () => {
  it('derives stable ports from the base, never the standard NATS port', () => {
    const plan = portsFromBase(defaultBasePort, ['AU', 'ID']);
    expect(plan.hub).toEqual({ client: 7400, leaf: 7401, monitor: 7402 });
    expect(plan.agencies.ID).toEqual({ nats: 7420, monitor: 7421, grpc: { planning: 7422, tasking: 7423, intel: 7424, debrief: 7425, identity: 7426 }, issuer: 7427, metrics: 7428, console: 7429 });
    expect(describePorts(plan).map((r) => r.port)).not.toContain(4222);
    expect(new Set(describePorts(plan).map((r) => r.port)).size).toBe(describePorts(plan).length);
  });

  it('refuses a base that leaves no room, naming the flag', () => {
    expect(() => portsFromBase(65_500, ['AU', 'ID', 'TH', 'MY', 'NZ', 'CA', 'UNODC'])).toThrow(/--base-port: must leave room for 7 agencies/);
    expect(() => portsFromBase(80, ['AU'])).toThrow(/--base-port/);
  });

  it('names each port already in use and what it was meant for', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as { port: number }).port;
    const plan = portsFromBase(taken - 20, ['AU', 'ID']);
    await expect(assertPortsFree(plan, '127.0.0.1')).rejects.toThrow(`${taken} (ID NATS)`);
    blocker.close();
  });
});
