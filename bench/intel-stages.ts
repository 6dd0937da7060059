/**
 * Benchmark: where one alert's time goes, hop by hop, from the PublishAlert call until each of five
 * recipients has opened, stored, applied and audited it. Every agency runs in its own process, as
 * under `npm start`, and records each stage it passes (`CONCORD_TRACE_DIR`, hop-trace.ts); one alert
 * at a time, so the stages of one do not overlap another's.
 *
 *   npx tsx bench/intel-stages.ts       (BENCH_ROUNDS=100 by default)
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { PublishAlertRequest, TlpLabel } from '@concord/contracts/intel';
import { HopStage } from '@concord/federation';
import { callUnary } from '@concord/service-kit';
import type { TestFederation } from '@concord/testkit';
import { vesselAlert } from '../test/intel-helpers.js';
import { runBench, until, watchStore, withBenchFederation } from './bench-federation.js';
import { readMarks, stageTable, traceAgencyProcesses, wallNow, type StageRow, type TracedRound } from './hop-report.js';
import { progress } from './stats.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 100);
const warmUp = 20;
const publisher = 'ID';
const recipients = ['AU', 'TH', 'MY', 'NZ', 'UNODC'];

const at = (label: string, agencies: readonly string[], stage: HopStage, pick: 'min' | 'max' = 'min'): StageRow => ({ label, agencies, stage, pick });
const stages: StageRow[] = [
  at(`${publisher}: link asked to publish (guard, checks, sealed for 6)`, [publisher], HopStage.publish),
  at(`${publisher}: signed`, [publisher], HopStage.signed),
  at(`${publisher}: own JetStream write acknowledged`, [publisher], HopStage.stored),
  at(`${publisher}: handed to the relays (dispatcher)`, [publisher], HopStage.dispatched),
  at(`${publisher}: applied to its book`, [publisher], HopStage.applied),
  at(`${publisher}: publish resolved`, [publisher], HopStage.published),
  at(`${publisher}: first delivery request sent`, [publisher], HopStage.sent),
  at(`${publisher}: last delivery request sent`, [publisher], HopStage.sent, 'max'),
  at('recipients: first request at the door', recipients, HopStage.door),
  at('recipients: last request at the door', recipients, HopStage.door, 'max'),
  at('recipients: last verified', recipients, HopStage.verified, 'max'),
  at('recipients: first JetStream write acknowledged', recipients, HopStage.stored),
  at('recipients: last JetStream write acknowledged', recipients, HopStage.stored, 'max'),
  at('recipients: last answered its sender', recipients, HopStage.answered, 'max'),
  at(`${publisher}: first answer heard`, [publisher], HopStage.confirmed),
  at(`${publisher}: last answer heard`, [publisher], HopStage.confirmed, 'max'),
  { label: 'stored at all five, seen by a consumer of each store (the intel-exchange measure)', seen: 'stored' },
  at(`${publisher}: "published" audit entry on disk`, [publisher], HopStage.audited),
  { label: 'PublishAlert answered, at the client', seen: 'answered' },
  at('recipients: last opened and applied', recipients, HopStage.applied, 'max'),
  at('recipients: last "delivered" audit entry on disk', recipients, HopStage.audited, 'max'),
];

async function measure(federation: TestFederation, traceDir: string): Promise<void> {
  const stores = await Promise.all(recipients.map(async (id) => watchStore(await federation.connectAgency(id, 'intel'), 'intel')));
  const client = federation.intelClient(publisher);
  const request = PublishAlertRequest.fromPartial({ content: vesselAlert('x'.repeat(600)), label: TlpLabel.TLP_LABEL_AMBER, releaseTo: recipients });
  const traced: TracedRound[] = [];

  progress(`${rounds} alerts, one at a time`);
  for (let i = 0; i < rounds + warmUp; i++) {
    const start = wallNow();
    const { alert } = await callUnary(client, 'publishAlert', request);
    const answered = wallNow();
    await until(() => stores.every((s) => s.seen.has(alert!.id)));
    const stored = performance.timeOrigin + Math.max(...stores.map((s) => s.seen.get(alert!.id)!));
    // Receipts and audits of this alert settle before the next one starts.
    await sleep(40);
    if (i >= warmUp) traced.push({ scope: alert!.id, start, seen: { answered, stored } });
  }
  client.close();
  await Promise.all(stores.map((s) => s.stop()));
  // The processes write their marks every 200 ms.
  await sleep(600);
  console.log(stageTable(traced, await readMarks(traceDir), stages));
}

runBench(async () => {
  const traceDir = await traceAgencyProcesses();
  await withBenchFederation([publisher, ...recipients], (federation) => measure(federation, traceDir));
});
