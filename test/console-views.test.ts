/**
 * The console's views in a real browser: every view's tests against one federation (AU, ID, TH) with
 * a console per agency, and one Chromium. Starting those is most of what a browser test file costs,
 * so the views share them; each view's tests live in a module of their own and run in this order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertsViewInABrowser } from './console-alerts-view.js';
import { consoleAgencies, startConsoleFederation, type ConsoleFederation, type ConsoleAgency } from './console-browser.js';
import { debriefViewInABrowser } from './console-debrief-view.js';
import { consoleInABrowser } from './console-web-views.js';

let shared: ConsoleFederation<ConsoleAgency> | undefined;
const started = () => {
  if (!shared) throw new Error('the shared console federation did not start');
  return shared;
};

beforeAll(async () => {
  shared = await startConsoleFederation(consoleAgencies);
}, 120_000);
afterAll(() => shared?.stop(), 30_000);

describe('the shared console federation', () => {
  it('serves each agency its own console over HTTPS, the sign-in page first for a stranger', async () => {
    const { consoles, browser } = started();
    expect(Object.keys(consoles).sort()).toEqual([...consoleAgencies].sort());
    expect(new Set(Object.values(consoles)).size).toBe(consoleAgencies.length);
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    try {
      for (const agency of consoleAgencies) {
        expect(consoles[agency]).toMatch(/^https:\/\//);
        const page = await context.newPage();
        const response = await page.goto(`${consoles[agency]}/operations`);
        expect(response?.ok()).toBe(true);
        await page.locator('input[type=password]').waitFor();
        await page.close();
      }
    } finally {
      await context.close();
    }
  });
});

// The planning views first: they look operations up by name, and the others add operations of their own.
consoleInABrowser(started);
// Last of its tests: it leaves TH without its intel service, which the debrief does not need.
alertsViewInABrowser(started);
debriefViewInABrowser(started);
