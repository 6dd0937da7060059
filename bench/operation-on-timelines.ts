/**
 * One step of bench/start-size.ts: the first agency creates an operation with the first `participants`
 * agencies (itself included) through the built `concord`, and the time until it is on every
 * participant's timeline is read from `concord timeline --watch --json`, one watch per participant,
 * started and proven live (a first operation reaches all of them) before the measured one.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface OnTimelines {
  /** From starting `concord op create` to the last participant's watch printing the operation. */
  readonly fromCreateMs: number;
  /** From the first watch printing it to the last. */
  readonly spreadMs: number;
  /** Wall time of the create command itself (a CLI process start included). */
  readonly createMs: number;
}

/** A watch of one agency's timeline: when each operation id first appeared in it. */
function watchTimeline(concord: string, dataDir: string, agency: string): { seen: Map<string, number>; child: ChildProcess } {
  const seen = new Map<string, number>();
  const child = spawn(process.execPath, [concord, '--data-dir', dataDir, '--agency', agency, 'timeline', '--watch', '--json'], { stdio: ['ignore', 'pipe', 'ignore'] });
  let buffered = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const at = performance.now();
    buffered += chunk.toString();
    for (const id of buffered.match(/"operationId":\s*"[^"]+"/g) ?? []) {
      const operation = id.slice(id.lastIndexOf(':') + 1).trim().replaceAll('"', '');
      if (!seen.has(operation)) seen.set(operation, at);
    }
    buffered = buffered.slice(buffered.lastIndexOf('\n') + 1);
  });
  return { seen, child };
}

export async function operationOnTimelines(concord: string, dataDir: string, agencies: readonly string[], timeoutMs = 120_000): Promise<OnTimelines> {
  const cli = (agency: string, ...args: string[]) => run(process.execPath, [concord, '--data-dir', dataDir, '--agency', agency, ...args], { timeout: timeoutMs });
  await Promise.all(agencies.map((agency) => cli(agency, 'login', '--user', 'admin', '--password-file', join(dataDir, 'agencies', agency, 'identity', 'admin.password'))));
  const watches = agencies.map((agency) => watchTimeline(concord, dataDir, agency));
  const create = async (name: string) => {
    const started = performance.now();
    const { stdout } = await cli(agencies[0]!, 'op', 'create', '--name', name, '--participants', agencies.slice(1).join(','), '--start', '2027-03-01', '--end', '2027-04-01', '--json');
    return { id: (JSON.parse(stdout) as { id: string }).id, started, createMs: performance.now() - started };
  };
  const onAll = async (id: string) => {
    const deadline = performance.now() + timeoutMs;
    while (!watches.every((w) => w.seen.has(id))) {
      if (performance.now() > deadline) throw new Error(`operation ${id} not on every timeline within ${timeoutMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return watches.map((w) => w.seen.get(id)!);
  };
  try {
    // Proves every watch live (and every relay and channel warm) before the measured operation.
    await onAll((await create('Warm-up')).id);
    const measured = await create('Eight participants');
    const times = await onAll(measured.id);
    const last = Math.max(...times);
    return { fromCreateMs: last - measured.started, spreadMs: last - Math.min(...times), createMs: measured.createMs };
  } finally {
    for (const { child } of watches) child.kill('SIGINT');
  }
}
