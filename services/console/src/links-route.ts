/**
 * `GET /console/links`: the agency's federation links per peer, read by the console server from the
 * agency's metrics endpoint with its scrape token, for a signed-in person. The browser sees the link
 * health, never the token.
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fetchJson } from '@concord/access';
import { Code, ConcordError } from '@concord/errors';
import { linkHealthSchema } from '@concord/metrics/link-health';
import type { Logger } from '@concord/service-kit';
import type { ConsoleConfig } from './console-config.js';
import { requestCookie, sessionCookie } from './cookies.js';
import { json, refuseSession } from './json-response.js';
import type { SessionTokens } from './session-tokens.js';

export const linksPath = '/console/links';

export function linksRoute(options: { readonly metrics: ConsoleConfig['metrics']; readonly ca: string; readonly tokens: SessionTokens; readonly log: Logger }) {
  const { metrics, log } = options;
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      await options.tokens(requestCookie(req, sessionCookie));
    } catch (error) {
      return refuseSession(res, error);
    }
    if (!metrics) return json(res, 503, { code: 'unavailable', message: 'this console was not told where the agency metrics endpoint is' });
    try {
      const token = (await readFile(metrics.tokenFile, 'utf8')).trim();
      const { status, body } = await fetchJson(`${metrics.url}/links`, { ca: options.ca, bearer: token, timeoutMs: 3_000 });
      if (status !== 200) throw new ConcordError(Code.Unavailable, `the metrics endpoint answered ${status}`);
      const parsed = linkHealthSchema.safeParse(body);
      if (!parsed.success) throw new ConcordError(Code.Unavailable, 'the metrics endpoint answered something else than link health');
      json(res, 200, parsed.data);
    } catch (error) {
      const failure = ConcordError.from(error);
      log.warn({ reason: failure.message }, 'console could not read link health');
      json(res, 503, { code: 'unavailable', message: `link health is unavailable: ${failure.message}` });
    }
  };
}
