/**
 * The console's Gantt under a full operation: the real Gantt component (services/console/web/src/views/
 * timeline/gantt.tsx) inside the console's own providers, built by Vite into a small page
 * (services/console/web/bench/gantt-page.tsx, served by test/gantt-page.ts) and drawn in headless Chromium
 * with 1,000 generated entries (released actions and milestones of five agencies over a 30-day period),
 * timed from the entries in hand to the frame that paints them all. Baseline in the same run: the same page
 * drawing 10 entries. Each draw is the first on a freshly loaded page, as when someone opens the Timeline
 * view; sizes alternate. Then one live entry handed to the 1,000-entry Gantt, as WatchTimeline delivers it.
 * Run: npx tsx bench/console-timeline.ts      (BENCH_ROUNDS=7 by default; BENCH_PORT to choose the page's port)
 */
import { launchBrowser } from '../test/console-browser.js';
import { addGanttEntries, drawGantt, openGanttPage, serveGanttPage } from '../test/gantt-page.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
const sizes = { baseline: 10, full: 1_000 } as const;

const median = (times: readonly number[]) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
const summary = (times: readonly number[]) => `median ${median(times).toFixed(0)} ms (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)}) over ${times.length}`;

async function run(): Promise<void> {
  await using served = await serveGanttPage(Number(process.env.BENCH_PORT ?? 0));
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    const draw = async (count: number) => {
      await openGanttPage(page, served.url);
      return drawGantt(page, count);
    };
    await draw(sizes.full); // one unrecorded draw, so the disk cache holds the page for every round alike
    const times = { baseline: [] as number[], full: [] as number[], live: [] as number[] };
    for (let round = 0; round < rounds; round++) {
      times.baseline.push(await draw(sizes.baseline));
      times.full.push(await draw(sizes.full));
      times.live.push(await addGanttEntries(page, 1));
    }
    if (errors.length > 0) throw new Error(`the page reported errors: ${errors.join('; ')}`);
    console.log(`baseline, ${sizes.baseline} entries: ${summary(times.baseline)}`);
    console.log(`${sizes.full} entries: ${summary(times.full)}, ${(median(times.full) / median(times.baseline)).toFixed(1)}x the baseline (goal < 500 ms)`);
    console.log(`one live entry into ${sizes.full}: ${summary(times.live)}`);
  } finally {
    await browser.close();
  }
}

run().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
