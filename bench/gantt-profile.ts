/**
 * Where a Gantt draw spends its time: the Gantt's page (test/gantt-page.ts) built unminified, so the profile
 * names vis-timeline's functions, and drawn PROFILE_ROUNDS times (3) with PROFILE_COUNT entries (1,000).
 * Each draw prints Chromium's own counters (layouts, style recalculations, main-thread CPU); the last one
 * also runs under the CDP sampling profiler and prints the functions with the most time, self and inclusive
 * (forced layouts count as the self time of the function that read a size).
 * Run: npx tsx bench/gantt-profile.ts      (BENCH_PORT to choose the page's port)
 */
import type { Profiler } from 'node:inspector';
import { launchBrowser } from '../test/console-browser.js';
import { drawGantt, openGanttPage, serveGanttPage } from '../test/gantt-page.js';

const count = Number(process.env.PROFILE_COUNT ?? 1_000);
const rounds = Number(process.env.PROFILE_ROUNDS ?? 3);

/** Milliseconds per function, self and inclusive, from a CPU profile: the `top` largest of each. */
function hottest(profile: Profiler.Profile, top: number): { self: string; inclusive: string } {
  const interval = (profile.endTime - profile.startTime) / (profile.samples?.length ?? 1) / 1000;
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const name = (node: Profiler.ProfileNode) => `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/').pop()}:${node.callFrame.lineNumber}`;
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const node of profile.nodes) {
    const time = (node.hitCount ?? 0) * interval;
    self.set(name(node), (self.get(name(node)) ?? 0) + time);
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const key = name(byId.get(id)!);
      if (!seen.has(key)) inclusive.set(key, (inclusive.get(key) ?? 0) + time);
      seen.add(key);
    }
  }
  const list = (times: Map<string, number>) => [...times].sort((a, b) => b[1] - a[1]).slice(0, top).map(([key, ms]) => `  ${ms.toFixed(0).padStart(6)} ms  ${key}`).join('\n');
  return { self: list(self), inclusive: list(inclusive) };
}

async function run(): Promise<void> {
  await using served = await serveGanttPage(Number(process.env.BENCH_PORT ?? 0), { minify: false });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map(({ name, value }) => [name, value]));
    for (let round = 1; round <= rounds; round++) {
      const profiled = round === rounds;
      await openGanttPage(page, served.url);
      if (profiled) {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
        await cdp.send('Profiler.start');
      }
      const before = await metrics();
      const ms = await drawGantt(page, count);
      const after = await metrics();
      const spent = (name: string) => ((after[name] ?? 0) - (before[name] ?? 0)) * 1000;
      const counted = (name: string) => (after[name] ?? 0) - (before[name] ?? 0);
      console.log(
        `draw ${round}${profiled ? ' (profiled)' : ''}: ${ms.toFixed(0)} ms; main-thread CPU ${spent('ThreadTime').toFixed(0)} ms; script ${spent('ScriptDuration').toFixed(0)} ms; ` +
          `layout ${spent('LayoutDuration').toFixed(0)} ms in ${counted('LayoutCount')}; style ${spent('RecalcStyleDuration').toFixed(0)} ms in ${counted('RecalcStyleCount')}`,
      );
      if (!profiled) continue;
      const { profile } = await cdp.send('Profiler.stop');
      const { self, inclusive } = hottest(profile, 25);
      console.log(`self time:\n${self}\ninclusive time:\n${inclusive}`);
    }
  } finally {
    await browser.close();
  }
}

run().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
