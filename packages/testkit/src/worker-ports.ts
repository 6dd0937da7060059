/**
 * Ports for a test worker's servers. Two test files run at once, and a port found free by one can be
 * taken by the other before its server binds it. So each Vitest worker (VITEST_POOL_ID) chooses from a
 * block of its own, and every block lies below the kernel's ephemeral range (32768 and up here), where
 * outgoing connections never land. The `npm start` test keeps to 20000-31999.
 * CONCORD_TEST_PORTS=<from>-<to> moves the blocks into another range, so that two clones' suites on one
 * machine do not race for the same ports.
 */
import { freePort, type PortRange } from '@concord/launcher';

const first = 10_000;
const blockSize = 2_000;
const blocks = 5;

export function workerPortRange(env: NodeJS.ProcessEnv = process.env): PortRange {
  const worker = Number(env.VITEST_POOL_ID ?? 1);
  const block = (Number.isInteger(worker) && worker > 0 ? worker - 1 : 0) % blocks;
  const { start, size } = portSpan(env.CONCORD_TEST_PORTS);
  return { from: start + block * size, to: start + (block + 1) * size - 1 };
}

function portSpan(setting: string | undefined): { start: number; size: number } {
  if (setting === undefined || setting === '') return { start: first, size: blockSize };
  const match = /^(\d+)-(\d+)$/.exec(setting);
  const [from, to] = match ? [Number(match[1]), Number(match[2])] : [NaN, NaN];
  if (!(from >= 1024 && to <= 65_535 && to - from + 1 >= blocks * 100)) {
    throw new Error(`CONCORD_TEST_PORTS must be <from>-<to> within 1024-65535, at least ${blocks * 100} ports wide; got "${setting}"`);
  }
  return { start: from, size: Math.floor((to - from + 1) / blocks) };
}

/** A free port in this worker's block. */
export function freeWorkerPort(host = '127.0.0.1'): Promise<number> {
  return freePort(host, workerPortRange());
}
