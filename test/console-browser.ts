/**
 * Debian's Chromium driven by playwright-core for the console's browser tests: one browser per file,
 * a context per person (its own cookies and storage), sign-in through the agency's real provider page,
 * every console error and page error kept so a test can demand there were none, and axe-core injected
 * to judge accessibility.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { TestFederation, type Credentials } from '@concord/testkit';

const repository = join(import.meta.dirname, '..');
const webRoot = join(repository, 'services', 'console', 'web');
export const artifactsDir = join(repository, 'test', 'artifacts');

function newestSource(dir: string): number {
  return Math.max(
    ...readdirSync(dir).map((name) => {
      const path = join(dir, name);
      const stat = statSync(path);
      return stat.isDirectory() ? newestSource(path) : stat.mtimeMs;
    }),
  );
}

/** Builds the web app when its build is missing or older than its sources, so a test never runs stale code. */
export async function ensureWebBuilt(): Promise<void> {
  const built = join(webRoot, 'dist', 'index.html');
  if (existsSync(built) && statSync(built).mtimeMs > Math.max(newestSource(join(webRoot, 'src')), statSync(join(webRoot, 'index.html')).mtimeMs)) return;
  const code = await new Promise<number | null>((resolve) => {
    // Production, whatever runs this: under vitest NODE_ENV is `test`, and Vite then bundles React's development build (1.7x the entry chunk).
    const child = spawn('npm', ['run', 'build', '-w', '@concord/console'], { cwd: repository, stdio: 'ignore', env: { ...process.env, NODE_ENV: 'production' } });
    child.once('exit', resolve);
    child.once('error', () => resolve(-1));
  });
  if (code !== 0) throw new Error(`building the console web app failed (exit ${code})`);
}

export async function launchBrowser(): Promise<Browser> {
  await mkdir(artifactsDir, { recursive: true });
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A script that stores the console's language choice before any page of the context loads. */
export function chooseLocale(locale: string): { content: string } {
  return { content: `localStorage.setItem('concord.locale', ${JSON.stringify(locale)});` };
}

export interface Person {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Console errors and page errors seen so far, missing messages among them. */
  readonly errors: string[];
}

/** A new context signed in at a console (through its provider's page) and left on `path`. */
export async function signIn(browser: Browser, consoleUrl: string, credentials: { readonly username: string; readonly password: string }, path = '/operations', locale?: string): Promise<Person> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  if (locale) await context.addInitScript(chooseLocale(locale));
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${consoleUrl}${path}`);
  await page.locator('#username').fill(credentials.username);
  await page.locator('#password').fill(credentials.password);
  await Promise.all([page.waitForURL(`${consoleUrl}${path}`), page.locator('button[type=submit]').first().click()]);
  await page.locator('main h1').waitFor();
  // What the provider's page and the first, refused session check logged is not the console's doing.
  errors.length = 0;
  return { context, page, errors };
}

const axeSource = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

/** The serious and critical axe-core violations on the page as it is now, by rule and element. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated rather than added as a script tag: the console's Content-Security-Policy forbids inline scripts.
  await page.evaluate(axeSource);
  // A string, so this Node-typed file needs no DOM types: it runs in the page.
  return page.evaluate<string[]>(`axe.run(document, { resultTypes: ['violations'] }).then((result) =>
    result.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => violation.id + ': ' + violation.nodes.map((node) => JSON.stringify(node.target)).join(', ')))`);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(artifactsDir, `${name}.png`), fullPage: true });
}

/**
 * One federation with a console per agency and one browser, for a browser test file: `person` signs
 * someone in (an agency's first admin by default) and `stop` closes every context, the browser and
 * the federation.
 */
export interface ConsoleFederation<A extends string> {
  readonly federation: TestFederation;
  readonly browser: Browser;
  readonly consoles: Readonly<Record<A, string>>;
  readonly admins: Readonly<Record<A, Credentials>>;
  person(agency: A, path?: string, options?: { readonly credentials?: Credentials | undefined; readonly locale?: string | undefined }): Promise<Person>;
  /** Everyone `person` signed in since the last `closePeople`, in order. */
  readonly people: readonly Person[];
  /** Closes the contexts of everyone `person` signed in so far, so their pages stop working in the background. */
  closePeople(): Promise<void>;
  stop(): Promise<void>;
}

/** The agencies of the one federation every view's browser tests share, each with its console. */
export const consoleAgencies = ['AU', 'ID', 'TH'] as const;
export type ConsoleAgency = (typeof consoleAgencies)[number];
/** How a view's tests reach that federation and browser, started once by the test file that runs them all. */
export type SharedConsoles = () => ConsoleFederation<ConsoleAgency>;

export async function startConsoleFederation<A extends string>(agencies: readonly A[]): Promise<ConsoleFederation<A>> {
  await ensureWebBuilt();
  const [federation, browser] = await Promise.all([TestFederation.start({ agencies: [...agencies] }), launchBrowser()]);
  const started = await Promise.all(agencies.map(async (agency) => [agency, await federation.startConsole(agency), await federation.adminCredentials(agency)] as const));
  const consoles = Object.fromEntries(started.map(([agency, url]) => [agency, url])) as Record<A, string>;
  const admins = Object.fromEntries(started.map(([agency, , credentials]) => [agency, credentials])) as Record<A, Credentials>;
  const people: Person[] = [];
  const closePeople = async () => {
    await Promise.allSettled(people.splice(0).map((p) => p.context.close()));
  };
  return {
    federation,
    browser,
    consoles,
    admins,
    people,
    async person(agency, path, options = {}) {
      const signedIn = await signIn(browser, consoles[agency], options.credentials ?? admins[agency], path, options.locale);
      people.push(signedIn);
      return signedIn;
    },
    closePeople,
    async stop() {
      await closePeople();
      await browser.close();
      await federation.stop();
    },
  };
}

/** The console session id a browser context holds (its `__Host-` cookie), to end that session server-side. */
export async function consoleSessionId(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((c) => c.name === '__Host-concord-session');
  if (!cookie) throw new Error('this context holds no console session');
  return cookie.value;
}

/** Every route the console's navigation lists (views.ts, whoever added them), as paths. */
export async function navigationRoutes(page: Page): Promise<string[]> {
  const links = page.locator('header nav a');
  await links.first().waitFor();
  return Promise.all((await links.all()).map(async (link) => (await link.getAttribute('href')) ?? ''));
}

/** Switches the console's language with the header's switch, as a person would; the choice is kept in the browser. */
export async function switchLanguage(page: Page, locale: string): Promise<void> {
  await page.locator('.preferences select').first().selectOption(locale);
  // The catalogue loads before the language applies. A selector, not waitForFunction: polling a function
  // evaluates a string in the page, which the console's Content-Security-Policy refuses.
  await page.locator(`html[lang="${locale}"]`).waitFor({ state: 'attached' });
}

/**
 * Opens a route inside the running app (history.pushState, which wouter follows), as its navigation
 * does: no reload, so a walk over many views does not load the app and its session again each time.
 */
export async function openRoute(page: Page, path: string): Promise<void> {
  const samePath = new URL(page.url()).pathname === new URL(path, page.url()).pathname;
  const previous = samePath ? null : await page.locator('main h1').elementHandle();
  await page.evaluate(`history.pushState(null, '', ${JSON.stringify(path)})`);
  // The shell remounts the view on every new path: wait for the old heading to go and a new one to come.
  if (previous) await previous.waitForElementState('hidden');
  await page.locator('main h1').waitFor();
}
