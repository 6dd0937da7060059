/**
 * Benchmark: `npm start` (the built `concord up`) with 10, 20 and 50 agencies (the first N of
 * bench/federation-50.yaml) on this machine: time until every service of every agency serves, resident
 * memory per agency process, CPU of the idle federation (every server and agency process), and how long
 * `concord status` takes (wall time, and the command's own CPU time, which load distorts less), and how
 * long an operation of 8 participants created by the first agency takes to be on all 8 timelines
 * (bench/operation-on-timelines.ts). Run `node scripts/build.mjs` first.
 *
 *   npx tsx bench/start-size.ts     (BENCH_SIZES default 10,20,50; BENCH_BASE_PORT default 8000, below the ephemeral range and clear of ports browsers refuse; BENCH_IDLE_S default 20; BENCH_PARTICIPANTS default 8, 0 skips the operation)
 */
import { spawn, execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runBench } from './bench-federation.js';
import { operationOnTimelines } from './operation-on-timelines.js';
import { reapedChildrenCpuMs } from './process-cpu.js';
import { progress } from './stats.js';

const sizes = (process.env.BENCH_SIZES ?? '10,20,50').split(',').map(Number);
// Below the kernel's ephemeral range (32768 and up), where another process's outgoing connection can take a port first.
const basePort = Number(process.env.BENCH_BASE_PORT ?? 8_000);
const idleSeconds = Number(process.env.BENCH_IDLE_S ?? 20);
const participants = Number(process.env.BENCH_PARTICIPANTS ?? 8);
const concord = new URL('../dist/concord.mjs', import.meta.url).pathname;
const run = promisify(execFile);
const ticksPerSecond = 100;

/** The first `size` agencies of the 50-member manifest. */
async function manifestOf(size: number): Promise<string> {
  const text = await readFile(new URL('./federation-50.yaml', import.meta.url), 'utf8');
  const [head, ...agencies] = text.split(/^ {2}- id: /m);
  return [head, ...agencies.slice(0, size)].join('  - id: ');
}

/** Every process below `root`, with its command line. */
async function descendants(root: number): Promise<Array<{ pid: number; args: string }>> {
  const { stdout } = await run('ps', ['-e', '-o', 'pid=,ppid=,args=']);
  const rows = stdout.trim().split('\n').map((line) => {
    const [pid, ppid, ...args] = line.trim().split(/\s+/);
    return { pid: Number(pid), ppid: Number(ppid), args: args.join(' ') };
  });
  const found: Array<{ pid: number; args: string }> = [];
  const walk = (parent: number) => {
    for (const row of rows.filter((r) => r.ppid === parent)) {
      found.push(row);
      walk(row.pid);
    }
  };
  walk(root);
  return found;
}

async function cpuTicks(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
}

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function measure(size: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'concord-start-size-'));
  const manifest = join(dir, 'manifest.yaml');
  await writeFile(manifest, await manifestOf(size));
  const dataDir = join(dir, 'data');
  progress(`${size} agencies: concord up`);
  const started = performance.now();
  const up = spawn(process.execPath, [concord, '--data-dir', dataDir, 'up', '--manifest', manifest, '--base-port', String(basePort), '--log-level', 'warn'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  up.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  up.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => up.on('exit', resolve));
  try {
    let check: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      new Promise<'up'>((resolve) => {
        check = setInterval(() => output.includes('is up.') && resolve('up'), 100);
      }),
      exited.then(() => 'exited' as const),
    ]).finally(() => clearInterval(check));
    if (outcome !== 'up') return `| ${size} | failed: ${output.split('\n').filter(Boolean).slice(-3).join(' / ')} | | | | | ${loadavg()[0]!.toFixed(1)} |`;
    const upSeconds = (performance.now() - started) / 1000;
    /** `concord status`: wall time and the command's own CPU time (user and system), both in ms. */
    const statusMs = async () => {
      const [t, cpu] = [performance.now(), await reapedChildrenCpuMs()];
      await run(process.execPath, [concord, '--data-dir', dataDir, 'status', '--json']).catch(() => undefined);
      return { wall: performance.now() - t, cpu: (await reapedChildrenCpuMs()) - cpu };
    };
    const statusAtStart = await statusMs();
    const processes = await descendants(up.pid!);
    const agencyProcesses = processes.filter((p) => p.args.includes('agency-main'));
    const rss = await Promise.all(agencyProcesses.map((p) => rssMb(p.pid)));
    progress(`${size} agencies: idle ${idleSeconds} s`);
    // Idle CPU apart for the agency processes, their nats-servers and the hub, and the launcher.
    const groups = { agencies: agencyProcesses.map((p) => p.pid), servers: processes.filter((p) => p.args.includes('nats-server')).map((p) => p.pid), launcher: [up.pid!] };
    const all = Object.values(groups).flat();
    const before = new Map(await Promise.all(all.map(async (pid) => [pid, await cpuTicks(pid)] as const)));
    await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
    const coreOf = async (pids: number[]) => (await Promise.all(pids.map(async (pid) => (await cpuTicks(pid)) - before.get(pid)!))).reduce((a, b) => a + b, 0) / ticksPerSecond / idleSeconds;
    const [agencyCore, serverCore, launcherCore] = await Promise.all([coreOf(groups.agencies), coreOf(groups.servers), coreOf(groups.launcher)]);
    const idleCore = agencyCore + serverCore + launcherCore;
    const agencyIdle = agencyProcesses.length;
    const split = `agency processes ${(agencyCore * 100).toFixed(1)}%, nats-servers ${(serverCore * 100).toFixed(1)}%, launcher ${(launcherCore * 100).toFixed(1)}%`;
    const statusIdle = await statusMs();
    const load = loadavg()[0]!.toFixed(1);
    const ids = Array.from({ length: Math.min(participants, size) }, (_, i) => `A${String(i + 1).padStart(2, '0')}`);
    progress(`${size} agencies: an operation with ${ids.length} participants`);
    const operation = ids.length > 1 ? await operationOnTimelines(concord, dataDir, ids).catch((error: unknown) => String(error)) : 'skipped';
    const onTimelines = typeof operation === 'string' ? operation : `${(operation.fromCreateMs / 1000).toFixed(2)} s / ${(operation.spreadMs / 1000).toFixed(2)} s (create ${(operation.createMs / 1000).toFixed(2)} s)`;
    const statusText = (s: { wall: number; cpu: number }) => `${(s.wall / 1000).toFixed(2)} s (CPU ${(s.cpu / 1000).toFixed(2)} s)`;
    const meanRss = rss.reduce((a, b) => a + b, 0) / Math.max(1, rss.length);
    return `| ${size} | ${upSeconds.toFixed(1)} s | ${meanRss.toFixed(0)} MB (max ${Math.max(...rss).toFixed(0)}) | ${(idleCore * 100).toFixed(1)}% (${((idleCore * 100) / agencyIdle).toFixed(2)}% per agency; ${split}) | ${statusText(statusAtStart)} / ${statusText(statusIdle)} | ${onTimelines} | ${load} |`;
  } finally {
    up.kill('SIGINT');
    await exited;
    await rm(dir, { recursive: true, force: true });
  }
}

runBench(async () => {
  const rows: string[] = [];
  for (const size of sizes) rows.push(await measure(size));
  console.log(
    [
      `${new Date().toISOString().slice(0, 10)}, ${(await readdir('/sys/devices/system/cpu')).filter((n) => /^cpu\d+$/.test(n)).length} cores, every server and agency on this one machine`,
      '',
      `| agencies | up, every service serving | resident per agency process | idle CPU, all processes (% of one core) | concord status: at start / idle | operation with ${participants} participants on all their timelines: from create / first to last watch | load (1 min) |`,
      '|---|---|---|---|---|---|---|',
      ...rows,
    ].join('\n'),
  );
});
