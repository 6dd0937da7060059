/**
 * The Gantt's own page (services/console/web/bench/gantt-page.html), built by Vite and served on loopback:
 * the console's real Gantt inside its own providers, fed generated entries. The Gantt's benchmark and its
 * browser test both drive it; `drawGantt` and `addGanttEntries` are the page's own timers.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import type { Page } from 'playwright-core';
import { build } from 'vite';

const webRoot = join(import.meta.dirname, '..', 'services', 'console', 'web');
// The page's providers ask for the session; the answer a signed-in AU planner would get.
const session = {
  username: 'bench',
  name: 'Bench',
  roles: ['planner'],
  agency: 'AU',
  agencies: ['AU', 'ID', 'TH', 'MY', 'SG'].map((id) => ({ id, name: id, role: 'participant', timeZone: 'Australia/Darwin' })),
};
const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

export interface GanttPageServer extends AsyncDisposable {
  readonly url: string;
}

/** Builds the page (unminified when profiling, so the profile names vis-timeline's functions) and serves it on `port` (0: any). */
export async function serveGanttPage(port: number, { minify = true }: { readonly minify?: boolean } = {}): Promise<GanttPageServer> {
  const out = await mkdtemp(join(tmpdir(), 'concord-gantt-'));
  await build({ configFile: join(webRoot, 'vite.config.ts'), logLevel: 'warn', build: { outDir: out, emptyOutDir: true, minify, rolldownOptions: { input: join(webRoot, 'bench', 'gantt-page.html') } } });
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
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/bench/gantt-page.html`,
    async [Symbol.asyncDispose]() {
      await new Promise((resolve) => server.close(resolve));
      await rm(out, { recursive: true, force: true });
    },
  };
}

interface GanttPageGlobals {
  drawGantt: (count: number) => Promise<number>;
  addGanttEntries: (count: number) => Promise<number>;
}

/** Loads the page afresh, as someone opening the Timeline view, until it is ready to draw. */
export async function openGanttPage(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() => 'drawGantt' in globalThis);
}

/** Draws a fresh Gantt of `count` entries: the milliseconds until the frame that paints them all. */
export function drawGantt(page: Page, count: number): Promise<number> {
  return page.evaluate((n) => (globalThis as unknown as GanttPageGlobals).drawGantt(n), count);
}

/** Adds `count` live entries to the Gantt drawn: the milliseconds until the frame that paints them. */
export function addGanttEntries(page: Page, count: number): Promise<number> {
  return page.evaluate((n) => (globalThis as unknown as GanttPageGlobals).addGanttEntries(n), count);
}
