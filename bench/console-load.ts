/**
 * The console's weight and first load: the gzipped size of the built web app (all of it, and what the
 * first page needs), and how long a signed-in browser takes on loopback from navigation to a rendered
 * Operations view, over a cold cache each time. Run: npx tsx bench/console-load.ts
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { TestFederation } from '@concord/testkit';
import { ensureWebBuilt, launchBrowser, signIn } from '../test/console-browser.js';

const dist = join(import.meta.dirname, '..', 'services', 'console', 'web', 'dist');
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

async function run(): Promise<void> {
  await ensureWebBuilt();
  const assets = readdirSync(join(dist, 'assets')).map((name) => ({ name, gzipped: gzipSync(readFileSync(join(dist, 'assets', name))).length }));
  const total = assets.reduce((sum, asset) => sum + asset.gzipped, 0);
  const federation = await TestFederation.start({ agencies: ['AU', 'ID'] });
  const browser = await launchBrowser();
  try {
    const url = await federation.startConsole('AU');
    const person = await signIn(browser, url, await federation.adminCredentials('AU'));
    const loaded: string[] = [];
    person.page.on('response', (response) => {
      if (response.url().includes('/assets/')) loaded.push(response.url().split('/assets/')[1]!);
    });
    /**
     * Seven loads with the cache cleared before each, sorted: from the start of `load` to the moment it
     * answers, or to the time it names (ms since the epoch) when it names one.
     */
    const coldLoads = async (load: () => Promise<number | void>) => {
      const times: number[] = [];
      for (let i = 0; i < 7; i++) {
        loaded.length = 0;
        const cdp = await person.context.newCDPSession(person.page);
        await cdp.send('Network.clearBrowserCache');
        const started = Date.now();
        const ended = await load();
        times.push((ended ?? Date.now()) - started);
      }
      return times.sort((a, b) => a - b);
    };
    // The baseline, in the same run: a small JSON answer of the same console over the same TLS, no app at all.
    const baseline = await coldLoads(async () => {
      await person.page.goto(`${url}/auth/session`);
    });
    // The page itself notes when the create form appears: Playwright's own wait sees it up to 500 ms late,
    // since the console's content policy forbids the in-page polling it would otherwise use.
    const form = 'form[aria-labelledby=create-operation-heading]';
    await person.page.addInitScript(`new MutationObserver((_, observer) => {
      if (document.querySelector(${JSON.stringify(form)})) { window.__firstPageAt = performance.timeOrigin + performance.now(); observer.disconnect(); }
    }).observe(document, { childList: true, subtree: true });`);
    const times = await coldLoads(async () => {
      await person.page.goto(`${url}/operations`);
      await person.page.locator(form).waitFor();
      return Number(await person.page.evaluate('window.__firstPageAt'));
    });
    const firstPage = assets.filter((asset) => loaded.includes(asset.name)).reduce((sum, asset) => sum + asset.gzipped, 0);
    console.log(`bundle, gzipped: ${kib(total)} in all (${assets.length} files); the first page loads ${kib(firstPage)}`);
    for (const asset of assets.sort((a, b) => b.gzipped - a.gzipped)) console.log(`  ${asset.name}: ${kib(asset.gzipped)}`);
    console.log(`baseline, /auth/session (no app), cold cache, loopback: median ${baseline[3]!.toFixed(0)} ms (min ${baseline[0]!.toFixed(0)}, max ${baseline[6]!.toFixed(0)}) over 7`);
    console.log(`first load of /operations (navigation to the create form in the page), cold cache, signed in, loopback: median ${times[3]!.toFixed(0)} ms (min ${times[0]!.toFixed(0)}, max ${times[6]!.toFixed(0)}) over 7`);
  } finally {
    await browser.close();
    await federation.stop();
  }
}

run().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
