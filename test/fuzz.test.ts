import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { status } from '@grpc/grpc-js';
import { healthChecker, maxRequestBytes, serviceNames, type HealthStatus, type ServiceName } from '@concord/service-kit';
import { fuzzCases, RawClient, reflectedRpcs, TestFederation, type RawAnswer, type ReflectedRpc } from '@concord/testkit';

/** What no request may cause: an unmapped or internal failure, an unreachable service, a slow answer. */
function defectOf(answer: RawAnswer): string | undefined {
  if (answer.code === status.UNKNOWN || answer.code === status.UNAVAILABLE || answer.code === status.DEADLINE_EXCEEDED) return status[answer.code];
  // grpc-js answers INTERNAL when the bytes are not a message of the request's type: the library's parse error.
  if (answer.code === status.INTERNAL && answer.details !== 'Error deserializing request') return `INTERNAL ${answer.details}`;
  if (answer.ms > 1_000) return `answered after ${Math.round(answer.ms)} ms`;
  return undefined;
}

describe('fuzzing every RPC of every service through reflection', () => {
  let federation: TestFederation;
  const targets: Array<{ service: ServiceName; rpc: ReflectedRpc }> = [];
  const logOf = () => join(federation.dir, 'agencies', 'AU', 'logs', 'services.log');

  beforeAll(async () => {
    federation = await TestFederation.start({ agencies: ['AU', 'ID'] });
    for (const service of serviceNames) {
      for (const rpc of await reflectedRpcs(federation.prepared.endpoints.agencies.AU!.grpc[service], federation.credentials('AU'))) targets.push({ service, rpc });
    }
  });
  afterAll(() => federation?.stop());

  it('answers every hostile request in time with a mapped code, stays SERVING and keeps its log small', { timeout: 300_000 }, async () => {
    expect(new Set(targets.map((t) => t.service))).toEqual(new Set(serviceNames));
    expect(targets.length).toBeGreaterThan(50);
    const endpoints = federation.prepared.endpoints.agencies.AU!.grpc;
    const logBefore = (await stat(logOf())).size;

    // Health is watched the whole time, every service, a few times a second.
    const checkers = serviceNames.map((service) => ({ service, checker: healthChecker(endpoints[service], federation.ca('AU')) }));
    const unhealthy: Array<{ service: string; health: HealthStatus }> = [];
    let fuzzing = true;
    const watching = (async () => {
      while (fuzzing) {
        for (const { service, checker } of checkers) {
          // A check the loaded machine did not answer within its deadline is asked again before it
          // counts; NOT_SERVING counts at once.
          let health = await checker.check('', 2_000);
          if (health === 'UNREACHABLE') health = await checker.check('', 2_000);
          if (health !== 'SERVING') unhealthy.push({ service, health });
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    })();

    const defects: string[] = [];
    const codes = new Map<string, number>();
    const slowest: Array<{ call: string; ms: number }> = [];
    let calls = 0;
    const started = Date.now();
    // One signed-in admin (who also holds supervisor), so calls reach validation; and nobody, so the
    // guard is fuzzed too. One call at a time: the services run in this process, so concurrent calls
    // would time each other rather than the service.
    for (const [caller, token] of [['admin', federation.adminTokens('AU')], ['nobody', undefined]] as const) {
      for (const service of serviceNames) {
        const client = new RawClient(endpoints[service], federation.credentials('AU'), token);
        try {
          for (const [index, { rpc }] of targets.filter((t) => t.service === service).entries()) {
            // Anything over the limit is refused on its length prefix, before its bytes are read; a large
            // request is read, parsed and validated. The first RPC of each service gets the largest of
            // each (4 MiB, and just under the limit), the others smaller ones, to keep the test short.
            const first = index === 0;
            const sizes = { oversizedBytes: first ? 4 * 1024 * 1024 - 64 : maxRequestBytes + 1024, largeBytes: first ? maxRequestBytes - 1024 : 256 * 1024 };
            const cases = fuzzCases(rpc.request, { seed: rpc.path.length, ...sizes });
            // Unauthenticated calls stop at the guard: fewer shapes say as much.
            for (const { name, bytes } of caller === 'admin' ? cases : cases.filter((c) => ['empty', 'random', 'strings: invalid UTF-8', 'open groups'].includes(c.name))) {
              const call = () => (rpc.serverStream ? client.serverStream(rpc.path, bytes) : client.unary(rpc.path, bytes));
              let answer = await call();
              // The services share this process (and the machine) with the fuzzer: a single slow answer
              // may be a stall of either; a slow path is slow again.
              if (answer.ms > 1_000) answer = await call();
              calls++;
              codes.set(status[answer.code], (codes.get(status[answer.code]) ?? 0) + 1);
              slowest.push({ call: `${caller} ${rpc.path} [${name}]`, ms: Math.round(answer.ms) });
              const defect = defectOf(answer);
              if (defect) defects.push(`${caller} ${rpc.path} [${name}]: ${defect}`);
            }
          }
        } finally {
          client.close();
        }
      }
    }
    fuzzing = false;
    await watching;
    const seconds = (Date.now() - started) / 1000;
    const logGrowth = (await stat(logOf())).size - logBefore;
    slowest.sort((a, b) => b.ms - a.ms);
    console.log(`fuzz: ${calls} calls in ${seconds.toFixed(1)} s; codes ${JSON.stringify(Object.fromEntries(codes))}; log grew ${logGrowth} bytes; slowest ${JSON.stringify(slowest.slice(0, 5))}`);

    expect(defects).toEqual([]);
    expect(unhealthy).toEqual([]);
    expect(logGrowth).toBeLessThan(1024 * 1024);
    for (const { service, checker } of checkers) {
      expect({ service, health: await checker.check() }).toEqual({ service, health: 'SERVING' });
      checker.close();
    }
  });
});
