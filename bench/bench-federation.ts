/**
 * A federation for a benchmark: real servers as the test kit starts them, and each agency's services
 * in their own process, as `npm start` runs them, so the benchmark process only measures. Agencies
 * named in `inProcess` run their services in this process instead (as the test kit does), for a
 * benchmark that serves a service's own implementation a second time.
 */
import { cpus } from 'node:os';
import type { NatsConnection } from 'nats';
import { FederationSubjects, StoreSubjects, type Capability } from '@concord/federation';
import { natsServerVersion, startAgencyProcess } from '@concord/launcher';
import { TestFederation } from '@concord/testkit';

export async function withBenchFederation<T>(agencies: readonly string[], run: (federation: TestFederation) => Promise<T>, inProcess: readonly string[] = []): Promise<T> {
  await using federation = await TestFederation.start({ agencies, services: inProcess });
  const paths = (id: string) => federation.prepared.paths.agency(id);
  // A generous start-up bound: on a machine shared with other runs, six agencies starting at once can take minutes.
  const hosts = await Promise.all(agencies.filter((id) => !inProcess.includes(id)).map((id) => startAgencyProcess(id, paths(id).hostConfig, paths(id).servicesLog, 300_000)));
  try {
    return await run(federation);
  } finally {
    await Promise.all(hosts.map((host) => host.stop()));
  }
}

/** The line that says where the figures come from. */
export async function machineLine(federation: TestFederation): Promise<string> {
  return `Machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), Node ${process.version}, nats-server ${await natsServerVersion()} (${federation.runner.kind}); ${new Date().toISOString().slice(0, 10)}; ${federation.agencyIds.length} agencies + hub on this machine`;
}

/** The results as BENCHMARKS.md shows them: where they come from, a table of rows, then notes. */
export async function printResults(federation: TestFederation, rows: readonly string[], notes: readonly string[]): Promise<void> {
  console.log([await machineLine(federation), '', '| measurement | n | p50 | p99 | p50 against its baseline |', '|---|---|---|---|---|', ...rows, '', ...notes].join('\n'));
}

/** `runBench(main)`: a failure prints and exits non-zero. */
export function runBench(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

/** Waits, polling each millisecond, until `done`; a benchmark that stalls fails instead of hanging. */
export async function until(done: () => boolean, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/**
 * Records when each event scope (an operation, an alert) first appears in an agency's store: `seen`,
 * when this process read it (performance.now()); `storedAt`, when the server stored it (wall-clock ms).
 */
export async function watchStore(nc: NatsConnection, capability: Capability): Promise<{ seen: Map<string, number>; storedAt: Map<string, number>; stop: () => Promise<void> }> {
  const seen = new Map<string, number>();
  const storedAt = new Map<string, number>();
  const stream = StoreSubjects.streamName(capability);
  const info = await (await nc.jetstreamManager()).streams.info(stream);
  const consumer = await nc.jetstream().consumers.get(stream, { opt_start_seq: info.state.last_seq + 1 });
  const messages = await consumer.consume();
  void (async () => {
    for await (const m of messages) {
      const { scope } = JSON.parse(new TextDecoder().decode(m.data)) as { scope: string };
      if (!seen.has(scope)) seen.set(scope, performance.now());
      if (!storedAt.has(scope)) storedAt.set(scope, m.info.timestampNanos / 1e6);
    }
  })();
  return { seen, storedAt, stop: async () => void (await messages.close()) };
}

/**
 * The baseline for fan-out: `from` publishes a message of `bytes` to each of `to` through the hub,
 * until every one received it; `inFlight` messages at a time (1: latency, more: throughput).
 */
export async function rawFanOut(federation: TestFederation, from: string, to: readonly string[], rounds: number, bytes = 1024): Promise<{ samples: number[]; perSecond: (count: number, inFlight: number) => Promise<number> }> {
  const sender = await federation.connectAgency(from);
  const receivers = await Promise.all(to.map((agency) => federation.connectAgency(agency)));
  const received = new Map<number, number>();
  receivers.forEach((nc, index) =>
    nc.subscribe(FederationSubjects.delivery(to[index]!, from, 'tasking', 'bench.fanout'), {
      callback: (_e, m) => {
        const i = new DataView(m.data.buffer, m.data.byteOffset).getUint32(0);
        received.set(i, (received.get(i) ?? 0) + 1);
      },
    }),
  );
  await Promise.all(receivers.map((nc) => nc.flush()));
  let next = 0;
  const send = () => {
    const i = next++;
    const payload = new Uint8Array(bytes);
    new DataView(payload.buffer).setUint32(0, i);
    for (const agency of to) sender.publish(FederationSubjects.delivery(agency, from, 'tasking', 'bench.fanout'), payload);
    return i;
  };
  const samples: number[] = [];
  for (let round = 0; round < rounds + 50; round++) {
    const t = performance.now();
    const i = send();
    await until(() => received.get(i) === to.length);
    if (round >= 50) samples.push(performance.now() - t);
  }
  return {
    samples,
    perSecond: async (count, inFlight) => {
      const started = performance.now();
      const first = next;
      for (let k = 0; k < count; k += inFlight) {
        const batch = Array.from({ length: Math.min(inFlight, count - k) }, send);
        await until(() => batch.every((i) => received.get(i) === to.length));
      }
      const last = next;
      await until(() => Array.from({ length: last - first }, (_, k) => first + k).every((i) => received.get(i) === to.length));
      return count / ((performance.now() - started) / 1000);
    },
  };
}
