/**
 * Benchmark: how long `concord --help` takes, from the build on plain node and from the sources
 * through tsx, against `node -e 0` (the floor: starting node itself) measured in the same run,
 * interleaved. Builds dist/ first.   npx tsx bench/cli-startup.ts   (BENCH_ROUNDS, default 20)
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ms, summarise, timeInterleaved } from './stats.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 20);
const root = fileURLToPath(new URL('..', import.meta.url));
execFileSync(process.execPath, ['scripts/build.mjs', '--quiet'], { cwd: root, stdio: 'inherit' });

const paths = {
  'node -e 0 (baseline)': ['-e', '0'],
  'concord --help, built (node dist/concord.mjs)': ['dist/concord.mjs', '--help'],
  'concord --help, sources through tsx (npx concord)': ['packages/cli/bin/concord.js', '--help'],
} as const;

const runs = Object.values(paths).map((args) => () => execFileSync(process.execPath, args, { cwd: root, stdio: 'ignore' }));
const samples = await timeInterleaved(rounds, runs);
const [baseline] = samples.map(summarise);
console.log(`| path | n | p50 | p99 | p50 against node -e 0 |`);
console.log(`|---|---|---|---|---|`);
Object.keys(paths).forEach((name, i) => {
  const s = summarise(samples[i]!);
  console.log(`| ${name} | ${s.n} | ${ms(s.p50)} | ${ms(s.p99)} | ${i === 0 ? 'baseline' : `${(s.p50 / baseline!.p50).toFixed(2)}x`} |`);
});
