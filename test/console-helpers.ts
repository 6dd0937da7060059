/**
 * A small stand-in for a browser in Node tests of the console: HTTPS trusting one agency's CA,
 * redirects followed by hand, cookies kept per host and path as a browser keeps them (Secure,
 * HttpOnly and SameSite do not matter to it), and a Connect client that sends the same cookies.
 */
import { writeFile, mkdir } from 'node:fs/promises';
import { Agent as HttpsAgent } from 'node:https';
import { join } from 'node:path';
import { createClient, type Client, type Transport } from '@connectrpc/connect';
import { createConnectTransport } from '@connectrpc/connect-node';
import type { DescService } from '@bufbuild/protobuf';
import { Agent, fetch } from 'undici';

interface StoredCookie {
  readonly value: string;
  readonly path: string;
}

export interface Answer {
  readonly status: number;
  readonly url: string;
  readonly headers: Headers;
  readonly body: string;
}

export class TestBrowser {
  readonly #jar = new Map<string, Map<string, StoredCookie>>();
  readonly #agent: Agent;
  /** Connect's Node transport keeps its connections here, as a browser keeps its own. */
  readonly #connectAgent: HttpsAgent;

  constructor(readonly ca: string) {
    this.#agent = new Agent({ connect: { ca } });
    this.#connectAgent = new HttpsAgent({ ca, keepAlive: true });
  }

  cookie(url: string, name: string): string | undefined {
    return this.#jar.get(new URL(url).host)?.get(name)?.value;
  }

  cookieHeader(url: string): string {
    const target = new URL(url);
    const cookies = [...(this.#jar.get(target.host) ?? new Map<string, StoredCookie>())].filter(([, c]) => target.pathname.startsWith(c.path));
    return cookies.map(([name, c]) => `${name}=${c.value}`).join('; ');
  }

  #keep(url: string, headers: Headers): void {
    const host = new URL(url).host;
    const jar = this.#jar.get(host) ?? new Map<string, StoredCookie>();
    this.#jar.set(host, jar);
    for (const line of headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const path = attributes.map((a) => a.trim()).find((a) => a.toLowerCase().startsWith('path='))?.slice(5) ?? '/';
      const gone = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || /expires=thu, 01 jan 1970/i.test(line);
      if (gone || value === '') jar.delete(name);
      else jar.set(name, { value, path });
    }
  }

  /** One request, no redirect followed. */
  async request(url: string, init: { method?: string; form?: Record<string, string>; body?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
    const body = init.form ? new URLSearchParams(init.form).toString() : init.body;
    const response = await fetch(url, {
      method: init.method ?? (body ? 'POST' : 'GET'),
      redirect: 'manual',
      dispatcher: this.#agent,
      headers: { cookie: this.cookieHeader(url), ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...init.headers },
      ...(body ? { body } : {}),
    });
    this.#keep(url, response.headers);
    return { status: response.status, url, headers: response.headers as unknown as Headers, body: await response.text() };
  }

  /** Follows redirects (as GETs) until a page answers; `seen` lists every URL visited. */
  async follow(url: string, init: Parameters<TestBrowser['request']>[1] = {}, seen: string[] = []): Promise<Answer> {
    let answer = await this.request(url, init);
    seen.push(url);
    while ([302, 303].includes(answer.status)) {
      const next = new URL(answer.headers.get('location')!, answer.url).href;
      seen.push(next);
      answer = await this.request(next);
    }
    return answer;
  }

  /** A Connect client of the console's gateway that sends this browser's cookies. */
  client<S extends DescService>(consoleUrl: string, service: S): Client<S> {
    const transport: Transport = createConnectTransport({
      baseUrl: new URL('/rpc', consoleUrl).href,
      httpVersion: '1.1',
      nodeOptions: { agent: this.#connectAgent },
      interceptors: [
        (next) => (request) => {
          const cookies = this.cookieHeader(new URL('/rpc/', consoleUrl).href);
          if (cookies) request.header.set('cookie', cookies);
          return next(request);
        },
      ],
    });
    return createClient(service, transport);
  }

  close(): Promise<void> {
    this.#connectAgent.destroy();
    return this.#agent.close();
  }
}

/** The form fields of the provider's sign-in page and where it posts them. */
export function signInFormOf(page: string): { action: string } {
  const action = /<form method="post" action="([^"]+)">/.exec(page)?.[1];
  if (!action) throw new Error(`no sign-in form in: ${page.slice(0, 300)}`);
  return { action: action.replace(/&amp;/g, '&') };
}

/** Signs in at a console through its agency's provider, as a browser would; answers the final page. */
export async function signInThroughConsole(browser: TestBrowser, consoleUrl: string, credentials: { username: string; password: string; totp?: string }, returnTo = '/'): Promise<{ page: Answer; seen: string[] }> {
  const seen: string[] = [];
  const loginPage = await browser.follow(`${consoleUrl}/auth/login?return=${encodeURIComponent(returnTo)}`, {}, seen);
  const { action } = signInFormOf(loginPage.body);
  const page = await browser.follow(new URL(action, loginPage.url).href, { form: { username: credentials.username, password: credentials.password, totp: credentials.totp ?? '' } }, seen);
  return { page, seen };
}

/** A stand-in for the built web app, for server tests only: an index.html and one hashed asset. */
export async function placeholderWebApp(dir: string): Promise<string> {
  const webDir = join(dir, 'web-dist');
  await mkdir(join(webDir, 'assets'), { recursive: true });
  await writeFile(join(webDir, 'index.html'), '<!doctype html><title>console placeholder</title><div id="root"></div>\n');
  await writeFile(join(webDir, 'assets', 'app-1234.js'), 'console.log("placeholder");\n');
  return webDir;
}
