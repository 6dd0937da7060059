/**
 * Serves the built web app (sirv): hashed assets cached for good, index.html for every other path so
 * the app's own routes (/operations, /timeline ...) load on a reload. Without a build, a plain 503
 * says how to make one.
 */
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import sirv from 'sirv';

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
  if (!existsSync(join(webDir, 'index.html'))) {
    return (_req, res) => {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end(`The console's web app is not built (no ${join(webDir, 'index.html')}): run npm run build -w @concord/console, or npm start, which builds it.\n`);
    };
  }
  const serve = sirv(webDir, {
    single: true,
    dev: false,
    etag: true,
    setHeaders: (res, pathname) => res.setHeader('cache-control', pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache'),
  });
  return (req, res) =>
    serve(req, res, () => {
      res.writeHead(404).end();
    });
}
