/**
 * Benchmark: the shared timeline. Agency services run in their own processes, as under `npm start`;
 * "visible" means delivered by each agency's WatchTimeline stream, where a user would see it.
 *  - Fan-out: an action released at AU until visible at ID, TH and MY, against raw NATS delivery from
 *    AU to the same three agencies through the same hub (baseline), in the same run.
 *  - Catch-up: MY's server is down while 1,000 events are published; from its restart until MY's
 *    timeline holds them all, as events/s, against raw JetStream sourcing of a 1,000-message backlog
 *    after a restart of the sourcing server (baseline), measured in the same run on the same machine.
 *
 *   npx tsx bench/timeline.ts      (BENCH_ROUNDS=300 and BENCH_BACKLOG=1000 by default)
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'nats';
import getPort from 'get-port';
import { ActionKind, CreateOperationRequest, PlanActionRequest, ResponseKind, WatchTimelineRequest, type WatchTimelineResponse } from '@concord/contracts/planning';
import { localNatsRunner } from '@concord/launcher';
import { callUnary, type RequestOf, type UnaryNames } from '@concord/service-kit';
import type { TestFederation } from '@concord/testkit';
import { printResults, rawFanOut, runBench, until, withBenchFederation } from './bench-federation.js';
import type { PlanningServiceClient } from '@concord/contracts/planning';
import { progress, row, summarise } from './stats.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 300);
const backlog = Number(process.env.BENCH_BACKLOG ?? 1000);
const agencies = ['AU', 'ID', 'TH', 'MY'];
const others = ['ID', 'TH', 'MY'];

/** Raw JetStream sourcing across a leaf link, after a restart of the sourcing server: the baseline. */
async function sourcingBaseline(messages: number): Promise<{ seconds: number; perSecond: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'concord-bench-sourcing-'));
  const runner = localNatsRunner();
  const ports = { a: await getPort(), aMonitor: await getPort(), leaf: await getPort(), b: await getPort(), bMonitor: await getPort() };
  const config = (name: string, port: number, monitor: number, extra: Record<string, unknown>) =>
    writeFile(join(dir, `${name}.conf`), JSON.stringify({ server_name: name, listen: `127.0.0.1:${port}`, http: `127.0.0.1:${monitor}`, jetstream: { store_dir: join(dir, name), domain: name }, ...extra }));
  await config('A', ports.a, ports.aMonitor, { leafnodes: { listen: `127.0.0.1:${ports.leaf}` } });
  await config('B', ports.b, ports.bMonitor, { leafnodes: { remotes: [{ url: `nats-leaf://127.0.0.1:${ports.leaf}` }] } });
  const spec = (name: string, monitor: number) => ({ name, configPath: join(dir, `${name}.conf`), pidFile: join(dir, `${name}.pid`), logPath: join(dir, `${name}.log`), monitorUrl: `http://127.0.0.1:${monitor}` });
  const a = await runner.start(spec('A', ports.aMonitor));
  let b = await runner.start(spec('B', ports.bMonitor));
  try {
    const ncA = await connect({ servers: `127.0.0.1:${ports.a}`, noAsyncTraces: true });
    await (await ncA.jetstreamManager()).streams.add({ name: 'OUTBOX', subjects: ['outbox.>'] });
    let ncB = await connect({ servers: `127.0.0.1:${ports.b}`, noAsyncTraces: true });
    await (await ncB.jetstreamManager()).streams.add({ name: 'COPY', sources: [{ name: 'OUTBOX', external: { api: '$JS.A.API', deliver: '' } }] });
    await ncB.close();
    await b.stop();
    const payload = new Uint8Array(900);
    const js = ncA.jetstream();
    for (let i = 0; i < messages; i += 100) await Promise.all(Array.from({ length: Math.min(100, messages - i) }, (_, k) => js.publish('outbox.x', payload, { msgID: `m${i + k}` })));
    b = await runner.start(spec('B', ports.bMonitor));
    const started = performance.now();
    ncB = await connect({ servers: `127.0.0.1:${ports.b}`, noAsyncTraces: true });
    const jsmB = await ncB.jetstreamManager();
    for (;;) {
      if ((await jsmB.streams.info('COPY')).state.messages >= messages) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const seconds = (performance.now() - started) / 1000;
    await ncB.close();
    await ncA.close();
    return { seconds, perSecond: messages / seconds };
  } finally {
    await b.stop();
    await a.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function measure(federation: TestFederation): Promise<void> {
  const call = async <K extends UnaryNames<PlanningServiceClient>>(agency: string, method: K, request: RequestOf<PlanningServiceClient[K]>) => {
    const client = federation.planningClient(agency);
    try {
      return await callUnary(client, method, request);
    } finally {
      client.close();
    }
  };
  const start = new Date(Date.now() + 86_400_000);
  const { operation } = await call('AU', 'createOperation', CreateOperationRequest.fromPartial({ name: 'Bench', participants: others, period: { start, end: new Date(start.getTime() + 28 * 86_400_000) } }));
  const operationId = operation!.id;
  for (const agency of others) {
    for (;;) {
      try {
        await call(agency, 'respondToOperation', { operationId, version: 1, response: ResponseKind.RESPONSE_KIND_ACCEPTED, reason: '', counterPeriod: undefined });
        break;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  }

  // Every agency's watch: when each action first became visible there.
  const seenAt = new Map<string, Map<string, number>>(agencies.map((a) => [a, new Map()]));
  const watches = agencies.map((agency) => {
    const client = federation.planningClient(agency);
    const stream = client.watchTimeline(WatchTimelineRequest.fromPartial({ operationId, kinds: ['action.released'] }));
    stream.on('data', (r: WatchTimelineResponse) => seenAt.get(agency)!.set(r.entry!.action!.id, performance.now()));
    stream.on('error', () => {});
    return { client, stream };
  });

  progress('baseline: raw NATS from AU to three agencies through the hub');
  const raw = (await rawFanOut(federation, 'AU', others, rounds)).samples;
  const rawFanOutSummary = summarise(raw);

  progress('fan-out: release at AU until visible at ID, TH and MY');
  const window = { start: new Date(start.getTime() + 86_400_000), end: new Date(start.getTime() + 2 * 86_400_000) };
  const release = async (agency: string) => {
    const { action } = await call(agency, 'planAction', PlanActionRequest.fromPartial({ operationId, kind: ActionKind.ACTION_KIND_BORDER_CHECK, window, jurisdiction: agency, leadUnit: 'bench' }));
    const t = performance.now();
    await call(agency, 'releaseAction', { actionId: action!.id, acknowledgeOutsidePeriod: false });
    return { id: action!.id, t };
  };
  const fanOut: number[] = [];
  for (let i = 0; i < rounds + 20; i++) {
    const { id, t } = await release('AU');
    await until(() => others.every((agency) => seenAt.get(agency)!.has(id)));
    if (i >= 20) fanOut.push(Math.max(...others.map((agency) => seenAt.get(agency)!.get(id)!)) - t);
  }
  const timelineFanOut = summarise(fanOut);

  progress(`catch-up: MY down while ${backlog} events are published`);
  await federation.stopAgencyServer('MY');
  const published: string[] = [];
  for (let i = 0; i < backlog; i += 30) {
    const batch = await Promise.all(Array.from({ length: Math.min(30, backlog - i) }, (_, k) => release(['AU', 'ID', 'TH'][(i + k) % 3]!)));
    published.push(...batch.map((b) => b.id));
  }
  await until(() => ['AU', 'ID', 'TH'].every((agency) => published.every((id) => seenAt.get(agency)!.has(id))));
  await federation.startAgencyServer('MY');
  const restarted = performance.now();
  await until(() => published.every((id) => seenAt.get('MY')!.has(id)), 300_000);
  const catchUpSeconds = (performance.now() - restarted) / 1000;
  for (const { client, stream } of watches) {
    stream.cancel();
    client.close();
  }

  progress('baseline: raw JetStream sourcing of the same backlog after a restart');
  const sourcing = await sourcingBaseline(backlog);

  await printResults(
    federation,
    [
      row('raw NATS: AU publishes to ID, TH and MY through the hub, until all three received (baseline)', rawFanOutSummary),
      row('timeline fan-out: ReleaseAction at AU until visible in the WatchTimeline of ID, TH and MY', timelineFanOut, rawFanOutSummary),
    ],
    [
      `Catch-up: ${backlog} events published while MY's server was down; from its restart until MY's timeline held them all: ${catchUpSeconds.toFixed(2)} s, ${(backlog / catchUpSeconds).toFixed(0)} events/s. Raw JetStream sourcing of ${backlog} messages after a restart of the sourcing server: ${sourcing.seconds.toFixed(2)} s, ${sourcing.perSecond.toFixed(0)} messages/s (ratio ${(backlog / catchUpSeconds / sourcing.perSecond).toFixed(2)}).`,
    ],
  );
}

runBench(() => withBenchFederation(agencies, measure));
