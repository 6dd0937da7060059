/**
 * Ports for a test worker's servers. Two test files run at once, and a port found free by one can be
 * taken by the other before its server binds it. So each Vitest worker (VITEST_POOL_ID) chooses from a
 * block of its own, and every block lies below the kernel's ephemeral range (32768 and up here), where
 * outgoing connections never land. The `npm start` test keeps to 20000-31999.
 */
import { freePort, type PortRange } from '@concord/launcher';

const first = 10_000;
const blockSize = 2_000;
const blocks = 5;

export function workerPortRange(env: NodeJS.ProcessEnv = process.env): PortRange {
  const worker = Number(env.VITEST_POOL_ID ?? 1);
  const block = (Number.isInteger(worker) && worker > 0 ? worker - 1 : 0) % blocks;
  return { from: first + block * blockSize, to: first + (block + 1) * blockSize - 1 };
}

/** A free port in this worker's block. */
export function freeWorkerPort(host = '127.0.0.1'): Promise<number> {
  return freePort(host, workerPortRange());
}
