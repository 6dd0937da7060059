/**
 * Serves the built web app (sirv): hashed assets cached for good, index.html for every other path so
 * the app's own routes (/operations, /timeline ...) load on a reload. Without a build, a 503 in the
 * browser's language says how to make one.
 */
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import sirv from 'sirv';
import { errorPage } from './server-language.js';

/**
 * The app loads only its own files and calls only this console; its sign-out form may end at the
 * provider (browsers apply form-action to the redirect that follows the post too).
 */
export const appSecurityHeaders = (issuer: string) =>
  ({
    'content-security-policy': `default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self' ${new URL(issuer).origin}`,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'strict-transport-security': 'max-age=31536000',
  }) as const;

export type WebApp = (req: IncomingMessage, res: ServerResponse) => void;

export function webApp(webDir: string): WebApp {
  // `dev` makes sirv stat each file when asked rather than list the folder once at start: a list taken
  // before a rebuild kept the old sizes, so a rebuilt index.html came out truncated.
  const serve = sirv(webDir, {
    single: true,
    dev: true,
    etag: true,
    setHeaders: (res, pathname) => res.setHeader('cache-control', pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache'),
  });
  const index = join(webDir, 'index.html');
  return (req, res) => {
    // Looked for on every request, so a console started before the first build serves it once built.
    if (!existsSync(index)) return errorPage(req, res, 503, 'notBuilt', { path: index });
    serve(req, res, () => {
      res.writeHead(404).end();
    });
  };
}
