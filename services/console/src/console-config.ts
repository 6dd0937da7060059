/**
 * Configuration of one agency's console (`<agency dir>/console.json`, written by the launcher from
 * the manifest and the port plan), validated at start-up: where it listens, its public URL, the
 * agency's issuer and gRPC services, the TLS material, and the web app's folder.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ConcordError, violationsOf } from '@concord/errors';
import { agencyIdSchema } from '@concord/manifest';
import { logLevels } from '@concord/service-kit';

const isConsolePackage = (dir: string) => existsSync(join(dir, 'package.json')) && (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }).name === '@concord/console';

/**
 * This package's folder, found by walking up from this module: the same code runs from its sources
 * (services/console/src) and bundled into the repository's dist/.
 */
function consolePackageDir(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    for (const candidate of [dir, join(dir, 'services', 'console')]) if (isConsolePackage(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`no @concord/console package above ${start}`);
  }
}

/** Where `npm run build -w @concord/console` puts the web app. */
export const defaultWebDir = join(consolePackageDir(dirname(fileURLToPath(import.meta.url))), 'web', 'dist');

const hostPort = z.string().regex(/^[A-Za-z0-9.-]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/, 'must be host:port');

export const consoleConfigSchema = z.strictObject({
  agency: agencyIdSchema,
  /** The trusted manifest: the agencies and their time zones the console lists. */
  manifest: z.string().min(1),
  listen: hostPort,
  /** The URL people open; the issuer redirects to <url>/auth/callback. */
  url: z.url({ protocol: /^https$/, error: 'must be the https:// URL people open' }),
  issuer: z.url({ protocol: /^https$/, error: "must be the https:// URL of the agency's OpenID Connect issuer" }),
  audience: z.string().min(1).max(200),
  /** PEM files: the agency's CA (trusted for its issuer and its gRPC services), the server certificate and key. */
  tlsCa: z.string().min(1),
  tlsCert: z.string().min(1),
  tlsKey: z.string().min(1),
  grpc: z.strictObject({ planning: hostPort, tasking: hostPort, intel: hostPort, debrief: hostPort, identity: hostPort }),
  /**
   * The agency's metrics endpoint (HTTPS) and the file holding its scrape token: the console reads
   * link health there for the federation view, and the token never leaves the console server.
   */
  metrics: z.strictObject({ url: z.url({ protocol: /^https$/, error: "must be the https:// URL of the agency's metrics endpoint" }), tokenFile: z.string().min(1) }).optional(),
  /** The built web app (index.html and its assets). */
  webDir: z.string().min(1),
  logLevel: z.enum(logLevels).default('info'),
});

export type ConsoleConfig = Readonly<z.infer<typeof consoleConfigSchema>>;

export async function loadConsoleConfig(path: string): Promise<ConsoleConfig> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw ConcordError.from(error);
  }
  const parsed = consoleConfigSchema.safeParse(json);
  if (!parsed.success) throw ConcordError.invalid(violationsOf(parsed.error), `${path} is not a console configuration`);
  return Object.freeze(parsed.data);
}
