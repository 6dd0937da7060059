/**
 * The console in a real browser against the shared federation (AU, ID, TH): the README's planning
 * walk-through across three agencies' consoles, live timeline updates, closing an operation, the
 * federation view, an ended session and a lost console, and every route of the navigation in every
 * language for an admin and a viewer (no console error, no missing message, no serious accessibility
 * violation). Screenshots of every view go to test/artifacts/. People signed in once are reused.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MilestoneKind } from '@concord/contracts/planning';
import type { Credentials, TestFederation } from '@concord/testkit';
import { chooseLocale, consoleSessionId, navigationRoutes, openRoute, screenshot, seriousViolations, switchLanguage, type ConsoleAgency, type ConsoleFederation, type Person, type SharedConsoles } from './console-browser.js';
import { createOperation, planning } from './planning-helpers.js';

type Agency = ConsoleAgency;
const locales = ['en', 'id', 'th'] as const;

// Each test signs people in through the provider's page and drives up to three consoles: minutes on a busy machine.
export const consoleInABrowser = (shared: SharedConsoles) => describe('the console in a browser', { timeout: 120_000 }, () => {
  let setup: ConsoleFederation<Agency>;
  let federation: TestFederation;
  let browser: Browser;
  let consoles: Readonly<Record<Agency, string>>;
  let admins: Readonly<Record<Agency, Credentials>>;
  let people: readonly Person[];
  let operationId = '';
  // Signed in once in the walk-through, then reused: each sign-in through the provider costs a second or two.
  let au: Person;
  let idTimeline: Person;

  const person = (agency: Agency, path?: string, locale?: string, credentials?: Credentials) => setup.person(agency, path, { credentials, locale });

  beforeAll(() => {
    setup = shared();
    ({ federation, browser, consoles, admins, people } = setup);
  });
  afterAll(() => setup.closePeople(), 30_000);

  it('walks through planning: AU creates, ID and TH accept in their own consoles, TH releases an action, and ID sees it live within 2 s', async () => {
    au = await person('AU');
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
          return accept.waitFor({ timeout: 5_000 }).then(() => true, () => false);
        }, { timeout: 30_000 })
        .toBe(true);
      await accept.click();
      await answering.page.locator(`tr[data-operation="${operationId}"] td`).last().getByText('Accepted').waitFor();
    }

    idTimeline = people.at(-1)!;
    await idTimeline.page.goto(`${consoles.ID}/timeline?op=${operationId}`);
    await idTimeline.page.locator('.gantt .vis-timeline').waitFor();
    // The viewer zooms out; a live entry must leave the window where the viewer put it.
    const axis = () => idTimeline.page.locator('.gantt .vis-time-axis .vis-text').allTextContents();
    const periodAxis = await axis();
    const gantt = (await idTimeline.page.locator('.gantt .vis-center').boundingBox())!;
    await idTimeline.page.mouse.move(gantt.x + gantt.width / 2, gantt.y + 10);
    await idTimeline.page.keyboard.down('Control');
    await idTimeline.page.mouse.wheel(0, 400);
    await idTimeline.page.keyboard.up('Control');
    await expect.poll(axis).not.toEqual(periodAxis);
    const zoomedAxis = await axis();

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
    expect(await axis()).toEqual(zoomedAxis);
    await screenshot(idTimeline.page, 'timeline-ID');
    await screenshot(au.page, 'operations-AU');
    for (const p of people) expect(p.errors).toEqual([]);
  });

  it('shows a field the server refuses beside that field, keeping what was typed', async () => {
    await au.page.goto(`${consoles.AU}/operations`);
    const form = au.page.locator('form[aria-labelledby=create-operation-heading]');
    await form.getByLabel('Name').fill('Too small');
    await form.locator('input[name=participants][value=ID]').check();
    await form.getByLabel('Start').fill('2020-03-01T00:00');
    await form.getByLabel('End').fill('2020-04-01T00:00');
    await form.getByRole('button', { name: 'Create and propose' }).click();
    await expect.poll(async () => (await form.locator('.field-invalid .field-error').allTextContents()).join('\n')).toContain('must lie in the future');
    await expect(form.getByLabel('Name').inputValue()).resolves.toBe('Too small');
    await expect(form.getByLabel('End').inputValue()).resolves.toBe('2020-04-01T00:00');
    // The refused call's 400 is what this test asked for.
    expect(au.errors).toEqual([expect.stringContaining('400')]);
    au.errors.length = 0;
  });

  it('lets a co-chair cancel an operation from the page after confirming, and offers no closing to a participant that does not chair it', async () => {
    const reefWatch = await createOperation(federation, 'AU', ['ID'], 'Reef Watch');
    await au.page.goto(`${consoles.AU}/operations`);
    const row = au.page.locator(`tr[data-operation="${reefWatch.id}"]`);
    await row.getByRole('button', { name: 'Cancel Reef Watch…' }).click();
    const confirmation = row.getByRole('form', { name: /^Cancel Reef Watch\?/ });
    await confirmation.getByRole('button', { name: 'Keep it' }).click();
    await confirmation.waitFor({ state: 'detached' });
    await row.getByRole('button', { name: 'Cancel Reef Watch…' }).click();
    await confirmation.getByLabel(/^Reason/).fill('Weather: the vessels stay in port');
    await confirmation.getByRole('button', { name: 'Yes, cancel it' }).click();
    await row.locator('.status-cancelled').waitFor();
    expect(await row.getByRole('button', { name: /^(Cancel|Conclude) / }).count()).toBe(0);
    // ID takes part in Coral Tide as a planner's agency, but AU alone chairs it: no closing there.
    await idTimeline.page.goto(`${consoles.ID}/operations`);
    const coralAtId = idTimeline.page.locator(`tr[data-operation="${operationId}"]`);
    await coralAtId.waitFor();
    expect(await coralAtId.getByRole('button', { name: /^(Cancel|Conclude) / }).count()).toBe(0);
    expect(au.errors).toEqual([]);
  });

  it("shows the federation's agencies, the agency's people to an admin, and its link health per peer from the metrics endpoint", async () => {
    await au.page.goto(`${consoles.AU}/federation`);
    const agencies = au.page.locator('table.agencies tbody tr');
    await agencies.first().waitFor();
    expect(await agencies.allTextContents()).toEqual([
      expect.stringMatching(/^AU.*Participant.*Australia\/Sydney$/),
      expect.stringMatching(/^ID.*Participant.*Asia\/Jakarta$/),
      expect.stringMatching(/^TH.*Participant.*Asia\/Bangkok$/),
    ]);
    await au.page.locator('table.people tr[data-person=admin]').getByText('admin, ').waitFor();
    for (const peer of ['ID', 'TH']) await au.page.locator(`table.links tr[data-peer=${peer}] td`).first().getByText('Yes').waitFor();
    await screenshot(au.page, 'federation-AU');
    expect(au.errors).toEqual([]);
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

  it('sends a person whose session ended to sign in and back to the same page, query and fragment included', async () => {
    const here = `${consoles.AU}/timeline?op=${operationId}#timeline-heading`;
    await au.page.goto(here);
    await au.page.locator('.gantt .vis-item.entry-action').waitFor();
    federation.console('AU').sessions.delete(await consoleSessionId(au.context));
    // Coming back to the tab checks the session; the provider still knows the person, or asks again.
    await au.page.evaluate("window.dispatchEvent(new Event('focus'))");
    const askedAgain = await au.page
      .locator('#username')
      .waitFor({ timeout: 5_000 })
      .then(() => true, () => false);
    if (askedAgain) {
      await au.page.locator('#username').fill(admins.AU.username);
      await au.page.locator('#password').fill(admins.AU.password);
      await au.page.locator('button[type=submit]').first().click();
    }
    await au.page.waitForURL(here);
    await au.page.locator('.gantt .vis-item.entry-action').waitFor();
    expect(new URL(au.page.url()).hash).toBe('#timeline-heading');
    expect(au.errors.filter((error) => !/401|Unauthorized/.test(error))).toEqual([]);
    au.errors.length = 0;
  });

  it('shows a banner while the console is gone and, back, resumes the live timeline from its cursor: every entry released meanwhile once', async () => {
    const page = idTimeline.page;
    await page.goto(`${consoles.ID}/timeline?op=${operationId}`);
    const rows = page.locator('table.entries tbody tr');
    await page.locator('.gantt .vis-item.entry-action').waitFor();
    const before = await rows.count();
    const banner = page.getByRole('status').filter({ hasText: 'Connection lost' });
    const milestone = (title: string, day: number) =>
      planning(federation, 'AU', 'scheduleMilestone', { operationId, milestoneId: '', kind: MilestoneKind.MILESTONE_KIND_OTHER, title, window: { start: new Date(Date.UTC(2027, 2, day)), end: new Date(Date.UTC(2027, 2, day, 2)) }, location: 'Jakarta' });

    await federation.stopConsole('ID');
    await banner.waitFor();
    for (const day of [10, 11, 12]) await milestone(`While away ${day}`, day);
    await federation.startConsole('ID');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(before + 3);
    await banner.waitFor({ state: 'detached' });
    await milestone('Back again', 13);
    await expect.poll(() => rows.count(), { timeout: 5_000 }).toBe(before + 4);
    const eventIds = await Promise.all((await rows.all()).map((row) => row.getAttribute('data-event')));
    expect(new Set(eventIds).size).toBe(eventIds.length);
    expect((await page.locator('.gantt .vis-item.entry-milestone').allTextContents()).filter((text) => /While away|Back again/.test(text)).sort()).toEqual(['◆ Back again', '◆ While away 10', '◆ While away 11', '◆ While away 12']);
    // What the page logged while its console was down (failed fetches) is the outage, not a fault.
    idTimeline.errors.length = 0;
  });

  it("keeps the operation's rows when refreshing it fails, says so, and refreshes once the console answers again", async () => {
    const page = idTimeline.page;
    await page.goto(`${consoles.ID}/timeline?op=${operationId}`);
    await page.locator('.gantt .vis-item.entry-action').waitFor();
    const rowLabels = () => page.locator('.gantt .vis-labelset .vis-label').allTextContents();
    await expect.poll(rowLabels).toEqual(expect.arrayContaining([expect.stringContaining('AU'), expect.stringContaining('ID'), expect.stringContaining('TH')]));
    const rows = await rowLabels();
    const stale = page.getByRole('status').filter({ hasText: 'could not be loaded' });
    const rename = (name: string) => planning(federation, 'AU', 'changeOperation', { operationId, name, period: undefined, participants: undefined, supporters: undefined, coChairs: undefined });

    // A renamed operation is fetched again; the console answers 503 as if it were being restarted.
    let refused = 0;
    await page.route('**/GetOperation', (route) => (refused++, route.fulfill({ status: 503, body: 'restarting' })));
    await rename('Coral Tide (renamed)');
    await stale.waitFor({ timeout: 10_000 });
    expect(await rowLabels()).toEqual(rows);
    await page.unroute('**/GetOperation');
    await stale.waitFor({ state: 'detached', timeout: 15_000 });
    expect(refused).toBeGreaterThanOrEqual(1);
    expect(await rowLabels()).toEqual(rows);
    await rename('Coral Tide');
    // The refused fetches are logged by the page: the test's own doing.
    idTimeline.errors.length = 0;
  });

  it.each([
    ['an admin', 'AU'],
    ['a viewer', 'TH'],
  ] as const)('renders every route of the navigation for %s in every language: no console error, no missing message, no serious accessibility violation', async (who, agency) => {
    const visitor = who === 'an admin' ? au : await person(agency, '/operations', undefined, await federation.addPerson(agency, 'vera', ['viewer']));
    const routes = await navigationRoutes(visitor.page);
    expect(routes).toEqual(expect.arrayContaining(['/operations', '/actions', '/timeline', '/federation']));
    for (const locale of locales) {
      await switchLanguage(visitor.page, locale);
      for (const route of routes) {
        await openRoute(visitor.page, `${route}?op=${operationId}`);
        // The timeline keeps its live stream open, so the network never idles there: wait for its entries.
        if (route === '/timeline') await visitor.page.locator('.gantt .vis-item.entry-action').waitFor();
        else await visitor.page.waitForLoadState('networkidle');
        expect(await visitor.page.locator('html').getAttribute('lang')).toBe(locale);
        if (locale === 'en') expect(await seriousViolations(visitor.page), `${who} ${route}`).toEqual([]);
        // A viewer is shown no button the server would refuse.
        if (who === 'a viewer') expect(await visitor.page.locator('main button').count(), route).toBe(0);
        if (who === 'an admin' || locale === 'en') await screenshot(visitor.page, `${route.slice(1)}-${agency}-${locale}${who === 'a viewer' ? '-viewer' : ''}`);
        expect(visitor.errors, `${who} ${route} in ${locale}`).toEqual([]);
      }
    }
    if (who === 'a viewer') {
      const forged = await visitor.page.evaluate(async () => {
        const response = await fetch('/rpc/concord.v1.PlanningService/CreateOperation', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Forged' }) });
        return { status: response.status, body: (await response.json()) as { code: string } };
      });
      expect(forged).toMatchObject({ status: 403, body: { code: 'permission_denied' } });
      await switchLanguage(visitor.page, 'en');
      await openRoute(visitor.page, '/federation');
      await visitor.page.getByText('Only administrators see').waitFor();
    }
  });

  it('lets the co-chair conclude an agreed operation from the page', async () => {
    await switchLanguage(au.page, 'en');
    await au.page.goto(`${consoles.AU}/operations`);
    const row = au.page.locator(`tr[data-operation="${operationId}"]`);
    await row.getByRole('button', { name: 'Conclude Coral Tide…' }).click();
    await row.getByRole('button', { name: 'Yes, conclude it' }).click();
    await row.locator('.status-concluded').waitFor();
    expect(au.errors).toEqual([]);
  });
});
