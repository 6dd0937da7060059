/**
 * The console's Gantt under a full operation: the real Gantt component (services/console/web/src/views/
 * timeline/gantt.tsx) inside the console's own providers, built by Vite into a small page
 * (services/console/web/bench/gantt-page.tsx) and drawn in headless Chromium with 1,000 generated entries
 * (released actions and milestones of five agencies over a 30-day period), timed from the entries in hand
 * to the frame that paints them all. Baseline in the same run: the same page drawing 10 entries. Each draw
 * is the first on a freshly loaded page, as when someone opens the Timeline view; sizes alternate.
 * Run: npx tsx bench/console-timeline.ts      (BENCH_ROUNDS=7 by default)
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { build } from 'vite';
import { launchBrowser } from '../test/console-browser.js';

const webRoot = join(import.meta.dirname, '..', 'services', 'console', 'web');
const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
const sizes = { baseline: 10, full: 1_000 } as const;
// The page's providers ask for the session; the answer a signed-in AU planner would get.
const session = {
  username: 'bench',
  name: 'Bench',
  roles: ['planner'],
  agency: 'AU',
  agencies: ['AU', 'ID', 'TH', 'MY', 'SG'].map((id) => ({ id, name: id, role: 'participant', timeZone: 'Australia/Darwin' })),
};
const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

const median = (times: readonly number[]) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
const summary = (times: readonly number[]) => `median ${median(times).toFixed(0)} ms (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)}) over ${times.length}`;

async function run(): Promise<void> {
  const out = await mkdtemp(join(tmpdir(), 'concord-gantt-'));
  await build({ configFile: join(webRoot, 'vite.config.ts'), logLevel: 'warn', build: { outDir: out, emptyOutDir: true, rolldownOptions: { input: join(webRoot, 'bench', 'gantt-page.html') } } });
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === '/auth/session') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(session));
      return;
    }
    readFile(join(out, normalize(path))).then(
      (body) => response.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' }).end(body),
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/bench/gantt-page.html`;
    const draw = async (count: number) => {
      await page.goto(url);
      await page.waitForFunction(() => 'drawGantt' in globalThis);
      return page.evaluate((n) => (globalThis as unknown as { drawGantt: (n: number) => Promise<number> }).drawGantt(n), count);
    };
    await draw(sizes.full); // one unrecorded draw, so the disk cache holds the page for every round alike
    const times = { baseline: [] as number[], full: [] as number[] };
    for (let round = 0; round < rounds; round++) {
      times.baseline.push(await draw(sizes.baseline));
      times.full.push(await draw(sizes.full));
    }
    if (errors.length > 0) throw new Error(`the page reported errors: ${errors.join('; ')}`);
    console.log(`baseline, ${sizes.baseline} entries: ${summary(times.baseline)}`);
    console.log(`${sizes.full} entries: ${summary(times.full)}, ${(median(times.full) / median(times.baseline)).toFixed(1)}x the baseline (goal < 500 ms)`);
  } finally {
    await browser.close();
    server.close();
    await rm(out, { recursive: true, force: true });
  }
}

run().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
