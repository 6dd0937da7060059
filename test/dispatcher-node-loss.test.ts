/**
 * The dispatcher of an agency's own events pulls for 30 s at a time, so an idle one is asked little; a
 * pull lost with the node that held its consumer's leader must still be made again within seconds once
 * an own event waits, not after nats.js misses two 15 s heartbeats. Three nodes (R3) on loopback.
 */
import { join } from 'node:path';
import { connect, type JetStreamManager, type NatsConnection } from 'nats';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FederationLink, StoreSubjects } from '@concord/federation';
import { generateAgencyIdentity, type AgencyIdentity } from '@concord/identity';
import { requireTrusted, type TrustedManifest } from '@concord/manifest';
import { loadExampleManifest, waitFor } from '@concord/testkit';
import { startLoopbackCluster, type LoopbackCluster } from './loopback-cluster.js';

const stream = StoreSubjects.streamName('planning');
const dispatcher = 'dispatch';

describe("the dispatcher after its consumer's leader node is killed", () => {
  let cluster: LoopbackCluster;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let link: FederationLink | undefined;
  let clientNode = '';
  let identity: AgencyIdentity;
  let trust: TrustedManifest;

  async function startLink(): Promise<FederationLink> {
    const started = new FederationLink({ nc, agency: 'AU', capability: 'planning', identity, trust, log: pino(pino.destination({ dest: join(cluster.dir, 'link.log'), sync: true })), replicas: 3, onEvent: () => undefined });
    await started.start();
    return started;
  }

  beforeAll(async () => {
    cluster = await startLoopbackCluster(['d1', 'd2', 'd3']);
    // Connected to one node only, which the test keeps; the stream is made once the cluster takes R3 streams.
    clientNode = 'd1';
    nc = await connect({ servers: [cluster.clientUrl(clientNode)] });
    jsm = await nc.jetstreamManager();
    identity = generateAgencyIdentity();
    const example = await loadExampleManifest(['AU', 'ID']);
    trust = requireTrusted({ ...example, agencies: example.agencies.map((a) => ({ ...a, keys: identity.publicKeys })) });
    link = await waitFor(() => startLink(), 30_000, 500);
  }, 60_000);

  afterAll(async () => {
    // The servers stop whatever the link's stop says.
    await link?.stop().catch(() => undefined);
    await nc?.close();
    await cluster?.stop();
  });

  const publish = (n: number) => link!.publish({ type: 'test.written', scope: 'op1', recipients: ['ID'], body: { n } });

  /** True once the dispatcher's consumer has brought and settled every own event up to `seq`. */
  async function broughtUpTo(seq: number): Promise<void> {
    const info = await jsm.consumers.info(stream, dispatcher);
    expect(info.delivered.stream_seq).toBeGreaterThanOrEqual(seq);
  }

  it('brings an own event within seconds of the write, the node of its earlier pull gone', async () => {
    // The consumer's leader (where its pull waits) must be neither the test's node nor the stream's leader.
    await waitFor(async () => {
      const leader = (await jsm.consumers.info(stream, dispatcher)).cluster!.leader!;
      const streamLeader = (await jsm.streams.info(stream)).cluster!.leader!;
      if (leader === clientNode || leader === streamLeader) {
        await nc.request(`$JS.API.CONSUMER.LEADER.STEPDOWN.${stream}.${dispatcher}`, undefined, { timeout: 5_000 }).catch(() => undefined);
        if (streamLeader === clientNode || streamLeader === leader) await nc.request(`$JS.API.STREAM.LEADER.STEPDOWN.${stream}`, undefined, { timeout: 5_000 }).catch(() => undefined);
        throw new Error('moving the consumer leader away');
      }
    }, 30_000, 1_000);
    // A fresh pull, made after the leader moved, waits on that leader: the node then killed.
    await link!.stop();
    link = undefined;
    const victim = (await jsm.consumers.info(stream, dispatcher)).cluster!.leader!;
    link = await startLink();
    await cluster.kill(victim);
    // The consumer has a new leader once it answers again.
    await waitFor(() => jsm.consumers.info(stream, dispatcher), 30_000, 250);

    const { seq } = await waitFor(() => publish(1), 30_000, 250);
    const started = Date.now();
    await waitFor(() => broughtUpTo(seq), 30_000, 100);
    const broughtMs = Date.now() - started;
    console.log(`dispatcher-node-loss: consumer leader ${victim} killed; the next own event brought by the consumer after ${broughtMs} ms`);
    // Without the stall watch, at 30 s pulls: 30 s (two missed 15 s heartbeats). With it: 5 s still, then a new pull.
    expect(broughtMs).toBeLessThan(15_000);
  }, 120_000);
});
