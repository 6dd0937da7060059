import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { Code, ConnectError } from '@connectrpc/connect';
import { URI, type TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResponseKind } from '@concord/contracts/planning';
import { callUnary } from '@concord/service-kit';
import { TestFederation, waitFor, type Credentials } from '@concord/testkit';
import { AccessService, PlanningService } from '@concord/web-contracts';
import { placeholderWebApp, signInFormOf, signInThroughConsole, TestBrowser } from './console-helpers.js';

const period = { start: timestampFromDate(new Date('2027-03-01T00:00:00Z')), end: timestampFromDate(new Date('2027-04-01T00:00:00Z')) };

describe('the web console of an agency', () => {
  let scratch: string;
  let federation: TestFederation;
  let consoleUrl: string;
  let admin: Credentials;
  const browsers: TestBrowser[] = [];
  const browser = () => {
    const made = new TestBrowser(federation.ca('AU'));
    browsers.push(made);
    return made;
  };
  const signedIn = async (credentials: { username: string; password: string; totp?: string }) => {
    const b = browser();
    const { page } = await signInThroughConsole(b, consoleUrl, credentials);
    expect(page.status).toBe(200);
    return b;
  };

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'concord-console-'));
    federation = await TestFederation.start({ agencies: ['AU', 'ID'], webDir: await placeholderWebApp(scratch) });
    consoleUrl = await federation.startConsole('AU');
    admin = await federation.adminCredentials('AU');
  }, 60_000);

  afterAll(async () => {
    await Promise.all(browsers.map((b) => b.close()));
    await federation?.stop();
    await rm(scratch, { recursive: true, force: true });
  }, 30_000);

  it('signs a person in with the authorization code and PKCE at the agency provider, on a page in their language, and back to where they were', async () => {
    const b = browser();
    expect((await b.request(`${consoleUrl}/auth/session`)).status).toBe(401);

    const seen: string[] = [];
    const loginPage = await b.follow(`${consoleUrl}/auth/login?return=${encodeURIComponent('/timeline?op=1')}&ui_locales=th`, {}, seen);
    const authorize = new URL(seen[1]!);
    expect(authorize.origin).toBe(federation.prepared.endpoints.agencies.AU!.issuer);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({ client_id: 'concord-console', response_type: 'code', code_challenge_method: 'S256', resource: 'concord:AU', ui_locales: 'th' });
    expect(loginPage.body).toContain('<html lang="th">');
    expect(loginPage.body).toContain('<label for="password">รหัสผ่าน</label>');

    const { action } = signInFormOf(loginPage.body);
    const refused = await b.request(new URL(action, loginPage.url).href, { form: { username: admin.username, password: 'not-the-password' } });
    expect(refused.status).toBe(401);
    expect(refused.body).toContain('ลงชื่อเข้าใช้ไม่สำเร็จ');
    expect(refused.body).toContain(`value="${admin.username}"`);

    const after: string[] = [];
    const landed = await b.follow(new URL(action, loginPage.url).href, { form: { username: admin.username, password: admin.password } }, after);
    expect(after.some((u) => u.startsWith(`${consoleUrl}/auth/callback?`))).toBe(true);
    expect(after.at(-1)).toBe(`${consoleUrl}/timeline?op=1`);
    expect(landed).toMatchObject({ status: 200, body: expect.stringContaining('console placeholder') });

    const session = await b.request(`${consoleUrl}/auth/session`);
    expect(session.status).toBe(200);
    expect(JSON.parse(session.body)).toEqual({
      username: 'admin',
      name: expect.any(String),
      roles: expect.arrayContaining(['admin', 'supervisor', 'debrief']),
      agency: 'AU',
      agencies: [
        { id: 'AU', name: expect.any(String), role: 'participant', timeZone: 'Australia/Sydney' },
        { id: 'ID', name: expect.any(String), role: 'participant', timeZone: 'Asia/Jakarta' },
      ],
    });
  });

  it('keeps the session in a __Host- cookie that is Secure, HttpOnly and SameSite=Strict, holding no token', async () => {
    const b = browser();
    const seen: string[] = [];
    const loginPage = await b.follow(`${consoleUrl}/auth/login`, {}, seen);
    const callback = await b.request(new URL(signInFormOf(loginPage.body).action, loginPage.url).href, { form: { username: admin.username, password: admin.password } });
    // Follow the provider's redirects up to the console's callback, and look at what it sets.
    let answer = callback;
    while (!answer.url.startsWith(`${consoleUrl}/auth/callback`)) answer = await b.request(new URL(answer.headers.get('location')!, answer.url).href);
    const cookie = answer.headers.getSetCookie().find((c) => c.startsWith('__Host-concord-session='));
    expect(cookie).toMatch(/^__Host-concord-session=[A-Za-z0-9_-]{43}; Path=\/; Secure; HttpOnly; SameSite=Strict$/);
    expect(answer.headers.get('location')).toBe('/');
  });

  it('forwards Connect calls, unary and streaming, to the agency services as the signed-in person', async () => {
    const b = await signedIn(admin);
    const planning = b.client(consoleUrl, PlanningService);
    const created = await planning.createOperation({ name: 'Coral Tide', participants: ['ID'], period });
    expect(created.operation?.participants).toEqual(['AU', 'ID']);
    const listed = await planning.listOperations({});
    expect(listed.operations.map((o) => o.id)).toContain(created.operation!.id);

    const controller = new AbortController();
    const stream = planning.watchTimeline({ operationId: created.operation!.id }, { signal: controller.signal });
    for await (const answer of stream) {
      expect(answer.entry?.operationId).toBe(created.operation!.id);
      break;
    }
    controller.abort();
    // The services' audit names the person, not the console.
    expect((await b.client(consoleUrl, AccessService).whoAmI({})).roles).toContain('admin');
  });

  it("answers a refused field with the service's code, message and concord-field, as the web app shows them", async () => {
    const planning = (await signedIn(admin)).client(consoleUrl, PlanningService);
    const refused = await planning.createOperation({ name: 'X', participants: ['NZ'], period }).catch((error: unknown) => ConnectError.from(error));
    expect(refused).toBeInstanceOf(ConnectError);
    expect((refused as ConnectError).code).toBe(Code.InvalidArgument);
    expect((refused as ConnectError).rawMessage).toContain('participants[0]');
    expect((refused as ConnectError).metadata.get('concord-field')).toContain('participants[0]');
  });

  it("lets the gRPC guard refuse a viewer's write made through the console, while the viewer reads", async () => {
    const viewer = await federation.addPerson('AU', 'vera', ['viewer']);
    const planning = (await signedIn(viewer)).client(consoleUrl, PlanningService);
    await expect(planning.listOperations({})).resolves.toBeDefined();
    const forged = await planning.createOperation({ name: 'Forged', participants: ['ID'], period }).catch((error: unknown) => ConnectError.from(error));
    expect((forged as ConnectError).code).toBe(Code.PermissionDenied);
  });

  it('asks a person with a second factor for the current TOTP code', async () => {
    const person = await federation.addPerson('AU', 'tomo', ['planner'], { withTotp: true });
    const totp = URI.parse(person.totpUri!) as TOTP;
    const without = await signInThroughConsole(browser(), consoleUrl, person);
    expect(without.page.status).toBe(401);
    const b = await signedIn({ ...person, totp: totp.generate() });
    expect(JSON.parse((await b.request(`${consoleUrl}/auth/session`)).body)).toMatchObject({ username: 'tomo', roles: ['planner'] });
  });

  it('answers unauthenticated without a session, with a forged one, after sign-out and once its refresh is refused', async () => {
    const nobody = browser().client(consoleUrl, PlanningService);
    await expect(nobody.listOperations({})).rejects.toMatchObject({ code: Code.Unauthenticated });
    const forger = browser();
    const forgedCookie = { cookie: `__Host-concord-session=${'A'.repeat(43)}` };
    const forged = await forger.request(`${consoleUrl}/rpc/concord.v1.PlanningService/ListOperations`, { method: 'POST', body: '{}', headers: { ...forgedCookie, 'content-type': 'application/json' } });
    expect(forged.status).toBe(401);
    expect(JSON.parse(forged.body)).toMatchObject({ code: 'unauthenticated' });

    const leaving = await signedIn(admin);
    const out = await leaving.request(`${consoleUrl}/auth/logout`, { method: 'POST', headers: { 'accept-language': 'id-ID,id;q=0.9' } });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toMatch(new RegExp(`^${federation.prepared.endpoints.agencies.AU!.issuer}/session/end\\?`));
    await expect(leaving.client(consoleUrl, PlanningService).listOperations({})).rejects.toMatchObject({ code: Code.Unauthenticated });
    // The provider asks, in the person's language, and ends its own session too: the next sign-in needs the password.
    const confirm = await leaving.request(out.headers.get('location')!);
    expect(confirm.body).toContain('<html lang="id">');
    const form = /<form id="op.logoutForm" method="post" action="([^"]+)"><input type="hidden" name="xsrf" value="([^"]+)"\/>/.exec(confirm.body)!;
    expect(form).not.toBeNull();
    const back = await leaving.follow(form[1]!, { form: { xsrf: form[2]!, logout: 'yes' } });
    expect(back.url).toBe(`${consoleUrl}/`);
    const again = await leaving.follow(`${consoleUrl}/auth/login`);
    expect(again.body).toContain('<form method="post" action="/interaction/');

    // An access token about to expire is refreshed server-side; a refused refresh ends the session.
    const refreshed = await signedIn(admin);
    const session = federation.console('AU').sessions.get(refreshed.cookie(consoleUrl, '__Host-concord-session'))!;
    const before = session.accessToken;
    session.accessExpiresAt = Date.now();
    await refreshed.client(consoleUrl, PlanningService).listOperations({});
    expect(session.accessToken).not.toBe(before);
    session.refreshToken = 'revoked-or-forged';
    session.accessExpiresAt = Date.now();
    await expect(refreshed.client(consoleUrl, PlanningService).listOperations({})).rejects.toMatchObject({ code: Code.Unauthenticated });
    expect((await refreshed.request(`${consoleUrl}/auth/session`)).status).toBe(401);
  });

  it('refuses a sign-in that returns elsewhere, a callback this browser did not begin, and a bad language tag', async () => {
    const b = browser();
    for (const target of ['//evil.example/x', '/\\evil.example', 'https://evil.example/']) {
      expect((await b.request(`${consoleUrl}/auth/login?return=${encodeURIComponent(target)}`)).status).toBe(400);
    }
    expect((await b.request(`${consoleUrl}/auth/login?ui_locales=${encodeURIComponent('<script>')}`)).status).toBe(400);
    const begun = await b.request(`${consoleUrl}/auth/login`);
    const state = new URL(begun.headers.get('location')!).searchParams.get('state')!;
    const other = browser();
    const planted = await other.request(`${consoleUrl}/auth/callback?code=stolen&state=${state}`);
    expect(planted.status).toBe(400);
  });

  it('serves the web app with its own routes falling back to index.html, assets cached, and a strict content policy', async () => {
    const b = browser();
    const deep = await b.request(`${consoleUrl}/operations/42`);
    expect(deep).toMatchObject({ status: 200, body: expect.stringContaining('console placeholder') });
    expect(deep.headers.get('content-security-policy')).toContain("default-src 'self'");
    // Signing out posts to the console, which redirects to the provider: the policy must let that form end there.
    expect(deep.headers.get('content-security-policy')).toContain(`form-action 'self' ${federation.prepared.endpoints.agencies.AU!.issuer}`);
    expect(deep.headers.get('cache-control')).toBe('no-cache');
    const asset = await b.request(`${consoleUrl}/assets/app-1234.js`);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await b.request(`${consoleUrl}/operations`, { method: 'POST' })).status).toBe(405);
  });

  it("reads the agency's link health per peer from its metrics endpoint for a signed-in person, without handing out the scrape token", async () => {
    expect((await browser().request(`${consoleUrl}/console/links`)).status).toBe(401);
    const b = await signedIn(admin);
    const answer = await b.request(`${consoleUrl}/console/links`);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({
      agency: 'AU',
      peers: [expect.objectContaining({ peer: 'ID', connected: expect.any(Boolean), pending: expect.any(Number), refusalsLastHour: expect.any(Number) })],
      services: { planning: 'SERVING', tasking: 'SERVING', intel: 'SERVING', debrief: 'SERVING', identity: 'SERVING' },
    });
    const token = (await readFile(federation.prepared.endpoints.agencies.AU!.metricsToken!, 'utf8')).trim();
    expect(answer.body).not.toContain(token);
  });

  it('serves the whole of a web app rebuilt while it runs, not a page cut to the old size', async () => {
    const b = browser();
    const webDir = federation.prepared.consoles.AU!.webDir;
    expect((await b.request(`${consoleUrl}/`)).body).toContain('console placeholder');
    const rebuilt = `<!doctype html><title>console placeholder, rebuilt</title><div id="root"></div><script src="/assets/app-5678.js"></script>${'<!-- padding -->'.repeat(200)}\n`;
    await writeFile(join(webDir, 'index.html'), rebuilt);
    await writeFile(join(webDir, 'assets', 'app-5678.js'), 'console.log("rebuilt");\n');
    for (const path of ['/', '/timeline']) expect((await b.request(`${consoleUrl}${path}`)).body).toBe(rebuilt);
    expect((await b.request(`${consoleUrl}/assets/app-5678.js`)).body).toBe('console.log("rebuilt");\n');
  });

  it("answers its own error pages in the language the browser asked for, English when it speaks none of the console's", async () => {
    const b = browser();
    const page = async (path: string, acceptLanguage: string | undefined, method = 'GET') => {
      const answer = await b.request(`${consoleUrl}${path}`, { method, headers: acceptLanguage ? { 'accept-language': acceptLanguage } : {} });
      return { status: answer.status, language: answer.headers.get('content-language'), body: answer.body };
    };
    expect(await page('/auth/callback?state=nope', 'th-TH,th;q=0.9,en;q=0.8')).toEqual({ status: 400, language: 'th', body: expect.stringContaining('การลงชื่อเข้าใช้นี้ไม่ได้เริ่มที่นี่') });
    expect(await page('/auth/elsewhere', 'fr-FR, id;q=0.5, en;q=0.4')).toEqual({ status: 404, language: 'id', body: expect.stringContaining('Tidak ada halaman GET /auth/elsewhere') });
    expect(await page('/operations', 'en;q=0.2, id-ID;q=0.9', 'DELETE')).toMatchObject({ status: 405, language: 'id', body: expect.stringContaining('hanya menjawab GET dan HEAD') });
    expect(await page(`/auth/login?return=${encodeURIComponent('//evil')}`, 'de')).toMatchObject({ status: 400, language: 'en', body: expect.stringContaining('This sign-in request is not valid (return must be a path on this console)') });
    expect(await page('/auth/callback?state=nope', undefined)).toMatchObject({ language: 'en', body: expect.stringContaining('was not begun here') });
  });

  it('shows live timeline entries from another agency through the stream', async () => {
    const b = await signedIn(admin);
    const planning = b.client(consoleUrl, PlanningService);
    const created = await planning.createOperation({ name: 'Live Wire', participants: ['ID'], period });
    const id = created.operation!.id;
    const seen: string[] = [];
    const controller = new AbortController();
    const reading = (async () => {
      for await (const answer of planning.watchTimeline({ operationId: id }, { signal: controller.signal })) seen.push(answer.entry!.originAgency);
    })().catch(() => undefined);
    const idPlanning = federation.planningClient('ID');
    await waitFor(() => callUnary(idPlanning, 'respondToOperation', { operationId: id, version: 1, response: ResponseKind.RESPONSE_KIND_ACCEPTED, reason: '', counterPeriod: undefined }), 10_000);
    idPlanning.close();
    await waitFor(() => expect(seen).toContain('ID'), 10_000);
    controller.abort();
    await reading;
  });
});
