/**
 * CPU time of the processes a benchmark started, from /proc: a measure the machine's load does not
 * distort the way it distorts wall-clock time. Linux only.
 */
import { readdir, readFile } from 'node:fs/promises';

const ticksPerSecond = 100;

/** The process whose command line holds `argument` (an agency's host configuration path, say). */
export async function pidWith(argument: string): Promise<number | undefined> {
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.split('\0').includes(argument)) return Number(entry);
  }
  return undefined;
}

/** User plus system CPU time of a process so far, in milliseconds (0 once it is gone). */
export async function cpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) * 1000) / ticksPerSecond;
}

/** User plus system CPU time, in milliseconds, of this process's children that have exited and been reaped. */
export async function reapedChildrenCpuMs(): Promise<number> {
  const stat = await readFile('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[13] ?? 0) + Number(fields[14] ?? 0)) * 1000) / ticksPerSecond;
}
