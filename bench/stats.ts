/** Percentiles and formatting for benchmark output. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export interface Summary {
  readonly p50: number;
  readonly p99: number;
  readonly n: number;
}

export function summarise(samplesMs: readonly number[]): Summary {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), n: sorted.length };
}

export const ms = (value: number) => (value < 1 ? `${(value * 1000).toFixed(0)} us` : `${value.toFixed(2)} ms`);

export async function timeEach(count: number, run: (i: number) => unknown): Promise<number[]> {
  return (await timeInterleaved(count, [run]))[0]!;
}

/**
 * Times each of `runs` `count` times, one of each per round, the order turning from round to round:
 * whatever else the machine does then weighs on every path alike. One array of samples per run.
 */
export async function timeInterleaved(count: number, runs: readonly ((i: number) => unknown)[]): Promise<number[][]> {
  const samples = runs.map((): number[] => []);
  for (let i = 0; i < count; i++) {
    for (let k = 0; k < runs.length; k++) {
      const which = (i + k) % runs.length;
      const start = performance.now();
      await runs[which]!(i);
      samples[which]!.push(performance.now() - start);
    }
  }
  return samples;
}

/** A table row: the figures, and the p50 against the baseline's (`of` names a baseline from another row). */
export function row(name: string, s: Summary, baseline?: Summary, of?: string): string {
  const ratio = baseline ? `${(s.p50 / baseline.p50).toFixed(2)}x${of ? ` (of ${of})` : ''}` : 'baseline';
  return `| ${name} | ${s.n} | ${ms(s.p50)} | ${ms(s.p99)} | ${ratio} |`;
}

/** Progress on stderr, so stdout holds only the results. */
export const progress = (what: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${what}\n`);
