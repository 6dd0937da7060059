/**
 * Benchmark: what an event with one recipient (a receipt, a request) costs its sender, in a federation
 * of 7 and of 50 agencies (bench/federation-50.yaml), in the same run. Every agency has its server and
 * leaf link; A01 (sender) and A02 (recipient) run their services in this process, so the process's
 * CPU time is the cost of sending, relaying, verifying and storing. Also: the same process idle for
 * 10 s, and the sender's store reads (consumer deliveries) per event.
 *
 *   npx tsx bench/receipt-cost.ts      (BENCH_ROUNDS default 300; BENCH_SIZES default 7,50)
 */
import { readFile } from 'node:fs/promises';
import type { NatsConnection } from 'nats';
import { StoreSubjects } from '@concord/federation';
import { parseManifest, type Manifest } from '@concord/manifest';
import { TestFederation } from '@concord/testkit';
import { planningCodecOf, proposalEvent } from '../test/planning-helpers.js';
import { machineLine, runBench, until, watchStore } from './bench-federation.js';
import { ms, progress, summarise } from './stats.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 300);
const sizes = (process.env.BENCH_SIZES ?? '7,50').split(',').map(Number);
const idleSeconds = 10;

async function manifestOf(size: number): Promise<Manifest> {
  const all = parseManifest(await readFile(new URL('./federation-50.yaml', import.meta.url), 'utf8'), 'bench/federation-50.yaml');
  return { ...all, agencies: all.agencies.slice(0, size) };
}

/** Events the sender's own-store consumers have handed out, all durables together. */
async function storeReads(nc: NatsConnection): Promise<number> {
  const jsm = await nc.jetstreamManager();
  let total = 0;
  for await (const info of jsm.consumers.list(StoreSubjects.streamName('planning'))) {
    if (info.config.durable_name) total += info.delivered.consumer_seq;
  }
  return total;
}

const cpuMs = (since: NodeJS.CpuUsage) => {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1000;
};

async function measure(size: number): Promise<{ row: string; machine: string }> {
  progress(`${size} agencies: starting`);
  const started = performance.now();
  await using federation = await TestFederation.start({ manifest: await manifestOf(size), services: ['A01', 'A02'] });
  const startSeconds = (performance.now() - started) / 1000;
  const sender = federation.planning('A01').link;
  const codec = await planningCodecOf(federation, 'A01');
  const a01 = await federation.connectAgency('A01');
  const watch = await watchStore(await federation.connectAgency('A02'), 'planning');

  progress(`${size} agencies: idle ${idleSeconds} s`);
  const idleFrom = process.cpuUsage();
  await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
  const idle = cpuMs(idleFrom) / (idleSeconds * 10);

  progress(`${size} agencies: ${rounds} events A01 -> A02`);
  const readsBefore = await storeReads(a01);
  const cpuFrom = process.cpuUsage();
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    const { envelope } = await sender.publish(proposalEvent(codec, 'A01', ['A02']));
    await until(() => watch.seen.has(envelope.scope));
    samples.push(performance.now() - t);
  }
  const cpuPerEvent = cpuMs(cpuFrom) / rounds;
  const readsPerEvent = ((await storeReads(a01)) - readsBefore) / rounds;
  await watch.stop();
  const s = summarise(samples);
  const row = `| ${size} | ${startSeconds.toFixed(1)} s | ${ms(s.p50)} | ${ms(s.p99)} | ${cpuPerEvent.toFixed(2)} ms | ${readsPerEvent.toFixed(2)} | ${idle.toFixed(1)}% |`;
  return { row, machine: await machineLine(federation) };
}

runBench(async () => {
  const results = [];
  for (const size of sizes) results.push(await measure(size));
  console.log(
    [
      results.map((r) => r.machine).join('\n'),
      '',
      '| agencies | servers up in | event to one agency, stored there: p50 | p99 | CPU per event (sender and recipient) | sender store reads per event | idle CPU of both, % of one core |',
      '|---|---|---|---|---|---|---|',
      ...results.map((r) => r.row),
    ].join('\n'),
  );
});
