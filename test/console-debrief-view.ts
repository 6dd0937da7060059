/**
 * The console's Debrief view and Requests and tasks board in a real browser against a real federation
 * (AU leads, ID takes part), in the shared federation: the lead opens the debrief, both enter outcomes in their own consoles, the
 * totals per country and overall are right on the page and in the downloaded CSV; the tasks board marks
 * an overdue request and moves an accepted one; a viewer sees both views with no button. Screenshots go
 * to test/artifacts/.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OperationStatus } from '@concord/contracts/planning';
import type { Credentials, TestFederation } from '@concord/testkit';
import { accept, createOperation, operationAt, planning } from './planning-helpers.js';
import { requestAssistance } from './tasking-helpers.js';
import { screenshot, seriousViolations, type ConsoleAgency, type ConsoleFederation, type Person, type SharedConsoles } from './console-browser.js';

type Agency = 'AU' | 'ID';

/**
 * Reloads the page until the locator shows up: what another agency did reaches this one through the hub.
 * Each look waits 5 s, as a reload on a loaded machine can take longer than 2 s by itself.
 */
async function reloadUntil(page: Page, selector: string, timeout = 60_000): Promise<void> {
  await expect
    .poll(async () => {
      await page.reload();
      return page.locator(selector).first().waitFor({ timeout: 5_000 }).then(() => true, () => false);
    }, { timeout })
    .toBe(true);
}

async function downloaded(page: Page, button: string): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  return { name: download.suggestedFilename(), text: await readFile(await download.path(), 'utf8') };
}

export const debriefViewInABrowser = (shared: SharedConsoles) => describe('the debrief and the tasks board in a browser', { timeout: 120_000 }, () => {
  let setup: ConsoleFederation<ConsoleAgency>;
  let federation: TestFederation;
  let consoles: Readonly<Record<Agency, string>>;
  let people: readonly Person[];
  let operationId = '';
  let overdueRequest = '';
  let laterRequest = '';

  const person = (agency: Agency, path: string, credentials?: Credentials, locale?: string) => setup.person(agency, path, { credentials, locale });
  // Each agency's admin signs in once for the whole file: a sign-in through the provider's page costs seconds.
  const adminsSignedIn = {} as Partial<Record<Agency, Person>>;
  const admin = async (agency: Agency, path: string) => {
    const signedIn = adminsSignedIn[agency];
    if (!signedIn) return (adminsSignedIn[agency] = await person(agency, path));
    await signedIn.page.goto(`${consoles[agency]}${path}`);
    await signedIn.page.locator('main h1').waitFor();
    return signedIn;
  };

  beforeAll(async () => {
    setup = shared();
    ({ federation, consoles, people } = setup);
    // Andaman Sea, agreed and concluded early by its lead so that its debrief may open now. (Coral Tide is the planning views' operation.)
    operationId = (await createOperation(federation, 'AU', ['ID'], 'Andaman Sea')).id;
    await operationAt(federation, 'ID', operationId);
    await accept(federation, 'ID', operationId, 1);
    await operationAt(federation, 'AU', operationId, (o) => expect(o.status).toBe(OperationStatus.OPERATION_STATUS_AGREED));
    await planning(federation, 'AU', 'concludeOperation', { operationId, reason: 'Concluded early for its debrief' });
    await operationAt(federation, 'AU', operationId, (o) => expect(o.status).toBe(OperationStatus.OPERATION_STATUS_CONCLUDED));
    // One request falls due within seconds and stays unanswered; the other is due next week.
    overdueRequest = (await requestAssistance(federation, 'AU', 'ID', { subject: 'Crew list of KM Bintang Laut', dueAt: new Date(Date.now() + 1_500) })).id;
    laterRequest = (await requestAssistance(federation, 'AU', 'ID', { subject: 'Passport A1234567' })).id;
  }, 90_000);

  afterAll(() => setup.closePeople(), 30_000);

  it('the debrief: the lead opens it, outcomes entered by two participants, totals right, a lesson on the board, the report downloaded', async () => {
    const au = await admin('AU', '/debrief');
    await au.page.getByRole('button', { name: 'Open the debrief of Andaman Sea' }).click();
    const auOutcomes = au.page.locator('form[aria-labelledby=outcomes-heading]');
    await auOutcomes.getByLabel('Arrests', { exact: true }).fill('4');
    await auOutcomes.getByLabel('Vessels intercepted').fill('1');
    await auOutcomes.getByRole('button', { name: 'Submit the outcomes' }).click();
    await expect.poll(() => au.page.locator('tr[data-category=arrests] td.total').textContent()).toBe('4');

    const id = await admin('ID', `/debrief?op=${operationId}`);
    await reloadUntil(id.page, 'form[aria-labelledby=outcomes-heading]');
    const idOutcomes = id.page.locator('form[aria-labelledby=outcomes-heading]');
    await idOutcomes.getByLabel('Arrests', { exact: true }).fill('3');
    await idOutcomes.getByLabel('Smuggled migrants assisted').fill('1200');
    await idOutcomes.getByRole('button', { name: 'Submit the outcomes' }).click();
    const lesson = id.page.locator('form[aria-labelledby=lesson-heading]');
    await lesson.getByLabel('Category').selectOption('information-sharing');
    await lesson.getByLabel('Observation: what happened').fill('Alerts reached port units late');
    await lesson.getByLabel('Lesson identified: what should change').fill('Send alerts to port units directly');
    await lesson.getByLabel('Remedial action (optional)').fill('Analyst accounts for port units');
    await lesson.getByLabel('Owner of the remedial action').selectOption('ID');
    await lesson.getByLabel('Due date of the remedial action').fill('2027-06-30');
    await lesson.getByRole('button', { name: 'Submit the lesson' }).click();
    await id.page.locator('[data-column=action] article', { hasText: 'Analyst accounts for port units' }).getByText('Jun 30, 2027').waitFor();

    // The lead's console totals both participants, per country and overall, numbers through Intl (en-GB).
    await expect
      .poll(async () => {
        await au.page.reload();
        return au.page.locator('tr[data-category=arrests] td.total').textContent({ timeout: 2_000 }).catch(() => '');
      }, { timeout: 30_000 })
      .toBe('7');
    expect(await au.page.locator('table.outcome-totals thead th').allTextContents()).toEqual(['Category', 'AU', 'ID', 'Overall']);
    expect(await au.page.locator('tr[data-category=arrests] td').allTextContents()).toEqual(['4', '3', '7']);
    expect(await au.page.locator('tr[data-category=smuggled-migrants-assisted] td').allTextContents()).toEqual(['0', '1,200', '1,200']);
    await au.page.locator('.outcome-chart canvas[role=img]').waitFor();
    await reloadUntil(au.page, '[data-column=action] article');

    const csv = await downloaded(au.page, 'Download the outcome counts (CSV)');
    expect(csv.name).toBe('andaman-sea-outcomes.csv');
    const [header, ...rows] = csv.text.trim().split('\n').map((line) => line.split(','));
    const column = (category: string) => header!.indexOf(category);
    const total = rows.find((row) => row[1] === 'total')!;
    expect([total[column('arrests')], total[column('smuggled-migrants-assisted')], total[column('vessels-intercepted')]]).toEqual(['7', '1200', '1']);
    expect(rows.filter((row) => row[1] === 'country').map((row) => [row[3], row[column('arrests')]])).toEqual([['AU', '4'], ['ID', '3']]);
    const markdown = await downloaded(au.page, 'Download the report (Markdown)');
    expect(markdown.text).toContain('# Lessons-learned report: Andaman Sea');
    expect(markdown.text).toContain('Send alerts to port units directly');
    expect(await au.page.locator('.report-preview').textContent()).toContain('Lessons-learned report: Andaman Sea');

    expect(await seriousViolations(au.page)).toEqual([]);
    await screenshot(au.page, 'debrief-AU');
    await screenshot(id.page, 'debrief-ID');
    for (const p of people) expect(p.errors).toEqual([]);
  });

  it('the tasks board marks an overdue request at both agencies, and the agency asked accepts a request in place', async () => {
    const au = await admin('AU', '/tasks');
    const overdueCard = `[data-column=requested] article.overdue[data-request="${overdueRequest}"]`;
    await reloadUntil(au.page, overdueCard);
    await expect(au.page.locator(overdueCard).getByText('Overdue').isVisible()).resolves.toBe(true);
    await expect(au.page.locator(`article[data-request="${laterRequest}"]`).getByText('Overdue').count()).resolves.toBe(0);
    // The requester may not answer its own request.
    await expect(au.page.locator(`article[data-request="${laterRequest}"] button`).count()).resolves.toBe(0);
    expect(await seriousViolations(au.page)).toEqual([]);
    await screenshot(au.page, 'tasks-AU');

    const id = await admin('ID', '/tasks');
    await reloadUntil(id.page, overdueCard);
    await id.page.locator(`article[data-request="${laterRequest}"]`).getByRole('button', { name: 'Accept' }).click();
    await id.page.locator(`[data-column=accepted] article[data-request="${laterRequest}"]`).waitFor();
    await screenshot(id.page, 'tasks-ID');
    for (const p of people) expect(p.errors).toEqual([]);
  });

  it('shows a viewer both views in Thai with no button but the downloads, and no missing message', async () => {
    const credentials = await federation.addPerson('ID', 'vera', ['viewer']);
    const viewer = await person('ID', `/debrief?op=${operationId}`, credentials, 'th');
    await viewer.page.locator('table.outcome-totals').waitFor();
    await viewer.page.waitForLoadState('networkidle');
    // Every member may read and download the report; nothing else.
    expect(await viewer.page.locator('main button').allTextContents()).toEqual(['ดาวน์โหลดรายงาน (Markdown)', 'ดาวน์โหลดจำนวนผลลัพธ์ (CSV)', 'ดาวน์โหลดรายงาน (JSON)']);
    await screenshot(viewer.page, 'debrief-ID-th-viewer');
    await viewer.page.goto(`${consoles.ID}/tasks`);
    await viewer.page.locator('main h1').waitFor();
    await viewer.page.waitForLoadState('networkidle');
    expect(await viewer.page.locator('main button').count()).toBe(0);
    expect(viewer.errors).toEqual([]);
  });
});
