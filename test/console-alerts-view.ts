/**
 * The console's Alerts view in a real browser against the shared federation (AU, ID, TH): an AMBER alert
 * composed in ID's console reaches AU's open inbox with its TLP banner, AU acknowledges and ID sees the
 * receipt; feedback and a forwarding request go back to ID, whose approval puts the alert in TH's inbox;
 * a revocation empties the open inboxes without a reload; a refused field shows beside that field; a
 * viewer is told alerts are for analysts; a lost stream shows a banner and is opened again. A
 * screenshot of AU's inbox goes to test/artifacts/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, seriousViolations, type ConsoleAgency, type ConsoleFederation, type Person, type SharedConsoles } from './console-browser.js';
const title = 'KM Bintang Laut expected off Ashmore Reef';

/** Marks the page so a check afterwards can tell it was never reloaded. */
const markPage = (page: Page) => page.evaluate('window.__concordUnreloaded = true');
const stillUnreloaded = (page: Page) => page.evaluate<boolean>('window.__concordUnreloaded === true');

// Signing four people in through the provider's page takes most of the time on a busy machine.
export const alertsViewInABrowser = (shared: SharedConsoles) => describe('the Alerts view in a browser', { timeout: 120_000 }, () => {
  let setup: ConsoleFederation<ConsoleAgency>;
  let au: Person;
  let id: Person;
  let th: Person;
  let viewer: Person;
  let alertId = '';
  const card = (who: Person) => who.page.locator(`article.alert[data-alert="${alertId}"]`);

  beforeAll(async () => {
    setup = shared();
    // Not vera: the views' tests share TH's people, and vera is the viewer of the planning views.
    const viewing = setup.federation.addPerson('TH', 'vic', ['viewer']).then((credentials) => setup.person('TH', '/alerts', { credentials, locale: 'th' }));
    [au, id, th, viewer] = await Promise.all([setup.person('AU', '/alerts'), setup.person('ID', '/alerts'), setup.person('TH', '/alerts'), viewing]);
  }, 120_000);

  afterAll(() => setup?.closePeople(), 30_000);

  it('shows an AMBER alert from ID in AU\'s open inbox with its banner; AU acknowledges and ID sees the receipt', async () => {
    await markPage(au.page);
    const compose = id.page.locator('form[aria-labelledby=compose-alert-heading]');
    await compose.getByLabel('Kind').selectOption({ label: 'Vessel of interest' });
    await compose.getByLabel('Title').fill(title);
    await compose.getByLabel('TLP label').selectOption({ index: 2 });
    await compose.locator('input[name=release-to][value=AU]').check();
    await compose.getByLabel('Vessel name').fill('KM Bintang Laut');
    await compose.getByLabel('IMO number').fill('9074729');
    await compose.getByLabel('Place (UN/LOCODE)').fill('IDKOE');
    await compose.getByLabel('Source reliability').selectOption({ index: 1 });
    await compose.getByLabel('Information credibility').selectOption({ index: 1 });
    await compose.getByLabel('Body').fill('About thirty passengers boarded at night');
    await compose.getByRole('button', { name: 'Sign, seal and publish' }).click();
    const published = id.page.locator('section.alerts-published article.alert');
    await published.waitFor();
    alertId = (await published.getAttribute('data-alert'))!;

    const inbox = card(au);
    await inbox.waitFor({ timeout: 10_000 });
    await inbox.getByRole('heading', { name: title }).waitFor();
    const banner = inbox.locator('.tlp');
    await expect.poll(() => banner.locator('.tlp-label').textContent()).toBe('TLP:AMBER');
    const colours = await au.page.evaluate<{ label: string; background: string }>(`(() => {
      const banner = document.querySelector('article[data-alert="${alertId}"] .tlp');
      return { label: getComputedStyle(banner.querySelector('.tlp-label')).color, background: getComputedStyle(banner).backgroundColor };
    })()`);
    expect(colours).toEqual({ label: 'rgb(255, 192, 0)', background: 'rgb(0, 0, 0)' });
    expect(await inbox.locator('.expiry').textContent()).toMatch(/^Expires in 29 days, 23 hours$/);

    await inbox.getByRole('button', { name: `Read ${title} (recorded in the audit log)` }).click();
    await inbox.getByText('B2: source usually reliable; information probably true').waitFor();
    await inbox.getByText('9074729').waitFor();
    await inbox.getByRole('button', { name: `Acknowledge ${title}` }).click();
    await inbox.getByText('Acknowledged', { exact: true }).waitFor();
    await expect.poll(() => card(id).locator('li[data-recipient=AU]').textContent(), { timeout: 10_000 }).toMatch(/^AU: acknowledged /);

    expect(await seriousViolations(au.page)).toEqual([]);
    await screenshot(au.page, 'alerts-AU');
    expect(await stillUnreloaded(au.page)).toBe(true);
  });

  it('sends AU\'s feedback and forwarding request to ID, whose approval puts the alert in TH\'s open inbox', async () => {
    const inbox = card(au);
    await inbox.getByText('Report a sighting or outcome').click();
    await inbox.getByText('Ask to forward to another agency').click();
    const feedback = inbox.locator('form', { has: au.page.getByRole('button', { name: 'Send feedback' }) });
    await feedback.getByLabel('Place (UN/LOCODE)').fill('AUDRW');
    await feedback.getByLabel('Note').fill('at anchor');
    await feedback.getByRole('button', { name: 'Send feedback' }).click();
    await card(id).getByText(/^AU: Seen, .*AUDRW at anchor$/).waitFor({ timeout: 10_000 });

    const forward = inbox.locator('form', { has: au.page.getByRole('button', { name: 'Ask the originator' }) });
    await forward.getByLabel('To agency').selectOption('TH');
    await forward.getByLabel('Reason').fill('may call at Songkhla');
    await forward.getByRole('button', { name: 'Ask the originator' }).click();
    await card(id).getByRole('button', { name: 'Approve forwarding to TH' }).click({ timeout: 10_000 });
    await card(th).getByRole('heading', { name: title }).waitFor({ timeout: 10_000 });
    await card(au).locator('li[data-forward=TH]').getByText(/\(approved\)$/).waitFor({ timeout: 10_000 });
  });

  it('removes a revoked alert from every open inbox without a reload', async () => {
    await Promise.all([markPage(au.page), markPage(th.page)]);
    await card(id).getByText('Revoke this alert').click();
    const revoke = card(id).locator('form[aria-label="Revoke this alert"]');
    await revoke.getByLabel('Reason for revoking').fill('source withdrawn');
    await revoke.getByRole('button', { name: 'Revoke every copy' }).click();
    for (const who of [au, th, id]) await expect.poll(() => card(who).count(), { timeout: 10_000 }).toBe(0);
    await au.page.getByText('No alert from another agency yet.').waitFor();
    expect([await stillUnreloaded(au.page), await stillUnreloaded(th.page)]).toEqual([true, true]);
  });

  it('shows a field the intel service refuses beside that field, keeping what was typed', async () => {
    const compose = id.page.locator('form[aria-labelledby=compose-alert-heading]');
    await compose.getByLabel('Title').fill('Bad number');
    await compose.locator('input[name=release-to][value=TH]').check();
    await compose.getByLabel('IMO number').fill('9074728');
    await compose.getByRole('button', { name: 'Sign, seal and publish' }).click();
    const imo = compose.locator('.field', { has: id.page.getByLabel('IMO number') });
    await expect.poll(() => imo.locator('.field-error').textContent()).toBe('must be a valid IMO number (7 digits with its check digit)');
    expect(await compose.getByLabel('IMO number').inputValue()).toBe('9074728');
    expect(await compose.getByLabel('Title').inputValue()).toBe('Bad number');
    expect(await compose.locator('input[name=release-to][value=TH]').isChecked()).toBe(true);
    expect(await id.page.locator('section.alerts-published article.alert').count()).toBe(0);
    // The refused call's 400 is the browser's own line, not the console's error.
    expect(id.errors).toEqual(['Failed to load resource: the server responded with a status of 400 (Bad Request)']);
    id.errors.length = 0;
  });

  it('tells a viewer alerts are for analysts, shows no button, and has no missing message in Thai', async () => {
    await viewer.page.getByText('การแจ้งเตือนมีไว้สำหรับนักวิเคราะห์').waitFor();
    expect(await viewer.page.locator('main button').count()).toBe(0);
    for (const p of [au, id, th, viewer]) expect(p.errors).toEqual([]);
  });

  // Last: it leaves TH without its intel service.
  it('tells an open inbox its live stream is lost, and keeps trying', async () => {
    await setup.federation.stopService('TH', 'intel');
    await th.page.getByRole('status').getByText('Connection lost: reconnecting, then showing the alerts as they stand.').waitFor({ timeout: 10_000 });
    await th.page.waitForRequest((request) => request.url().endsWith('/rpc/concord.v1.IntelService/WatchAlerts'), { timeout: 10_000 });
  });
});
