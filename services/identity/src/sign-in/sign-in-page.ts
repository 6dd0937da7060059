/** The HTML of the provider's own pages (sign in, sign out) in the person's language: plain forms, no script. */
import type { Locale } from './messages.js';
import type { Translate } from './locale.js';

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (text: string) => text.replace(/[&<>"']/g, (c) => escapes[c]!);

const style = 'body{font-family:system-ui,sans-serif;max-width:26rem;margin:3rem auto;padding:0 1rem;color:#1b1b1b}label{display:block;margin-top:1rem}input{display:block;width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box}button{margin-top:1.5rem;padding:.6rem 1.2rem;font-size:1rem}:focus-visible{outline:3px solid #1a5fb4;outline-offset:2px}[role=alert]{color:#a51d2d;font-weight:600}';

/** Pages never run script nor load anything; forms post back to this provider only. */
export const pageSecurityHeaders = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
} as const;

function page(locale: Locale, title: string, body: string): string {
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)}</title><style>${style}</style></head><body><main>${body}</main></body></html>`;
}

export interface SignInForm {
  readonly locale: Locale;
  readonly t: Translate;
  readonly agency: string;
  readonly action: string;
  readonly username?: string;
  readonly error?: string;
}

export function signInPage(form: SignInForm): string {
  const { t, agency } = form;
  const title = t('title', { agency });
  return page(
    form.locale,
    title,
    `<h1>${escape(title)}</h1><p>${escape(t('intro', { agency }))}</p>` +
      (form.error ? `<p role="alert">${escape(form.error)}</p>` : '') +
      `<form method="post" action="${escape(form.action)}">` +
      `<label for="username">${escape(t('username'))}</label><input id="username" name="username" autocomplete="username" required maxlength="64" value="${escape(form.username ?? '')}"${form.username ? '' : ' autofocus'}>` +
      `<label for="password">${escape(t('password'))}</label><input id="password" name="password" type="password" autocomplete="current-password" required maxlength="1024"${form.username ? ' autofocus' : ''}>` +
      `<label for="totp">${escape(t('totp'))}</label><input id="totp" name="totp" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6">` +
      `<button type="submit">${escape(t('submit'))}</button></form>`,
  );
}

export function messagePage(locale: Locale, title: string, message: string): string {
  return page(locale, title, `<h1>${escape(title)}</h1><p role="alert">${escape(message)}</p>`);
}

/** oidc-provider's sign-out confirmation, given its hidden-field form, in the person's language. */
export function signOutPage(locale: Locale, t: Translate, agency: string, providerForm: string): string {
  const title = t('logoutTitle', { agency });
  const form = providerForm.replace('</form>', `<button type="submit" form="op.logoutForm" name="logout" value="yes">${escape(t('logoutConfirm'))}</button></form>`);
  return page(locale, title, `<h1>${escape(title)}</h1>${form}`);
}
