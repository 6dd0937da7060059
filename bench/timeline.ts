/**
 * Benchmark: the shared timeline. Agency services run in their own processes, as under `npm start`;
 * "visible" means delivered by each agency's WatchTimeline stream, where a user would see it.
 *  - Fan-out: an action released at AU until visible at ID, TH and MY, against raw NATS delivery from
 *    AU to the same three agencies through the same hub (baseline), in the same run.
 *  - Catch-up: MY's server is down while 1,000 events are published; from its restart until MY's
 *    timeline holds them all, as events/s, against raw JetStream sourcing of a 1,000-message backlog
 *    after a restart of the sourcing server (baseline), measured in the same run on the same machine.
 *    The stages (server up, services reconnected, senders told, first and last event visible) come
 *    from the agencies' logs, so the delivery rate once flowing shows apart from the fixed detection
 *    delay; BENCH_BACKLOG=5000 measures that rate on a larger backlog. Beside them, figures the load
 *    does not distort: the requests that reached MY (single deliveries, batches and the events they
 *    carried) and the CPU time of each agency's process per caught-up event.
 *
 * The fan-out also prints each hop of a release, from every agency process (`CONCORD_TRACE_DIR`,
 * hop-trace.ts), and the same fan-out on a warm gRPC channel (the first row opens a channel, with its
 * TLS handshake, for each call, as a one-shot CLI command does). BENCH_BACKLOG=0 skips the catch-up.
 *
 *   npx tsx bench/timeline.ts      (BENCH_ROUNDS=300 and BENCH_BACKLOG=1000 by default)
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type NatsConnection } from 'nats';
import { batchDeliveryType, decodeBatch, FederationSubjects, parseDeliverySubject, readySignalType } from '@concord/federation';
import { ActionKind, CreateOperationRequest, PlanActionRequest, ResponseKind, WatchTimelineRequest, type WatchTimelineResponse } from '@concord/contracts/planning';
import { freePort, localNatsRunner } from '@concord/launcher';
import { callUnary, type RequestOf, type UnaryNames } from '@concord/service-kit';
import { workerPortRange, type TestFederation } from '@concord/testkit';
import { printResults, rawFanOut, runBench, until, withBenchFederation } from './bench-federation.js';
import type { PlanningServiceClient } from '@concord/contracts/planning';
import { HopStage } from '@concord/federation';
import { readMarks, stageTable, traceAgencyProcesses, wallNow, type StageRow, type TracedRound } from './hop-report.js';
import { cpuMs, pidWith } from './process-cpu.js';
import { progress, row, summarise } from './stats.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 300);
const backlog = Number(process.env.BENCH_BACKLOG ?? 1000);
const agencies = ['AU', 'ID', 'TH', 'MY'];
const others = ['ID', 'TH', 'MY'];

/** Raw JetStream sourcing across a leaf link, after a restart of the sourcing server: the baseline. */
async function sourcingBaseline(messages: number): Promise<{ seconds: number; perSecond: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'concord-bench-sourcing-'));
  const runner = localNatsRunner();
  // From the benchmark's own port range (CONCORD_TEST_PORTS), like the federation's servers.
  const getPort = () => freePort('127.0.0.1', workerPortRange());
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

interface LogLine {
  readonly msg?: string;
  readonly peer?: string;
  readonly service?: string;
  readonly nats?: string;
}

/** Milliseconds after `sinceEpochMs` of each line of an agency's service log that matches. */
async function logLinesAfter(federation: TestFederation, agency: string, sinceEpochMs: number, matches: (line: LogLine) => boolean): Promise<number[]> {
  const text = await readFile(federation.prepared.paths.agency(agency).servicesLog, 'utf8');
  const found: number[] = [];
  for (const raw of text.split('\n')) {
    if (!raw.startsWith('{')) continue;
    const line = JSON.parse(raw) as LogLine & { time?: string };
    const at = Date.parse(line.time ?? '');
    if (at >= sinceEpochMs && matches(line)) found.push(at - sinceEpochMs);
  }
  return found;
}

/**
 * Where the catch-up time goes: the server's start, MY's services reconnecting, the senders' relays
 * learning MY is back (their logs), the first and last event visible at MY, and the rate in between.
 */
async function catchUpStages(federation: TestFederation, restartedAt: number, began: number, restarted: number, visibleAt: readonly number[]): Promise<string> {
  const ms = (value: number | undefined) => (value === undefined ? 'n/a' : `${value.toFixed(0)} ms`);
  const relayLines = (msg: string) => Promise.all(['AU', 'ID', 'TH'].map((agency) => logLinesAfter(federation, agency, restartedAt, (line) => line.service === 'planning' && line.peer === 'MY' && line.msg === msg)));
  const [reconnected] = await logLinesAfter(federation, 'MY', restartedAt, (line) => line.service === 'planning' && line.msg === 'nats connection changed' && line.nats === 'reconnect');
  const learned = (await relayLines('peer answers again; catching up')).map((times) => times[0]);
  // A relay that stops hearing from MY after it answered went back to probing: deliveries timed out.
  const downAgain = (await relayLines('peer does not answer; holding its events and probing')).reduce((sum, times) => sum + times.length, 0);
  const first = Math.min(...visibleAt) - began;
  const last = Math.max(...visibleAt) - began;
  return [
    `MY's server serving at ${ms(restarted - began)}`,
    `MY's services reconnected at ${ms(reconnected)}`,
    `senders' relays learned MY was back at ${learned.map(ms).join(', ')} (AU, ID, TH)`,
    `first event visible at ${ms(first)}, last at ${ms(last)}: ${(visibleAt.length / ((last - first) / 1000)).toFixed(0)} events/s once flowing`,
    `senders' relays went back to probing ${downAgain} times after MY answered`,
  ].join('; ');
}

/** Counts the deliveries that reach `agency`'s planning service, as they arrive inside its server. */
function countDeliveries(nc: NatsConnection, agency: string): { singles: number; batches: number; batchedEvents: number } {
  const counts = { singles: 0, batches: 0, batchedEvents: 0 };
  nc.subscribe(FederationSubjects.inbound(agency, 'planning'), {
    callback: (_, message) => {
      const type = parseDeliverySubject(message.subject)?.type;
      if (type === readySignalType) return;
      if (type !== batchDeliveryType) {
        counts.singles += 1;
        return;
      }
      const batch = decodeBatch(message.data);
      counts.batches += 1;
      counts.batchedEvents += batch.ok ? batch.items.length : 0;
    },
  });
  return counts;
}

/** CPU milliseconds each agency's process spent from now until `done` resolves. */
async function cpuDuring(federation: TestFederation, done: Promise<void>): Promise<Record<string, number>> {
  const pids = await Promise.all(agencies.map((agency) => pidWith(federation.prepared.paths.agency(agency).hostConfig)));
  const cpuOfEach = () => Promise.all(pids.map((pid) => (pid ? cpuMs(pid) : Promise.resolve(0))));
  const before = await cpuOfEach();
  await done;
  const after = await cpuOfEach();
  return Object.fromEntries(agencies.map((agency, index) => [agency, after[index]! - before[index]!]));
}

const hop = (label: string, agencies: readonly string[], stage: HopStage, pick: 'min' | 'max' = 'min'): StageRow => ({ label, agencies, stage, pick });
const fanOutHops: StageRow[] = [
  hop('AU: link asked to publish (call, guard, private store read, checks)', ['AU'], HopStage.publish),
  hop('AU: signed', ['AU'], HopStage.signed),
  hop('AU: own JetStream write acknowledged', ['AU'], HopStage.stored),
  hop('AU: handed to the relays', ['AU'], HopStage.dispatched),
  hop('AU: last delivery request sent', ['AU'], HopStage.sent, 'max'),
  hop('AU: applied to its projection', ['AU'], HopStage.applied),
  hop('recipients: first request at the door', others, HopStage.door),
  hop('recipients: last request at the door', others, HopStage.door, 'max'),
  hop('recipients: last verified', others, HopStage.verified, 'max'),
  hop('recipients: last JetStream write acknowledged', others, HopStage.stored, 'max'),
  hop('recipients: last answered AU', others, HopStage.answered, 'max'),
  hop('recipients: last applied to its projection', others, HopStage.applied, 'max'),
  { label: 'visible in the first watch', seen: 'first' },
  { label: 'visible in the last watch', seen: 'last' },
  hop('AU: last answer heard', ['AU'], HopStage.confirmed, 'max'),
  { label: 'ReleaseAction answered, at the client', seen: 'answered' },
];

async function measure(federation: TestFederation, traceDir: string): Promise<void> {
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
  const release = async (agency: string, warm?: PlanningServiceClient) => {
    const { action } = await call(agency, 'planAction', PlanActionRequest.fromPartial({ operationId, kind: ActionKind.ACTION_KIND_BORDER_CHECK, window, jurisdiction: agency, leadUnit: 'bench' }));
    const t = performance.now();
    const releaseRequest = { actionId: action!.id, acknowledgeOutsidePeriod: false };
    await (warm ? callUnary(warm, 'releaseAction', releaseRequest) : call(agency, 'releaseAction', releaseRequest));
    return { id: action!.id, t, answered: performance.now() };
  };
  const fanOutRounds = async (warm?: PlanningServiceClient) => {
    const samples: number[] = [];
    const traced: TracedRound[] = [];
    for (let i = 0; i < rounds + 20; i++) {
      const { id, t, answered } = await release('AU', warm);
      await until(() => others.every((agency) => seenAt.get(agency)!.has(id)));
      const visible = others.map((agency) => seenAt.get(agency)!.get(id)!);
      const wall = (at: number) => performance.timeOrigin + at;
      if (i >= 20) samples.push(Math.max(...visible) - t);
      if (i >= 20) traced.push({ scope: operationId, start: wall(t), end: wallNow(), seen: { answered: wall(answered), first: wall(Math.min(...visible)), last: wall(Math.max(...visible)) } });
    }
    return { summary: summarise(samples), traced };
  };
  const fresh = await fanOutRounds();
  const timelineFanOut = fresh.summary;
  progress('fan-out on a warm channel');
  const warmClient = federation.planningClient('AU');
  const warm = await fanOutRounds(warmClient);
  warmClient.close();
  // The processes write their marks every 200 ms.
  await new Promise((resolve) => setTimeout(resolve, 600));
  const marks = await readMarks(traceDir);
  const hopTables = [`Fan-out hop by hop, a channel per call:\n\n${stageTable(fresh.traced, marks, fanOutHops)}`, `Fan-out hop by hop, warm channel:\n\n${stageTable(warm.traced, marks, fanOutHops)}`];
  if (backlog === 0) {
    await printResults(federation, [row('raw NATS: AU publishes to ID, TH and MY through the hub, until all three received (baseline)', rawFanOutSummary), row('timeline fan-out: ReleaseAction at AU until visible in the WatchTimeline of ID, TH and MY', timelineFanOut, rawFanOutSummary), row('the same on a warm gRPC channel', warm.summary, rawFanOutSummary)], hopTables);
    for (const { client, stream } of watches) {
      stream.cancel();
      client.close();
    }
    return;
  }

  progress(`catch-up: MY down while ${backlog} events are published`);
  await federation.stopAgencyServer('MY');
  const published: string[] = [];
  for (let i = 0; i < backlog; i += 30) {
    const batch = await Promise.all(Array.from({ length: Math.min(30, backlog - i) }, (_, k) => release(['AU', 'ID', 'TH'][(i + k) % 3]!)));
    published.push(...batch.map((b) => b.id));
  }
  await until(() => ['AU', 'ID', 'TH'].every((agency) => published.every((id) => seenAt.get(agency)!.has(id))));
  const restartedAt = Date.now();
  const began = performance.now();
  let caughtUp = () => {};
  const cpu = cpuDuring(federation, new Promise<void>((resolve) => (caughtUp = resolve)));
  await federation.startAgencyServer('MY');
  const restarted = performance.now();
  const deliveries = countDeliveries(await federation.connectAgency('MY'), 'MY');
  await until(() => published.every((id) => seenAt.get('MY')!.has(id)), 300_000);
  const catchUpSeconds = (performance.now() - restarted) / 1000;
  caughtUp();
  const cpuMsOf = await cpu;
  const stages = await catchUpStages(federation, restartedAt, began, restarted, published.map((id) => seenAt.get('MY')!.get(id)!));
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
      row('the same on a warm gRPC channel', warm.summary, rawFanOutSummary),
    ],
    [
      ...hopTables,
      `Catch-up: ${backlog} events published while MY's server was down; from its restart until MY's timeline held them all: ${catchUpSeconds.toFixed(2)} s, ${(backlog / catchUpSeconds).toFixed(0)} events/s. Raw JetStream sourcing of ${backlog} messages after a restart of the sourcing server: ${sourcing.seconds.toFixed(2)} s, ${sourcing.perSecond.toFixed(0)} messages/s (ratio ${(backlog / catchUpSeconds / sourcing.perSecond).toFixed(2)}).`,
      `Catch-up stages, from the moment MY's server was started: ${stages}.`,
      `Catch-up work: requests reaching MY once its server was up: ${deliveries.singles} single deliveries, ${deliveries.batches} batches carrying ${deliveries.batchedEvents} events; CPU per caught-up event: ${agencies.map((agency) => `${agency} ${((cpuMsOf[agency] ?? 0) / backlog).toFixed(3)} ms`).join(', ')} (process CPU time from /proc, start to last event visible).`,
    ],
  );
}

runBench(async () => {
  const traceDir = await traceAgencyProcesses();
  await withBenchFederation(agencies, (federation) => measure(federation, traceDir));
});
