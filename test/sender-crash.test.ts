import { status, type ServiceError } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { bearerInterceptor, retryUnavailable } from '@concord/access';
import { CreateOperationRequest, PlanningServiceClient } from '@concord/contracts/planning';
import { callUnary, probeHealth } from '@concord/service-kit';
import { TestFederation, waitFor } from '@concord/testkit';
import { nextMonth } from './planning-helpers.js';
import { callWithId } from './request-id-helpers.js';
import { runService, serviceEnv } from './service-child.js';

const calls = 1_000;
const concurrency = 16;
const killAfter = 300;
const peers = ['ID'];
/** Statuses that say the service went away or did not answer in time: the client tries again with the same id. */
const retryable = new Set<number>([status.UNAVAILABLE, status.DEADLINE_EXCEEDED, status.INTERNAL, status.CANCELLED]);

describe('kill -9 of the sending service during a burst', () => {
  it(`${calls} calls retried by request id: none lost, none doubled, every peer converged within 5 s`, async () => {
    await using federation = await TestFederation.start({ agencies: ['AU', ...peers], relayMaxBackoffMs: 200 });
    await federation.stopService('AU', 'planning');
    const address = federation.prepared.services.AU!.planning.grpcListen;
    const startPlanning = async () => {
      const running = runService('planning', ['--grpc-listen', address], serviceEnv(federation, 'AU', 'planning'));
      await waitFor(async () => expect(await probeHealth(address, federation.ca('AU'), 'concord.v1.PlanningService')).toBe('SERVING'), 60_000, 100);
      return running;
    };
    let planning = await startPlanning();
    const client = new PlanningServiceClient(address, federation.credentials('AU'), { ...retryUnavailable, interceptors: [bearerInterceptor(federation.adminTokens('AU'))] });
    const namesAt = async (agency: string) => {
      const reader = agency === 'AU' ? client : federation.planningClient(agency);
      try {
        return (await callUnary(reader, 'listOperations', {})).operations.map((o) => o.name).filter((name) => name.startsWith('Burst '));
      } finally {
        if (reader !== client) reader.close();
      }
    };

    const outcomes = { answered: 0, storedAnswerLost: 0, retries: 0 };
    let settled = 0;
    let restart: Promise<{ at: number; held: number; caughtUpMs: number }> | undefined;
    const request = (i: number) => CreateOperationRequest.fromPartial({ name: `Burst ${i}`, participants: peers, period: nextMonth() });
    async function callUntilAnswered(i: number): Promise<void> {
      for (;;) {
        try {
          await callWithId(client, 'createOperation', request(i), `burst-${i}`);
          outcomes.answered += 1;
          return;
        } catch (error) {
          const { code } = error as ServiceError;
          if (code === status.ALREADY_EXISTS) {
            outcomes.storedAnswerLost += 1;
            return;
          }
          if (!retryable.has(code)) throw error;
          outcomes.retries += 1;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
    }
    let next = 0;
    const worker = async () => {
      while (next < calls) {
        await callUntilAnswered(next++);
        if (++settled === killAfter) {
          planning.child.kill('SIGKILL');
          restart = planning.exited.then(async () => {
            planning = await startPlanning();
            // What AU holds when it is back, deliveries that were in flight at the kill included: every
            // peer must hold it within 5 s, while the burst goes on.
            const at = Date.now();
            const names = await waitFor(() => namesAt('AU'), 10_000, 100);
            const reached = await waitFor(async () => {
              for (const peer of peers) {
                const held = new Set(await namesAt(peer));
                expect(names.filter((name) => !held.has(name))).toEqual([]);
              }
              return Date.now();
            }, 60_000, 250);
            return { at, held: names.length, caughtUpMs: reached - at };
          });
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: concurrency }, worker));
      const burstDone = Date.now();
      const back = await restart!;
      const convergedAt = await waitFor(async () => {
        for (const agency of ['AU', ...peers]) expect(await namesAt(agency)).toHaveLength(calls);
        return Date.now();
      }, 30_000, 250);

      for (const agency of ['AU', ...peers]) {
        const names = await namesAt(agency);
        // None doubled: each request once; none lost: every request there.
        expect(new Set(names).size).toBe(calls);
        expect(names).toHaveLength(calls);
      }
      console.log(`burst: ${JSON.stringify(outcomes)}; the ${back.held} operations AU held at its restart reached every peer ${back.caughtUpMs} ms after it; all ${calls} converged ${convergedAt - burstDone} ms after the last answer`);
      expect(outcomes.answered + outcomes.storedAnswerLost).toBe(calls);
      expect(back.caughtUpMs).toBeLessThanOrEqual(5_000);
      expect(convergedAt - burstDone).toBeLessThanOrEqual(5_000);
    } finally {
      client.close();
      planning.child.kill('SIGKILL');
      await planning.exited;
    }
  }, 180_000);
});
