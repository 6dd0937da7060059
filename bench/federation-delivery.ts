/**
 * Benchmark: signed federation delivery and operation fan-out, each against a baseline measured in
 * the same run on the same servers: a raw NATS request through the same hub (leaf -> hub -> leaf),
 * bare Ed25519 sign + verify, a bare grpc-js unary call, and a raw JetStream publish.
 * Agency services run in their own processes, as under `npm start`; this process only measures.
 *
 *   npm run bench            (BENCH_ROUNDS=1000 by default)
 */
import { randomUUID } from 'node:crypto';
import { headers } from 'nats';
import { HybridLogicalClock } from '@concord/clock';
import { CreateOperationRequest } from '@concord/contracts/planning';
import { FederationSubjects, SignatureHeader, signEvent, verifyDelivery, type NewEvent } from '@concord/federation';
import { loadAgencyIdentity } from '@concord/identity';
import { createPlanningCodec, toWire, type PlanningCodec } from '@concord/planning';
import { sealedEventType } from '@concord/sealing';
import { callUnary, healthChecker } from '@concord/service-kit';
import type { TestFederation } from '@concord/testkit';
import { printResults, runBench, until, watchStore, withBenchFederation } from './bench-federation.js';
import { progress, row, summarise, timeEach } from './stats.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 1000);
const participants = ['ID', 'TH', 'MY'];
const agencies = ['AU', ...participants];


/** A proposal from `lead`, sealed for `invited` as the planning service seals it. */
function invitation(codec: PlanningCodec, lead: string, invited: string[]): NewEvent {
  const period = { start: new Date(Date.now() + 86_400_000), end: new Date(Date.now() + 30 * 86_400_000) };
  const operation = { id: randomUUID(), version: 1, name: 'Bench', coChairs: [lead], participants: [lead, ...invited].sort(), supporters: [], period };
  return toWire(codec, { type: 'operation.proposed', by: lead, operation, at: new Date() }, invited);
}

async function measure(federation: TestFederation): Promise<void> {
  const au = await federation.connectAgency('AU');
  const id = await federation.connectAgency('ID');
  const keys = await loadAgencyIdentity(federation.prepared.paths.agency('AU').keysDir);
  const codec = createPlanningCodec({ agency: 'AU', encryptionKey: keys.encryptionKey }, federation.prepared.trust);
  const clock = new HybridLogicalClock();
  const payload = new Uint8Array(1024);

  progress('raw NATS through the hub');
  const echoSubject = FederationSubjects.delivery('ID', 'AU', 'tasking', 'bench.echo');
  id.subscribe(echoSubject, { callback: (_e, m) => m.respond(m.data) });
  await id.flush();
  await timeEach(200, () => au.request(echoSubject, payload));
  const rawNats = summarise(await timeEach(rounds, () => au.request(echoSubject, payload)));

  progress('sealed and signed delivery, verified, opened and stored by ID');
  const deliverySubject = FederationSubjects.delivery('ID', 'AU', 'planning', sealedEventType);
  const sign = () => signEvent(invitation(codec, 'AU', ['ID']), { origin: 'AU', capability: 'planning', signingKey: keys.signingKey }, clock.tick());
  const deliver = () => {
    const signed = sign();
    const h = headers();
    h.set(SignatureHeader, signed.signature);
    return au.request(deliverySubject, signed.data, { headers: h, timeout: 5_000 });
  };
  await timeEach(100, deliver);
  const delivery = summarise(await timeEach(rounds, deliver));

  progress('bare crypto');
  const context = { me: 'ID', capability: 'planning' as const, trust: federation.prepared.trust, maxBytes: 65_536 };
  const crypto = summarise(
    await timeEach(rounds, () => {
      const signed = sign();
      verifyDelivery({ subject: deliverySubject, data: signed.data, signature: signed.signature }, context);
    }),
  );

  progress('bare grpc-js and CreateOperation');
  const planningAddress = federation.prepared.endpoints.agencies.AU!.grpc.planning;
  const health = healthChecker(planningAddress, federation.ca('AU'));
  await timeEach(100, () => health.check());
  const grpcBare = summarise(await timeEach(rounds, () => health.check()));
  health.close();
  const watchers = await Promise.all(participants.map(async (p) => watchStore(await federation.connectAgency(p), 'planning')));
  const client = federation.planningClient('AU');
  const period = { start: new Date(Date.now() + 86_400_000), end: new Date(Date.now() + 40 * 86_400_000) };
  const createSamples: number[] = [];
  const fanOutSamples: number[] = [];
  for (let i = 0; i < Math.min(rounds, 500); i++) {
    const started = performance.now();
    const { operation } = await callUnary(client, 'createOperation', CreateOperationRequest.fromPartial({ name: `Bench ${i}`, participants, period }));
    createSamples.push(performance.now() - started);
    const opId = operation!.id;
    await until(() => watchers.every((w) => w.seen.has(opId)));
    fanOutSamples.push(Math.max(...watchers.map((w) => w.seen.get(opId)!)) - started);
  }

  progress('raw JetStream');
  const jsm = await au.jetstreamManager();
  await jsm.streams.add({ name: 'BENCH', subjects: ['bench.>'] });
  const js = au.jetstream();
  const jetstream = summarise(await timeEach(rounds, () => js.publish('bench.x', payload)));

  progress('sustained');
  const burst = 2_000;
  const inFlight = 64;
  const burstStart = performance.now();
  const ids: string[] = [];
  for (let i = 0; i < burst; i += inFlight) {
    const batch = await Promise.all(Array.from({ length: inFlight }, (_, k) => callUnary(client, 'createOperation', CreateOperationRequest.fromPartial({ name: `Burst ${i + k}`, participants, period }))));
    ids.push(...batch.map((r) => r.operation!.id));
  }
  await until(() => watchers.every((w) => ids.every((opId) => w.seen.has(opId))));
  const opsPerSecond = burst / ((performance.now() - burstStart) / 1000);
  const jsStart = performance.now();
  for (let i = 0; i < burst; i += inFlight) await Promise.all(Array.from({ length: inFlight }, () => js.publish('bench.burst', payload)));
  const jsPerSecond = burst / ((performance.now() - jsStart) / 1000);
  client.close();
  await Promise.all(watchers.map((w) => w.stop()));

  await printResults(
    federation,
    [
      row('raw NATS request AU -> hub -> ID, 1 KiB (baseline)', rawNats),
      row('sealed, signed delivery AU -> ID: routed, verified, opened, checked, stored in JetStream, answered', delivery, rawNats),
      row('bare seal + Ed25519 sign + verify of one event (baseline)', crypto),
      row('bare grpc-js unary call on a warm channel: health check (baseline)', grpcBare),
      row('CreateOperation over gRPC: validated, signed, stored, acknowledged', summarise(createSamples), grpcBare),
      row(`CreateOperation until stored by all ${participants.length} participants`, summarise(fanOutSamples), rawNats),
      row('raw JetStream publish + ack, 1 KiB (baseline)', jetstream),
    ],
    [
      `Sustained: ${burst} operations created over gRPC, ${inFlight} in flight, each delivered to ${participants.length} participants: ${opsPerSecond.toFixed(0)} operations/s stored at all (${(opsPerSecond * participants.length).toFixed(0)} deliveries/s); raw JetStream publish, ${inFlight} in flight: ${jsPerSecond.toFixed(0)} msgs/s (ratio ${(opsPerSecond / jsPerSecond).toFixed(3)}).`,
    ],
  );
}

runBench(() => withBenchFederation(agencies, measure));
