/**
 * Reads a V8 CPU profile (`CONCORD_PROFILE_DIR`, `--cpu-prof`) and prints where the busy time went:
 * self time by function and by package, as shares of the samples that were not idle, plus the busy
 * share per second so a phase (a catch-up) can be picked out.
 *
 *   npx tsx bench/cpu-profile-summary.ts <file.cpuprofile> [from-s] [to-s]
 *
 * `from-s` and `to-s` (seconds since the profile started) keep only the samples in that window;
 * without them the whole profile counts. PROFILE_TOP (default 30) sets how many functions are listed.
 */
import { readFile } from 'node:fs/promises';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const [file, fromArg, toArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: npx tsx bench/cpu-profile-summary.ts <file.cpuprofile> [from-s] [to-s]');
  process.exit(2);
}
const top = Number(process.env.PROFILE_TOP ?? 30);
const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
const nodes = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));

/** The package a frame belongs to: a workspace package, a dependency, Node itself, or V8's own entries. */
function packageOf(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const dependency = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (dependency) return dependency[1]!;
  const workspace = /\/(packages|services)\/([^/]+)\//.exec(url);
  if (workspace) return `${workspace[1]}/${workspace[2]}`;
  if (url.startsWith('node:')) return 'node';
  return url.replace(/^.*\//, '');
}

const from = fromArg === undefined ? -Infinity : Number(fromArg) * 1e6;
const to = toArg === undefined ? Infinity : Number(toArg) * 1e6;
const byFunction = new Map<string, number>();
const byPackage = new Map<string, number>();
const perSecond: { busy: number; all: number }[] = [];
let at = 0;
let busy = 0;
profile.samples.forEach((id, index) => {
  const delta = profile.timeDeltas[index] ?? 0;
  at += delta;
  const frame = nodes.get(id)!;
  const idle = frame.functionName === '(idle)' || frame.functionName === '(program)';
  const second = Math.floor(at / 1e6);
  const slot = (perSecond[second] ??= { busy: 0, all: 0 });
  slot.all += delta;
  if (!idle) slot.busy += delta;
  if (idle || at < from || at > to) return;
  busy += delta;
  const where = `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*\/(packages|services|node_modules)\//, '$1/')}:${frame.lineNumber + 1}`;
  byFunction.set(where, (byFunction.get(where) ?? 0) + delta);
  const pkg = packageOf(frame.url, frame.functionName);
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + delta);
});

const share = (us: number) => `${((100 * us) / busy).toFixed(1)}%`;
const list = (title: string, entries: Map<string, number>, count: number) => {
  console.log(`\n${title}`);
  for (const [name, us] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, count)) console.log(`${share(us).padStart(6)}  ${(us / 1e3).toFixed(0).padStart(6)} ms  ${name}`);
};
console.log(`${file}: ${(busy / 1e3).toFixed(0)} ms busy in the window (profile ${(at / 1e6).toFixed(1)} s)`);
console.log('busy share per second:', perSecond.map((s, i) => `${i}:${s ? Math.round((100 * s.busy) / Math.max(1, s.all)) : 0}`).join(' '));
list('by package', byPackage, 20);
list('by function (self time)', byFunction, top);
