/**
 * The console in a real browser against a real federation (AU, ID, TH): the README's planning
 * walk-through across three agencies' consoles, live timeline updates, the languages, what a viewer
 * is shown, and accessibility. Screenshots of every view go to test/artifacts/.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestFederation, type Credentials } from '@concord/testkit';
import { chooseLocale, ensureWebBuilt, launchBrowser, screenshot, seriousViolations, signIn, type Person } from './console-browser.js';

const agencies = ['AU', 'ID', 'TH'] as const;
type Agency = (typeof agencies)[number];
const views = ['/operations', '/actions', '/timeline'] as const;

// Each test signs people in through the provider's page and drives up to three consoles: minutes on a busy machine.
describe('the console in a browser', { timeout: 120_000 }, () => {
  let federation: TestFederation;
  let browser: Browser;
  const consoles = {} as Record<Agency, string>;
  const admins = {} as Record<Agency, Credentials>;
  const people: Person[] = [];
  let operationId = '';

  const person = async (agency: Agency, path?: string, locale?: string, credentials: Credentials = admins[agency]) => {
    const signedIn = await signIn(browser, consoles[agency], credentials, path, locale);
    people.push(signedIn);
    return signedIn;
  };

  beforeAll(async () => {
    await ensureWebBuilt();
    [federation, browser] = await Promise.all([TestFederation.start({ agencies: [...agencies] }), launchBrowser()]);
    for (const agency of agencies) {
      consoles[agency] = await federation.startConsole(agency);
      admins[agency] = await federation.adminCredentials(agency);
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled(people.map((p) => p.context.close()));
    await browser?.close();
    await federation?.stop();
  }, 30_000);

  it('walks through planning: AU creates, ID and TH accept in their own consoles, TH releases an action, and ID sees it live within 2 s', async () => {
    const au = await person('AU');
    const form = au.page.locator('form[aria-labelledby=create-operation-heading]');
    await form.getByLabel('Name').fill('Coral Tide');
    await form.locator('input[name=participants][value=ID]').check();
    await form.locator('input[name=participants][value=TH]').check();
    await form.getByLabel('Start').fill('2027-03-01T00:00');
    await form.getByLabel('End').fill('2027-04-01T00:00');
    await form.getByRole('button', { name: 'Create and propose' }).click();
    const row = au.page.locator('tr', { hasText: 'Coral Tide' });
    await row.waitFor();
    operationId = (await row.getAttribute('data-operation'))!;
    expect(operationId).not.toBe('');

    const th = await person('TH');
    for (const answering of [th, await person('ID')]) {
      const accept = answering.page.locator(`tr[data-operation="${operationId}"]`).getByRole('button', { name: 'Accept Coral Tide' });
      // The proposal reaches the other agencies through the hub: look again until it is there.
      await expect
        .poll(async () => {
          await answering.page.reload();
          return accept.waitFor({ timeout: 2_000 }).then(() => true, () => false);
        }, { timeout: 15_000 })
        .toBe(true);
      await accept.click();
      await answering.page.locator(`tr[data-operation="${operationId}"] td`).last().getByText('Accepted').waitFor();
    }

    const idTimeline = people.at(-1)!;
    await idTimeline.page.goto(`${consoles.ID}/timeline?op=${operationId}`);
    await idTimeline.page.locator('.gantt .vis-timeline').waitFor();

    await th.page.goto(`${consoles.TH}/actions?op=${operationId}`);
    const plan = th.page.locator('form[aria-labelledby=plan-action-heading]');
    await plan.getByLabel('Start').fill('2027-03-05T00:00');
    await plan.getByLabel('End').fill('2027-03-08T00:00');
    await plan.getByLabel(/^Jurisdiction/).fill('TH');
    await plan.getByLabel('Lead unit').fill('Marine Police Division 1');
    await plan.getByLabel('Targets').fill('MV Example');
    await plan.getByRole('button', { name: 'Plan the action' }).click();
    const card = th.page.locator('article.action');
    await card.getByText('MV Example').waitFor();
    await card.getByText('private').first().waitFor();
    await screenshot(th.page, 'actions-TH');

    const released = Date.now();
    await card.getByRole('button', { name: 'Release to the shared timeline' }).click();
    await idTimeline.page.locator('.gantt .vis-item.entry-action').waitFor({ timeout: 2_000 });
    const elapsed = Date.now() - released;
    expect(elapsed).toBeLessThan(2_000);
    await expect.poll(() => idTimeline.page.locator('.gantt .vis-item.entry-action').textContent()).toContain('Vessel interdiction (TH)');
    await screenshot(idTimeline.page, 'timeline-ID');
    await screenshot(au.page, 'operations-AU');
    for (const p of people) expect(p.errors).toEqual([]);
  });

  it('shows a field the server refuses beside that field, keeping what was typed', async () => {
    const au = await person('AU');
    const form = au.page.locator('form[aria-labelledby=create-operation-heading]');
    await form.getByLabel('Name').fill('Too small');
    await form.locator('input[name=participants][value=ID]').check();
    await form.getByLabel('Start').fill('2020-03-01T00:00');
    await form.getByLabel('End').fill('2020-04-01T00:00');
    await form.getByRole('button', { name: 'Create and propose' }).click();
    await expect.poll(async () => (await form.locator('.field-invalid .field-error').allTextContents()).join('\n')).toContain('must lie in the future');
    await expect(form.getByLabel('Name').inputValue()).resolves.toBe('Too small');
    await expect(form.getByLabel('End').inputValue()).resolves.toBe('2020-04-01T00:00');
  });

  it.each(['id', 'th'] as const)('renders every view in %s with no missing message, and keeps the choice', async (locale) => {
    const viewer = await person('ID', '/operations', locale);
    expect(await viewer.page.locator('html').getAttribute('lang')).toBe(locale);
    for (const view of views) {
      await viewer.page.goto(`${consoles.ID}${view}?op=${operationId}`);
      await viewer.page.locator('main h1').waitFor();
      if (view === '/timeline') await viewer.page.locator('.gantt .vis-item.entry-action').waitFor();
      await screenshot(viewer.page, `${view.slice(1)}-ID-${locale}`);
    }
    const english = await viewer.page.locator('nav').textContent();
    expect(english).not.toContain('Operations');
    expect(viewer.errors).toEqual([]);
  });

  it('asks the provider for the page in the chosen language when it sends someone to sign in', async () => {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    try {
      await context.addInitScript(chooseLocale('th'));
      const page = await context.newPage();
      await page.goto(`${consoles.TH}/timeline`);
      await page.locator('#username').waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('th');
    } finally {
      await context.close();
    }
  });

  it('shows a viewer no button the server would refuse, and the server refuses a call forged from the page', async () => {
    const credentials = await federation.addPerson('TH', 'vera', ['viewer']);
    const viewer = await person('TH', '/operations', undefined, credentials);
    for (const view of views) {
      await viewer.page.goto(`${consoles.TH}${view}?op=${operationId}`);
      await viewer.page.locator('main h1').waitFor();
      if (view !== '/operations') await viewer.page.locator('main select#operation-picker').waitFor();
      // The timeline keeps its live stream open, so the network never idles there: wait for its entries.
      if (view === '/timeline') await viewer.page.locator('.gantt .vis-item.entry-action').waitFor();
      else await viewer.page.waitForLoadState('networkidle');
      expect(await viewer.page.locator('main button').count(), view).toBe(0);
    }
    const forged = await viewer.page.evaluate(async () => {
      const response = await fetch('/rpc/concord.v1.PlanningService/CreateOperation', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Forged' }) });
      return { status: response.status, body: (await response.json()) as { code: string } };
    });
    expect(forged).toMatchObject({ status: 403, body: { code: 'permission_denied' } });
  });

  it('has no serious or critical accessibility violation on any view', async () => {
    const au = await person('AU');
    for (const view of views) {
      await au.page.goto(`${consoles.AU}${view}?op=${operationId}`);
      await au.page.locator('main h1').waitFor();
      if (view === '/timeline') await au.page.locator('.gantt .vis-item.entry-action').waitFor();
      expect(await seriousViolations(au.page), view).toEqual([]);
      await screenshot(au.page, `${view.slice(1)}-AU`);
    }
  });
});
