/** The console's cookies: a `__Host-` name (HTTPS, this host only, path /), HttpOnly, never readable by script. */
import type { IncomingMessage } from 'node:http';

export const sessionCookie = '__Host-concord-session';
/** Binds a sign-in in progress to the browser that began it; Lax, as the provider redirects back to us. */
export const signInCookie = '__Host-concord-sign-in';

export function cookieOf(header: string | null | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';').slice(0, 50)) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

export const requestCookie = (req: IncomingMessage, name: string) => cookieOf(req.headers.cookie, name);

export function setCookie(name: string, value: string, options: { sameSite: 'Strict' | 'Lax'; maxAgeSeconds?: number }): string {
  const age = options.maxAgeSeconds === undefined ? '' : `; Max-Age=${options.maxAgeSeconds}`;
  return `${name}=${value}; Path=/; Secure; HttpOnly; SameSite=${options.sameSite}${age}`;
}

export const clearCookie = (name: string) => `${name}=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0`;
