/**
 * A federation beyond one machine, on one machine: every host a Linux network namespace with its own
 * address. The hub is three nats-server nodes on three hosts; AU, ID and TH each a three-node
 * JetStream cluster on three hosts of their own, their services on one of them; all from the
 * configurations operators get. Needs root (`ip netns`); skips, saying why, where that is not allowed.
 * Takes five to six minutes here: a minute of start-up, the 60 s cut the issue asks for and what its
 * cluster takes to rejoin, and a 1,000-operation burst.
 */
import { readFile } from 'node:fs/promises';
import { status, type ServiceError } from '@grpc/grpc-js';
import { connect, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionKind, CreateOperationRequest, OperationStatus, PlanActionRequest } from '@concord/contracts/planning';
import { StoreSubjects } from '@concord/federation';
import { callUnary } from '@concord/service-kit';
import { HostNetwork, hostNetworkUnavailable, hostOf, SiteFederation, waitFor } from '@concord/testkit';
import { summarise } from '../bench/stats.js';
import { intel, publish, vesselAlert } from './intel-helpers.js';
import { accept, nextMonth, operationAt, planning } from './planning-helpers.js';
import { callWithId } from './request-id-helpers.js';

const agencies = ['AU', 'ID', 'TH'];
const unavailable = await hostNetworkUnavailable();
if (unavailable) console.warn(`netns-sites: skipped, ${unavailable}`);
/** Statuses that say the service or its store went away for a moment: the client tries again with the same id. */
const retryable = new Set<number>([status.UNAVAILABLE, status.DEADLINE_EXCEEDED, status.INTERNAL, status.CANCELLED, status.ABORTED]);

describe.skipIf(unavailable !== undefined)(`a federation over hosts made of network namespaces${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let network: HostNetwork;
  let federation: SiteFederation;
  const connections: NatsConnection[] = [];

  beforeAll(async () => {
    network = await HostNetwork.create(SiteFederation.hostsFor(agencies));
    const started = Date.now();
    federation = await SiteFederation.start(network, agencies);
    console.log(`netns-sites: 12 nats-servers on 12 hosts and 3 agencies' services up in ${Date.now() - started} ms`);
  }, 360_000);

  afterAll(async () => {
    await Promise.allSettled(connections.map((nc) => nc.close()));
    await federation?.stop();
    await network?.stop();
  }, 60_000);

  /** A connection to an agency's cluster with its planning service's credentials, as the service connects. */
  async function agencyNats(agency: string): Promise<NatsConnection> {
    const config = federation.prepared.services[agency]!.planning;
    const site = federation.prepared.trust.agencies.find((a) => a.id === agency)!.site!;
    const nc = await connect({ servers: site.nodes.map((n) => `tls://${n.host}:${n.ports.nats}`), tls: { ca: federation.ca(agency) }, user: 'planning', pass: (await readFile(config.natsPasswordFile!, 'utf8')).trim(), noAsyncTraces: true });
    connections.push(nc);
    return nc;
  }

  const namesAt = async (agency: string, label: string) => {
    const client = federation.planningClient(agency);
    try {
      return (await callUnary(client, 'listOperations', {})).operations.map((o) => o.name).filter((name) => name.startsWith(`${label} `));
    } finally {
      client.close();
    }
  };

  /**
   * `count` operations created at `from` for `to`, 16 at a time, each retried with its request id
   * until answered; `during` runs once `after` have been answered.
   */
  async function burst(from: string, to: string[], label: string, count: number, during?: { after: number; act: () => Promise<void> }) {
    const client = federation.planningClient(from);
    const outcomes = { answered: 0, storedAnswerLost: 0, retries: 0 };
    /** Per call: when its first attempt began, when it was answered, and its attempts. */
    const calls: Array<{ began: number; ended: number; attempts: number }> = [];
    const retriesBy: Record<number, number> = {};
    let next = 0;
    let settled = 0;
    let acting: Promise<void> | undefined;
    const started = Date.now();
    const call = async (i: number) => {
      const began = Date.now();
      for (let attempts = 1; ; attempts++) {
        try {
          await callWithId(client, 'createOperation', CreateOperationRequest.fromPartial({ name: `${label} ${i}`, participants: to, period: nextMonth() }), `${label}-${i}`);
          outcomes.answered += 1;
          calls.push({ began, ended: Date.now(), attempts });
          return;
        } catch (error) {
          const { code } = error as ServiceError;
          if (code === status.ALREADY_EXISTS) return void (outcomes.storedAnswerLost += 1);
          if (!retryable.has(code)) throw error;
          outcomes.retries += 1;
          retriesBy[code] = (retriesBy[code] ?? 0) + 1;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
    };
    try {
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (next < count) {
            await call(next++);
            if (++settled === during?.after) acting = during.act();
          }
        }),
      );
      await acting;
    } finally {
      client.close();
    }
    expect(outcomes.answered + outcomes.storedAnswerLost).toBe(count);
    // Functions, so the printed figures leave the times out.
    return {
      ...outcomes,
      retriesBy,
      startedAt: started,
      ms: Date.now() - started,
      answeredAfter: (at: number) => calls.filter((c) => c.ended > at).length,
      /** Answer times (first attempt to answer) of the calls answered in [from, to): count, p50, p99, max, and their retries. */
      answerTimes: (from: number, to = Infinity) => {
        const these = calls.filter((c) => c.ended >= from && c.ended < to);
        const { n, p50, p99 } = summarise(these.map((c) => c.ended - c.began));
        return { n, p50, p99, max: Math.max(0, ...these.map((c) => c.ended - c.began)), retried: these.filter((c) => c.attempts > 1).length };
      },
    };
  }

  /** Every agency holds each of the burst's operations exactly once: none lost, none doubled. Answers when. */
  async function everyoneHolds(holders: readonly string[], label: string, count: number, timeoutMs: number): Promise<number> {
    return waitFor(async () => {
      for (const agency of holders) {
        const names = await namesAt(agency, label);
        expect(names, `${agency} holds ${label}`).toHaveLength(count);
        expect(new Set(names).size).toBe(count);
      }
      return Date.now();
    }, timeoutMs, 500);
  }

  let operationId = '';
  let alertId = '';

  it('runs the planning walk-through and an alert across the hosts, every stream and bucket kept on three nodes', async () => {
    const { operation } = await planning(federation, 'AU', 'createOperation', CreateOperationRequest.fromPartial({ name: 'Coral Tide', participants: ['ID', 'TH'], period: nextMonth() }));
    operationId = operation!.id;
    for (const agency of ['ID', 'TH']) {
      await operationAt(federation, agency, operationId);
      await accept(federation, agency, operationId, 1);
    }
    for (const agency of agencies) await operationAt(federation, agency, operationId, (o) => expect(o.status).toBe(OperationStatus.OPERATION_STATUS_AGREED), 20_000);
    const { start } = nextMonth();
    await planning(federation, 'AU', 'planAction', PlanActionRequest.fromPartial({ operationId, kind: ActionKind.ACTION_KIND_PORT_INSPECTION, window: { start, end: new Date(start.getTime() + 86_400_000) }, jurisdiction: 'AU', leadUnit: 'Border Force Cutter 7', details: { notes: 'boarding at dawn' } }));
    alertId = (await publish(federation, 'AU', ['ID'], vesselAlert('netns'))).id;
    await waitFor(async () => expect((await intel(federation, 'ID', 'getAlert', { alertId })).alert?.id).toBe(alertId), 20_000, 250);

    const jsm = await (await agencyNats('AU')).jetstreamManager();
    for (const stream of [StoreSubjects.streamName('planning'), StoreSubjects.streamName('intel'), 'KV_PLANNING_PRIVATE', 'KV_PLANNING_REQUESTS', 'KV_ACCESS_DISABLED']) {
      const info = await jsm.streams.info(stream);
      expect(info.config.num_replicas, stream).toBe(3);
      expect(info.cluster?.replicas, stream).toHaveLength(2);
    }
  }, 120_000);

  it("killed on one host and started on another host of the site, an agency's services rebuild their state from the replicated streams", async () => {
    // Services that start while one of the three nodes is down hang here (see README), so au1's
    // nats-server stays up; its node's loss under load is the next test.
    await federation.killServices('AU');
    const started = Date.now();
    const attempts = await federation.startServices('AU', 'n2');
    const restartMs = Date.now() - started;
    const { operation } = await planning(federation, 'AU', 'getOperation', { operationId });
    expect(operation?.status).toBe(OperationStatus.OPERATION_STATUS_AGREED);
    expect((await planning(federation, 'AU', 'listActions', { operationId })).actions.map((a) => [a.leadUnit, a.details?.notes])).toEqual([['Border Force Cutter 7', 'boarding at dawn']]);
    expect((await intel(federation, 'AU', 'getAlert', { alertId })).alert?.id).toBe(alertId);
    console.log(`netns-sites: AU's services serving on au2 ${restartMs} ms after start (${attempts} start${attempts > 1 ? 's' : ''})`);
  }, 180_000);

  it("kill -9 of the node leading an agency's planning stream during a 1,000-operation burst: writes continue on the other two, none lost, none doubled", async () => {
    const jsm = await (await agencyNats('AU')).jetstreamManager();
    const stream = StoreSubjects.streamName('planning');
    let killed = '';
    let killedAt = 0;
    const result = await burst('AU', ['ID'], 'Burst', 1_000, {
      after: 300,
      act: async () => {
        // The node leading AU's planning stream: the worst one to lose. It stays down until the burst ends.
        killed = federation.nodeNamed('AU', (await jsm.streams.info(stream)).cluster!.leader!);
        await federation.killNode('AU', killed);
        killedAt = Date.now();
      },
    });
    const burstDone = Date.now();
    const convergedAt = await everyoneHolds(['AU', 'ID'], 'Burst', 1_000, 60_000);
    const writesWhileDown = result.answeredAfter(killedAt);
    console.log(`netns-sites: kill -9 of AU ${killed} (planning stream leader) after 300 of 1,000: ${writesWhileDown} answered while it was down, burst ${JSON.stringify(result)}; AU and ID hold all 1,000 once ${convergedAt - burstDone} ms after the last answer`);
    console.log(`netns-sites: answer times (ms) before the kill ${JSON.stringify(result.answerTimes(0, killedAt))}, first 10 s after it ${JSON.stringify(result.answerTimes(killedAt, killedAt + 10_000))}, later ${JSON.stringify(result.answerTimes(killedAt + 10_000))}`);
    expect(writesWhileDown).toBeGreaterThan(0);
    // Writes continue: a write waits for the stream's new leader and the store follower made again, seconds,
    // not minutes (a CI rehearsal took 339 s while a follower made again waited out nats.js's back-off).
    expect(result.ms).toBeLessThan(120_000);
    await federation.startNode('AU', killed);
    await waitFor(async () => expect((await jsm.streams.info(stream)).cluster?.replicas?.map((r) => r.current)).toEqual([true, true]), 30_000, 500);
  }, 240_000);

  it('kill of a hub node: every leaf link fails over to another hub node within 5 s, nothing lost', async () => {
    const leafs = await federation.leafAccounts();
    const busiest = Object.entries(leafs).sort((a, b) => b[1].length - a[1].length)[0]![0];
    let failoverMs = -1;
    const result = await burst('AU', ['ID', 'TH'], 'Hub', 300, {
      after: 50,
      act: async () => {
        await federation.killNode('hub', busiest);
        const killedAt = Date.now();
        await waitFor(async () => {
          const now = await federation.leafAccounts();
          expect(Object.values(now).flat().sort()).toEqual(agencies.flatMap((a) => [a, a, a]).sort());
        }, 15_000, 100);
        failoverMs = Date.now() - killedAt;
      },
    });
    const convergedAt = await everyoneHolds(['AU', 'ID', 'TH'], 'Hub', 300, 60_000);
    console.log(`netns-sites: hub ${busiest} (${leafs[busiest]!.length} leaf links) killed: all 9 links on the other hub nodes after ${failoverMs} ms; burst ${JSON.stringify(result)}; every operation held by all three ${convergedAt - result.startedAt} ms after the first call`);
    expect(failoverMs).toBeLessThanOrEqual(5_000);
    await federation.startNode('hub', busiest);
  }, 180_000);

  it("an agency's services host cut off for 60 s during a burst converges once restored: none lost, none doubled", async () => {
    const cutHost = hostOf('TH', federation.servicesNode('TH'));
    await network.cut(cutHost);
    const cutAt = Date.now();
    try {
      const result = await burst('AU', ['ID', 'TH'], 'Cut', 300);
      await everyoneHolds(['AU', 'ID'], 'Cut', 300, 30_000);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 60_000 - (Date.now() - cutAt))));
      await network.restore(cutHost);
      const restoredAt = Date.now();
      // TH's cluster elects its leaders again once the node that was cut off rejoins: 10 to 70 s here, with the load.
      const convergedAt = await everyoneHolds(['TH'], 'Cut', 300, 120_000);
      console.log(`netns-sites: TH's services host cut for ${restoredAt - cutAt} ms while AU made 300 operations for ID and TH (${JSON.stringify(result)}); TH held all 300 once, ${convergedAt - restoredAt} ms after the restore`);
    } finally {
      await network.restore(cutHost);
    }
  }, 300_000);

  it('5% of packets between sites dropped: the timeline still converges', async () => {
    const sites = [['hub', 'h'], ...agencies.map((a) => [a, 'n'])].map(([owner, letter]) => [1, 2, 3].map((k) => hostOf(owner!, `${letter}${k}`)));
    await network.dropBetweenSites(sites, 5);
    try {
      const result = await burst('AU', ['ID', 'TH'], 'Lossy', 200);
      const convergedAt = await everyoneHolds(['AU', 'ID', 'TH'], 'Lossy', 200, 60_000);
      console.log(`netns-sites: 5% loss between sites: 200 operations AU made for ID and TH (${JSON.stringify(result)}) held once by all ${convergedAt - result.startedAt} ms after the first call`);
    } finally {
      await network.clearLoss();
    }
  }, 180_000);
});
