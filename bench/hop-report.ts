/**
 * Reads the hop marks the agency processes wrote (`CONCORD_TRACE_DIR`, packages/federation
 * hop-trace.ts) and turns them into a table of stages: for each round (one event at a time), when each
 * stage was first passed, in milliseconds since the round's call, and the step from the row before.
 */
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HopMark, HopStage } from '@concord/federation';
import { ms, percentile } from './stats.js';

/** Wall-clock milliseconds with the monotonic clock's resolution, comparable with the marks. */
export const wallNow = () => performance.timeOrigin + performance.now();

/** Makes every agency process started from now on write its marks to a fresh directory. */
export async function traceAgencyProcesses(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'concord-hops-'));
  process.env.CONCORD_TRACE_DIR = dir;
  return dir;
}

export async function readMarks(dir: string): Promise<HopMark[]> {
  const files = await readdir(dir);
  const texts = await Promise.all(files.map((file) => readFile(join(dir, file), 'utf8')));
  return texts.flatMap((text) => text.split('\n').flatMap((line) => (line ? [JSON.parse(line) as HopMark] : [])));
}

/** One event's round: its scope, when the call started, and what the benchmark saw itself (the answer, a watch). */
export interface TracedRound {
  readonly scope: string;
  readonly start: number;
  /** Where rounds share a scope (one operation's releases): only marks up to here belong to this round. */
  readonly end?: number;
  readonly seen: Readonly<Record<string, number>>;
}

/**
 * A row of the table: a stage at some agencies, the first (`min`) or last (`max`) of them to pass it,
 * each agency counted at its first pass (one agency: its first or last pass); or a time the benchmark
 * saw itself.
 */
export type StageRow = { readonly label: string; readonly agencies: readonly string[]; readonly stage: HopStage; readonly pick: 'min' | 'max' } | { readonly label: string; readonly seen: string };

export function stageTable(rounds: readonly TracedRound[], marks: readonly HopMark[], rows: readonly StageRow[]): string {
  // A mark made before the event was read (at the door) names only its key: the other marks give its scope.
  const scopeOfKey = new Map(marks.flatMap((mark) => (mark.key !== undefined && mark.scope !== undefined ? [[mark.key, mark.scope] as const] : [])));
  const byScope = new Map<string, HopMark[]>();
  for (const mark of marks) {
    const scope = mark.scope ?? (mark.key === undefined ? undefined : scopeOfKey.get(mark.key));
    if (scope === undefined) continue;
    const list = byScope.get(scope) ?? [];
    list.push(mark);
    byScope.set(scope, list);
  }
  const timeOf = (round: TracedRound, row: StageRow): number => {
    if ('seen' in row) return (round.seen[row.seen] ?? NaN) - round.start;
    const inRound = (m: HopMark) => m.at >= round.start && (round.end === undefined || m.at <= round.end);
    const passes = (agency: string) => (byScope.get(round.scope) ?? []).filter((m) => m.agency === agency && m.stage === row.stage && inRound(m)).map((m) => m.at);
    // One agency: its first or last pass (a relay per recipient); several: each agency's first pass, the first or last of them.
    const [only] = row.agencies;
    const firsts = row.agencies.length === 1 && only !== undefined ? passes(only) : row.agencies.map((agency) => Math.min(...passes(agency)));
    const at = row.pick === 'min' ? Math.min(...firsts) : Math.max(...firsts);
    return Number.isFinite(at) ? at - round.start : NaN;
  };
  const lines = ['| stage (ms since the call) | n | p50 | p90 | step from the row before, p50 |', '|---|---|---|---|---|'];
  let previous: number[] | undefined;
  for (const row of rows) {
    const times = rounds.map((round) => timeOf(round, row));
    const sorted = times.filter(Number.isFinite).sort((a, b) => a - b);
    const steps = previous ? times.map((t, i) => t - previous![i]!).filter(Number.isFinite).sort((a, b) => a - b) : [];
    lines.push(`| ${row.label} | ${sorted.length} | ${ms(percentile(sorted, 50))} | ${ms(percentile(sorted, 90))} | ${steps.length > 0 ? ms(percentile(steps, 50)) : '-'} |`);
    previous = times;
  }
  return lines.join('\n');
}
