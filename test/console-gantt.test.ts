/**
 * The console's Gantt under a full operation, in a real browser: the real component in its own page
 * (test/gantt-page.ts), 1,000 entries of five agencies. vis-timeline measures each bar it adds to a row
 * already on the page, one forced layout per bar; the Gantt hands its bars over so they are measured
 * together, and on a live entry passes on only what changed. Layouts are counted by Chromium itself.
 */
import type { Browser, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeWorkerPort } from '@concord/testkit';
import { launchBrowser } from './console-browser.js';
import { addGanttEntries, drawGantt, openGanttPage, serveGanttPage, type GanttPageServer } from './gantt-page.js';

const entries = 1_000;

interface Box {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

describe('the Gantt of a 1,000-entry operation', { timeout: 60_000 }, () => {
  let served: GanttPageServer;
  let browser: Browser;
  let page: Page;
  let cdp: CDPSession;
  const pageErrors: string[] = [];

  /** Chromium's count of layouts the page has done so far. */
  const layouts = async () => (await cdp.send('Performance.getMetrics')).metrics.find((metric) => metric.name === 'LayoutCount')!.value;

  beforeAll(async () => {
    served = await serveGanttPage(await freeWorkerPort());
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await served?.[Symbol.asyncDispose]();
  });

  it('draws every entry with the bars measured together: a few dozen layouts, not one per entry', async () => {
    await openGanttPage(page, served.url);
    const before = await layouts();
    await drawGantt(page, entries);
    expect((await layouts()) - before).toBeLessThan(100);
    expect(await page.locator('.gantt .vis-item.vis-range').count()).toBe(entries);
    expect(await page.locator('.gantt .vis-group').count()).toBeGreaterThanOrEqual(5);
    // One in fifty entries is named by a deconfliction notice: marked by class and in its text.
    const conflicting = page.locator('.gantt .vis-item.entry-conflict');
    expect(await conflicting.count()).toBe(entries / 50);
    for (const text of await conflicting.allTextContents()) expect(text).toMatch(/^⚠ /);
  });

  it('stacks every bar of an agency row clear of the others, each as tall as its text', async () => {
    // Each row's bars as drawn (the page's DOM types are not this file's, so the script is a string).
    const rows = await page.evaluate<Box[][]>(`[...document.querySelectorAll('.gantt .vis-foreground .vis-group')].map((group) =>
      [...group.querySelectorAll('.vis-item.vis-range')].map((bar) => {
        const { left, right, top, bottom } = bar.getBoundingClientRect();
        return { left, right, top, bottom };
      }))`);
    expect(rows.flat()).toHaveLength(entries);
    for (const bars of rows) {
      for (const bar of bars) expect(bar.bottom - bar.top).toBeGreaterThan(10);
      const overlapping = bars.flatMap((a, i) => bars.slice(i + 1).filter((b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom));
      expect(overlapping).toEqual([]);
    }
  });

  it("takes a live entry without rewriting a bar of the other agencies' rows", async () => {
    // Every bar whose DOM changes from here on, as its entry id and its row's place.
    await page.evaluate(`window.barOf = (node) => {
        const bar = node.closest('.vis-item');
        const row = bar?.closest('.vis-group');
        return bar && row ? [...bar.classList].find((name) => name.startsWith('entry-') && name.includes('-', 6)) + ' in row ' + [...row.parentElement.children].indexOf(row) : undefined;
      };
      window.touchedBars = new Set();
      new MutationObserver((records) => {
        for (const record of records) {
          const touched = window.barOf(record.target.nodeType === 1 ? record.target : record.target.parentElement);
          if (touched) window.touchedBars.add(touched);
        }
      }).observe(document.querySelector('.gantt'), { subtree: true, attributes: true, childList: true, characterData: true });`);
    await addGanttEntries(page, 1);
    const added = await page.evaluate<string>("window.barOf(document.querySelector('.gantt .entry-live1-0'))");
    const row = added.split(' in ')[1]!;
    const touched = await page.evaluate<string[]>('[...window.touchedBars]');
    expect(touched).toContain(added);
    expect(touched.filter((bar) => !bar.endsWith(` in ${row}`))).toEqual([]);
    expect(await page.locator('.gantt .vis-item.vis-range').count()).toBe(entries + 1);
    expect(pageErrors).toEqual([]);
  });

  it('takes a batch of entries into rows already drawn (a backlog, a reconnect) with the bars measured together', async () => {
    const before = await layouts();
    await addGanttEntries(page, 500);
    expect((await layouts()) - before).toBeLessThan(100);
    expect(await page.locator('.gantt .vis-item.vis-range').count()).toBe(entries + 501);
    expect(await page.locator('.gantt .vis-group').count()).toBeGreaterThanOrEqual(5);
    expect(pageErrors).toEqual([]);
  });
});
