/**
 * Benchmark: an alert from publication until every recipient has verified, opened and stored it, with
 * five recipients, against baselines measured in the same run on the same servers:
 *  - raw NATS: the publisher sends 1 KiB to each of the five through the hub, until all five received;
 *  - bare crypto and codec: what the exchange cannot avoid, sealing for six parties and signing once,
 *    then verifying, opening and checking the content once at each of the five recipients, one after
 *    the other, in this one process.
 * Agency services run in their own processes, as under `npm start`; this process only measures.
 *
 *   npx tsx bench/intel-exchange.ts       (BENCH_ROUNDS=300 by default)
 */
import { HybridLogicalClock } from '@concord/clock';
import { PublishAlertRequest, TlpLabel } from '@concord/contracts/intel';
import { signEvent, verifyDelivery, FederationSubjects } from '@concord/federation';
import { loadAgencyIdentity } from '@concord/identity';
import { createIntelCodec, maxAlertEventBytes } from '@concord/intel';
import { callUnary } from '@concord/service-kit';
import type { TestFederation } from '@concord/testkit';
import { vesselAlert } from '../test/intel-helpers.js';
import { printResults, rawFanOut, runBench, until, watchStore, withBenchFederation } from './bench-federation.js';
import { progress, row, summarise, timeEach } from './stats.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 300);
const publisher = 'ID';
const recipients = ['AU', 'TH', 'MY', 'NZ', 'UNODC'];
const burst = Number(process.env.BENCH_BURST ?? 1000);
const inFlight = 32;

async function measure(federation: TestFederation): Promise<void> {
  const trust = federation.prepared.trust;
  const content = { ...vesselAlert('x'.repeat(600)) };

  progress('baseline: raw NATS fan-out to five agencies through the hub');
  const raw = await rawFanOut(federation, publisher, recipients, rounds);
  const rawLatency = summarise(raw.samples);
  const rawPerSecond = await raw.perSecond(burst, inFlight);

  progress('baseline: bare crypto');
  const keys = Object.fromEntries(await Promise.all([publisher, ...recipients].map(async (id) => [id, await loadAgencyIdentity(federation.prepared.paths.agency(id).keysDir)] as const)));
  const sender = createIntelCodec({ agency: publisher, encryptionKey: keys[publisher]!.encryptionKey }, trust);
  const openers = recipients.map((id) => createIntelCodec({ agency: id, encryptionKey: keys[id]!.encryptionKey }, trust));
  const clock = new HybridLogicalClock();
  const domainContent = { kind: 'vessel-of-interest', title: content.title, vessel: content.vessel, body: content.body, place: content.place, eta: content.eta, operationId: '', sourceReliability: 'b', informationCredibility: '2' };
  const crypto = summarise(
    await timeEach(rounds, () => {
      const alertId = globalThis.crypto.randomUUID();
      const handling = { version: 1, label: 'amber' as const, expiresAt: new Date(Date.now() + 86_400_000).toISOString() };
      const sealed = sender.encode('alert.version', { alertId }, { ...domainContent, ...handling } as never, recipients);
      const signed = signEvent({ scope: alertId, recipients, ...sealed }, { origin: publisher, capability: 'intel', signingKey: keys[publisher]!.signingKey }, clock.tick());
      recipients.forEach((id, i) => {
        const verified = verifyDelivery({ subject: FederationSubjects.delivery(id, publisher, 'intel', sealed.type), data: signed.data, signature: signed.signature }, { me: id, capability: 'intel', trust, maxBytes: maxAlertEventBytes });
        if (!verified.ok) throw new Error(verified.detail);
        openers[i]!.decode(verified.event);
        openers[i]!.forget(verified.event);
      });
    }),
  );

  progress('publish until opened and stored at all five');
  const watchers = await Promise.all(recipients.map(async (id) => watchStore(await federation.connectAgency(id), 'intel')));
  const client = federation.intelClient(publisher);
  const request = () => PublishAlertRequest.fromPartial({ content, label: TlpLabel.TLP_LABEL_AMBER, releaseTo: recipients });
  const latency: number[] = [];
  const publishOnly: number[] = [];
  for (let i = 0; i < rounds + 20; i++) {
    const started = performance.now();
    const { alert } = await callUnary(client, 'publishAlert', request());
    const answered = performance.now();
    await until(() => watchers.every((w) => w.seen.has(alert!.id)));
    if (i >= 20) {
      publishOnly.push(answered - started);
      latency.push(Math.max(...watchers.map((w) => w.seen.get(alert!.id)!)) - started);
    }
  }

  // Printed before the sustained run, which a saturated machine may not finish.
  const rows = [
    row(`raw NATS: ${publisher} sends 1 KiB to ${recipients.length} agencies through the hub, until all received (baseline)`, rawLatency),
    row(`bare crypto and codec: seal for ${recipients.length + 1} parties and sign, then verify, open and check at each of ${recipients.length}, in one process (baseline)`, crypto),
    row('PublishAlert over gRPC: validated, sealed, signed, stored, answered', summarise(publishOnly), crypto),
    row(`PublishAlert until verified, opened and stored by all ${recipients.length} recipients`, summarise(latency), rawLatency),
  ];
  console.log(rows.join('\n'));

  progress('sustained');
  const ids: string[] = [];
  let failed = 0;
  const started = performance.now();
  for (let i = 0; i < burst; i += inFlight) {
    const batch = await Promise.allSettled(Array.from({ length: Math.min(inFlight, burst - i) }, () => callUnary(client, 'publishAlert', request())));
    for (const outcome of batch) {
      if (outcome.status === 'fulfilled') ids.push(outcome.value.alert!.id);
      else failed += 1;
    }
  }
  await until(() => watchers.every((w) => ids.every((id) => w.seen.has(id))), 300_000);
  // Alerts answered and stored at all five, per second; a call past its deadline counts as not done.
  const alertsPerSecond = ids.length / ((performance.now() - started) / 1000);
  client.close();
  await Promise.all(watchers.map((w) => w.stop()));

  await printResults(
    federation,
    rows,
    [
      `Sustained: ${burst} alerts published over gRPC, ${inFlight} in flight, each to ${recipients.length} recipients (${failed} calls past their deadline): ${alertsPerSecond.toFixed(0)} alerts/s opened and stored at all (${(alertsPerSecond * recipients.length).toFixed(0)} deliveries/s). Raw NATS fan-out of 1 KiB to the same ${recipients.length}, ${inFlight} in flight: ${rawPerSecond.toFixed(0)} messages/s (ratio ${(alertsPerSecond / rawPerSecond).toFixed(3)}). Bare crypto alone would allow ${(1000 / crypto.p50).toFixed(0)} alerts/s on one core: ${((alertsPerSecond * crypto.p50) / 10).toFixed(0)}% of it.`,
    ],
  );
}

runBench(() => withBenchFederation([publisher, ...recipients], measure));
