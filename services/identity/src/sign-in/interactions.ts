/**
 * The provider's sign-in interaction for the console (authorization code + PKCE): GET
 * /interaction/<uid> shows the form in the language the console asked for (`ui_locales`); POST
 * checks the agency's user store (password and TOTP, the same check as the CLI's password grant) and
 * hands the person back to the provider, which redirects to the console with a code. Consent is
 * never asked: the console is the agency's own client (see `loadExistingGrant` in oidc-issuer.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import { z } from 'zod';
import { ConcordError } from '@concord/errors';
import type { Logger } from '@concord/service-kit';
import type { UserStore } from '../user-store.js';
import { pickLocale, translator } from './locale.js';
import { messagePage, pageSecurityHeaders, signInPage } from './sign-in-page.js';

export const interactionPath = '/interaction/';
const uidSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const formSchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(1024),
  totp: z.union([z.literal(''), z.string().regex(/^\d{6}$/)]).optional(),
});
const maxFormBytes = 8 * 1024;

export interface InteractionOptions {
  readonly agency: string;
  readonly users: UserStore;
  readonly log: Logger;
}

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...pageSecurityHeaders });
  res.end(html);
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams | undefined> {
  if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return undefined;
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxFormBytes) return undefined;
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** Serves /interaction/<uid>; `provider()` is the provider serving now (it changes on key rotation). */
export function interactionHandler(provider: () => Provider, options: InteractionOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const uid = uidSchema.safeParse((req.url ?? '').slice(interactionPath.length).split(/[/?]/)[0]);
    let details;
    try {
      if (!uid.success) throw new Error('malformed interaction id');
      details = await provider().interactionDetails(req, res);
    } catch {
      // No interaction cookie for it, or it has expired: nothing to resume.
      const t = translator('en');
      return send(res, 400, messagePage('en', t('title', { agency: options.agency }), t('expired')));
    }
    options.log.debug({ prompt: details.prompt.name, reasons: details.prompt.reasons }, 'sign-in interaction');
    const locale = pickLocale(details.params.ui_locales);
    const t = translator(locale);
    const action = `${interactionPath}${details.uid}`;
    if (req.method === 'GET') return send(res, 200, signInPage({ locale, t, agency: options.agency, action }));
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'GET, POST' }).end();
      return;
    }
    const raw = await readForm(req);
    const form = formSchema.safeParse(raw ? Object.fromEntries(raw) : undefined);
    const username = form.success ? form.data.username : (raw?.get('username') ?? '').slice(0, 64);
    if (!form.success) return send(res, 400, signInPage({ locale, t, agency: options.agency, action, username, error: t('refused') }));
    let user;
    try {
      user = await options.users.authenticate(form.data.username, form.data.password, form.data.totp || undefined);
    } catch (error) {
      options.log.info({ username, reason: ConcordError.from(error).message }, 'console sign-in refused');
      return send(res, 401, signInPage({ locale, t, agency: options.agency, action, username, error: t('refused') }));
    }
    options.log.info({ user: user.subject }, 'signed in to the console');
    await provider().interactionFinished(req, res, { login: { accountId: user.subject } }, { mergeWithLastSubmission: false });
  };
}
