import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertPortsFree, defaultBasePort, describePorts, freePort, portsFromBase } from './port-plan.js';
import { fetchBlockedPorts } from './blocked-ports.js';

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

describe('ports that browsers and fetch refuse', () => {
  it('keeps every web port of a plan off them, naming the first one a base would put there', () => {
    // 50 agencies from 5000 put A06's NATS monitoring on 5061.
    const ids = Array.from({ length: 50 }, (_, i) => `A${String(i + 1).padStart(2, '0')}`);
    expect(() => portsFromBase(5_000, ids)).toThrow(/--base-port: puts 5061 \(A06 NATS monitoring\) on a port that browsers and fetch refuse/);
    expect(() => portsFromBase(8_000, ids)).not.toThrow();
  });

  it('never hands out one as a free port', async () => {
    const taken = await Promise.all([...Array(3)].map(() => freePort('127.0.0.1', { from: 10_080, to: 10_081 })));
    expect(taken).not.toContain(10_080);
  });

  it("holds the same list as undici, Node's fetch", () => {
    // undici exports no list; its internal module is read here only, so a move fails this test and no code.
    const fromRoot = createRequire(join(process.cwd(), 'package.json'));
    const undiciConstants = fromRoot('undici/lib/web/fetch/constants.js') as { badPorts: readonly string[] };
    expect([...fetchBlockedPorts].sort((a, b) => a - b)).toEqual(undiciConstants.badPorts.map(Number).sort((a, b) => a - b));
  });
});
