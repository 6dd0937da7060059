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
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await run(i);
    samples.push(performance.now() - start);
  }
  return samples;
}

/** A table row: the figures, and the p50 against the baseline's. */
export function row(name: string, s: Summary, baseline?: Summary): string {
  const ratio = baseline ? `${(s.p50 / baseline.p50).toFixed(2)}x` : 'baseline';
  return `| ${name} | ${s.n} | ${ms(s.p50)} | ${ms(s.p99)} | ${ratio} |`;
}

/** Progress on stderr, so stdout holds only the results. */
export const progress = (what: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${what}\n`);
